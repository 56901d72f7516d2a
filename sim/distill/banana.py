"""The hero figure: momentum on a banana (Distill figure 1).

    f(x, y) = (1 − x)² + 20(3y − x²)²,
    ∇f = (−2(1 − x) − 80x(3y − x²),  120(3y − x²)),

minimum f = 0 at (1, 1/3). From the start (−1.21, 0.853) the article runs momentum
z ← βz + ∇f(w), w ← w − αz (``SGD(lr=α, momentum=β)``) for 150 steps at **α = 0.003, β = 0.74**
(its static labels say 0.02 and 0.99: erratum E1). Plot window x ∈ [−2, 2], y ∈ [−0.2667, 1.0667].

Curvature at the optimum: the Hessian [[2 + 240x² − 240y, −240x], [−240x, 360]] at (1, 1/3) is
[[162, −240], [−240, 360]], eigenvalues 261 ∓ √(99² + 240²) = 261 ∓ 259.6170 ≈ 1.3830 and 520.6170
(κ ≈ 376.4), so plain gradient descent is stable near the optimum only for α < 2/λ_max ≈ 0.0038416.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..landscapes import Landscape, _frozen
from ..optim import SGD
from ..simulate import simulate

ALPHA = 0.003
BETA = 0.74
STEPS = 150
START = (-1.21, 0.853)


class Banana(Landscape):
    """f(x, y) = (1 − x)² + 20(3y − x²)²."""

    name = "banana"
    dim = 2

    def __init__(self):
        self.minima = _frozen([[1.0, 1.0 / 3.0]])
        self.bounds = ((-2.0, 2.0), (-0.2667, 1.0667))
        self.start = _frozen(START)

    def _value(self, p):
        x, y = p[..., 0], p[..., 1]
        return (1.0 - x) ** 2 + 20.0 * (3.0 * y - x**2) ** 2

    def _grad(self, p):
        x, y = p[..., 0], p[..., 1]
        r = 3.0 * y - x**2
        return np.stack([-2.0 * (1.0 - x) - 80.0 * x * r, 120.0 * r], axis=-1)

    def hessian(self, p) -> np.ndarray:
        """[[2 − 80(3y − x²) + 160x², −240x], [−240x, 360]], shape (…, 2, 2)."""
        p = self._check(p)
        x, y = p[..., 0], p[..., 1]
        hxx = 2.0 - 80.0 * (3.0 * y - x**2) + 160.0 * x**2
        return np.stack([np.stack([hxx, -240.0 * x], -1), np.stack([-240.0 * x, np.full_like(x, 360.0)], -1)], -2)


class Curvature(NamedTuple):
    hessian: np.ndarray  # at the optimum
    eigenvalues: np.ndarray  # ascending
    kappa: float
    gd_limit: float  # 2/λ_max


def curvature() -> Curvature:
    """The Hessian at (1, 1/3), its eigenvalues, κ and gradient descent's stability limit."""
    H = Banana().hessian(np.array([1.0, 1.0 / 3.0]))
    lam = np.linalg.eigvalsh(H)
    return Curvature(H, lam, float(lam[-1] / lam[0]), float(2.0 / lam[-1]))


def run(alpha: float = ALPHA, beta: float = BETA, steps: int = STEPS, start=START):
    """The momentum path by ``sim.simulate`` with ``SGD(α, momentum=β)``: a ``Trajectory``."""
    return simulate(Banana(), np.asarray(start, dtype=np.float64), SGD(alpha, momentum=beta), steps)
