"""The derivatives scene: analytic derivatives match finite differences, ReLU zeros them, momentum smooths."""
from __future__ import annotations

import numpy as np
import pytest

from scenes import registry
from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar

SPEC = registry.get("derivatives")


def data_for(**sets):
    params = {p.name: p.default for p in SPEC.params} | sets
    return SPEC.make_data(params)


def point_loss(w1, w2, x, y, relu):
    """The loss written out independently of the scene: L = (w2·h(w1·x) − y)² / 2."""
    z = w1 * x
    h = max(z, 0.0) if relu else z
    return 0.5 * (w2 * h - y) ** 2


SETTINGS = [{}, {"seed": 7, "points": 120, "beta": 0.8, "lr": 0.05, "noise": 0.8}]


@pytest.mark.parametrize("sets", SETTINGS)
def test_derivatives_match_finite_differences(sets):
    d = data_for(**sets)
    eps = 1e-6
    for name, relu in (("linear", False), ("relu", True), ("mom", True)):
        run = d["runs"][name]
        for k in range(d["n"]):
            w1, w2 = run["weights"][k]
            x, y = d["x"][k], d["y"][k]
            if relu and abs(w1 * x) < 10 * eps * abs(x):
                continue  # at the kink the loss has no derivative
            fd1 = (point_loss(w1 + eps, w2, x, y, relu) - point_loss(w1 - eps, w2, x, y, relu)) / (2 * eps)
            fd2 = (point_loss(w1, w2 + eps, x, y, relu) - point_loss(w1, w2 - eps, x, y, relu)) / (2 * eps)
            g1, g2 = run["grads"][k]
            assert g1 == pytest.approx(fd1, rel=1e-6, abs=1e-7), (name, k)
            assert g2 == pytest.approx(fd2, rel=1e-6, abs=1e-7), (name, k)


@pytest.mark.parametrize("sets", SETTINGS)
def test_relu_derivative_is_exactly_zero_where_the_neuron_is_off(sets):
    d = data_for(**sets)
    for name in ("relu", "mom"):
        run = d["runs"][name]
        pre = run["weights"][:-1, 0] * d["x"]
        off = pre < 0
        assert 5 <= off.sum() < d["n"], "the data should switch the neuron off at some points, not all"
        assert np.all(run["grads"][off, 0] == 0.0)
        assert np.all(run["grads"][off, 1] == 0.0)
        assert np.all(run["grads"][~off, 0] != 0.0)
    # Without the ReLU the same points do get a gradient.
    lin_off = d["runs"]["linear"]["weights"][:-1, 0] * d["x"] < 0
    assert np.count_nonzero(d["runs"]["linear"]["grads"][lin_off, 0]) == lin_off.sum()


@pytest.mark.parametrize("sets", SETTINGS)
def test_momentum_is_an_ema_of_the_gradients_and_smoother(sets):
    d = data_for(**sets)
    beta = d["beta"]
    g, v = d["series"]["mom"], d["series"]["velocity"]
    # v is the EMA of the gradients seen, from v0 = 0 (a naive loop).
    acc, ema = 0.0, []
    for gk in g:
        acc = beta * acc + (1 - beta) * gk
        ema.append(acc)
    np.testing.assert_allclose(v, ema, rtol=1e-12, atol=1e-14)
    tv = lambda a: np.abs(np.diff(a)).sum()  # noqa: E731
    assert tv(v) < 0.3 * tv(g)
    assert tv(v) < 0.3 * tv(d["series"]["relu"])
    # The momentum run moves its weights by lr·v.
    w = d["runs"]["mom"]["weights"]
    np.testing.assert_allclose(w[:-1] - w[1:], d["lr"] * d["runs"]["mom"]["velocity"], rtol=1e-9, atol=1e-14)


def test_plain_runs_take_plain_sgd_steps():
    d = data_for()
    for name in ("linear", "relu"):
        w, g = d["runs"][name]["weights"], d["runs"][name]["grads"]
        np.testing.assert_allclose(w[:-1] - w[1:], d["lr"] * g, rtol=1e-9, atol=1e-14)


def test_formulas_show_the_values_used():
    d = data_for(beta=0.8, lr=0.05)
    assert r"v \leftarrow 0.8\,v + 0.2\,g" in d["formulas"][3]
    assert r"w \leftarrow w - 0.05\,v" in d["formulas"][3]
    assert "lr = 0.05" in d["setup"][0]


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_still_renders(tmp_path, backend):
    path = render_file(tmp_path, "derivatives", backend=backend, fmt="png")
    assert_not_blank(read_png(path))
    out = sidecar(path)["outcome"]
    assert out["velocity_smoother"] is True
    assert out["relu_derivative_zero_when_off"] is True
    assert out["relu_off_points"] > 0
    assert set(out["final_mean_loss"]) == {"linear", "relu", "mom"}


def test_video_moves(tmp_path):
    path = render_file(tmp_path, "derivatives", backend="mpl", fmt="mp4", sets={"points": 20, "speed": 20})
    frames, _ = read_video(path)
    h, w = frames[0].shape[:2]
    changed = np.abs(frames[0].astype(int) - frames[-1].astype(int)).sum(axis=2) > 60
    assert changed[:, w // 2:].mean() > 0.005
