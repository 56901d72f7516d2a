"""Escape: speed carries momentum through the shallow well and over the ridge; from rest inside, it stays.

The landscape has two wells, f(x, y) = (x² − 1)² + t x + ½ k y² (sim.landscapes.DoubleWell, tilt
t = 0.5): a shallow one near x = +0.93 (f = 0.48) and a deep one near x = −1.06 (f = −0.51), with a ridge
between them at x = 0.13 (f = 1.03). Gradient descent, x ← x − α∇f(x), and the heavy ball,
v ← βv + ∇f(x), x ← x − αv (torch's SGD: the first v is the gradient), run from two starts, side by side:

* left, high on the far slope (f(start) above the ridge's value): gradient descent only goes downhill and
  settles in the shallow well; the heavy ball gathers speed on the way down, rolls into the shallow well
  (its path enters the basin {x > x_ridge, f < f_ridge}) and, with the speed it still has, on over the
  ridge into the deep well;
* right, inside the shallow well's basin (f(start) below the ridge's value): neither gets out. Each step of
  gradient descent lowers f, so it cannot climb the ridge, and the heavy ball starts with no speed.

Which well each run ends in, and its final f, are computed (scenes.escape.story), so the words follow the
outcome: with `--set momentum=0.3` both balls stay in the shallow well from both starts, and the title says
so. At the end each run's line prints the value it reached.

    python render.py escape
    python render.py escape --set momentum=0.3
    manim -ql scenes/escape/manim.py EscapeScene
"""
from __future__ import annotations

from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.kit.registry import lazy
from scenes.escape.data import NAME, duration, make_data, outcome
from scenes.escape.layout import FLOW
from scenes.escape.mpl import draw_mpl


PARAMS = (
    Param("lr", "float", 0.02, "learning rate alpha of all runs", 0.002, 0.05),
    Param("momentum", "float", 0.9, "momentum beta of the momentum runs", 0.0, 0.95),
    Param("steps", "int", 120, "optimizer steps shown", 20, 600),
    Param("speed", "float", 16.0, "optimizer steps per second of video", 2.0, 60.0),
    Param("slow", "int", 20, "the first steps, shown at a quarter of the speed so the escape can be followed",
          0, 200),
    Param("start_x", "float", 1.8, "left panel's start, x (on the far slope, above the ridge)", 1.35, 1.95),
    Param("start_y", "float", 0.3, "left panel's start, y", -1.1, 1.1),
    # Every (inside_x, inside_y) in these bounds lies in the shallow well's basin (f below the ridge's).
    Param("inside_x", "float", 1.2, "right panel's start, x (inside the shallow well)", 0.5, 1.2),
    Param("inside_y", "float", 0.3, "right panel's start, y", -0.4, 0.4),
)

SPEC = register(SceneSpec(
    name=NAME,
    description="Two wells: from high up, momentum rolls through the shallow one into the deep one; from "
                "inside the shallow one, it stays",
    source=('Seed article: the post “Understanding Momentum in Deep Learning”, momentum helping to '
            'escape a local minimum.'),
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=lazy("scenes.escape.manim", "manim_scene"),
    outcome=outcome,
    examples=({"momentum": 0.3}, {"start_y": 1.1}),
))
