"""The shared look: palettes for the dark and light themes, fonts, and matplotlib axis styling.

Both backends read colours from here, so a scene looks the same in Manim and matplotlib.
Formulas are written once, in the subset of LaTeX that matplotlib's mathtext understands, and
each backend typesets the same string.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    foreground: str  # text and axes
    muted: str  # secondary text, ticks
    grid: str
    curve: str  # the landscape
    gd: str  # plain gradient descent
    momentum: str  # momentum
    accent: str  # a third series, highlights
    extra: tuple[str, ...]  # further series
    heat: str  # matplotlib colormap for fields and contours

    def series(self, i: int) -> str:
        """Colour of the i-th optimizer in a comparison: gd, momentum, accent, then extras."""
        order = (self.gd, self.momentum, self.accent, *self.extra)
        return order[i % len(order)]


DARK = Theme(
    name="dark",
    background="#0e1117",
    foreground="#ece9e4",
    muted="#8b93a1",
    grid="#262c38",
    curve="#58c4dd",
    gd="#fc6255",
    momentum="#ffcb47",
    accent="#83c167",
    extra=("#b189f5", "#ff9f43"),
    heat="viridis",
)

LIGHT = Theme(
    name="light",
    background="#ffffff",
    foreground="#1f2328",
    muted="#5f6b7a",
    grid="#dde3ea",
    curve="#1f6feb",
    gd="#d1242f",
    momentum="#c26a00",
    accent="#1a7f37",
    extra=("#8250df", "#0a8f9c"),
    heat="cividis",
)

THEMES = {"dark": DARK, "light": LIGHT}

FONT = "DejaVu Sans"

# Both backends lay scenes out on a 16:9 canvas; matplotlib figures are FIG_W x FIG_H inches
# and the dpi follows the output width, so the layout is identical at every quality.
FIG_W, FIG_H = 12.8, 7.2


def style_axes(ax, theme: Theme, grid: bool = True) -> None:
    """Theme a matplotlib Axes: colours of spines, ticks, labels and grid."""
    ax.set_facecolor(theme.background)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(theme.muted)
    ax.tick_params(colors=theme.muted, labelsize=12)
    ax.xaxis.label.set_color(theme.foreground)
    ax.yaxis.label.set_color(theme.foreground)
    ax.title.set_color(theme.foreground)
    if grid:
        ax.grid(True, color=theme.grid, linewidth=0.8)
        ax.set_axisbelow(True)
