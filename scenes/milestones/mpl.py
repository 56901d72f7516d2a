"""The milestones scene in matplotlib: the stacked loss bars, the lanes with their marks, and the column
of words, all from the data and texts of `scenes.milestones.data` (Manim: `scenes.milestones.manim`)."""
from __future__ import annotations

import numpy as np

from scenes.kit import reveal
from scenes.kit.plot1d import mpl_panel
from scenes.milestones.data import bar_rects, frame_state
from scenes.milestones.layout import (BAR_WIDTH, BARS_BOX, CLIP_NOTE, COL, COLOURS, COLUMN, LABEL_LIFT,
                                      LANE_NAME_X,
                                      LANES_BOX, LANES_HEAD, TITLE, VERDICT_ROLES, lane_fig_y, mark_anchor)


def column_colour(role: str, data: dict, theme) -> str:
    if role == "rule" or role == "matrix":
        return theme.muted
    if role == "case":
        return theme.foreground if data["case"] == "converges" else theme.gd
    return theme.foreground


def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    t, steps = data["texts"], data["steps"]
    colours = [getattr(theme, c) for c in COLOURS]
    title = fig.text(*TITLE, t["title"], fontsize=22, weight="bold", color=theme.foreground, va="top")

    xlim = (-1.0, steps + 1.0)
    ax = mpl_panel(fig, BARS_BOX, theme, xlim, (0.0, data["y_top"]), data["x_ticks"], data["y_ticks"],
                   xlabel=t["x_label"], ylabel=t["y_label"])
    bars = []
    for j, c in enumerate(colours):
        cont = ax.bar(data["k"], np.zeros(steps + 1), BAR_WIDTH, bottom=np.zeros(steps + 1), color=c,
                      linewidth=0, zorder=3, animated=True)
        bars.append(list(cont.patches))
    if t["clip"]:
        fig.text(*CLIP_NOTE, t["clip"], color=theme.muted, fontsize=13, ha="right", va="center")

    lanes_ax = mpl_panel(fig, LANES_BOX, theme, xlim, (0.0, 3.0), [], [], grid=False)
    for side in lanes_ax.spines.values():
        side.set_visible(False)
    fig.text(*LANES_HEAD, t["lanes_head"], color=theme.muted, fontsize=13, va="center")
    lanes, dots, labels, arrows = [], [], [], []
    for i, (y, c) in enumerate(zip(data["lane_y"], colours)):
        lanes_ax.plot(xlim, [y, y], color=theme.grid, lw=1, zorder=1)
        fig.text(LANE_NAME_X, lane_fig_y(y), t["lane_names"][i], color=c, fontsize=13, ha="right", va="center")
        lanes.append(lanes_ax.plot([], [], color=c, lw=3, zorder=3, animated=True, solid_capstyle="butt")[0])
        last = data["last_above"][i]
        k = steps if last is None else last
        dots.append(lanes_ax.plot([k], [y], "o", ms=9, color=c, mec=theme.background, mew=1.2, zorder=4,
                                  animated=True, clip_on=False)[0])
        arrows.append(lanes_ax.plot([steps + 0.5], [y], ">", ms=11, color=c, zorder=4, animated=True,
                                    clip_on=False)[0])
        x, ha = mark_anchor(k, steps)
        labels.append(lanes_ax.text(x, y + LABEL_LIFT, t["marks"][i], color=c, fontsize=13, ha=ha,
                                    va="center", zorder=5, animated=True))

    column = {}
    for role, y, size, weight in COLUMN:
        column[role] = fig.text(COL, y, t[role], color=column_colour(role, data, theme), fontsize=size,
                                weight=weight, va="center")
    rv.fade("verdict", *(column[r] for r in VERDICT_ROLES))
    rv.rest("axes", title)

    def update(time: float) -> None:
        st = frame_state(data, time)
        for j, patches in enumerate(bars):
            base, top = bar_rects(data, st, j)
            for p, b, h in zip(patches, base, top - base):
                p.set_y(b)
                p.set_height(h)
        for i in range(len(lanes)):
            y = data["lane_y"][i]
            lanes[i].set_data([0.0, st["lanes"][i]], [y, y])
            shown = st["marks"][i] or st["arrows"][i]
            dots[i].set_visible(bool(st["marks"][i]))
            arrows[i].set_visible(bool(st["arrows"][i]))
            labels[i].set_visible(bool(shown))
        rv(time)

    return update
