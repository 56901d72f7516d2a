"""ball-view's data: `make_data` runs `sim` and returns the arrays and words the scene shows; its length and outcome, and what moves at each moment."""
from __future__ import annotations

import numpy as np

from scenes.ball_view import story as words
from scenes.ball_view.story import bump_height, seen_curve
from scenes.kit import reveal
from scenes.kit.story import beat_named, clip_end
from scenes.kit.timeline import fade


NAME = "ball-view"
LEAD, HOLD = reveal.SETUP, 2.5  # the setup beat builds the panels; the hold ends the clip
BETA_STEP = 0.01


def make_data(p: dict) -> dict:
    """The valley, its slopes, and the seen curve and smoothed slopes for each beta of a fine grid."""
    from sim import landscapes

    if p["valley"] == "sampled":
        grid = landscapes.SampledValley()
        X, y = np.asarray(grid.X, dtype=float), np.asarray(grid.y, dtype=float)
        real_x, real_y = X, y
        title = "What the ball sees: the article's valley"
    else:
        valley = landscapes.BumpedValley()
        X = np.arange(0.0, 1.0, 0.01)
        y = valley.value(X[:, None])
        real_x = np.linspace(0.0, float(X[-1]), 600)
        real_y = valley.value(real_x[:, None])
        title = "What the ball sees: a smooth bumped valley"
    dx = np.diff(X)
    slopes = np.diff(y) / dx
    peaks = np.nonzero((y[1:-1] > y[:-2]) & (y[1:-1] >= y[2:]))[0] + 1  # the bump's top: first local maximum
    bump_x = float(X[peaks[0]])
    beta_max = float(p["beta_max"])
    betas = np.linspace(0.0, beta_max, max(2, int(round(beta_max / BETA_STEP)) + 1))
    pairs = [seen_curve(float(y[0]), slopes, dx, b) for b in betas]
    smoothed = np.stack([v for v, _ in pairs])
    curves = np.stack([c for _, c in pairs])
    heights = np.array([bump_height(c) for c in curves])

    # beta*, the smallest beta with no bump left, by bisection on the exact curves; gone_at is beta* when
    # the sweep gets there, else None.
    star = words.threshold(float(y[0]), slopes, dx)
    gone_at = star if star is not None and star <= beta_max else None
    from sim import toy_roll

    bump_i = int(peaks[0])

    ylo = min(float(curves.min()), float(real_y.min()))
    yhi = max(float(curves.max()), float(real_y.max()))
    pad = 0.07 * (yhi - ylo)
    slo = min(float(slopes.min()), float(smoothed.min()))
    shi = max(float(slopes.max()), float(smoothed.max()), 0.0)
    spad = 0.1 * (shi - slo)
    data = {
        "valley": p["valley"],
        "title": title,
        "X": X,
        "y": y,
        "real_x": real_x,
        "real_y": real_y,
        "mid_x": 0.5 * (X[:-1] + X[1:]),
        "slopes": slopes,
        "betas": betas,
        "curves": curves,
        "smoothed": smoothed,
        "heights": heights,
        "bump_x": bump_x,
        "gone_at": gone_at,
        "bump_threshold": star,
        "toy_threshold": words.toy_threshold(X, y, bump_i),
        "toy_crosses": bool(toy_roll(beta_max, len(X), X=X, y=y).path[-1] > bump_i),
        "beta_max": beta_max,
        "seconds": float(p["seconds"]),
        "y_range": (ylo - pad, yhi + pad),
        "slope_range": (slo - spad, shi + spad),
        "x_range": (-0.02, float(X[-1]) + 0.02),
        "formulas": (r"g_i = (f(x_{i+1}) - f(x_i))\, /\, \Delta x",
                     r"v_i = \beta\, v_{i-1} + (1-\beta)\, g_i,\ \ v_{-1} = 0",
                     r"F(x_{i+1}) = F(x_i) + v_i\, \Delta x",
                     r"F(x_0) = f(x_0)"),
    }
    data["text"] = words.texts(data)
    data["story"] = words.make(data, LEAD, HOLD)
    return data


def duration(data: dict) -> float:
    """The setup, the sweep (resting at beta_max until its words are read), and the hold, at least HOLD
    seconds: the story's last beat ends the clip."""
    return clip_end(data["story"])


def sweep_start(data: dict) -> float:
    """When beta starts to grow: the start of the story's sweep beat."""
    return float(beat_named(data["story"], "sweep")["start"])


def beta_at(data: dict, t: float) -> float:
    return float(np.clip((t - sweep_start(data)) / data["seconds"], 0.0, 1.0)) * data["beta_max"]


def frame_state(data: dict, t: float) -> dict:
    """The beta at time t, the seen curve and smoothed slopes interpolated to it, and the bump height at
    the beta as printed (2 decimals), computed exactly: so "beta = 0.47" never sits next to "no bump"."""
    beta = beta_at(data, t)
    betas = data["betas"]
    u = float(np.interp(beta, betas, np.arange(len(betas))))
    k = min(int(np.floor(u)), len(betas) - 2)
    w = u - k

    def mix(a):
        return (1.0 - w) * a[k] + w * a[k + 1]

    shown = float(beta_text(beta).split("= ")[1])
    height = bump_height(seen_curve(float(data["y"][0]), data["slopes"], np.diff(data["X"]), shown)[1])
    return {
        "beta": beta,
        "curve": mix(data["curves"]),
        "smoothed": mix(data["smoothed"]),
        "height": height,
        "gone": height == 0.0,
        "outro": fade(t, verdict_time(data), 0.5),
    }


def verdict_time(data: dict) -> float:
    """When the verdict lines fade in: as the printed beta first shows no bump, or at the hold."""
    star = data["gone_at"]
    if star is None:
        return float(beat_named(data["story"], "hold")["start"])
    first = min(np.ceil(star * 100 - 1e-9) / 100 - 0.005, data["beta_max"])  # rounds up to beta* or more
    return sweep_start(data) + data["seconds"] * first / data["beta_max"]


def beta_text(beta: float) -> str:
    return f"\u03b2 = {beta:.2f}"


def outcome(data: dict) -> dict:
    betas, heights = data["betas"], data["heights"]
    return {
        "valley": data["valley"],
        "bump_height_at_beta0": float(heights[0]),
        "bump_height_at_beta_max": float(heights[-1]),
        "bump_gone_at_beta": data["gone_at"],
        "bump_threshold": data["bump_threshold"],
        "toy_threshold": data["toy_threshold"],
        "toy_crosses_at_beta_max": data["toy_crosses"],
        "heights_non_increasing": bool(np.all(np.diff(heights) <= 1e-15)),
        "beta_max": float(betas[-1]),
    }
