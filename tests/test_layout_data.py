"""The layout check against what is drawn and against a least text size, in both backends.

Each kind of clash is drawn in a small figure (matplotlib) and a small scene (Manim) and must be found;
the same figure with the text moved clear, or with only furniture (axes, ticks, reference lines) or a
faded-out curve under the text, must not. Then today's three cases on the real scenes: a curve through
training's legend at upto=2 (the legend at its old corner), the rates marker ring over a tick label,
valley's f(x) label under a ball.
"""
from __future__ import annotations

import numpy as np
import pytest

import scenes
from scenes.kit.layout import Canvas
from scenes.kit.params import resolve
from scenes.kit.theme import FIG_H, FIG_W, THEMES
from scenes.output.frames.layout_check import (
    TextBox, manim_frames, min_text_px, mpl_frames, problems)
from scenes.output.frames.layout_marks import Mark

W, H = 854, 480
DARK = THEMES["dark"]


def _clashing(found: list[str], text: str) -> bool:
    """Whether a line of `found` says `text` lies on a mark (Manim's text keeps no spaces)."""
    want = repr(text.replace(" ", ""))
    return any(line.replace(" ", "").startswith(want) and "liesonwhatisdrawn" in line.replace(" ", "")
               for line in found)


# ------------------------------------------------------------------------------- geometry, no backend

@pytest.mark.parametrize("angle", np.linspace(0.0, np.pi, 13))
def test_a_segment_through_a_box_is_found_at_any_angle(angle):
    """A long segment through the box's centre at any angle crosses it; the same segment moved beyond
    the box's half diagonal does not."""
    box = TextBox("label", 100, 100, 160, 120)
    d = np.array([np.cos(angle), np.sin(angle)])
    centre = np.array([130.0, 110.0])
    through = Mark("curve", segments=np.array([[centre - 200 * d, centre + 200 * d]]))
    normal = np.array([-d[1], d[0]])
    beside = Mark("curve", segments=np.array([[centre + 40 * normal - 200 * d, centre + 40 * normal + 200 * d]]))
    assert _clashing(problems([box], W, H, marks=[through]), "label")
    assert problems([box], W, H, marks=[beside]) == []


def test_a_box_mark_clashes_unless_it_holds_the_text():
    box = TextBox("label", 100, 100, 160, 120)
    ball = Mark("ball", boxes=np.array([[150.0, 105.0, 170.0, 125.0]]))
    ground = Mark("map", boxes=np.array([[50.0, 50.0, 300.0, 300.0]]))
    apart = Mark("ball", boxes=np.array([[170.0, 100.0, 190.0, 120.0]]))
    assert _clashing(problems([box], W, H, marks=[ball]), "label")
    assert problems([box], W, H, marks=[ground, apart]) == []


@pytest.mark.parametrize("short", [480, 720, 1080, 2160])
def test_least_text_size_grows_with_the_quality(short):
    """9 px on the 480-pixel frame, in proportion above it; a text just under it is named, one at it is not."""
    least = 9.0 * short / 480
    assert min_text_px(short) == pytest.approx(least)
    small = TextBox("tiny", 10, 10, 40, 20, size=least * 0.97)
    fine = TextBox("fine", 10, 40, 40, 60, size=least)
    found = problems([small, fine], 4000, 4000, min_size=min_text_px(short))
    assert len(found) == 1 and found[0].startswith("'tiny' is")


# ------------------------------------------------------------------------------------------ matplotlib

def _mpl(build, times=(0.0,)):
    """Frames of a tiny matplotlib 'scene' whose draw function is `build(fig)` (returns nothing)."""
    def draw_mpl(fig, data, theme):
        build(fig)
        return lambda t: None

    return list(mpl_frames(draw_mpl, {}, DARK, W, H, times))


def _axes(fig):
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    return ax


@pytest.mark.parametrize("y", [0.2, 0.5, 0.8])
def test_mpl_finds_a_curve_through_a_legend(y):
    """The training case in small: a legend's text with a curve drawn through it, at several heights."""
    def build(fig):
        ax = _axes(fig)
        ax.plot([0, 1], [y, y + 0.02], color="red", animated=True)
        ax.text(0.5, y, "plain SGD", ha="center", va="center", fontsize=14)
        ax.text(0.5, (y + 0.35) % 1.0, "momentum", ha="center", va="center", fontsize=14)

    (_, boxes, marks), = _mpl(build)
    found = problems(boxes, W, H, marks=marks)
    assert _clashing(found, "plain SGD") and not _clashing(found, "momentum")


def test_mpl_finds_a_marker_ring_over_a_tick_label():
    """The rates case in small: a ring marker drawn unclipped at (2, 0) on the bottom spine, over the
    tick label '2' below it; the same ring at (2, 0.5) is clear of every label."""
    def build_at(y):
        def build(fig):
            ax = fig.add_axes((0.1, 0.15, 0.8, 0.75))
            ax.set_xlim(0, 4)
            ax.set_ylim(0, 1)
            ax.set_xticks([0, 1, 2, 3, 4])
            ax.tick_params(labelsize=13)
            ax.plot([2.0], [y], "o", ms=24, mfc="none", mec="white", mew=3, clip_on=False)
        return build

    (_, boxes, marks), = _mpl(build_at(0.0))
    assert _clashing(problems(boxes, W, H, marks=marks), "2")
    (_, boxes, marks), = _mpl(build_at(0.5))
    assert problems(boxes, W, H, marks=marks) == []


def test_mpl_finds_an_arrow_and_an_image_but_not_furniture_or_faded_curves():
    def build(fig):
        ax = _axes(fig)
        ax.axhline(0.5, color="grey")                                   # a reference line: furniture
        ax.text(0.5, 0.5, "on the target line", ha="center", va="center")
        ax.plot([0, 1], [0.3, 0.3], color="red", alpha=0.0)              # faded out
        ax.text(0.5, 0.3, "under a faded curve", ha="center", va="center")
        ax.annotate("", xy=(0.9, 0.8), xytext=(0.6, 0.8), arrowprops=dict(arrowstyle="-|>", lw=3))
        ax.text(0.75, 0.8, "under an arrow", ha="center", va="center")
        ax.imshow(np.zeros((4, 4)), extent=(0.0, 0.2, 0.0, 0.2), zorder=0)
        ax.text(0.2, 0.1, "half on a map", ha="center", va="center")

    (_, boxes, marks), = _mpl(build)
    found = problems(boxes, W, H, marks=marks)
    assert _clashing(found, "under an arrow") and _clashing(found, "half on a map")
    assert not _clashing(found, "on the target line") and not _clashing(found, "under a faded curve")
    assert not any("'0." in line or "'1." in line for line in found)  # tick labels beside their ticks


@pytest.mark.parametrize("pt", [6.0, 9.0, 13.0])
def test_mpl_text_size_in_pixels(pt):
    """A text of pt points is pt·dpi/72 px, dpi = W / FIG_W; below the least size it is named."""
    def build(fig):
        fig.text(0.5, 0.5, "size", fontsize=pt)

    (_, boxes, _marks), = _mpl(build)
    assert boxes[0].size == pytest.approx(pt * (W / FIG_W) / 72)
    found = problems(boxes, W, H, min_size=min_text_px(480))
    assert bool(found) == (pt * (W / FIG_W) / 72 < 9.0)


# ----------------------------------------------------------------------------------------------- Manim

def _manim(build, times=(0.0,)):
    import manim as mn

    class Tiny(mn.Scene):
        def build(self):
            build(self)
            return mn.ValueTracker(0.0)

    return list(manim_frames(Tiny, {}, DARK, W, H, 15, times))


def test_manim_finds_a_ball_on_a_label_and_a_curve_through_a_legend():
    """The valley case in small (a ball on an axis label) and the training case (a curve through a
    legend's text); a label beside the ball and a label over a backdrop (a contour map) are clear."""
    import manim as mn

    from scenes.kit.manim import text

    def build(scene):
        label = text("f(x)", "#ffffff", 24).move_to([-4, 2, 0])
        scene.add(label, mn.Dot([-3.85, 2.0, 0], radius=0.14, color="#ff0000"))
        legend = text("plain SGD", "#ffffff", 20).move_to([2, 0, 0])
        scene.add(legend, mn.VMobject(stroke_color="#ff0000", stroke_width=4)
                  .set_points_as_corners([[0, -1, 0], [4, 1, 0]]))
        scene.add(text("beside", "#ffffff", 20).move_to([-4, -2, 0]), mn.Dot([-2.6, -2, 0], radius=0.14))
        backdrop = mn.VMobject(stroke_color="#888888").set_points_as_corners([[3, -3, 0], [6, -2, 0]])
        backdrop.backdrop = True
        scene.add(backdrop, text("on the map", "#ffffff", 20).move_to([4.5, -2.5, 0]))

    (_, boxes, marks), = _manim(build)
    found = problems(boxes, W, H, marks=marks)
    assert _clashing(found, "f(x)") and _clashing(found, "plain SGD")
    assert not _clashing(found, "beside") and not _clashing(found, "on the map")


def test_manim_text_size_matches_matplotlib_points():
    """text_size(pt) and tex_size(pt) undone: pt·dpi/72 px, also for a label turned a quarter."""
    import manim as mn

    from scenes.kit.layout import tex_size, text_size
    from scenes.kit.manim import text

    def build(scene):
        scene.add(text("ticks 0.25", "#ffffff", text_size(20)).move_to([-3, 0, 0]))
        scene.add(text("loss f(x)", "#ffffff", text_size(20)).rotate(np.pi / 2).move_to([0, 0, 0]))
        scene.add(mn.MathTex(r"\alpha = 0.5", font_size=tex_size(20)).move_to([3, 0, 0]))

    (_, boxes, _marks), = _manim(build)
    assert len(boxes) == 3
    for b in boxes:
        assert b.size == pytest.approx(20 * (W / FIG_W) / 72, rel=0.02), b


# ------------------------------------------------------------------------------------ the real scenes

def _scene_problems(name, case, backend, times_at, aspect="16:9"):
    spec = scenes.get(name)
    data = spec.make_data(resolve(spec.params, case, name))
    canvas = Canvas(aspect, spec.flow)
    w, h = canvas.pixels(H)
    d = float(spec.duration(data))
    times = [f * d for f in times_at]
    if backend == "mpl":
        frames = mpl_frames(spec.draw_mpl, data, DARK, w, h, times, canvas=canvas)
    else:
        frames = manim_frames(spec.manim_scene(), data, DARK, w, h, 15, times, canvas=canvas)
    return data, [line for _, boxes, marks in frames for line in problems(boxes, w, h, marks=marks)]


def test_training_legend_in_its_old_corner_is_crossed_at_upto_2(monkeypatch):
    """Before the fix the legend sat in the upper right, where the curves of a 2-epoch run pass: the
    check names legend rows. The legend now takes a corner the curves leave free, at every upto."""
    import scenes.training.layout as TL

    monkeypatch.setattr(TL, "CORNERS", ((1, 1),))
    data, found = _scene_problems("training", {"upto": 2}, "mpl", (0.5, 1.0))
    legend = list(data["words"]["legend"].values())
    assert sum(_clashing(found, t) for t in legend) >= 2, found
    monkeypatch.undo()
    for upto in (2, 3, 5, 150, 2000):
        data, found = _scene_problems("training", {"upto": upto}, "mpl", (0.25, 0.5, 0.75, 1.0))
        assert not any(_clashing(found, t) for t in data["words"]["legend"].values()), (upto, found)


def test_training_legend_is_clear_in_manim_at_upto_2():
    data, found = _scene_problems("training", {"upto": 2}, "manim", (0.5, 1.0))
    assert not any(_clashing(found, t) for t in data["words"]["legend"].values()), found


@pytest.mark.parametrize("case", [{}, {"lr": 0.8, "momentum": 0.99}, {"momentum": 0.3}])
def test_valley_label_is_clear_of_the_balls_in_manim(case):
    """Manim's f(x) label: nothing drawn lies on it at the start, the middle and the end, including a
    run that rolls back past the left edge (lr 0.8, momentum 0.99)."""
    _, found = _scene_problems("valley", case, "manim", (0.15, 0.4, 0.66, 1.0))
    assert not _clashing(found, "f(x)"), found


def test_rates_marker_is_clear_of_the_tick_labels():
    """The ring on the stability line at beta = 0 sits on the bottom spine, above the tick label '2'."""
    _, found = _scene_problems("rates", {"alpha_lambda": 2.0, "beta": 0.0}, "mpl", (0.15, 0.3, 0.6, 1.0))
    assert not any(line.startswith(repr(str(v))) and "marker" in line for v in (0, 1, 2, 3, 4)
                   for line in found), found


# ------------------------------------------------------------------- narrow frames, after the fixes

NARROW = [("valley", {"experiment": "article", "momentum": 0.99}), ("valley", {"lr": 0.8, "momentum": 0.99}),
          ("conventions", {}), ("training", {}), ("training", {"upto": 2}), ("escape", {}),
          ("milestones", {"run": "custom", "alpha_lambda": 3.0, "beta": 0.5})]


@pytest.mark.parametrize("item", NARROW, ids=[f"{n}-{c}" for n, c in NARROW])
def test_narrow_frames_keep_text_readable_and_off_the_data(item):
    """At 9:16 (and the milestones case at 16:9 too) nothing drawn lies on a text, no text overlaps another
    or leaves the frame, and none is below the least size: long lines break rather than shrink."""
    name, case = item
    spec = scenes.get(name)
    data = spec.make_data(resolve(spec.params, case, name))
    d = float(spec.duration(data))
    for aspect in ("9:16", "16:9") if name == "milestones" else ("9:16",):
        canvas = Canvas(aspect, spec.flow)
        w, h = canvas.pixels(H)
        for t, boxes, marks in mpl_frames(spec.draw_mpl, data, DARK, w, h, [0.3 * d, 0.6 * d, d], canvas=canvas):
            assert problems(boxes, w, h, marks=marks, min_size=min_text_px(H)) == [], (aspect, t)


def test_manim_y_label_stays_readable_on_a_narrow_frame():
    """decay's Manim y label ('weight'), left of its tick labels, is kept inside a 9:16 frame rather than
    shrunk by the frame loop below the least size."""
    spec = scenes.get("decay")
    data = spec.make_data(resolve(spec.params, {}, "decay"))
    canvas = Canvas("9:16", spec.flow)
    w, h = canvas.pixels(H)
    (_, boxes, marks), = manim_frames(spec.manim_scene(), data, DARK, w, h, 15, [float(spec.duration(data))],
                                      canvas=canvas)
    assert problems(boxes, w, h, marks=marks, min_size=min_text_px(H)) == []
