"""Conventions drawn with matplotlib: `draw_mpl` builds the artists once and returns update(t)."""
from __future__ import annotations

import numpy as np

from scenes.kit import reveal
from scenes.kit.layout import two_lines
from scenes.kit.plot1d import head, mpl_panel, nice_ticks, partial
from scenes.conventions.layout import (
    KEYS, LEFT, RIGHT, ROWS_Y, answer_rows, colors, counter_text, frame_state, xticks, zoom_note_at,
    zoom_note_breaks, zoom_ticks)


def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    col = colors(theme)
    fg = theme.foreground
    title = fig.text(0.05, 0.93, data["story"]["title"], fontsize=23, weight="bold", color=fg, va="top")
    for key, y, name, tex, note in zip(KEYS, ROWS_Y, data["names"], data["formulas"], data["notes"]):
        marker = "\u25c7" if key == "keras" else "\u25cf"
        fig.text(0.05, y, marker, color=col[key], fontsize=17, va="center")
        fig.text(0.075, y, name, color=fg, fontsize=15, va="center")
        fig.text(0.215, y, f"${tex}$", color=fg, fontsize=16, va="center")
        if note:
            fig.text(0.95, y, note, color=fg, fontsize=13, va="center", ha="right")
    counter = fig.text(LEFT[0] + LEFT[2], LEFT[1] + LEFT[3] + 0.03, "", color=fg, fontsize=15, ha="right",
                       va="center", animated=True)

    k = data["k"]
    xt = xticks(data)
    xlabel, ylabel = data["axis_labels"]
    axes = [mpl_panel(fig, LEFT, theme, (0, data["n"] + 0.5), data["ylim_all"], xt,
                      nice_ticks(*data["ylim_all"], 5), xlabel=xlabel, ylabel=ylabel),
            mpl_panel(fig, RIGHT, theme, (0, data["n"] + 0.5), data["ylim_zoom"], xt, zoom_ticks(data),
                      xlabel=xlabel)]
    for rect, heading in zip((LEFT, RIGHT), data["headings"]):
        fig.text(rect[0], rect[1] + rect[3] + 0.03, heading, fontsize=15, color=fg, va="center", weight="bold")
    ax, zx = axes
    ax.axhline(data["limit"], color=col["torch"], ls=(0, (4, 3)), lw=1.5, zorder=1)
    # At the right end, after the drop: at beta = 0 the steps run along the limit before it.
    ax.text(data["n"], data["limit"], data["limit_label"], color=fg, fontsize=13, va="bottom", ha="right")
    for a in axes:
        a.axvline(data["drop"] + 0.5, color=theme.muted, ls=(0, (1, 3)), lw=1.5, zorder=1)
    for y in (data["lr"], data["fed_after"]):
        zx.axhline(y, color=fg, ls=(0, (4, 3)), lw=1.2, zorder=1)
    zx.text(data["n"], data["lr"] * 1.03, data["zoom_notes"][0], color=fg, fontsize=13, ha="right", va="bottom")
    y2, va2 = data["zoom_note_at"]
    note = zx.text(data["n"], y2, data["zoom_notes"][1], color=fg, fontsize=13, ha="right", va=va2)
    placed = []

    lines, heads = {}, {}
    for a, name in ((ax, "all"), (zx, "zoom")):
        keys = ("plain", "ema", "keras_line", "torch", "keras") if name == "all" else ("plain", "ema")
        for z, key in enumerate(keys):
            if key == "keras":
                style = dict(ls="none", marker="D", ms=5.5, mfc="none", mec=col[key], mew=1.6)
            elif key == "keras_line":  # under PyTorch's line: seen only where Keras takes other steps
                style = dict(lw=1.8)
            elif key == "plain":
                style = dict(lw=2, drawstyle="steps-mid")
            else:
                style = dict(lw=3)
            lines[name, key] = a.plot([], [], color=col[key.split("_")[0]], zorder=3 + z, animated=True, **style)[0]
            if key in ("ema", "torch"):
                heads[name, key] = a.plot([], [], "o", ms=8, color=col[key], mec=theme.background, mew=1,
                                          zorder=8, animated=True, clip_on=False)[0]

    widths = []
    for line, pt, bold in zip(data["answer"], (15, 14), ("bold", "normal")):
        probe = fig.text(0, 0, line, fontsize=pt, weight=bold)
        widths.append(probe.get_window_extent(fig.canvas.get_renderer()).width / fig.bbox.width)
        probe.remove()
    answer = [fig.text(0.05, y, s, fontsize=pt, weight="bold" if bold else "normal", color=fg, va="center",
                       animated=True) for s, y, pt, bold in answer_rows(data["answer"], widths)]
    rv.grow("balls", *heads.values(), lines["all", "keras"]).fade("balls", counter).rest("axes", title)

    def update(t: float) -> None:
        if not placed:  # once the frame's shape has placed the panel: the note lifted by its drawn width
            def steps() -> float:
                e = note.get_window_extent(fig.canvas.get_renderer())
                return e.width / zx.get_window_extent().width * (data["n"] + 0.5)

            if zoom_note_breaks(data, steps()):
                note.set_text("\n".join(two_lines(data["zoom_notes"][1])))
                note.set_multialignment("right")
            note.set_y(zoom_note_at(data, steps())[0])
            placed.append(True)
        st = frame_state(data, t)
        for (name, key), line in lines.items():
            if key == "keras":  # markers only at whole steps that have been reached
                m = int(np.floor(st["s"] + 1e-9)) + 1
                every = data["marker_every"]
                line.set_data(k[:m:every], data["steps"][key][:m:every])
            else:
                line.set_data(*partial(k, data["steps"][key.split("_")[0]], st["s"]))
        for (name, key), dot in heads.items():
            x, y = head(k, data["steps"][key], st["s"])
            dot.set_data([x], [y])
        counter.set_text(counter_text(data, st))
        for a in answer:
            a.set_alpha(st["answer"])
        rv(t)

    return update
