"""Decay: how much a past gradient still counts in the momentum buffer — β^i, i steps later.

Unrolling the heavy-ball buffer v ← βv + g from v_0 = 0 gives

    v_t = g_t + β g_{t−1} + β² g_{t−2} + … = Σ_i β^i g_{t−i}

so the gradient from i steps back carries weight β^i. The bars are those weights for two values of β;
the dots on top are a real run of the buffer (`sim.SGD`, torch's rule) fed one gradient of 1 and then
zeros, read i steps later: the same numbers. The weights add up to 1/(1−β), the area of the dashed box
(1/(1−β) steps of full weight): the effective window, and the factor by which a steady gradient is
scaled up.

    python render.py decay
    python render.py decay --set beta_left=0.5 --set beta_right=0.95 --set bars=50
    manim -ql scenes/decay/manim.py DecayScene
"""
from __future__ import annotations

from scenes.decay import web as decay_web
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.kit.registry import lazy
from scenes.decay.data import NAME, duration, make_data, outcome
from scenes.decay.layout import FLOW
from scenes.decay.mpl import draw_mpl


PARAMS = (
    Param("beta_left", "float", 0.6, "momentum beta of the left panel", 0.0, 0.95),
    Param("beta_right", "float", 0.9, "momentum beta of the right panel", 0.0, 0.95),
    Param("bars", "int", 30, "number of past steps i = 0..bars-1 shown", 5, 60),
    Param("speed", "float", 4.0, "bars grown per second of video", 1.0, 60.0),
)

SPEC = register(SceneSpec(
    name=NAME,
    description="The weights beta^i on past gradients, for two betas; they sum to 1/(1-beta)",
    source=('Seed article: the how-to “Momentum for Deep Learning Made Easy (How-To)”, the decay of'
            ' momentum^i.'),
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=lazy("scenes.decay.manim", "manim_scene"),
    outcome=outcome,
    examples=({"beta_left": 0.3, "beta_right": 0.95}, {"beta_left": 0.0, "beta_right": 0.0}),
    web=decay_web.build,
))
