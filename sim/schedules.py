"""Learning-rate schedules with torch.optim.lr_scheduler's values, and a wrapper
that drives any optimizer with one.

A :class:`Schedule` is torch's chainable rule ``next(lr, epoch, base_lr)``: the
learning rate for ``epoch`` from the one before it. As in torch, epoch 0 uses
the optimizer's own lr, and the k-th update (k = 0, 1, ...) uses epoch k's lr
(torch's ``optimizer.step(); scheduler.step()`` loop)::

    opt = with_schedule(SGD(0.1, momentum=0.9), StepLR(step_size=30, gamma=0.1))
    traj = simulate(landscape, start, opt, 100)

The values are computed in Python floats by torch's own recursion, so they
equal ``scheduler.get_last_lr()`` step for step, not merely the closed form.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Callable, NamedTuple

import numpy as np

from . import adaptive, optim
from .optim import Optimizer


class Schedule(NamedTuple):
    """``next(lr, epoch, base_lr) -> lr``: torch's ``get_lr`` for ``epoch`` >= 1,
    given the previous lr; ``params``: its settings plus ``"name"``."""

    next: Callable[[float, int, float], float]
    params: dict


def _positive_int(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def StepLR(step_size: int, gamma: float = 0.1) -> Schedule:
    """``torch.optim.lr_scheduler.StepLR``: the lr is multiplied by gamma every
    ``step_size`` epochs, lr_e = base_lr · gamma^(e // step_size)."""
    step_size, gamma = _positive_int("step_size", step_size), float(gamma)

    def next_lr(lr, epoch, base_lr):
        return lr * gamma if epoch % step_size == 0 else lr

    return Schedule(next_lr, dict(name="StepLR", step_size=step_size, gamma=gamma))


def CosineAnnealingLR(T_max: int, eta_min: float = 0.0) -> Schedule:
    """``torch.optim.lr_scheduler.CosineAnnealingLR``, whose closed form is::

        lr_e = eta_min + (base_lr - eta_min) (1 + cos(pi e / T_max)) / 2

    torch computes it recursively (and so does this), and past T_max it rises
    again: a cosine of period 2 T_max, with no restart.
    """
    T_max, eta_min = _positive_int("T_max", T_max), float(eta_min)

    def next_lr(lr, epoch, base_lr):
        if (epoch - 1 - T_max) % (2 * T_max) == 0:
            # The ratio below would be 0/0 here, at the bottom of the cosine.
            return lr + (base_lr - eta_min) * (1 - math.cos(math.pi / T_max)) / 2
        return (1 + math.cos(math.pi * epoch / T_max)) / (
            1 + math.cos(math.pi * (epoch - 1) / T_max)
        ) * (lr - eta_min) + eta_min

    return Schedule(next_lr, dict(name="CosineAnnealingLR", T_max=T_max, eta_min=eta_min))


def learning_rates(schedule: Schedule, base_lr: float, n: int) -> np.ndarray:
    """The learning rates of epochs 0 .. n-1."""
    out = [float(base_lr)]
    for epoch in range(1, n):
        out.append(schedule.next(out[-1], epoch, float(base_lr)))
    return np.array(out[:n])


_FACTORIES = {
    "SGD": optim.SGD,
    "EMAMomentum": optim.EMAMomentum,
    "Keras": optim.Keras,
    "Adam": adaptive.Adam,
    "AdamW": adaptive.AdamW,
    "RMSprop": adaptive.RMSprop,
    "Adagrad": adaptive.Adagrad,
}


class ScheduledState(NamedTuple):
    """``step``: updates per run (the epoch of the next update); ``inner``: the
    wrapped optimizer's state."""

    step: np.ndarray
    inner: Any


def _select(mask: np.ndarray, a, b):
    """``a`` where ``mask`` (over the run dimensions) else ``b``, field by field."""
    if isinstance(a, tuple):
        return type(a)(*(_select(mask, u, v) for u, v in zip(a, b)))
    a = np.asarray(a)
    return np.where(mask.reshape(mask.shape + (1,) * (a.ndim - mask.ndim)), a, b)


def with_schedule(
    optimizer: Optimizer, schedule: Schedule, factory: Callable[..., Optimizer] | None = None
) -> Optimizer:
    """``optimizer`` with its lr set by ``schedule`` before every update.

    The optimizer is rebuilt with each epoch's lr from its ``params`` (all but
    ``"name"``) by ``factory``: by default the sim optimizer that ``params["name"]``
    names; pass your own for an optimizer of yours. Its state must not depend on
    lr (true of every optimizer in sim, as of torch's). Runs at different steps
    each take their own epoch's lr. ``params`` gains ``"schedule"``.
    """
    if "schedule" in optimizer.params:
        raise ValueError("this optimizer already has a schedule")
    kwargs = {k: v for k, v in optimizer.params.items() if k != "name"}
    if "lr" not in kwargs:
        raise ValueError("a scheduled optimizer needs an 'lr' in its params")
    if factory is None:
        name = optimizer.params.get("name")
        if name not in _FACTORIES:
            raise ValueError(f"no known optimizer named {name!r}: pass factory= to rebuild it with a new lr")
        factory = _FACTORIES[name]
    base_lr = float(kwargs["lr"])
    lrs = [base_lr]
    built: dict[float, Optimizer] = {}

    def at(epoch: int) -> Optimizer:
        while len(lrs) <= epoch:
            lrs.append(schedule.next(lrs[-1], len(lrs), base_lr))
        lr = lrs[epoch]
        if lr not in built:
            built[lr] = factory(**{**kwargs, "lr": lr})
        return built[lr]

    def init(x0):
        inner = optimizer.init(x0)
        return ScheduledState(np.zeros(np.shape(x0)[:-1], dtype=np.int64), inner)

    def update(grad, state, x):
        t = state.step
        if t.size == 0 or (t == t.flat[0]).all():
            new_x, inner = at(int(t.flat[0]) if t.size else 0).update(grad, state.inner, x)
        else:
            new_x = inner = None
            for epoch in np.unique(t):
                x_e, inner_e = at(int(epoch)).update(grad, state.inner, x)
                mask = t == epoch
                new_x = x_e if new_x is None else _select(mask, x_e, new_x)
                inner = inner_e if inner is None else _select(mask, inner_e, inner)
        return new_x, ScheduledState(t + 1, inner)

    def velocity(state):
        return optimizer.velocity(state.inner)

    return Optimizer(init, update, velocity, {**optimizer.params, "schedule": dict(schedule.params)})
