"""momentum-rate's data: `make_data` runs `sim` and returns the arrays and words the scene shows; its length and outcome, and what moves at each moment."""
from __future__ import annotations

import numpy as np

from scenes.kit import contour as C, race
from scenes.kit.timeline import step_at
from scenes.momentum_rate.story import LEAD, make_story, run_labels, title, verdicts


NAME = "momentum-rate"
XLIM, YLIM = (-3.0, 3.0), (-1.5, 1.5)
LOSS_FLOOR, LOSS_TOP = 1e-6, 1e2


def make_data(p: dict) -> dict:
    """The three runs (same start, same α, three βs), their losses and the ravine's contour lines."""
    from sim import SGD, landscapes, simulate, theory

    ravine = landscapes.Ravine(kappa=float(p["kappa"]))
    eig = np.array([ravine.lam_min, ravine.lam_max])
    lr = 1.0 / ravine.lam_max if p["lr"] is None else float(p["lr"])
    best = theory.best_beta(lr, eig)
    converges = float(theory.momentum_rate_quadratic(lr, best, eig)) < 1.0
    betas = [float(p["small"]), best if p["momentum"] is None else float(p["momentum"]), float(p["large"])]
    steps = int(p["steps"])
    runs = [simulate(ravine, ravine.start, SGD(lr, momentum=b), steps) for b in betas]
    joint = theory.optimal_momentum(*eig)
    data = {
        "kappa": ravine.kappa,
        "eigenvalues": eig,
        "lr": lr,
        "lr_auto": p["lr"] is None,
        "betas": betas,
        "best_beta": best,
        "middle_is_best": p["momentum"] is None,
        "converges": converges,
        "joint_optimum": (float(joint.alpha), float(joint.beta)),
        "rates": [float(theory.momentum_rate_quadratic(lr, b, eig)) for b in betas],
        "steps": steps,
        "speed": float(p["speed"]),
        "start": np.asarray(ravine.start, dtype=float),
        "labels": run_labels(betas),
        "raw_values": np.stack([r.values for r in runs]),
        **C.runs_data(ravine, runs, XLIM, YLIM, LOSS_TOP, float(p["target"]), 10),
    }
    data["verdicts"] = verdicts(data)
    data["off_map"] = [race.strays(r, XLIM, YLIM) for r in data["raw_positions"]]
    data["title"] = title(data)
    data["story"] = make_story(data)
    return data


def outcome(data: dict) -> dict:
    names = ("small", "middle", "large")
    return {
        "lr": data["lr"],
        "betas": dict(zip(names, data["betas"])),
        "best_beta": data["best_beta"],
        "steps_to_target": race.numbers(data["labels"], data["counts"]),
        "target": data["target"],
        "theory_rates": dict(zip(names, data["rates"])),
        "diverged": dict(zip(names, data["diverged"])),
        **race.final_losses(names, data["raw_values"]),
    }


def frame_state(data: dict, t: float) -> dict:
    """Everything that moves at time t: step, trails, balls, loss curves, which targets are reached."""
    return C.runs_state(data, step_at(t, data["steps"], data["speed"], LEAD), LOSS_FLOOR)
