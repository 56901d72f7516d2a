"""The one loop: run an optimizer on a landscape for a number of steps."""

from __future__ import annotations

import numbers

import numpy as np

from .trajectory import Trajectory


def _value_and_grad(landscape):
    if hasattr(landscape, "value_and_grad"):
        return landscape.value_and_grad
    return lambda x: (landscape.value(x), landscape.grad(x))


def simulate(landscape, start, optimizer, steps: int) -> Trajectory:
    """Run ``optimizer`` on ``landscape`` from ``start`` for ``steps`` steps.

    ``start`` has shape ``(dim,)`` for one run or ``(runs, dim)`` for a batch;
    the runs advance together, one vectorised update per step::

        x_0 = start,   x_{k+1}, state_{k+1} = update(∇f(x_k), state_k, x_k)

    A run that diverges does not stop the others: inf and nan are kept in the
    arrays as they arise.
    """
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    steps = int(steps)
    x = np.array(start, dtype=np.float64)
    if x.ndim not in (1, 2) or x.shape[-1] != landscape.dim:
        raise ValueError(
            f"start must have shape ({landscape.dim},) or (runs, {landscape.dim}) "
            f"for {landscape.name}, got {x.shape}"
        )
    if not np.all(np.isfinite(x)):
        raise ValueError("start must be finite")

    shape = (steps + 1,) + x.shape
    positions = np.empty(shape)
    values = np.empty(shape[:-1])
    gradients = np.empty(shape)
    velocities = np.empty(shape)
    update, velocity, value_and_grad = optimizer.update, optimizer.velocity, _value_and_grad(landscape)

    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        state = optimizer.init(x)
        values[0], g = value_and_grad(x)
        positions[0], gradients[0], velocities[0] = x, g, 0.0
        for k in range(1, steps + 1):
            x, state = update(g, state, x)
            values[k], g = value_and_grad(x)
            positions[k] = x
            gradients[k] = g
            velocities[k] = velocity(state)

    params = {
        "landscape": landscape.name,
        "optimizer": dict(optimizer.params),
        "steps": steps,
        "start": np.asarray(start, dtype=np.float64).tolist(),
    }
    return Trajectory(positions, values, gradients, velocities, params)
