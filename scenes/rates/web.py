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
from scenes.rates import tax as rates_tax
from scenes.kit.story import fmt

ALS = tuple(round(0.1 * i, 1) for i in range(1, 40))  # 0.1 .. 3.9
BETAS = tuple(round(0.05 * i, 2) for i in range(20))  # 0 .. 0.95
MEASURE_STEPS = 400  # the longest run rates_story.measure asks for
MAP_TOP = 1.12  # the map panel's top, in β



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
    presets = rates_tax.panels()
    shared = G.Shared()
    tk = np.arange(rates_tax.STEPS + 1)
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
            G.number(f"zero crossings of x\u2096 in {steps} steps", str(f["zero_crossings"]), f["zero_crossings"]),
        ]
        # The taxonomy: the panel of this point's regime shows its run at λ = 100; the others, their presets.
        follow = rates_tax.follow(f["regime"])
        errors = _tax_errors(g["alpha_lambda"], g["beta"])
        numbers += [G.number("taxonomy panel", presets[follow]["name"], presets[follow]["name"]),
                    G.number(f"|x{rates_story.subscript(rates_tax.STEPS)} \u2212 x*| at \u03bb = {rates_tax.LAMBDA:g}",
                             f"{abs(errors[-1]):.3g}", float(abs(errors[-1])))]
        tax_series = [G.series(2 + j, tk, errors, "momentum", ball=False, digits=8, style="bars") if j == follow
                      else shared.ref(j, lambda q=q, j=j: G.series(2 + j, tk, q["errors"], "muted", ball=False,
                                                                    digits=8, style="bars"))
                      for j, q in enumerate(presets)]
        points.append({
            "title": rates_story.title([f], tour=False), "verdict": rates_story.caption(f, steps, True, False),
            "numbers": numbers,
            "series": [G.series(1, k, x, "momentum", "x\u2096", ball=False, digits=4), *tax_series],
            "lines": [{**G.line(k, sign * guide, "muted", 1.2, dash=True, digits=4), "panel": 1}
                      for sign in (1, -1)],
            "marks": [{**G.mark(g["alpha_lambda"], g["beta"], "foreground"), "panel": 0}],
        })
    for pt in points:
        for entry in pt["series"] + pt["lines"]:
            if isinstance(entry, dict):
                _compact(entry)
    for entry in shared.items:
        _compact(entry)
    return G.page("rates", max(steps, rates_tax.STEPS), sliders, _panels(steps, S, presets), points,
                  speed=float(p["speed"]), aspect=1.3, narrow_aspect=0.42, shared=shared,
                  legend=[("x\u2096 from x\u2080 = 1", "momentum"), ("\u00b1C rate\u1d4f", "muted")],
                  click={"panel": 0, "x": "alpha_lambda", "y": "beta"},
                  note="Click the map (or move the sliders) to pick (\u03b1\u03bb, \u03b2): the run plays on the "
                       "right. Colour: the rate, max |\u03c3| over the roots of \u03c3\u00b2 \u2212 (1 + \u03b2 "
                       "\u2212 \u03b1\u03bb)\u03c3 + \u03b2 = 0; red where it is 1 or more (divergence). Every run "
                       f"is a real run of sim; the sliders snap to the {len(ALS)} \u00d7 {len(BETAS)} simulated "
                       "values. Below, Distill's five regimes at \u03bb = 100 (x\u1d4f \u2212 x* from \u22121, 40 steps, "
                       "\u03b1 = \u03b1\u03bb/100): the panel of the chosen point's regime plays its run, the "
                       "others their presets; each names its closed-form rate (\u221a\u03b2 where the roots are "
                       "complex).")


def _compact(entry: dict, decimals: int = 2) -> None:
    """Shorter JSON for a drawn series or line: whole steps as integers, values to `decimals` decimal
    places (a hundredth of the panels' unit, about a pixel), from 10 on (beyond every panel) to 3 significant digits."""
    def short(v):
        if v is None:
            return None
        r = float(f"{v:.3g}") if abs(v) >= 10 else round(v, decimals)
        return int(r) if r.is_integer() and abs(r) < 1e15 else r

    entry["x"] = [short(v) for v in entry["x"]]
    entry["y"] = [short(v) for v in entry["y"]]


def _tax_errors(al: float, beta: float) -> np.ndarray:
    """xᵏ − x* at λ = 100 with α = αλ/100 from x⁰ − x* = −1 (the article's panels), by the closed form."""
    from sim.distill import taxonomy

    return taxonomy.error_iterates(al / rates_tax.LAMBDA, beta, rates_tax.LAMBDA, rates_tax.STEPS)


def _panels(steps: int, S, presets: list[dict]) -> list[dict]:
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
    # The map's y range reaches past β = 1 so that its label ("β", drawn at the panel's top left) sits
    # on the page's background, not on the heat map, in either theme.
    rate_map = G.panel((0.07, 0.06, 0.42, 0.52), (0.0, S.AL_MAX), (0.0, MAP_TOP), narrow=(0.12, 0.03, 0.84, 0.28),
                       x_label="\u03b1\u03bb", y_label="\u03b2", layers=layers)
    rate_map["no_grid"] = True
    run = G.panel((0.6, 0.06, 0.38, 0.52), (0, steps), (-S.YLIM, S.YLIM), narrow=(0.12, 0.37, 0.84, 0.16),
                  x_label="step k", y_label="x\u2096", layers=[G.line([0, steps], [0, 0], "muted", 1.0)])
    tax_panels = []
    for j, q in enumerate(presets):
        r, c = divmod(j, 2)
        tax_panels.append(G.panel((0.05 + 0.195 * j, 0.72, 0.15, 0.19), (-1, rates_tax.STEPS + 1), (-q["ylim"], q["ylim"]),
                                  narrow=(0.12 + 0.48 * c, 0.6 + 0.135 * r, 0.36, 0.085),
                                  x_label=f"{q['index']} {q['short']}: {rates_tax.rate_text(q).replace('rate ', '')}",
                                  layers=[G.line([0, rates_tax.STEPS], [0, 0], "muted", 1.0)]))
    return [rate_map, run, *tax_panels]


def _png(rgba: np.ndarray) -> str:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgba).save(buf, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
