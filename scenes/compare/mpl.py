"""Compare drawn with matplotlib: `draw_mpl` builds the artists once and returns update(t)."""
from __future__ import annotations

from scenes.compare import story as S
from scenes.kit import contour as C, contour_mpl, reveal
from scenes.compare.layout import (
    COUNTER_Y, DOT_X, HEAD_DY, HEAD_PT, LOSS_X, NAME_PT, NAME_X, ROW_PT, SETTINGS_PT, SETTINGS_Y, SETTING_X,
    TABLE_TOP, TITLE_Y, colors, decades, frame_state, loss_panel, map_panel, rows, title_size)


def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    cs = colors(theme)
    title = fig.text(0.035, TITLE_Y, data["title"], fontsize=title_size(data), weight="bold",
                     color=theme.foreground, va="center")
    for y, line in zip(SETTINGS_Y, S.settings_lines(data)):
        fig.text(0.035, y, line, fontsize=SETTINGS_PT, color=theme.muted, va="center")
    counter = fig.text(LOSS_X, COUNTER_Y, "", color=theme.foreground, fontsize=15, ha="right", va="center",
                       animated=True)
    mp = map_panel(data)
    ax = contour_mpl.mpl_contour_axes(fig, mp, theme, data["lines"], C.level_colors(theme, len(data["levels"])))
    if data["minimum"] is not None:
        ax.plot(*data["minimum"], marker="x", ms=10, mew=2.5, color=theme.foreground, zorder=2)
    ax.plot(*data["start"], marker="o", ms=9, mfc="none", mew=1.8, color=theme.foreground, zorder=2)
    rv.fade("curve", *ax.collections, *ax.lines)
    lp = loss_panel(data)
    dec = decades(data)
    lax = contour_mpl.mpl_panel_axes(fig, lp, theme, "step", "loss − f*", C.step_ticks(data["steps"], 4),
                           [10.0 ** k for k in dec], [f"10^{{{k}}}" for k in dec])
    n = len(data["labels"])
    trails, balls, curves = contour_mpl.mpl_runs([ax] * n, lax, cs[:n], theme, trail_lw=2.2, ball_ms=10, stack=True)
    for k, line in enumerate(S.table_heading(data)):
        fig.text(LOSS_X, TABLE_TOP - HEAD_DY * k, line, color=theme.muted, fontsize=HEAD_PT, ha="right",
                 va="center")
    results, legend = [], []
    for r in rows(data):
        c = cs[r["run"]]
        legend += [fig.text(DOT_X, r["y"], "\u25cf", color=c, fontsize=NAME_PT, ha="center", va="center"),
                   fig.text(NAME_X, r["y"], r["name"], color=c, fontsize=NAME_PT, weight="bold", va="center"),
                   fig.text(SETTING_X, r["y"], r["setting"], color=theme.muted, fontsize=ROW_PT, va="center")]
        results.append(fig.text(LOSS_X, r["y"], r["result"], color=c, fontsize=ROW_PT, ha="right", va="center",
                                animated=True))
    exits = C.exits(data["raw_positions"], data["positions"], mp.xlim, mp.ylim)
    arrows = contour_mpl.mpl_exit_arrows([ax] * n, [mp] * n, cs[:n], exits)
    show = contour_mpl.mpl_show_runs(counter, data["steps"], trails, balls, curves, arrows=arrows)
    rv.grow("balls", *balls).fade("balls", counter, *legend).rest("axes", title)

    def update(t: float) -> None:
        st = frame_state(data, t)
        show(st)
        for txt in results:
            txt.set_alpha(st["results"])
        rv(t)

    return update
