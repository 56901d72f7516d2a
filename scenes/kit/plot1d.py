"""Plain 2-D plots drawn the same way by both backends: one panel layout in figure fractions.

A panel is a box of `scenes.kit.layout`'s canvas given as (left, bottom, width, height) fractions of the
figure, as matplotlib's `fig.add_axes` takes it. matplotlib draws it with `mpl_panel`; Manim draws the
same box with `ManimPanel`, whose `c2p` maps data coordinates to scene points. Ticks and their labels
come from `nice_ticks`/`tick_label`, so both backends print the same numbers at the same places.

`partial(xs, ys, s)` is the growing-curve helper: the polyline of the first s samples (s fractional).
"""
from __future__ import annotations

import math

import numpy as np

from scenes.kit.layout import Panel, current

MINUS = "\u2212"


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
    from scenes.kit.mpl import panel_axes

    ax = panel_axes(fig, Panel(rect, xlim, ylim), theme, grid=grid)
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

class ManimPanel:
    """The Manim twin of `mpl_panel`: a data rectangle with spines, grid, ticks and labels.

    `group` holds the static decoration (add it once); `c2p(x, y)` maps data to scene points (the
    `scenes.kit.layout.Panel` of the rectangle) and accepts arrays (returns shape (n, 3)) or scalars
    (returns shape (3,)).
    """

    def __init__(self, rect, theme, xlim, ylim, xticks=None, yticks=None, xlabel=None, ylabel=None,
                 grid: bool = True, tick_size: float = 18, label_size: float = 18):
        import manim as mn

        from scenes.kit.manim import LiveText, spines, text

        self.xlim, self.ylim = tuple(map(float, xlim)), tuple(map(float, ylim))
        self.panel = Panel(tuple(rect), self.xlim, self.ylim)
        self.origin = self.c2p(self.xlim[0], self.ylim[0])
        g = mn.VGroup()
        if grid:
            for v in (xticks if xticks is not None else ()):
                g.add(mn.Line(self.c2p(v, self.ylim[0]), self.c2p(v, self.ylim[1]), color=theme.grid,
                              stroke_width=1.5))
            for v in (yticks if yticks is not None else ()):
                g.add(mn.Line(self.c2p(self.xlim[0], v), self.c2p(self.xlim[1], v), color=theme.grid,
                              stroke_width=1.5))
        g.add(*spines(rect, theme.muted))
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
            # beside the tick labels; on a reflowed canvas no further left than the frame loop's margin
            # (`manim_frames.fit_widths` would shrink it past there, below a readable size)
            x = left - 0.15 - 0.5 * lab.width
            if current().zone_maps:
                x = max(x, -0.5 * mn.config.frame_width * (1 - 2 * 0.015) + 0.5 * lab.width)
            lab.move_to([x, ymid[1], 0.0])
            g.add(lab)
        self.group = g

    def c2p(self, x, y) -> np.ndarray:
        return self.panel.c2p(x, y)

    def polyline(self, xs, ys, color, width: float = 4, opacity: float = 1.0):
        """A VMobject through the data points (a fresh one; see `set_polyline` to move it)."""
        import manim as mn

        mob = mn.VMobject(stroke_color=color, stroke_width=width, stroke_opacity=opacity)
        self.set_polyline(mob, xs, ys)
        return mob

    def set_polyline(self, mob, xs, ys) -> None:
        """Make `mob` the polyline through the data points (no points: a dot at the origin, not drawn)."""
        from scenes.kit.manim import set_polyline

        pts = self.c2p(xs, ys)
        set_polyline(mob, pts if len(pts) else self.origin[None])
