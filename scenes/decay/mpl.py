"""Decay drawn with matplotlib: `draw_mpl` builds the artists once and returns update(t)."""
from __future__ import annotations

import numpy as np

from scenes.kit import reveal
from scenes.kit.plot1d import mpl_panel
from scenes.decay.data import frame_state
from scenes.decay.layout import HEADING_Y, LEGEND_AT, PANELS, RULE, UNROLLED, YLIM, YTICKS, sum_text, xticks


def draw_mpl(fig, data: dict, theme):
    from matplotlib.patches import Rectangle

    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    title = fig.text(0.05, 0.93, data["story"]["title"], fontsize=24, weight="bold", color=theme.foreground,
                     va="top")
    fig.text(0.05, 0.835, f"${UNROLLED}$", fontsize=17, color=theme.foreground, va="center")
    fig.text(0.95, 0.835, f"${RULE}$", fontsize=17, color=theme.foreground, va="center", ha="right")
    for kind, label in data["legend"]:
        x, y = LEGEND_AT[kind]
        if kind == "bar":
            fig.patches.append(Rectangle((x, y - 0.015), 0.012, 0.03, transform=fig.transFigure,
                                         color=theme.curve))
        elif kind == "dot":
            fig.text(x - 0.002, y, "\u25cf", color=theme.momentum, fontsize=15, va="center")
        else:
            fig.patches.append(Rectangle((x, y - 0.013), 0.014, 0.026, transform=fig.transFigure, fill=False,
                                         ls=(0, (2, 2)), lw=1.5, ec=theme.foreground))
        fig.text(x + 0.02, y, label, color=theme.foreground, fontsize=13, va="center")

    updates = []
    for k, (q, rect) in enumerate(zip(data["panels"], PANELS)):
        xlabel, ylabel = data["axis_labels"]
        ax = mpl_panel(fig, rect, theme, q["xlim"], YLIM, xticks(q), YTICKS, xlabel=xlabel,
                       ylabel=ylabel if k == 0 else None)
        fig.text(rect[0], HEADING_Y, q["heading"], fontsize=18, weight="bold", color=theme.foreground,
                 va="center")
        total = fig.text(rect[0] + rect[2], HEADING_Y, "", fontsize=14, color=theme.foreground, va="center",
                         ha="right", animated=True)
        bars = ax.bar(data["i"], np.zeros(data["bars"]), width=0.72, color=theme.curve, zorder=3,
                      animated=True)
        dots = ax.plot([], [], "o", ms=6, color=theme.momentum, mec=theme.background, mew=0.8, zorder=5,
                       animated=True)[0]
        box = Rectangle((-0.5, 0.0), q["window"], 1.0, fill=False, ls=(0, (4, 3)), lw=2,
                        ec=theme.foreground, zorder=6, animated=True)
        ax.add_patch(box)
        box_label = ax.text(-0.5 + q["window"], 1.04, q["box_label"], fontsize=14, va="bottom",
                            ha="right" if q["box_label_right"] else "left",
                            color=theme.foreground, zorder=6, animated=True)
        updates.append((q, total, bars, dots, box, box_label))
        rv.fade("balls", total)
    rv.rest("axes", title)

    def update(t: float) -> None:
        st = frame_state(data, t)
        for k, (q, total, bars, dots, box, box_label) in enumerate(updates):
            for bar, h in zip(bars, st["grown"] * q["weights"]):
                bar.set_height(h)
            m = st["done"]
            dots.set_data(data["i"][:m], q["buffer"][:m])
            total.set_text(sum_text(data, k, st))
            box.set_alpha(st["box"])
            box_label.set_alpha(st["box"])
        rv(t)

    return update
