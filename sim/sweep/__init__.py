"""Sweeps: one optimizer over a grid of hyper-parameters (and landscape parameters) from many starts,
reduced to one number per run, in this process or on a Dask cluster::

    import numpy as np, sim
    from sim import sweep

    starts = np.random.default_rng(0).uniform(-3, 3, (1000, 2))
    res = sweep.sweep("ravine", starts, "SGD",
                      {"kappa": [10, 100], "lr": np.linspace(0.001, 0.2, 50), "momentum": np.linspace(0, 0.99, 50)},
                      steps=500, reduce="rate")
    res.values.shape, res.dims      # (2, 50, 50, 1000), ('kappa', 'lr', 'momentum', 'run')

The module itself is callable too: ``sim.sweep(landscape, starts, optimizer, grid, steps, reduce, client)``.
``client`` may be a ``dask.distributed.Client`` or a scheduler address; dask is imported only then.
From the shell: ``python -m sim.sweep --help``.
"""
from __future__ import annotations

import sys
import types

from .grid import DEFAULT_CHUNK, LANDSCAPES, OPTIMIZERS, SweepError
from .reduce import REDUCERS
from .run import SchedulerUnreachable, sweep
from .store import SweepResult, load

__all__ = ["sweep", "SweepResult", "SweepError", "SchedulerUnreachable", "load", "REDUCERS", "LANDSCAPES",
           "OPTIMIZERS", "DEFAULT_CHUNK"]


class _CallableModule(types.ModuleType):
    def __call__(self, *args, **kwargs):
        return sweep(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
