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


def end_text(kind: str, x: float, bottom: float, drawn: tuple[float, float] | None = None) -> str:
    """The end label of one ball: where it ended, in words and as x (the run's own x, never a drawn one);
    a ball that ends beyond the drawn curve (`drawn` = its x range) is said to be off that edge."""
    where = {"over": "near the bottom" if abs(x - bottom) <= BOTTOM_TOL else "over the bump",
             "back": "rolled back", "dip": "stuck in the dip", "slope": "still on the slope"}[kind]
    if drawn is not None and x < drawn[0]:
        where = f"{where}, off the left edge" if kind == "back" else "off the left edge"
    elif drawn is not None and x > drawn[1]:
        where = "off the right edge"
    return f"{where}, x = {story.fmt(x)}"


def excursion(path: np.ndarray, drawn: tuple[float, float]) -> dict | None:
    """Where a run went beyond the drawn curve's x range: the first step outside, how many steps it spent
    there, and its furthest x on each side that it passed (None if it stayed inside)."""
    path = np.asarray(path, dtype=float)
    out = (path < drawn[0]) | (path > drawn[1])
    if not out.any():
        return None
    return {"first_step": int(np.argmax(out)), "steps_outside": int(out.sum()),
            "min_x": float(path.min()) if path.min() < drawn[0] else None,
            "max_x": float(path.max()) if path.max() > drawn[1] else None}


def excursion_text(name: str, e: dict) -> str:
    sides = [f"x = {story.fmt(v)} on the {side}" for v, side in ((e["min_x"], "left"), (e["max_x"], "right"))
             if v is not None]
    return f"{name} leaves the picture at step {e['first_step']}, reaching {' and '.join(sides)}."


# What each fate says of one ball, when the two are told apart.
CLAUSE = {"over": "rolls over the bump", "back": "crosses the bump and rolls back",
          "dip": "stops at the bump", "slope": "has not reached the bump yet"}


def verdict(gd: str, mom: str, steps: int) -> str:
    """One sentence for the two fates together (the title, after the experiment's prefix): both balls
    are named whenever they did different things."""
    if gd == "slope" and mom == "slope":
        return f"neither ball reaches the bump in {steps} steps"
    if gd == mom:
        return {"over": "both roll over the bump, gradient descent too",
                "back": "both cross the bump and roll back, gradient descent too",
                "dip": "momentum stops at the bump too"}[mom]
    if mom == "over" and gd == "dip":
        return "momentum rolls over the bump that stops gradient descent"
    if mom == "over" and gd == "slope":
        return "momentum rolls over the bump; gradient descent does not reach it"
    if mom == "dip" and gd == "slope":
        return "momentum stops at the bump; gradient descent has not reached it"
    return f"momentum {CLAUSE[mom]}; gradient descent {CLAUSE[gd]}"


def roll_caption(gd: str, mom: str, ends: tuple[str, str], trips: tuple[dict | None, dict | None] = (None, None)) -> str:
    said = [excursion_text(n, e) for n, e in zip(("Gradient descent", "Momentum"), trips) if e is not None]
    return " ".join([f"The balls roll: gradient descent ends {ends[0]}; momentum ends {ends[1]}.", *said])


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

    # The runs' own positions, before any clipping to the drawn curve.
    xs, top, dip = data.get("raw_xs", data["xs"]), data["bump_top"], data["local_min"]
    drawn = (float(data["curve_x"].min()), float(data["curve_x"].max()))
    bottom = float(data["curve_x"][np.argmin(data["curve_y"])])
    kinds = [fate(xs[i], top, dip) for i in range(2)]
    ends = tuple(end_text(k, float(xs[i, -1]), bottom, drawn) for i, k in enumerate(kinds))
    trips = tuple(excursion(xs[i], drawn) for i in range(2))
    sentence = verdict(*kinds, data["steps"])
    prefix = "The article's experiment: " if data["experiment"] == "article" else ""
    title = prefix + sentence if prefix else sentence[0].upper() + sentence[1:]
    end_time = LEAD + data["steps"] / data["speed"] + reveal.HOLD  # the balls stop, and after a pause the verdict
    start = story.fmt(float(xs[0, 0]))
    # Each caption can be read in its beat: a roll too short for where the balls end leaves that to the
    # verdict, which lasts as long as its words need.
    roll = roll_caption(*kinds, ends, trips)
    said_later = not story.fits(roll, end_time - LEAD)
    ends_said = roll[len("The balls roll: "):]
    closing = f"The end labels appear: {sentence}." + (" " + ends_said[0].upper() + ends_said[1:] if said_later else "")
    beats = [
        reveal.setup_beat(f"Both balls wait at x = {start} on the valley's left rim.", LEAD),
        story.beat("roll", LEAD, end_time, "The balls roll." if said_later else roll),
        story.beat("verdict", end_time, end_time + story.at_least(HOLD - reveal.HOLD, closing), closing),
    ]
    numbers = {
        "start": float(start),
        "lr": data["lr"],
        "beta": data["beta"],
        "steps": data["steps"],
        "final_x": {"gradient_descent": float(story.fmt(float(xs[0, -1]))),
                    "momentum": float(story.fmt(float(xs[1, -1])))},
    }
    for name, e in zip(("gradient_descent", "momentum"), trips):
        if e is not None:
            numbers.setdefault("left_picture", {})[name] = {
                "first_step": e["first_step"],
                **{k: float(story.fmt(e[k])) for k in ("min_x", "max_x") if e[k] is not None}}
    labels = [*data["legend"], *([data["alpha_text"]] if data["alpha_text"] else []), *ends]
    return {"story": story.make_story(title, beats, labels, numbers), "fates": kinds, "end_texts": ends,
            "excursions": trips}


def duration(data: dict) -> float:
    """The clip: the setup, the run, a rest, then the verdict for at least HOLD - reveal.HOLD seconds, longer
    where its words need it (the story's last beat ends the clip)."""
    if "story" in data:
        return story.clip_end(data["story"])
    return timeline_duration(data["steps"], data["speed"], LEAD, HOLD)
