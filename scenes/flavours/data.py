"""Flavours's data: `make_data` runs `sim` and returns the arrays and words the scene shows; its length and outcome, and what moves at each moment."""
from __future__ import annotations

import numpy as np

from scenes.kit import contour as C, race
from scenes.kit.timeline import step_at
from scenes.flavours.story import LEAD, NAMES, make_story, title


NAME = "flavours"
XLIM, YLIM = (-3.0, 3.0), (-1.5, 1.5)
LOSS_FLOOR, LOSS_TOP = 1e-6, 1e2


def flavour_flags(momentum: float, dampening: float) -> list[dict]:
    """The keyword arguments of sim.SGD / torch's SGD step for each flavour, in NAMES order."""
    return [{}, {"momentum": momentum}, {"momentum": momentum, "nesterov": True},
            {"momentum": momentum, "dampening": dampening},
            {"momentum": momentum, "dampening": dampening, "nesterov": True}]


def update_lines(momentum: float = 0.0, dampening: float = 0.0, nesterov: bool = False) -> list[str]:
    """The update torch's SGD step performs with these flags (after the first step), as LaTeX lines:
    the buffer's update, then the step."""
    if momentum == 0:
        return [r"x \leftarrow x - \alpha g"]
    grad = r"(1-\tau)\,g" if dampening != 0 else "g"
    step = r"x \leftarrow x - \alpha\,(g + \mu b)" if nesterov else r"x \leftarrow x - \alpha b"
    return [rf"b \leftarrow \mu b + {grad}", step]


def update_tex(momentum: float = 0.0, dampening: float = 0.0, nesterov: bool = False) -> str:
    """`update_lines` on one line."""
    return r";\ \ ".join(update_lines(momentum, dampening, nesterov))


def make_data(p: dict) -> dict:
    """The four runs (same start, same α) with sim.SGD's torch semantics, and the contour lines."""
    from sim import SGD, landscapes, simulate

    ravine = landscapes.Ravine(kappa=float(p["kappa"]))
    lr = 1.0 / ravine.lam_max if p["lr"] is None else float(p["lr"])
    mu, tau = float(p["momentum"]), float(p["dampening"])
    flags = flavour_flags(mu, tau)
    steps = int(p["steps"])
    runs = [simulate(ravine, ravine.start, SGD(lr, strict=False, **f), steps) for f in flags]
    data = {
        "kappa": ravine.kappa,
        "lr": lr,
        "lr_auto": p["lr"] is None,
        "momentum": mu,
        "dampening": tau,
        "flags": flags,
        "formulas": [update_lines(**f) for f in flags],
        "steps": steps,
        "speed": float(p["speed"]),
        "raw_values": np.stack([r.values for r in runs]),
        "start": np.asarray(ravine.start, dtype=float),
        "labels": NAMES,
        **C.runs_data(ravine, runs, XLIM, YLIM, LOSS_TOP, float(p["target"]), 10),
    }
    data["off_map"] = [race.strays(r, XLIM, YLIM) for r in data["raw_positions"]]
    data["title"] = title(data)
    data["story"] = make_story(data)
    return data


def outcome(data: dict) -> dict:
    keys = ("plain", "heavy_ball", "nesterov", "dampening", "nesterov_dampening")
    return {
        "lr": data["lr"],
        "momentum": data["momentum"],
        "dampening": data["dampening"],
        "steps_to_target": race.numbers(NAMES, data["counts"]),
        "target": data["target"],
        **race.final_losses(keys, data["raw_values"]),
        "diverged": dict(zip(keys, data["diverged"])),
    }


def frame_state(data: dict, t: float) -> dict:
    """Everything that moves at time t: step, trails, balls, loss curves, which targets are reached."""
    return C.runs_state(data, step_at(t, data["steps"], data["speed"], LEAD), LOSS_FLOOR)
