"""Colorize: information flowing across a graph (after Goh, "Why Momentum Really Works", Distill 2017,
figure 14).

Distill's pixel grid, four 16 × 16 squares joined by two-pixel corridors (1,120 pixels), and the problem
f(w) = ½wᵀLw − bᵀw with L the 4-neighbour graph Laplacian plus 0.1 at the two seeded pixels on the left
edge and b = 10 there, so that w* = 100 everywhere: λ₁ ≈ 5.11·10⁻⁵, λₙ ≈ 7.924, κ ≈ 1.55·10⁵. The colour
spreads from the seeds under gradient descent (α·λₙ = 1.9) and under momentum at its optimal α and β (or
the reader's), drawn at log-spaced steps from the closed form of one `eigh`. Beside each run, its
per-eigenvector bars: the steps each component needs to be cut 1000-fold, greyed once the step passes it.

Rooms: `data` (make_data, the only place `sim` is called), `story` (the words), `layout` (where things
sit, and the reflow), `mpl` and `manim` (the drawing), `web` (the page's grid).

    python render.py colorize
    python render.py colorize --set alpha_lambda=3 --set beta=0.9  # too little momentum: slower
    python render.py colorize --set alpha_lambda=1 --set beta=0    # momentum off: gradient descent at 1
"""
from __future__ import annotations

import importlib

from scenes.colorize import data as _data, layout as _layout, mpl as _mpl, web as _web
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register

SPEC = register(SceneSpec(
    name=_data.NAME,
    description="Colour spreading over Distill's 1,120-pixel graph under gradient descent and momentum, with "
                "per-eigenvector convergence bars",
    source='Distill, Goh (2017), \u201cWhy Momentum Really Works\u201d, figure 14, the colorization problem.',
    params=(
        Param("alpha_lambda", "float", None, "momentum's step size times the largest eigenvalue, alpha*lambda_n "
              "(auto: the optimum, 3.98)", 0.01, 4.0),
        Param("beta", "float", None, "momentum beta (auto: the optimum, 0.9899)", 0.0, 0.9999),
    ),
    make_data=_data.make_data,
    duration=_data.duration,
    draw_mpl=_mpl.draw_mpl,
    # Imported on first use: the matplotlib path never loads Manim, and Manim's CLI may be loading that
    # module as this package is imported.
    manim_scene=lambda: importlib.import_module("scenes.colorize.manim").manim_scene(),
    outcome=_data.outcome,
    flow=_layout.FLOW,
    examples=({"alpha_lambda": 3.0, "beta": 0.9}, {"alpha_lambda": 1.0, "beta": 0.0}, {"alpha_lambda": 0.5}),
    notes=("alpha_lambda must stay below 2 + 2*beta, where momentum converges; an unset one of the two takes "
           "the optimum's",),
    web=_web.build,
))
