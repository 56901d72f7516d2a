"""Flavours: plain SGD, heavy ball, Nesterov, dampening and both, as torch's SGD step computes them.

Five runs of `torch.optim.SGD`'s update (sim.SGD reproduces it exactly) start from the same point of
the ravine f(x, y) = ½ (λmin x² + λmax y²), with g = ∇f(x), learning rate α, momentum μ, dampening τ:

    plain SGD             x ← x − α g
    heavy ball            b ← μ b + g,            x ← x − α b
    Nesterov              b ← μ b + g,            x ← x − α (g + μ b)
    dampening             b ← μ b + (1 − τ) g,    x ← x − α b
    Nesterov + dampening  b ← μ b + (1 − τ) g,    x ← x − α (g + μ b)

(on the first step torch sets b ← g, undamped). The last is the seed article's "g + μ(μb + (1 − τ)g)":
torch's functional step (torch.optim.sgd.sgd) computes it, although the torch.optim.SGD constructor
refuses the pair. Each panel shows one run on the contours; the loss panel plots all five per step on
a log scale, and the table ranks them by the step from which their loss stays below the target. Nesterov's look-ahead, g + μb, damps the heavy ball's
swings across the ravine; dampening scales the buffer's input by (1 − τ), so its top speed on a
steady slope is (1 − τ) / (1 − μ) gradients per step instead of 1 / (1 − μ).

    python render.py flavours
    python render.py flavours --set momentum=0.8 --set dampening=0.3
    manim -ql scenes/flavours/manim.py FlavoursScene
"""
from __future__ import annotations

from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.kit.registry import lazy
from scenes.flavours.story import duration
from scenes.flavours.data import NAME, make_data, outcome
from scenes.flavours.layout import FLOW
from scenes.flavours.mpl import draw_mpl


PARAMS = (
    Param("kappa", "float", 30.0, "condition number lambda_max / lambda_min of the ravine", 4.0, 100.0),
    Param("lr", "float", None, "learning rate alpha of all four runs (auto: 1 / lambda_max)", 1e-3, 0.5),
    Param("momentum", "float", 0.9, "momentum mu of the three momentum flavours", 0.05, 0.99),
    Param("dampening", "float", 0.5, "dampening tau of the last two runs", 0.0, 1.0),
    Param("steps", "int", 120, "optimizer steps shown", 20, 400),
    Param("speed", "float", 12.0, "optimizer steps per second of video", 2.0, 60.0),
    Param("target", "float", 1e-3, "loss level whose step count the table shows", 1e-5, 1.0),
)

SPEC = register(SceneSpec(
    name=NAME,
    description="Plain SGD, heavy ball, Nesterov, dampening and Nesterov with dampening, with torch's SGD "
                "update rules",
    source=('Seed article: the how-to “Momentum for Deep Learning Made Easy (How-To)”, Nesterov and'
            ' dampening.'),
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=lazy("scenes.flavours.manim", "manim_scene"),
    outcome=outcome,
    examples=({"momentum": 0.5}, {"lr": 0.06}, {"dampening": 1.0}),
))
