"""Derivatives: how wiggly one weight's gradient is, point by point, and what ReLU and momentum do to it.

A two-neuron model ŷ = w₂·relu(w₁x) is trained by SGD on a small 1-D regression set, one step per data
point in order, with the loss L = (ŷ − y)²/2. The derivative it sees for w₁ is

    ∂L/∂w₁ = (ŷ − y) · w₂ · [w₁x > 0] · x

plotted four ways: the same model without the ReLU (ŷ = w₂w₁x, ∂L/∂w₁ = (ŷ − y)·w₂·x), with the
ReLU (exactly 0 wherever w₁x < 0), with the ReLU and momentum (the gradient seen while training with
momentum), and that run's momentum value v itself, an exponential moving average of the gradients:

    v ← β v + (1 − β) g,    w ← w − lr·v        (sim.EMAMomentum; plain runs use sim.SGD)

v swings far less than the derivative it averages. The data, the three models' current fits and their
mean loss over the data set are shown beside the curves.

    python render.py derivatives
    python render.py derivatives --set beta=0.8 --set points=100
    manim -ql scenes/derivatives/manim.py DerivativesScene
"""
from __future__ import annotations

from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.kit.registry import lazy
from scenes.derivatives.story import duration
from scenes.derivatives.data import NAME, make_data, outcome
from scenes.derivatives.layout import FLOW
from scenes.derivatives.mpl import draw_mpl


PARAMS = (
    Param("points", "int", 60, "data points, one SGD step each, in order", 10, 300),
    Param("lr", "float", 0.1, "learning rate of all three runs", 0.001, 0.2),
    Param("beta", "float", 0.9, "momentum beta of the momentum run (EMA form)", 0.0, 0.98),
    Param("noise", "float", 0.3, "standard deviation of the noise on y", 0.0, 1.0),
    Param("seed", "int", 0, "seed of the data set", 0, 10_000),
    Param("speed", "float", None, "data points per second of video (auto: the pass takes 9 s)", 1.0, 200.0),
)

SPEC = register(SceneSpec(
    name=NAME,
    description="dL/dw1 of a 2-neuron model per data point: without/with ReLU, with momentum, and the velocity",
    source=('Seed article: the forum post “What does Momentum look like” (momentum as an '
            'exponentially weighted moving average), the derivatives of one weight of a two-neuron '
            'model with and without ReLU and momentum.'),
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=lazy("scenes.derivatives.manim", "manim_scene"),
    outcome=outcome,
    examples=({"beta": 0.0}, {"lr": 0.01}),
))
