"""Graphs: why some graphs condition well (after Goh, "Why Momentum Really Works", Distill 2017, figure 16).

Three graphs of 36 nodes: a seeded random expander (80 edges), the 6 × 6 grid and a path with 3 seeded
extra edges. Each Laplacian L = D − A is grounded (L[0, 0] += 1), so that it is positive definite; each
graph is coloured by its eigenvector of the second-smallest eigenvalue. Printed per graph: the condition
number κ = λₙ/λ₁ (the article never shows it), and the steps that gradient descent (rate (κ − 1)/(κ + 1))
and momentum (rate (√κ − 1)/(√κ + 1)), each at its optimal parameters, need to cut the error 1000-fold.
The words say which graph conditions best, and whether the seeded expander beats the grid: at the
default seed it does not, against the article's claim.

Rooms: `data` (make_data, the only place `sim` is called), `story` (the words), `layout` (where things
sit, and the reflow), `mpl` and `manim` (the drawing), `web` (the page's grid).

    python render.py graphs
    python render.py graphs --set seed=23      # an expander that beats the grid
    python render.py graphs --set seed=27      # the path with its three chords beats both
"""
from __future__ import annotations

import importlib

from scenes.graphs import data as _data, layout as _layout, mpl as _mpl, web as _web
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register

SPEC = register(SceneSpec(
    name=_data.NAME,
    description="Three 36-node graphs with grounded Laplacians: condition numbers, and the steps gradient "
                "descent and momentum need",
    source='Distill, Goh (2017), “Why Momentum Really Works”, figure 16, the conditioning of graph Laplacians.',
    params=(
        Param("seed", "int", 17, "seed of the expander's 80 random edges and the path's 3 extra edges", 0, 9999),
    ),
    make_data=_data.make_data,
    duration=_data.duration,
    draw_mpl=_mpl.draw_mpl,
    # Imported on first use: the matplotlib path never loads Manim, and Manim's CLI may be loading that
    # module as this package is imported.
    manim_scene=lambda: importlib.import_module("scenes.graphs.manim").manim_scene(),
    outcome=_data.outcome,
    flow=_layout.FLOW,
    examples=({"seed": 23}, {"seed": 27}, {"seed": 19}),
    notes=("seed draws the expander's edges (redrawn until connected) and the path's extra edges",),
    web=_web.build,
))
