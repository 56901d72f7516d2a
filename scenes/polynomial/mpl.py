"""The polynomial scene in matplotlib: the data and the model, its six eigenfeature terms, the bars of the
steps each term needs and the column of words, all from `scenes.polynomial.data` (Manim:
`scenes.polynomial.manim`)."""
from __future__ import annotations

import numpy as np

from scenes.kit import reveal
from scenes.kit.plot1d import mpl_panel
from scenes.polynomial.data import XLIM, YLIM, frame_state, tikhonov_curve
from scenes.polynomial.layout import (BAR_HEIGHT, BAR_K_X, BAR_NAME_X, BARS, BARS_HEAD, COL, COLUMN, FIT, FIT_HEAD,
                                      RULE, SETTING, SIZES, TERM_HEAD_LIFT, TERMS, TERMS_HEAD, TICK_Y, TITLE,
                                      bar_fig_x, bar_fig_y, colour, row_y)
from scenes.polynomial.story import bar_ticks, counter

Y_TICKS = (-3.0, -1.5, 0.0, 1.5, 3.0)
X_TICKS = (-1.0, -0.5, 0.0, 0.5, 1.0)


def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    t, fg, n = data["texts"], theme.foreground, len(data["lam"])
    title = fig.text(*TITLE, t["title"], fontsize=SIZES["title"], weight="bold", color=fg, va="center")
    fig.text(*RULE, t["rule"], fontsize=SIZES["rule"], color=fg, va="center")
    fig.text(*SETTING, t["setting"], fontsize=SIZES["rule"], color=theme.muted, va="center", ha="right")

    ax = mpl_panel(fig, FIT, theme, XLIM, YLIM, X_TICKS, Y_TICKS, xlabel=t["x_label"], label_size=SIZES["label"])
    ax.tick_params(labelsize=SIZES["tick"])
    fig.text(*FIT_HEAD, t["fit_head"], fontsize=SIZES["head"], color=fg, va="center")
    ax.axhline(0.0, color=theme.grid, lw=1, zorder=1)
    tik = ax.plot(*tikhonov_curve(data), color=theme.muted, lw=2.2, ls=(0, (5, 3)), zorder=3, animated=True)[0]
    model = ax.plot([], [], color=fg, lw=2.4, zorder=4, animated=True)[0]
    xi, d = data["data"]
    ax.plot(xi, d, "o", ms=6.5, color=fg, mec=theme.background, mew=1.2, zorder=5)

    fig.text(*TERMS_HEAD, t["terms_head"], fontsize=SIZES["head"], color=fg, va="center")
    terms = []
    for i, box in enumerate(TERMS):
        tax = mpl_panel(fig, box, theme, XLIM, YLIM, [], [], grid=False)
        tax.axhline(0.0, color=theme.grid, lw=1, zorder=1)
        fig.text(box[0] + box[2] / 2, box[1] + box[3] + TERM_HEAD_LIFT, t["term_heads"][i], color=colour(theme, i),
                 fontsize=SIZES["term"], ha="center", va="center")
        terms.append(tax.plot([], [], color=colour(theme, i), lw=2.2, zorder=3, animated=True)[0])

    top = data["bars_top"]
    bax = mpl_panel(fig, BARS, theme, (0.0, top), (-0.5, n - 0.5), [e for e, _ in bar_ticks(top)], [])
    bax.set_xticklabels([])
    fig.text(*BARS_HEAD, t["bars_head"], fontsize=SIZES["head"], color=fg, va="center")
    for e, label in bar_ticks(top):
        fig.text(bar_fig_x(e, top), TICK_Y, label, fontsize=SIZES["tick"], color=theme.muted, ha="center",
                 va="center")
    bars = []
    for i in range(n):
        length = np.log10(max(float(data["first"][i]), 1.0)) if np.isfinite(data["first"][i]) else top
        bars.append(bax.barh([row_y(i, n)], [length], height=BAR_HEIGHT, color=colour(theme, i), zorder=3,
                             animated=True)[0])
        fig.text(BAR_NAME_X, bar_fig_y(i, n), t["bar_names"][i], color=colour(theme, i), fontsize=SIZES["term"],
                 ha="right", va="center")
        fig.text(BAR_K_X, bar_fig_y(i, n), t["bar_k"][i], color=colour(theme, i), fontsize=SIZES["term"],
                 va="center")
    marker = bax.axvline(0.0, color=fg, lw=2, zorder=4, animated=True)

    column = []
    for role, y, size, weight, when in COLUMN:
        txt = fig.text(COL, y, t[role], color=fg if weight == "bold" or role == "counter" else theme.muted, fontsize=size, weight=weight,
                       va="center", animated=True)
        column.append((when, txt))
    counter_text = column[0][1]
    rv.rest("axes", title)

    def update(time: float) -> None:
        st = frame_state(data, time)
        model.set_data(*st["model"])
        for line, xy in zip(terms, st["terms"]):
            line.set_data(*xy)
        for i, bar in enumerate(bars):
            grey = st["grey"][i]
            bar.set_color(theme.muted if grey else colour(theme, i))
            bar.set_alpha(0.35 if grey else 0.9)
        marker.set_xdata([st["marker"], st["marker"]])
        counter_text.set_text(counter(st["k"]))
        for when, txt in column[1:]:
            txt.set_alpha(st["show"][when])
            txt.set_visible(st["show"][when] > 0)
        tik.set_alpha(st["show"]["tikhonov"])
        tik.set_visible(st["show"]["tikhonov"] > 0)
        rv(time)

    return update
