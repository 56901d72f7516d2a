"""Polynomial: regression on Distill's ten points and early stopping, seen on the eigenfeatures (after Goh,
"Why Momentum Really Works", Distill 2017, figures 4 to 6).

The model Σⱼ wⱼ ξʲ (j = 0 … 5) is fitted to ten points by gradient descent on f(w) = ½‖Zw − d‖² from w = 0
at α = 1.8/λ_max. In the coordinates x = Qᵀw of the eigenvectors of ZᵀZ the model is a sum of six
eigenfeature terms xᵢ p̄ᵢ(ξ), drawn beside the data; component i has converged to 3 digits after
kᵢ = −3/log₁₀|1 − αλᵢ| steps, and its bar greys out then. The video sweeps the step on a logarithmic clock
to the chosen k; the words say which features are in the fit there, how much of the others is fitted,
and how close Tikhonov's filter 1/(λᵢ + η) comes (η = 1/(αk) unless set).

Rooms: `data` (make_data, the only place `sim` is called), `story` (the words), `layout` (where things
sit, and the reflow), `mpl` and `manim` (the drawing), `web` (the page's grid).

    python render.py polynomial
    python render.py polynomial --set step=49          # the article's default: two features in
    python render.py polynomial --set step=1329083     # all six: the least-squares fit
"""
from __future__ import annotations

import importlib

from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.polynomial import data as _data, layout as _layout, mpl as _mpl, web as _web

SPEC = register(SceneSpec(
    name=_data.NAME,
    description="Polynomial regression on ten points: gradient descent fits the eigenfeatures one by one, "
                "and stopping early keeps the ones with large eigenvalues",
    params=(
        Param("step", "int", 5000, "the step where gradient descent stops (the sweep's end)", 1, 1_329_083),
        Param("alpha_lambda", "float", 1.8, "step size times the largest eigenvalue, alpha*lambda_max", 0.05, 1.99),
        Param("eta", "float", None, "Tikhonov's eta (auto: 1/(alpha*step))", 1e-9, 100.0),
        Param("sweep", "float", 8.0, "seconds of the sweep from step 0 to the chosen step", 4.0, 30.0),
    ),
    make_data=_data.make_data,
    duration=_data.duration,
    draw_mpl=_mpl.draw_mpl,
    # Imported on first use: the matplotlib path never loads Manim.
    manim_scene=lambda: importlib.import_module("scenes.polynomial.manim").manim_scene(),
    outcome=_data.outcome,
    flow=_layout.FLOW,
    examples=({"step": 49}, {"step": 10}, {"step": 1_329_083}, {"step": 700}, {"alpha_lambda": 1.0},
              {"alpha_lambda": 0.5, "step": 300_000}, {"eta": 0.01}),
    notes=("a feature is in the fit once its error has shrunk by 1e-3: from step max(ceil(k_i), 1)",
           "features are named in the article's order, p1 the largest eigenvalue"),
    web=_web.build,
))
