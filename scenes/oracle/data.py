"""The oracle scene's data: one run of the heavy ball on the convex Rosenbrock of `sim.distill.oracle`
(n = 25, κ = 1000 in the formula), the only place the scene calls `sim`.

`make_data` resolves the run (momentum at the optimum for this matrix's true λ₁ and λₙ, the article's
drawn α and β, gradient descent at its best step, or the reader's α·λₙ and β), runs 50 steps from w⁰ = 0,
and lays out what both backends draw: the weight and error grids (rows k = 0 … 50, columns i = 1 … 25)
with the dead-zone triangle, and the largest error ‖wᵏ − w*‖∞ against three lower bounds:

    the article's   qᵏ‖w⁰ − w*‖∞, q = (√κ − 1)/(√κ + 1) with κ = 1000;
    the true κ's    the same with κ = λₙ/λ₁ of the finite matrix (≈ 214.6);
    the dead zone   max_{i>k} |wᵢ*|: wᵢᵏ = 0 for i > k, so the error is at least the tail of w*.

A bound is "broken" at the first step where the run's error is below it; `below` lists every step where it
is, so that the words can say whether it stays below from there, returns above, or dips below only briefly.
"""
from __future__ import annotations

import numpy as np

from scenes.kit.params import ParamError
from scenes.kit.plot1d import nice_ticks
from scenes.oracle.story import make as make_story, texts as make_texts

NAME = "oracle"
RUNS = ("optimal", "article", "gd", "custom")
Y_CAP = 4.0          # the error axis (log₁₀) never goes above this: a diverging run is cut off at the top
REL = 1e-12          # relative: an error this close to a bound is on it, not below it


def setting(p: dict) -> tuple[str, float, float]:
    """(run, α, β) for the parameters."""
    from sim.distill import oracle as O

    run = p.get("run") or "optimal"
    custom = [k for k in ("alpha_lambda", "beta") if p.get(k) is not None]
    if run != "custom" and custom:
        raise ParamError(f"{' and '.join(custom)} set a run of your own: add --set run=custom")
    lam = O.eigenvalues()
    if run == "article":
        return run, float(O.ARTICLE_ALPHA), float(O.ARTICLE_BETA)
    if run == "gd":
        return run, float(2.0 / (lam[0] + lam[-1])), 0.0
    a0, b0 = O.optimal()
    if run == "optimal":
        return run, a0, b0
    alpha = a0 if p.get("alpha_lambda") is None else float(p["alpha_lambda"]) / float(lam[-1])
    beta = b0 if p.get("beta") is None else float(p["beta"])
    return run, alpha, beta


def momentum_rate(alpha: float, beta: float, lam: np.ndarray) -> float:
    """max over λᵢ of the spectral radius of R = [[β, λ], [−αβ, 1 − αλ]]."""
    return float(max(np.max(np.abs(np.linalg.eigvals(np.array([[beta, v], [-alpha * beta, 1.0 - alpha * v]]))))
                     for v in lam))


def steps_below(err: np.ndarray, bound: np.ndarray) -> list[int]:
    """Every step where the error is below the bound."""
    return [int(k) for k in np.flatnonzero(np.isfinite(err) & (err < bound * (1.0 - REL)))]


def first_below(err: np.ndarray, bound: np.ndarray) -> int | None:
    """The first step where the error is below the bound (None: it never is)."""
    below = steps_below(err, bound)
    return below[0] if below else None


def outcome_of(run: str, alpha: float, beta: float) -> dict:
    """Everything said and drawn about one run, as plain numbers (the web page calls this per point)."""
    from sim.distill import oracle as O

    W = O.iterates(alpha, beta)
    ws, winf, lam = O.solution(), O.infinite_solution(), O.eigenvalues()
    kappa_true = O.condition_number()
    q, q_true = O.q(), O.q(kappa_true)
    b = O.bounds(W)
    k = np.arange(W.shape[0])
    start_err = float(np.max(np.abs(ws)))
    with np.errstate(over="ignore", invalid="ignore"):
        err = np.where(np.isfinite(b.error), b.error, np.inf)
    bounds = {"article": b.article, "true": q_true ** k * start_err, "dead": b.dead_zone}
    dead = O.dead_zone(W.shape[0] - 1, W.shape[1])
    rate = momentum_rate(alpha, beta, lam)
    return {
        "run": run, "alpha": alpha, "beta": beta, "alpha_lambda": alpha * float(lam[-1]), "steps": int(k[-1]),
        "n": int(W.shape[1]), "kappa": float(O.KAPPA), "lam_min": float(lam[0]), "lam_max": float(lam[-1]),
        "kappa_true": kappa_true, "q": q, "q_true": q_true, "w_star": ws, "w_inf": winf, "start_err": start_err,
        "W": W, "E": np.abs(W - ws), "error": err, "bounds": bounds,
        "broken": {name: first_below(err, v) for name, v in bounds.items()},
        "below": {name: steps_below(err, v) for name, v in bounds.items()},
        "dead_nonzero": int(np.count_nonzero(W[dead])), "rate": rate, "diverges": bool(rate >= 1.0),
        "final_error": float(err[-1]),
    }


def view(o: dict) -> dict:
    """The error axis in log₁₀, from below the smallest value drawn to just above the largest (at most
    Y_CAP), and the grids' colour scale [0, 1] (whether any cell lies outside it)."""
    drawn = [o["error"]] + [v[v > 0] for v in o["bounds"].values()]
    vals = np.concatenate([np.log10(v[np.isfinite(v) & (v > 0)]) for v in drawn])
    lo, hi = float(np.floor(vals.min() * 2) / 2), float(np.ceil(vals.max() * 2) / 2)
    hi = min(max(hi, 0.5), Y_CAP)
    cells = np.concatenate([o["W"].ravel(), o["E"].ravel()])
    return {"y_lim": (lo, hi), "y_ticks": [float(v) for v in nice_ticks(lo, hi, 5)],
            "x_ticks": [float(v) for v in nice_ticks(0.0, o["steps"], 5)],
            "error_clipped": bool(vals.max() > hi),
            "colour_clipped": bool(np.any(~np.isfinite(cells)) or np.any(cells[np.isfinite(cells)] > 1.0)
                                   or np.any(cells[np.isfinite(cells)] < 0.0))}


def log_curve(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(k, log₁₀ v) over the steps where v is positive and finite (the dead-zone bound ends at k = n − 1)."""
    k = np.flatnonzero(np.isfinite(v) & (v > 0))
    return k.astype(float), np.log10(v[k])


def make_data(p: dict) -> dict:
    run, alpha, beta = setting(p)
    o = outcome_of(run, alpha, beta)
    data = {**o, **view(o), "speed": float(p["speed"])}
    data["texts"] = make_texts(data)
    data["story"] = make_story(data, float(p["speed"]))
    data["ends"] = [b["end"] for b in data["story"]["beats"]]
    return data


def duration(data: dict) -> float:
    return data["ends"][-1]


def frame_state(data: dict, t: float) -> dict:
    """At time t: the fractional step s; the grid rows k ≤ s are shown."""
    s = float(np.clip((t - data["ends"][0]) * data["speed"], 0.0, data["steps"]))
    return {"s": s, "rows": int(np.floor(s + 1e-9)) + 1}


def outcome(data: dict) -> dict:
    return {"run": data["run"], "alpha": data["alpha"], "beta": data["beta"], "rate": data["rate"],
            "broken": dict(data["broken"]), "final_error": data["final_error"],
            "kappa_true": data["kappa_true"], "dead_nonzero": data["dead_nonzero"]}
