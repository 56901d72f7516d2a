"""Momentum rate: too little momentum is slow, the right amount is fast, too much overshoots.

Three balls roll down the same ravine f(x, y) = ½ (λmin x² + λmax y²) with the same step α and the
heavy-ball update v ← βv + ∇f, x ← x − αv, differing only in β. With a small β the ball drops to the
valley floor and then crawls along it; with β* the ball runs to the minimum; with a large β it builds so
much speed that it overshoots the minimum and swings back and forth around it.

β* is the β that sim.theory's closed forms say is fastest for this α: the one that minimises the
worst-case rate max over λ in {λmin, λmax} of the heavy ball's spectral radius. For α ≤ 1/λmax it is
the critical damping of the long axis, β* = (1 − √(αλmin))². (sim.theory.optimal_momentum's β is the
best when α is tuned too; at that larger α plain gradient descent and small β diverge, so the three
panels share a smaller α.) The loss panel below plots each run's loss per step on a log scale.

    python render.py momentum-rate
    python render.py momentum-rate --set small=0.4 --set large=0.95
    manim -ql scenes/momentum_rate/manim.py MomentumRateScene
"""
from __future__ import annotations

from scenes.momentum_rate import web as momentum_rate_web
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.kit.registry import lazy
from scenes.momentum_rate.story import duration
from scenes.momentum_rate.data import NAME, make_data, outcome
from scenes.momentum_rate.layout import FLOW
from scenes.momentum_rate.mpl import draw_mpl


PARAMS = (
    Param("kappa", "float", 30.0, "condition number lambda_max / lambda_min of the ravine", 4.0, 100.0),
    Param("lr", "float", None, "learning rate alpha shared by the three runs (auto: 1 / lambda_max)",
          1e-3, 0.5),
    Param("small", "float", 0.2, "momentum beta of the left panel (too small)", 0.0, 0.99),
    Param("momentum", "float", None, "momentum beta of the middle panel (auto: beta*, the fastest for "
          "this alpha, from theory)", 0.0, 0.99),
    Param("large", "float", 0.9, "momentum beta of the right panel (too large)", 0.0, 0.99),
    Param("steps", "int", 120, "optimizer steps shown", 20, 400),
    Param("speed", "float", 12.0, "optimizer steps per second of video", 2.0, 60.0),
    Param("target", "float", 1e-3, "loss level whose step count the table shows", 1e-5, 1.0),
)

SPEC = register(SceneSpec(
    name=NAME,
    description="The same ravine with too little, the best and too much momentum: slow, fast, overshooting",
    source=('Seed article: the newsletter post “A Visual and Intuitive Explanation to Momentum in '
            'Machine Learning”: too large a momentum overshoots, too small is slow.'),
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=lazy("scenes.momentum_rate.manim", "manim_scene"),
    outcome=outcome,
    examples=({"large": 0.7}, {"momentum": 0.0}, {"small": 0.0, "large": 0.99}),
    web=momentum_rate_web.build,
))
