"""The Manim backend: precompute, then animate with one ValueTracker as the clock.

A scene subclasses `DataScene` and implements `build()`: it adds its mobjects (reading `self.data` and
`self.theme`), attaches updaters that index the precomputed data by the clock's value (seconds), and
returns the clock. Standalone, `manim -ql scenes/valley/manim.py ValleyScene` plays the clock from 0 to the
scene's duration in a single `self.play`. The pipeline instead sets the clock to each frame time itself and
pulls frames from the renderer, so that both backends share one timeline, the still of the final frame
costs one frame, and nothing is written to disk but the cache of typeset formulas.

Scenes build their mobjects with the helpers here: `text`, `formula` and `LiveText` for type, `spines`
and `box_rectangle` for boxes of `scenes.kit.layout`'s canvas, `set_polyline`/`show_polyline` for curves that
change every frame, and `live` for the group of moving mobjects, redrawn from the clock's time each frame.

Under Manim's CLI, `MOMENTUM_ANIM_SET="momentum=0.3;steps=80"` and `MOMENTUM_ANIM_THEME=light` set the
parameters and theme (`scenes.kit.slides`); with manim-slides installed the scene pauses at each beat.
"""
from __future__ import annotations

import shutil
import sys
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import manim as mn
import numpy as np

from scenes.kit.layout import box_center, box_size, fig_point
from scenes.kit.slides import data_from_env, play, scene_base
from scenes.kit.theme import DARK, FONT, Theme


@lru_cache(maxsize=1)
def latex_available() -> bool:
    return shutil.which("latex") is not None and shutil.which("dvisvgm") is not None


@lru_cache(maxsize=1)
def _warn_no_latex() -> None:
    print("warning: LaTeX or dvisvgm not found; formulas are typeset with matplotlib's mathtext",
          file=sys.stderr)


def formula(tex: str, color: str, font_size: float = 36) -> mn.VMobject:
    """Typeset `tex` (mathtext-compatible LaTeX, no surrounding $) with MathTex, or mathtext without LaTeX."""
    if latex_available():
        return mn.MathTex(tex, color=color, font_size=font_size)
    _warn_no_latex()
    return _mathtext_svg(tex, color, font_size)


def _mathtext_svg(tex: str, color: str, font_size: float) -> mn.VMobject:
    import hashlib

    import matplotlib
    from matplotlib import mathtext
    from matplotlib.font_manager import FontProperties

    folder = Path(mn.config.media_dir) / "mathtext"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (hashlib.sha1(tex.encode()).hexdigest()[:16] + ".svg")
    if not path.exists():
        with matplotlib.rc_context({"svg.fonttype": "path", "mathtext.fontset": "cm"}):
            mathtext.math_to_image(f"${tex}$", str(path), prop=FontProperties(size=20), format="svg")
    mob = mn.SVGMobject(str(path), height=None, fill_color=color, stroke_width=0)
    # 20 pt mathtext in SVG points -> scene units, matched to MathTex's size at the same font_size.
    mob.scale(0.0255 * font_size / 48)
    mob.set_color(color)
    mob.is_text = True  # the layout check measures it as text
    return mob


def text(s: str, color: str, font_size: float = 28, weight: str = mn.NORMAL) -> mn.Text:
    return mn.Text(s, font=FONT, color=color, font_size=font_size, weight=weight)


class LiveText(mn.VGroup):
    """Text that changes every frame (a step counter, a value), cheaply.

    Building a `Text` costs tens of milliseconds, so each character is rendered once (per colour and
    size, shared by all instances) and strings are composed from copies of those glyphs. The left
    edge stays where `anchor` puts it.
    """

    _glyphs: dict = {}

    def __init__(self, value: str, color: str, font_size: float = 28, **kwargs):
        super().__init__(**kwargs)
        self.color_, self.size_ = color, font_size
        self.string = None
        self.anchor_point, self.anchor_edge = mn.ORIGIN.copy(), mn.LEFT
        self._pool: dict[str, list] = {}
        self.set_text(value)

    def _glyph(self, ch: str, k: int) -> tuple[mn.VMobject, float, float]:
        """The k-th instance of a glyph, its baseline offset and its left bearing, against a '0'."""
        key = (ch, self.color_, self.size_)
        if key not in self._glyphs:
            pair = text("0" + ch, self.color_, self.size_)
            ref, glyph = pair[0], pair[1]
            self._glyphs[key] = (glyph, glyph.get_bottom()[1] - ref.get_bottom()[1],
                                 glyph.get_left()[0] - ref.get_right()[0])
        glyph, dy, gap = self._glyphs[key]
        pool = self._pool.setdefault(ch, [])
        while len(pool) <= k:  # copies are slow: each instance is made once and reused
            pool.append(glyph.copy())
        return pool[k], dy, gap

    def set_text(self, value: str) -> "LiveText":
        if value == self.string:
            return self
        self.string = value
        parts, used, x = [], {}, 0.0
        space = 0.28 * self.size_ / 48
        for ch in value:
            if ch == " ":
                x += space
                continue
            glyph, dy, gap = self._glyph(ch, used.get(ch, 0))
            used[ch] = used.get(ch, 0) + 1
            glyph.move_to([x + gap, dy, 0], aligned_edge=mn.DL)
            x = glyph.get_right()[0]
            parts.append(glyph)
        self.submobjects = parts
        self.place(self.anchor_point, self.anchor_edge)
        return self

    def place(self, point, edge=mn.LEFT) -> "LiveText":
        """Pin the text's `edge` (LEFT, RIGHT or ORIGIN for centre) to `point`; kept on every change."""
        self.anchor_point, self.anchor_edge = np.array(point, dtype=float), edge
        if self.submobjects:
            self.move_to(self.anchor_point, aligned_edge=edge)
        return self


def spines(box, color: str, stroke_width: float = 2) -> mn.VGroup:
    """The bottom and left edges of a (left, bottom, width, height) box in figure fractions, as a
    matplotlib Axes draws its spines: VGroup(bottom, left)."""
    left, bottom, w, h = box
    corner = fig_point(left, bottom)
    return mn.VGroup(mn.Line(corner, fig_point(left + w, bottom), color=color, stroke_width=stroke_width),
                     mn.Line(corner, fig_point(left, bottom + h), color=color, stroke_width=stroke_width))


def box_rectangle(box, **style) -> mn.Rectangle:
    """A Rectangle covering a (left, bottom, width, height) box in figure fractions; `style` goes to
    mn.Rectangle (stroke_color, fill_color, fill_opacity, ...)."""
    width, height = box_size(box)
    return mn.Rectangle(width=width, height=height, **style).move_to(box_center(box))


def set_polyline(mob: mn.VMobject, points: np.ndarray) -> mn.VMobject:
    """Make a VMobject the polyline through `points` ((n, 3), n >= 1); a single point becomes a
    zero-length segment, which draws nothing."""
    if len(points) < 2:
        points = np.vstack([points, points])
    mob.set_points_as_corners(points)
    return mob


def show_polyline(mob: mn.VMobject, points: np.ndarray, opacity: float = 1.0) -> mn.VMobject:
    """Make a VMobject the polyline through `points` ((n, 3)) with stroke opacity `opacity`, or hide it
    (stroke opacity 0) when there are fewer than two points."""
    if len(points) >= 2:
        mob.set_points_as_corners(points)
        mob.set_stroke(opacity=opacity)
    else:
        mob.set_points_as_corners(np.zeros((2, 3)))
        mob.set_stroke(opacity=0)
    return mob


class DataScene(scene_base()):
    """A Manim scene that draws precomputed `sim` data; see the module docstring. Under Manim's CLI its
    parameters and theme come from the environment, and with manim-slides it is a Slide that pauses at
    every beat (`scenes.kit.slides`)."""

    scene_name: str = ""
    data: dict | None = None
    theme: Theme = DARK
    skip_reversing = True  # manim-slides: no reversed copies of the segments (slow, and unused here)

    def build(self) -> mn.ValueTracker:  # pragma: no cover - every scene overrides it
        raise NotImplementedError

    def construct(self) -> None:
        from scenes.kit.registry import registered

        spec = registered(self.scene_name)
        if self.data is None:
            self.data, self.theme = data_from_env(spec)
        self.camera.background_color = self.theme.background
        clock = self.build()
        play(self, clock, spec.story(self.data), float(spec.duration(self.data)))


def live(clock: mn.ValueTracker, update, *mobjects: mn.Mobject) -> mn.VGroup:
    """The mobjects as one VGroup that calls update(t) with the clock's time on every frame (and now)."""
    group = mn.VGroup(*mobjects)
    group.add_updater(lambda _mob: update(clock.get_value()))
    update(clock.get_value())
    return group
