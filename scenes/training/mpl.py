"""Training scene, matplotlib backend: `draw_mpl(fig, data, theme)` builds the artists, returns update(t)."""
from __future__ import annotations

import numpy as np

from scenes.training.layout import (
    COL, DASHED, DIGIT_PANELS, DIGIT_SERIES, DIGITS_XLABEL_DY, DIGITS_Y, LATE_NOTES, MAIN_BOX, MAIN_XLABEL_DY,
    NOTE_X, NOTE_Y, SERIES, SUB_Y, TITLE_Y, WIDTH, ZOOM_BOXES, ZOOM_LABEL_DY, ZOOM_NOTE_Y, colors,
    counter_text, end_labels, frame_state, legend_rows, legend_x, spec_panel)


def draw_mpl(fig, data: dict, theme):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon

    from scenes.kit import reveal
    from scenes.kit.mpl import panel_axes
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    fg, muted = theme.foreground, theme.muted
    col = colors(theme)
    ax_spec, words = data["axes"], data["words"]

    def panel(box, spec, size=13):
        ax = panel_axes(fig, spec_panel(box, spec), theme)
        ax.set_xticks(spec["x"]["ticks"], spec["x"]["labels"])
        ax.set_yticks(spec["y"]["ticks"], spec["y"]["labels"])
        ax.tick_params(labelsize=size, length=3, pad=2)
        return ax

    headline = fig.text(0.04, TITLE_Y, data["story"]["title"], fontsize=20, weight="bold", color=fg, va="top")
    counter = fig.text(0.965, TITLE_Y - 0.008, "", fontsize=14, color=fg, ha="right", va="top", animated=True)
    fig.text(0.04, SUB_Y, words["subtitle"], fontsize=13, color=muted, va="center")

    # Seed 003: the epoch losses.
    ax = panel(MAIN_BOX, ax_spec["main"])
    fig.text(MAIN_BOX[0] + MAIN_BOX[2] / 2, MAIN_BOX[1] - MAIN_XLABEL_DY, "epoch", color=fg, fontsize=13,
             ha="center", va="center")
    ax.set_ylabel(data["ylabel"], fontsize=13)
    a, w = data["zoom_start"], data["zoom_width"]
    if w < data["n"]:  # mark the zoomed epochs (a zoom on the whole run needs no mark)
        rv.fade("curve", ax.axvspan(a + 1, a + w, color=muted, alpha=0.18, lw=0, zorder=0),
                ax.text(a + 0.5 * w, ax_spec["main"]["y"]["range"][1], "zoom", color=muted, fontsize=13,
                        ha="center", va="bottom"))
    lines = {v: ax.plot([], [], color=col[v], lw=WIDTH[v], ls="--" if v in DASHED else "-", animated=True,
                        zorder=2 + i)[0] for i, v in enumerate(SERIES)}
    marks = ax.plot([], [], "o", ms=5, color=col["manual"], mec=theme.background, mew=0.8, animated=True,
                    zorder=8)[0]
    heads = {v: ax.plot([], [], "o", ms=8, color=col[v], mec=theme.background, mew=1.2, animated=True,
                        zorder=9)[0] for v in ("sgd", "torch")}
    ends = [fig.text(MAIN_BOX[0] + MAIN_BOX[2] + 0.008, 0, s, color=col[v], fontsize=13, va="center",
                     animated=True) for s, _, v in end_labels(data)]
    ylo, yhi = ax_spec["main"]["y"]["range"]
    end_fy = [MAIN_BOX[1] + MAIN_BOX[3] * (y - ylo) / (yhi - ylo) for _, y, _ in end_labels(data)]

    lx = legend_x(data)
    for v, label, fy in legend_rows(data):
        if v == "manual":
            fig.add_artist(Line2D([lx + 0.004, lx + 0.016, lx + 0.028], [fy] * 3, transform=fig.transFigure,
                                  ls="none", marker="o", ms=5, color=col[v], mec=theme.background, mew=0.8))
        else:
            fig.add_artist(Line2D([lx, lx + 0.032], [fy, fy], transform=fig.transFigure, color=col[v],
                                  lw=WIDTH[v] + 0.6, ls=(0, (3, 1.5)) if v in DASHED else "-"))
        fig.text(lx + 0.04, fy, label, color=fg, fontsize=12, va="center")

    note_colors = (col["manual"], col["article_as_run"], col["article_as_run"])
    fig.text(NOTE_X, NOTE_Y[0], f"${data['formula']}$", color=fg, fontsize=17, va="center")
    notes = [fig.text(NOTE_X, y, note, color=c, fontsize=13, va="center", animated=k in LATE_NOTES)
             for k, (y, note, c) in enumerate(zip(NOTE_Y[1:], words["notes"], note_colors))]

    # The zoom: the same window for both, on one shared scale.
    fig.text(COL, SUB_Y, words["zoom_title"], color=fg, fontsize=14, va="center")
    zoom_lines = {}
    for k, (v, box) in enumerate(ZOOM_BOXES):
        zx = panel(box, ax_spec["zoom"])
        zx.axhline(0.0, color=muted, lw=0.8, ls=(0, (3, 3)))
        if k == 0:
            zx.tick_params(labelbottom=False)
        fig.text(box[0], box[1] + box[3] + ZOOM_LABEL_DY, words["zoom_labels"][v], color=col[v], fontsize=13,
                 va="center")
        zoom_lines[v] = zx.plot([], [], color=col[v], lw=2.0, animated=True, marker="o", ms=2.5)[0]
    for y, note in zip(ZOOM_NOTE_Y, words["zoom_notes"]):
        fig.text(COL, y, note, color=muted, fontsize=13, va="center")

    # Digits: test accuracy and training loss, mean with a min-max band over seeds (no band for the
    # dashed SGD at the effective learning rate, which runs on top of momentum's).
    for y, line in zip(DIGITS_Y, words["digits_title"]):
        fig.text(COL, y, line, color=fg, fontsize=13, va="center")
    artists = {}
    for key, box, name, title in DIGIT_PANELS:
        dx_ = panel(box, ax_spec[name])
        fig.text(box[0] + box[2] / 2, box[1] - DIGITS_XLABEL_DY, "epoch", color=fg, fontsize=13, ha="center",
                 va="center")
        fig.text(box[0] + box[2] / 2, box[1] + box[3] + 0.022, title, color=fg, fontsize=13, ha="center",
                 va="center")
        for v, style in DIGIT_SERIES:
            patch = Polygon(np.zeros((3, 2)), closed=True, fc=col[style], alpha=0.25, ec="none", animated=True)
            dx_.add_patch(patch)
            line = dx_.plot([], [], color=col[style], lw=2.2, ls="--" if style in DASHED else "-",
                            animated=True)[0]
            artists[key, v] = (line, patch)
    rv.grow("balls", *heads.values()).fade("balls", counter, marks).rest("axes", headline)

    def update(t: float) -> None:
        st = frame_state(data, t)
        counter.set_text(counter_text(data, st))
        for v in SERIES:
            lines[v].set_data(*st["main"][v])
        for v in ("sgd", "torch"):
            xs, ys = st["main"][v]
            heads[v].set_data(xs[-1:], ys[-1:])
            heads[v].set_alpha(1.0 - st["outro"])
        marks.set_data(*st["marks"])
        for label, fy in zip(ends, end_fy):
            label.set_y(fy)
            label.set_alpha(st["outro"])
        for k in LATE_NOTES:  # the article's loop is explained once its run has ended
            notes[k].set_alpha(st["outro"])
        for v, line in zoom_lines.items():
            line.set_data(*st["zoom"][v])
        for (key, v), (line, patch) in artists.items():
            (mx, my), outline = st["digits"][key, v]
            line.set_data(mx, my)
            banded = len(outline) > 0 and v not in DASHED
            patch.set_xy(outline if banded else np.zeros((3, 2)))
            patch.set_visible(banded)
        rv(t)

    return update
