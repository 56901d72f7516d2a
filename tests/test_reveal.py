"""Beats that build up: every clip opens with a setup beat that draws its picture piece by piece.

At t = 0 a frame shows the title and little else; during the setup beat the curve is partly drawn; once
the beat is over the picture is exactly the one the scene draws without the reveal; and both backends show
the same texts at the same moments.
"""
from __future__ import annotations

import numpy as np
import pytest

import scenes
from scenes.kit import reveal, story, timeline
from scenes.kit.params import resolve
from scenes.kit.theme import THEMES
from scenes.output.frames.layout_check import manim_boxes, mpl_boxes
from scenes.output.frames.manim_frames import render_frames as manim_frames
from scenes.output.frames.mpl_frames import render_frames as mpl_frames
from scenes.output.plan.pipeline import QUALITIES

W, H, FPS = QUALITIES["low"]
DARK = THEMES["dark"]
# The scenes built with the reveal (a new scene joins this list when its storyboard opens with "setup").
REVEALED = ("valley", "ball-view", "ravine", "momentum-rate", "sine", "decay", "conventions", "derivatives",
            "flavours", "escape", "rates", "training", "compare")


def data_of(name: str, **over) -> tuple:
    spec = scenes.get(name)
    return spec, spec.make_data(resolve(spec.params, dict(over), name))


def ink(frame: np.ndarray) -> np.ndarray:
    """Where a frame differs from the dark theme's background (boolean mask)."""
    bg = np.array([int(DARK.background[i:i + 2], 16) for i in (1, 3, 5)])
    return np.abs(frame[..., :3].astype(int) - bg).sum(axis=-1) > 30


def without(mask: np.ndarray, box) -> np.ndarray:
    """The mask with a text's box (pixels, y up, as the layout check measures it) cleared, 2 px around."""
    out = mask.copy()
    rows = slice(max(H - int(np.ceil(box.y1)) - 2, 0), H - int(box.y0) + 2)
    out[rows, max(int(box.x0) - 2, 0):int(np.ceil(box.x1)) + 2] = False
    return out


def everything_at_once(monkeypatch) -> None:
    """Make every role of every schedule complete from the first frame: the scenes as drawn without reveal."""
    monkeypatch.setattr(reveal.Schedule, "progress", lambda self, t, role: 1.0)
    monkeypatch.setattr(reveal.Schedule, "alpha", lambda self, t, role: 1.0)


# ------------------------------------------------------------------------------------------- schedule

def test_schedule_follows_the_setup_beat_in_a_teachers_order():
    s = story.make_story("T", [reveal.setup_beat("Built.", 4.0), story.beat("run", 4.0, 9.0, "Runs."),
                               story.beat("verdict", 9.0, 11.0, "Says.")])
    sched = reveal.schedule(s)
    starts = [sched.times[r][0] for r in ("title", "axes", "curve", "balls")]
    assert starts == sorted(starts) and starts[0] == 0.0
    active = 4.0 - reveal.HOLD  # the beat ends with HOLD seconds in which nothing changes
    assert sched.done("balls") == pytest.approx(active)
    assert sched.times["axes"] == pytest.approx((active / 8, active * (1 / 3 - 1 / 8)))
    assert sched.times["verdict"][0] == 9.0
    assert sched.alpha(0.0, "title") == 1.0 and sched.alpha(0.0, "axes") == 0.0
    a0, length = sched.times["curve"]
    u = 0.3
    assert sched.alpha(a0 + u * length, "curve") == pytest.approx(3 * u * u - 2 * u ** 3)
    assert sched.progress(a0 + u * length, "curve") == pytest.approx(u)
    with pytest.raises(story.StoryError):
        reveal.schedule(story.make_story("T", [story.beat("lead", 0, 1, "No setup.")]))


def test_partial_line_is_the_first_fraction_of_the_points():
    pts = np.array([[0.0, 0.0], [1.0, 2.0], [2.0, 0.0], [4.0, 4.0]])
    np.testing.assert_allclose(reveal.partial_line(pts, 0.5), [[0, 0], [1, 2], [1.5, 1.0]])  # index 1.5 of 3
    np.testing.assert_allclose(reveal.partial_line(pts, 1.0), pts)
    np.testing.assert_allclose(reveal.partial_line(pts, 0.0), [[0, 0]])
    np.testing.assert_allclose(reveal.partial_line(pts, 2 / 3), pts[:3])


@pytest.mark.parametrize("name", REVEALED)
def test_every_scene_opens_with_the_setup_beat(name):
    spec, d = data_of(name)
    first = spec.story(d)["beats"][0]
    assert first["name"] == "setup" and first["start"] == 0.0 and first["end"] >= reveal.SETUP - 1e-9


# ---------------------------------------------------------------------------------------- matplotlib

@pytest.mark.parametrize("name", REVEALED)
def test_first_frame_shows_the_title_and_little_else(name):
    spec, d = data_of(name)
    title = spec.story(d)["title"]
    end = reveal.schedule(spec.story(d)).done("balls")
    (_, first), (_, built) = mpl_boxes(spec.draw_mpl, d, DARK, W, H, [0.0, end])
    assert [b.text for b in first] == [title], f"{name}: at t = 0 the texts shown are {[b.text for b in first]}"
    assert len(built) > 3
    start, done = mpl_frames(spec.draw_mpl, d, DARK, W, H, [0.0, end])
    # Outside the title's box the first frame is (nearly) background; by the end of the setup it is not.
    rest_start, rest_done = without(ink(start), first[0]).sum(), without(ink(done), first[0]).sum()
    assert rest_start <= 0.01 * rest_done and rest_done > 2000, f"{name}: {rest_start} of {rest_done} px"


@pytest.mark.parametrize("name", REVEALED)
def test_after_the_setup_beat_the_picture_is_the_scenes_own(name, monkeypatch):
    spec, d = data_of(name)
    t = spec.story(d)["beats"][0]["end"]
    (revealed,) = [f.copy() for f in mpl_frames(spec.draw_mpl, d, DARK, W, H, [0.0, t])][1:]
    everything_at_once(monkeypatch)
    (plain,) = list(mpl_frames(spec.draw_mpl, d, DARK, W, H, [t]))
    assert np.array_equal(revealed, plain), f"{name}: {(revealed != plain).any(axis=-1).sum()} pixels differ"


def test_the_valley_is_drawn_from_left_to_right():
    """Halfway through the curve's part of the setup, the curve's pixels reach about halfway across."""
    spec, d = data_of("valley")
    sched = reveal.schedule(d["story"])
    a0, length = sched.times["curve"]
    curve = np.array([int(DARK.curve[i:i + 2], 16) for i in (1, 3, 5)])
    for backend in ("mpl", "manim"):
        times = [a0 + 0.5 * length, sched.done("curve")]
        if backend == "mpl":
            half, whole = mpl_frames(spec.draw_mpl, d, DARK, W, H, times)
        else:
            half, whole = manim_frames(spec.manim_scene(), d, DARK, W, H, FPS, times)
        cols = [np.nonzero((np.abs(f[..., :3].astype(int) - curve).sum(axis=-1) < 40).any(axis=0))[0]
                for f in (half, whole)]
        right_half, right_whole = cols[0].max(), cols[1].max()
        left = cols[1].min()
        # The curve's points are evenly spaced in x: half of them reach half of its width.
        assert abs((right_half - left) / (right_whole - left) - 0.5) < 0.06, backend
        assert len(cols[0]) < 0.6 * len(cols[1]), backend


# ---------------------------------------------------------------------------------------- both backends

@pytest.mark.parametrize("name", ["valley", "ravine", "decay", "compare"])
def test_both_backends_show_the_same_words_at_the_same_moments(name, tmp_path):
    spec, d = data_of(name)
    s = spec.story(d)
    sched = reveal.schedule(s)
    # Manim's Text keeps its string without spaces, and matplotlib's formulas are wrapped in $...$.
    squeeze = lambda text: "".join(text.replace("$", "").split())  # noqa: E731
    words = {squeeze(w) for w in (s["title"], *s["labels"])}
    mid = {r: sched.times[r][0] + 0.5 * sched.times[r][1] for r in ("axes", "balls")}
    # Moments away from the middle of a fade, where one backend's rounding could tip a text over the
    # visibility threshold: before, after and well inside each role.
    times = [0.0, sched.times["axes"][0] - 0.05, mid["axes"], sched.done("balls") + 0.05, spec.duration(d)]
    seen = {}
    for backend, boxes in (("mpl", mpl_boxes(spec.draw_mpl, d, DARK, W, H, times)),
                           ("manim", manim_boxes(spec.manim_scene(), d, DARK, W, H, FPS, times,
                                                 cache_dir=tmp_path))):
        seen[backend] = [sorted({squeeze(b.text) for b in shown} & words) for _, shown in boxes]
    assert seen["mpl"] == seen["manim"]
    assert seen["mpl"][0] == [squeeze(s["title"])]
    assert len(seen["mpl"][3]) > 1 and len(seen["mpl"][2]) >= 1


@pytest.mark.parametrize("name", ["valley", "compare"])
def test_manim_after_the_setup_beat_is_the_scenes_own(name, monkeypatch):
    spec, d = data_of(name)
    t = d["story"]["beats"][0]["end"]
    revealed = [f.copy() for f in manim_frames(spec.manim_scene(), d, DARK, W, H, FPS, [0.0, t])][1]
    everything_at_once(monkeypatch)
    (plain,) = [f.copy() for f in manim_frames(spec.manim_scene(), d, DARK, W, H, FPS, [t])]
    diff = np.abs(revealed.astype(int) - plain.astype(int))
    assert diff.max() <= 2, f"{(diff > 2).any(axis=-1).sum()} pixels differ"


# ------------------------------------------------------------------------------------- holds in a clip

def test_unpause_stands_still_for_each_pause():
    """Against a clock stepped by hand: the content advances with the clip except while it holds."""
    pauses = [(2.0, 1.0), (5.0, 0.5)]
    dt, c, held, expected = 0.25, 0.0, {2.0: 0.0, 5.0: 0.0}, []
    ts = np.arange(0.0, 9.0, dt)
    for _ in ts:
        expected.append(c)
        if c in held and held[c] < dict(pauses)[c]:
            held[c] += dt
        else:
            c += dt
    assert [timeline.unpause(t, pauses) for t in ts] == pytest.approx(expected)
    assert timeline.paused(2.0, pauses) == 2.0 and timeline.paused(2.5, pauses) == 3.5
    assert timeline.paused(6.0, pauses) == 7.5


@pytest.mark.parametrize("name,beat", [("conventions", "rise"), ("sine", "start"), ("training", "early"),
                                       ("compare", "race")])
def test_a_beat_ends_on_a_still_picture(name, beat):
    spec, d = data_of(name)
    end = story.beat_named(spec.story(d), beat)["end"]
    frames = [f.copy() for f in mpl_frames(spec.draw_mpl, d, DARK, W, H,
                                           [end - reveal.HOLD + 0.05, end - 0.05, end + 0.3])]
    assert np.array_equal(frames[0], frames[1]), f"{name}: the picture moves during the pause"
    assert not np.array_equal(frames[1], frames[2]), f"{name}: nothing moves after the pause"
