"""Ravine: why plain gradient descent zig-zags where momentum runs along the valley floor.

The landscape is the quadratic f(x, y) = ½ (λmin x² + λmax y²) with condition number κ = λmax / λmin:
a long, narrow valley. Gradient descent x ← x − α∇f at its best fixed step α = 2 / (λmin + λmax)
overshoots across the steep walls at every step (the y coordinate flips sign) and creeps along the floor
at the rate (κ − 1) / (κ + 1) per step. Momentum with the same α, v ← βv + ∇f, x ← x − αv, averages the
alternating steep gradients away and builds speed along the floor; β defaults to the value that the
closed-form rates (sim.theory) say is fastest for this α. The panel on the right plots the loss per step
on a log scale: momentum reaches the target loss in a fraction of the steps.

    python render.py ravine
    python render.py ravine --set kappa=60 --set momentum=0.8
    manim -ql scenes/ravine/manim.py RavineScene
"""
from __future__ import annotations

from scenes.ravine import web as ravine_web
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.kit.registry import lazy
from scenes.ravine.story import duration
from scenes.ravine.data import NAME, make_data, outcome
from scenes.ravine.layout import FLOW
from scenes.ravine.mpl import draw_mpl


PARAMS = (
    Param("kappa", "float", 30.0, "condition number lambda_max / lambda_min of the ravine", 4.0, 100.0),
    Param("lr", "float", None, "learning rate alpha of both runs (auto: 2 / (lambda_min + lambda_max), "
          "the best step for plain gradient descent)", 1e-3, 0.5),
    Param("momentum", "float", None, "momentum beta (auto: the fastest beta for this alpha, from theory)",
          0.0, 0.99),
    Param("steps", "int", 100, "optimizer steps shown", 20, 400),
    Param("speed", "float", 12.0, "optimizer steps per second of video", 2.0, 60.0),
    Param("target", "float", 1e-3, "loss level marked on the loss panel", 1e-5, 1.0),
)

SPEC = register(SceneSpec(
    name=NAME,
    description="A narrow ravine: gradient descent zig-zags across it; momentum, at its best beta, zig-zags too "
                "but reaches the floor's minimum first",
    source=('Seed article: the newsletter post “A Visual and Intuitive Explanation to Momentum in '
            'Machine Learning”, gradient descent zig-zagging across a ravine; and Distill, Goh '
            '(2017), “Why Momentum Really Works”, figure 2 (the eigenbasis).'),
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=lazy("scenes.ravine.manim", "manim_scene"),
    outcome=outcome,
    examples=({"momentum": 0.0}, {"lr": 0.1}, {"momentum": 0.95}),
    web=ravine_web.build,
))
