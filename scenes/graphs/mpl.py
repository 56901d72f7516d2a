"""The graphs scene in matplotlib: the three graphs coloured by their eigenvector of λ₂, the numbers under
each, the step bars that grow on a log scale and the column of words, from the data and texts of
`scenes.graphs.data` (Manim: `scenes.graphs.manim`)."""
from __future__ import annotations

from scenes.graphs.data import frame_state
from scenes.graphs.layout import (BAR_H, BAR_HEAD, BAR_Y, BARS, COL, COLOURS, GRAPHS, HEAD_Y, LEGEND_Y, NAME_X,
                                  RULE, SEED, SIZES, TITLE, VERDICT_Y, graph_limits, row_y, under)
from scenes.kit import reveal
from scenes.kit.plot1d import mpl_panel


def bar_ticks(data: dict) -> list[float]:
    return [float(v) for v in range(int(data["log_top"]) + 1)]


def bar_rows(i: int) -> tuple[float, float]:
    """The centres of graph i's gradient-descent and momentum bars."""
    return row_y(i) + BAR_Y, row_y(i) - BAR_Y


def draw_mpl(fig, data: dict, theme):
    from matplotlib.patches import Rectangle

    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    t, fg = data["texts"], theme.foreground
    title = fig.text(*TITLE, t["title"], fontsize=SIZES["title"], weight="bold", color=fg, va="center")
    fig.text(*RULE, t["rule"], fontsize=SIZES["rule"], color=theme.muted, va="center")
    fig.text(*SEED, t["seed"], fontsize=SIZES["rule"], color=theme.muted, va="center", ha="right")
    xlim, ylim = graph_limits()
    for i, (box, g) in enumerate(zip(GRAPHS, data["graphs"])):
        ax = mpl_panel(fig, box, theme, xlim, ylim, [], [], grid=False)
        for side in ax.spines.values():
            side.set_visible(False)
        cx = box[0] + box[2] / 2
        fig.text(cx, HEAD_Y, t["headings"][i], fontsize=SIZES["heading"], weight="bold", color=fg, ha="center",
                 va="center")
        xy = g["xy"]
        for a, b in g["edges"]:
            ax.plot([xy[a][0], xy[b][0]], [xy[a][1], xy[b][1]], color=theme.muted, lw=0.9, zorder=1)
        ax.scatter([p[0] for p in xy], [p[1] for p in xy], s=70, c=g["colours"], edgecolors=theme.background,
                   linewidths=0.8, zorder=2)
        for role, y in under(i):
            fig.text(cx, y, t[role][i], fontsize=SIZES["kappa"] if role == "kappas" else SIZES["small"],
                     weight="bold" if role == "kappas" else "normal",
                     color=fg if role == "kappas" else theme.muted, ha="center", va="center")

    ticks = bar_ticks(data)
    ax = mpl_panel(fig, BARS, theme, (0.0, data["log_top"] + 0.75), (0.0, 3.0), ticks, [],
                   xlabel=t["x_label"], label_size=SIZES["label"])
    ax.tick_params(labelsize=SIZES["tick"])
    fig.text(*BAR_HEAD, t["bar_head"], fontsize=SIZES["label"], color=theme.muted, va="center")
    colours = [getattr(theme, c) for c in COLOURS]
    bars, labels = [], []
    for i in range(3):
        y_fig = BARS[1] + BARS[3] * row_y(i) / 3.0
        fig.text(NAME_X, y_fig, t["names"][i], fontsize=SIZES["label"], color=fg, ha="right", va="center")
        for j, (y, key) in enumerate(zip(bar_rows(i), ("gd_steps", "momentum_steps"))):
            r = Rectangle((0.0, y - BAR_H / 2), 0.0, BAR_H, color=colours[j], lw=0, zorder=3, animated=True)
            ax.add_patch(r)
            bars.append(r)
            labels.append(ax.text(0.0, y, t[key][i], fontsize=SIZES["small"], color=colours[j], va="center",
                                  ha="left", zorder=4, animated=True))
    for j, (y, role) in enumerate(zip(LEGEND_Y, ("legend_gd", "legend_momentum"))):
        fig.lines.append(_swatch(fig, y, colours[j]))
        fig.text(COL + 0.032, y, t[role], fontsize=SIZES["small"], color=fg, va="center")
    verdict = [fig.text(COL, y, s, fontsize=SIZES["small"], color=fg if k else theme.muted, va="center",
                        weight="bold" if k == 1 else "normal")
               for k, (y, s) in enumerate(zip(VERDICT_Y, t["verdict"]))]
    rv.fade("verdict", *verdict)
    rv.rest("axes", title)

    def update(time: float) -> None:
        st = frame_state(data, time)
        for r, lab, length, shown in zip(bars, labels, st["bars"], st["shown"]):
            r.set_width(length)
            lab.set_x(length + 0.05)
            lab.set_visible(bool(shown))
        rv(time)

    return update


def _swatch(fig, y: float, colour: str):
    from matplotlib.lines import Line2D

    return Line2D([COL, COL + 0.024], [y, y], transform=fig.transFigure, color=colour, lw=6, solid_capstyle="butt")
