"""The shared canvas: figure fractions, panels and font sizes, the same for both backends.

Scenes are designed on one 16:9 canvas in figure fractions: (0, 0) is its bottom left corner and (1, 1)
its top right, as in matplotlib's figure coordinates. matplotlib takes them as they are (`fig.text`,
`fig.add_axes(box)`); Manim's frame is FRAME_W x FRAME_H units centred on the origin, and `fig_point`
maps a fraction into it.

Other aspects (`ASPECTS`: 4:3, 1:1, 9:16) reflow the design rather than letterbox it. The `Canvas` in use
(`use(...)`, set by the frame loops of both backends) has the aspect's size, with the design's area in
square inches and 8 Manim units per FIG_H inches, so a point size means the same at every aspect, and the scene's
`scenes.kit.reflow.Flow`, which moves each zone of the design to its place on this canvas. `fig_point`,
`Panel.c2p`, `map_point` and `map_box` apply that move; the matplotlib side applies it to the figure's
artists after drawing (`scenes.kit.mpl.draw`). At 16:9 every map is the identity.

A `Panel` is a box of the canvas, (left, bottom, width, height) in figure fractions as `fig.add_axes`
takes it, showing the data limits xlim x ylim. `Panel.c2p` maps data to Manim scene points, landing where
a matplotlib Axes at the same box with the same limits draws them (`scenes.kit.mpl.panel_axes`
makes that Axes).

`text_size` and `tex_size` turn a matplotlib point size into the Manim font size that looks the same.

Nothing here imports Manim or matplotlib, so both backends import this module.
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from scenes.kit import reflow
from scenes.kit.theme import FIG_H, FIG_W

FRAME_H = 8.0  # the design canvas in Manim units (16:9)
FRAME_W = FRAME_H * FIG_W / FIG_H
UNITS_PER_INCH = FRAME_H / FIG_H
ASPECTS = {"16:9": (16, 9), "4:3": (4, 3), "1:1": (1, 1), "9:16": (9, 16)}
DESIGN = "16:9"


@dataclass(frozen=True)
class Canvas:
    """The canvas of one aspect ("16:9", "4:3", "1:1", "9:16") with the scene's flow (None: identity)."""

    aspect: str = DESIGN
    flow: reflow.Flow | None = field(default=None, compare=False)

    def __post_init__(self):
        if self.aspect not in ASPECTS:
            raise ValueError(f"unknown aspect {self.aspect!r}; choose one of {', '.join(ASPECTS)}")

    @property
    def size_in(self) -> tuple[float, float]:
        """Width and height in inches: the design's area (FIG_W x FIG_H) in this shape, so that as much
        text fits; 9:16 is FIG_H x FIG_W."""
        if self.aspect == DESIGN:
            return FIG_W, FIG_H
        a, b = ASPECTS[self.aspect]
        h = math.sqrt(FIG_W * FIG_H * b / a)
        return h * a / b, h

    @property
    def frame(self) -> tuple[float, float]:
        """Manim's frame_width and frame_height for this canvas."""
        if self.aspect == DESIGN:
            return FRAME_W, FRAME_H
        w, h = self.size_in
        return w * UNITS_PER_INCH, h * UNITS_PER_INCH

    def pixels(self, short: int) -> tuple[int, int]:
        """Output width and height in pixels for a quality whose 16:9 frame is `short` pixels high: as
        many pixels as that frame (the same pixels per inch), both even; 9:16 swaps 16:9's sides."""
        def even(v: float) -> int:
            return 2 * round(v / 2)

        design_w = even(short * FIG_W / FIG_H)
        if self.aspect == DESIGN:
            return design_w, short
        a, b = ASPECTS[self.aspect]
        h = math.sqrt(design_w * short * b / a)
        return even(h * a / b), even(h)

    @cached_property
    def zone_maps(self) -> dict:
        if self.flow is None or self.aspect == DESIGN:
            return {}
        return self.flow.arrange(self.aspect, *self.size_in)

    def map_point(self, fx, fy, anchor=None):
        """Design fractions -> this canvas's fractions, by the zone of `anchor` (default: the point)."""
        if not self.zone_maps:
            return np.asarray(fx, dtype=float), np.asarray(fy, dtype=float)
        ax, ay = anchor if anchor is not None else (fx, fy)
        xin, xout, yin, yout = self.zone_maps[reflow.zone_at(self.flow, float(ax), float(ay), self.zone_maps).name]
        return reflow.apply(xin, xout, fx), reflow.apply(yin, yout, fy)

    def map_box(self, box) -> tuple[float, float, float, float]:
        """A design (left, bottom, width, height) box -> its box on this canvas, by its centre's zone."""
        l, b, w, h = box
        centre = (l + w / 2, b + h / 2)
        (x0, x1), (y0, y1) = (map(float, v) for v in self.map_point([l, l + w], [b, b + h], anchor=centre))
        return (x0, y0, x1 - x0, y1 - y0)


_current = [Canvas()]


def current() -> Canvas:
    """The canvas being drawn on (16:9 unless a frame loop said otherwise)."""
    return _current[-1]


@contextmanager
def use(canvas: Canvas):
    """Draw on `canvas` inside the block."""
    _current.append(canvas)
    try:
        yield canvas
    finally:  # this very one: an unfinished frame loop elsewhere may still hold an equal canvas
        del _current[max(i for i, c in enumerate(_current) if c is canvas)]


def map_point(fx: float, fy: float) -> tuple[float, float]:
    """A design point, as fractions of the current canvas."""
    gx, gy = current().map_point(fx, fy)
    return float(gx), float(gy)


def map_box(box) -> tuple[float, float, float, float]:
    """A design box, as a box of the current canvas."""
    return current().map_box(box)

# Manim font sizes that match matplotlib point sizes on the shared canvas, measured as widths of the
# scenes' strings: a Text (DejaVu Sans) of font_size 1.13·pt is as wide as matplotlib text of pt points;
# a MathTex (Computer Modern) as wide as mathtext of pt points takes 1.42 to 1.49·pt, depending on the
# formula. Plain text never goes below MIN_TEXT, so that it stays readable at 854x480.
TEXT_SCALE, TEX_SCALE, MIN_TEXT = 1.13, 1.42, 18.0


def text_size(pt: float) -> float:
    """Manim Text font_size for matplotlib text of `pt` points."""
    return max(MIN_TEXT, TEXT_SCALE * pt)


def tex_size(pt: float) -> float:
    """Manim MathTex font_size for matplotlib mathtext of `pt` points."""
    return TEX_SCALE * pt


def two_lines(title: str) -> tuple[str, str]:
    """A line of text too wide for a narrow frame, in two: after its first "; " (two clauses), else after
    its first ": ", else at the space nearest its middle; ("...", "") where it has no space."""
    for mark in ("; ", ": "):
        if mark in title:
            first, rest = title.split(mark, 1)
            return first + mark.strip(), rest
    spaces = [i for i, ch in enumerate(title) if ch == " "]
    if not spaces:
        return title, ""
    cut = min(spaces, key=lambda i: abs(i - len(title) / 2))
    return title[:cut], title[cut + 1:]


def fig_point(fx: float, fy: float) -> np.ndarray:
    """A point of the design canvas given in figure fractions, as a Manim scene point of the current
    canvas (moved with its zone)."""
    c = current()
    gx, gy = c.map_point(fx, fy)
    fw, fh = c.frame
    return np.array([(float(gx) - 0.5) * fw, (float(gy) - 0.5) * fh, 0.0])


def at(mob, fx: float, fy: float, edge=None):
    """Move a Manim mobject so that its `edge` (LEFT, UR, ...; centre by default) sits at a point given
    in figure fractions, as matplotlib's ha/va place text; returns the mobject."""
    return mob.move_to(fig_point(fx, fy), aligned_edge=np.zeros(3) if edge is None else edge)


def box_center(box) -> np.ndarray:
    """The centre of a (left, bottom, width, height) box, as a Manim scene point."""
    left, bottom, w, h = box
    return fig_point(left + w / 2, bottom + h / 2)


def box_size(box) -> tuple[float, float]:
    """Width and height of a (left, bottom, width, height) design box on the current canvas, in Manim
    scene units."""
    c = current()
    _, _, w, h = c.map_box(box)
    fw, fh = c.frame
    return w * fw, h * fh


def fill_box(mob, box):
    """Stretch a Manim mobject over a (left, bottom, width, height) box; returns the mobject."""
    width, height = box_size(box)
    return mob.stretch_to_fit_width(width).stretch_to_fit_height(height).move_to(box_center(box))


def equal_aspect_box(left: float, bottom: float, width: float, xlim, ylim) -> tuple[float, float, float, float]:
    """The box of the given width (figure fraction) whose height makes one data unit equally long on
    both axes."""
    inches = width * FIG_W
    ratio = (ylim[1] - ylim[0]) / (xlim[1] - xlim[0])
    return (left, bottom, width, inches * ratio / FIG_H)


@dataclass(frozen=True)
class Panel:
    """A box on the canvas, (left, bottom, width, height) in figure fractions, showing data limits
    xlim x ylim; with `log` the y axis is logarithmic (ylim then holds positive values)."""

    box: tuple[float, float, float, float]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    log: bool = False

    def _ty(self, y):
        return np.log10(y) if self.log else y

    def _fractions(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        l, b, w, h = self.box
        y0, y1 = self._ty(self.ylim[0]), self._ty(self.ylim[1])
        fx = l + w * (x - self.xlim[0]) / (self.xlim[1] - self.xlim[0])
        fy = b + h * (self._ty(y) - y0) / (y1 - y0)
        return fx, fy

    def to_fig(self, xy) -> np.ndarray:
        """(n, 2) data points -> (n, 2) figure fractions."""
        xy = np.atleast_2d(np.asarray(xy, dtype=float))
        return np.column_stack(self._fractions(xy[:, 0], xy[:, 1]))

    def c2p(self, x, y) -> np.ndarray:
        """Data coordinates -> Manim scene points on the current canvas (moved with the box's zone).
        x and y broadcast against each other: scalars give shape (3,), arrays of shape (n,) give (n, 3)."""
        x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        c = current()
        l, b, w, h = self.box
        fx, fy = c.map_point(*self._fractions(x, y), anchor=(l + w / 2, b + h / 2))
        fw, fh = c.frame
        return np.stack([(fx - 0.5) * fw, (fy - 0.5) * fh, np.zeros_like(fx)], axis=-1)

    def to_manim(self, xy) -> np.ndarray:
        """(n, 2) data points -> (n, 3) Manim scene points."""
        xy = np.atleast_2d(np.asarray(xy, dtype=float))
        return self.c2p(xy[:, 0], xy[:, 1])

    def corner(self, fx: float, fy: float) -> np.ndarray:
        """A point given as fractions of this panel's box (0,0 lower left), as a Manim scene point."""
        c = current()
        l, b, w, h = self.box
        gx, gy = c.map_point(l + fx * w, b + fy * h, anchor=(l + w / 2, b + h / 2))
        fw, fh = c.frame
        return np.array([(float(gx) - 0.5) * fw, (float(gy) - 0.5) * fh, 0.0])
