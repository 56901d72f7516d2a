"""Flavours drawn with matplotlib: `draw_mpl` builds the artists once and returns update(t)."""
from __future__ import annotations

from scenes.kit import contour as C, contour_mpl, reveal
from scenes.flavours.story import NAMES, TABLE_X, settings_text, table_rows
from scenes.flavours.data import frame_state
from scenes.flavours.layout import (
    DECADES, HEADER_PT, PANELS, SETTINGS_Y, STEP_TICKS, TITLE_Y, headers, loss_panel, title_size)


def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    colors = [theme.series(i) for i in range(len(NAMES))]
    title = fig.text(0.035, TITLE_Y, data["title"], fontsize=title_size(data), weight="bold", color=theme.foreground,
             va="center")
    fig.text(0.035, SETTINGS_Y, f"${settings_text(data)}$", color=theme.muted, fontsize=16, va="center")
    counter = fig.text(0.97, TITLE_Y, "", color=theme.foreground, fontsize=16, ha="right", va="center",
                       animated=True)
    level_colors = C.level_colors(theme, len(data["levels"]))
    axes = []
    for panel, c, rows in zip(PANELS, colors, headers(data)):
        for kind, txt, x, y in rows:
            style = {"name": dict(color=c, weight="bold"), "flags": dict(color=theme.muted),
                     "tex": dict(color=theme.foreground)}[kind]
            fig.text(x, y, f"${txt}$" if kind == "tex" else txt, fontsize=HEADER_PT[kind], va="center", **style)
        axes.append(contour_mpl.mpl_contour_axes(fig, panel, theme, data["lines"], level_colors))
        axes[-1].plot(*data["minimum"], marker="x", ms=9, mew=2.2, color=theme.foreground, zorder=2)
        rv.fade("curve", *axes[-1].collections, *axes[-1].lines)

    lp = loss_panel(data)
    lax = contour_mpl.mpl_panel_axes(fig, lp, theme, "step", "loss f(x)", C.step_ticks(data["steps"], **STEP_TICKS),
                           [10.0 ** k for k in DECADES], [f"10^{{{k}}}" for k in DECADES])
    trails, balls, curves = contour_mpl.mpl_runs(axes, lax, colors, theme, curve_lw=2.0)
    dots, labels = contour_mpl.mpl_target_table(fig, lax, data, theme, colors, table_rows(data), TABLE_X,
                                      dot_ms=7, dot_zorder=8)
    exits = [C.exits(data["raw_positions"][i:i + 1], data["positions"][i:i + 1], p.xlim, p.ylim)[0]
             for i, p in enumerate(PANELS)]
    arrows = contour_mpl.mpl_exit_arrows(axes, PANELS, colors, exits)
    show = contour_mpl.mpl_show_runs(counter, data["steps"], trails, balls, curves, dots, labels, arrows)
    rv.grow("balls", *balls).fade("balls", counter).rest("axes", title)

    def update(t: float) -> None:
        show(frame_state(data, t))
        rv(t)

    return update
