"""Valley's data: `make_data` runs `sim` and returns the arrays and words the scene shows; its length and outcome, and what moves at each moment."""
from __future__ import annotations

import numpy as np

from scenes.valley import story as valley_story
from scenes.valley.story import LEAD
from scenes.kit import reveal
from scenes.kit.params import ParamError
from scenes.kit.timeline import at_step, fade, step_at


NAME = "valley"


def make_data(p: dict) -> dict:
    """Both runs, the curve they roll on and the text the scene shows, all as numpy arrays."""
    from sim import SGD, landscapes, simulate, toy_roll

    steps = int(p["steps"])
    if p["experiment"] == "article":
        beta = 0.6 if p["momentum"] is None else float(p["momentum"])
        grid = landscapes.SampledValley()
        plain, mom = toy_roll(0.0, steps - 1), toy_roll(beta, steps - 1)
        curve_x, curve_y = np.asarray(grid.X), np.asarray(grid.y)
        xs = np.stack([curve_x[plain.path], curve_x[mom.path]])
        # The toy rule moved one cell right because v < 0: its velocity arrow is -v, in grid cells.
        velocity = -np.asarray(mom.velocities)
        lr = None
        formulas = (r"x \leftarrow x + 0.01\ \mathrm{while}\ f\,'(x) < 0",
                    r"v \leftarrow \beta v + (1-\beta) f\,'(x);\ \ x \leftarrow x + 0.01\ \mathrm{while}\ v < 0")
        local_min = grid.local_min
    else:
        lr = 0.4 if p["lr"] is None else float(p["lr"])
        beta = 0.9 if p["momentum"] is None else float(p["momentum"])
        valley = landscapes.BumpedValley()
        start = np.array([float(p["start"])])
        runs = [simulate(valley, start, SGD(lr), steps), simulate(valley, start, SGD(lr, momentum=beta), steps)]
        xs = np.stack([r.positions[:, 0] for r in runs])
        curve_x = np.linspace(-0.02, 1.02, 1500)
        curve_y = valley.value(curve_x[:, None])
        # torch's buffer b_k made step k, x_k = x_{k-1} - lr * b_k: -lr*b_k is the step just taken.
        velocity = -lr * runs[1].velocities[:, 0]
        formulas = (r"x \leftarrow x - \alpha\,\nabla f(x)",
                    r"v \leftarrow \beta v + \nabla f(x);\ \ x \leftarrow x - \alpha v")
        local_min = valley.local_min
    if not np.all(np.isfinite(xs)):
        raise ParamError("this learning rate makes gradient descent diverge; try a smaller lr")
    lo, hi = float(curve_x.min()), float(curve_x.max())
    raw_xs = xs  # the runs' own positions: the words and numbers come from these
    xs = np.clip(xs, lo, hi)  # drawn: a ball beyond the curve waits at its edge, with an arrow pointing out
    ys = np.interp(xs, curve_x, curve_y)
    data = {
        "experiment": p["experiment"],
        "steps": steps,
        "speed": float(p["speed"]),
        "lr": lr,
        "beta": beta,
        "curve_x": curve_x,
        "curve_y": curve_y,
        "xs": xs,
        "raw_xs": raw_xs,
        "ys": ys,
        "velocity": velocity,
        "arrow_scale": 0.12 / max(float(np.max(np.abs(velocity))), 1e-12),
        "local_min": local_min,
        "bump_top": valley_story.bump_top(curve_x, curve_y, local_min),
        "formulas": formulas,
        "legend": ("gradient descent", f"momentum  \u03b2 = {beta:g}"),
        "alpha_text": None if lr is None else f"\u03b1 = {lr:g}",
    }
    words = valley_story.make(data)
    data.update(story=words["story"], fates=words["fates"], end_texts=words["end_texts"],
                excursions=words["excursions"])
    return data



def outcome(data: dict) -> dict:
    """Where each ball ended and its fate ('over', 'back', 'dip', 'slope': `scenes.valley.story`)."""
    end = data["raw_xs"][:, -1]
    minimum = float(data["curve_x"][np.argmin(data["curve_y"])])
    gd, mom = data["fates"]
    return {
        "final_x": {"gradient_descent": float(end[0]), "momentum": float(end[1])},
        "global_min_x": minimum,
        "local_min_x": data["local_min"],
        "bump_top_x": data["bump_top"],
        "fate": {"gradient_descent": gd, "momentum": mom},
        "momentum_crossed_bump": mom == "over",
        "gradient_descent_crossed_bump": gd == "over",
        "left_picture": {name: e for name, e in zip(("gradient_descent", "momentum"), data["excursions"])
                         if e is not None},
    }


def frame_state(data: dict, t: float) -> dict:
    """Everything that moves, at time t: ball positions, arrow, step number, outcome text opacity."""
    s = step_at(t, data["steps"], data["speed"], LEAD)
    xs = np.array([at_step(data["xs"][i], s) for i in range(2)])
    ys = np.interp(xs, data["curve_x"], data["curve_y"])
    raw = [float(at_step(data["raw_xs"][i], s)) for i in range(2)]
    lo, hi = float(data["curve_x"].min()), float(data["curve_x"].max())
    out = [-1 if x < lo else 1 if x > hi else 0 for x in raw]  # which edge a ball has gone past
    arrow = float(at_step(data["velocity"], s)) * data["arrow_scale"]
    end_time = LEAD + data["steps"] / data["speed"]
    return {"step": int(round(s)), "xs": xs, "ys": ys, "arrow": arrow, "out": out,
            "outro": fade(t, end_time + reveal.HOLD, reveal.VERDICT_FADE)}
