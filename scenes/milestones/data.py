"""The milestones scene's data: one run of the heavy ball on f = ½ Σ λᵢ xᵢ², λ = (0.01, 0.1, 1), each
component starting with loss ½ (`sim.distill.milestones`, the only place `sim` is called).

`make_data` resolves which run is shown (momentum or gradient descent at its optimum, or the reader's
α·λₙ and β), runs 150 steps, and lays out what both backends draw: the stacked per-component loss bars,
the three lanes that end at each component's last step above 0.01, the ticks and the storyboard
(`scenes.milestones.story`).
"""
from __future__ import annotations

import numpy as np

from scenes.kit import reveal
from scenes.kit.params import ParamError
from scenes.kit.plot1d import nice_ticks
from scenes.kit.story import clip_end
from scenes.milestones.story import make as make_story, texts as make_texts

NAME = "milestones"
LEAD = reveal.SETUP        # the setup beat
VERDICT = 3.2              # seconds of the last beat, after the run and its hold
Y_CAP = 8.0                # the loss axis never goes above this: a run that diverges is cut off at the top
BOUNDARY_TOL = 1e-9        # relative: αλₙ this close to 2 + 2β is on the stability boundary
LANE_Y = (0.5, 1.5, 2.5)   # the lanes of λ₁, λ₂, λₙ in the lane panel, whose y runs over [0, 3]
RUNS = ("momentum", "gd", "custom")


def setting(p: dict) -> tuple[str, float, float]:
    """(run, α, β) for the parameters: the optima of `sim.distill.milestones`, or the reader's α·λₙ, β."""
    from sim.distill import milestones as M

    run = p.get("run") or "momentum"
    custom = [k for k in ("alpha_lambda", "beta") if p.get(k) is not None]
    if run != "custom" and custom:
        raise ParamError(f"{' and '.join(custom)} set a run of your own: add --set run=custom")
    if run == "gd":
        alpha, beta = M.gd_params()
    elif run == "momentum":
        alpha, beta = M.momentum_params()
    else:
        a0, b0 = M.momentum_params()  # what an unset one of the two takes
        lam_n = float(M.LAMBDAS.max())
        alpha = a0 if p.get("alpha_lambda") is None else float(p["alpha_lambda"]) / lam_n
        beta = b0 if p.get("beta") is None else float(p["beta"])
    return run, float(alpha), float(beta)


def case(al_n: float, beta: float) -> str:
    """"converges", "boundary" (αλₙ = 2 + 2β: the largest component oscillates forever) or "diverges"."""
    limit = 2.0 + 2.0 * beta
    if abs(al_n - limit) <= BOUNDARY_TOL * limit:
        return "boundary"
    return "diverges" if al_n > limit else "converges"


def outcome_of(run: str, alpha: float, beta: float, steps: int | None = None) -> dict:
    """Everything said and drawn about one run, as plain numbers (the web page calls this per point)."""
    from sim.distill import milestones as M

    r = M.run(alpha, beta) if steps is None else M.run(alpha, beta, steps=steps)
    lam = [float(v) for v in M.LAMBDAS]
    al_n = alpha * max(lam)
    losses = np.asarray(r.losses, dtype=float)
    return {
        "run": run, "alpha": alpha, "beta": beta, "alpha_lambda": al_n, "limit": 2.0 + 2.0 * beta,
        "case": case(al_n, beta), "lambdas": lam, "steps": len(losses) - 1, "threshold": float(M.THRESHOLD),
        "losses": losses, "total": np.asarray(r.total, dtype=float), "last_above": list(r.last_above),
        "rate": float(r.rates.momentum), "gd_rate": float(r.rates.gd), "dominant": list(r.dominant),
        "final": [float(v) for v in losses[-1]],
    }


def view(o: dict) -> dict:
    """The axes: the loss axis from 0 to just above the largest total (at most Y_CAP), the step axis."""
    biggest = float(np.nanmax(np.where(np.isfinite(o["total"]), o["total"], np.inf)))
    top = min(1.05 * max(biggest, 1.5), Y_CAP)
    return {"y_top": top, "clipped": bool(biggest > top), "y_ticks": [float(v) for v in nice_ticks(0.0, top, 5)],
            "x_ticks": [float(v) for v in nice_ticks(0.0, o["steps"], 6)]}


def make_data(p: dict) -> dict:
    run, alpha, beta = setting(p)
    o = outcome_of(run, alpha, beta)
    data = {**o, **view(o), "speed": float(p["speed"])}
    stacked = np.cumsum(np.nan_to_num(o["losses"], nan=np.inf), axis=1)  # top of each component's bar
    data["stack_top"] = stacked
    data["stack_base"] = stacked - np.nan_to_num(o["losses"], nan=np.inf)
    data["k"] = np.arange(o["steps"] + 1)
    data["lane_y"] = LANE_Y
    data["texts"] = make_texts(data)
    data["story"] = make_story(data, LEAD, beat_ends(data))
    return data


def run_seconds(data: dict) -> float:
    return data["steps"] / data["speed"]


def beat_ends(data: dict) -> tuple[float, float, float]:
    """The least ends of the setup, the run (with its hold) and the verdict; the story lengthens a beat
    whose words need more time."""
    run_end = LEAD + run_seconds(data) + reveal.HOLD
    return LEAD, run_end, run_end + VERDICT


def duration(data: dict) -> float:
    """The story's last beat ends the clip."""
    return clip_end(data["story"])


def frame_state(data: dict, t: float) -> dict:
    """At time t: the fractional step s, how far each bar has grown (bar k is full once s reaches k),
    how far each lane reaches, and which marks and arrowheads are shown."""
    s = float(np.clip((t - LEAD) * data["speed"], 0.0, data["steps"]))
    grown = np.clip(s - data["k"] + 1.0, 0.0, 1.0)
    lanes, marks, arrows = [], [], []
    for last in data["last_above"]:
        end = data["steps"] if last is None else last
        lanes.append(min(s, end))
        marks.append(last is not None and s >= last)
        arrows.append(last is None and s >= data["steps"])
    return {"s": s, "grown": grown, "lanes": lanes, "marks": marks, "arrows": arrows}


def bar_rects(data: dict, st: dict, j: int) -> tuple[np.ndarray, np.ndarray]:
    """(bottom, top) of component j's bar at every step at this moment, clipped to the loss axis."""
    g = st["grown"]
    base = np.minimum(data["stack_base"][:, j] * g, data["y_top"])
    top = np.minimum(data["stack_top"][:, j] * g, data["y_top"])
    return base, top


def outcome(data: dict) -> dict:
    return {"run": data["run"], "alpha": data["alpha"], "beta": data["beta"], "case": data["case"],
            "last_above": data["last_above"], "rate": data["rate"], "gd_rate": data["gd_rate"],
            "dominant": data["dominant"], "final_losses": data["final"]}
