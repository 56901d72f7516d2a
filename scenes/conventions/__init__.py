"""Conventions: the same "momentum 0.9" in the EMA form, PyTorch and Keras, on one gradient schedule.

Each optimizer is fed g = 1 for the first `drop_at` steps and g = 0.5 afterwards, while the learning
rate drops from lr to lr·lr_drop at the same step, and the step it actually takes, x_k − x_{k+1}, is
plotted (the runs and every word are made in `scenes.conventions.data`):

    EMA form        v ← β v + (1 − β) g,    x ← x − lr·v            (sim.EMAMomentum)
    PyTorch         b ← β b + g (b_1 = g_1), x ← x − lr·b           (sim.SGD, torch's rule)
    Keras           v ← β v − lr·g,          x ← x + v              (sim.Keras)

Steps grow in both the EMA and the heavy-ball form, as 1 − β^k: the EMA form is the heavy ball scaled by
(1 − β) (EMAMomentum(lr, β) = SGD(lr·(1 − β), β)), so its step levels off at the step fed, the heavy
ball's at 1/(1 − β) times it. Keras equals PyTorch only at a constant lr: it folds lr into its velocity,
PyTorch applies lr after, so after the drop Keras' step (8.67 at the defaults) dwarfs PyTorch's (0.91).

    python render.py conventions
    python render.py conventions --set beta=0.8 --set drop_at=20 --set lr_drop=1
    manim -ql scenes/conventions/manim.py ConventionsScene
"""
from __future__ import annotations

from scenes.conventions import web as conventions_web
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.kit.registry import lazy
from scenes.conventions.data import make_data
from scenes.conventions.layout import FLOW, NAME, duration, outcome
from scenes.conventions.mpl import draw_mpl


PARAMS = (
    Param("beta", "float", 0.9, "momentum beta, the same number in all three forms", 0.0, 0.95),
    Param("lr", "float", 1.0, "learning rate (the step fed is lr * g)", 0.01, 10.0),
    Param("drop_at", "int", 30, "steps with gradient 1 before it drops to 0.5", 2, 200),
    Param("lr_drop", "float", 0.1, "the learning rate is multiplied by this at drop_at (1: constant lr)",
          0.01, 1.0),
    Param("steps", "int", 60, "steps shown", 5, 400),
    Param("speed", "float", 6.0, "steps drawn per second of video", 1.0, 100.0),
)

SPEC = register(SceneSpec(
    name=NAME,
    description="Steps of 1 then 0.5 under the EMA, PyTorch and Keras forms, with an lr drop: both forms grow"
                " the steps, by a different scale; Keras leaves PyTorch at the drop",
    source=('Seed articles: the post “Understanding Momentum in Deep Learning” (v = m·v + g, Keras '
            'SGD(momentum=0.9)) and the forum post “What does Momentum look like” (momentum as an '
            'exponentially weighted moving average) (constant step 1, then 0.5).'),
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=lazy("scenes.conventions.manim", "manim_scene"),
    outcome=outcome,
    examples=({"lr_drop": 1.0}, {"beta": 0.0}, {"drop_at": 2}),
    notes=("drop_at must be below steps",),
    web=conventions_web.build,
))
