"""The momentum-rate page: three balls on the ravine, too little β, the β the slider picks, too much.

The left and right runs keep the scene's `small` and `large` β; the slider moves the middle one; κ runs
over condition numbers of f = ½(x² + κ y²) and α over fractions of 1/λmax for that κ. The runs of each κ
are one batched `sim.simulate` call. Per grid point the scene's own words (`scenes.momentum_rate.verdicts`,
`title`, `make_story`) say which β is fastest; the numbers are α, each run's steps until its loss stays
below the target, and theory's fastest β for the point's α (`sim.theory.best_beta`). The left and right
runs and the contour lines do not depend on the middle β: they are stored once per κ and α, and per κ.
"""
from __future__ import annotations

import numpy as np

from scenes.kit import grid_web as G
from scenes.kit import race_web as R
from scenes.kit.story import fmt

BETAS = tuple(round(0.05 * i, 2) for i in range(20))
LR_FRACTIONS = (0.25, 0.5, 0.75, 1.0)
KAPPAS = (10.0, 30.0, 100.0)


def build(p: dict) -> dict:
    from sim import landscapes, theory
    from scenes.momentum_rate import data as S_data, story as S_story

    kappa0 = float(p["kappa"])
    frac0 = 1.0 if p["lr"] is None else float(p["lr"]) * kappa0  # α λmax on the default ravine (λmin = 1)
    sliders = [G.slider("momentum", "middle ball's \u03b2", BETAS, theory.best_beta(frac0 / kappa0, np.array(
                            [1.0, kappa0])) if p["momentum"] is None else p["momentum"]),
               G.slider("lr_fraction", "\u03b1 \u00d7 \u03bb\u2098\u2090\u2093", LR_FRACTIONS, frac0, digits=3, significant=True),
               G.slider("kappa", "condition number \u03ba", KAPPAS, kappa0, digits=3, significant=True)]
    grid = G.combos(sliders)
    small, large = float(p["small"]), float(p["large"])
    steps, target = int(p["steps"]), float(p["target"])
    ravines = {k: landscapes.Ravine(kappa=k) for k in sliders[2]["values"]}
    runs = {}
    for k, ravine in ravines.items():  # one batch per κ, three runs per point
        mine = [g for g in grid if g["kappa"] == k]
        rows = [(g["lr_fraction"] / ravine.lam_max, b) for g in mine for b in (small, g["momentum"], large)]
        run = R.simulate(ravine, [r[0] for r in rows], [r[1] for r in rows], steps)
        positions, values = np.swapaxes(run.positions, 0, 1), run.values.T
        for i, g in enumerate(mine):
            runs[g["momentum"], g["lr_fraction"], k] = (rows[3 * i][0], positions[3 * i:3 * i + 3],
                                                        values[3 * i:3 * i + 3])
    shared, points = G.Shared(), []
    layers = {k: [shared.ref(("contour", k, j), lambda c=c: c) for j, c in enumerate(R.contours(r, S_data.XLIM, S_data.YLIM, 10))]
              for k, r in ravines.items()}
    for g in grid:
        ravine = ravines[g["kappa"]]
        lr, positions, values = runs[g["momentum"], g["lr_fraction"], g["kappa"]]
        eig = np.array([ravine.lam_min, ravine.lam_max])
        joint = theory.optimal_momentum(*eig)
        betas = [small, g["momentum"], large]
        best = theory.best_beta(lr, eig)
        data = {"kappa": ravine.kappa, "eigenvalues": eig, "lr": lr, "lr_auto": False, "betas": betas,
                "best_beta": best, "middle_is_best": False,
                "converges": float(theory.momentum_rate_quadratic(lr, best, eig)) < 1.0,
                "joint_optimum": (float(joint.alpha), float(joint.beta)),
                "rates": [float(theory.momentum_rate_quadratic(lr, b, eig)) for b in betas],
                "steps": steps, "speed": float(p["speed"]), "start": np.asarray(ravine.start, dtype=float),
                "labels": S_story.run_labels(betas),
                **R.race_facts(positions, values, S_data.XLIM, S_data.YLIM, S_data.LOSS_TOP, target)}
        data["verdicts"] = S_story.verdicts(data)
        data["title"] = S_story.title(data)
        story = S_story.make_story(data)
        race_beat = next(b for b in story["beats"] if b["name"] == "race")
        numbers = [G.number("learning rate \u03b1", fmt(lr, 4), lr)] + R.step_numbers(data["labels"], data) + [
            G.number(f"{label}: verdict", verdict, verdict) for label, verdict in zip(data["labels"], data["verdicts"])
        ] + [G.number("fastest \u03b2 at this \u03b1 (theory)", fmt(best, 3), best)]
        drawn = R.series(data, ("gd", "momentum", "accent"), data["labels"], S_data.LOSS_FLOOR)
        series = [shared.ref((side, g["lr_fraction"], g["kappa"], j), lambda s=s: s)
                  for side, pair in (("small", drawn[0:2]), ("large", drawn[4:6])) for j, s in enumerate(pair)]
        points.append({"title": story["title"], "verdict": race_beat["caption"], "numbers": numbers,
                       "series": series[:2] + drawn[2:4] + series[2:], "layers": layers[g["kappa"]]})
    panels = R.panels(None, steps, target, S_data.XLIM, S_data.YLIM, S_data.LOSS_FLOOR, S_data.LOSS_TOP, 10)
    return G.page("momentum-rate", steps, sliders, panels, points, speed=float(p["speed"]), shared=shared,
                  legend=[(f"\u03b2 = {small:g}", "gd"), ("\u03b2 from the slider", "momentum"),
                          (f"\u03b2 = {large:g}", "accent")],
                  note=f"f(x, y) = \u00bd(x\u00b2 + \u03ba y\u00b2); the dashed line is the target loss {target:g}. "
                       "Every path is a real run of sim; the sliders snap to the "
                       + " \u00d7 ".join(str(len(s["values"])) for s in sliders) + " simulated values.")
