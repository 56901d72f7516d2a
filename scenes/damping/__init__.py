"""Damping: phase portraits of one eigencomponent (after Goh, "Why Momentum Really Works", Distill 2017,
figures 9 and 10).

One component of the heavy ball z ← βz + λ(w − w*), w ← w − αz at α = 10⁻⁴, λ = 100 starts at rest one unit
below its optimum and runs three ways: under-damped (β = 0.97), critically damped (β = (1 − √(αλ))² = 0.81)
and over-damped (β = 0.01). Each is drawn as a phase portrait, velocity −z across and position error
w − w* up, as it goes, and below them the error over the steps. The words say which run settles first
(|w − w*| stays within 0.01 from that step on), and compare critical damping's rate per step
1 − √(αλ) with gradient descent's 1 − αλ. The reader's `beta` takes the place of the run of its kind.

Rooms: `data` (make_data, the only place `sim` is called), `story` (the words), `layout` (where things
sit, and the reflow), `mpl` and `manim` (the drawing), `web` (the page's grid).

    python render.py damping
    python render.py damping --set beta=0.85     # slightly under-damped settles first
    python render.py damping --set beta=1        # undamped: it never settles
    python render.py damping --set part=grid     # figure 9: 6 x 4 phase portraits over beta and lambda
"""
from __future__ import annotations

import importlib

from scenes.damping import data as _data, layout as _layout, mpl as _mpl, web as _web
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register

SPEC = register(SceneSpec(
    name=_data.NAME,
    description="Phase portraits of one component: under-damped, critically damped and over-damped "
                "momentum, and which settles first",
    source=('Distill, Goh (2017), “Why Momentum Really Works”, figures 9 and 10, phase portraits '
            'and critical damping.'),
    params=(
        Param("beta", "float", None, "your momentum beta: it replaces the run of its kind (above the critical "
              "0.81 the under-damped one, below it the over-damped one; auto: 0.97 and 0.01)", 0.0, 1.0),
        Param("speed", "float", 60.0, "steps per second of video", 10.0, 300.0),
        Param("part", "choice", "critical", "critical: three runs at alpha = 1e-4, lambda = 100 (Distill figure 10); "
              "grid: 6 x 4 phase portraits over beta and lambda at alpha = 0.02 (figure 9)", choices=("critical", "grid")),
    ),
    make_data=_data.make_data,
    duration=_data.duration,
    draw_mpl=_mpl.draw_mpl,
    # Imported on first use: the matplotlib path never loads Manim, and Manim's CLI may be loading that
    # module as this package is imported.
    manim_scene=lambda: importlib.import_module("scenes.damping.manim").manim_scene(),
    outcome=_data.outcome,
    flow=_layout.FLOW,
    examples=({"beta": 0.85}, {"beta": 1.0}, {"beta": 0.5}, {"beta": 0.0}, {"part": "grid"}),
    notes=("beta above the critical (1 - sqrt(alpha*lambda))^2 = 0.81 drives the under-damped panel, below it "
           "the over-damped one, at it the critical one", "beta applies to part=critical only"),
    web=_web.build,
))
