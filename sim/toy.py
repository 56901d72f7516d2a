"""The ball-in-a-valley rule of the PyTorch momentum how-to (seed 003).

It is not gradient descent: the ball moves one grid point right whenever its
velocity is negative, whatever the velocity's size.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .landscapes import SampledValley


class ToyRun(NamedTuple):
    """``path``: grid index after each epoch, starting with 0.
    ``velocities``: the velocity after each epoch, starting with 0."""

    path: np.ndarray
    velocities: np.ndarray


def toy_roll(momentum: float = 0.0, epochs: int = 50, X=None, y=None) -> ToyRun:
    """Roll the ball from grid index 0 for ``epochs + 1`` epochs (the article's
    ``range(epochs + 1)``), so both arrays have length ``epochs + 2``::

        g = (y[pos+1] − y[pos]) / (X[pos+1] − X[pos])
        v = m v + (1 − m) g              from v = 0
        pos += 1  if v < 0

    The ball stops at the last grid point; there the last cell's slope is used.
    The article appends ``pos − 1`` to its path after each step, an off-by-one;
    this records ``pos`` itself. Defaults X, y: :class:`SampledValley`'s grid.
    """
    if (X is None) != (y is None):
        raise ValueError("give both X and y, or neither")
    if X is None:
        valley = SampledValley()
        X, y = valley.X, valley.y
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if X.ndim != 1 or X.shape != y.shape or X.size < 2:
        raise ValueError(f"X and y must be 1-D of the same length >= 2, got {X.shape} and {y.shape}")
    m = float(momentum)
    if not 0.0 <= m < 1.0:
        raise ValueError(f"momentum must be in [0, 1), got {m}")
    if int(epochs) != epochs or epochs < 0:
        raise ValueError(f"epochs must be a non-negative integer, got {epochs!r}")

    last = X.size - 1
    path, velocities = [0], [0.0]
    pos, v = 0, 0.0
    for _ in range(int(epochs) + 1):
        i = min(pos, last - 1)
        g = (y[i + 1] - y[i]) / (X[i + 1] - X[i])
        v = m * v + (1.0 - m) * g
        if v < 0 and pos < last:
            pos += 1
        path.append(pos)
        velocities.append(v)
    return ToyRun(np.array(path), np.array(velocities))
