"""Valley: why momentum gets over a bump that stops plain gradient descent.

Two balls start on the left rim of a valley with a small bump on its slope. Plain gradient descent
follows the slope, and the slope vanishes in the dip before the bump: it stops there, in a local
minimum. With momentum, the velocity built up on the way down carries the ball over the bump and it
settles at the bottom. The arrow on the momentum ball is its velocity, scaled: the step it has just
taken (x_k - x_{k-1} = -lr b_k with torch's buffer b; for the toy rule, -v_k, whose sign decided that
step). Title, legend and end labels say what the run did (`scenes.valley.story`): with a small beta,
or the article's toy rule below its threshold (beta of about 0.4721, see `ball-view`), momentum stops
at the bump too, and with a large lr plain gradient descent crosses it as well.

`--set experiment=article` replays the how-to article's own experiment instead (seed 003): its sampled
valley, its toy rule (step one grid point to the right while the EMA velocity is negative) and
momentum 0.6 by default.

    python render.py valley
    python render.py valley --set experiment=article
    manim -ql scenes/valley/manim.py ValleyScene
"""
from __future__ import annotations

from scenes.valley import web as valley_web
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.kit.registry import lazy
from scenes.valley.data import NAME, make_data, outcome
from scenes.valley.story import duration
from scenes.valley.layout import FLOW
from scenes.valley.mpl import draw_mpl


PARAMS = (
    Param("experiment", "choice", "smooth",
          "smooth: real gradient descent on a smooth valley; article: the article's grid and toy rule",
          choices=("smooth", "article")),
    Param("lr", "float", None, "learning rate alpha (auto: 0.4; unused by the article's toy rule)", 1e-4, 1.0),
    Param("momentum", "float", None, "momentum beta (auto: 0.9 smooth, 0.6 article)", 0.0, 0.99),
    Param("steps", "int", 120, "optimizer steps shown", 10, 2000),
    Param("speed", "float", 12.0, "optimizer steps per second of video", 1.0, 120.0),
    Param("start", "float", 0.0, "start point on the x axis (smooth valley)", 0.0, 0.15),
)

SPEC = register(SceneSpec(
    name=NAME,
    description="A ball in a bumped valley: gradient descent sticks at the bump, momentum rolls over it",
    source=('Seed article: the how-to “Momentum for Deep Learning Made Easy (How-To)”, its ball in '
            'a valley with a bump (y = 0.2(x − 0.5)², y[25] += 0.002).'),
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    manim_scene=lazy("scenes.valley.manim", "manim_scene"),
    outcome=outcome,
    flow=FLOW,
    examples=({"momentum": 0.3}, {"lr": 0.8}, {"experiment": "article", "momentum": 0.3},
              {"experiment": "article", "momentum": 0.99}, {"experiment": "article", "steps": 10}),
    notes=("the article's toy rule ignores lr and start; its momentum crosses the bump only above "
           "beta of about 0.4721 (ball-view computes the threshold)",),
    web=valley_web.build,
))
