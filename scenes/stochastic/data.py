"""The stochastic scene's data: the heavy ball on f = ½x² from x⁰ = √3 with gradient noise 3·N(0, 1)
(`sim.distill.stochastic`), the only place the scene calls `sim`.

`make_data` takes the closed-form expected loss E f(xᵏ) − f* = ½(E xᵏ)² + ½ Var xᵏ, its deterministic part
and its noise part (0 at k = 0), for k = 0 … 150; the last step at which the deterministic part leads
(the transient phase up to it, fine-tuning after); the noise floor, the noise part's limit; a seeded
Monte-Carlo mean of ½(xᵏ)² over many runs, computed with `sim.sweep`, with its standard error; and one of
those runs (run 0, the same noise), drawn as dots.
"""
from __future__ import annotations

import numpy as np

from scenes.kit.plot1d import nice_ticks
from scenes.stochastic.story import make as make_story, texts as make_texts

NAME = "stochastic"
STEPS = 150


def outcome_of(alpha: float, beta: float, runs: int, seed: int, mc: bool = True) -> dict:
    """Everything said and drawn about one (α, β), as plain numbers; `mc` False leaves out the Monte Carlo
    (the web page draws it at fewer steps)."""
    from sim.distill import stochastic as S

    det = S.deterministic_part(alpha, beta, STEPS)
    noise = S.noise_part(alpha, beta, STEPS)
    total = det + noise
    out = {"alpha": alpha, "beta": beta, "runs": int(runs), "seed": int(seed), "steps": STEPS, "x0": float(S.X0),
           "eps": float(S.EPS), "lam": float(S.LAMBDA), "det": det, "noise": noise, "total": total,
           "boundary": S.boundary(det, noise), "floor": S.noise_floor(alpha, beta),
           "article_noise_0": float(S.noise_part(alpha, beta, 1, article=True)[0])}
    if mc:
        stats = S.sweep_stats(range(1, STEPS + 1), alpha, beta, runs=runs, seed=seed)
        mean = np.concatenate([[total[0]], stats.mean])
        se = np.concatenate([[0.0], stats.stderr])
        z = np.abs(mean[1:] - total[1:]) / se[1:]
        x = S.monte_carlo(alpha, beta, STEPS, runs=runs, seed=seed)[:, 0]
        out.update({"mean": mean, "se": se, "z_max": float(z.max()), "z_at": int(np.argmax(z)) + 1,
                    "within_one": float(np.mean(z <= 1.0)), "run": 0.5 * out["lam"] * x ** 2})
    return out


def view(o: dict) -> dict:
    """The loss axis from 0 to just above the largest expected loss or mean; how many of the drawn run's
    dots lie above it."""
    top = 1.1 * max(float(np.max(o["total"])), float(np.max(o.get("mean", o["total"]))))
    above = int(np.sum(o["run"] > top)) if "run" in o else 0
    return {"y_top": top, "above": above, "y_ticks": [float(v) for v in nice_ticks(0.0, top, 5)],
            "x_ticks": [float(v) for v in nice_ticks(0.0, o["steps"], 6)]}


def make_data(p: dict) -> dict:
    o = outcome_of(float(p["alpha"]), float(p["beta"]), int(p["runs"]), int(p["seed"]))
    data = {**o, **view(o), "speed": float(p["speed"]), "k": np.arange(o["steps"] + 1)}
    data["texts"] = make_texts(data)
    data["story"] = make_story(data, float(p["speed"]))
    data["ends"] = [b["end"] for b in data["story"]["beats"]]
    return data


def duration(data: dict) -> float:
    return data["ends"][-1]


def frame_state(data: dict, t: float) -> dict:
    """At time t: the fractional step s, and how far each bar has grown (bar k is full once s reaches k)."""
    s = float(np.clip((t - data["ends"][0]) * data["speed"], 0.0, data["steps"]))
    if t < data["ends"][0]:
        s = -1.0
    grown = np.clip(s - data["k"] + 1.0, 0.0, 1.0)
    return {"s": s, "grown": grown}


def outcome(data: dict) -> dict:
    return {"alpha": data["alpha"], "beta": data["beta"], "boundary": data["boundary"], "floor": data["floor"],
            "final_expected": float(data["total"][-1]), "final_mean": float(data["mean"][-1]),
            "z_max": data["z_max"]}
