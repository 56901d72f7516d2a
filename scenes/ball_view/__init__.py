"""Ball view: the valley as momentum "sees" it, and how the bump fades as beta grows.

Momentum does not follow the slope under the ball; it follows a moving average of the slopes it has
met. Take the slopes of the sampled valley cell by cell, average them the way momentum does, and add
the averaged slopes back up: the result is the curve the ball effectively rolls on. With beta = 0 it is
the valley itself, bump included. As beta grows the one uphill cell is averaged with the downhill
cells before it, the uphill part shrinks, and above a threshold beta* the curve runs downhill all the
way to the bottom: there is no bump left to stop the ball. For the article's valley, bisection puts
beta* at 0.472113 (at beta = 0.47 a bump of 4.5e-6 is still there); the scene prints it rounded up,
"gone for every beta >= 0.47212", and checks that the article's toy ball (sim.toy_roll) crosses for
exactly the same betas (`scenes.ball_view.story`).

    g_i = (f(x_{i+1}) - f(x_i)) / dx                  slope of cell i
    v_i = beta v_{i-1} + (1 - beta) g_i,  v_{-1} = 0   the smoothed slope (sim.ema)
    F(x_0) = f(x_0),  F(x_{i+1}) = F(x_i) + v_i dx      the curve the ball sees

The clock sweeps beta from 0 to `beta_max`; the curves are computed on a grid of betas 0.01 apart and
interpolated in between; the printed bump height is computed exactly at the shown beta. The lower
panel shows the raw and the smoothed slopes.

    python render.py ball-view
    python render.py ball-view --set valley=smooth
    manim -ql scenes/ball_view/manim.py BallViewScene
"""
from __future__ import annotations

from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.kit.registry import lazy
from scenes.ball_view.mpl import draw_mpl
from scenes.ball_view.data import NAME, duration, make_data, outcome
from scenes.ball_view.layout import FLOW


PARAMS = (
    Param("valley", "choice", "sampled",
          "sampled: the article's grid, y = 0.2(x-0.5)^2 with y[25] += 2e-3; smooth: a Gaussian bump sampled "
          "on the same grid", choices=("sampled", "smooth")),
    Param("beta_max", "float", 0.9, "largest momentum beta of the sweep", 0.1, 0.99),
    Param("seconds", "float", 9.0, "seconds the sweep of beta from 0 to beta_max takes", 3.0, 30.0),
)

SPEC = register(SceneSpec(
    name=NAME,
    description="The curve momentum sees: slopes averaged with beta and summed back up; the bump fades as beta grows",
    source=('Seed article: the how-to “Momentum for Deep Learning Made Easy (How-To)”, its “what '
            'the ball sees” smoothed curve.'),
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=lazy("scenes.ball_view.manim", "manim_scene"),
    outcome=outcome,
    examples=({"beta_max": 0.3}, {"beta_max": 0.47}, {"valley": "smooth", "beta_max": 0.6}),
))
