"""The stochastic page: the expected loss as stacked bars (deterministic part over the noise part), the
Monte-Carlo mean of the seeded runs (computed with `sim.sweep` at every 10th step) and one run as
dots, over a grid of (α, β). Every point of the grid converges (αλ < 2 + 2β with λ = 1 and α ≤ 1).

The page declares its (log₁₀ α, β) map as a two-dimensional control (`pad`: every grid point with the
slider values it sets) and the article's optimum as a preset. Each point's words are the scene's own
(`scenes.stochastic.story`), from the scene's closed form (`scenes.stochastic.data.outcome_of`).
"""
from __future__ import annotations

import math

import numpy as np

from scenes.kit import grid_web as G
from scenes.stochastic.data import outcome_of
from scenes.stochastic.story import COLOURS, phases, title, verdict_caption

ALPHAS = (0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2)
BETAS = (0.0, 0.3, 0.5, 0.8, 0.9)
TOP = 3.0         # the loss axis: what rises above is cut at the top (the numbers say how high)
EVERY = 10        # the Monte-Carlo mean is drawn at every EVERY-th step
DIGITS = 4


def monte_carlo(o: dict, runs: int, seed: int) -> dict:
    """The mean of the runs and its standard error at k = EVERY, 2·EVERY, …, by `sim.sweep` (drawn); the
    worst z at every step, from the same seeded runs (the noise `sim.sweep` uses), as the video checks it."""
    from sim.distill import stochastic as S

    ks = list(range(EVERY, o["steps"] + 1, EVERY))
    stats = S.sweep_stats(ks, o["alpha"], o["beta"], runs=runs, seed=seed)
    mean = np.full(o["steps"] + 1, np.nan)
    mean[ks] = stats.mean
    x = S.monte_carlo(o["alpha"], o["beta"], o["steps"], runs=runs, seed=seed)
    f = 0.5 * o["lam"] * x[1:] ** 2
    z = np.abs(f.mean(axis=1) - o["total"][1:]) / (f.std(axis=1, ddof=1) / math.sqrt(runs))
    return {"mean": mean, "z_max": float(z.max()), "runs": runs, "mean_end": float(stats.mean[-1]),
            "se_end": float(stats.stderr[-1]), "run": 0.5 * o["lam"] * x[:, 0] ** 2}  # run 0 of the same noise


def build(p: dict) -> dict:
    runs, seed = int(p["runs"]), int(p["seed"])
    sliders = [G.slider("alpha", "step size \u03b1", ALPHAS, p["alpha"], digits=3, significant=True),
               G.slider("beta", "momentum \u03b2", BETAS, p["beta"], digits=3)]
    grid = G.combos(sliders)
    outs = []
    for g in grid:
        o = outcome_of(g["alpha"], g["beta"], runs, seed, mc=False)
        outs.append({**o, **monte_carlo(o, runs, seed)})
    steps = outs[0]["steps"]
    top = min(TOP, 1.1 * max(float(np.max(o["total"])) for o in outs))
    k = np.arange(steps + 1)
    points = [point(o, k, top) for o in outs]
    optimum = {"alpha": 4.0 / 121.0, "beta": 81.0 / 121.0}
    panels = [G.panel((0.07, 0.1, 0.62, 0.78), (-1, steps + 1), (0.0, top), narrow=(0.13, 0.04, 0.83, 0.54),
                      x_label="step k", y_label="E f(x\u1d4f) \u2212 f*: deterministic over noise"),
              G.panel((0.77, 0.1, 0.21, 0.5), (math.log10(ALPHAS[0]) - 0.2, math.log10(ALPHAS[-1]) + 0.2), (-0.05, 1.0),
                      narrow=(0.13, 0.70, 0.83, 0.19), x_label="log\u2081\u2080 \u03b1",
                      # the ring is named in the panel's title: a label on the map would lie over its points
                      y_label=f"\u03b2; the optimum: the ring at ({math.log10(optimum['alpha']):.2f}, "
                              f"{optimum['beta']:.3f})".replace("-", "\u2212"),
                      layers=[G.mark(math.log10(optimum["alpha"]), optimum["beta"], "momentum")])]
    page = G.page("stochastic", steps, sliders, panels, points, aspect=2.3, narrow_aspect=0.8,
                  speed=float(p["speed"]),
                  legend=[("deterministic part", COLOURS["det"]), ("noise part", COLOURS["noise"]),
                          (f"mean of {runs:,} runs", COLOURS["mean"]), ("one run", COLOURS["run"])],
                  note=("f = \u00bdx\u00b2 from x\u2070 = \u221a3; every gradient carries noise 3\u00b7N(0, 1). The bars "
                        "are the closed-form expected loss: the noise part \u00bd Var x\u1d4f below (0 at step 0), "
                        "the deterministic part \u00bd(E x\u1d4f)\u00b2 on top. Dots: the mean of "
                        f"{runs:,} seeded runs every {EVERY} steps (computed with sim.sweep; the words compare it with the "
                        f"closed form at every step, as the video does) and one of those runs at every step. The dashed line ends the transient phase; bars and dots above {top:g} are cut at the top. "
                        f"{len(points)} real grids of runs."))
    page["pad"] = {"panel": 1, "label": "step size log\u2081\u2080 \u03b1 and momentum \u03b2",
                   "points": [[round(math.log10(g["alpha"]), 6), g["beta"], dict(g)] for g in grid]}
    page["presets"] = [{"label": "optimal", "values": optimum}]
    return page


def point(o: dict, k: np.ndarray, top: float) -> dict:
    series = [G.series(0, k, np.minimum(o["total"], top), COLOURS["det"], style="bars", digits=DIGITS),
              G.series(0, k, np.minimum(o["noise"], top), COLOURS["noise"], style="bars", digits=DIGITS),
              G.series(0, k, np.where(o["run"] <= top, o["run"], np.nan), COLOURS["run"], style="dots", digits=DIGITS),
              G.series(0, np.where(np.isfinite(o["mean"]), k, np.nan), o["mean"], COLOURS["mean"], style="dots",
                       digits=DIGITS)]
    lines = []
    b = o["boundary"]
    if b is not None and b < o["steps"]:
        lines.append({**G.line([b + 0.5, b + 0.5], [0.0, top], "foreground", 1.5, dash=True), "panel": 0})
    marks = [{**G.mark(math.log10(o["alpha"]), o["beta"], "foreground"), "panel": 1}]
    n = o["steps"]
    numbers = [G.number("phases", phases(o), b),
               G.number("noise floor \u00bd Var x\u221e", f"{o['floor']:.4f}", o["floor"]),
               G.number("largest E f \u2212 f*", f"{np.max(o['total']):.4g}", float(np.max(o["total"]))),
               G.number(f"E f at step {n}", f"{o['total'][-1]:.4f}", float(o["total"][-1])),
               G.number(f"mean of {o['runs']:,} runs at step {n}", f"{o['mean_end']:.4f} \u00b1 {o['se_end']:.4f}",
                        o["mean_end"]),
               G.number("worst gap, at every step", f"{o['z_max']:.1f} standard errors", o["z_max"])]
    return {"title": title(o), "verdict": verdict_caption(o), "numbers": numbers, "series": series, "lines": lines,
            "marks": marks}
