"""Derivatives's data: `make_data` runs `sim` and returns the arrays and words the scene shows; its length and outcome, and what moves at each moment."""
from __future__ import annotations

import numpy as np

from scenes.kit.params import ParamError
from scenes.kit.timeline import at_step, step_at
from scenes.derivatives.story import LEAD, RUNS, W0, WORDS, tell


NAME = "derivatives"
X_RANGE = (-1.0, 2.0)


def forward(w: np.ndarray, x, relu: bool):
    """Pre-activation z = w1·x, hidden a, prediction ŷ = w2·a, and relu'(z) (1 without the ReLU)."""
    z = w[0] * np.asarray(x, dtype=float)
    if relu:
        a, gate = np.maximum(z, 0.0), (z > 0).astype(float)
    else:
        a, gate = z, np.ones_like(z)
    return z, a, w[1] * a, gate


def loss(w: np.ndarray, x, y, relu: bool):
    """L = (ŷ − y)² / 2 per point."""
    return 0.5 * (forward(w, x, relu)[2] - np.asarray(y, dtype=float)) ** 2


def gradient(w: np.ndarray, x: float, y: float, relu: bool) -> np.ndarray:
    """(∂L/∂w1, ∂L/∂w2) = ((ŷ − y)·w2·relu'(z)·x, (ŷ − y)·a) for one point."""
    _, a, yhat, gate = forward(w, x, relu)
    r = yhat - y
    return np.array([r * w[1] * gate * x, r * a], dtype=float)


def train(optimizer, x: np.ndarray, y: np.ndarray, relu: bool) -> dict:
    """One pass of `optimizer` over the points in order; everything seen along the way."""
    w = np.array(W0, dtype=float)
    state = optimizer.init(w)
    n = len(x)
    weights, grads, vel = np.empty((n + 1, 2)), np.empty((n, 2)), np.empty((n, 2))
    weights[0] = w
    for k in range(n):
        g = gradient(w, x[k], y[k], relu)
        w, state = optimizer.update(g, state, w)
        grads[k], vel[k], weights[k + 1] = g, optimizer.velocity(state), w
    mean_loss = np.array([loss(wk, x, y, relu).mean() for wk in weights])
    z = weights[:-1, 0] * x
    return {"weights": weights, "grads": grads, "velocity": vel, "pre": z, "mean_loss": mean_loss}


def make_data(p: dict) -> dict:
    """The data set and three training runs: no ReLU, ReLU, ReLU with momentum."""
    from sim import SGD, EMAMomentum

    n, lr, beta = int(p["points"]), float(p["lr"]), float(p["beta"])
    rng = np.random.default_rng(int(p["seed"]))
    x = rng.uniform(*X_RANGE, n)
    y = 1.5 * x + 0.5 + float(p["noise"]) * rng.standard_normal(n)
    runs = {"linear": train(SGD(lr), x, y, relu=False),
            "relu": train(SGD(lr), x, y, relu=True),
            "mom": train(EMAMomentum(lr, beta), x, y, relu=True)}
    for r in runs.values():
        if not all(np.all(np.isfinite(a)) for a in r.values()):
            raise ParamError("training diverged with this learning rate; try a smaller lr")
    series = {"linear": runs["linear"]["grads"][:, 0], "relu": runs["relu"]["grads"][:, 0],
              "mom": runs["mom"]["grads"][:, 0], "velocity": runs["mom"]["velocity"][:, 0]}
    top = 1.12 * max(float(np.max(np.abs(s))) for s in series.values())
    top = max(top, 1e-3)
    fit_x = np.linspace(X_RANGE[0] - 0.1, X_RANGE[1] + 0.1, 61)
    # The y window holds the data and every fit the runs pass through, so no line leaves the panel.
    fit_y = [forward(w, fit_x, relu=name != "linear")[2] for name, r in runs.items() for w in r["weights"]]
    lo, hi = min(float(y.min()), float(np.min(fit_y)), 0.0), max(float(y.max()), float(np.max(fit_y)))
    ypad = 0.08 * (hi - lo) + 0.05
    tv = {k: float(np.abs(np.diff(s)).sum()) for k, s in series.items()}
    speed = float(p["speed"]) if p["speed"] is not None else n / 9.0
    setup = (f"one SGD step per point, lr = {lr:g}", f"start: w\u2081 = {W0[0]:g},  w\u2082 = {W0[1]:g}")
    return {
        "n": n,
        "lr": lr,
        "beta": beta,
        "speed": speed,
        "x": x,
        "y": y,
        "k": np.arange(1, n + 1, dtype=float),
        "runs": runs,
        "series": series,
        "total_variation": tv,
        "ylim": (-top, top),
        "fit_x": fit_x,
        "data_ylim": (lo - ypad, hi + ypad),
        "formulas": (
            r"\hat y = w_2\,\mathrm{relu}(w_1 x),\quad L = (\hat y - y)^2\,/\,2",
            r"\partial L/\partial w_1 = (\hat y - y)\,w_2\,[w_1 x > 0]\,x",
            r"\mathrm{no\ ReLU:}\ \ \hat y = w_2 w_1 x,\ \ \partial L/\partial w_1 = (\hat y - y)\,w_2\,x",
            rf"\mathrm{{momentum:}}\ \ v \leftarrow {beta:g}\,v + {1 - beta:.3g}\,g,"
            rf"\ \ w \leftarrow w - {lr:g}\,v",
        ),
        "setup": setup,
        "words": WORDS,
        "story": tell(n, lr, beta, speed, runs, tv, setup),
    }


def outcome(data: dict) -> dict:
    tv = data["total_variation"]
    relu_run = data["runs"]["relu"]
    off = relu_run["pre"] < 0
    return {
        "points": data["n"],
        "total_variation": tv,
        "velocity_smoother": bool(tv["velocity"] < tv["mom"]),
        "relu_off_points": int(off.sum()),
        "relu_derivative_zero_when_off": bool(np.all(relu_run["grads"][off, 0] == 0.0)),
        "final_mean_loss": {k: float(r["mean_loss"][-1]) for k, r in data["runs"].items()},
    }


def frame_state(data: dict, t: float) -> dict:
    """s: the updates done so far (fractional, 0..n); the fits and losses are those after them. k: the
    0-based point being processed (the last one once all are done); the curves reach it."""
    s = step_at(t, data["n"], data["speed"], LEAD)
    done = int(np.floor(s + 1e-9))
    k = min(done, data["n"] - 1)
    fits = {}
    for name in RUNS:
        w = at_step(data["runs"][name]["weights"], s)
        fits[name] = forward(w, data["fit_x"], relu=name != "linear")[2]
    losses = {name: float(at_step(data["runs"][name]["mean_loss"], s)) for name in RUNS}
    return {"s": s, "done": done, "k": k, "shown": min(s, data["n"] - 1.0), "fits": fits, "losses": losses}
