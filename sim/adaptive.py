"""Adaptive optimizers with exactly torch.optim's steps: Adam, AdamW, RMSprop, Adagrad.

Each is an :class:`sim.optim.Optimizer` (``init``, ``update``, ``velocity``,
``params``) like ``SGD``: pure functions on NamedTuple states, vectorised over
the leading run dimensions of ``x`` (shape ``(..., dim)``). The arithmetic
follows torch's single-tensor CPU path operation by operation (the
``lerp``/``addcmul``/``addcdiv`` orders included), so paths agree with torch
in float64 to rounding.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import libm
from .optim import Optimizer, _as_float_array, listed, per_run


def _counts(step: np.ndarray):
    """The step counts as torch sees them: one Python float when every run is at
    the same step (torch computes its bias corrections in Python floats), else
    an array of shape ``step.shape + (1,)`` that broadcasts over ``dim``."""
    if step.size == 0:
        return 1.0
    first = step.flat[0]
    if (step == first).all():
        return float(first)
    return step.astype(np.float64)[..., None]


def _lerp(start: np.ndarray, end: np.ndarray, weight) -> np.ndarray:
    """torch.lerp(start, end, weight), with its two formulas split at |weight| = 0.5
    (chosen per run when ``weight`` holds one value per run)."""
    if not isinstance(weight, float):
        return np.where(np.abs(weight) < 0.5, (end - start) * weight + start,
                        (start - end) * (1.0 - weight) + end)
    if abs(weight) < 0.5:
        out = end - start
        out *= weight
        out += start
    else:
        out = start - end
        out *= 1.0 - weight
        out += end
    return out


def _check(value, label: str) -> None:
    # torch's wording and test (``not 0.0 <= v``, which also rejects nan), per run for arrays.
    values = np.atleast_1d(value)
    bad = ~(0.0 <= values)
    if np.any(bad):
        raise ValueError(f"Invalid {label}: {float(values[bad][0])}")


class AdamState(NamedTuple):
    """``step``: updates per run (shape ``x.shape[:-1]``); ``exp_avg`` m and
    ``exp_avg_sq`` v, the moment estimates; ``max_exp_avg_sq``: the running
    maximum of v (amsgrad; zeros otherwise)."""

    step: np.ndarray
    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray
    max_exp_avg_sq: np.ndarray


def Adam(
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 0.0,
    amsgrad: bool = False,
    maximize: bool = False,
    decoupled_weight_decay: bool = False,
) -> Optimizer:
    """Adam with exactly ``torch.optim.Adam``'s step. At step t = 1, 2, ...::

        g <- -g if maximize
        x <- x (1 - lr wd)              if decoupled_weight_decay (AdamW)
        g <- g + wd x                   otherwise
        m <- lerp(m, g, 1 - b1)         = b1 m + (1 - b1) g
        v <- b2 v + (1 - b2) g²
        vmax <- max(vmax, v)            if amsgrad, and v <- vmax below
        denom = sqrt(v) / sqrt(1 - b2^t) + eps
        x <- x - lr / (1 - b1^t) * m / denom

    from m = v = vmax = 0. The velocity is m.
    """
    lr, (beta1, beta2) = per_run(lr), map(per_run, betas)
    _check(lr, "learning rate")
    _check(eps, "epsilon value")
    for i, beta in enumerate((beta1, beta2)):
        ok = (0.0 <= beta) & (beta < 1.0)
        if not np.all(ok):
            first_bad = float(np.atleast_1d(beta)[~np.atleast_1d(ok)][0])
            raise ValueError(f"Invalid beta parameter at index {i}: {first_bad}")
    _check(weight_decay, "weight_decay value")
    eps, weight_decay = float(eps), float(weight_decay)
    amsgrad, maximize, decoupled = bool(amsgrad), bool(maximize), bool(decoupled_weight_decay)
    # beta^t by C's pow, as a run alone and torch take it (numpy's SIMD power is not correctly rounded)
    distinct1, distinct2 = (None if isinstance(b, float) else libm.distinct(b) for b in (beta1, beta2))

    def init(x0):
        x0 = _as_float_array(x0)
        zeros = np.zeros_like(x0)
        return AdamState(np.zeros(x0.shape[:-1], dtype=np.int64), zeros, zeros, zeros)

    def update(grad, state, x):
        g = -grad if maximize else grad
        step = state.step + 1
        if weight_decay != 0.0:
            if decoupled:
                x = x * (1.0 - lr * weight_decay)
            else:
                g = g + weight_decay * x
        m = _lerp(state.exp_avg, g, 1.0 - beta1)
        g2 = (1.0 - beta2) * g
        g2 *= g
        v = state.exp_avg_sq * beta2
        v += g2
        t = _counts(step)
        bias_correction2 = 1.0 - libm.power(beta2, t, distinct2)
        # a float as torch takes it; an array by sqrt, correctly rounded like C's pow(x, 0.5)
        bias_correction2_sqrt = np.sqrt(bias_correction2) if isinstance(bias_correction2, np.ndarray) \
            else bias_correction2**0.5
        step_size = lr / (1.0 - libm.power(beta1, t, distinct1))
        vmax = np.maximum(state.max_exp_avg_sq, v) if amsgrad else state.max_exp_avg_sq
        denom = np.sqrt(vmax if amsgrad else v)
        denom /= bias_correction2_sqrt
        denom += eps
        new_x = -step_size * m
        new_x /= denom
        new_x += x
        return new_x, AdamState(step, m, v, vmax)

    params = dict(
        name="AdamW" if decoupled else "Adam",
        lr=listed(lr),
        betas=[listed(beta1), listed(beta2)],
        eps=eps,
        weight_decay=weight_decay,
        amsgrad=amsgrad,
        maximize=maximize,
    )
    if not decoupled:
        params["decoupled_weight_decay"] = False
    return Optimizer(init, update, lambda state: state.exp_avg, params)


def AdamW(
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
    amsgrad: bool = False,
    maximize: bool = False,
) -> Optimizer:
    """``torch.optim.AdamW``: Adam with decoupled weight decay (note the default
    wd = 0.01), ``x <- x (1 - lr wd)`` before the moment updates; see :func:`Adam`."""
    return Adam(lr, betas, eps, weight_decay, amsgrad, maximize, decoupled_weight_decay=True)


class RMSpropState(NamedTuple):
    """``step``: updates per run; ``square_avg`` v; ``grad_avg`` ḡ (centered;
    zeros otherwise); ``momentum_buffer`` b (zeros without momentum)."""

    step: np.ndarray
    square_avg: np.ndarray
    grad_avg: np.ndarray
    momentum_buffer: np.ndarray


def RMSprop(
    lr: float = 1e-2,
    alpha: float = 0.99,
    eps: float = 1e-8,
    weight_decay: float = 0.0,
    momentum: float = 0.0,
    centered: bool = False,
    maximize: bool = False,
) -> Optimizer:
    """RMSprop with exactly ``torch.optim.RMSprop``'s step::

        g <- -g if maximize
        g <- g + wd x
        v <- alpha v + (1 - alpha) g²
        ḡ <- lerp(ḡ, g, 1 - alpha)       if centered
        a = sqrt(v - ḡ²) + eps  if centered  else  sqrt(v) + eps
        b <- m b + g / a;  x <- x - lr b     if momentum m > 0
        x <- x - lr g / a                     otherwise

    from v = ḡ = b = 0. The velocity is b (zeros without momentum).
    """
    _check(lr, "learning rate")
    _check(eps, "epsilon value")
    _check(momentum, "momentum value")
    _check(weight_decay, "weight_decay value")
    _check(alpha, "alpha value")
    lr, alpha = per_run(lr), per_run(alpha)
    eps, weight_decay, momentum = map(float, (eps, weight_decay, momentum))
    centered, maximize = bool(centered), bool(maximize)

    def init(x0):
        x0 = _as_float_array(x0)
        zeros = np.zeros_like(x0)
        return RMSpropState(np.zeros(x0.shape[:-1], dtype=np.int64), zeros, zeros, zeros)

    def update(grad, state, x):
        g = -grad if maximize else grad
        if weight_decay != 0.0:
            g = g + weight_decay * x
        v = state.square_avg * alpha
        v += (1.0 - alpha) * g * g
        grad_avg = state.grad_avg
        if centered:
            grad_avg = _lerp(grad_avg, g, 1.0 - alpha)
            avg = -grad_avg * grad_avg
            avg += v
            avg = np.sqrt(avg, out=avg)
        else:
            avg = np.sqrt(v)
        avg += eps
        buf = state.momentum_buffer
        if momentum > 0.0:
            buf = buf * momentum
            buf += g / avg
            new_x = -lr * buf
        else:
            new_x = -lr * g
            new_x /= avg
        new_x += x
        return new_x, RMSpropState(state.step + 1, v, grad_avg, buf)

    params = dict(
        name="RMSprop",
        lr=listed(lr),
        alpha=listed(alpha),
        eps=eps,
        weight_decay=weight_decay,
        momentum=momentum,
        centered=centered,
        maximize=maximize,
    )
    return Optimizer(init, update, lambda state: state.momentum_buffer, params)


class AdagradState(NamedTuple):
    """``step``: updates per run; ``sum``: the accumulated squared gradients."""

    step: np.ndarray
    sum: np.ndarray


def Adagrad(
    lr: float = 1e-2,
    lr_decay: float = 0.0,
    weight_decay: float = 0.0,
    initial_accumulator_value: float = 0.0,
    eps: float = 1e-10,
    maximize: bool = False,
) -> Optimizer:
    """Adagrad with exactly ``torch.optim.Adagrad``'s step. At step t = 1, 2, ...::

        g <- -g if maximize
        g <- g + wd x
        clr = lr / (1 + (t - 1) lr_decay)
        s <- s + g²
        x <- x - clr g / (sqrt(s) + eps)

    from s = initial_accumulator_value. There is no momentum: the velocity is zero.
    """
    _check(lr, "learning rate")
    _check(lr_decay, "lr_decay value")
    _check(weight_decay, "weight_decay value")
    _check(initial_accumulator_value, "initial_accumulator_value value")
    _check(eps, "epsilon value")
    lr = per_run(lr)
    lr_decay, weight_decay, initial, eps = map(float, (lr_decay, weight_decay, initial_accumulator_value, eps))
    maximize = bool(maximize)

    def init(x0):
        x0 = _as_float_array(x0)
        return AdagradState(np.zeros(x0.shape[:-1], dtype=np.int64), np.full_like(x0, initial))

    def update(grad, state, x):
        g = -grad if maximize else grad
        step = state.step + 1
        if weight_decay != 0.0:
            g = g + weight_decay * x
        clr = lr / (1.0 + (_counts(step) - 1.0) * lr_decay)
        s = g * g
        s += state.sum
        std = np.sqrt(s)
        std += eps
        new_x = -clr * g
        new_x /= std
        new_x += x
        return new_x, AdagradState(step, s)

    params = dict(
        name="Adagrad",
        lr=listed(lr),
        lr_decay=lr_decay,
        weight_decay=weight_decay,
        initial_accumulator_value=initial,
        eps=eps,
        maximize=maximize,
    )
    return Optimizer(init, update, lambda state: np.zeros_like(state.sum), params)
