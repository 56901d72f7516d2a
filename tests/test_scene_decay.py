"""The decay scene: the weight of the gradient from i steps back is beta**i, and they sum to 1/(1-beta)."""
from __future__ import annotations

import numpy as np
import pytest

import scenes

from sim import SGD
from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar

SPEC = scenes.get("decay")


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


def first_faint_step(beta: float, below: float = 0.05) -> int:
    """The first i >= 1 with beta**i < below, by walking the powers."""
    i, w = 1, beta
    while w >= below:
        i, w = i + 1, w * beta
    return i


@pytest.mark.parametrize("sets", [{}, {"beta_left": 0.3, "beta_right": 0.95}, {"beta_left": 0.0, "bars": 5},
                                  {"beta_left": 0.5, "beta_right": 0.8, "bars": 60}])
def test_story_numbers_are_recomputed(sets):
    d = data_for(**sets)
    num, n = d["story"]["numbers"], d["bars"]
    for j, beta in enumerate(num["betas"]):
        assert beta == d["panels"][j]["beta"]
        c = first_faint_step(beta)
        assert num["faint_step"][j] == c
        assert num["faint_weight"][j] == pytest.approx(beta**c, rel=1e-12, abs=1e-300)
        assert num["windows"][j] == pytest.approx(1 / (1 - beta))
        total = 0.0
        for i in range(n):
            total += beta**i
        assert num["sums_shown"][j] == pytest.approx(total, rel=1e-12)
    words = " ".join(b["caption"] for b in d["story"]["beats"])
    for j, beta in enumerate(num["betas"]):
        assert f"\u03b2 = {beta:g}" in words
        assert f"{num['sums_shown'][j]:.2f}" in words and f"{num['windows'][j]:.3g}" in words


def test_the_captions_carry_the_articles_advice():
    d = data_for()
    beats = {b["name"]: b["caption"] for b in d["story"]["beats"]}
    # 0.6**6 = 0.046656: by about the 6th step back the weight is essentially 0.
    assert "by the 6th step back at \u03b2 = 0.6 (0.6\u2076 \u2248 0.047)" in beats["bars"]
    assert "by the 29th step back at \u03b2 = 0.9" in beats["bars"]
    # The weights sum to 1/(1 - beta): momentum wants a learning rate that much smaller.
    assert "2.5\u00d7 at \u03b2 = 0.6 and 10\u00d7 at \u03b2 = 0.9" in beats["advice"]
    assert "learning rate about that much smaller" in beats["advice"]
    far = data_for(beta_right=0.95, bars=20)
    assert "beyond the 20 bars shown" in far["story"]["beats"][1]["caption"]
    none = data_for(beta_left=0.0, beta_right=0.0)
    assert "needs no change" in none["story"]["beats"][-1]["caption"]


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
