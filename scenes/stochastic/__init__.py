"""Stochastic: the transient phase and the fine-tuning phase (after Goh, "Why Momentum Really Works",
Distill 2017, figure 21).

On f = ½x² from x⁰ = √3, every gradient carries noise 3·N(0, 1). The heavy ball y ← βy + x + 3ξ,
x ← x − αy has an expected loss that is, in closed form, a deterministic part ½(E xᵏ)², which decays, plus
a noise part ½ Var xᵏ, which is 0 at step 0 and grows to a floor. Both are drawn as stacked bars, step by
step, with the boundary between the transient phase (the deterministic part leads) and fine-tuning (the
noise part leads). Over them lies the mean of many seeded runs, computed with `sim.sweep`, and one of
those runs is drawn as dots. The words say where the phases change, the floor, and how many standard
errors the Monte-Carlo mean lies from the closed form.

Rooms: `data` (make_data, the only place `sim` is called), `story` (the words), `layout` (where things
sit, and the reflow), `mpl` and `manim` (the drawing), `web` (the page's grid).

    python render.py stochastic
    python render.py stochastic --set alpha=0.003 --set beta=0.9
    python render.py stochastic --set alpha=0.5 --set beta=0
"""
from __future__ import annotations

import importlib

from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.stochastic import data as _data, layout as _layout, mpl as _mpl, web as _web

SPEC = register(SceneSpec(
    name=_data.NAME,
    description="Momentum with noisy gradients: the expected loss split into its deterministic and noise "
                "parts, the transient and fine-tuning phases, and a seeded Monte-Carlo mean on the closed form",
    source='Distill, Goh (2017), \u201cWhy Momentum Really Works\u201d, figure 21.',
    params=(
        Param("alpha", "float", 4.0 / 121.0, "step size alpha (the article's optimum for eigenvalues 1 to 100, "
              "400/121 over 100)", 0.001, 1.0),
        Param("beta", "float", 81.0 / 121.0, "momentum beta (the article's optimum, 81/121)", 0.0, 0.99),
        Param("runs", "int", 10_000, "Monte-Carlo runs averaged", 100, 10_000),
        Param("seed", "int", 0, "seed of the runs' noise", 0, 10_000),
        Param("speed", "float", 30.0, "steps per second of video", 5.0, 150.0),
    ),
    make_data=_data.make_data,
    duration=_data.duration,
    draw_mpl=_mpl.draw_mpl,
    # Imported on first use: the matplotlib path never loads Manim.
    manim_scene=lambda: importlib.import_module("scenes.stochastic.manim").manim_scene(),
    outcome=_data.outcome,
    flow=_layout.FLOW,
    examples=({"alpha": 0.003, "beta": 0.9}, {"alpha": 0.5, "beta": 0.0}, {"alpha": 0.01, "beta": 0.0},
              {"runs": 100, "seed": 7}, {"alpha": 0.2, "beta": 0.9}),
    notes=("every (alpha, beta) in range converges here: alpha*lambda < 2 + 2*beta with lambda = 1",),
    web=_web.build,
))
