"""The banana drawn by matplotlib: the contour map with the path as it goes, the words around it."""
from __future__ import annotations

import numpy as np

from scenes.banana import layout as P, story as S
from scenes.banana.data import frame_state
from scenes.kit import contour as C, contour_mpl, reveal


def path_color(data: dict, theme) -> str:
    return theme.gd if data["beta"] == 0 else theme.momentum


def draw_mpl(fig, data: dict, theme):
    from matplotlib.patches import FancyArrowPatch

    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    color, fg, muted, size = path_color(data, theme), theme.foreground, theme.muted, P.SIZES
    title = fig.text(*P.TITLE, data["story"]["title"], fontsize=size["title"], weight="bold", color=fg,
                     va="center")
    fig.text(P.LEFT, P.ROW1, f"${S.UPDATE_TEX}$", color=fg, fontsize=size["formula"], va="center")
    fig.text(P.RIGHT, P.ROW1, f"${S.params_tex(data)}$", color=muted, fontsize=size["formula"], ha="right",
             va="center")
    fig.text(P.LEFT, P.ROW2, S.FUNCTION, color=fg, fontsize=size["text"], va="center")
    start_label, optimum_label = S.legend(data)
    legend = [fig.text(P.LEGEND_X[0], P.ROW2, "\u25cb", color=color, fontsize=size["text"] + 2, ha="center",
                       va="center"),
              fig.text(P.LEGEND_X[0] + 0.014, P.ROW2, start_label, color=fg, fontsize=size["text"], va="center"),
              fig.text(P.LEGEND_X[1], P.ROW2, "\u00d7", color=fg, fontsize=size["text"] + 4, ha="center",
                       va="center"),
              fig.text(P.LEGEND_X[1] + 0.014, P.ROW2, optimum_label, color=fg, fontsize=size["text"],
                       va="center")]
    fig.text(P.LEFT, P.FACTS_Y[0], S.curvature_text(data), color=muted, fontsize=size["facts"], va="center")
    fig.text(P.LEFT, P.FACTS_Y[1], S.limit_text(data), color=muted, fontsize=size["facts"], va="center")
    step = fig.text(P.RIGHT, P.FACTS_Y[1], "", color=fg, fontsize=size["facts"], ha="right", va="center",
                    animated=True)
    counter = fig.text(P.RIGHT, P.FACTS_Y[0], "", color=fg, fontsize=size["facts"], ha="right", va="center",
                       animated=True)

    ax = contour_mpl.mpl_contour_axes(fig, P.MAP, theme, data["lines"], C.level_colors(theme, len(data["levels"])),
                            lw=1.1, alpha=0.8)
    optimum = ax.plot(*data["optimum"], marker="x", ms=11, mew=2.5, color=fg, zorder=2)
    rv.fade("curve", *ax.collections, *optimum)
    start = ax.plot(*data["start"], marker="o", ms=12, mfc="none", mec=color, mew=2, zorder=4, animated=True)[0]
    trail = ax.plot([], [], color=color, lw=2.2, zorder=3, animated=True, solid_joinstyle="round")[0]
    dots = ax.plot([], [], "o", ms=5.5, color=color, zorder=3, animated=True)[0]
    ball = ax.plot([], [], "o", ms=12, color=color, mec=theme.background, mew=1.5, zorder=6, animated=True,
                   clip_on=False)[0]
    arrow = FancyArrowPatch((0, 0), (0, 0), arrowstyle="-|>", mutation_scale=24, lw=2.4, color=color,
                            zorder=7, clip_on=False, animated=True)
    ax.add_patch(arrow)
    rv.grow("balls", ball, start).fade("balls", step, counter, *legend).rest("axes", title)

    def update(t: float) -> None:
        st = frame_state(data, t)
        tr = st["trail"]
        trail.set_data(tr[:, 0], tr[:, 1])
        k = min(st["step"], len(data["positions"]) - 1)
        dots.set_data(data["positions"][: k + 1, 0], data["positions"][: k + 1, 1])
        ball.set_data([st["head"][0]], [st["head"][1]])
        step.set_text(st["step_text"])
        counter.set_text(st["counter"])
        if st["arrow"] is None:
            arrow.set_visible(False)
        else:
            at, way = st["arrow"]
            arrow.set_positions(tuple(np.asarray(at) + P.ARROW_GAP * np.asarray(way)),
                                tuple(np.asarray(at) + P.ARROW_IN * np.asarray(way)))
            arrow.set_visible(True)
        rv(t)

    return update
