"""The valley's words: what each ball did, and the title, labels, beats and numbers that say it.

A ball's fate is read from its path x_0..x_n on a valley whose bump has its top at b (the highest
point between the dip and the bottom), with the dip (local minimum) at m and the bottom at g:

    over    x_n > b                                   it ended past the bump
    back    x_n <= b < max_k x_k                      it went over the bump and came back
    dip     m - DIP_TOL <= x_n <= b, never past b      it stays in the dip before the bump
    slope   x_n < m - DIP_TOL                         it has not reached the dip yet

A ball that is `over` is also `near the bottom` when |x_n - g| <= BOTTOM_TOL.

`end_spots` places the two end labels in data coordinates, shared by both backends.
"""
from __future__ import annotations

import numpy as np

from scenes.kit import reveal, story
from scenes.kit.timeline import duration as timeline_duration

DIP_TOL = 0.02
BOTTOM_TOL = 0.05
LABEL_HALF_WIDTH = 0.17  # half an end label's width, in x data units (both backends, measured)
LIFT = 0.09              # one line of the label layout, as a fraction of the y range
GAP = 0.8                # how far, in lines, a label's centre floats above the curve under it

LEAD, HOLD = reveal.SETUP, reveal.HOLD + 2.0  # the setup beat; a pause, then the verdict


def bump_top(curve_x: np.ndarray, curve_y: np.ndarray, local_min: float) -> float:
    """x of the highest point of the curve between the dip and the bottom (the bump's top)."""
    bottom = float(curve_x[np.argmin(curve_y)])
    inside = (curve_x >= local_min) & (curve_x <= bottom)
    return float(curve_x[inside][np.argmax(curve_y[inside])])


def fate(path: np.ndarray, top: float, local_min: float) -> str:
    """'over', 'back', 'dip' or 'slope' (see the module docstring)."""
    end, furthest = float(path[-1]), float(np.max(path))
    if end > top:
        return "over"
    if furthest > top:
        return "back"
    return "dip" if end >= local_min - DIP_TOL else "slope"


def end_text(kind: str, x: float, bottom: float) -> str:
    """The end label of one ball: where it ended, in words and as x."""
    where = {"over": "near the bottom" if abs(x - bottom) <= BOTTOM_TOL else "over the bump",
             "back": "rolled back", "dip": "stuck in the dip", "slope": "still on the slope"}[kind]
    return f"{where}, x = {story.fmt(x)}"


def verdict(gd: str, mom: str, steps: int) -> str:
    """One sentence for the two fates together (the title, after the experiment's prefix)."""
    if gd == "slope" and mom == "slope":
        return f"neither ball reaches the bump in {steps} steps"
    if mom == "over":
        if gd == "over":
            return "both roll over the bump, gradient descent too"
        return ("momentum rolls over the bump that stops gradient descent" if gd == "dip" else
                "momentum rolls over the bump; gradient descent does not")
    if mom == "back":
        return "momentum crosses the bump and rolls back"
    if gd == "over":
        return "gradient descent crosses the bump; momentum does not"
    if mom == "dip":
        return "momentum stops at the bump too" if gd == "dip" else "momentum stops at the bump"
    return "momentum has not reached the bump yet"


def roll_caption(gd: str, mom: str, ends: tuple[str, str]) -> str:
    return f"The balls roll: gradient descent ends {ends[0]}; momentum ends {ends[1]}."


def end_spots(xs: np.ndarray, ys: np.ndarray, curve_x: np.ndarray, curve_y: np.ndarray,
              y_range: tuple[float, float], x_range: tuple[float, float]) -> list[tuple[float, float]]:
    """Centres (x, y) in data units of the end labels of the balls ending at (xs[i], ys[i]).

    A label floats GAP lines above the highest point of the curve under its width, so that the curve
    never runs through it. It is centred over its ball, or starts just right of it, or ends just left
    of it (kept inside the x range): of those that stay below the plot's top, the one nearest the
    ball's height. A second label whose width meets the first one's goes one line above it (or below,
    at the top).
    """
    lo, hi = y_range
    lift = LIFT * (hi - lo)

    def over_curve(cx: float) -> float:
        under = (curve_x >= cx - LABEL_HALF_WIDTH) & (curve_x <= cx + LABEL_HALF_WIDTH)
        return float(np.max(curve_y[under], initial=lo)) + GAP * lift

    def inside(cx: float) -> float:
        return float(np.clip(cx, x_range[0] + LABEL_HALF_WIDTH, x_range[1] - LABEL_HALF_WIDTH))

    fits = lambda cy: cy + 0.5 * lift <= hi  # noqa: E731
    centres = []
    for x, y in zip(xs, ys):
        side = LABEL_HALF_WIDTH + 0.05
        spots = [(cx, over_curve(cx)) for cx in (inside(x), inside(x + side), inside(x - side))]
        cx, cy = min((s for s in spots if fits(s[1])), key=lambda s: abs(s[1] - y), default=spots[0])
        if centres and abs(cx - centres[0][0]) < 2 * LABEL_HALF_WIDTH and abs(cy - centres[0][1]) < lift:
            cy = centres[0][1] + lift if fits(centres[0][1] + lift) else centres[0][1] - lift
        centres.append((cx, float(cy)))
    return centres


def make(data: dict) -> dict:
    """The story of a valley run: title, beats, labels and printed numbers, from the paths in `data`."""

    xs, top, dip = data["xs"], data["bump_top"], data["local_min"]
    bottom = float(data["curve_x"][np.argmin(data["curve_y"])])
    kinds = [fate(xs[i], top, dip) for i in range(2)]
    ends = tuple(end_text(k, float(xs[i, -1]), bottom) for i, k in enumerate(kinds))
    sentence = verdict(*kinds, data["steps"])
    prefix = "The article's experiment: " if data["experiment"] == "article" else ""
    title = prefix + sentence if prefix else sentence[0].upper() + sentence[1:]
    end_time = duration(data) - HOLD + reveal.HOLD  # the balls stop, and after a pause the verdict
    start = story.fmt(float(xs[0, 0]))
    beats = [
        reveal.setup_beat(f"The valley is drawn; both balls wait at x = {start} on its left rim.", LEAD),
        story.beat("roll", LEAD, end_time, roll_caption(*kinds, ends)),
        story.beat("verdict", end_time, duration(data),
                   f"The end labels appear: {sentence}."),
    ]
    numbers = {
        "start": float(start),
        "lr": data["lr"],
        "beta": data["beta"],
        "steps": data["steps"],
        "final_x": {"gradient_descent": float(story.fmt(float(xs[0, -1]))),
                    "momentum": float(story.fmt(float(xs[1, -1])))},
    }
    labels = [*data["legend"], *([data["alpha_text"]] if data["alpha_text"] else []), *ends]
    return {"story": story.make_story(title, beats, labels, numbers), "fates": kinds, "end_texts": ends}


def duration(data: dict) -> float:
    return timeline_duration(data["steps"], data["speed"], LEAD, HOLD)
