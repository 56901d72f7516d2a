"""The compare scene's inputs and its fair tuning: landscapes by name or formula, optimizers by name, and
a grid search that gives every optimizer its best learning rate (and momentum or decay) on the same start
and budget.

Tuning, per optimizer: every pair (lr, h) of the grid LRS x `grid` (h is SGD's momentum μ, Adam's and
AdamW's β1, RMSprop's α; plain SGD and Adagrad have lr alone) runs as one batched `sim.simulate` call,
each run taking its own values (`sim` optimizers accept per-run hyper-parameters). With f* the
landscape's known minimum value (for a formula: the lowest loss on the map's grid or along any run
that did not diverge) and n = ceil(steps / 10), a run's

    end loss = mean of f(x_k) − f* over k = steps − n + 1 .. steps
    score    = max(end loss, tol),   tol = TOL · |f(x_0) − f*|   (f* counts as reached below tol)
    reach    = the first step from which f(x_k) − f* < tol to the end (steps + 1 if never)

A run diverges when any f(x_k) is not finite or its tail mean of f is above f(x_0); the rest are ranked
by (score, reach), ties going to the first in grid order (smaller lr, then smaller h). When every run
diverges the optimizer keeps the grid's first pair and is reported as having no stable setting.
"""
from __future__ import annotations

import ast
import math
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from scenes.kit.params import ParamError

# Learning rates 10^(k/3), k = -15 .. 1: 1e-5 to 2.15, three per decade.
LRS = tuple(float(10.0 ** (k / 3)) for k in range(-15, 2))
MOMENTA = (0.5, 0.8, 0.9, 0.95, 0.99)
ALPHAS = (0.9, 0.99, 0.999)
TOL = 1e-10  # f − f* below this fraction of the start's counts as having reached f*
# A best lr on the edge of its grid widens the grid, a third of a decade at a time, in that direction until
# the best lr is inside or the next lr would pass these limits.
LR_LIMITS = (1e-8, 100.0)
LR_FACTOR = 10.0 ** (1 / 3)


class Kind(NamedTuple):
    """One optimizer of the scene: its label, the name of its second hyper-parameter (None: lr alone), that
    parameter's grid, its symbol for the screen, and `make(lr, h)` building the `sim` optimizer (lr and h
    may be per-run arrays)."""

    label: str
    second: str | None
    grid: tuple[float, ...]
    symbol: str
    make: object


def _kinds() -> dict[str, Kind]:
    from sim import SGD, Adagrad, Adam, AdamW, RMSprop

    return {
        "sgd": Kind("SGD", None, (), "", lambda lr, h: SGD(lr)),
        "momentum": Kind("momentum", "momentum", MOMENTA, "μ", lambda lr, h: SGD(lr, momentum=h)),
        "nesterov": Kind("Nesterov", "momentum", MOMENTA, "μ", lambda lr, h: SGD(lr, momentum=h, nesterov=True)),
        "adam": Kind("Adam", "beta1", MOMENTA, "β₁", lambda lr, h: Adam(lr, betas=(h, 0.999))),
        "adamw": Kind("AdamW", "beta1", MOMENTA, "β₁", lambda lr, h: AdamW(lr, betas=(h, 0.999))),
        "rmsprop": Kind("RMSprop", "alpha", ALPHAS, "α", lambda lr, h: RMSprop(lr, alpha=h)),
        "adagrad": Kind("Adagrad", None, (), "", lambda lr, h: Adagrad(lr)),
    }


OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop", "adagrad")
LANDSCAPE_NAMES = ("ravine", "quadratic", "rosenbrock", "double-well")
# How the words name them.
DISPLAY = {"ravine": "the ravine", "quadratic": "a tilted quadratic", "rosenbrock": "Rosenbrock's function",
           "double-well": "the double well"}
# sympy evaluates constant powers exactly: a numeric exponent above this, or a tower of constant powers,
# would make it compute for ages.
MAX_EXPONENT = 64


def kind(name: str) -> Kind:
    return _kinds()[name]


# ------------------------------------------------------------------------------------- parameters

def parse_optimizers(text: str) -> str:
    """'sgd, Adam' -> 'sgd,adam': known names, each once, in the given order."""
    names = [n.strip().lower() for n in text.split(",")]
    if any(not n for n in names):
        raise ValueError(f"{text!r} has an empty name; give a comma list of {', '.join(OPTIMIZER_NAMES)}")
    for n in names:
        if n not in OPTIMIZER_NAMES:
            raise ValueError(f"unknown optimizer {n!r}; the optimizers are: {', '.join(OPTIMIZER_NAMES)}")
    if len(set(names)) != len(names):
        raise ValueError(f"{text!r} names an optimizer twice")
    return ",".join(names)


def _check_powers(source: str) -> None:
    try:
        tree = ast.parse(source.replace("^", "**"), mode="eval")
    except SyntaxError:
        return  # Expression words the syntax error
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            exponent = node.right.operand if isinstance(node.right, ast.UnaryOp) else node.right
            if isinstance(exponent, ast.Constant) and isinstance(exponent.value, (int, float)):
                if abs(exponent.value) > MAX_EXPONENT:
                    raise ValueError(f"formula {source!r}: exponents above {MAX_EXPONENT} are not supported")
            elif not any(isinstance(n, ast.Name) and n.id in ("x", "y") for n in ast.walk(node.right)) and \
                    any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow) for n in ast.walk(node.right)):
                raise ValueError(f"formula {source!r}: a constant power of a power in the exponent is not supported")


@lru_cache(maxsize=16)
def make_landscape(text: str):
    """A 2-D `sim` landscape: a name from LANDSCAPE_NAMES or a formula in x and y (ValueError if bad)."""
    from sim import landscapes

    if text == "ravine":
        return landscapes.Ravine(kappa=25.0)
    if text == "quadratic":
        return landscapes.Ravine(kappa=10.0, angle=math.pi / 6)
    if text == "rosenbrock":
        return landscapes.Rosenbrock()
    if text == "double-well":
        return landscapes.DoubleWell()
    _check_powers(text)
    try:
        return landscapes.Expression(text, dim=2)
    except ValueError as err:
        message = str(err)
        if "formula" not in message:
            message = f"formula {text!r}: {message}"
        if message.startswith("formula") and text.isidentifier():
            message += f" (the named landscapes are: {', '.join(LANDSCAPE_NAMES)})"
        raise ValueError(message) from None
    except (RecursionError, MemoryError, OverflowError, TypeError) as err:
        raise ValueError(f"formula {text!r} cannot be used: {type(err).__name__}") from None


def parse_landscape(text: str) -> str:
    """The text itself, once it names a landscape or parses as a formula."""
    make_landscape(text)
    return text


def parse_start(text: str) -> str:
    """'x,y' with two finite numbers, returned as written without spaces."""
    parts = text.replace(" ", "").split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 2 or not all(math.isfinite(v) and abs(v) <= 1e6 for v in values):
        raise ValueError(f"give two numbers x,y (|x|, |y| <= 1e6) or auto, not {text!r}")
    return ",".join(parts)


def start_point(landscape, start: str | None) -> np.ndarray:
    """The start as a point; ParamError if the landscape is not finite there (value or gradient)."""
    x0 = np.array(landscape.start if start is None else [float(v) for v in start.split(",")], dtype=float)
    with np.errstate(all="ignore"):
        value, grad = landscape.value_and_grad(x0)
    if not (np.isfinite(value) and np.all(np.isfinite(grad))):
        raise ParamError(f"landscape {landscape.name!r} is not finite at the start ({x0[0]:g}, {x0[1]:g}): "
                         "choose another start")
    return x0


# ----------------------------------------------------------------------------------------- tuning

def tail_length(steps: int) -> int:
    return max(1, math.ceil(steps / 10))


def tolerance(f0: float, f_star: float) -> float:
    """The loss gap that counts as having reached f*: TOL of the start's gap (TOL itself if that is 0)."""
    gap = abs(f0 - f_star)
    return TOL * gap if gap > 0 and math.isfinite(gap) else TOL


def diverged(values: np.ndarray) -> np.ndarray:
    """Per run (values: steps+1 x runs): a non-finite loss, or a tail mean above the start's loss."""
    n = tail_length(values.shape[0] - 1)
    with np.errstate(all="ignore"):
        return ~np.all(np.isfinite(values), axis=0) | ~(values[-n:].mean(axis=0) <= values[0])


def reach_steps(gaps: np.ndarray, tol: float) -> np.ndarray:
    """Per run, the first step from which f − f* stays below tol to the end (steps + 1 if it does not)."""
    below = gaps < tol
    steps = gaps.shape[0] - 1
    last_above = np.where(~below, np.arange(steps + 1)[:, None], -1).max(axis=0)
    return np.where(below[-1], last_above + 1, steps + 1)


def scores(values: np.ndarray, f_star: float) -> dict:
    """Per run (values: steps+1 x runs): its end loss (mean of f − f* over the tail), the clipped score
    max(end loss, tol), the step it reaches f* to within tol, and whether it diverged."""
    n = tail_length(values.shape[0] - 1)
    tol = tolerance(float(values[0, 0]), f_star)
    with np.errstate(all="ignore"):
        gaps = values - f_star
        end = gaps[-n:].mean(axis=0)
    return {"end": end, "score": np.maximum(end, tol), "reach": reach_steps(gaps, tol), "bad": diverged(values),
            "tol": tol}


def best(sc: dict) -> int | None:
    """The lowest (score, reach step) among the runs that did not diverge, first in grid order on a tie."""
    ok = [i for i in range(len(sc["bad"])) if not sc["bad"][i]]
    return min(ok, key=lambda i: (sc["score"][i], sc["reach"][i], i)) if ok else None


def grid(k: Kind, lrs=LRS) -> tuple[np.ndarray, np.ndarray]:
    """The (lr, h) pairs in grid order: lr-major, h within (h is nan for lr alone)."""
    hs = k.grid or (math.nan,)
    lr, h = np.meshgrid(np.array(lrs), np.array(hs), indexing="ij")
    return lr.ravel(), h.ravel()


def run_grid(landscape, x0: np.ndarray, name: str, steps: int, lrs=LRS) -> np.ndarray:
    """The losses (steps+1 x grid pairs) of one batched simulate over the optimizer's grid."""
    from sim import simulate

    k = kind(name)
    lr, h = grid(k, lrs)
    return simulate(landscape, np.tile(x0, (lr.size, 1)), k.make(lr, h), steps).values


def edge(name: str, values: np.ndarray, f_star: float, lrs) -> str | None:
    """'top' or 'bottom' when the grid's best run has the grid's largest or smallest lr, else None."""
    i = best(scores(values, f_star))
    if i is None or len(lrs) < 2:
        return None
    j = i // len(kind(name).grid or (math.nan,))
    return "top" if j == len(lrs) - 1 else "bottom" if j == 0 else None


def widen(landscape, x0: np.ndarray, name: str, steps: int, values: np.ndarray, f_star: float,
          lrs=LRS) -> tuple[tuple[float, ...], np.ndarray]:
    """The lr grid and its losses, widened a third of a decade at a time on the side where the best lr
    sits on the edge, until it is inside or the next lr would pass LR_LIMITS."""
    lrs = tuple(lrs)
    while True:
        side = edge(name, values, f_star, lrs)
        third = lambda lr, d: float(10.0 ** ((round(3 * math.log10(lr)) + d) / 3))  # noqa: E731
        if side == "top" and lrs[-1] * LR_FACTOR <= LR_LIMITS[1] * (1 + 1e-9):
            new = (third(lrs[-1], 1),)
            values, lrs = np.concatenate([values, run_grid(landscape, x0, name, steps, new)], axis=1), lrs + new
        elif side == "bottom" and lrs[0] / LR_FACTOR >= LR_LIMITS[0] * (1 - 1e-9):
            new = (third(lrs[0], -1),)
            values, lrs = np.concatenate([run_grid(landscape, x0, name, steps, new), values], axis=1), new + lrs
        else:
            return lrs, values


def lowest_seen(values: np.ndarray) -> float:
    """The lowest loss of the runs that did not diverge (inf if none)."""
    kept = values[:, ~diverged(values)]
    return float(kept.min()) if kept.size else math.inf


def pick(name: str, values: np.ndarray, f_star: float, lrs=LRS) -> dict:
    """The grid's winner for one optimizer, from its grid's losses; JSON-able. `lr_grid` is the grid's
    lrs (widened or not), `at_edge` 'top' or 'bottom' where the best lr is still the grid's last or first
    (the grid stopped at LR_LIMITS), else None."""
    k = kind(name)
    lr, h = grid(k, lrs)
    sc = scores(values, f_star)
    i = best(sc)
    return {
        "lr": float(lr[i or 0]),
        "second": None if k.second is None else float(h[i or 0]),
        "stable": i is not None,
        "grid_end_loss": [None if b else float(e) for e, b in zip(sc["end"], sc["bad"])],
        "lr_grid": [float(v) for v in lrs],
        "at_edge": edge(name, values, f_star, lrs),
    }


def untuned(name: str, lr: float, momentum: float) -> dict:
    """The shared settings: lr, and momentum as μ or β1 (RMSprop keeps torch's α = 0.99)."""
    second = {None: None, "momentum": momentum, "beta1": momentum, "alpha": 0.99}[kind(name).second]
    return {"lr": lr, "second": second, "stable": None, "grid_end_loss": None, "lr_grid": None, "at_edge": None}


def grid_record() -> dict:
    """The grids and the rule, as the sidecar states them."""
    return {"lr": list(LRS), "momentum": list(MOMENTA), "beta1": list(MOMENTA), "alpha": list(ALPHAS),
            "rule": "per optimizer, the setting with the lowest mean of f - f* over the last ceil(steps/10) "
                    f"steps, where anything below {TOL:g} of the start's f - f* counts as reached; among "
                    "those, the fewest steps to stay within it; then the smaller lr. Runs with a non-finite "
                    "loss or a tail mean above the starting loss are excluded as diverged. Where the best lr is "
                    "the grid's largest or smallest, the grid grows by a third of a decade on that side until "
                    f"it is not, or the next lr would pass {LR_LIMITS[0]:g} to {LR_LIMITS[1]:g}.",
            "lr_limits": list(LR_LIMITS)}
