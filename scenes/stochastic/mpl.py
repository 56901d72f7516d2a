"""The stochastic scene in matplotlib: the expected loss as stacked bars (noise part below, deterministic
part on top) growing step by step, the Monte-Carlo mean over them, one run as dots, the phase boundary,
and the column of words, all from `scenes.stochastic.data` (Manim: `scenes.stochastic.manim`)."""
from __future__ import annotations

import numpy as np

from scenes.kit import long_title, reveal
from scenes.kit.plot1d import mpl_panel
from scenes.stochastic.data import frame_state
from scenes.stochastic.layout import (ABOVE_NOTE, BAR_WIDTH, COL, COLUMN, LEGEND, PHASE_PT, PLOT, SWATCH, TITLE,
                                      TITLE_MOST, TITLE_TWO, VERDICT, phase_labels)
from scenes.stochastic.story import COLOURS


def bar_heights(data: dict, st: dict) -> tuple[np.ndarray, np.ndarray]:
    """(top of the noise bar, top of the deterministic bar on it) at every step at this moment, cut at the top."""
    g = st["grown"]
    noise = np.minimum(data["noise"] * g, data["y_top"])
    return noise, np.minimum(data["total"] * g, data["y_top"])


def shown_upto(data: dict, st: dict) -> int:
    """How many steps of the mean and of the run are drawn: those the bars have reached."""
    return int(np.floor(st["s"] + 1e-9)) + 1 if st["s"] >= 0 else 0


def phase_x(data: dict) -> float | None:
    """Where the boundary is drawn: between the last transient step and the first fine-tuning one."""
    b = data["boundary"]
    return None if b is None or b >= data["steps"] else b + 0.5


def phase_text(t: dict, role: str, ha: str) -> str:
    """A phase's label; on the far side of the line it carries an arrow back to its phase."""
    s = t[role]
    if role == "transient" and ha == "left":
        return "\u2190 " + s
    if role == "fine" and ha == "right":
        return s + " \u2192"
    return s


def draw_mpl(fig, data: dict, theme):
    from matplotlib.lines import Line2D

    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    t, steps, top = data["texts"], data["steps"], data["y_top"]
    title = fig.text(*TITLE, t["title"], fontsize=21, weight="bold", color=theme.foreground, va="top")
    if long_title.mpl(fig, title, TITLE[0], TITLE_MOST):
        title.set_y(TITLE_TWO)
    ax = mpl_panel(fig, PLOT, theme, (-1.0, steps + 1.0), (0.0, top), data["x_ticks"], data["y_ticks"],
                   xlabel=t["x_label"], ylabel=t["y_label"])
    k = data["k"]
    bars = []
    for part in ("noise", "det"):
        cont = ax.bar(k, np.zeros(steps + 1), BAR_WIDTH, bottom=np.zeros(steps + 1), color=getattr(theme, COLOURS[part]),
                      linewidth=0, zorder=3, animated=True)
        bars.append(list(cont.patches))
    mean = ax.plot([], [], color=getattr(theme, COLOURS["mean"]), lw=2.5, zorder=5, animated=True)[0]
    dots = ax.plot([], [], "o", ms=3.2, color=getattr(theme, COLOURS["run"]), alpha=0.75, zorder=6, animated=True)[0]
    x = phase_x(data)
    if x is not None:
        ax.axvline(x, color=theme.foreground, lw=1.5, ls=(0, (4, 3)), zorder=7)
        for role, lx, ha, row in phase_labels(x, steps, t):
            ax.annotate(phase_text(t, role, ha), (lx, 1.0), xycoords=ax.get_xaxis_transform(),
                        xytext=(0.0, PHASE_PT[row]), textcoords="offset points", color=theme.foreground, fontsize=13,
                        ha=ha, va="bottom", annotation_clip=False)
    if t["above"]:
        fig.text(*ABOVE_NOTE, t["above"], color=theme.muted, fontsize=12, ha="left", va="center")

    column = {}
    for role, y, size, weight in COLUMN:
        colour = getattr(theme, COLOURS[role]) if role in LEGEND else theme.foreground
        column[role] = fig.text(COL, y, t[role], color=theme.muted if role == "rule" else colour, fontsize=size,
                                weight=weight, va="center")
        if role in LEGEND:
            fig.lines.append(Line2D([COL - 2.2 * SWATCH, COL - 0.6 * SWATCH], [y, y], transform=fig.transFigure,
                                    color=colour, lw=5, solid_capstyle="butt"))
    rv.fade("verdict", *(column[r] for r in VERDICT))
    rv.rest("axes", title)

    def update(time: float) -> None:
        st = frame_state(data, time)
        noise, total = bar_heights(data, st)
        for p, h in zip(bars[0], noise):
            p.set_height(h)
        for p, b, h in zip(bars[1], noise, total):
            p.set_y(b)
            p.set_height(h - b)
        n = shown_upto(data, st)
        mean.set_data(k[:n], np.minimum(data["mean"][:n], top))
        keep = data["run"][:n] <= top
        dots.set_data(k[:n][keep], data["run"][:n][keep])
        rv(time)

    return update
