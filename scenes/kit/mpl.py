"""The matplotlib backend: artists built once, then blitted frame by frame straight from the canvas.

A scene's `draw_mpl(fig, data, theme)` creates every artist and returns `update(t)`, which only calls
`set_data`/`set_text`/... Artists that change must be created with `animated=True`: the rest of the
figure is drawn once and restored from a saved background each frame. If a scene marks nothing as
animated, the whole figure is redrawn each frame (correct, only slower).

`panel_axes` makes the Axes of a `scenes.kit.layout.Panel`, the box that the Manim side maps with `Panel.c2p`.

`draw` runs a scene's `draw_mpl` on the current canvas: the scene places its artists on the 16:9 design,
then every figure-level artist (texts, Axes boxes, patches, lines) moves with its zone of the scene's
flow, and so does any figure text the scene's `update(t)` moves later.
"""
from __future__ import annotations

from scenes.kit import layout
from scenes.kit.theme import FONT, Theme, style_axes


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
    """A figure whose canvas is exactly width x height pixels, as wide in inches as the current canvas
    (`scenes.kit.layout.current()`: FIG_W at 16:9), so a point size means the same at every quality."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    dpi = width / layout.current().size_in[0]
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


def draw(draw_mpl, fig, data: dict, theme: Theme):
    """`draw_mpl(fig, data, theme)` reflowed onto the current canvas; returns the scene's update(t),
    wrapped so that figure texts it moves are reflowed too."""
    update = draw_mpl(fig, data, theme)
    canvas = layout.current()
    if not canvas.zone_maps:
        return update
    placed = {}  # id -> (design position, position on this canvas)

    def place(text) -> None:
        x, y = text.get_position()
        if id(text) in placed:  # a coordinate the scene did not set is still the reflowed one
            (dx, dy), (px, py) = placed[id(text)]
            x, y = (dx if x == px else x), (dy if y == py else y)
        gx, gy = canvas.map_point(x, y)
        placed[id(text)] = ((x, y), (float(gx), float(gy)))
        text.set_position(placed[id(text)][1])

    for text in fig.texts:
        if _in_figure(fig, text):
            place(text)
    for ax in fig.axes:
        box = ax.get_position(original=True)
        ax.set_position(canvas.map_box((box.x0, box.y0, box.width, box.height)))
    for artist in [*fig.patches, *fig.lines, *fig.artists]:
        if _in_figure(fig, artist):
            _move_artist(canvas, artist)

    fitted = []

    def reflowed(t: float) -> None:
        update(t)
        for text in fig.texts:
            if id(text) in placed and tuple(text.get_position()) != placed[id(text)][1]:
                place(text)
        if not fitted:  # once, where the first frame puts the texts and what they say
            _fit_widths(fig, [text for text in fig.texts if id(text) in placed])
            fitted.append(True)

    return reflowed


MARGIN = 0.015  # the least space a reflowed text keeps from the frame's sides, as a fraction of its width


def _fit_widths(fig, texts) -> None:
    """Shrink each text that a narrower canvas pushes past a side of the frame until it fits, keeping
    its anchor (a long title on 9:16)."""
    renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    lo, hi = MARGIN * width, (1 - MARGIN) * width
    for text in texts:
        if not text.get_text().strip():
            continue
        for _ in range(4):  # glyph hinting makes the width not quite proportional to the size
            e = text.get_window_extent(renderer)
            if e.x0 >= lo and e.x1 <= hi:
                break
            anchor = {"left": e.x0, "right": e.x1}.get(text.get_ha(), (e.x0 + e.x1) / 2)
            room = {"left": hi - anchor, "right": anchor - lo}.get(text.get_ha(), 2 * min(anchor - lo, hi - anchor))
            if room <= 0 or e.width <= 0 or room >= e.width:  # shrinking cannot bring it in
                break
            text.set_fontsize(text.get_fontsize() * 0.99 * room / e.width)


def _in_figure(fig, artist) -> bool:
    from matplotlib.artist import Artist

    return Artist.get_transform(artist) in (fig.transFigure, fig.transSubfigure)  # a patch's own, not its
    # patch transform composed with it


def _move_artist(canvas, artist) -> None:
    from matplotlib.patches import Rectangle

    if isinstance(artist, Rectangle):
        (x, y), w, h = artist.get_xy(), artist.get_width(), artist.get_height()
        l, b, w, h = canvas.map_box((x, y, w, h))
        artist.set_xy((l, b))
        artist.set_width(w)
        artist.set_height(h)
    elif hasattr(artist, "get_xdata"):
        xs, ys = artist.get_xdata(), artist.get_ydata()
        anchor = (float(sum(xs)) / len(xs), float(sum(ys)) / len(ys)) if len(xs) else None
        gx, gy = canvas.map_point(xs, ys, anchor=anchor)
        artist.set_data(gx, gy)
