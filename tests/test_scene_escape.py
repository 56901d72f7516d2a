"""The escape scene: gradient descent settles in the shallow well, momentum escapes to the deep one."""
from __future__ import annotations

import numpy as np
import pytest

from scenes import escape
from scenes.params import resolve
from scenes.pipeline import QUALITIES
from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar

W, H, FPS = QUALITIES["low"]


def data_for(**overrides) -> dict:
    return escape.make_data(resolve(escape.PARAMS, overrides, escape.NAME))


def grad(p: np.ndarray) -> np.ndarray:
    """∇f for f = (x² − 1)² + 0.5 x + ½ y²."""
    x, y = p
    return np.array([4 * x * (x * x - 1) + 0.5, y])


def run(lr: float, beta: float, steps: int, start=(1.7, 1.0)) -> np.ndarray:
    x, v = np.array(start, dtype=float), np.zeros(2)
    for _ in range(steps):
        v = beta * v + grad(x)
        x = x - lr * v
    return x


def wells() -> tuple[np.ndarray, np.ndarray]:
    """The two minima: the outer roots of 4x³ − 4x + 0.5 = 0; the deep one is on the left (tilt > 0)."""
    roots = np.sort(np.roots([4.0, 0.0, -4.0, 0.5]).real)
    return np.array([roots[2], 0.0]), np.array([roots[0], 0.0])


def test_gradient_descent_stays_shallow_and_momentum_goes_deep():
    d = data_for()
    shallow, deep = wells()
    np.testing.assert_allclose(d["wells"]["shallow"], shallow, atol=1e-9)
    np.testing.assert_allclose(d["wells"]["deep"], deep, atol=1e-9)
    end_gd, end_hb = run(d["lr"], 0.0, d["steps"]), run(d["lr"], d["beta"], d["steps"])
    np.testing.assert_allclose(d["raw_positions"][0, -1], end_gd, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(d["raw_positions"][1, -1], end_hb, rtol=1e-9, atol=1e-12)
    assert np.linalg.norm(end_gd - shallow) < 0.15
    assert np.linalg.norm(end_hb - deep) < 0.05
    assert d["ends"] == ["shallow", "deep"]
    # Gradient descent never crosses the ridge; momentum does.
    assert d["raw_positions"][0][:, 0].min() > d["barrier"][0]
    assert d["raw_positions"][1][:, 0].min() < d["barrier"][0]


def test_without_momentum_both_stay_shallow():
    d = data_for(momentum=0.0)
    assert d["ends"] == ["shallow", "shallow"]


def test_a_run_that_has_not_arrived_is_not_called_settled():
    d = data_for(lr=0.002)
    assert d["ends"][0] == "moving"
    assert "still on its way" in escape.verdicts(d)[0]


def test_slow_motion_opening():
    d = data_for()
    slow, speed = d["slow"], d["speed"]
    assert escape.step_at(d, 0.0) == 0.0
    # The first `slow` steps take four times as long as they would at full speed.
    assert escape.step_at(d, escape.LEAD + 1.0) == pytest.approx(speed / 4)
    assert escape.slow_end(d) == pytest.approx(escape.LEAD + 4 * slow / speed)
    assert escape.step_at(d, escape.slow_end(d) + 1.0) == pytest.approx(slow + speed)
    assert escape.step_at(d, escape.duration(d)) == d["steps"]
    ts = np.linspace(0, escape.duration(d), 200)
    assert np.all(np.diff([escape.step_at(d, t) for t in ts]) >= 0)
    assert 8 <= escape.duration(d) <= 15


def test_texts_show_the_settings():
    d = data_for()
    gd, hb = escape.settings_text(d)
    assert gd == r"\alpha = 0.02" and hb == r"\alpha = 0.02,\ \ \beta = 0.9"
    assert "0.5" in d["landscape_tex"]
    assert escape.verdicts(d)[0].startswith("settles in the shallow well")
    assert escape.verdicts(d)[1].startswith("settles in the deep well")


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_still_renders(tmp_path, backend):
    path = render_file(tmp_path, "escape", backend=backend, fmt="png", theme="dark" if backend == "mpl" else "light")
    image = read_png(path)
    assert image.shape == (H, W, 4)
    assert_not_blank(image)
    out = sidecar(path)["outcome"]
    assert out["ends_in"] == {"gradient_descent": "shallow", "momentum": "deep"}
    assert set(out) >= {"final_position", "shallow_min", "deep_min", "final_loss"}


def test_video_moves(tmp_path):
    path = render_file(tmp_path, "escape", backend="mpl", fmt="mp4", sets={"steps": 24, "slow": 4, "speed": 24})
    frames, info = read_video(path)
    assert (info["width"], info["height"]) == (W, H)
    changed = np.abs(frames[0].astype(int) - frames[len(frames) // 2].astype(int)).sum(axis=2) > 60
    assert changed.mean() > 0.002
