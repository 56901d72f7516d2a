"""The web pages of the ravine races (ravine, momentum-rate): runs on the ravine from one batch, their
race facts per grid point, and the two panels (the contour map with the paths, the loss per step).

A grid point's race facts are those `scenes.kit.contour.runs_data` gives a scene (clamped paths, who
diverged, `scenes.kit.race` counts to the target, the table's events), computed from its rows of the
batch without resampling the contour lines for every point.
"""
from __future__ import annotations

import numpy as np

from scenes.kit import grid_web as G
from scenes.kit import contour as C, race


def simulate(ravine, lrs, betas, steps: int):
    """One `sim.simulate` call: run i has learning rate lrs[i] and momentum betas[i]."""
    from sim import SGD, simulate as run

    lrs, betas = np.asarray(lrs, dtype=float), np.asarray(betas, dtype=float)
    return run(ravine, np.tile(ravine.start, (len(lrs), 1)), SGD(lrs, momentum=betas), steps)


def race_facts(positions: np.ndarray, values: np.ndarray, xlim, ylim, loss_top: float, target: float) -> dict:
    """`C.runs_data`'s entries but the contour lines, for runs with these (runs, steps+1, 2) positions
    and (runs, steps+1) losses."""
    steps = positions.shape[1] - 1
    gone = [C.diverged(v) for v in values]
    clamped, left = C.clamp_runs(positions, xlim, ylim, gone)
    cnts = race.counts(values, target)
    return {
        "target": target, "minimum": np.zeros(2), "raw_positions": positions, "positions": clamped,
        "left_window": left, "diverged": gone,
        "values": np.stack([C.safe_values(v, loss_top) for v in values]),
        "counts": cnts, "hits": [c["stays_below"] for c in cnts],
        "events": [(race.row_text(c, g), race.row_step(c, g, lw, steps)) for c, g, lw in zip(cnts, gone, left)],
    }


def contours(ravine, xlim, ylim, n_levels: int) -> list[dict]:
    """The ravine's contour lines on the map (panel 0), at geometric levels from 0.01 λmin to 0.8 of the
    window's highest loss."""
    xs, ys, z = C.sample(ravine, xlim, ylim, 121)
    levels = C.geometric_levels(0.01 * ravine.lam_min, 0.8 * float(z.max()), n_levels)
    return [{**G.line(poly[:, 0], poly[:, 1], "grid", 1.2, digits=4), "panel": 0}
            for level in C.contour_lines(xs, ys, z, levels) for poly in level]


def panels(ravine, steps: int, target: float, xlim, ylim, floor: float, top: float, n_levels: int) -> list[dict]:
    """The contour map and the log loss panel with the target line. The contour lines are drawn once with
    the axes; with `ravine` None they are left to the points (`contours` per κ, as a point's `layers`)."""
    layers = [] if ravine is None else contours(ravine, xlim, ylim, n_levels)
    layers.append(G.mark(0.0, 0.0, "foreground", "minimum"))
    contour = G.panel((0.05, 0.08, 0.56, 0.84), xlim, ylim, narrow=(0.1, 0.05, 0.86, 0.5), equal=True,
                      x_label="x", y_label="y", layers=layers)
    loss = G.panel((0.7, 0.08, 0.28, 0.8), (0, steps), (floor, top), narrow=(0.18, 0.62, 0.78, 0.29),
                   log_y=True, x_label="step", y_label="loss",
                   layers=[G.line([0, steps], [target, target], "muted", 1.2, dash=True)])
    return [contour, loss]


def series(facts: dict, colors, labels, floor: float) -> list[dict]:
    """Each run's path on the map and its loss curve, step by step."""
    out = []
    steps = facts["positions"].shape[1] - 1
    for i, (color, label) in enumerate(zip(colors, labels)):
        path = facts["positions"][i]
        out.append(G.series(0, path[:, 0], path[:, 1], color, label, digits=4))
        out.append(G.series(1, np.arange(steps + 1), np.maximum(facts["values"][i], floor), color, label,
                            ball=False, digits=3))
    return out


def step_numbers(labels, facts: dict) -> list[list]:
    """One row per run: the steps until its loss stays below the target, as the scene's table says it."""
    heading = race.heading(facts["target"])
    return [G.number(f"{label}: {heading}", text, facts["counts"][i]["stays_below"])
            for i, (label, (text, _)) in enumerate(zip(labels, facts["events"]))]
