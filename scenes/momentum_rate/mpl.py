"""momentum-rate drawn with matplotlib: `draw_mpl` builds the artists once and returns update(t)."""
from __future__ import annotations

from scenes.kit import contour as C, contour_mpl, reveal
from scenes.momentum_rate.story import TABLE_X, alpha_text, headers, joint_lines, table_rows
from scenes.momentum_rate.data import frame_state
from scenes.momentum_rate.layout import (
    DECADES, FORMULA, HEAD_Y, JOINT_Y, PANELS, colors_of, loss_panel, title_size)


def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    colors = colors_of(theme)
    title = fig.text(0.035, 0.945, data["title"], fontsize=title_size(data), weight="bold", color=theme.foreground,
             va="center")
    fig.text(0.035, 0.858, f"${FORMULA}$", color=theme.foreground, fontsize=17, va="center")
    fig.text(0.965, 0.858, f"${alpha_text(data)}$", color=theme.muted, fontsize=17, ha="right", va="center")
    counter = fig.text(0.965, 0.945, "", color=theme.foreground, fontsize=16, ha="right", va="center",
                       animated=True)
    level_colors = C.level_colors(theme, len(data["levels"]))
    axes = []
    for i, (panel, c, (tex, note)) in enumerate(zip(PANELS, colors, headers(data))):
        l, b, w, h = panel.box
        fig.text(l + w / 2, HEAD_Y[0], f"${tex}$", color=c, fontsize=18, ha="center", va="center")
        fig.text(l + w / 2, HEAD_Y[1], note, color=theme.muted, fontsize=15, ha="center", va="center")
        axes.append(contour_mpl.mpl_contour_axes(fig, panel, theme, data["lines"], level_colors))
        axes[-1].plot(*data["minimum"], marker="x", ms=9, mew=2.2, color=theme.foreground, zorder=2)
        rv.fade("curve", *axes[-1].collections, *axes[-1].lines)

    lp = loss_panel(data)
    lax = contour_mpl.mpl_panel_axes(fig, lp, theme, "step", "loss f(x)", C.step_ticks(data["steps"], 6),
                           [10.0 ** k for k in DECADES], [f"10^{{{k}}}" for k in DECADES])
    trails, balls, curves = contour_mpl.mpl_runs(axes, lax, colors, theme)
    dots, labels = contour_mpl.mpl_target_table(fig, lax, data, theme, colors, table_rows(data), TABLE_X)
    joint = joint_lines(data)
    fig.text(TABLE_X, JOINT_Y[0], joint[0], color=theme.muted, fontsize=14, ha="right", va="center")
    fig.text(TABLE_X, JOINT_Y[1], f"${joint[1]}$", color=theme.muted, fontsize=16, ha="right", va="center")

    exits = [C.exits(data["raw_positions"][i:i + 1], data["positions"][i:i + 1], p.xlim, p.ylim)[0]
             for i, p in enumerate(PANELS)]
    arrows = contour_mpl.mpl_exit_arrows(axes, PANELS, colors, exits)
    show = contour_mpl.mpl_show_runs(counter, data["steps"], trails, balls, curves, dots, labels, arrows)
    rv.grow("balls", *balls).fade("balls", counter).rest("axes", title)

    def update(t: float) -> None:
        show(frame_state(data, t))
        rv(t)

    return update
