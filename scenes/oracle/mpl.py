"""The oracle scene in matplotlib: the weight and error grids filling row by row with the dead-zone
outline, the largest error against the three lower bounds, and the column of words, all from the data
and texts of `scenes.oracle.data` (Manim: `scenes.oracle.manim`)."""
from __future__ import annotations

import numpy as np

from scenes.kit import reveal
from scenes.kit import layout
from scenes.kit.plot1d import mpl_panel
from scenes.oracle.data import frame_state, log_curve
from scenes.oracle.layout import (BAR, BAR_NOTE, COL, COLUMN, DEAD_AT, GRIDS, HEAD_Y, OUTLINE, PLOT, PLOT_HEAD,
                                  PLOT_NOTE, STEP_LABEL, TITLE, TITLE_PT, VERDICT, colours, shrink_to,
                                  staircase, title_lines, title_size)
from scenes.oracle.story import BOUNDS, COLOURS

GRID_TICKS_X = (1, 10, 25)
DASH = {"article": (0, (6, 3)), "true": (0, (2, 2)), "dead": (0, (1, 0))}


def grid_extent(data: dict) -> tuple[tuple[float, float], tuple[float, float]]:
    """(xlim, ylim) of a grid: columns 1 … n across, steps 0 … K down."""
    return (0.5, data["n"] + 0.5), (data["steps"] + 0.5, -0.5)


def grid_rgba(values: np.ndarray, rows: int) -> np.ndarray:
    """The cells' colours, with the rows from `rows` on not yet drawn (transparent)."""
    rgba = np.concatenate([colours(values), np.ones(values.shape + (1,))], axis=-1)
    rgba[rows:, :, 3] = 0.0
    return rgba


def fit_title(fig, title, words: str) -> None:
    """A title too wide for the frame: shrunk, or on a tall frame broken onto two lines where that gives
    larger type (`scenes.oracle.layout.title_size`)."""
    renderer = fig.canvas.get_renderer()
    one, two = title.get_window_extent(renderer).width / fig.bbox.width, None
    lines = title_lines(words)
    tall = fig.bbox.height > fig.bbox.width
    if lines[1] and tall:
        title.set_text("\n".join(lines))
        two = title.get_window_extent(renderer).width / fig.bbox.width
    broken, size = title_size(one, two, tall)
    title.set_text("\n".join(lines) if broken else words)
    title.set_fontsize(size)


def fit_column(fig, texts) -> None:
    """On the design canvas, shrink a column line that would reach the frame's right edge (on the other
    aspects the reflow does it, `scenes.kit.mpl.draw`)."""
    if layout.current().zone_maps:
        return
    renderer = fig.canvas.get_renderer()
    for text in texts:
        e = text.get_window_extent(renderer)
        factor = shrink_to(e.x0 / fig.bbox.width, e.width / fig.bbox.width)
        if factor < 1.0:
            text.set_fontsize(text.get_fontsize() * factor * 0.99)


def column_colour(role: str, i, theme) -> str:
    if role == "bounds":
        return getattr(theme, COLOURS[BOUNDS[i]])
    if role == "run":
        return getattr(theme, COLOURS["run"])
    return theme.muted if role in ("matrix", "infinite") else theme.foreground


def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    t, steps, n = data["texts"], data["steps"], data["n"]
    title = fig.text(*TITLE, t["title"], fontsize=TITLE_PT, weight="bold", color=theme.foreground, va="top")
    fit_title(fig, title, t["title"])
    xlim, ylim = grid_extent(data)
    images = []
    stair = staircase(steps, n)
    for j, (box, values, head) in enumerate(zip(GRIDS, (data["W"], data["E"]), (t["w_head"], t["e_head"]))):
        ax = mpl_panel(fig, box, theme, xlim, ylim, GRID_TICKS_X, range(0, steps + 1, 10), xlabel=t["x_label"],
                       grid=False)
        if j:
            ax.set_yticklabels([])
        images.append(ax.imshow(grid_rgba(values, 0), extent=(*xlim, *ylim), origin="upper", aspect="auto",
                                interpolation="nearest", zorder=2, animated=True))
        # Animated, like the image: drawn over it each frame, and faded in with the axes.
        outline = ax.plot(stair[:, 0], stair[:, 1], color=OUTLINE, lw=1.6, zorder=4, animated=True)[0]
        label = ax.text(*DEAD_AT, t["dead_label"], color=OUTLINE, fontsize=11, ha="center", va="center",
                        zorder=5, animated=True)
        rv.fade("axes", outline, label)
        # centred over its grid, clear of "step k" over the step ticks
        fig.text(box[0] + box[2] / 2, HEAD_Y, head, color=theme.foreground, fontsize=14, ha="center", va="center")
    fig.text(*STEP_LABEL, t["y_label"], color=theme.foreground, fontsize=12, ha="right", va="center")
    bar = fig.add_axes(BAR)
    bar.imshow(np.concatenate([colours(np.linspace(1, 0, 101))[:, None, :], np.ones((101, 1, 1))], axis=-1),
               extent=(0, 1, 0, 1), aspect="auto")
    bar.set_xticks([])
    bar.set_yticks([])
    for side in bar.spines.values():
        side.set_color(theme.muted)
    for v, s in zip((0.0, 0.5, 1.0), t["bar_ticks"]):
        fig.text(BAR[0] + BAR[2] + 0.005, BAR[1] + v * BAR[3], s, color=theme.muted, fontsize=12, va="center")
    if t["colour_note"]:
        fig.text(*BAR_NOTE, t["colour_note"], color=theme.muted, fontsize=12, va="center")

    ax = mpl_panel(fig, PLOT, theme, (0.0, steps), data["y_lim"], data["x_ticks"], data["y_ticks"],
                   xlabel=t["plot_x"])
    fig.text(*PLOT_HEAD, t["plot_head"], color=theme.foreground, fontsize=14, va="center")
    if t["error_note"]:
        fig.text(*PLOT_NOTE, t["error_note"], color=theme.muted, fontsize=12, ha="right", va="center")
    lo, hi = data["y_lim"]
    bound_curves = []  # they appear with their lines in the column, in the verdict beat
    for b in BOUNDS:
        k, y = log_curve(data["bounds"][b])
        bound_curves += ax.plot(k, y, color=getattr(theme, COLOURS[b]), lw=2.0, ls=DASH[b], zorder=3)
    k_err, y_err = log_curve(data["error"])
    y_err = np.minimum(y_err, hi)
    run_line = ax.plot([], [], color=getattr(theme, COLOURS["run"]), lw=3.0, zorder=4, animated=True)[0]

    column = {}
    for role, i, y, size, weight in COLUMN:
        s = t[role] if i is None else t[role][i]
        column[(role, i)] = fig.text(COL, y, s, color=column_colour(role, i, theme), fontsize=size, weight=weight,
                                     va="center")
    fit_column(fig, column.values())
    rv.fade("verdict", *(a for (role, _), a in column.items() if role in VERDICT), *bound_curves)
    rv.rest("axes", title)

    def update(time: float) -> None:
        st = frame_state(data, time)
        for im, values in zip(images, (data["W"], data["E"])):
            im.set_data(grid_rgba(values, st["rows"] if time >= data["ends"][0] else 0))
        shown = k_err <= st["s"]
        run_line.set_data(k_err[shown], y_err[shown])
        rv(time)

    return update
