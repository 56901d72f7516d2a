"""Banana: momentum on the curved valley of Distill's hero figure ("Why Momentum Really Works", figure 1).

f(x, y) = (1 − x)² + 20(3y − x²)², minimum 0 at (1, 1/3). From the start (−1.21, 0.853) momentum
z ← βz + ∇f(w), w ← w − αz runs 150 steps over a contour map with log-spaced levels. The defaults are the
article's real ones, α = 0.003 and β = 0.74 (its labels say 0.02 and 0.99), and they are printed as they
are. Printed too: the curvature at the optimum (Hessian eigenvalues 1.383 and 520.62) and gradient
descent's stability limit there, α < 2/λmax ≈ 0.00384; the run's distance to the optimum and its loss.

    python render.py banana
    python render.py banana --set beta=0.99          # the article's label value: the path goes haywire
    python render.py banana --set beta=0 --set alpha=0.006
    manim -ql scenes/banana/manim.py BananaScene

Rooms: data (make_data, the runs), story (the words), layout (where things sit), mpl, manim, web (the page).
"""
from __future__ import annotations

import importlib

from scenes.banana import data, layout, mpl, web
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register

PARAMS = (
    Param("alpha", "float", 0.003, "step size alpha (the article's default; its label says 0.02)", 0.0, 0.006),
    Param("beta", "float", 0.74, "momentum beta (the article's default; its label says 0.99)", 0.0, 0.99),
    Param("x0", "float", -1.21, "start x, within the picture", -2.0, 2.0),
    Param("y0", "float", 0.853, "start y, within the picture", -0.2667, 1.0667),
    Param("steps", "int", 150, "momentum steps shown", 10, 400),
    Param("speed", "float", 25.0, "steps per second of video", 2.0, 100.0),
)

SPEC = register(SceneSpec(
    name=data.NAME,
    description="Distill's hero figure: momentum on a curved banana valley, at the article's real settings",
    source='Distill, Goh (2017), “Why Momentum Really Works”, figure 1, the hero figure.',
    params=PARAMS,
    make_data=data.make_data,
    duration=data.duration,
    draw_mpl=mpl.draw_mpl,
    # Imported on first use: the matplotlib path never loads Manim, and Manim's CLI may be loading that
    # module as this package is imported.
    manim_scene=lambda: importlib.import_module("scenes.banana.manim").manim_scene(),
    outcome=data.outcome,
    examples=({"beta": 0.99}, {"beta": 0.0}, {"beta": 0.0, "alpha": 0.006}, {"beta": 0.9}),
    notes=("x0 and y0 place the start inside the drawn window x in [-2, 2], y in [-0.2667, 1.0667]",),
    flow=layout.FLOW,
    web=web.build,
))
