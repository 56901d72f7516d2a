"""Compare: any set of optimizers on any 2-D landscape, each at its best settings, racing from one start.

Every optimizer (torch.optim's semantics, via `sim`) starts at the same point x_0 and takes the same
number of steps. By default each one's learning rate, and its momentum μ (momentum, Nesterov), β1 (Adam,
AdamW) or α (RMSprop), is chosen by a grid search on that start and budget (`scenes.compare.tune`: one
batched `sim.simulate` per optimizer, scored by the mean loss over the last tenth of the steps); with
tune=false all share `lr` and `momentum`. The map shows the contours with every trail; the loss panel
plots f(x_k) − f* on a log scale, f* being the landscape's known minimum value, or for a formula the
lowest value found (on the map's grid or along any run). The words name who reaches the lowest loss.

    python render.py compare
    python render.py compare --set landscape=rosenbrock --set optimizers=sgd,momentum,nesterov,adam
    python render.py compare --set landscape="x**2+10*y**2" --set tune=false

`make_data` returns a plain dict (arrays are numpy):
    landscape, named        the parameter as given; whether it names a built-in landscape (else a formula)
    labels, optimizers      display names and parameter names, in the order given
    steps, start, tune      the budget, x_0 (list), whether the settings were tuned
    lr, momentum            the shared settings used when tune=false
    settings                per optimizer: lr, second (its μ/β1/α or None), second_name, symbol, stable
                            (tuned: whether any grid setting did not diverge), grid_end_loss (tuned: the
                            end loss of every grid pair in `compare_tune.grid` order, None if diverged)
    grid                    the grids and the scoring rule (tuned only, else None)
    f_ref, f_ref_source     f* and where it comes from
    raw_positions, raw_values   (optimizers, steps+1, 2) and (optimizers, steps+1): the runs as simulated
    positions, left_window  positions clamped to the map (`scenes.kit.contour.clamp_runs`)
    gaps                    f − f* per step, made safe for the log panel (floored, capped)
    end_loss, reach, tol    mean of f − f* over the last `tail` steps; the step from which f − f* stays
                            below tol (steps + 1: never); tol (`compare_tune.tolerance`)
    diverged, tail          which runs diverged; the tail's length
    xlim, ylim, minimum     the map's window and the known minimum (None for a formula)
    levels, lines           contour levels of f − f* and their polylines
    loss_ylim, speed, title, story
"""
from __future__ import annotations

from scenes.compare import tune as T
from scenes.compare import web as compare_web
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.kit.registry import lazy
from scenes.compare.layout import FLOW
from scenes.compare.mpl import draw_mpl
from scenes.compare.data import NAME, duration, make_data, outcome


PARAMS = (
    Param("landscape", "text", "ravine",
          f"{', '.join(T.LANDSCAPE_NAMES)}, or a formula in x and y such as x**2+10*y**2",
          validate=T.parse_landscape),
    Param("optimizers", "text", "sgd,momentum,adam",
          f"comma list of {', '.join(T.OPTIMIZER_NAMES)}", validate=T.parse_optimizers),
    Param("steps", "int", 150, "optimizer steps, the same budget for all (and for the tuning)", 20, 600),
    Param("start", "text", None, "start point x,y (auto: the landscape's own)", validate=T.parse_start),
    Param("tune", "bool", True, "pick each optimizer's lr and momentum/beta1/alpha by grid search"),
    Param("lr", "float", 0.01, "learning rate of every optimizer when tune=false", 1e-6, 10.0),
    Param("momentum", "float", 0.9, "momentum (and Adam's beta1) when tune=false", 0.0, 0.999),
    Param("speed", "float", None, "optimizer steps per second of video (auto: steps / 8)", 2.0, 200.0),
)

SPEC = register(SceneSpec(
    name=NAME,
    description="Any optimizers on any landscape (a name or a formula), each tuned on the same budget",
    source=('Seed article: the newsletter post “A Visual and Intuitive Explanation to Momentum in '
            'Machine Learning”, loss with and without momentum; extended to any set of torch.optim '
            'optimizers, each tuned fairly.'),
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=lazy("scenes.compare.manim", "manim_scene"),
    outcome=outcome,
    examples=({"landscape": "rosenbrock", "optimizers": "sgd,momentum,nesterov,adam"},
              {"landscape": "x**2+10*y**2"},
              {"landscape": "double-well", "optimizers": "sgd,momentum,rmsprop,adagrad"},
              {"tune": False, "lr": 0.05},
              {"landscape": "quadratic", "optimizers": "sgd,momentum,nesterov,adam,adamw,rmsprop,adagrad"}),
    notes=("start must be a point where the landscape (a formula) is finite",),
    web=compare_web.build,
))
