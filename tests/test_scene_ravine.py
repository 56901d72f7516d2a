"""The ravine scene: gradient descent zig-zags, momentum runs along the floor and gets there first."""
from __future__ import annotations

import numpy as np
import pytest

from scenes import ravine
from scenes.ravine import data as ravine_data, story as ravine_story
from scenes.kit.params import resolve
from scenes.output.plan.pipeline import QUALITIES
from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar

W, H, FPS = QUALITIES["low"]


def data_for(**overrides) -> dict:
    return ravine.make_data(resolve(ravine.PARAMS, overrides, ravine.NAME))


def naive_runs(kappa: float, lr: float, beta: float, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Both runs by hand on f = ½ (x² + κ y²): x ← x − α∇f, and v ← βv + ∇f, x ← x − αv."""
    lam = np.array([1.0, kappa])
    x_gd = np.array([-2.5, 1.0])
    x_hb, v = x_gd.copy(), np.zeros(2)
    gd, hb = [x_gd.copy()], [x_hb.copy()]
    for _ in range(steps):
        x_gd = x_gd - lr * lam * x_gd
        v = beta * v + lam * x_hb
        x_hb = x_hb - lr * v
        gd.append(x_gd.copy())
        hb.append(x_hb.copy())
    return np.array(gd), np.array(hb)


def loss(path: np.ndarray, kappa: float) -> np.ndarray:
    return 0.5 * (path[:, 0] ** 2 + kappa * path[:, 1] ** 2)


def first_below(values: np.ndarray, target: float) -> int | None:
    for k, v in enumerate(values):
        if v < target:
            return k
    return None


def stays_below(values: np.ndarray, target: float) -> int | None:
    """Walk back from the last step while the loss is below target."""
    n = len(values)
    while n > 0 and values[n - 1] < target:
        n -= 1
    return n if n < len(values) else None


def counts_by_hand(kappa: float, lr: float, beta: float, steps: int, target: float) -> dict:
    gd, hb = naive_runs(kappa, lr, beta, steps)
    return {label: {"first_below": first_below(loss(path, kappa), target),
                    "stays_below": stays_below(loss(path, kappa), target)}
            for label, path in (("gradient descent", gd), ("momentum", hb))}


def test_defaults_are_the_tuned_settings():
    d = data_for()
    kappa = 30.0
    # Gradient descent's best fixed step on eigenvalues 1 and κ, and the critically damped β for that step
    # (the long axis's two momentum eigenvalues meet), derived by hand.
    alpha = 2.0 / (1.0 + kappa)
    assert d["lr"] == pytest.approx(alpha)
    assert d["beta"] == pytest.approx((1.0 - np.sqrt(alpha * 1.0)) ** 2, abs=2e-4)


def test_momentum_reaches_the_target_in_under_half_the_steps():
    d = data_for()
    gd, hb = naive_runs(30.0, d["lr"], d["beta"], d["steps"])
    np.testing.assert_allclose(d["raw_positions"][0], gd, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(d["raw_positions"][1], hb, rtol=1e-9, atol=1e-12)
    k_gd, k_hb = stays_below(loss(gd, 30.0), 1e-3), stays_below(loss(hb, 30.0), 1e-3)
    assert k_gd is not None and k_hb is not None
    assert d["hits"] == [k_gd, k_hb]
    assert k_hb < k_gd / 2


@pytest.mark.parametrize("overrides", [{}, {"momentum": 0.0}, {"momentum": 0.95}, {"kappa": 100.0},
                                       {"lr": 0.1}, {"target": 1e-5}])
def test_steps_to_target_in_the_story_are_recomputed_by_hand(overrides):
    d = data_for(**overrides)
    numbers = d["story"]["numbers"]
    expected = counts_by_hand(d["kappa"], d["lr"], d["beta"], d["steps"], d["target"])
    assert numbers["steps_to_target"] == expected
    assert numbers["alpha"] == d["lr"] and numbers["beta"] == d["beta"] and numbers["steps"] == d["steps"]


def test_oscillating_momentum_counts_when_it_stays_below():
    d = data_for(kappa=100.0)  # momentum dips below 0.001 at step 39, is back above, and stays below from 41
    hand = counts_by_hand(100.0, d["lr"], d["beta"], d["steps"], 1e-3)["momentum"]
    assert hand["first_below"] < hand["stays_below"]
    rows = [t for t, _ in ravine_story.hit_rows(d)]
    assert f"momentum: {hand['stays_below']} (first {hand['first_below']})" in rows


def table_order(d) -> list[str]:
    """The runs' names in the order their table lines appear on screen, top first."""
    rows = ravine_story.hit_rows(d)[1:]
    return [label for _, label in sorted(zip([-y for _, y in rows], d["labels"]))]


def test_table_and_title_follow_the_outcome():
    d = data_for()
    assert table_order(d) == ["momentum", "gradient descent"]
    assert d["title"] == "A ravine: gradient descent zig-zags, momentum gets there first"
    # Without momentum both runs are the same: a tie, not a win.
    same = data_for(momentum=0.0)
    np.testing.assert_array_equal(same["raw_positions"][0], same["raw_positions"][1])
    assert "tie" in same["title"] and "first" not in same["title"]
    assert table_order(same) == ["gradient descent", "momentum"]
    # Too much momentum never settles below the target within the steps: gradient descent wins.
    much = data_for(momentum=0.95)
    hand = counts_by_hand(30.0, much["lr"], 0.95, much["steps"], 1e-3)
    assert hand["momentum"]["stays_below"] is None and hand["gradient descent"]["stays_below"] is not None
    assert much["title"].startswith("A ravine: gradient descent gets below") and "momentum does not" in much["title"]
    assert table_order(much) == ["gradient descent", "momentum"]
    # A step too large for gradient descent: it diverges, and says so.
    big = data_for(lr=0.1)
    assert big["title"].endswith("gradient descent diverges")
    assert table_order(big) == ["momentum", "gradient descent"]


def test_story_tiles_the_clip_and_lists_what_is_drawn():
    d = data_for()
    s = d["story"]
    assert s["beats"][0]["start"] == 0 and s["beats"][-1]["end"] == pytest.approx(ravine.duration(d), abs=1e-3)
    assert "zig-zags" in s["beats"][1]["caption"]
    for text, _ in ravine_story.hit_rows(d):
        assert text in s["labels"]


def test_gradient_descent_zig_zags_across_the_ravine():
    d = data_for()
    y = d["raw_positions"][0][:, 1]
    # At α = 2/(λmin+λmax) the steep coordinate is multiplied by 1 − ακ < 0 every step: its sign flips.
    assert np.all(np.sign(y[1:41]) == -np.sign(y[:40]))
    # ... while x creeps towards the minimum from one side only.
    x = d["raw_positions"][0][:, 0]
    assert np.all(x < 0) and np.all(np.diff(x) > 0)


@pytest.mark.parametrize("kappa", [10.0, 60.0])
def test_claim_holds_for_other_ravines(kappa):
    d = data_for(kappa=kappa, steps=300)
    assert d["hits"][1] is not None and d["hits"][0] is not None
    assert d["hits"][1] < d["hits"][0] / 2


def test_diverging_gradient_descent_is_drawn_inside_the_window():
    d = data_for(lr=0.5)  # 0.5 * 30 > 2: plain gradient descent blows up
    assert d["diverged"][0]
    assert d["events"][0][0] == "diverged"
    assert np.all(np.isfinite(d["positions"])) and np.all(np.isfinite(d["values"]))
    assert np.all(np.abs(d["positions"][..., 0]) <= 3.0) and np.all(np.abs(d["positions"][..., 1]) <= 1.5)
    for t in np.linspace(0, ravine.duration(d), 7):
        st = ravine_data.frame_state(d, t)
        assert all(np.all(np.isfinite(c)) for c in st["curves"] + st["trails"])


def test_formulas_agree_with_the_simulation():
    d = data_for()
    assert f"{d['lr']:.3g}" in ravine_story.alpha_text(d)
    assert f"{d['beta']:.3g}" in ravine_story.beta_text(d)
    # The momentum formula is the heavy ball without (1 − β): check its first two steps by hand.
    gd_formula, hb_formula = d["formulas"]
    assert r"\beta v + \nabla f(x)" in hb_formula and r"x - \alpha v" in hb_formula
    lam = np.array([1.0, 30.0])
    x0 = np.array([-2.5, 1.0])
    v1 = lam * x0
    x1 = x0 - d["lr"] * v1
    x2 = x1 - d["lr"] * (d["beta"] * v1 + lam * x1)
    np.testing.assert_allclose(d["raw_positions"][1][1:3], [x1, x2], rtol=1e-12)
    user = data_for(lr=0.05, momentum=0.7)
    assert ravine_story.alpha_text(user) == r"\alpha = 0.05" and ravine_story.beta_text(user) == r"\beta = 0.7"


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_still_renders(tmp_path, backend):
    path = render_file(tmp_path, "ravine", backend=backend, fmt="png", theme="light" if backend == "mpl" else "dark")
    image = read_png(path)
    assert image.shape == (H, W, 4)
    assert_not_blank(image)
    out = sidecar(path)["outcome"]
    assert set(out) >= {"lr", "beta", "steps_to_target", "final_loss", "diverged"}
    side = sidecar(path)["story"]["numbers"]
    expected = counts_by_hand(30.0, side["alpha"], side["beta"], side["steps"], side["target"])
    assert side["steps_to_target"] == expected == out["steps_to_target"]
    assert expected["momentum"]["stays_below"] < expected["gradient descent"]["stays_below"] / 2
    assert out["diverged"] == {"gradient_descent": False, "momentum": False}


def test_video_moves(tmp_path):
    path = render_file(tmp_path, "ravine", backend="mpl", fmt="mp4", sets={"steps": 24, "speed": 24})
    frames, info = read_video(path)
    assert (info["width"], info["height"]) == (W, H)
    first, middle = frames[0].astype(int), frames[len(frames) // 2].astype(int)
    changed = np.abs(first - middle).sum(axis=2) > 60
    assert changed.mean() > 0.002
