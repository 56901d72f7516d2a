"""ema(): against a plain loop, the closed form, and its options."""

import numpy as np
import pytest

from sim import ema


def loop_ema(signal, beta, v0=0.0):
    out, v = [], v0
    for s in signal:
        v = beta * v + (1 - beta) * s
        out.append(v)
    return np.array(out)


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9, 0.99])
def test_matches_plain_loop(beta):
    signal = np.random.default_rng(0).normal(size=200)
    np.testing.assert_allclose(ema(signal, beta), loop_ema(signal, beta), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(ema(signal, beta, v0=3.0), loop_ema(signal, beta, 3.0), rtol=1e-13, atol=1e-15)


def test_matches_weighted_sum():
    # v_n = (1 - beta) sum_k beta^(n-k) s_k, from v0 = 0.
    beta, signal = 0.8, np.random.default_rng(1).normal(size=30)
    n = np.arange(1, 31)
    weights = (1 - beta) * beta ** (n[:, None] - n[None, :]) * (n[None, :] <= n[:, None])
    np.testing.assert_allclose(ema(signal, beta), weights @ signal, rtol=1e-12, atol=1e-15)


def test_bias_correction_recovers_a_constant():
    out = ema(np.full(50, 2.5), 0.9, bias_correction=True)
    np.testing.assert_allclose(out, 2.5, rtol=1e-13)
    raw = ema(np.full(50, 2.5), 0.9)
    np.testing.assert_allclose(raw, 2.5 * (1 - 0.9 ** np.arange(1, 51)), rtol=1e-13)


def test_vectorised_over_other_axes():
    signal = np.random.default_rng(2).normal(size=(4, 60, 3))
    out = ema(signal, 0.7, axis=1)
    assert out.shape == signal.shape
    for i in range(4):
        for j in range(3):
            np.testing.assert_allclose(out[i, :, j], loop_ema(signal[i, :, j], 0.7), rtol=1e-13, atol=1e-15)
    np.testing.assert_array_equal(ema(signal, 0.7, axis=-2), out)


def test_per_signal_start_values():
    signal = np.zeros((5, 2))
    out = ema(signal, 0.5, v0=[1.0, -2.0])
    np.testing.assert_allclose(out[:, 0], 0.5 ** np.arange(1, 6))
    np.testing.assert_allclose(out[:, 1], -2.0 * 0.5 ** np.arange(1, 6))


@pytest.mark.parametrize("beta", [-0.1, 1.0, 1.5])
def test_rejects_bad_beta(beta):
    with pytest.raises(ValueError, match="beta"):
        ema(np.ones(3), beta)
