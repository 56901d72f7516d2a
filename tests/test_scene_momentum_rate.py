"""The momentum-rate scene: too little momentum is slow, β* is fastest, too much overshoots."""
from __future__ import annotations

import numpy as np
import pytest

from scenes import momentum_rate as mr
from scenes.momentum_rate import data as mr_data, story as mr_story
from scenes.kit.params import resolve
from scenes.output.plan.pipeline import QUALITIES
from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar

W, H, FPS = QUALITIES["low"]


def data_for(**overrides) -> dict:
    return mr.make_data(resolve(mr.PARAMS, overrides, mr.NAME))


def heavy_ball(kappa: float, lr: float, beta: float, steps: int) -> np.ndarray:
    """v ← βv + ∇f, x ← x − αv on f = ½ (x² + κ y²) from (−2.5, 1), by hand."""
    lam = np.array([1.0, kappa])
    x, v = np.array([-2.5, 1.0]), np.zeros(2)
    path = [x.copy()]
    for _ in range(steps):
        v = beta * v + lam * x
        x = x - lr * v
        path.append(x.copy())
    return np.array(path)


def steps_to(path: np.ndarray, kappa: float, target: float) -> int | None:
    """The step from which the loss stays below target (None if the last step is not below)."""
    f = 0.5 * (path[:, 0] ** 2 + kappa * path[:, 1] ** 2)
    n = len(f)
    while n > 0 and f[n - 1] < target:
        n -= 1
    return n if n < len(f) else None


def first_to(path: np.ndarray, kappa: float, target: float) -> int | None:
    f = 0.5 * (path[:, 0] ** 2 + kappa * path[:, 1] ** 2)
    return next((k for k, v in enumerate(f) if v < target), None)


def table_order(d) -> list[int]:
    """Run indices in the order their table lines appear on screen, top first."""
    rows = mr_story.table_rows(d)[1:]
    return sorted(range(3), key=lambda i: -rows[i][1])


def test_middle_beta_is_the_critical_damping_of_the_long_axis():
    d = data_for()
    alpha = 1.0 / 30.0
    assert d["lr"] == pytest.approx(alpha)
    # For α ≤ 1/λmax the worst rate over both axes is smallest where the long axis is critically damped.
    assert d["best_beta"] == pytest.approx((1.0 - np.sqrt(alpha)) ** 2, abs=2e-4)
    assert d["betas"][1] == d["best_beta"]
    assert d["rates"][1] < min(d["rates"][0], d["rates"][2])


def test_middle_is_fastest_small_is_slow_large_overshoots():
    d = data_for()
    kappa, target = 30.0, d["target"]
    paths = [heavy_ball(kappa, d["lr"], b, d["steps"]) for b in d["betas"]]
    for path, raw in zip(paths, d["raw_positions"]):
        np.testing.assert_allclose(raw, path, rtol=1e-9, atol=1e-12)
    small, middle, large = (steps_to(p, kappa, target) for p in paths)
    assert d["hits"] == [small, middle, large]
    assert None not in (small, middle, large)
    assert middle < small and middle < large
    # β = 0.9 first dips below the target long before it stays there: as slow as β = 0.2.
    assert first_to(paths[2], kappa, target) < large == small
    # Too much momentum overshoots: it crosses the minimum along the long axis, and its loss goes up again.
    x_large = paths[2][:, 0]
    assert x_large.max() > 0.3 and np.count_nonzero(np.diff(np.sign(x_large))) >= 3
    f_large = 0.5 * (paths[2][:, 0] ** 2 + kappa * paths[2][:, 1] ** 2)
    assert np.any(np.diff(f_large) > 0)
    # The well-tuned run never passes the minimum along the long axis (critical damping).
    assert paths[1][:, 0].max() <= 1e-9
    assert d["verdicts"] == ["too little: slower", "fastest", "too much: overshoots"]
    assert table_order(d) == [1, 0, 2]
    assert d["title"] == f"How much momentum? \u03b2* = {d['betas'][1]:.3g} is fastest"


@pytest.mark.parametrize("overrides", [{}, {"large": 0.7}, {"momentum": 0.0}, {"small": 0.0, "large": 0.99},
                                       {"lr": 0.1}])
def test_steps_to_target_in_the_story_are_recomputed_by_hand(overrides):
    d = data_for(**overrides)
    numbers = d["story"]["numbers"]
    paths = [heavy_ball(30.0, d["lr"], b, d["steps"]) for b in d["betas"]]
    expected = {f"\u03b2 = {b:.3g}": {"first_below": first_to(p, 30.0, d["target"]),
                                      "stays_below": steps_to(p, 30.0, d["target"])}
                for b, p in zip(d["betas"], paths)}
    assert numbers["steps_to_target"] == expected
    assert numbers["alpha"] == pytest.approx(overrides.get("lr", 1 / 30)) and numbers["betas"] == d["betas"]
    # The order on screen is the order of the counts (never-below last, ties in panel order).
    key = [expected[f"\u03b2 = {b:.3g}"]["stays_below"] for b in d["betas"]]
    assert table_order(d) == sorted(range(3), key=lambda i: (key[i] is None, key[i] or 0, i))


def test_words_follow_who_wins():
    # β = 0.7 beats theory's β* = 0.668 over these steps: the right panel wins, β* is called too little.
    d = data_for(large=0.7)
    paths = [heavy_ball(30.0, d["lr"], b, d["steps"]) for b in d["betas"]]
    counts = [steps_to(p, 30.0, d["target"]) for p in paths]
    assert counts[2] < counts[1] < counts[0]
    assert d["title"] == "How much momentum? \u03b2 = 0.7 is fastest"
    assert d["verdicts"] == ["too little: slower", "too little: slower", "fastest"]
    assert table_order(d) == [2, 1, 0]
    # With no momentum in the middle, β = 0.2 and β = 0.9 both stay below from the same step: a tie.
    tie = data_for(momentum=0.0)
    assert tie["title"] == "How much momentum? \u03b2 = 0.2 and \u03b2 = 0.9 tie"
    assert tie["verdicts"][0] == tie["verdicts"][2] == "tied fastest"
    # "Too much" only where the larger β is really slower.
    assert all(not v.startswith("too much") for v in d["verdicts"])


def test_equal_betas_are_told_apart_by_their_panel():
    d = data_for(small=0.9)
    assert d["labels"] == ["\u03b2 = 0.9 (left)", f"\u03b2 = {d['betas'][1]:.3g} (middle)", "\u03b2 = 0.9 (right)"]
    assert set(d["story"]["numbers"]["steps_to_target"]) == set(d["labels"])


def test_no_momentum_at_all_is_slower_still():
    d = data_for(small=0.0, steps=200)
    assert d["hits"][1] < d["hits"][0]


def test_diverging_runs_stay_drawable():
    d = data_for(lr=0.1)  # αλmax = 3 > 2 + 2β for β = 0.2: that run diverges
    assert d["diverged"][0] and not d["diverged"][1]
    assert d["events"][0][0] == "diverged"
    assert np.all(np.isfinite(d["positions"])) and np.all(np.isfinite(d["values"]))
    st = mr_data.frame_state(d, mr.duration(d))
    assert all(np.all(np.isfinite(a)) for a in st["trails"] + st["curves"])


def test_headers_show_the_betas_used():
    d = data_for()
    heads = mr_story.headers(d)
    for (tex, _), b in zip(heads, d["betas"]):
        assert f"{b:.3g}" in tex
    assert r"\beta^*" in heads[1][0]
    a, b = d["joint_optimum"]  # sim.theory.optimal_momentum, shown as the joint optimum
    assert a == pytest.approx((2.0 / (1.0 + np.sqrt(30.0))) ** 2)
    assert b == pytest.approx(((np.sqrt(30.0) - 1) / (np.sqrt(30.0) + 1)) ** 2)
    assert f"{a:.3g}" in mr_story.joint_lines(d)[1] and f"{b:.3g}" in mr_story.joint_lines(d)[1]
    # A middle β chosen by hand is not called β*.
    assert r"\beta^*" not in mr_story.headers(data_for(momentum=0.5))[1][0]


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_still_renders(tmp_path, backend):
    path = render_file(tmp_path, "momentum-rate", backend=backend, fmt="png",
                       theme="dark" if backend == "mpl" else "light")
    image = read_png(path)
    assert image.shape == (H, W, 4)
    assert_not_blank(image)
    out = sidecar(path)["outcome"]
    assert set(out) >= {"lr", "betas", "best_beta", "steps_to_target", "theory_rates", "diverged"}
    side = sidecar(path)["story"]["numbers"]
    paths = [heavy_ball(30.0, side["alpha"], b, side["steps"]) for b in side["betas"]]
    stays = [steps_to(p, 30.0, side["target"]) for p in paths]
    assert [v["stays_below"] for v in side["steps_to_target"].values()] == stays
    assert stays[1] < stays[0] and stays[1] < stays[2]


def test_video_moves(tmp_path):
    path = render_file(tmp_path, "momentum-rate", backend="manim", fmt="mp4", sets={"steps": 24, "speed": 24})
    frames, info = read_video(path)
    assert (info["width"], info["height"]) == (W, H)
    changed = np.abs(frames[0].astype(int) - frames[len(frames) // 2].astype(int)).sum(axis=2) > 60
    assert changed.mean() > 0.002


def test_no_beta_star_when_nothing_converges():
    d = data_for(lr=0.5, steps=20)  # αλmax = 15 > 2 + 2β for every β < 1
    assert not d["converges"] and all(d["diverged"])
    assert all(r"\beta^*" not in tex for tex, _ in mr_story.headers(d))
    assert [e for e, _ in d["events"]] == ["diverged"] * 3
