"""The taxonomy of convergence (Distill figure 7): five small panels of one eigencomponent at λ = 100.

Each panel runs the heavy ball z ← βz + λx, x ← x − αz on the error x = w − w*, from x⁰ = −1 and z⁰ = 0,
for STEPS steps at one of the article's presets (`sim.distill.taxonomy.PRESETS`), and states its rate, the
spectral radius of R = [[β, λ], [−αβ, 1 − αλ]]:

    ripples                 α = 0.0015, β = 0.9      complex σ, rate √β (det R = β; the article says 2√β)
    monotonic decrease      α = 0.0015, β = 0.125    real σ, αλ < 1
    one-step convergence    α = 0.01,   β = 10⁻⁵     αλ = 1: x¹ = 0, then ±O(β), rate √β ≈ 0.0032
    monotonic oscillations  α = 0.02,   β = 0.05     real σ, the dominant one negative
    divergence              α = 0.025,  β = 0.235    rate > 1

On the page the panel of the reader's point follows it (the article's hover): its regime picks the panel
(`follow`): complex σ → ripples, real with αλ < 1 → monotonic decrease, αλ = 1 with β = 0 → one-step,
real with αλ > 1 and rate ≤ 1 (the stability line included: x flips sign for ever) → oscillations,
rate > 1 → divergence.

`host_box` and `boxes` place the panels on the current canvas, in its own fractions, where the x_k panel
and the formulas sit during the tour; both backends draw them there (`scenes.rates.tax_draw`).
"""
from __future__ import annotations

import math

import numpy as np

from scenes.kit.story import fmt

LAMBDA = 100.0
STEPS = 40
SHORT = {"ripples": "ripples", "monotonic decrease": "monotonic", "one-step convergence": "one step",
         "monotonic oscillations": "oscillations", "divergence": "divergence"}
FOLLOW = {"ripples": 0, "monotonic": 1, "one-step convergence": 2, "oscillation": 3, "edge of stability": 3,
          "divergence": 4}
# The design rects (x0, y0, x1, y1) of the x_k panel's zone and the formulas' zone (scenes.rates.layout),
# from the column's left edge (where its words start, clear of the colour bar's labels).
TRAJ_RECT = (0.585, 0.27, 1.0, 0.72)
NOTES_RECT = (0.585, 0.0, 1.0, 0.27)
HEAD_IN = 0.62   # inches above each panel for its two heading lines
FOOT_IN = 0.5   # inches below each panel for its step ticks (Manim's, at its least text size, the larger)
LEFT_IN = 0.42   # inches left of each panel for its x ticks
RIGHT_IN = 0.15  # inches the panels keep from the frame's right edge


def panels(steps: int = STEPS) -> list[dict]:
    """The five panels: preset, rate, regime, the iterates xᵏ − x* (k = 0 … steps) and the y range drawn."""
    from sim.distill import taxonomy

    out = []
    for i, p in enumerate(taxonomy.panels(LAMBDA, steps)):
        err = np.asarray(p.errors, dtype=float)
        top = max(1.4, 1.1 * float(np.max(np.abs(err))))
        tick = 1.0 if top < 2.5 else float(math.floor(top / 1.1)) if top < 11 else 10.0 * math.floor(top / 11)
        out.append({"index": i + 1, "name": p.name, "short": SHORT[p.name], "alpha": p.alpha, "beta": p.beta,
                    "alpha_lambda": p.alpha_lam, "rate": p.rate, "complex": p.complex_roots, "regime": p.regime,
                    "errors": err, "ylim": top, "yticks": [-tick, tick], "last_abs_error": float(abs(err[-1]))})
    return out


def rate_text(p: dict) -> str:
    """The panel's closed-form rate, as printed: √β where R's eigenvalues are complex."""
    r = f"{p['rate']:.3g}"
    return f"\u221a\u03b2 = {r}" if p["complex"] else f"rate {r}"


def heading(p: dict) -> str:
    return f"{p['index']} {p['short']}"


def setting(p: dict) -> str:
    return f"\u03b1\u03bb = {fmt(p['alpha_lambda'])}, \u03b2 = {p['beta']:g}"


def caption(ps: list[dict]) -> str:
    """The taxonomy beat's words, from the five panels."""
    parts = ", ".join(f"{p['short']} {p['rate']:.3g}" for p in ps)
    return f"Distill's five regimes at \u03bb = {LAMBDA:g}, with their rates: {parts}."


def follow(regime: str) -> int:
    """The panel (0-4) that the reader's point drives, from its regime (`scenes.rates.data.regime_name`)."""
    return FOLLOW[regime]


def numbers(ps: list[dict]) -> list[dict]:
    return [{"name": p["name"], "alpha": p["alpha"], "beta": p["beta"], "alpha_lambda": p["alpha_lambda"],
             "rate": p["rate"], "complex": p["complex"], "regime": p["regime"], "steps": len(p["errors"]) - 1,
             "last_abs_error": p["last_abs_error"], "y_limit": p["ylim"], "y_ticks": list(p["yticks"])}
            for p in ps]


def labels(ps: list[dict]) -> list[str]:
    return [s for p in ps for s in (heading(p), rate_text(p))] + ["step k", "x\u1d4f \u2212 x*",
                                                                  f"the five regimes at \u03bb = {LAMBDA:g}, with their rates"]


def host_box(canvas) -> tuple[float, float, float, float]:
    """Where the panels go on `canvas` (its own fractions): the x_k panel's and the formulas' zones, which
    sit under each other (16:9, 4:3, 9:16) or side by side under the map (1:1)."""
    boxes = [canvas.map_box((r[0], r[1], r[2] - r[0], r[3] - r[1])) for r in (TRAJ_RECT, NOTES_RECT)]
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = min(max(b[0] + b[2] for b in boxes), 1.0 - RIGHT_IN / canvas.size_in[0])
    y1 = max(b[1] + b[3] for b in boxes)
    return x0, y0, x1 - x0, y1 - y0


def boxes(host, size_in, n: int = 5) -> list[tuple[float, float, float, float]]:
    """The panels' boxes inside `host` (canvas fractions) on a canvas of `size_in` inches: all five in a row
    where the host is wide and low, else three to a row (two where it is narrower than 4.5 inches), each
    with room for its headings and ticks."""
    W, H = size_in
    l, b, w, h = host
    w_in, h_in = w * W, h * H
    cols = n if w_in > 2.6 * h_in else 3 if w_in >= 4.5 else 2
    rows = math.ceil(n / cols)
    cell_w, cell_h = w_in / cols, (h_in - 0.45) / rows  # 0.45 in at the top for the heading
    out = []
    for i in range(n):
        r, c = divmod(i, cols)
        left = l * W + c * cell_w + LEFT_IN
        top = (b + h) * H - 0.45 - r * cell_h - HEAD_IN
        pw, ph = cell_w - LEFT_IN - 0.18, cell_h - HEAD_IN - FOOT_IN
        out.append((left / W, (top - ph) / H, pw / W, ph / H))
    return out


def title_point(host, size_in) -> tuple[float, float]:
    """Where the taxonomy's heading sits: the host's top left (canvas fractions)."""
    l, b, w, h = host
    return l + 0.08 / size_in[0], b + h - 0.22 / size_in[1]


def shown_steps(t: float, start: float, speed: float, steps: int = STEPS) -> float:
    """How many steps of each panel are drawn at time t: they play from `start` at `speed` steps a second."""
    return float(np.clip((t - start) * speed, 0.0, steps))
