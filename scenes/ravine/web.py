"""The ravine's web page: gradient descent and momentum on the ravine for a grid of κ, α and β.

κ runs over condition numbers of the ravine f = ½(x² + κ y²), α over fractions of gradient descent's best
step 2 / (λₘᵢₙ + λₘₐₓ) for that κ, β from 0 to 0.95; the steps and the target are the scene's parameters.
The runs of each κ are one batched `sim.simulate` call (each run with its own α and β). Every grid
point's title and caption are the scene's own (`scenes.ravine.title`, `make_story`), fed that point's
runs; the numbers are the steps until each loss stays below the target, the closed-form rates
(`sim.theory`) and β*(α), theory's fastest β. Gradient descent's run and the contour lines do not
depend on β: they are stored once per κ and α, and once per κ.
"""
from __future__ import annotations

import numpy as np

from scenes.kit import grid_web as G
from scenes.kit import race_web as R
from scenes.kit.story import fmt

BETAS = tuple(round(0.05 * i, 2) for i in range(20))
LR_FRACTIONS = (0.2, 0.4, 0.6, 0.8, 1.0)
KAPPAS = (10.0, 30.0, 100.0)


def build(p: dict) -> dict:
    from sim import landscapes, theory
    from scenes.ravine import data as S_data, story as S_story

    kappa0 = float(p["kappa"])
    best0 = 2.0 / (1.0 + kappa0)  # gradient descent's best step on the default ravine (λₘᵢₙ = 1)
    frac0 = 1.0 if p["lr"] is None else float(p["lr"]) / best0
    eig0 = np.array([1.0, kappa0])
    sliders = [G.slider("momentum", "momentum \u03b2", BETAS, p["momentum"] if p["momentum"] is not None else
                        theory.best_beta(frac0 * best0, eig0)),
               G.slider("lr_fraction", "\u03b1 \u00d7 (\u03bb\u2098\u1d62\u2099 + \u03bb\u2098\u2090\u2093) / 2", LR_FRACTIONS, frac0, digits=3,
                        significant=True),
               G.slider("kappa", "condition number \u03ba", KAPPAS, kappa0, digits=3, significant=True)]
    grid = G.combos(sliders)
    steps, target, labels = int(p["steps"]), float(p["target"]), ("gradient descent", "momentum")
    ravines = {k: landscapes.Ravine(kappa=k) for k in sliders[2]["values"]}
    runs = {}
    for k, ravine in ravines.items():  # one batch per κ: n plain runs, then n momentum runs
        mine = [g for g in grid if g["kappa"] == k]
        lr = np.array([g["lr_fraction"] * 2.0 / (ravine.lam_min + ravine.lam_max) for g in mine])
        beta = np.array([g["momentum"] for g in mine])
        run = R.simulate(ravine, np.r_[lr, lr], np.r_[np.zeros(len(mine)), beta], steps)
        positions, values = np.swapaxes(run.positions, 0, 1), run.values.T
        for i, g in enumerate(mine):
            runs[g["momentum"], g["lr_fraction"], k] = (lr[i], positions[[i, len(mine) + i]],
                                                        values[[i, len(mine) + i]])
    shared, points = G.Shared(), []
    layers = {k: [shared.ref(("contour", k, j), lambda c=c: c) for j, c in enumerate(R.contours(r, S_data.XLIM, S_data.YLIM, 12))]
              for k, r in ravines.items()}
    for g in grid:
        ravine = ravines[g["kappa"]]
        lr, positions, values = runs[g["momentum"], g["lr_fraction"], g["kappa"]]
        eig = np.array([ravine.lam_min, ravine.lam_max])
        facts = R.race_facts(positions, values, S_data.XLIM, S_data.YLIM, S_data.LOSS_TOP, target)
        rates = (float(theory.gd_rate_quadratic(lr, eig)),
                 float(theory.momentum_rate_quadratic(lr, g["momentum"], eig)))
        data = {"kappa": ravine.kappa, "eigenvalues": eig, "lr": lr, "beta": g["momentum"],
                "lr_auto": False, "beta_auto": False, "rates": rates, "steps": steps, "speed": float(p["speed"]),
                "start": np.asarray(ravine.start, dtype=float), "formulas": S_data.FORMULAS, "labels": labels, **facts}
        data["title"] = S_story.title(data)
        story = S_story.make_story(data)
        race_beat = next(b for b in story["beats"] if b["name"] == "race")
        star = theory.best_beta(lr, eig)
        numbers = [G.number("learning rate \u03b1", fmt(lr, 4), lr)] + R.step_numbers(labels, facts) + [
            G.number("gradient descent's rate per step (theory)", fmt(rates[0], 3), rates[0]),
            G.number("momentum's rate per step (theory)", fmt(rates[1], 3), rates[1]),
            G.number("fastest \u03b2 at this \u03b1 (theory)", fmt(star, 3), star),
        ]
        gd_path, gd_loss, path, loss = R.series(facts, ("gd", "momentum"), labels, S_data.LOSS_FLOOR)
        gd = [shared.ref(("gd", g["lr_fraction"], g["kappa"], part), lambda s=s: s)
              for part, s in (("path", gd_path), ("loss", gd_loss))]
        points.append({"title": story["title"], "verdict": race_beat["caption"], "numbers": numbers,
                       "series": [gd[0], gd[1], path, loss], "layers": layers[g["kappa"]]})
    panels = R.panels(None, steps, target, S_data.XLIM, S_data.YLIM, S_data.LOSS_FLOOR, S_data.LOSS_TOP, 12)
    return G.page("ravine", steps, sliders, panels, points, speed=float(p["speed"]),
                  legend=[("gradient descent", "gd"), ("momentum", "momentum")], shared=shared,
                  note=f"f(x, y) = \u00bd(x\u00b2 + \u03ba y\u00b2); the dashed line is the target loss {target:g}. "
                       "Every path is a real run of sim; the sliders snap to the "
                       + " \u00d7 ".join(str(len(s["values"])) for s in sliders) + " simulated values.")
