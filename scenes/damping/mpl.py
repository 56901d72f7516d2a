"""The damping scene in matplotlib: three phase portraits drawn as they go, the position error over the
steps and the column of words, all from the data and texts of `scenes.damping.data` (Manim:
`scenes.damping.manim`)."""
from __future__ import annotations

from scenes.damping.data import frame_state
from scenes.damping.layout import (COL, COLOURS, COLUMN, CURVE_HEAD, CURVES, HEAD_Y, PORTRAITS, RULE, SETTING,
                                   SIZES, TITLE, VERDICT_ROLES)
from scenes.kit import reveal
from scenes.kit.plot1d import mpl_panel


def column_text(t: dict, role: str, i) -> str:
    return t[role] if i is None else t[role][i]


def column_colour(role: str, i, theme) -> str:
    if i is not None:
        return getattr(theme, COLOURS[i])
    if role in ("gd_rate", "gd_reach"):
        return theme.muted
    return theme.foreground


def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    if data.get("part") == "grid":
        from scenes.damping import grid_draw

        return grid_draw.draw_mpl(fig, data, theme)

    rv = Reveal(fig, reveal.schedule(data["story"]))
    t, fg = data["texts"], theme.foreground
    colours = [getattr(theme, c) for c in COLOURS]
    title = fig.text(*TITLE, t["title"], fontsize=SIZES["title"], weight="bold", color=fg, va="center")
    fig.text(*RULE, t["rule"], fontsize=SIZES["rule"], color=fg, va="center")
    fig.text(*SETTING, t["setting"], fontsize=SIZES["rule"], color=theme.muted, va="center", ha="right")

    trails, balls, dots, curves = [], [], [], []
    for i, box in enumerate(PORTRAITS):
        ax = mpl_panel(fig, box, theme, data["vlim"], data["elim"], data["v_ticks"], data["e_ticks"],
                       xlabel=t["v_label"], ylabel=t["e_label"] if i == 0 else None, label_size=SIZES["label"])
        ax.tick_params(labelsize=SIZES["tick"])
        fig.text(box[0] + box[2] / 2, HEAD_Y[0], t["headings"][i], color=colours[i], fontsize=SIZES["heading"],
                 ha="center", va="center", weight="bold")
        fig.text(box[0] + box[2] / 2, HEAD_Y[1], t["subheadings"][i], color=colours[i], fontsize=SIZES["heading"],
                 ha="center", va="center")
        ax.plot([0], [0], marker="x", ms=10, mew=2.2, color=fg, zorder=2)
        trails.append(ax.plot([], [], color=colours[i], lw=1.8, zorder=3, animated=True)[0])
        balls.append(ax.plot([], [], "o", ms=9, color=colours[i], mec=theme.background, mew=1.2, zorder=5,
                             animated=True)[0])
    ax = mpl_panel(fig, CURVES, theme, (0.0, float(data["steps"])), data["elim"], data["k_ticks"],
                   data["e_ticks"], xlabel=t["k_label"], ylabel=t["e_label"], label_size=SIZES["label"])
    ax.tick_params(labelsize=SIZES["tick"])
    fig.text(*CURVE_HEAD, t["curve_head"], color=theme.muted, fontsize=SIZES["heading"], va="center")
    ax.axhline(0.0, color=theme.muted, lw=1, zorder=1)
    for i in range(3):
        curves.append(ax.plot([], [], color=colours[i], lw=2, zorder=3, animated=True)[0])
        k = data["reach"][i]
        spot = ([k], [data["errors"][i][k]]) if k is not None and k <= data["steps"] else ([], [])
        dots.append(ax.plot(*spot, "o", ms=8, color=colours[i], mec=fg, mew=1.2, zorder=4, animated=True)[0])

    column = []
    for role, i, y, size, weight in COLUMN:
        txt = fig.text(COL, y, column_text(t, role, i), color=column_colour(role, i, theme), fontsize=size,
                       weight=weight, va="center")
        column.append((role, txt))
    rv.fade("verdict", *(txt for role, txt in column if role in VERDICT_ROLES))
    rv.rest("axes", title)

    def update(time: float) -> None:
        st = frame_state(data, time)
        for i in range(3):
            x, y = st["portraits"][i]
            trails[i].set_data(x, y)
            balls[i].set_data([x[-1]], [y[-1]])
            curves[i].set_data(*st["curves"][i])
            dots[i].set_visible(bool(st["marks"][i]))
        rv(time)

    return update
