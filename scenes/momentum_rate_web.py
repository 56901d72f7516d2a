"""The momentum-rate page: three balls on the ravine, too little β, the β the slider picks, too much.

The left and right runs keep the scene's `small` and `large` β; the slider moves the middle one, and α
runs over fractions of 1/λmax. Per grid point the scene's own words (`scenes.momentum_rate.verdicts`,
`title`, `make_story`) say which β is fastest; the numbers are each run's steps until its loss stays below
the target, and theory's fastest β for the point's α (`sim.theory.best_beta`).
"""
from __future__ import annotations

import numpy as np

from scenes import grid_web as G, race_web as R
from scenes.kit.story import fmt

BETAS = tuple(round(0.05 * i, 2) for i in range(20))
LR_FRACTIONS = (0.25, 0.5, 0.75, 1.0)


def build(p: dict) -> dict:
    from sim import landscapes, theory
    from scenes import momentum_rate as S

    ravine = landscapes.Ravine(kappa=float(p["kappa"]))
    eig = np.array([ravine.lam_min, ravine.lam_max])
    base = 1.0 / ravine.lam_max
    lrs = [f * base for f in LR_FRACTIONS]
    lr0 = base if p["lr"] is None else float(p["lr"])
    sliders = [G.slider("momentum", "middle ball's \u03b2", BETAS,
                        theory.best_beta(lr0, eig) if p["momentum"] is None else p["momentum"]),
               G.slider("lr", "learning rate \u03b1", lrs, lr0, digits=3, significant=True)]
    grid = G.combos(sliders)
    small, large = float(p["small"]), float(p["large"])
    steps, target = int(p["steps"]), float(p["target"])
    rows = [(g["lr"], b) for g in grid for b in (small, g["momentum"], large)]  # three runs per point
    run = R.simulate(ravine, [r[0] for r in rows], [r[1] for r in rows], steps)
    positions, values = np.swapaxes(run.positions, 0, 1), run.values.T
    joint = theory.optimal_momentum(*eig)
    points = []
    for i, g in enumerate(grid):
        mine = slice(3 * i, 3 * i + 3)
        betas = [small, g["momentum"], large]
        best = theory.best_beta(g["lr"], eig)
        data = {"kappa": ravine.kappa, "eigenvalues": eig, "lr": g["lr"], "lr_auto": False, "betas": betas,
                "best_beta": best, "middle_is_best": False,
                "converges": float(theory.momentum_rate_quadratic(g["lr"], best, eig)) < 1.0,
                "joint_optimum": (float(joint.alpha), float(joint.beta)),
                "rates": [float(theory.momentum_rate_quadratic(g["lr"], b, eig)) for b in betas],
                "steps": steps, "speed": float(p["speed"]), "start": np.asarray(ravine.start, dtype=float),
                "labels": S.run_labels(betas),
                **R.race_facts(positions[mine], values[mine], S.XLIM, S.YLIM, S.LOSS_TOP, target)}
        data["verdicts"] = S.verdicts(data)
        data["title"] = S.title(data)
        story = S.make_story(data)
        race_beat = next(b for b in story["beats"] if b["name"] == "race")
        numbers = R.step_numbers(data["labels"], data) + [
            G.number(f"{label}: verdict", verdict, verdict) for label, verdict in zip(data["labels"], data["verdicts"])
        ] + [G.number("fastest \u03b2 at this \u03b1 (theory)", fmt(best, 3), best)]
        points.append({"title": story["title"], "verdict": race_beat["caption"], "numbers": numbers,
                       "series": R.series(data, ("gd", "momentum", "accent"), data["labels"], S.LOSS_FLOOR)})
    panels = R.panels(ravine, steps, target, S.XLIM, S.YLIM, S.LOSS_FLOOR, S.LOSS_TOP, 10)
    return G.page("momentum-rate", steps, sliders, panels, points, speed=float(p["speed"]),
                  legend=[(f"\u03b2 = {small:g}", "gd"), ("\u03b2 from the slider", "momentum"),
                          (f"\u03b2 = {large:g}", "accent")],
                  note=f"f(x, y) = \u00bd(x\u00b2 + {ravine.kappa:g} y\u00b2); the dashed line is the target loss "
                       f"{target:g}. Every path is a real run of sim; the sliders snap to the {len(BETAS)} \u00d7 "
                       f"{len(lrs)} simulated values.")
