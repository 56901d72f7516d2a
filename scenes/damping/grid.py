"""The damping scene's grid (`--set part=grid`, Distill figure 9): 6 × 4 phase portraits of one component.

Runs (`sim.distill.damping.grid`): z ← βz + λw, w ← w − αz with α = 0.02, from the article's start,
position w⁰ = 0.92 and buffer z⁰ = 1 (velocity −z⁰ = −1), for 250 steps, at β ∈ {1, 0.985, 0.95, 0.9,
0.85, 0.8} (columns) × λ ∈ {0, 0.02, 0.1, 0.25} (rows). Each cell draws velocity −z across and position
w up, on its row's scale (both symmetric about 0, 8 % beyond the row's largest value, so nothing leaves it).

"Comes to rest" at step k: from k through the last step the speed |z| stays within REST (1 % of the
start's), and where a force pulls (λ > 0) the position too stays within REST of the optimum w* = 0. With
λ = 0 nothing pulls: the particle coasts, and stops only where damping drains its speed, at
w⁰ − α z⁰ (1 − βᵏ)/(1 − β) → w⁰ − α z⁰/(1 − β).
"""
from __future__ import annotations

import numpy as np

from scenes.kit import reveal, story
from scenes.kit.story import at_least

REST = 0.01


def run_grid() -> dict:
    """The 24 runs, their rest steps and the rows' scales."""
    from sim.distill import damping as D

    g = D.grid()
    w, z = np.asarray(g.w, dtype=float), np.asarray(g.z, dtype=float)
    lam = np.asarray(g.lambdas, dtype=float)
    off = np.maximum(np.abs(z), np.where(lam[None, :, None] > 0, np.abs(w), 0.0))
    rest = D.reach_step(off, REST)  # (6, 4), −1 where it does not come to rest
    return {"betas": [float(b) for b in g.betas], "lambdas": [float(v) for v in lam], "alpha": D.GRID_ALPHA,
            "steps": D.GRID_STEPS, "w0": D.GRID_W0, "z0": D.GRID_Z0, "w": w, "velocity": -z,
            "rest": [[None if int(r) < 0 else int(r) for r in row] for row in np.atleast_2d(rest)],
            "w_lim": [1.08 * float(np.max(np.abs(w[:, j]))) for j in range(len(lam))],
            "v_lim": [1.08 * float(np.max(np.abs(z[:, j]))) for j in range(len(lam))]}


def num(v: float) -> str:
    """Three significant digits, with a true minus sign."""
    return f"{v:.3g}".replace("-", "\u2212")


def signed(v: float) -> str:
    return f"{v:g}".replace("-", "\u2212")


def texts(g: dict) -> dict:
    """Every line drawn: the title, the headings of the columns and rows, the rows' scales."""
    rested = sum(k is not None for row in g["rest"] for k in row)
    total = len(g["betas"]) * len(g["lambdas"])
    return {"title": f"Damping brings {rested} of {total} runs to rest within {g['steps']} steps",
            "rule": "z \u2190 \u03b2z + \u03bbw,   w \u2190 w \u2212 \u03b1z",
            "setting": f"\u03b1 = {g['alpha']:g},  w\u2070 = {signed(g['w0'])},  \u2212z\u2070 = {signed(-g['z0'])}",
            "columns": [f"\u03b2 = {b:g}" for b in g["betas"]],
            "rows": [f"\u03bb = {v:g}" for v in g["lambdas"]],
            "scales": [f"w \u00b1{num(wl)}  \u2212z \u00b1{num(vl)}" for wl, vl in zip(g["w_lim"], g["v_lim"])],
            "axes": "each cell: velocity \u2212z across, position w up, on the scale printed for its \u03bb"}


def coast(g: dict, i: int) -> float:
    """Where the λ = 0 run of column i is at the last step (no force: it only coasts)."""
    return float(g["w"][i, 0, -1])


def captions(g: dict) -> tuple[str, str, str]:
    b, lam = g["betas"], g["lambdas"]
    setup = (f"One component from w = {signed(g['w0'])} with velocity {signed(-g['z0'])}, "
             f"at \u03b1 = {g['alpha']:g}: \u03b2 from {b[0]:g} to {b[-1]:g} across, "
             f"force \u03bb from {lam[0]:g} to {lam[-1]:g} down.")
    free = [i for i in range(len(b)) if g["rest"][i][0] is not None]
    still = [i for i in range(len(b)) if g["rest"][i][0] is None]
    run = (f"With \u03bb = 0 nothing pulls: {len(free)} of {len(b)} stop moving within {g['steps']} steps"
           + (f"; \u03b2 = {b[still[0]]:g} is at w = {num(coast(g, still[0]))}" if still else "") + ".")
    pulled = [(g["rest"][i][j], i, j) for i in range(len(b)) for j in range(1, len(lam)) if g["rest"][i][j] is not None]
    n_pulled = len(b) * (len(lam) - 1)
    if pulled:
        k, i, j = min(pulled)
        verdict = (f"With a force, {len(pulled)} of {n_pulled} settle at the optimum; first "
                   f"\u03b2 = {b[i]:g}, \u03bb = {lam[j]:g}, at step {k}.")
    else:
        verdict = f"With a force, none of the {n_pulled} runs settles at the optimum within {g['steps']} steps."
    return setup, run, verdict


def numbers(g: dict) -> dict:
    return {"alpha": g["alpha"], "steps": g["steps"], "w0": g["w0"], "z0": g["z0"], "betas": g["betas"],
            "lambdas": g["lambdas"], "rest_tol": REST, "rest_step": g["rest"],
            "rested": sum(k is not None for row in g["rest"] for k in row),
            "final_w": [[float(g["w"][i, j, -1]) for j in range(len(g["lambdas"]))] for i in range(len(g["betas"]))],
            "final_velocity": [[float(g["velocity"][i, j, -1]) for j in range(len(g["lambdas"]))]
                               for i in range(len(g["betas"]))],
            "w_limits": g["w_lim"], "velocity_limits": g["v_lim"]}


def make_data(p: dict) -> dict:
    g = run_grid()
    g["part"] = "grid"
    g["speed"] = float(p["speed"])
    g["texts"] = texts(g)
    setup, run, verdict = captions(g)
    lead = at_least(reveal.SETUP, setup)
    run_end = lead + at_least(g["steps"] / g["speed"] + reveal.HOLD, run)
    end = run_end + at_least(3.0, verdict)
    g["lead"], g["ends"] = lead, (lead, run_end, end)
    beats = [reveal.setup_beat(setup, lead), story.beat("run", lead, run_end, run),
             story.beat("verdict", run_end, end, verdict)]
    t = g["texts"]
    labels = [t["title"], t["rule"], t["setting"], *t["columns"], *t["rows"], *t["scales"], t["axes"]]
    g["story"] = story.make_story(t["title"], beats, labels, numbers(g))
    return g


def duration(g: dict) -> float:
    return g["ends"][-1]


def shown(g: dict, t: float) -> float:
    """Steps drawn at time t: the run plays from the end of the setup beat at `speed` steps a second."""
    return float(np.clip((t - g["lead"]) * g["speed"], 0.0, g["steps"]))


def arrangement(size_in: tuple[float, float]) -> tuple[bool, list]:
    """(transposed, boxes): on a canvas of `size_in` inches, where cell (β index i, λ index j) goes, in the
    canvas's own fractions. Wide canvases put β across (the article's layout); tall ones put λ across."""
    W, H = size_in
    tall = H > W
    n_b, n_l = 6, 4
    cols, rows = (n_l, n_b) if tall else (n_b, n_l)
    # headings left and above; below, a note (and on tall canvases the columns' scales)
    left, right, top, bottom = (1.45 if tall else 1.25) / W, 0.2 / W, 1.85 / H, (1.0 if tall else 0.45) / H
    gap_x, gap_y = 0.12 / W, 0.2 / H
    cw = (1.0 - left - right - (cols - 1) * gap_x) / cols
    ch = (1.0 - top - bottom - (rows - 1) * gap_y) / rows
    boxes = [[None] * n_l for _ in range(n_b)]
    for i in range(n_b):
        for j in range(n_l):
            c, r = (j, i) if tall else (i, j)
            boxes[i][j] = (left + c * (cw + gap_x), 1.0 - top - (r + 1) * ch - r * gap_y, cw, ch)
    return tall, boxes


def outcome(g: dict) -> dict:
    return {"part": "grid", "rest_step": g["rest"], "rested": numbers(g)["rested"]}
