"""One chunk of a sweep: a contiguous range of runs, simulated together and reduced to one float each.

A chunk lives inside one combination of the landscape's swept parameters. Its runs are the entries
``a … b−1`` of the block ``(optimizer axes…, runs)`` in C order, so each run has its own optimizer
hyper-parameters and its own start. The runs advance in blocks of ``BLOCK``. Within a block, an argument
with one value is passed as a scalar; the others go as one value per run where the optimizer takes them so
(``PER_RUN``: sim's optimizers, each run then exactly as if run alone), and otherwise the block runs one grid
point at a time, vectorised over that point's runs.

Each step is the loop of :func:`sim.simulate`::

    x_0 = start,   x_{k+1}, state_{k+1} = update(∇f(x_k), state_k, x_k)

so a run here is bit for bit the run ``simulate`` makes, without keeping its positions.
"""
from __future__ import annotations

import ctypes
import os
import sys

import numpy as np

from ..adaptive import Adagrad, Adam, AdamW, RMSprop
from ..optim import SGD, Optimizer
from ..simulate import _value_and_grad
from .reduce import Reducer


def build_landscape(spec):
    """``spec`` is a landscape object, or ``(factory, kwargs)``."""
    if isinstance(spec, tuple):
        factory, kwargs = spec
        return factory(**kwargs)
    return spec


_MALLOC_SET = False
BLOCK = 8192  # runs simulated together: 128 KiB per array in 2-D, which stays in cache
PER_RUN = {SGD: ("lr", "momentum"), Adam: ("lr",), AdamW: ("lr",), RMSprop: ("lr", "alpha"), Adagrad: ("lr",)}


def _usual_malloc() -> None:
    """Dask starts its workers with MALLOC_TRIM_THRESHOLD_=65536. Setting it freezes glibc's adaptive
    thresholds, so every numpy temporary over 128 KiB becomes a fresh mmap, page-faulted in and unmapped
    again at each step: 2–4× slower chunks. Where that variable is set, give glibc back sizes that keep
    a chunk's temporaries on the heap (once per process; memory is still returned above 256 MiB free)."""
    global _MALLOC_SET
    if _MALLOC_SET or "MALLOC_TRIM_THRESHOLD_" not in os.environ or not sys.platform.startswith("linux"):
        return
    _MALLOC_SET = True
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-1, 256 * 2**20)  # M_TRIM_THRESHOLD
        libc.mallopt(-3, 64 * 2**20)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):
        pass


def run_chunk(task: dict) -> np.ndarray:
    """Simulate and reduce the runs ``task["a"] … task["b"] − 1``; returns float64 of length b − a."""
    _usual_malloc()
    landscape = build_landscape(task["landscape"])
    names = [name for name, _ in task["opt_axes"]]
    lens = [len(values) for _, values in task["opt_axes"]]
    runs = task["runs"]
    flat = np.arange(task["a"], task["b"])
    index = np.unravel_index(flat, tuple(lens) + (runs,))
    x0 = np.asarray(task["starts"], dtype=np.float64)[index[-1] - task["run0"]]
    hyper = {name: np.asarray(values)[i] for (name, values), i in zip(task["opt_axes"], index[:-1])}
    factory, fixed = task["optimizer"], task["fixed_opt"]

    point = flat // runs
    out = []
    for lo in range(0, flat.size, BLOCK):
        hi = min(lo + BLOCK, flat.size)
        opt = _block_optimizer(factory, fixed, {n: v[lo:hi] for n, v in hyper.items()})
        if opt is not None:
            out.append(_run(landscape, opt, x0[lo:hi], task))
            continue
        # One grid point at a time: the runs of one point are contiguous (runs is the last axis).
        cuts = lo + np.flatnonzero(np.diff(point[lo:hi])) + 1
        for a, b in zip(np.r_[lo, cuts], np.r_[cuts, hi]):
            kwargs = {**fixed, **{name: hyper[name][a].item() for name in names}}
            out.append(_run(landscape, factory(**kwargs), x0[a:b], task))
    return np.concatenate(out)


def _block_optimizer(factory, fixed: dict, hyper: dict) -> Optimizer | None:
    """One optimizer for a block's runs, or None where it needs one per grid point."""
    kwargs, per_run = dict(fixed), {}
    for name, values in hyper.items():
        if np.all(values == values[0]):
            kwargs[name] = values[0].item()
        else:
            per_run[name] = values
    if per_run and not set(per_run) <= set(PER_RUN.get(factory, ())):
        return None
    return factory(**kwargs, **per_run)


def _run(landscape, optimizer: Optimizer, x0: np.ndarray, task: dict) -> np.ndarray:
    steps = task["steps"]
    minima = np.asarray(landscape.minima, dtype=np.float64)
    reducer = Reducer(task["reduce"], x0.shape[0], steps, minima, task.get("target"))
    if minima.size:
        reducer.set_f_star(float(landscape.value(minima[0])))
    value_and_grad = _value_and_grad(landscape)
    update = optimizer.update
    x = x0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        state = optimizer.init(x)
        f, g = value_and_grad(x)
        reducer.start(x, f)
        for k in range(1, steps + 1):
            x, state = update(g, state, x)
            f, g = value_and_grad(x)
            reducer.step(k, x, f)
    return reducer.finish()
