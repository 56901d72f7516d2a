"""The graphs scene's data: three 36-node graphs with grounded Laplacians (`sim.distill.graphs`, the only
place `sim` is called), their spectra and what the picture needs.

For each graph (a seeded random expander of 80 edges, the 6 × 6 grid, the path 0 – … – 35 with 3 seeded
extra edges), L = D − A with L[0, 0] += 1; its eigenvalues λ₁ ≤ λ₂ ≤ … ≤ λₙ (`np.linalg.eigh`), the
condition number κ = λₙ/λ₁, and the steps to cut the error 1000-fold at the optimal parameters: gradient
descent at α = 2/(λ₁ + λₙ) contracts by (κ − 1)/(κ + 1) per step, momentum at its optimal α, β by
(√κ − 1)/(√κ + 1); steps = ⌈ln 10⁻³ / ln rate⌉. The nodes are coloured by the eigenvector of λ₂.

Where the nodes sit is a choice of drawing, not of the problem: the grid on its grid, the path as a snake
of six rows (its extra edges are the chords), the expander on a circle.
"""
from __future__ import annotations

import math

import numpy as np

from scenes.graphs import story as S
from scenes.kit import reveal
from scenes.kit.params import ParamError

NAME = "graphs"
LEAD = reveal.SETUP
RUN = 6.0          # seconds in which the step bars grow, at least
VERDICT = 4.0      # seconds of the last beat, at least
KEYS = ("expander", "grid", "path")
SIDE = 6
STOPS = ("#fc8d59", "#e6e600", "#99d594")   # the article's colour scale: −, 0, + of the eigenvector
SCALE = 0.1        # ... over [−0.1, 0.1], as the article's (entries beyond it take the end colours)


def positions(key: str, n: int = 36) -> np.ndarray:
    """(n, 2) node positions in [0, 1]²: grid on its grid, path as a snake of six rows, expander on a circle."""
    i = np.arange(n)
    if key == "expander":
        a = math.pi / 2 - 2 * math.pi * i / n
        return np.column_stack([0.5 + 0.5 * np.cos(a), 0.5 + 0.5 * np.sin(a)])
    r, c = i // SIDE, i % SIDE
    if key == "path":
        c = np.where(r % 2 == 1, SIDE - 1 - c, c)
    return np.column_stack([c / (SIDE - 1), 1.0 - r / (SIDE - 1)])


def mix(a: str, b: str, u: float) -> str:
    ca = np.array([int(a[k:k + 2], 16) for k in (1, 3, 5)], dtype=float)
    cb = np.array([int(b[k:k + 2], 16) for k in (1, 3, 5)], dtype=float)
    c = np.round(ca + (cb - ca) * u).astype(int)
    return "#" + "".join(f"{v:02x}" for v in c)


def node_colour(v: float, top: float) -> str:
    """The article's three-stop scale over [−top, 0, top]."""
    u = float(np.clip(v / top, -1.0, 1.0)) if top > 0 else 0.0
    return mix(STOPS[1], STOPS[0], -u) if u < 0 else mix(STOPS[1], STOPS[2], u)


def outcome_of(seed: int) -> dict:
    """Every number said and drawn, per graph, as plain numbers (the page calls this per seed)."""
    from sim.distill import graphs as G

    try:
        gs = G.graphs(int(seed))
    except ValueError as exc:  # pragma: no cover - numpy refuses a seed
        raise ParamError(f"seed {seed}: {exc}") from None
    out = []
    for g in gs:
        out.append({
            "key": g.name, "edges": [list(map(int, e)) for e in g.edges], "n_edges": len(g.edges),
            "lam_min": float(g.lam[0]), "lam_2": float(g.lam[1]), "lam_max": float(g.lam[-1]),
            "kappa": float(g.kappa), "kappa_rest": float(g.kappa_rest),
            "gd_rate": float(g.gd_rate), "momentum_rate": float(g.momentum_rate),
            "gd_steps": int(g.gd_steps), "momentum_steps": int(g.momentum_steps),
            "fiedler": [float(v) for v in g.fiedler],
            "colours": [node_colour(float(v), SCALE) for v in g.fiedler],
            "xy": positions(g.name).tolist(),
        })
    order = sorted(range(3), key=lambda i: out[i]["kappa"])
    return {"seed": int(seed), "graphs": out, "order": [out[i]["key"] for i in order],
            "tol": float(G.TOL)}


def make_data(p: dict) -> dict:
    o = outcome_of(int(p["seed"]))
    top = max(g["gd_steps"] for g in o["graphs"])
    o["log_top"] = float(max(1, math.ceil(math.log10(top))))
    o["texts"] = S.texts(o)
    o["story"] = S.make(o, beat_ends(o))
    return o


def beat_ends(o: dict) -> tuple[float, float, float]:
    from scenes.kit.story import at_least

    lead = at_least(LEAD, S.setup_caption(o), spare=reveal.HOLD)
    run_end = lead + at_least(RUN, S.run_caption(o), spare=reveal.HOLD)
    return lead, run_end, run_end + at_least(VERDICT, S.verdict_caption(o), spare=reveal.HOLD)


def duration(data: dict) -> float:
    return data["story"]["beats"][-1]["end"]


def frame_state(data: dict, t: float) -> dict:
    """At time t: u = log₁₀ of the step counter, rising from 0 to the axis' top over the run beat (minus
    its hold), each bar's length min(u, log₁₀ steps) and whether its number is shown (the bar is full)."""
    b = data["story"]["beats"]
    start, end = b[1]["start"], b[1]["end"] - reveal.HOLD
    f = float(np.clip((t - start) / max(end - start, 1e-9), 0.0, 1.0))
    u = f * data["log_top"]
    bars, shown = [], []
    for g in data["graphs"]:
        for key in ("gd_steps", "momentum_steps"):
            full = math.log10(g[key])
            bars.append(min(u, full))
            shown.append(u >= full)
    return {"u": u, "k": 10 ** u if f > 0 else 0.0, "bars": bars, "shown": shown}


def outcome(data: dict) -> dict:
    return {"seed": data["seed"], "order": data["order"],
            "kappa": {g["key"]: g["kappa"] for g in data["graphs"]},
            "gd_steps": {g["key"]: g["gd_steps"] for g in data["graphs"]},
            "momentum_steps": {g["key"]: g["momentum_steps"] for g in data["graphs"]}}
