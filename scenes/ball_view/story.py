"""Ball view's numbers and words: the curve the ball sees, the beta at which its bump goes, and the
storyboard that says whether the sweep gets there.

    v_i = beta v_{i-1} + (1 - beta) g_i,  v_{-1} = 0        smoothed slopes of the cells (sim.ema)
    F(x_0) = f(x_0),  F(x_{i+1}) = F(x_i) + v_i dx          the curve the ball sees
    bump height = max over i <= argmin F of F(x_i) - min_{j <= i} F(x_j)

The threshold beta* is the smallest beta with no bump left, found by bisection. It is printed rounded
UP (`shown`): "gone for every beta >= 0.47212" is then true, where 0.4721 would not be (at 0.4721 a
bump of 2.8e-8 is left).

The article's toy ball (sim.toy_roll) steps one cell right while its EMA velocity is negative; while it
moves its velocity is exactly v_i above, so it crosses the bump exactly when no v_i before the bottom is
>= 0, i.e. when the seen curve has no bump. `toy_threshold` finds its own beta by bisection on toy runs,
and the scene says "the same threshold" only when the two agree.
"""
from __future__ import annotations

import math

import numpy as np

from scenes.kit import reveal, story

DIGITS = 5        # decimals of the printed threshold
BETA_TOP = 0.99   # the largest beta searched (the parameter's own bound)
ITERATIONS = 60


def seen_curve(y0: float, slopes: np.ndarray, dx: np.ndarray, beta: float) -> tuple[np.ndarray, np.ndarray]:
    """The smoothed slopes v (sim.ema from v = 0) and the curve F they integrate to, F[0] = y0."""
    from sim import ema

    v = ema(slopes, beta)
    return v, y0 + np.concatenate([[0.0], np.cumsum(v * dx)])


def bump_height(curve: np.ndarray) -> float:
    """How far the curve rises above its lowest point so far, before its minimum: 0 when monotone there."""
    bottom = int(np.argmin(curve))
    head = curve[: bottom + 1]
    return float(np.max(head - np.minimum.accumulate(head)))


def _bisect(has_bump) -> float | None:
    """The smallest beta in [0, BETA_TOP] for which has_bump(beta) is False (None if none is)."""
    if has_bump(BETA_TOP) or not has_bump(0.0):
        return None
    lo, hi = 0.0, BETA_TOP
    for _ in range(ITERATIONS):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if has_bump(mid) else (lo, mid)
    return hi


def threshold(y0: float, slopes: np.ndarray, dx: np.ndarray) -> float | None:
    """beta*: the smallest beta whose seen curve has no bump."""
    return _bisect(lambda b: bump_height(seen_curve(y0, slopes, dx, b)[1]) > 0.0)


def toy_threshold(X: np.ndarray, y: np.ndarray, bump_index: int) -> float | None:
    """The smallest beta whose toy ball (the article's rule) ends past the bump's top."""
    from sim import toy_roll

    return _bisect(lambda b: toy_roll(b, len(X), X=X, y=y).path[-1] <= bump_index)


def shown(beta_star: float) -> float:
    """beta* rounded up to DIGITS decimals: the printed bound above which no bump is left."""
    scale = 10 ** DIGITS
    return math.ceil(beta_star * scale - 1e-9) / scale


def height_text(h: float) -> str:
    """A bump height as printed: 5 decimals, or 2 significant digits once it is that small."""
    return f"{h:.5f}" if h >= 1e-4 or h == 0 else f"{h:.1e}"


def texts(data: dict) -> dict:
    """The scene's fixed pieces of text, and the verdict lines that depend on beta*."""
    star, reached = data["bump_threshold"], data["gone_at"] is not None
    bound = f"{shown(star):.{DIGITS}f}" if star is not None else None
    if star is None:
        gone = f"a bump is left for every \u03b2 \u2264 {BETA_TOP:g}"
    elif reached:
        gone = f"gone for every \u03b2 \u2265 {bound}"
    else:
        gone = f"it goes only for \u03b2 \u2265 {bound}"
    who = "the article's toy ball" if data["valley"] == "sampled" else "the toy rule on this grid"
    toy = data["toy_threshold"]
    if star is not None and toy is not None and abs(toy - star) < 1e-9:
        toy_lines = (f"{who} crosses", "just when the bump is gone")
    elif toy is not None:
        toy_lines = (f"{who} crosses", f"for \u03b2 \u2265 {shown(toy):.{DIGITS}f}")
    else:
        toy_lines = (f"{who} never crosses", f"for \u03b2 \u2264 {BETA_TOP:g}")
    return {
        "legend": ("the real valley f", "what the ball sees F", "slope of each cell g", "smoothed slope v"),
        "axes": ("height", "slope", "x", "bump", "uphill", "downhill"),
        "gone": gone,
        "toy": toy_lines,
    }


def make(data: dict, lead: float, hold: float) -> dict:
    """The storyboard: title, setup / sweep / hold beats, every label, and the printed numbers."""
    t = data["text"]
    h0, h1 = data["heights"][0], data["heights"][-1]
    bmax = f"{data['beta_max']:.2f}"
    star = data["bump_threshold"]
    first = f"At \u03b2 = 0.00 the ball sees the valley, its bump {height_text(h0)} high."
    if data["gone_at"] is not None:
        sweep = (f"As \u03b2 grows to {bmax} the bump shrinks and is gone from "
                 f"\u03b2 = {shown(star):.{DIGITS}f} on.")
        last = f"At \u03b2 = {bmax} the seen curve runs downhill to the bottom, with no bump left"
    else:
        sweep = f"As \u03b2 grows to {bmax} the bump shrinks to {height_text(h1)} but stays."
        last = f"At \u03b2 = {bmax} a bump {height_text(h1)} high is still in the way"
    toy_ball = t["toy"][0].replace(" crosses", "").replace(" never", "")
    last += f"; at this \u03b2 {toy_ball} {'crosses' if data['toy_crosses'] else 'stops at the bump'}."
    # The sweep takes `seconds`; beta then rests at beta_max until the sweep's words are read, and the hold
    # lasts at least `hold` seconds, longer where its words need it.
    lead = story.at_least(lead, first)
    end = lead + story.at_least(data["seconds"], sweep)
    beats = [reveal.setup_beat(first, lead), story.beat("sweep", lead, end, sweep),
             story.beat("hold", end, end + story.at_least(hold, last), last)]
    labels = [*t["legend"], *t["axes"], t["gone"], *t["toy"]]
    numbers = {
        "beta_max": float(bmax),
        "bump_height_at_beta0": float(height_text(h0)),
        "bump_height_at_beta_max": float(height_text(h1)),
        "bump_threshold": star,
        "bump_threshold_shown": shown(star) if star is not None else None,
        "toy_threshold": data["toy_threshold"],
    }
    return story.make_story(data["title"], beats, labels, numbers)
