"""The matplotlib backend: artists built once, then blitted frame by frame straight from the canvas.

A scene's `draw_mpl(fig, data, theme)` creates every artist and returns `update(t)`, which only calls
`set_data`/`set_text`/... Artists that change must be created with `animated=True`: the rest of the
figure is drawn once and restored from a saved background each frame. If a scene marks nothing as
animated, the whole figure is redrawn each frame (correct, only slower).

`panel_axes` makes the Axes of a `scenes.kit.layout.Panel`, the box that the Manim side maps with `Panel.c2p`.
"""
from __future__ import annotations

from scenes.kit.theme import FIG_H, FIG_W, FONT, Theme, style_axes


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
    """A themed Axes at a `scenes.kit.layout.Panel`'s box with its limits (and its log y axis, if any)."""
    ax = fig.add_axes(panel.box)
    style_axes(ax, theme, grid=grid)
    if panel.log:
        ax.set_yscale("log")
    ax.set_xlim(*panel.xlim)
    ax.set_ylim(*panel.ylim)
    return ax
