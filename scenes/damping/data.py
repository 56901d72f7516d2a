"""The damping scene's data: one eigencomponent of the heavy ball at α = 10⁻⁴, λ = 100, run three ways
(`sim.distill.damping`, the only place `sim` is called), and what the picture needs from the runs.

The runs start at rest (z⁰ = 0) at w⁰ = 0 with the optimum w* = 1, so the position error wᵏ − w* starts at
−1. Three β: under-damped (0.97), critically damped ((1 − √(αλ))² = 0.81) and over-damped (0.01). The
reader's `beta` takes the place of the run of its kind, as the article's hover does: above the critical β
it drives the under-damped panel, below it the over-damped one, and at it the critical one. Gradient
descent (β = 0) is run too, for the words. A run "settles" at the first step from which
|wᵏ − w*| ≤ 0.01 for every later step up to 2000 (`sim.distill.damping.reach_step`).
"""
from __future__ import annotations

import math

import numpy as np

from scenes.damping import story as S
from scenes.kit import reveal
from scenes.kit.story import at_least
from scenes.kit.plot1d import nice_ticks
from scenes.kit.timeline import step_at

NAME = "damping"
LEAD = reveal.SETUP       # the setup beat
VERDICT = 4.0             # seconds of the last beat
SAME = 1e-9               # a β this close to the critical one is the critical one
MIN_STEPS, MAX_STEPS = 100, 1000
KINDS = ("under", "critical", "over")


def kind_of(beta: float, critical: float) -> str:
    if abs(beta - critical) <= SAME:
        return "critical"
    return "under" if beta > critical else "over"


def betas_for(user: float | None) -> tuple[list[float], int | None]:
    """The three runs' β (under, critical, over) and which of them is the reader's (None: none set)."""
    from sim.distill import damping as D

    crit = D.critical_beta()
    betas = [D.UNDER_BETA, crit, D.OVER_BETA]
    if user is None:
        return betas, None
    slot = KINDS.index(kind_of(float(user), crit))
    if slot != 1:
        betas[slot] = float(user)
    return betas, slot


def shown_steps(reach: list) -> int:
    """The steps drawn: a tenth past the last run to settle, in fifties, within bounds."""
    done = [k for k in reach if k is not None]
    top = max(done) if done else MAX_STEPS
    return int(min(max(math.ceil(1.1 * top / 50.0) * 50, MIN_STEPS), MAX_STEPS))


def crossings(errors: np.ndarray, upto: int) -> int:
    """How many times the error changes sign in steps 0..upto: the run passes the optimum."""
    e = np.asarray(errors[: upto + 1], dtype=float)
    s = np.sign(e[e != 0])
    return int(np.count_nonzero(s[1:] != s[:-1]))


def outcome_of(user: float | None) -> dict:
    """Everything said and drawn about the three runs, as plain numbers (the page calls this per point)."""
    from sim.distill import damping as D
    from sim import theory

    betas, slot = betas_for(user)
    r = D.damping(under=betas[0], over=betas[2], critical=betas[1])
    w_gd, _ = D.run(D.ALPHA, 0.0, D.LAMBDA, D.HORIZON, 0.0, 0.0, w_star=1.0)
    gd_reach = D.reach_step(w_gd - 1.0, D.TOL)
    reach = [c.reach for c in r.cases]
    steps = shown_steps(reach)
    errors = [np.asarray(c.errors, dtype=float) for c in r.cases]
    zs = [np.asarray(c.z, dtype=float) for c in r.cases]
    crit = float(D.critical_beta())
    al = D.ALPHA * D.LAMBDA
    out = {
        "alpha": D.ALPHA, "lam": D.LAMBDA, "alpha_lambda": al, "tol": D.TOL, "horizon": D.HORIZON,
        "user": None if user is None else float(user), "slot": slot,
        "betas": [float(b) for b in betas], "critical_beta": crit,
        "kinds": [kind_of(b, crit) if i != 1 else "critical" for i, b in enumerate(betas)],
        "rates": [float(c.rate) for c in r.cases],
        "complex": [bool(b > crit + SAME) for b in betas],
        "reach": reach, "first": first_of(reach),
        "crossings": [crossings(e, steps if k is None else k) for e, k in zip(errors, reach)],
        "gd_reach": gd_reach, "gd_rate": float(theory.gd_rate(D.ALPHA, D.LAMBDA)),
        "critical_rate": float(1.0 - math.sqrt(al)),
        "steps": steps, "errors": errors, "z": zs,
        "final_errors": [float(e[steps]) for e in errors],
    }
    out["tenfold"] = [tenfold(out["critical_rate"]), tenfold(abs(out["gd_rate"]))]
    return out


def tenfold(rate: float) -> float:
    """Steps per tenfold cut of the error at this rate per step: ln 10 / −ln rate."""
    return math.log(10.0) / -math.log(rate) if 0 < rate < 1 else math.inf


def first_of(reach: list) -> list[int]:
    """The runs (indices) that settle first; several on a tie, none if none does."""
    done = [k for k in reach if k is not None]
    if not done:
        return []
    return [i for i, k in enumerate(reach) if k == min(done)]


def view(o: dict) -> dict:
    """The axes: velocity −z symmetric about 0 over the drawn steps of all three runs; error likewise."""
    n = o["steps"]
    vmax = max(float(np.max(np.abs(z[: n + 1]))) for z in o["z"])
    emax = max(float(np.max(np.abs(e[: n + 1]))) for e in o["errors"])
    vtop = float(nice_ticks(0.0, 1.08 * vmax, 2)[-1])
    vtop = vtop if vtop >= 1.08 * vmax else vtop + float(np.diff(nice_ticks(0.0, 1.08 * vmax, 2))[-1])
    etop = 1.1 * max(emax, 1.0)
    return {"vlim": (-vtop, vtop), "elim": (-etop, etop),
            "v_ticks": [-vtop / 2, vtop / 2],  # the optimum marks 0
            "e_ticks": [-1.0, -0.5, 0.0, 0.5, 1.0],
            "k_ticks": [float(v) for v in nice_ticks(0.0, float(n), 6)]}


def make_data(p: dict) -> dict:
    if p.get("part") == "grid":
        from scenes.damping import grid
        from scenes.kit.params import ParamError

        if p.get("beta") is not None:
            raise ParamError("beta applies to part=critical only; the grid runs every beta of figure 9")
        return grid.make_data(p)
    user = p.get("beta")
    o = outcome_of(None if user is None else float(user))
    data = {**o, **view(o), "speed": float(p["speed"])}
    data["velocity"] = [-z for z in o["z"]]  # the physical velocity is −z
    data["k"] = np.arange(o["steps"] + 1)
    data["texts"] = S.texts(data)
    ends = beat_ends(data)
    data["lead"] = ends[0]
    data["story"] = S.make(data, ends[0], ends)
    return data


def beat_ends(data: dict) -> tuple[float, float, float]:
    """The ends of the setup, run and verdict beats: each long enough for its motion and to read its words."""
    setup, run, verdict = S.setup_caption(data), S.run_caption(data), S.verdict_caption(data)
    lead = at_least(LEAD, setup)
    run_end = lead + at_least(data["steps"] / data["speed"] + reveal.HOLD, run)
    return lead, run_end, run_end + at_least(VERDICT, verdict)


def duration(data: dict) -> float:
    if data.get("part") == "grid":
        return data["ends"][-1]
    return beat_ends(data)[-1]


def frame_state(data: dict, t: float) -> dict:
    """At time t: the fractional step s, and for each run the portrait's trail (velocity, error) and
    the error curve (step, error) up to s, and whether its reach mark is shown."""
    from scenes.kit.plot1d import partial

    s = step_at(t, data["steps"], data["speed"], data["lead"])
    n = data["steps"]
    portraits, curves, marks = [], [], []
    for i in range(3):
        v, e = data["velocity"][i][: n + 1], data["errors"][i][: n + 1]
        portraits.append(partial(v, e, s))
        curves.append(partial(data["k"], e, s))
        k = data["reach"][i]
        marks.append(k is not None and k <= n and s >= k)
    return {"s": s, "step": int(np.floor(s + 1e-9)), "portraits": portraits, "curves": curves, "marks": marks}


def outcome(data: dict) -> dict:
    if data.get("part") == "grid":
        from scenes.damping import grid

        return grid.outcome(data)
    return {"betas": data["betas"], "kinds": data["kinds"], "reach": data["reach"], "first": data["first"],
            "rates": data["rates"], "gd_reach": data["gd_reach"]}
