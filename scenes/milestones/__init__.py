"""Milestones: the error of gradient descent and momentum, eigencomponent by eigencomponent (after Goh,
"Why Momentum Really Works", Distill 2017, figures 3 and 12).

On f = ½ Σ λᵢ xᵢ² with λ = (0.01, 0.1, 1), every component starting with loss ½, the heavy ball
z ← βz + ∇f(w), w ← w − αz moves each component on its own. The picture stacks the three components' losses
as bars over 150 steps and, above them, runs one lane per component to the last step where its loss is
above 0.01 (an arrowhead where it is still above at the end). The runs: gradient descent at its best step
2/(λ₁ + λₙ), momentum at its optimal α and β, or the reader's α·λₙ and β. The words say which component
dominates at the end (gradient descent's best step ends with λ₁ and λₙ tied), when each one last exceeds
0.01, and both rates; past αλₙ = 2 + 2β the run diverges, and on that line λₙ oscillates forever.

Rooms: `data` (make_data, the only place `sim` is called), `story` (the words), `mpl` and `manim` (the
drawing), `web` (the page's grid), `layout` (the design canvas and its reflow).

    python render.py milestones
    python render.py milestones --set run=gd
    python render.py milestones --set run=custom --set alpha_lambda=3 --set beta=0.5
"""
from __future__ import annotations

import sys

from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.milestones import data as _data, web as _web
from scenes.milestones.layout import FLOW
from scenes.milestones.mpl import draw_mpl


def manim_scene():
    from scenes.milestones.manim import manim_scene as build

    return build()


SPEC = register(SceneSpec(
    name=_data.NAME,
    description="Per-component loss bars of gradient descent and momentum on three eigenvalues, with the "
                "last step each is above 0.01",
    source=('Distill, Goh (2017), “Why Momentum Really Works”, figures 3 and 12, the milestones of '
            'gradient descent and of momentum per eigencomponent.'),
    params=(
        Param("run", "choice", "momentum", "the run: momentum or gradient descent at its optimum, or custom "
              "(alpha_lambda and beta)", choices=_data.RUNS),
        Param("alpha_lambda", "float", None, "custom run: step size times the largest eigenvalue, alpha*lambda_n "
              "(auto: momentum's optimum 400/121)", 0.01, 4.0),
        Param("beta", "float", None, "custom run: momentum beta (auto: momentum's optimum 81/121)", 0.0, 0.99),
        Param("speed", "float", 30.0, "steps per second of video", 5.0, 150.0),
    ),
    make_data=_data.make_data,
    duration=_data.duration,
    draw_mpl=draw_mpl,
    manim_scene=manim_scene,
    outcome=_data.outcome,
    flow=FLOW,
    examples=({"run": "gd"}, {"run": "custom", "alpha_lambda": 1.0, "beta": 0.0},
              {"run": "custom", "alpha_lambda": 3.0, "beta": 0.5}, {"run": "custom", "alpha_lambda": 3.9, "beta": 0.9},
              {"run": "custom", "alpha_lambda": 0.5, "beta": 0.9}),
    notes=("alpha_lambda and beta need run=custom; an unset one of them takes momentum's optimum",
           "alpha_lambda above 2 + 2*beta diverges, and on that line the largest component oscillates forever"),
    web=_web.build,
))

if "manim" in sys.modules and __name__ != "scenes.milestones":  # pragma: no cover
    MilestonesScene = manim_scene()
