"""The shared canvas: figure fractions, panels and font sizes, the same for both backends.

Scenes are laid out on one 16:9 canvas in figure fractions: (0, 0) is its bottom left corner and (1, 1)
its top right, as in matplotlib's figure coordinates. matplotlib takes them as they are (`fig.text`,
`fig.add_axes(box)`); Manim's frame is FRAME_W x FRAME_H units centred on the origin, and `fig_point`
maps a fraction into it.

A `Panel` is a box of the canvas, (left, bottom, width, height) in figure fractions as `fig.add_axes`
takes it, showing the data limits xlim x ylim. `Panel.c2p` maps data to Manim scene points, landing where
a matplotlib Axes at the same box with the same limits draws them (`scenes.kit.mpl.panel_axes`
makes that Axes).

`text_size` and `tex_size` turn a matplotlib point size into the Manim font size that looks the same.

Nothing here imports Manim or matplotlib, so both backends import this module.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenes.kit.theme import FIG_H, FIG_W

FRAME_H = 8.0
FRAME_W = FRAME_H * FIG_W / FIG_H

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


def fig_point(fx: float, fy: float) -> np.ndarray:
    """A point of the canvas given in figure fractions, as a Manim scene point."""
    return np.array([(fx - 0.5) * FRAME_W, (fy - 0.5) * FRAME_H, 0.0])


def at(mob, fx: float, fy: float, edge=None):
    """Move a Manim mobject so that its `edge` (LEFT, UR, ...; centre by default) sits at a point given
    in figure fractions, as matplotlib's ha/va place text; returns the mobject."""
    return mob.move_to(fig_point(fx, fy), aligned_edge=np.zeros(3) if edge is None else edge)


def box_center(box) -> np.ndarray:
    """The centre of a (left, bottom, width, height) box, as a Manim scene point."""
    left, bottom, w, h = box
    return fig_point(left + w / 2, bottom + h / 2)


def box_size(box) -> tuple[float, float]:
    """Width and height of a (left, bottom, width, height) box, in Manim scene units."""
    return box[2] * FRAME_W, box[3] * FRAME_H


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
        """Data coordinates -> Manim scene points. x and y broadcast against each other: scalars give
        shape (3,), arrays of shape (n,) give (n, 3)."""
        x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        fx, fy = self._fractions(x, y)
        return np.stack([(fx - 0.5) * FRAME_W, (fy - 0.5) * FRAME_H, np.zeros_like(fx)], axis=-1)

    def to_manim(self, xy) -> np.ndarray:
        """(n, 2) data points -> (n, 3) Manim scene points."""
        xy = np.atleast_2d(np.asarray(xy, dtype=float))
        return self.c2p(xy[:, 0], xy[:, 1])

    def corner(self, fx: float, fy: float) -> np.ndarray:
        """A point given as fractions of this panel's box (0,0 lower left), as a Manim scene point."""
        l, b, w, h = self.box
        return fig_point(l + fx * w, b + fy * h)
