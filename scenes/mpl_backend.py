"""The matplotlib backend: artists built once, then blitted frame by frame straight from the canvas.

A scene's `draw_mpl(fig, data, theme)` creates every artist and returns `update(t)`, which only calls
`set_data`/`set_text`/... Artists that change must be created with `animated=True`: the rest of the
figure is drawn once and restored from a saved background each frame. If a scene marks nothing as
animated, the whole figure is redrawn each frame (correct, only slower).

`panel_axes` makes the Axes of a `scenes.layout.Panel`, the box that the Manim side maps with `Panel.c2p`.
"""
from __future__ import annotations

from typing import Callable, Iterable

import numpy as np

from scenes.theme import FIG_H, FIG_W, FONT, Theme, style_axes


def _rc(theme: Theme) -> dict:
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [FONT],
        "mathtext.fontset": "cm",
        "text.color": theme.foreground,
        "axes.labelcolor": theme.foreground,
        "axes.edgecolor": theme.muted,
        "xtick.color": theme.muted,
        "ytick.color": theme.muted,
        "axes.titlesize": 15,
        "axes.labelsize": 13,
        "legend.fontsize": 12,
        "legend.frameon": False,
        "lines.solid_capstyle": "round",
    }


def make_figure(width: int, height: int, theme: Theme, transparent: bool = False):
    """A figure whose canvas is exactly width x height pixels, on the shared 16:9 layout."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    dpi = width / FIG_W
    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    FigureCanvasAgg(fig)
    fig.patch.set_facecolor(theme.background)
    if transparent:
        fig.patch.set_alpha(0.0)
    return fig


def panel_axes(fig, panel, theme: Theme, grid: bool = False):
    """A themed Axes at a `scenes.layout.Panel`'s box with its limits (and its log y axis, if any)."""
    ax = fig.add_axes(panel.box)
    style_axes(ax, theme, grid=grid)
    if panel.log:
        ax.set_yscale("log")
    ax.set_xlim(*panel.xlim)
    ax.set_ylim(*panel.ylim)
    return ax


def render_frames(draw_mpl: Callable, data: dict, theme: Theme, width: int, height: int,
                  times: Iterable[float], transparent: bool = False):
    """Yield one (height, width, 4) uint8 RGBA frame per time in `times`."""
    import matplotlib

    times = list(times)
    with matplotlib.rc_context(_rc(theme)):
        fig = make_figure(width, height, theme, transparent)
        update = draw_mpl(fig, data, theme)
        if transparent:
            for ax in fig.axes:
                ax.patch.set_alpha(0.0)
        canvas = fig.canvas
        update(times[0])
        animated = sorted((a for a in fig.findobj() if a.get_animated()), key=lambda a: a.get_zorder())
        canvas.draw()
        background = canvas.copy_from_bbox(fig.bbox) if animated else None
        for t in times:
            update(t)
            if animated:
                canvas.restore_region(background)
                for artist in animated:
                    if artist.get_alpha() != 0:  # fully faded-out text still costs a layout
                        fig.draw_artist(artist)
            else:
                canvas.draw()
            frame = np.asarray(canvas.buffer_rgba())
            yield _fit(frame, width, height).copy()


def _fit(frame: np.ndarray, width: int, height: int) -> np.ndarray:
    """Guard against a one-pixel rounding difference between the figure and the requested size."""
    h, w = frame.shape[:2]
    if (h, w) == (height, width):
        return frame
    out = np.zeros((height, width, 4), np.uint8)
    out[: min(h, height), : min(w, width)] = frame[:height, :width]
    return out
