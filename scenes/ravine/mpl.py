"""Ravine drawn with matplotlib: `draw_mpl` builds the artists once and returns update(t)."""
from __future__ import annotations

from scenes.kit import contour as C, contour_mpl, reveal
from scenes.ravine.story import alpha_text, beta_text, hit_rows
from scenes.ravine.data import frame_state
from scenes.ravine.layout import CONTOUR, COUNTER_AT, DECADES, HEADER_Y, loss_panel


def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    colors = (theme.gd, theme.momentum)
    title = fig.text(0.04, 0.945, data["title"], fontsize=22, weight="bold", color=theme.foreground, va="center")
    for i, (label, tex) in enumerate(zip(data["labels"], data["formulas"])):
        y = HEADER_Y[i]
        fig.text(0.045, y, "\u25cf", color=colors[i], fontsize=20, va="center")
        fig.text(0.07, y, label, color=theme.foreground, fontsize=15, va="center")
        fig.text(0.29, y, f"${tex}$", color=theme.foreground, fontsize=17, va="center")
    fig.text(0.96, HEADER_Y[0], f"${alpha_text(data)}$", color=theme.muted, fontsize=17, ha="right", va="center")
    fig.text(0.96, HEADER_Y[1], f"${beta_text(data)}$", color=theme.muted, fontsize=17, ha="right", va="center")
    counter = fig.text(*COUNTER_AT, "", color=theme.foreground, fontsize=16, ha="right", va="center",
                       animated=True)

    ax = contour_mpl.mpl_contour_axes(fig, CONTOUR, theme, data["lines"], C.level_colors(theme, len(data["levels"])))
    rv.fade("curve", *ax.collections, *ax.plot(*data["minimum"], marker="x", ms=10, mew=2.5, color=theme.foreground,
                                               zorder=2))
    lp = loss_panel(data)
    lax = contour_mpl.mpl_panel_axes(fig, lp, theme, "step", "loss f(x)", C.step_ticks(data["steps"], 5),
                           [10.0 ** k for k in DECADES], [f"10^{{{k}}}" for k in DECADES])
    trails, balls, curves = contour_mpl.mpl_runs([ax] * len(colors), lax, colors, theme, trail_lw=2.4, ball_ms=12,
                                       zorder=(3, 6), stack=True)
    dots, labels = contour_mpl.mpl_target_table(fig, lax, data, theme, colors, hit_rows(data), 0.97, dot_zorder=6)
    exits = C.exits(data["raw_positions"], data["positions"], CONTOUR.xlim, CONTOUR.ylim)
    arrows = contour_mpl.mpl_exit_arrows([ax] * len(colors), [CONTOUR] * len(colors), colors, exits)
    show = contour_mpl.mpl_show_runs(counter, data["steps"], trails, balls, curves, dots, labels, arrows)
    rv.grow("balls", *balls).fade("balls", counter).rest("axes", title)

    def update(t: float) -> None:
        show(frame_state(data, t))
        rv(t)

    return update
