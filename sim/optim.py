"""Optimizers as pairs of pure functions, in the style of optax.

An optimizer is an :class:`Optimizer` holding

* ``init(x0) -> state``
* ``update(grad, state, x) -> (new_x, state)``
* ``velocity(state) -> array``: the momentum buffer, zeros where there is none
* ``params``: its hyper-parameters plus ``"name"``, JSON-serialisable.

Every function is vectorised: ``x`` and ``grad`` have shape ``(..., dim)``
and any leading dimensions are independent runs. Nothing is mutated.

The hyper-parameters that :func:`per_run` names may also be given one value
per run, as an array of the runs' shape ``x.shape[:-1]``: run i then takes
the i-th value, exactly as if it were run alone with it, so one batched
``simulate`` call tries a whole grid of settings.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

import numpy as np


class Optimizer(NamedTuple):
    """The functions and hyper-parameters of one optimizer."""

    init: Callable[[np.ndarray], Any]
    update: Callable[[np.ndarray, Any, np.ndarray], tuple[np.ndarray, Any]]
    velocity: Callable[[Any], np.ndarray]
    params: dict


def _as_float_array(x0) -> np.ndarray:
    x0 = np.asarray(x0)
    return x0 if np.issubdtype(x0.dtype, np.floating) else x0.astype(np.float64)


def per_run(value) -> float | np.ndarray:
    """A hyper-parameter as a Python float, or, given one value per run (an array of
    the runs' shape), as a read-only float array of that shape plus a trailing axis
    of 1, which broadcasts over ``dim``. Per-run values are accepted by SGD's lr and
    momentum, Adam's and AdamW's lr and betas, RMSprop's lr and alpha, Adagrad's lr."""
    a = np.asarray(value, dtype=np.float64)
    if a.ndim == 0:
        return float(a)
    a = a[..., None].copy()
    a.setflags(write=False)
    return a


def listed(value):
    """A hyper-parameter from :func:`per_run` in JSON form: the float, or the list of per-run values."""
    return value if isinstance(value, float) else value[..., 0].tolist()


class SGDState(NamedTuple):
    """``step``: updates taken so far, one count per run (shape ``x.shape[:-1]``).
    ``buf``: the momentum buffer ``b``, zeros before the first step."""

    step: np.ndarray
    buf: np.ndarray


def SGD(
    lr: float,
    momentum: float = 0.0,
    dampening: float = 0.0,
    nesterov: bool = False,
    weight_decay: float = 0.0,
    maximize: bool = False,
    strict: bool = True,
) -> Optimizer:
    """Stochastic gradient descent with exactly ``torch.optim.SGD``'s step.

    For learning rate lr, momentum m, dampening d and weight decay wd::

        g <- -g if maximize
        g <- g + wd * x
        b <- g                        on the first step (torch does not dampen it)
        b <- m * b + (1 - d) * g      on every later step
        direction = g + m * b  if nesterov  else  b
        x <- x - lr * direction

    With m = 0 there is no buffer and the direction is g. ``strict=False`` accepts Nesterov with
    dampening, direction = g + m * (m * b + (1 - d) * g): the ``torch.optim.SGD`` constructor refuses
    the pair, but torch's functional step (``torch.optim.sgd.sgd``) computes it with the same code.
    """
    lr, momentum = per_run(lr), per_run(momentum)
    dampening, weight_decay = float(dampening), float(weight_decay)
    nesterov, maximize = bool(nesterov), bool(maximize)
    # Same checks and wording as torch.optim.SGD.__init__.
    if np.any(lr < 0.0):
        raise ValueError(f"Invalid learning rate: {np.min(lr)}")
    if np.any(momentum < 0.0):
        raise ValueError(f"Invalid momentum value: {np.min(momentum)}")
    if weight_decay < 0.0:
        raise ValueError(f"Invalid weight_decay value: {weight_decay}")
    if nesterov and (np.any(momentum <= 0) or (strict and dampening != 0)):
        raise ValueError("Nesterov momentum requires a momentum and zero dampening")

    def init(x0):
        x0 = _as_float_array(x0)
        return SGDState(step=np.zeros(x0.shape[:-1], dtype=np.int64), buf=np.zeros_like(x0))

    def update(grad, state, x):
        g = -grad if maximize else grad
        if weight_decay != 0.0:
            g = g + weight_decay * x
        step = state.step + 1
        if isinstance(momentum, float) and momentum == 0.0:
            return x - lr * g, SGDState(step, state.buf)
        if dampening == 0.0:
            # The buffer starts at zero, so this is exactly b = g on the first step.
            buf = momentum * state.buf + g
        else:
            first = (state.step == 0)[..., None]
            buf = np.where(first, g, momentum * state.buf + (1.0 - dampening) * g)
        direction = g + momentum * buf if nesterov else buf
        if not isinstance(momentum, float):
            direction = np.where(momentum == 0.0, g, direction)  # torch keeps no buffer at m = 0
        return x - lr * direction, SGDState(step, buf)

    params = dict(
        name="SGD",
        lr=listed(lr),
        momentum=listed(momentum),
        dampening=dampening,
        nesterov=nesterov,
        weight_decay=weight_decay,
        maximize=maximize,
    )
    return Optimizer(init, update, lambda state: state.buf, params)


def _check_lr(lr: float) -> float:
    lr = float(lr)
    if lr < 0.0:
        raise ValueError(f"Invalid learning rate: {lr}")
    return lr


class EMAState(NamedTuple):
    """``v``: the exponential moving average of the gradients, zeros at first."""

    v: np.ndarray


def EMAMomentum(lr: float, beta: float) -> Optimizer:
    """Momentum as an exponential moving average of the gradients::

        v <- beta * v + (1 - beta) * g      from v0 = 0
        x <- x - lr * v

    This is ``SGD(lr * (1 - beta), momentum=beta)`` on every step, the first
    included. On a constant slope g its step tends to lr * g, whereas SGD's
    heavy ball with the same lr tends to lr * g / (1 - beta).
    """
    lr, beta = _check_lr(lr), float(beta)
    if not 0.0 <= beta < 1.0:
        raise ValueError(f"Invalid beta value: {beta} (need 0 <= beta < 1)")

    def init(x0):
        return EMAState(np.zeros_like(_as_float_array(x0)))

    def update(grad, state, x):
        v = beta * state.v + (1.0 - beta) * grad
        return x - lr * v, EMAState(v)

    params = dict(name="EMAMomentum", lr=lr, beta=beta)
    return Optimizer(init, update, lambda state: state.v, params)


class KerasState(NamedTuple):
    """``v``: the last displacement of x, zeros at first."""

    v: np.ndarray


def Keras(lr: float, momentum: float = 0.0) -> Optimizer:
    """The Keras form of heavy-ball momentum::

        v <- m * v - lr * g                 from v0 = 0
        x <- x + v

    With a constant lr this is the path of ``SGD(lr, momentum=m)``, with
    v = -lr * b. Its velocity is v itself: a displacement, not a gradient.
    """
    lr, momentum = _check_lr(lr), float(momentum)
    if momentum < 0.0:
        raise ValueError(f"Invalid momentum value: {momentum}")

    def init(x0):
        return KerasState(np.zeros_like(_as_float_array(x0)))

    def update(grad, state, x):
        v = momentum * state.v - lr * grad
        return x + v, KerasState(v)

    params = dict(name="Keras", lr=lr, momentum=momentum)
    return Optimizer(init, update, lambda state: state.v, params)
