"""The rates page: the map of the heavy ball's rate over (αλ, β); a click (or the sliders) picks a point
and plays x_k from x_0 = 1 there, with the closed-form rate beside the measured one.

One `sim.simulate` call runs every grid point on f = λx²/2 (λ = 1) for MEASURE_STEPS steps: the first
`steps` are drawn, and `scenes.rates.story.measure` fits the measured rate to the same run (it never
needs more than MEASURE_STEPS). Regime, rate, title and caption are the scene's own (`scenes.rates`,
`scenes.rates.story`). The guide ±C rate^k is the scene's: C the smallest constant bounding the run.
"""
from __future__ import annotations

import base64
import io

import numpy as np

from scenes.kit import grid_web as G
from scenes.rates import story as rates_story
from scenes.kit.story import fmt

ALS = tuple(round(0.1 * i, 1) for i in range(1, 40))  # 0.1 .. 3.9
BETAS = tuple(round(0.05 * i, 2) for i in range(20))  # 0 .. 0.95
MEASURE_STEPS = 400  # the longest run rates_story.measure asks for


def build(p: dict) -> dict:
    from sim import SGD, landscapes, simulate, theory
    from scenes.rates import data as S

    sliders = [G.slider("beta", "momentum \u03b2", BETAS, 0.7 if p["beta"] is None else p["beta"]),
               G.slider("alpha_lambda", "step \u00d7 curvature \u03b1\u03bb", ALS,
                        0.5 if p["alpha_lambda"] is None else p["alpha_lambda"], digits=1)]
    grid = G.combos(sliders)
    steps = int(p["steps"])
    al = np.array([g["alpha_lambda"] for g in grid])
    beta = np.array([g["beta"] for g in grid])
    quad = landscapes.Quadratic([[1.0]])  # λ = 1, so α = αλ
    xs = simulate(quad, np.ones((len(grid), 1)), SGD(al, momentum=beta), MEASURE_STEPS).positions[:, :, 0].T
    rate = theory.momentum_rate(al, beta, 1.0)
    k = np.arange(steps + 1)
    points = []
    for i, g in enumerate(grid):
        x = xs[i, : steps + 1]
        decay = rate[i] ** k
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            scale = np.where(decay >= 1e-9, np.abs(x) / decay, 0.0)
            c = max(float(np.nanmax(np.where(np.isfinite(scale), scale, 0.0))), 1.0)
            guide = c * decay
        exits = np.nonzero(np.abs(x) > S.YLIM)[0]
        data = {"stops": np.array([[g["alpha_lambda"], g["beta"]]]), "stop_x": [x],
                "stop_regime": [S.regime_name(g["alpha_lambda"], g["beta"])], "stop_rate": [float(rate[i])],
                "measured": [rates_story.measure(lambda n, i=i: xs[i, : n + 1], float(rate[i]))],
                "stop_exit": [int(exits[0]) if exits.size else None]}
        f = rates_story.facts(data, 0)
        numbers = [
            G.number("rate (closed form)", fmt(f["rate"], 3), f["rate"]),
            G.number(f"rate measured over {f['measured_steps']} steps", fmt(f["measured_rate"], 3),
                     f["measured_rate"]),
            G.number("regime", f["regime"], f["regime"]),
            G.number(f"zero crossings of x_k in {steps} steps", str(f["zero_crossings"]), f["zero_crossings"]),
        ]
        points.append({
            "title": rates_story.title([f], tour=False), "verdict": rates_story.caption(f, steps, True, False),
            "numbers": numbers,
            "series": [G.series(1, k, x, "momentum", "x_k", ball=False, digits=4)],
            "lines": [{**G.line(k, sign * guide, "muted", 1.2, dash=True, digits=4), "panel": 1}
                      for sign in (1, -1)],
            "marks": [{**G.mark(g["alpha_lambda"], g["beta"], "foreground"), "panel": 0}],
        })
    return G.page("rates", steps, sliders, _panels(steps, S), points, speed=float(p["speed"]),
                  legend=[("x_k from x_0 = 1", "momentum"), ("\u00b1C rate^k", "muted")],
                  click={"panel": 0, "x": "alpha_lambda", "y": "beta"},
                  note="Click the map (or move the sliders) to pick (\u03b1\u03bb, \u03b2): the run plays on the "
                       "right. Colour: the rate, max |\u03c3| over the roots of \u03c3\u00b2 \u2212 (1 + \u03b2 "
                       "\u2212 \u03b1\u03bb)\u03c3 + \u03b2 = 0; red where it is 1 or more (divergence). Every run "
                       f"is a real run of sim; the sliders snap to the {len(ALS)} \u00d7 {len(BETAS)} simulated "
                       "values.")


def _panels(steps: int, S) -> list[dict]:
    from sim import theory
    from scenes.rates import maps as rates_draw
    from scenes.kit.theme import THEMES

    n_al, n_b = 200, 125
    al_axis = (np.arange(n_al) + 0.5) * S.AL_MAX / n_al
    b_axis = (np.arange(n_b) + 0.5) / n_b
    grid = {"rate_grid": theory.momentum_rate(al_axis[None, :], b_axis[:, None], 1.0)}
    src = {name: _png(rates_draw.heat_rgba(grid, theme)) for name, theme in THEMES.items()}
    crit_al = np.linspace(0.0, S.AL_MAX, 200)
    layers = [{"kind": "image", "src": src, "x": [0.0, S.AL_MAX], "y": [0.0, 1.0]},
              G.line(crit_al, theory.critical_damping(crit_al, 1.0), "foreground", 1.2, dash=True, digits=4),
              G.line([2.0, S.AL_MAX], [0.0, (S.AL_MAX - 2.0) / 2.0], "foreground", 1.2, digits=4)]
    rate_map = G.panel((0.07, 0.08, 0.44, 0.82), (0.0, S.AL_MAX), (0.0, 1.0), narrow=(0.12, 0.05, 0.84, 0.5),
                       x_label="\u03b1\u03bb", y_label="\u03b2", layers=layers)
    rate_map["no_grid"] = True
    run = G.panel((0.6, 0.08, 0.38, 0.82), (0, steps), (-S.YLIM, S.YLIM), narrow=(0.12, 0.62, 0.84, 0.29),
                  x_label="step k", y_label="x_k", layers=[G.line([0, steps], [0, 0], "muted", 1.0)])
    return [rate_map, run]


def _png(rgba: np.ndarray) -> str:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgba).save(buf, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
