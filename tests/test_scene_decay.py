"""The decay scene: the weight of the gradient from i steps back is beta**i, and they sum to 1/(1-beta)."""
from __future__ import annotations

import numpy as np
import pytest

from scenes import registry
from sim import SGD
from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar

SPEC = registry.get("decay")


def data_for(**sets):
    params = {p.name: p.default for p in SPEC.params} | sets
    return SPEC.make_data(params)


@pytest.mark.parametrize("sets", [{}, {"beta_left": 0.0, "beta_right": 0.95, "bars": 60}])
def test_bars_are_powers_of_beta_and_the_buffer_reproduces_them(sets):
    d = data_for(**sets)
    n = d["bars"]
    for q in d["panels"]:
        expected = np.array([q["beta"] ** i for i in range(n)])
        np.testing.assert_allclose(q["weights"], expected, rtol=1e-13, atol=0)
        np.testing.assert_allclose(q["buffer"], expected, rtol=1e-12, atol=1e-300)
        assert q["window"] == pytest.approx(1.0 / (1.0 - q["beta"]))


@pytest.mark.parametrize("beta", [0.6, 0.9])
def test_unrolled_sum_is_the_heavy_ball_buffer(beta):
    """v_t = sum_i beta^i g_{t-i} for any gradient sequence, with the scene's weights."""
    d = data_for(beta_left=beta, bars=40)
    w = d["panels"][0]["weights"]
    g = np.random.default_rng(3).normal(size=40)
    opt = SGD(lr=0.1, momentum=beta)
    x = np.zeros(1)
    state = opt.init(x)
    for gk in g:
        x, state = opt.update(np.array([gk]), state, x)
    unrolled = sum(w[i] * g[-1 - i] for i in range(40))
    assert opt.velocity(state)[0] == pytest.approx(unrolled, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("beta", [0.6, 0.9, 0.95])
def test_sum_of_weights_tends_to_the_window(beta):
    d = data_for(beta_right=beta, bars=60)
    q = d["panels"][1]
    partial = q["cumsum"]
    assert np.all(np.diff(partial) >= 0)
    assert np.all(partial < 1.0 / (1.0 - beta))
    # The gap to the limit is exactly the tail beta^n / (1 - beta).
    assert 1.0 / (1.0 - beta) - partial[-1] == pytest.approx(beta**60 / (1.0 - beta), rel=1e-6)


def test_labels_show_the_betas_used():
    d = data_for(beta_left=0.5, beta_right=0.8)
    assert [q["heading"] for q in d["panels"]] == ["\u03b2 = 0.5", "\u03b2 = 0.8"]
    assert d["panels"][1]["box_label"].endswith("= 5")


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_still_renders(tmp_path, backend):
    path = render_file(tmp_path, "decay", backend=backend, fmt="png")
    assert_not_blank(read_png(path))
    out = sidecar(path)["outcome"]
    assert out["betas"] == [0.6, 0.9]
    assert out["windows"] == pytest.approx([2.5, 10.0])
    assert out["buffer_matches_weights"] is True
    assert out["sum_of_shown_weights"][1] == pytest.approx((1 - 0.9**30) / 0.1)


def test_video_moves(tmp_path):
    path = render_file(tmp_path, "decay", backend="mpl", fmt="mp4", sets={"bars": 10, "speed": 10})
    frames, _ = read_video(path)
    h = frames[0].shape[0]
    changed = np.abs(frames[0].astype(int) - frames[-1].astype(int)).sum(axis=2) > 60
    assert changed[int(h * 0.35):].mean() > 0.01
