"""Oracle: the resisting oracle and the lower bound (after Goh, "Why Momentum Really Works", Distill
2017, figures 17 and 18).

On the convex Rosenbrock with n = 25 and κ = 1000, A = ((κ − 1)/4)·tridiag(−1, 2, −1) + I, b = ((κ − 1)/4)e₁,
w⁰ = 0, the heavy ball z ← βz + (Aw − b), w ← w − αz fills the weight and error grids (steps 0 … 50 down,
coordinates 1 … 25 across) one row per step; the dead-zone triangle wᵢᵏ = 0 for i > k is outlined. Its
largest error ‖wᵏ − w*‖∞ is drawn against the article's lower bound ((√κ − 1)/(√κ + 1))ᵏ‖w⁰ − w*‖∞, the
same bound with the finite matrix's true condition number (≈ 214.6, not κ), and the dead zone's
max_{i>k}|wᵢ*|. The words say which bounds the run breaks and from which step, and how the finite w*
differs from the infinite chain's qⁱ.

Rooms: `data` (make_data, the only place `sim` is called), `story` (the words), `layout` (where things
sit, the reflow and the colours), `mpl` and `manim` (the drawing), `web` (the page's grid).

    python render.py oracle
    python render.py oracle --set run=article
    python render.py oracle --set run=custom --set alpha_lambda=3.9 --set beta=0.9
"""
from __future__ import annotations

import importlib

from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.oracle import data as _data, layout as _layout, mpl as _mpl, web as _web

SPEC = register(SceneSpec(
    name=_data.NAME,
    description="The resisting oracle: weight and error grids with the dead zone, and momentum's error "
                "against the lower bound with the article's and the matrix's true condition number",
    source='Distill, Goh (2017), \u201cWhy Momentum Really Works\u201d, figures 17 and 18.',
    params=(
        Param("run", "choice", "optimal", "the run: momentum at the optimum for this matrix, the article's drawn "
              "alpha and beta, gradient descent at its best step, or custom (alpha_lambda and beta)",
              choices=_data.RUNS),
        Param("alpha_lambda", "float", None, "custom run: step size times the largest eigenvalue, alpha*lambda_n "
              "(auto: the optimum 3.505)", 0.01, 4.0),
        Param("beta", "float", None, "custom run: momentum beta (auto: the optimum 0.7608)", 0.0, 0.99),
        Param("speed", "float", 8.0, "steps per second of video", 2.0, 50.0),
    ),
    make_data=_data.make_data,
    duration=_data.duration,
    draw_mpl=_mpl.draw_mpl,
    # Imported on first use: the matplotlib path never loads Manim.
    manim_scene=lambda: importlib.import_module("scenes.oracle.manim").manim_scene(),
    outcome=_data.outcome,
    flow=_layout.FLOW,
    examples=({"run": "article"}, {"run": "gd"}, {"run": "custom", "alpha_lambda": 3.9, "beta": 0.9},
              {"run": "custom", "alpha_lambda": 0.1, "beta": 0.0}, {"run": "custom", "alpha_lambda": 2.0, "beta": 0.3}),
    notes=("alpha_lambda and beta need run=custom; an unset one of them takes the optimum",
           "alpha_lambda above 2 + 2*beta diverges"),
    web=_web.build,
))
