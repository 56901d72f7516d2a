"""The colorize scene in matplotlib: the pixel grid of each run at the drawn step, the convergence bars of
each with the line of the current step, the step counter, the colour scale and the verdict, from the data
and texts of `scenes.colorize.data` (Manim: `scenes.colorize.manim`)."""
from __future__ import annotations

import math

import numpy as np

from scenes.colorize.data import colour, frame_state, image_at
from scenes.colorize.layout import (BAR_HEADS, BARS, BARS_HEAD, COLOURS, COUNTER, HEADS, IMAGES, READOUTS, RULE,
                                    SCALE_BOX, SCALE_LABEL, SIZES, SPECTRUM, TITLE, TITLE_MOST, TITLE_TWO, VERDICT_Y,
                                    bar_top)
from scenes.kit import long_title, reveal
from scenes.kit.plot1d import mpl_panel

RUNS = ("gd", "momentum")


def bar_x(data: dict) -> np.ndarray:
    """Each bar's place on the eigenvector axis: log₁₀ i."""
    return np.log10(np.asarray(data["bar_index"], dtype=float))


def bar_heights(r: dict) -> np.ndarray:
    """log₁₀ of each bar's whole steps, ⌈ln 10⁻³ / ln ρᵢ⌉ as printed (never: NaN)."""
    v = np.ceil(np.asarray(r["bars"], dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.isfinite(v), np.log10(np.maximum(v, 1.0)), np.nan)


def bar_done(r: dict, log_k: float, k: int) -> np.ndarray:
    """Which bars the current step has passed (their component already cut 1000-fold)."""
    v = np.asarray(r["bars"], dtype=float)
    return np.isfinite(v) & (v <= k)


def x_ticks(data: dict) -> list[float]:
    return [float(v) for v in range(int(math.floor(bar_x(data)[-1])) + 1)]


def y_ticks(top: float) -> list[float]:
    step = 1 if top <= 4 else 2
    return [float(v) for v in range(0, int(top) + 1, step)]


def draw_mpl(fig, data: dict, theme):
    from matplotlib.collections import LineCollection

    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    t, fg = data["texts"], theme.foreground
    title = fig.text(*TITLE, t["title"], fontsize=SIZES["title"], weight="bold", color=fg, va="center")
    if long_title.mpl(fig, title, TITLE[0], TITLE_MOST):
        title.set_y(TITLE_TWO)
        title.set_va("top")
    fig.text(*RULE, t["rule"], fontsize=SIZES["rule"], color=theme.muted, va="center")
    fig.text(*SPECTRUM, t["spectrum"], fontsize=SIZES["rule"], color=fg, va="center")
    fig.text(*BARS_HEAD, t["bars_head"], fontsize=SIZES["small"], color=theme.muted, va="center")
    images, readouts, bars, lines = {}, {}, {}, []
    top = bar_top(data)
    xs = bar_x(data)
    for key in RUNS:
        box = IMAGES[key]
        c = getattr(theme, COLOURS[key])
        fig.text(box[0], HEADS[key], t[f"{key}_head"], fontsize=SIZES["head"], weight="bold", color=c, va="center")
        readouts[key] = fig.text(box[0] + box[2], READOUTS[key], t[f"{key}_lowest"][0], fontsize=SIZES["small"],
                                 color=fg, va="center", ha="right", animated=True)
        ax = fig.add_axes(box)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.patch.set_visible(False)
        for side in ax.spines.values():
            side.set_visible(False)
        images[key] = ax.imshow(colour(image_at(data, key, 0)), interpolation="nearest", aspect="auto",
                                extent=(0, 112, 16, 0), animated=True)
        bx = mpl_panel(fig, BARS[key], theme, (-0.08, xs[-1] + 0.08), (0.0, top), x_ticks(data), y_ticks(top),
                       xlabel=t["bars_x"] if key == "momentum" else None, ylabel=t["bars_y"], label_size=SIZES["small"])
        bx.tick_params(labelsize=SIZES["tick"])
        fig.text(BARS[key][0], BAR_HEADS[key], t[f"{key}_bars"], fontsize=SIZES["small"], color=c,
                 va="center")
        h = bar_heights(data[key])
        segs = [[(x, 0.0), (x, y if np.isfinite(y) else top)] for x, y in zip(xs, h)]
        bars[key] = LineCollection(segs, colors=[c] * len(segs), linewidths=1.6, zorder=3, animated=True)
        bx.add_collection(bars[key])
        lines.append(bx.plot([-0.08, xs[-1] + 0.08], [0.0, 0.0], color=fg, lw=1.4, zorder=4, animated=True)[0])
    counter = fig.text(*COUNTER, t["counter"][0], fontsize=SIZES["counter"], weight="bold", color=fg, va="center",
                       animated=True)
    sx = fig.add_axes(SCALE_BOX)
    sx.imshow(colour(np.linspace(0, 100, 101)[None, :]), aspect="auto", extent=(0, 100, 0, 1))
    sx.set_yticks([])
    sx.set_xticks([0, 50, 100])
    sx.set_xticklabels(t["scale_ticks"], fontsize=SIZES["tick"], color=theme.muted)
    for side in sx.spines.values():
        side.set_visible(False)
    sx.tick_params(colors=theme.muted, length=3)
    fig.text(*SCALE_LABEL, t["scale"], fontsize=SIZES["small"], color=theme.muted, va="center")
    verdict = [fig.text(COUNTER[0], y, s, fontsize=SIZES["verdict"], color=fg if i else theme.muted, va="center",
                        weight="normal" if i == 0 else "bold")
               for i, (y, s) in enumerate(zip(VERDICT_Y, t["verdict"]))]
    rv.fade("verdict", *verdict)
    rv.rest("axes", title)
    muted = theme.muted

    def update(time: float) -> None:
        st = frame_state(data, time)
        j = st["j"]
        for key in RUNS:
            images[key].set_data(colour(image_at(data, key, j)))
            readouts[key].set_text(t[f"{key}_lowest"][j])
            done = bar_done(data[key], st["log_k"], st["k"])
            c = getattr(theme, COLOURS[key])
            bars[key].set_colors([muted if d else c for d in done])
        for ln in lines:
            ln.set_ydata([st["log_k"]] * 2)
        counter.set_text(t["counter"][j])
        rv(time)

    return update
