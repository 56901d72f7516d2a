"""The banana's data: momentum runs of `sim.distill.banana` and what the picture needs from them.

`make_data` is the scene's one run (the only place here that `sim` is called, with `runs`, the page's
batch); `facts` reads a run's raw positions and losses into what the words and the drawing use. Every
number comes from the raw run; the drawn path is a copy clamped to the window (`drawn_path`), used for
drawing only.
"""
from __future__ import annotations

import numpy as np

from scenes.banana import story as S
from scenes.banana.story import HOLD, LEAD, duration, run_end  # noqa: F401  (the clock, for the spec and tests)
from scenes.kit import contour as C
from scenes.kit.timeline import step_at

NAME = "banana"
XLIM, YLIM = (-2.0, 2.0), (-0.2667, 1.0667)  # the article's window
OPTIMUM = np.array([1.0, 1.0 / 3.0])
TOL = 0.01  # a run has converged when it ends this close to the optimum
LEVELS = (0.01, 15)  # log-spaced contour levels: from this loss up to 0.8 of the window's highest, how many
SWINGS = 0.25  # a run swings when its loss rises at more than this share of its steps
EDGES = {(0, -1): "left", (0, 1): "right", (1, -1): "bottom", (1, 1): "top"}


def make_data(p: dict) -> dict:
    """One momentum run from the start, its facts, the contour lines and the storyboard."""
    from sim.distill import banana as B

    alpha, beta, steps = float(p["alpha"]), float(p["beta"]), int(p["steps"])
    start = np.array([float(p["x0"]), float(p["y0"])])
    run = B.run(alpha, beta, steps, start)
    curv = B.curvature()
    levels, lines = contours(241)
    data = {
        "alpha": alpha, "beta": beta, "steps": steps, "speed": float(p["speed"]), "start": start,
        "optimum": OPTIMUM.copy(),
        "eigenvalues": np.asarray(curv.eigenvalues, dtype=float), "kappa": float(curv.kappa),
        "gd_limit": float(curv.gd_limit),
        **facts(run.positions, run.values, alpha, beta, float(curv.eigenvalues[-1])),
        "levels": levels,
        "lines": lines,
    }
    data["story"] = S.make_story(data)
    return data


def runs(alphas, betas, starts, steps: int):
    """One batched `sim.simulate` call on the banana: run i has its own α, β and start. Returns the raw
    positions (runs, steps + 1, 2) and losses (runs, steps + 1)."""
    from sim import SGD, simulate
    from sim.distill import banana as B

    alphas, betas = np.asarray(alphas, dtype=float), np.asarray(betas, dtype=float)
    tr = simulate(B.Banana(), np.asarray(starts, dtype=float), SGD(alphas, momentum=betas), steps)
    return np.swapaxes(tr.positions, 0, 1), tr.values.T


def contours(n: int):
    """The contour levels (log-spaced, `LEVELS`) and their lines, from the banana sampled about n points a side."""
    from sim.distill import banana as B

    xs, ys, z = C.sample(B.Banana(), XLIM, YLIM, n)
    levels = C.geometric_levels(LEVELS[0], 0.8 * float(z.max()), LEVELS[1])
    return levels, C.contour_lines(xs, ys, z, levels)


def curvature() -> dict:
    """The Hessian's eigenvalues at the optimum, κ and gradient descent's limit 2/λmax, as make_data has them."""
    from sim.distill import banana as B

    c = B.curvature()
    return {"eigenvalues": np.asarray(c.eigenvalues, dtype=float), "kappa": float(c.kappa),
            "gd_limit": float(c.gd_limit)}


def inside_window(pos: np.ndarray) -> np.ndarray:
    lo, hi = np.array([XLIM[0], YLIM[0]]), np.array([XLIM[1], YLIM[1]])
    with np.errstate(invalid="ignore"):
        return np.all(np.isfinite(pos), axis=1) & np.all((pos >= lo) & (pos <= hi), axis=1)


def crossing(p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray, str]:
    """Where the step p -> q (p inside the window) crosses its edge, the step's direction (a unit
    vector) and the edge's name."""
    lo, hi = np.array([XLIM[0], YLIM[0]]), np.array([XLIM[1], YLIM[1]])
    d = q - p if np.all(np.isfinite(q)) else np.zeros(2)
    if not np.any(d):
        return p.copy(), np.array([0.0, 1.0]), "top"
    with np.errstate(divide="ignore", invalid="ignore"):
        limits = np.where(d > 0, (hi - p) / d, np.where(d < 0, (lo - p) / d, np.inf))
    axis = int(np.argmin(limits))
    edge = np.clip(p + min(1.0, float(limits[axis])) * d, lo, hi)
    return edge, d / np.linalg.norm(d), EDGES[axis, int(np.sign(d[axis]))]


def facts(pos: np.ndarray, vals: np.ndarray, alpha: float, beta: float, lam_max: float) -> dict:
    """What one run did, from its raw positions (steps + 1, 2) and losses (steps + 1,)."""
    pos, vals = np.asarray(pos, dtype=float), np.asarray(vals, dtype=float)
    steps = len(vals) - 1
    finite = np.all(np.isfinite(pos), axis=1) & np.isfinite(vals)
    inside = inside_window(pos)
    with np.errstate(invalid="ignore", over="ignore"):
        dist = np.linalg.norm(pos - OPTIMUM, axis=1)
    overflow = None if finite.all() else int(np.argmin(finite))
    diverged = overflow is not None or (not inside[-1] and vals[-1] > vals[0])
    gone = int(np.flatnonzero(inside)[-1]) + 1 if diverged else None  # the step it left for good
    if gone is not None and gone > steps:  # overflowed inside the window: cannot happen here, but say so
        gone = steps
    # Excursions: the steps where the run steps out of the window (and, unless it diverged, comes back).
    exits = [k for k in range(1, steps + 1) if inside[k - 1] and not inside[k]]
    first_edge = crossing(pos[exits[0] - 1], pos[exits[0]])[2] if exits else None
    drawn, arrow_on, arrow_at, arrow_dir = drawn_path(pos, inside, gone)
    moved = bool(alpha > 0)
    ok = np.isfinite(dist)
    close = int(np.argmin(np.where(ok, dist, np.inf)))
    rises = int(np.sum(np.diff(vals[finite]) > 0)) if finite.sum() > 1 else 0
    if not moved:
        kind = "still"
    elif diverged:
        kind = "diverged"
    elif dist[-1] < TOL:
        kind = "converged"
    elif alpha * lam_max >= 2.0 * (1.0 + beta):  # the optimum is unstable at this α and β
        kind = "unstable"
    elif rises > SWINGS * steps:
        kind = "swings"
    else:
        kind = "far"
    far = np.flatnonzero(~(dist < TOL))
    settle = int(far[-1]) + 1 if kind == "converged" and len(far) else (0 if kind == "converged" else None)
    gone_edge = crossing(pos[gone - 1], pos[gone])[2] if gone else None
    return {
        "raw_positions": pos, "raw_values": vals,
        "positions": drawn, "arrow_on": arrow_on, "arrow_at": arrow_at, "arrow_dir": arrow_dir,
        "kind": kind, "diverged": bool(diverged), "moved": moved,
        "final_distance": float(dist[-1]) if np.isfinite(dist[-1]) else None,
        "final_loss": float(vals[-1]) if np.isfinite(vals[-1]) else None,
        "start_loss": float(vals[0]),
        "closest": (float(dist[close]), close),
        "rises": rises, "settle": settle,
        "left_at": gone, "left_edge": gone_edge, "overflow_at": overflow,
        "exits": len(exits), "first_exit": (exits[0], first_edge) if exits else None,
        "ends_inside": bool(inside[-1]),
    }


def drawn_path(pos: np.ndarray, inside: np.ndarray, gone: int | None):
    """The path as drawn: the run itself inside the window; outside it, the nearest point of the window
    (a short excursion runs along the edge), and from `gone` (a diverged run's last exit) the point where
    its step crosses the edge, held there. At each step where the drawn point is not the run's, an arrow
    at that point shows the way the run went (its unit direction)."""
    n = len(pos)
    lo, hi = np.array([XLIM[0], YLIM[0]]), np.array([XLIM[1], YLIM[1]])
    drawn = np.array(pos, dtype=float)
    on = ~inside
    at, way = np.zeros((n, 2)), np.zeros((n, 2))
    end = n if gone is None else gone
    for k in np.flatnonzero(on[:end]):  # excursions that come back (all finite: the run did not diverge)
        drawn[k] = np.clip(pos[k], lo, hi)
        d = pos[k] - drawn[k]
        at[k], way[k] = drawn[k], d / np.linalg.norm(d)
    if gone is not None:
        edge, u, _ = crossing(pos[gone - 1], pos[gone])
        drawn[gone:], at[gone:], way[gone:] = edge, edge, u
    return drawn, on, at, way


def frame_state(data: dict, t: float) -> dict:
    """What moves at time t: the step, the drawn trail and ball, the edge arrow (or None), the counter."""
    s = step_at(t, data["steps"], data["speed"], LEAD)
    k = int(np.floor(s + 1e-9))
    trail = C.trail(data["positions"], s)
    arrow = (data["arrow_at"][k], data["arrow_dir"][k]) if data["arrow_on"][k] else None
    return {"s": s, "step": k, "trail": trail, "head": trail[-1], "arrow": arrow,
            "step_text": S.step_text(data, k), "counter": S.counter_text(data, k)}


def outcome(data: dict) -> dict:
    return {"alpha": data["alpha"], "beta": data["beta"], "kind": data["kind"], "diverged": data["diverged"],
            "final_distance": data["final_distance"], "final_loss": data["final_loss"],
            "left_at": data["left_at"], "overflow_at": data["overflow_at"]}
