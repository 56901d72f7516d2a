"""Training scene, pictures: layout, the state of every curve at time t, and both backends' drawing.

Every word drawn comes from `data["words"]` (made by `scenes.training.story.words`); every curve from
the traces in `data`.
"""
from __future__ import annotations

import numpy as np

from scenes.kit.reflow import Flow, Zone
from scenes.kit import reveal
from scenes.kit.layout import Panel
from scenes.kit.timeline import fade, paused, unpause

LEAD, HOLD = reveal.SETUP, reveal.HOLD + 2.0  # the setup beat; a pause after the curves end, then the verdict
ZOOM_TIME = 0.2  # share of the drawing time spent inside the zoom window, so that its curves are seen drawing

# Layout on the shared canvas, in figure fractions: (left, bottom, width, height).
TITLE_Y = 0.945
SUB_Y = 0.872
MAIN_BOX = (0.085, 0.345, 0.44, 0.47)
LEG_W, LEG_H = 0.62, 0.40  # the legend's corner (upper right) of the main panel, as fractions of its axes
ZOOM_BOXES = (("sgd", (0.635, 0.73, 0.335, 0.075)), ("torch", (0.635, 0.6, 0.335, 0.075)))
ACC_BOX = (0.675, 0.125, 0.115, 0.15)
LOSS_BOX = (0.855, 0.125, 0.115, 0.15)
DIGIT_PANELS = (("acc", ACC_BOX, "acc", "test accuracy"), ("dloss", LOSS_BOX, "loss", "training loss"))
COL = 0.63  # left edge of the right column's text
NOTE_X, NOTE_Y = 0.04, (0.215, 0.16, 0.115, 0.07)
LATE_NOTES = (1, 2)  # the notes on the article's loop as it ran, shown with the final losses
ZOOM_NOTE_Y = (0.535, 0.5, 0.465, 0.43)
DIGITS_Y = (0.385, 0.35)  # the digits title's two lines; the panel titles sit just above their boxes
DIGITS_XLABEL_DY = 0.085
MAIN_XLABEL_DY = 0.075
ZOOM_LABEL_DY = 0.02
END_GAP = 0.075  # least distance between end labels, as a share of the main panel's y range
# Other aspects: the header's lines stack; the main panel stretches beside the right-hand column (4:3,
# 1:1) or above the zoom (9:16); the notes and the digits panels keep their size.
FLOW = Flow((Zone("title", (0.0, 0.9, 0.58, 1.0)),
             Zone("counter", (0.72, 0.9, 0.98, 0.95), align="right"),
             Zone("sub", (0.0, 0.85, 0.46, 0.9)),
             Zone("main", (0.0, 0.24, 0.6, 0.85), fit="stretch", inner=(0.085, 0.345, 0.525, 0.815), min_h=2.8),
             Zone("zoom", (0.615, 0.42, 1.0, 0.9), fit="stretch", inner=(0.635, 0.6, 0.97, 0.805), min_h=0.92),
             Zone("notes", (0.0, 0.0, 0.5, 0.24)),
             Zone("digits", (0.63, 0.01, 0.985, 0.41), align="right"),
             Zone("right", (0.615, 0.01, 0.985, 0.9), fit="stretch", inner=(0.635, 0.6, 0.97, 0.805), min_in=3.8)),
            rows={"4:3": (("title",), ("counter",), ("sub",), ("main", "right"), ("notes",)),
                  "1:1": (("title",), ("counter",), ("sub",), ("main", "right"), ("notes",)),
                  "9:16": (("title",), ("counter",), ("sub",), ("main",), ("zoom",), ("notes",), ("digits",))})

# Series of seed 003, bottom to top of the drawing order; the hand-written loop is drawn as dots.
SERIES = ("sgd", "article_as_run", "torch", "nesterov", "sgd_effective_lr")
LEGEND = ("sgd", "sgd_effective_lr", "torch", "manual", "nesterov", "article_as_run")
ENDS = ("sgd", "article_as_run", "sgd_effective_lr", "torch")
WIDTH = {"sgd": 2.4, "sgd_effective_lr": 2.0, "article_as_run": 2.2, "torch": 3.6, "nesterov": 1.3}
DASHED = ("sgd_effective_lr",)
DIGIT_SERIES = (("sgd", "sgd"), ("momentum", "torch"), ("sgd_effective_lr", "sgd_effective_lr"))


def colors(theme) -> dict:
    return {"sgd": theme.gd, "sgd_effective_lr": theme.gd, "torch": theme.momentum, "manual": theme.extra[0],
            "nesterov": theme.accent, "article_as_run": theme.extra[1]}


def spec_panel(box, spec: dict) -> Panel:
    """The panel at `box` showing the x and y ranges of an axes spec."""
    return Panel(box, spec["x"]["range"], spec["y"]["range"])


CORNERS = ((1, 1), (0, 0), (0, 1), (1, 0))  # the legend's corner of the main panel, in order of preference


def legend_height() -> float:
    """The legend's share of the main panel's height: LEG_H, more where the current canvas squashes the
    panel (a 9:16 frame), so that its rows keep their spacing in inches (at most 0.95)."""
    from scenes.kit import layout as L

    canvas = L.current()
    if "main" not in canvas.zone_maps:
        return LEG_H
    _, _, yin, yout = canvas.zone_maps["main"]
    scale = (yout[2] - yout[1]) * canvas.size_in[1] / ((yin[2] - yin[1]) * L.FIG_H)  # inches per design inch
    return min(LEG_H / min(scale, 1.0), 0.95)


def legend_corner(data: dict) -> tuple[int, int]:
    """The corner of the main panel ((1, 1) upper right, (0, 0) lower left, ...) whose LEG_W x
    `legend_height()` share holds the fewest points of the drawn curves (each segment sampled 24 times):
    the first free one."""
    (x0, x1), (y0, y1) = data["axes"]["main"]["x"]["range"], data["axes"]["main"]["y"]["range"]
    x = np.asarray(data["x"], dtype=float)
    u = np.linspace(0.0, 1.0, 24)
    points = []
    for v in (*SERIES, "manual"):
        y = np.asarray(data["loss"][v], dtype=float)
        xs = np.concatenate([x[:-1, None] * (1 - u) + x[1:, None] * u]).ravel() if len(x) > 1 else x
        ys = np.concatenate([y[:-1, None] * (1 - u) + y[1:, None] * u]).ravel() if len(y) > 1 else y
        points.append(np.column_stack([(xs - x0) / (x1 - x0), (ys - y0) / (y1 - y0)]))
    pts = np.vstack(points)
    leg_h = legend_height()

    def inside(corner) -> int:
        cx, cy = corner
        lo_x, hi_x = (1 - LEG_W, 1.0) if cx else (0.0, LEG_W)
        lo_y, hi_y = (1 - leg_h, 1.0) if cy else (0.0, leg_h)
        return int(np.sum((pts[:, 0] >= lo_x) & (pts[:, 0] <= hi_x) & (pts[:, 1] >= lo_y) & (pts[:, 1] <= hi_y)))

    counts = [inside(c) for c in CORNERS]
    return CORNERS[counts.index(min(counts))]


def legend_rows(data: dict) -> list[tuple[str, str, float]]:
    """(series, label, y in figure fractions) of the legend in its corner of the main panel."""
    left, bottom, w, h = MAIN_BOX
    _, cy = legend_corner(data)
    leg_h = legend_height()
    b = bottom + (1 - leg_h) * h if cy else bottom
    top, low = b + leg_h * h - 0.025, b + 0.02
    return [(v, data["words"]["legend"][v], top - i * (top - low) / (len(LEGEND) - 1)) for i, v in enumerate(LEGEND)]


def legend_x(data: dict) -> float:
    """Left edge of the legend's swatches, in figure fractions."""
    left, _, w, _ = MAIN_BOX
    cx, _ = legend_corner(data)
    return left + ((1 - LEG_W) * w if cx else 0.0) + 0.012


# ------------------------------------------------------------------------------------------- time

def duration(data: dict) -> float:
    """The clip's length: the end of its last beat (`beat_times`)."""
    return beat_times(data)["end"]


def pauses(data: dict) -> tuple[tuple[float, float], ...]:
    """Holds (drawing time, seconds) where the curves enter and leave the zoom window, so that the early
    and the zoom beats end on a still picture: reveal.HOLD, or the longer `data["holds"]` that a beat's
    words need (`scenes.training.story.holds`); none where the window starts the run, and one where it ends
    the run only if the zoom's words need it."""
    u_a, u_b = zoom_fractions(data)
    holds = data.get("holds", {})
    out = [(LEAD + u * data["seconds"], holds.get(name, reveal.HOLD if u < 1.0 else 0.0))
           for name, u in (("zoom_in", u_a), ("zoom_out", u_b)) if 0.0 < u <= 1.0]
    return tuple((c, length) for c, length in out if length > 0.0)


def progress(data: dict, t: float) -> float:
    """Fraction of the drawing time gone at time t (it stands still during a pause)."""
    return float(np.clip((unpause(t, pauses(data)) - LEAD) / data["seconds"], 0.0, 1.0))


def zoom_fractions(data: dict) -> tuple[float, float]:
    """Drawing fractions at which the curves enter and leave the zoom window."""
    a, width, n = data["zoom_start"], data["zoom_width"], data["n"]
    inside, outside = width - 1, n - width
    if inside <= 0 or outside <= 0:
        return (a / max(n - 1, 1), (a + width - 1) / max(n - 1, 1))
    u_a = (1.0 - ZOOM_TIME) * a / outside
    return u_a, u_a + ZOOM_TIME


def epoch_at(data: dict, u: float) -> float:
    """Seed-003 epoch shown at drawing fraction u: the zoom window's epochs take ZOOM_TIME of the time."""
    a, width, n = data["zoom_start"], data["zoom_width"], data["n"]
    if width - 1 <= 0 or n - width <= 0:
        return 1.0 + u * (n - 1)
    u_a, u_b = zoom_fractions(data)
    return float(np.interp(u, [0.0, u_a, u_b, 1.0], [1.0, a + 1.0, a + width, float(n)]))


def beat_times(data: dict) -> dict:
    """Clip seconds of the story's beats: curves start, enter and leave the zoom, stop; the clip's end."""
    u_a, u_b = zoom_fractions(data)
    s, held = data["seconds"], pauses(data)
    after = lambda c: paused(c + 1e-9, held)  # noqa: E731 - when the drawing moves on from c, pauses done
    holds = data.get("holds", {})  # the rest after the curves end and the verdict: longer where words need it
    end_draw = after(LEAD + s) + holds.get("end_draw", reveal.HOLD)
    return {"draw": LEAD, "zoom_in": after(LEAD + u_a * s), "zoom_out": after(LEAD + u_b * s),
            "end_draw": end_draw, "end": end_draw + holds.get("verdict", HOLD - reveal.HOLD)}


def partial(x: np.ndarray, y: np.ndarray, s: float) -> tuple[np.ndarray, np.ndarray]:
    """The polyline (x, y) up to x = s, its last point interpolated."""
    k = int(np.searchsorted(x, s, side="right"))
    xs, ys = x[:k], y[:k]
    if 0 < k < len(x) and s > x[k - 1]:
        w = (s - x[k - 1]) / (x[k] - x[k - 1])
        xs = np.append(xs, s)
        ys = np.append(ys, (1 - w) * y[k - 1] + w * y[k])
    return xs, ys


def band(x: np.ndarray, lo: np.ndarray, hi: np.ndarray, s: float) -> np.ndarray:
    """Closed outline (m, 2) of the band between lo and hi up to x = s (empty below two points)."""
    bx, bl = partial(x, lo, s)
    _, bh = partial(x, hi, s)
    if len(bx) < 2:
        return np.zeros((0, 2))
    return np.column_stack([np.concatenate([bx, bx[::-1]]), np.concatenate([bl, bh[::-1]])])


def frame_state(data: dict, t: float) -> dict:
    """What is drawn at time t: every curve up to the current epoch, counters, outro opacity."""
    u = progress(data, t)
    s = epoch_at(data, u)
    sd = 1.0 + u * (data["nd"] - 1)
    x = data["x"]
    main = {v: partial(x, data["loss"][v], s) for v in SERIES}
    shown = data["marks"][x[data["marks"]] <= s + 1e-9]
    zoom = {v: partial(data["zoom_x"], data["zoom"][v]["dev"], s) for v in ("sgd", "torch")}
    digits = {}
    for key in ("acc", "dloss"):
        for v, series in data[key].items():
            digits[key, v] = (partial(data["dx"], series["mean"], sd),
                              band(data["dx"], series["lo"], series["hi"], sd))
    return {
        "u": u,
        "epoch": int(round(s)),
        "digits_epoch": int(round(sd)),
        "main": main,
        "marks": (x[shown], data["loss"]["manual"][shown]),
        "zoom": zoom,
        "digits": digits,
        "outro": fade(t, beat_times(data)["end_draw"], reveal.VERDICT_FADE),
    }


def counter_text(data: dict, st: dict) -> str:
    return f"epoch {st['epoch']} / {data['n']} \u00b7 digits {st['digits_epoch']} / {data['nd']}"


def end_labels(data: dict) -> list[tuple[str, float, str]]:
    """(text, y in data units, series) of the final losses, stacked at least END_GAP apart in order."""
    lo, hi = data["axes"]["main"]["y"]["range"]
    gap = END_GAP * (hi - lo)
    order = sorted(ENDS, key=lambda v: (float(data["loss"][v][-1]), ENDS.index(v)))
    ys = [float(data["loss"][v][-1]) for v in order]
    for i in range(1, len(ys)):  # push upwards, then pull the stack back inside the panel
        ys[i] = max(ys[i], ys[i - 1] + gap)
    shift = max(0.0, ys[-1] - (hi - 0.5 * gap))
    ys = [y - shift for y in ys]
    ys[0] = max(ys[0], lo + 0.5 * gap)
    for i in range(1, len(ys)):
        ys[i] = max(ys[i], ys[i - 1] + gap)
    return [(data["words"]["end_labels"][v], y, v) for v, y in zip(order, ys)]
