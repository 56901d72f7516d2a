"""The escape scene: from high up, momentum rolls through the shallow well into the deep one; from inside the
shallow well it stays. Every run is recomputed here with a plain heavy-ball loop and compared with what the
scene says and prints."""
from __future__ import annotations

import numpy as np
import pytest

from scenes import escape
from scenes.escape import data as escape_data
from scenes.output.frames.layout_check import mpl_boxes
from scenes.kit.params import resolve
from scenes.output.plan.pipeline import QUALITIES
from scenes.kit.theme import THEMES
from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar

W, H, FPS = QUALITIES["low"]
TILT = 0.5


def data_for(**overrides) -> dict:
    return escape.make_data(resolve(escape.PARAMS, overrides, escape.NAME))


def f(p: np.ndarray) -> np.ndarray:
    """f = (x² − 1)² + 0.5 x + ½ y², on the last axis."""
    x, y = p[..., 0], p[..., 1]
    return (x * x - 1) ** 2 + TILT * x + 0.5 * y * y


def grad(p: np.ndarray) -> np.ndarray:
    x, y = p
    return np.array([4 * x * (x * x - 1) + TILT, y])


def run(lr: float, beta: float, steps: int, start) -> np.ndarray:
    """The heavy ball as torch's SGD takes it: v = β v + ∇f (the first v is the gradient), x -= lr v."""
    x, v, path = np.array(start, dtype=float), np.zeros(2), [np.array(start, dtype=float)]
    for _ in range(steps):
        v = beta * v + grad(x)
        x = x - lr * v
        path.append(x)
    return np.array(path)


def critical_points() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """deep minimum, ridge (saddle), shallow minimum: the roots of 4x³ − 4x + 0.5 = 0, left to right."""
    r = np.sort(np.roots([4.0, 0.0, -4.0, TILT]).real)
    return tuple(np.array([x, 0.0]) for x in r)


def in_basin(path: np.ndarray) -> np.ndarray:
    _, ridge, _ = critical_points()
    return (path[:, 0] > ridge[0]) & (f(path) < f(ridge))


def four_runs(d: dict) -> dict:
    """Own recomputation of the scene's four runs: {start: (gradient descent path, momentum path)}."""
    starts = {"above": d["starts"]["above"], "inside": d["starts"]["inside"]}
    return {k: (run(d["lr"], 0.0, d["steps"], s), run(d["lr"], d["beta"], d["steps"], s)) for k, s in starts.items()}


def near(p: np.ndarray, m: np.ndarray) -> bool:
    return float(np.linalg.norm(p - m)) < 0.25


def test_defaults_momentum_passes_through_the_shallow_well_into_the_deep_one():
    d = data_for()
    deep, ridge, shallow = critical_points()
    np.testing.assert_allclose(d["wells"]["deep"], deep, atol=1e-9)
    np.testing.assert_allclose(d["wells"]["shallow"], shallow, atol=1e-9)
    runs = four_runs(d)
    gd, hb = runs["above"]
    for i, path in enumerate((gd, hb, *runs["inside"])):
        np.testing.assert_allclose(d["raw_positions"][i], path, rtol=1e-9, atol=1e-12)
    # From above the ridge: gradient descent stays right of the ridge and ends in the shallow well ...
    assert f(gd[0]) > f(ridge)
    assert gd[:, 0].min() > ridge[0] and near(gd[-1], shallow)
    # ... momentum enters the shallow well's basin, then crosses the ridge and ends in the deep well.
    entered = np.nonzero(in_basin(hb))[0]
    crossed = np.nonzero(hb[:, 0] < ridge[0])[0]
    assert entered.size and crossed.size and entered[0] < crossed[0]
    assert near(hb[-1], deep)
    # From inside the basin neither leaves it.
    for path in runs["inside"]:
        assert in_basin(path[:1]).all() and path[:, 0].min() > ridge[0] and near(path[-1], shallow)
    assert d["ends"] == {"above": ("shallow", "deep"), "inside": ("shallow", "shallow")}
    assert d["title"] == "Momentum rolls through the shallow well, not out of it"


def test_story_numbers_are_the_runs_values():
    d = data_for()
    numbers = d["story"]["numbers"]
    runs = four_runs(d)
    _, ridge, _ = critical_points()
    assert numbers["ridge_f"] == pytest.approx(float(f(ridge)), abs=1e-12)
    for k, (gd, hb) in runs.items():
        assert numbers["start_f"][k] == pytest.approx(float(f(gd[0])), abs=1e-12)
        np.testing.assert_allclose(numbers["final_f"][k], [f(gd[-1]), f(hb[-1])], rtol=1e-9, atol=1e-12)
    hb = runs["above"][1]
    assert numbers["lowest_f_in_shallow_well"] == pytest.approx(float(f(hb[in_basin(hb)]).min()), abs=1e-12)
    assert (numbers["lr"], numbers["beta"], numbers["steps"], numbers["tilt"]) == (d["lr"], d["beta"], d["steps"], TILT)


def test_verdicts_print_the_reached_value():
    # 20 steps: momentum from above has not arrived anywhere yet, and gradient descent is still above the
    # shallow well's minimum value: the lines must print the values reached, not the minima.
    d = data_for(steps=20)
    runs = four_runs(d)
    expected = []
    deep, _, shallow = critical_points()
    for k in ("above", "inside"):
        for path in runs[k]:
            place = ("in the shallow well" if near(path[-1], shallow) else "in the deep well" if near(path[-1], deep)
                     else "between the wells")
            expected.append(f"ends {place}, f = {f(path[-1]):.2f}")
    assert d["verdicts"] == expected
    assert "between the wells" in expected[1]
    assert f"{f(runs['above'][0][-1]):.2f}" != f"{f(shallow):.2f}"
    assert set(expected) <= set(d["story"]["labels"])


def test_little_momentum_stays_in_the_shallow_well_and_the_words_say_so():
    d = data_for(momentum=0.3)
    _, _, shallow = critical_points()
    runs = four_runs(d)
    assert all(near(p[-1], shallow) for pair in runs.values() for p in pair)
    assert d["title"] == "Momentum ends in the shallow well from both starts"
    assert "through" not in d["title"] and "deep well" not in d["story"]["beats"][-1]["caption"]


def test_a_momentum_run_that_skirts_the_basin_is_not_said_to_pass_through_it():
    d = data_for(start_y=1.1)
    deep, _, _ = critical_points()
    hb = four_runs(d)["above"][1]
    assert not in_basin(hb).any() and near(hb[-1], deep)
    assert not d["through"] and d["story"]["numbers"]["lowest_f_in_shallow_well"] is None
    assert d["title"] == "Momentum reaches the deep well from above, not from inside"
    assert "skirts the shallow well" in d["story"]["beats"][1]["caption"]


def test_every_inside_start_in_bounds_is_inside_the_basin():
    p = {q.name: q for q in escape.PARAMS}
    corners = np.array([(x, y) for x in (p["inside_x"].low, p["inside_x"].high)
                        for y in (p["inside_y"].low, p["inside_y"].high)])
    assert in_basin(corners).all()  # f is convex in y and below the ridge's value at every corner
    assert f(np.array([p["start_x"].low, 0.0])) > f(critical_points()[1])  # and every left start is above it


def test_the_drawn_texts_are_the_storys():
    d = data_for()
    end = escape.duration(d)
    (_, boxes), = mpl_boxes(escape.draw_mpl, d, THEMES["dark"], W, H, [end])
    drawn = {b.text for b in boxes}
    assert d["story"]["title"] in drawn
    assert set(d["verdicts"]) | set(d["headings"]) <= drawn
    assert f"step {d['steps']} / {d['steps']}" in drawn


def test_slow_motion_opening():
    d = data_for()
    slow, speed = d["slow"], d["speed"]
    assert escape_data.step_at(d, 0.0) == 0.0
    # The first `slow` steps take four times as long as they would at full speed.
    assert escape_data.step_at(d, escape_data.LEAD + 1.0) == pytest.approx(speed / 4)
    assert escape_data.slow_end(d) == pytest.approx(escape_data.LEAD + 4 * slow / speed)
    assert escape_data.step_at(d, escape_data.slow_end(d) + 1.0) == pytest.approx(slow + speed)
    assert escape_data.step_at(d, escape.duration(d)) == d["steps"]
    ts = np.linspace(0, escape.duration(d), 200)
    assert np.all(np.diff([escape_data.step_at(d, t) for t in ts]) >= 0)
    motion = escape_data.motion_end(d) - escape_data.LEAD
    assert 8 <= motion <= 15  # the motion after its setup beat
    # After the motion the clip rests only as long as its words need: the rolling beat lasts the motion and
    # a 0.6 s rest, or the time its caption takes to read at 20 characters per second (a second more when
    # it fills more than one cue of 84 characters), and the verdict 2 s or its caption's reading time.
    def reading(caption):
        n = len(" ".join(caption.split()))
        return n / 20 + (1.0 if n > 84 else 0.0)

    beats = {b["name"]: b for b in d["story"]["beats"]}
    want = max(motion + 0.6, reading(beats["rolling"]["caption"])) + max(2.0, reading(beats["verdict"]["caption"]))
    assert escape.duration(d) - escape_data.LEAD == pytest.approx(want, abs=1e-3)
    # The verdicts under the maps fade in as the verdict beat starts, with the balls at rest.
    start = beats["verdict"]["start"]
    assert escape_data.frame_state(d, start - 0.01)["outro"] == 0.0
    assert escape_data.frame_state(d, start + 0.61)["outro"] == 1.0
    assert escape_data.step_at(d, start - 0.01) == d["steps"]


def test_texts_show_the_settings():
    d = data_for(lr=0.03, momentum=0.85)
    gd, hb = escape_data.settings_text(d)
    assert gd == r"\alpha = 0.03" and hb == r"\alpha = 0.03,\ \ \beta = 0.85"
    assert "0.5" in d["landscape_tex"]


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_still_renders(tmp_path, backend):
    path = render_file(tmp_path, "escape", backend=backend, fmt="png", theme="dark" if backend == "mpl" else "light")
    image = read_png(path)
    assert image.shape == (H, W, 4)
    assert_not_blank(image)
    side = sidecar(path)
    assert side["outcome"]["ends_in"] == {"above": {"gradient_descent": "shallow", "momentum": "deep"},
                                          "inside": {"gradient_descent": "shallow", "momentum": "shallow"}}
    assert side["outcome"]["momentum_entered_shallow_well"] is True
    d = data_for()
    assert side["story"]["title"] == d["title"]
    for k, (gd, hb) in four_runs(d).items():  # the sidecar's numbers are the runs' own final values
        np.testing.assert_allclose(side["story"]["numbers"]["final_f"][k], [f(gd[-1]), f(hb[-1])], rtol=1e-9)


def test_video_moves(tmp_path):
    path = render_file(tmp_path, "escape", backend="mpl", fmt="mp4", sets={"steps": 24, "slow": 4, "speed": 24})
    frames, info = read_video(path)
    assert (info["width"], info["height"]) == (W, H)
    changed = np.abs(frames[0].astype(int) - frames[len(frames) // 2].astype(int)).sum(axis=2) > 60
    assert changed.mean() > 0.002
