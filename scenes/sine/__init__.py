"""Sine: momentum is an exponential moving average, and an average of a wave is a smaller, later wave.

The EMA of s_t = sin(x_t), x_t = t·Δx, is drawn sample by sample as it is computed:

    v_t = β v_{t−1} + (1 − β) s_t,    v_0 = 0

Once the start-up transient has died away, v_t is the same sine scaled by the gain |H| and delayed by
the lag −arg H / ω samples, where H(ω) = (1 − β) / (1 − β e^{−iω}) and ω = Δx per sample (see
`sim.theory.ema_response`). Both numbers are annotated on a peak. With `bias_correction=true` the curve
v_t / (1 − β^t) is added: it removes the pull towards v_0 = 0 at the start and changes nothing later.

    python render.py sine
    python render.py sine --set beta=0.95 --set bias_correction=true
    manim -ql scenes/sine/manim.py SineScene
"""
from __future__ import annotations

from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.sine import web as sine_web
from scenes.kit.registry import lazy
from scenes.sine.data import NAME, duration, make_data, outcome
from scenes.sine.layout import FLOW
from scenes.sine.mpl import draw_mpl


PARAMS = (
    Param("beta", "float", 0.9, "EMA coefficient beta (weight on the previous average)", 0.0, 0.98),
    Param("dx", "float", 0.1, "sampling step of x in radians: the sine advances dx per sample", 0.02, 0.5),
    Param("periods", "float", 3.0, "periods of sin(x) shown", 1.0, 8.0),
    Param("bias_correction", "bool", False, "also draw the bias-corrected average v_t / (1 - beta^t)"),
    Param("speed", "float", None, "samples drawn per second of video (auto: the curve takes 9 s)", 1.0, 1000.0),
)

SPEC = register(SceneSpec(
    name=NAME,
    description="The EMA of sin(x), drawn as it is computed: a smaller, later sine (gain and lag from theory)",
    source=('Seed article: the forum post “What does Momentum look like” (momentum as an '
            'exponentially weighted moving average), the EMA of y = sin(x) with β = 0.9.'),
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=lazy("scenes.sine.manim", "manim_scene"),
    outcome=outcome,
    examples=({"bias_correction": True}, {"beta": 0.0}, {"beta": 0.98, "dx": 0.05, "periods": 2.0}),
    web=sine_web.build,
))
