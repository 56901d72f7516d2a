"""One chunk of a sweep: a contiguous range of runs, simulated together and reduced to one float each.

A chunk lives inside one combination of the landscape's swept parameters. Its runs are the entries
``a … b−1`` of the block ``(optimizer axes…, runs)`` in C order, so each run has its own optimizer
hyper-parameters and its own start. ``SGD`` takes its swept hyper-parameters as arrays (one value per run,
every run advancing in the same vectorised update, with exactly ``sim.SGD``'s arithmetic); other optimizers
run one grid point at a time, vectorised over that point's runs.

Each step is the loop of :func:`sim.simulate`::

    x_0 = start,   x_{k+1}, state_{k+1} = update(∇f(x_k), state_k, x_k)

so a run here is bit for bit the run ``simulate`` makes, without keeping its positions.
"""
from __future__ import annotations

import ctypes
import inspect
import os
import sys

import numpy as np

from ..optim import SGD, SGDState, Optimizer
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

    if not names or factory is SGD:
        # In blocks of BLOCK runs: a block's arrays stay in cache through its steps.
        out = []
        for lo in range(0, flat.size, BLOCK):
            hi = min(lo + BLOCK, flat.size)
            opt = sgd_arrays(fixed, {n: v[lo:hi] for n, v in hyper.items()}) if names else factory(**fixed)
            out.append(_run(landscape, opt, x0[lo:hi], task))
        return np.concatenate(out)
    # One grid point at a time: the runs of one point are contiguous (runs is the last axis).
    point = flat // runs
    cuts = np.flatnonzero(np.diff(point)) + 1
    out = []
    for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, flat.size]):
        kwargs = {**fixed, **{name: hyper[name][lo].item() for name in names}}
        out.append(_run(landscape, factory(**kwargs), x0[lo:hi], task))
    return np.concatenate(out)


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


_SGD_DEFAULTS = {name: p.default for name, p in inspect.signature(SGD).parameters.items()
                 if p.default is not inspect.Parameter.empty}


def sgd_arrays(fixed: dict, hyper: dict) -> Optimizer:
    """``sim.SGD`` with any of its hyper-parameters given as one value per run (arrays of shape (n,)).

    The same step, element by element: where a scalar SGD would take a branch (momentum = 0, dampening = 0,
    weight decay = 0, nesterov, maximize), the array form takes it per run with ``np.where``, so each run's
    arithmetic, and so its bits, match ``SGD`` with that run's scalars.
    """
    p = {**_SGD_DEFAULTS, **fixed}
    for name, values in hyper.items():
        values = np.asarray(values)
        # A chunk's axis with one value is a scalar: the same arithmetic per run, fewer passes.
        p[name] = values[0].item() if np.all(values == values[0]) else values[:, None]
    if "lr" not in p:
        raise ValueError("SGD needs lr")
    lr, m, d, wd = (p[k] if isinstance(p[k], np.ndarray) else float(p[k])
                    for k in ("lr", "momentum", "dampening", "weight_decay"))
    nesterov, maximize = (p[k] if isinstance(p[k], np.ndarray) else bool(p[k]) for k in ("nesterov", "maximize"))
    for name, v in (("learning rate", lr), ("momentum value", m), ("weight_decay value", wd)):
        if np.any(np.asarray(v) < 0.0):
            raise ValueError(f"Invalid {name}: {np.min(v)}")
    bad_nesterov = np.asarray(nesterov) & ((np.asarray(m) <= 0) | (bool(p["strict"]) & (np.asarray(d) != 0)))
    if np.any(bad_nesterov):
        raise ValueError("Nesterov momentum requires a momentum and zero dampening")

    zero_m = np.asarray(m) == 0.0
    some_zero_m = bool(zero_m.any())

    def init(x0):
        return SGDState(step=np.zeros(x0.shape[:-1], dtype=np.int64), buf=np.zeros_like(x0))

    def update(grad, state, x):
        g = np.where(maximize, -grad, grad) if isinstance(maximize, np.ndarray) else (-grad if maximize else grad)
        if isinstance(wd, np.ndarray):
            g = np.where(wd != 0.0, g + wd * x, g)
        elif wd != 0.0:
            g = g + wd * x
        step = state.step + 1
        if isinstance(d, np.ndarray):
            first = (state.step == 0)[..., None]
            buf = np.where(d == 0.0, m * state.buf + g, np.where(first, g, m * state.buf + (1.0 - d) * g))
        elif d == 0.0:
            buf = m * state.buf + g
        else:
            buf = np.where((state.step == 0)[..., None], g, m * state.buf + (1.0 - d) * g)
        if isinstance(nesterov, np.ndarray):
            direction = np.where(nesterov, g + m * buf, buf)
        else:
            direction = g + m * buf if nesterov else buf
        if isinstance(m, np.ndarray) and some_zero_m:
            return (np.where(zero_m, x - lr * g, x - lr * direction),
                    SGDState(step, np.where(zero_m, state.buf, buf)))
        if isinstance(m, np.ndarray):
            return x - lr * direction, SGDState(step, buf)
        if m == 0.0:
            return x - lr * g, SGDState(step, state.buf)
        return x - lr * direction, SGDState(step, buf)

    params = {k: (v if not isinstance(v, np.ndarray) else "per run") for k, v in p.items()}
    return Optimizer(init, update, lambda state: state.buf, dict(name="SGD", **params))
