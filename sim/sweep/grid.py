"""From a sweep's arguments to its plan: the axes, which of them belong to the landscape and which to the
optimizer, the output's shape, and the chunks (the tasks).

A grid entry whose value is a 1-D sequence is an axis (swept); a scalar is a fixed argument. The result's
axes are the grid's axes in the grid's order, then ``run``. Chunks never mix two landscapes: for each
combination of the landscape's axes, the block ``(optimizer axes…, runs)`` is cut into ranges of at most
``chunk`` runs.
"""
from __future__ import annotations

import inspect
import itertools
import math
import os
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from .. import adaptive, landscapes, optim
from ..landscapes import Landscape
from .reduce import NEEDS_TARGET, REDUCERS

LANDSCAPES: dict[str, Callable] = {
    "ravine": landscapes.Ravine,
    "quadratic": landscapes.Quadratic,
    "rosenbrock": landscapes.Rosenbrock,
    "double_well": landscapes.DoubleWell,
    "bumped_valley": landscapes.BumpedValley,
    "sampled_valley": landscapes.SampledValley,
}
OPTIMIZERS: dict[str, Callable] = {
    "SGD": optim.SGD, "EMAMomentum": optim.EMAMomentum, "Keras": optim.Keras,
    "Adam": adaptive.Adam, "AdamW": adaptive.AdamW, "RMSprop": adaptive.RMSprop, "Adagrad": adaptive.Adagrad,
}
DEFAULT_CHUNK = 100_000


class SweepError(ValueError):
    """A sweep asked for something it cannot do: one line, said before any work starts."""


def _names(factory) -> list[str]:
    try:
        params = inspect.signature(factory).parameters.values()
    except (TypeError, ValueError):
        return []
    return [p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


def _values(name: str, value) -> np.ndarray:
    a = np.asarray(value)
    if a.dtype.kind not in "biuf":
        raise SweepError(f"grid {name!r}: values must be numbers, got {value!r}")
    if a.ndim > 1:
        raise SweepError(f"grid {name!r}: give a scalar or a 1-D list of values, got shape {a.shape}")
    if a.ndim == 1 and a.size == 0:
        raise SweepError(f"grid {name!r}: the range is empty")
    if a.dtype.kind == "f" and not np.all(np.isfinite(a)):
        raise SweepError(f"grid {name!r}: values must be finite")
    return a


@dataclass
class Plan:
    landscape: Any  # a Landscape, or a factory of one
    landscape_name: str
    optimizer: Callable
    optimizer_name: str
    axes: list[tuple[str, np.ndarray]]
    land_axes: list[str]
    opt_axes: list[str]
    fixed_land: dict
    fixed_opt: dict
    starts: np.ndarray
    steps: int
    reduce: str
    target: float | None
    chunk: int

    @property
    def _per_combo(self) -> tuple[tuple[int, ...], int, int]:
        land_shape = tuple(len(self.axis(n)) for n in self.land_axes)
        block = math.prod(len(self.axis(n)) for n in self.opt_axes) * len(self.starts)
        return land_shape, block, -(-block // self.chunk)

    @property
    def n_chunks(self) -> int:
        land_shape, _, per = self._per_combo
        return math.prod(land_shape) * per

    def chunk_at(self, i: int) -> tuple[tuple[int, ...], int, int]:
        """Chunk i: (the landscape combination's indices, a, b), runs a … b−1 of its block."""
        land_shape, block, per = self._per_combo
        combo = tuple(int(k) for k in np.unravel_index(i // per, land_shape)) if land_shape else ()
        a = (i % per) * self.chunk
        return combo, a, min(a + self.chunk, block)

    @property
    def dims(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.axes) + ("run",)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(v) for _, v in self.axes) + (len(self.starts),)

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    def axis(self, name: str) -> np.ndarray:
        return dict(self.axes)[name]

    def land_spec(self, combo: tuple[int, ...]):
        if not callable(self.landscape) or isinstance(self.landscape, Landscape):
            return self.landscape
        kwargs = {**self.fixed_land, **{n: self.axis(n)[i].item() for n, i in zip(self.land_axes, combo)}}
        return (self.landscape, kwargs)

    def task(self, combo: tuple[int, ...], a: int, b: int) -> dict:
        """What one chunk needs, and only that: its starts are the slice of the runs it uses."""
        runs = len(self.starts)
        if b - a >= runs or (a % runs) > ((b - 1) % runs):
            run0, run1 = 0, runs
        else:
            run0, run1 = a % runs, (b - 1) % runs + 1
        return dict(landscape=self.land_spec(combo), optimizer=self.optimizer, fixed_opt=self.fixed_opt,
                    opt_axes=[(n, self.axis(n)) for n in self.opt_axes], runs=runs,
                    starts=self.starts[run0:run1], run0=run0, a=a, b=b, steps=self.steps, reduce=self.reduce,
                    target=self.target)

    def flat_indices(self, combo: tuple[int, ...], a: int, b: int) -> np.ndarray:
        """Where a chunk's values go in the result (flat, C order over ``shape``)."""
        sub = tuple(len(self.axis(n)) for n in self.opt_axes) + (len(self.starts),)
        local = np.unravel_index(np.arange(a, b), sub)
        at = dict(zip(self.opt_axes, local[:-1]))
        at.update({n: np.full(b - a, i) for n, i in zip(self.land_axes, combo)})
        full = [at[name] for name, _ in self.axes] + [local[-1]]
        return np.ravel_multi_index(full, self.shape)


def make_plan(landscape, starts, optimizer, grid: dict, steps: int, reduce: str, target=None,
              chunk: int = DEFAULT_CHUNK) -> Plan:
    """Check everything and work out the chunks; raises SweepError, runs nothing but the constructors."""
    land, land_name = _landscape(landscape)
    opt, opt_name = _optimizer(optimizer)
    if reduce not in REDUCERS:
        raise SweepError(f"unknown reducer {reduce!r}; choose one of {', '.join(REDUCERS)}")
    if reduce in NEEDS_TARGET and (target is None or not math.isfinite(float(target))):
        raise SweepError(f"reducer {reduce!r} needs a finite target")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise SweepError(f"steps must be a positive whole number, got {steps!r}")
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise SweepError(f"chunk must be a positive whole number, got {chunk!r}")
    land_names = [] if isinstance(land, Landscape) else _names(land)
    opt_names = _names(opt)
    axes, fixed_land, fixed_opt, land_axes, opt_axes = [], {}, {}, [], []
    for name, value in grid.items():
        in_land, in_opt = name in land_names, name in opt_names
        if in_land == in_opt:
            why = "both take it" if in_land else "neither takes it"
            raise SweepError(f"unknown argument {name!r} ({why}): {opt_name} takes {', '.join(opt_names)}; "
                             f"{land_name} takes {', '.join(land_names) or 'nothing'}")
        a = _values(name, value)
        if a.ndim == 0:
            (fixed_land if in_land else fixed_opt)[name] = a.item()
        else:
            axes.append((name, a))
            (land_axes if in_land else opt_axes).append(name)
    plan = Plan(land, land_name, opt, opt_name, axes, land_axes, opt_axes, fixed_land, fixed_opt,
                np.empty((0, 0)), int(steps), reduce, None if target is None else float(target), int(chunk))
    dims = _check_landscapes(plan)
    plan.starts = _starts(starts, dims)
    _check_optimizer(plan)
    return plan


def _landscape(landscape):
    if isinstance(landscape, Landscape):
        return landscape, landscape.name
    if isinstance(landscape, str):
        if landscape in LANDSCAPES:
            return LANDSCAPES[landscape], landscape
        try:
            return landscapes.Expression(landscape), landscape
        except ValueError as exc:
            raise SweepError(f"landscape is neither one of {', '.join(LANDSCAPES)} nor a formula: {exc}") from None
    if callable(landscape):
        return landscape, getattr(landscape, "__name__", "landscape")
    raise SweepError(f"landscape must be a name, a formula, a Landscape or a factory, got {landscape!r}")


def _optimizer(optimizer):
    if isinstance(optimizer, str):
        if optimizer not in OPTIMIZERS:
            raise SweepError(f"unknown optimizer {optimizer!r}; choose one of {', '.join(OPTIMIZERS)}")
        return OPTIMIZERS[optimizer], optimizer
    if callable(optimizer):
        return optimizer, getattr(optimizer, "__name__", "optimizer")
    raise SweepError(f"optimizer must be a name or a factory, got {optimizer!r}")


def _check_landscapes(plan: Plan) -> int:
    if isinstance(plan.landscape, Landscape):
        return plan.landscape.dim
    dims = set()
    for combo in itertools.product(*(range(len(plan.axis(n))) for n in plan.land_axes)):
        factory, kwargs = plan.land_spec(combo)
        try:
            dims.add(factory(**kwargs).dim)
        except (ValueError, TypeError) as exc:
            raise SweepError(f"{plan.landscape_name} with {kwargs}: {exc}") from None
    if len(dims) != 1:
        raise SweepError(f"{plan.landscape_name}: the swept landscapes differ in dimension ({sorted(dims)})")
    return dims.pop()


def _starts(starts, dim: int) -> np.ndarray:
    s = np.asarray(starts, dtype=np.float64)
    if s.ndim == 1 and s.size == dim:
        s = s[None]
    if s.ndim != 2 or s.shape[1] != dim or s.shape[0] == 0:
        raise SweepError(f"starts must have shape (runs, {dim}), got {s.shape}")
    if not np.all(np.isfinite(s)):
        raise SweepError("starts must be finite")
    return s


def _check_optimizer(plan: Plan) -> None:
    """Each axis's extremes alone, the other axes at their first values: the factory's own checks and words.

    The optimizers' limits are intervals (lr ≥ 0, 0 ≤ β < 1, …), so the extremes stand for the values
    between them; a joint condition (Nesterov needs momentum) is checked again where the runs start."""
    first = {n: plan.axis(n)[0].item() for n in plan.opt_axes}
    trials = [first]
    for n in plan.opt_axes:
        values = plan.axis(n)
        trials += [{**first, n: values.min().item()}, {**first, n: values.max().item()}]
    for kwargs in trials:
        try:
            plan.optimizer(**plan.fixed_opt, **kwargs)
        except (ValueError, TypeError) as exc:
            raise SweepError(f"{plan.optimizer_name} with {kwargs}: {exc}") from None


def memory_budget() -> int:
    """Half the memory available now (bytes): what a sweep held in memory may use."""
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2
    except (ValueError, OSError, AttributeError):
        return 2**31
