"""The ravine's web page: gradient descent and momentum on the ravine for a grid of α and β.

α runs over fractions of gradient descent's best step 2 / (λmin + λmax), β from 0 to 0.95; κ, the
steps and the target are the scene's parameters. Every grid point's title and caption are the scene's
own (`scenes.ravine.title`, `make_story`), fed that point's runs; the numbers are the steps until each
loss stays below the target, the closed-form rates (`sim.theory`) and β*(α), theory's fastest β.
"""
from __future__ import annotations

import numpy as np

from scenes import grid_web as G, race_web as R
from scenes.kit.story import fmt

BETAS = tuple(round(0.05 * i, 2) for i in range(20))
LR_FRACTIONS = (0.2, 0.4, 0.6, 0.8, 1.0)


def build(p: dict) -> dict:
    from sim import landscapes, theory
    from scenes import ravine as S

    ravine = landscapes.Ravine(kappa=float(p["kappa"]))
    eig = np.array([ravine.lam_min, ravine.lam_max])
    best_lr = float(theory.optimal_gd(*eig).alpha)
    lrs = [f * best_lr for f in LR_FRACTIONS]
    sliders = [G.slider("momentum", "momentum \u03b2", BETAS, p["momentum"] if p["momentum"] is not None else
                        theory.best_beta(best_lr if p["lr"] is None else float(p["lr"]), eig)),
               G.slider("lr", "learning rate \u03b1", lrs, best_lr if p["lr"] is None else p["lr"], digits=3,
                        significant=True)]
    grid = G.combos(sliders)
    n, steps, target = len(grid), int(p["steps"]), float(p["target"])
    lr = np.array([g["lr"] for g in grid])
    beta = np.array([g["momentum"] for g in grid])
    run = R.simulate(ravine, np.r_[lr, lr], np.r_[np.zeros(n), beta], steps)  # rows: n plain, then n momentum
    positions = np.swapaxes(run.positions, 0, 1)
    values = run.values.T
    labels = ("gradient descent", "momentum")
    points = []
    for i, g in enumerate(grid):
        rows = [i, n + i]
        facts = R.race_facts(positions[rows], values[rows], S.XLIM, S.YLIM, S.LOSS_TOP, target)
        rates = (float(theory.gd_rate_quadratic(g["lr"], eig)),
                 float(theory.momentum_rate_quadratic(g["lr"], g["momentum"], eig)))
        data = {"kappa": ravine.kappa, "eigenvalues": eig, "lr": g["lr"], "beta": g["momentum"],
                "lr_auto": False, "beta_auto": False, "rates": rates, "steps": steps, "speed": float(p["speed"]),
                "start": np.asarray(ravine.start, dtype=float), "formulas": S.FORMULAS, "labels": labels, **facts}
        data["title"] = S.title(data)
        story = S.make_story(data)
        race_beat = next(b for b in story["beats"] if b["name"] == "race")
        star = theory.best_beta(g["lr"], eig)
        numbers = R.step_numbers(labels, facts) + [
            G.number("gradient descent's rate per step (theory)", fmt(rates[0], 3), rates[0]),
            G.number("momentum's rate per step (theory)", fmt(rates[1], 3), rates[1]),
            G.number(f"fastest \u03b2 at this \u03b1 (theory)", fmt(star, 3), star),
        ]
        points.append({"title": story["title"], "verdict": race_beat["caption"], "numbers": numbers,
                       "series": R.series(facts, ("gd", "momentum"), labels, S.LOSS_FLOOR)})
    panels = R.panels(ravine, steps, target, S.XLIM, S.YLIM, S.LOSS_FLOOR, S.LOSS_TOP, 12)
    return G.page("ravine", steps, sliders, panels, points, speed=float(p["speed"]),
                  legend=[("gradient descent", "gd"), ("momentum", "momentum")],
                  note=f"f(x, y) = \u00bd(x\u00b2 + {ravine.kappa:g} y\u00b2), \u03ba = {ravine.kappa:g}; the dashed "
                       f"line is the target loss {target:g}. Every path is a real run of sim; the sliders snap "
                       f"to the {len(BETAS)} \u00d7 {len(lrs)} simulated values.")
