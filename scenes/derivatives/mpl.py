"""Derivatives drawn with matplotlib: `draw_mpl` builds the artists once and returns update(t)."""
from __future__ import annotations

import numpy as np

from scenes.kit import reveal
from scenes.kit.plot1d import mpl_panel, nice_ticks, partial
from scenes.derivatives.story import RUNS
from scenes.derivatives.data import X_RANGE, frame_state
from scenes.derivatives.layout import (
    BOTTOM, DATA, LEGEND_STEP, LOSS_X, PANEL_SERIES, TOP, colors, counter_text, dticks, formula_rows,
    loss_text, loss_y)


def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    col = colors(theme)
    fg = theme.foreground
    words = data["words"]
    title = fig.text(0.05, 0.93, data["story"]["title"], fontsize=24, weight="bold", color=fg, va="top")
    for y, tex in zip(formula_rows(), data["formulas"]):
        fig.text(0.05, y, f"${tex}$", fontsize=15, color=fg, va="center")
    for y, line in zip((0.575, 0.53), data["setup"]):
        fig.text(0.05, y, line, fontsize=13, color=theme.muted, va="center")
    counter = fig.text(0.96, 0.93, "", fontsize=17, color=fg, va="top", ha="right", animated=True)

    # Data and the current fits.
    dx = mpl_panel(fig, DATA, theme, (X_RANGE[0] - 0.1, X_RANGE[1] + 0.1), data["data_ylim"],
                   nice_ticks(*X_RANGE, 3), nice_ticks(*data["data_ylim"], 4), xlabel="x", ylabel="y")
    fig.text(DATA[0], DATA[1] + DATA[3] + 0.04, words["data_heading"], fontsize=14, color=fg, weight="bold",
             va="center")
    cloud = dx.scatter(data["x"], data["y"], s=16, color=theme.muted, alpha=0.35, zorder=2, lw=0)
    seen = dx.plot([], [], "o", ms=4.5, color=theme.muted, zorder=3, animated=True)[0]
    ring = dx.plot([], [], "o", ms=12, mfc="none", mec=fg, mew=2, zorder=6, animated=True)[0]
    fits = {name: dx.plot([], [], color=col[name], lw=2.5, zorder=4 + i, animated=True)[0]
            for i, name in enumerate(RUNS)}
    losses = {name: fig.text(LOSS_X, loss_y(i), "", fontsize=13, color=col[name], va="center", animated=True)
              for i, name in enumerate(RUNS)}
    fig.text(LOSS_X, DATA[1] + DATA[3], words["mean_label"], fontsize=13, color=fg, va="center")

    # The derivative panels.
    k = data["k"]
    lines, heads = {}, {}
    for rect, keys in zip((TOP, BOTTOM), PANEL_SERIES):
        ax = mpl_panel(fig, rect, theme, (0.5, data["n"] + 0.5), data["ylim"], nice_ticks(1, data["n"], 6),
                       dticks(data), xlabel=words["xlabel"] if rect is BOTTOM else None, ylabel=words["ylabel"])
        ax.axhline(0, color=theme.muted, lw=1, zorder=1)
        x = rect[0]
        for key in keys:
            fig.text(x, rect[1] + rect[3] + 0.035, "\u25cf", color=col[key], fontsize=14, va="center")
            fig.text(x + 0.018, rect[1] + rect[3] + 0.035, words["legend"][key], color=fg, fontsize=13, va="center")
            x += LEGEND_STEP[key]
        for key in keys:
            lw = 3.2 if key == "velocity" else 2
            lines[key] = ax.plot([], [], color=col[key], lw=lw, zorder=3, animated=True)[0]
            heads[key] = ax.plot([], [], "o", ms=7, color=col[key], mec=theme.background, mew=1, zorder=5,
                                 animated=True, clip_on=False)[0]
        if "relu" in keys:
            offs = ax.plot([], [], "o", ms=6, mfc="none", mec=col["relu"], mew=1.5, zorder=4, animated=True)[0]
    off_k = k[data["runs"]["relu"]["pre"] < 0]
    rv = Reveal(fig, reveal.schedule(data["story"])).fade("curve", cloud)
    rv.grow("balls", *heads.values()).fade("balls", seen, ring, *fits.values(), *losses.values(), counter)
    rv.rest("axes", title)

    def update(t: float) -> None:
        st = frame_state(data, t)
        for key, line in lines.items():
            px, py = partial(k, data["series"][key], st["shown"])
            line.set_data(px, py)
            heads[key].set_data([px[-1]], [py[-1]])
        shown = off_k[off_k <= st["shown"] + 1 + 1e-9]
        offs.set_data(shown, np.zeros_like(shown))
        i = st["k"]
        seen.set_data(data["x"][: i + 1], data["y"][: i + 1])
        ring.set_data([data["x"][i]], [data["y"][i]])
        for name in RUNS:
            fits[name].set_data(data["fit_x"], st["fits"][name])
            losses[name].set_text(loss_text(data, name, st))
        counter.set_text(counter_text(data, st))
        rv(t)

    return update
