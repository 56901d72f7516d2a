"""Plain 2-D plots drawn the same way by both backends: one panel layout in figure fractions.

A panel is a rectangle of the shared 16:9 canvas given as (left, bottom, width, height) fractions of
the figure, as matplotlib's `fig.add_axes` takes it. matplotlib draws it as an Axes; Manim draws the
same rectangle with `ManimPanel`, whose `c2p` maps data coordinates to scene points. Ticks and their
labels come from `ticks`/`tick_label`, so both backends print the same numbers at the same places.

`partial(xs, ys, s)` is the growing-curve helper: the polyline of the first s samples (s fractional).
"""
from __future__ import annotations

import math

import numpy as np

MINUS = "\u2212"

# Manim font sizes that match matplotlib point sizes on the shared canvas (measured: a Manim Text of
# font_size 1.135·pt and a MathTex of 1.46·pt are as wide as matplotlib text and mathtext of pt points).
# Manim text is kept at 18 or more so that it stays readable at 854x480.
TEXT_SCALE, TEX_SCALE, MIN_TEXT = 1.135, 1.46, 18.0


def text_size(pt: float) -> float:
    """Manim Text font_size for matplotlib text of `pt` points."""
    return max(MIN_TEXT, TEXT_SCALE * pt)


def tex_size(pt: float) -> float:
    """Manim MathTex font_size for matplotlib mathtext of `pt` points."""
    return TEX_SCALE * pt


def nice_ticks(lo: float, hi: float, target: int = 5) -> np.ndarray:
    """Round tick positions inside [lo, hi], about `target` of them, on a 1-2-2.5-5 x 10^k grid."""
    span = max(hi - lo, 1e-12)
    raw = span / max(target, 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    step = mag * min((m for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * mag >= raw), default=10.0)
    first = math.ceil(lo / step - 1e-9) * step
    out = np.arange(first, hi + 1e-9 * span, step)
    out[np.abs(out) < 1e-12 * span] = 0.0
    return out


def tick_label(v: float) -> str:
    """A tick label as both backends print it (unicode minus, no trailing zeros)."""
    s = f"{float(v):.6g}"
    return s.replace("-", MINUS)


def partial(xs: np.ndarray, ys: np.ndarray, s: float) -> tuple[np.ndarray, np.ndarray]:
    """The curve through samples 0..floor(s), plus the point interpolated at fractional index s."""
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    n = len(xs)
    s = float(np.clip(s, 0.0, n - 1))
    k = int(np.floor(s))
    if k >= n - 1 or s == k:
        return xs[: k + 1], ys[: k + 1]
    f = s - k
    hx = (1 - f) * xs[k] + f * xs[k + 1]
    hy = (1 - f) * ys[k] + f * ys[k + 1]
    return np.append(xs[: k + 1], hx), np.append(ys[: k + 1], hy)


def head(xs: np.ndarray, ys: np.ndarray, s: float) -> tuple[float, float]:
    """The point at fractional index s (the end of `partial`)."""
    px, py = partial(xs, ys, s)
    return float(px[-1]), float(py[-1])


# ---------------------------------------------------------------------------------------------- mpl

def mpl_panel(fig, rect, theme, xlim, ylim, xticks=None, yticks=None, xlabel=None, ylabel=None,
              grid: bool = True, label_size: float = 15):
    """A themed Axes at `rect` with the given limits, ticks and labels."""
    from scenes.theme import style_axes

    ax = fig.add_axes(rect)
    style_axes(ax, theme, grid=grid)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    for ticks, set_ticks, set_labels in ((xticks, ax.set_xticks, ax.set_xticklabels),
                                         (yticks, ax.set_yticks, ax.set_yticklabels)):
        if ticks is not None:
            set_ticks(list(ticks))
            set_labels([tick_label(v) for v in ticks])
    ax.tick_params(labelsize=13)
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=label_size)
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=label_size)
    return ax


# -------------------------------------------------------------------------------------------- manim

def fig_point(fx: float, fy: float) -> np.ndarray:
    """A point of the canvas given in figure fractions (0,0 bottom left), as a Manim scene point."""
    import manim as mn

    w, h = mn.config.frame_width, mn.config.frame_height
    return np.array([(fx - 0.5) * w, (fy - 0.5) * h, 0.0])


class ManimPanel:
    """The Manim twin of `mpl_panel`: a data rectangle with spines, grid, ticks and labels.

    `group` holds the static decoration (add it once); `c2p(x, y)` maps data to scene points and
    accepts arrays (returns shape (n, 3)) or scalars (returns shape (3,)).
    """

    def __init__(self, rect, theme, xlim, ylim, xticks=None, yticks=None, xlabel=None, ylabel=None,
                 grid: bool = True, tick_size: float = 18, label_size: float = 18):
        import manim as mn

        from scenes.manim_backend import LiveText, text

        self.xlim, self.ylim = tuple(map(float, xlim)), tuple(map(float, ylim))
        self.origin = fig_point(rect[0], rect[1])
        corner = fig_point(rect[0] + rect[2], rect[1] + rect[3])
        self.width, self.height = corner[0] - self.origin[0], corner[1] - self.origin[1]
        g = mn.VGroup()
        if grid:
            for v in (xticks if xticks is not None else ()):
                g.add(mn.Line(self.c2p(v, self.ylim[0]), self.c2p(v, self.ylim[1]), color=theme.grid,
                              stroke_width=1.5))
            for v in (yticks if yticks is not None else ()):
                g.add(mn.Line(self.c2p(self.xlim[0], v), self.c2p(self.xlim[1], v), color=theme.grid,
                              stroke_width=1.5))
        g.add(mn.Line(self.c2p(self.xlim[0], self.ylim[0]), self.c2p(self.xlim[1], self.ylim[0]),
                      color=theme.muted, stroke_width=2))
        g.add(mn.Line(self.c2p(self.xlim[0], self.ylim[0]), self.c2p(self.xlim[0], self.ylim[1]),
                      color=theme.muted, stroke_width=2))
        tick = 0.08
        for v in (xticks if xticks is not None else ()):
            p = self.c2p(v, self.ylim[0])
            g.add(mn.Line(p, p + tick * mn.DOWN, color=theme.muted, stroke_width=2))
            g.add(LiveText(tick_label(v), theme.muted, tick_size).place(p + (tick + 0.08) * mn.DOWN, mn.UP))
        left = self.origin[0] - tick
        for v in (yticks if yticks is not None else ()):
            p = self.c2p(self.xlim[0], v)
            g.add(mn.Line(p, p + tick * mn.LEFT, color=theme.muted, stroke_width=2))
            label = LiveText(tick_label(v), theme.muted, tick_size).place(p + (tick + 0.08) * mn.LEFT, mn.RIGHT)
            left = min(left, label.get_left()[0])
            g.add(label)
        if xlabel:
            lab = text(xlabel, theme.foreground, label_size)
            lab.next_to(self.c2p(0.5 * sum(self.xlim), self.ylim[0]), mn.DOWN, buff=0.45)
            g.add(lab)
        if ylabel:
            lab = text(ylabel, theme.foreground, label_size).rotate(math.pi / 2)
            ymid = self.c2p(self.xlim[0], 0.5 * sum(self.ylim))
            lab.move_to([left - 0.15 - 0.5 * lab.width, ymid[1], 0.0])
            g.add(lab)
        self.group = g

    def c2p(self, x, y) -> np.ndarray:
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        fx = (x - self.xlim[0]) / (self.xlim[1] - self.xlim[0])
        fy = (y - self.ylim[0]) / (self.ylim[1] - self.ylim[0])
        px = self.origin[0] + fx * self.width
        py = self.origin[1] + fy * self.height
        px, py = np.broadcast_arrays(px, py)
        return np.stack([px, py, np.zeros_like(px)], axis=-1)

    def polyline(self, xs, ys, color, width: float = 4, opacity: float = 1.0):
        """A VMobject through the data points (a fresh one; see `set_polyline` to move it)."""
        import manim as mn

        mob = mn.VMobject(stroke_color=color, stroke_width=width, stroke_opacity=opacity)
        self.set_polyline(mob, xs, ys)
        return mob

    def set_polyline(self, mob, xs, ys) -> None:
        pts = self.c2p(xs, ys)
        if len(pts) < 2:  # a VMobject needs two points; a zero-length segment draws nothing
            pts = np.repeat(pts[:1], 2, axis=0) if len(pts) else np.zeros((2, 3)) + self.origin
        mob.set_points_as_corners(pts)
