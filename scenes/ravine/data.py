"""Ravine's data: `make_data` runs `sim` and returns the arrays and words the scene shows; its length and outcome, and what moves at each moment."""
from __future__ import annotations

import numpy as np

from scenes.kit import contour as C, race
from scenes.kit.timeline import step_at
from scenes.ravine.story import LEAD, make_story, title


NAME = "ravine"
XLIM, YLIM = (-3.0, 3.0), (-1.5, 1.5)
LOSS_FLOOR, LOSS_TOP = 1e-6, 1e3

FORMULAS = (r"x \leftarrow x - \alpha\,\nabla f(x)",
            r"v \leftarrow \beta v + \nabla f(x);\ \ x \leftarrow x - \alpha v")


def make_data(p: dict) -> dict:
    """Both runs from the same start, their losses, and the ravine's contour lines."""
    from sim import SGD, landscapes, simulate, theory

    ravine = landscapes.Ravine(kappa=float(p["kappa"]))
    eig = np.array([ravine.lam_min, ravine.lam_max])
    lr = float(theory.optimal_gd(*eig).alpha) if p["lr"] is None else float(p["lr"])
    beta = theory.best_beta(lr, eig) if p["momentum"] is None else float(p["momentum"])
    steps = int(p["steps"])
    runs = [simulate(ravine, ravine.start, SGD(lr), steps),
            simulate(ravine, ravine.start, SGD(lr, momentum=beta), steps)]
    data = {
        "kappa": ravine.kappa,
        "eigenvalues": eig,
        "lr": lr,
        "beta": beta,
        "lr_auto": p["lr"] is None,
        # β*(α) is only worth the name if some β converges at this α.
        "beta_auto": p["momentum"] is None and float(theory.momentum_rate_quadratic(lr, beta, eig)) < 1.0,
        "rates": (float(theory.gd_rate_quadratic(lr, eig)), float(theory.momentum_rate_quadratic(lr, beta, eig))),
        "steps": steps,
        "speed": float(p["speed"]),
        "start": np.asarray(ravine.start, dtype=float),
        "formulas": FORMULAS,
        "labels": ("gradient descent", "momentum"),
        "raw_values": np.stack([r.values for r in runs]),
        **C.runs_data(ravine, runs, XLIM, YLIM, LOSS_TOP, float(p["target"]), 12),
    }
    data["off_map"] = [race.strays(r, XLIM, YLIM) for r in data["raw_positions"]]
    data["title"] = title(data)
    data["story"] = make_story(data)
    return data


def outcome(data: dict) -> dict:
    names = ("gradient_descent", "momentum")
    return {
        "lr": data["lr"],
        "beta": data["beta"],
        "kappa": data["kappa"],
        "steps_to_target": race.numbers(data["labels"], data["counts"]),
        "target": data["target"],
        **race.final_losses(names, data["raw_values"]),
        "diverged": dict(zip(names, data["diverged"])),
    }


def frame_state(data: dict, t: float) -> dict:
    """Everything that moves at time t: step, trails, balls, loss curves, which targets are reached."""
    return C.runs_state(data, step_at(t, data["steps"], data["speed"], LEAD), LOSS_FLOOR)
