"""Loss landscapes: small objects with a value and a gradient on batches.

Every landscape has

* ``dim`` and ``name``
* ``value(x)``: ``x`` of shape ``(..., dim)`` gives shape ``(...)``
* ``grad(x)``: shape ``(..., dim)``
* ``bounds``: one ``(lo, hi)`` per dimension, a sensible plotting window
* ``minima``: array ``(k, dim)`` of the known minima, the global one first
* ``start``: a sensible default start point, shape ``(dim,)``
* ``value_and_grad(x)``: both at once, sharing work where a landscape can
"""

from __future__ import annotations

import numpy as np

from .custom import Expression, Function  # noqa: F401  (landscapes of one's own: a formula or callables)
from .landscape_base import Landscape, _frozen

_BISECTIONS = 80


def _dot_last(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Σ_i a[..., i] b[..., i], summed in a fixed order.

    matmul and sum may add in an order that depends on the batch shape; a fixed
    order keeps every run bit-identical whether it is simulated alone or in a batch.
    """
    out = a[..., 0] * b[..., 0]
    for i in range(1, a.shape[-1]):
        out = out + a[..., i] * b[..., i]
    return out


def _matvec(A: np.ndarray, x: np.ndarray) -> np.ndarray:
    """A x for each vector on the last axis of x, in the same fixed order as _dot_last."""
    out = np.empty(x.shape[:-1] + (A.shape[0],))
    for j in range(A.shape[0]):
        row = out[..., j]
        np.multiply(x[..., 0], A[j, 0], out=row)
        for i in range(1, x.shape[-1]):
            row += x[..., i] * A[j, i]
    return out


def _minus(x: np.ndarray, c: np.ndarray) -> np.ndarray:
    """x − c for each vector on the last axis of x, one column at a time: the same numbers as the
    broadcast, which numpy computes far more slowly when the last axis is short."""
    if not c.any():
        return x  # x − 0 is x, bit for bit (−0 − 0 = −0)
    out = np.empty(x.shape)
    for i in range(x.shape[-1]):
        np.subtract(x[..., i], c[i], out=out[..., i])
    return out


def _roots_1d(f, lo: float, hi: float, samples: int = 20001) -> np.ndarray:
    """All sign changes of a scalar function on [lo, hi], refined by bisection."""
    xs = np.linspace(lo, hi, samples)
    fs = f(xs)
    idx = np.nonzero(np.sign(fs[:-1]) * np.sign(fs[1:]) <= 0)[0]
    a, b = xs[idx], xs[idx + 1]
    for _ in range(_BISECTIONS):
        mid = 0.5 * (a + b)
        left = np.sign(f(a)) * np.sign(f(mid)) <= 0
        a, b = np.where(left, a, mid), np.where(left, mid, b)
    return np.unique(np.round(0.5 * (a + b), 12))


class Quadratic(Landscape):
    """f(x) = ½ (x − c)ᵀ A (x − c),  ∇f(x) = A (x − c), for a symmetric A."""

    name = "quadratic"

    def __init__(self, hessian, center=None):
        A = np.atleast_2d(np.asarray(hessian, dtype=np.float64))
        if A.ndim != 2 or A.shape[0] != A.shape[1]:
            raise ValueError(f"hessian must be a square matrix, got shape {A.shape}")
        if not np.all(np.isfinite(A)) or not np.allclose(A, A.T, rtol=1e-12, atol=1e-12):
            raise ValueError("hessian must be a finite symmetric matrix")
        self.dim = A.shape[0]
        self.hessian = _frozen(0.5 * (A + A.T))
        c = np.zeros(self.dim) if center is None else np.asarray(center, dtype=np.float64)
        if c.shape != (self.dim,):
            raise ValueError(f"center must have shape ({self.dim},), got {c.shape}")
        self.center = _frozen(c)
        has_min = bool(np.all(self.eigenvalues > 0))
        self.minima = _frozen(self.center[None] if has_min else np.empty((0, self.dim)))
        self.bounds = tuple((float(ci) - 3.0, float(ci) + 3.0) for ci in self.center)
        self.start = _frozen(self.center + 2.0)

    @property
    def eigenvalues(self) -> np.ndarray:
        """Eigenvalues of A in ascending order."""
        return np.linalg.eigvalsh(self.hessian)

    def _value(self, x):
        return self.value_and_grad(x)[0]

    def _grad(self, x):
        return _matvec(self.hessian, _minus(x, self.center))

    def value_and_grad(self, x):
        d = _minus(self._check(x), self.center)
        g = _matvec(self.hessian, d)
        return 0.5 * _dot_last(d, g), g


class Ravine(Quadratic):
    """An elongated 2-D quadratic: A = R diag(λmin, λmax) Rᵀ with λmin = scale,
    λmax = scale·κ and R the rotation by ``angle`` (radians).

    With angle 0 the valley floor runs along x (curvature λmin) and the steep
    walls face y (curvature λmax).
    """

    name = "ravine"

    def __init__(self, kappa: float = 25.0, scale: float = 1.0, angle: float = 0.0):
        if not kappa >= 1.0 or not scale > 0.0:
            raise ValueError(f"need kappa >= 1 and scale > 0, got kappa={kappa}, scale={scale}")
        self.kappa, self.scale, self.angle = float(kappa), float(scale), float(angle)
        self.lam_min, self.lam_max = self.scale, self.scale * self.kappa
        R = _rotation(self.angle)
        super().__init__(R @ np.diag([self.lam_min, self.lam_max]) @ R.T)
        corners = np.array([[-3.0, -1.5], [-3.0, 1.5], [3.0, -1.5], [3.0, 1.5]]) @ R.T
        self.bounds = tuple((float(lo), float(hi)) for lo, hi in zip(corners.min(0), corners.max(0)))
        self.start = _frozen(R @ np.array([-2.5, 1.0]))


def _rotation(angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


class Linear(Landscape):
    """f(x) = s·x, a constant slope: ∇f = s everywhere, no minimum."""

    name = "linear"

    def __init__(self, slope=1.0):
        s = np.atleast_1d(np.asarray(slope, dtype=np.float64))
        if s.ndim != 1:
            raise ValueError(f"slope must be a scalar or a vector, got shape {s.shape}")
        self.slope = _frozen(s)
        self.dim = s.size
        self.minima = _frozen(np.empty((0, self.dim)))
        self.bounds = ((-1.0, 1.0),) * self.dim
        self.start = _frozen(np.zeros(self.dim))

    def _value(self, x):
        return _dot_last(x, np.broadcast_to(self.slope, x.shape))

    def _grad(self, x):
        return np.broadcast_to(self.slope, x.shape).copy()


class BumpedValley(Landscape):
    """A smooth 1-D valley with a bump on its left slope:

        f(x) = a (x − c)² + h exp(−(x − b)² / (2 w²))

    Defaults a = 0.2, c = 0.5, h = 0.01, b = 0.25, w = 0.04 give, on x in [0, 1]:
    a local minimum at x ≈ 0.191 (``local_min``), the bump's top at x ≈ 0.231
    and the global minimum at x ≈ 0.5.

    From ``start`` = 0 (the left rim) with ``default_lr`` = 0.4:

    * plain gradient descent, ``SGD(0.4)``, stops in the local minimum;
    * heavy ball, ``SGD(0.4, momentum=0.9)``, rolls over the bump and settles
      within 0.01 of the global minimum in 300 steps;
    * the EMA form, ``EMAMomentum(0.4 / (1 - 0.6), 0.6)`` (lr 1.0, the same path
      as ``SGD(0.4, momentum=0.6)``), does the same.

    These hold for lr in [0.3, 0.45], momentum in [0.85, 0.9] and starts in
    [0, 0.05] (the tests check a grid of them).
    """

    name = "bumped_valley"
    dim = 1
    default_lr = 0.4

    def __init__(self, a=0.2, c=0.5, height=0.01, bump_at=0.25, width=0.04):
        self.a, self.c = float(a), float(c)
        self.height, self.bump_at, self.width = float(height), float(bump_at), float(width)
        self.bounds = ((0.0, 1.0),)
        self.start = _frozen([0.0])
        crit = _roots_1d(lambda x: self._grad(x[:, None])[:, 0], -1.0, 2.0)
        is_min = self._grad(crit[:, None] + 1e-7)[:, 0] > 0
        mins = crit[is_min]
        mins = mins[np.argsort(self._value(mins[:, None]))]
        self.minima = _frozen(mins[:, None])
        left = mins[mins < self.bump_at]
        self.local_min = float(left.max()) if left.size else None

    def _bump(self, x):
        return self.height * np.exp(-((x - self.bump_at) ** 2) / (2.0 * self.width**2))

    def _value(self, x):
        x = x[..., 0]
        return self.a * (x - self.c) ** 2 + self._bump(x)

    def _grad(self, x):
        return 2.0 * self.a * (x - self.c) - (x - self.bump_at) / self.width**2 * self._bump(x)


class SampledValley(Landscape):
    """The sampled valley of the PyTorch momentum how-to (seed 003):

        X = arange(0, 1, 0.01)  (100 points),  y = 0.2 (X − 0.5)²,  y[25] += 2e-3

    value(x) interpolates linearly between grid points (and extends the end
    cells' lines outside [0, 0.99]); grad(x) is the forward difference of the
    cell i holding x, (y[i+1] − y[i]) / (X[i+1] − X[i]), i = floor(x / 0.01)
    clipped to [0, 98].
    """

    name = "sampled_valley"
    dim = 1

    def __init__(self):
        self.X = _frozen(np.arange(0, 1, 0.01))
        y = 0.2 * (self.X - 0.5) ** 2
        y[25] += 2e-3
        self.y = _frozen(y)
        self._slopes = np.diff(self.y) / np.diff(self.X)
        self.bounds = ((0.0, float(self.X[-1])),)
        self.start = _frozen([0.0])
        inner = np.arange(1, self.X.size - 1)
        is_min = (self.y[inner] < self.y[inner - 1]) & (self.y[inner] <= self.y[inner + 1])
        order = inner[is_min][np.argsort(self.y[inner[is_min]])]
        self.minima = _frozen(self.X[order][:, None])
        self.local_min = float(self.X[order[-1]])

    def _cell(self, x):
        # The cell with X[i] <= x < X[i+1]; floor(x / 0.01) misplaces grid
        # points such as 0.29, where 0.29 / 0.01 = 28.999999999999996.
        return np.clip(np.searchsorted(self.X, x, side="right") - 1, 0, self.X.size - 2)

    def _value(self, x):
        x = x[..., 0]
        i = self._cell(x)
        return self.y[i] + (x - self.X[i]) * self._slopes[i]

    def _grad(self, x):
        return self._slopes[self._cell(x[..., 0])][..., None]


class Rosenbrock(Landscape):
    """f(x, y) = (a − x)² + b (y − x²)², with its minimum at (a, a²)."""

    name = "rosenbrock"
    dim = 2

    def __init__(self, a: float = 1.0, b: float = 100.0):
        self.a, self.b = float(a), float(b)
        self.minima = _frozen([[self.a, self.a**2]])
        self.bounds = ((-2.0, 2.0), (-1.0, 3.0))
        self.start = _frozen([-1.2, 1.0])

    def _value(self, p):
        x, y = p[..., 0], p[..., 1]
        return (self.a - x) ** 2 + self.b * (y - x**2) ** 2

    def _grad(self, p):
        x, y = p[..., 0], p[..., 1]
        r = y - x**2
        return np.stack([-2.0 * (self.a - x) - 4.0 * self.b * x * r, 2.0 * self.b * r], axis=-1)


class DoubleWell(Landscape):
    """Two tilted wells side by side:

        f(x, y) = (x² − 1)² + t x + ½ k y²

    The tilt t > 0 makes the well near x = −1 the deep one (``deep_min``) and
    the well near x = +1 the shallow one (``shallow_min``). Defaults t = 0.5,
    k = 1: shallow minimum ≈ (0.93, 0), deep minimum ≈ (−1.06, 0), barrier
    top ≈ (0.13, 0).

    From ``start`` = (1.7, 1.0), beyond the shallow well, with ``default_lr`` = 0.02:

    * plain gradient descent, ``SGD(0.02)``, settles in the shallow well;
    * heavy ball, ``SGD(0.02, momentum=0.9)``, carries over the barrier and
      settles in the deep well.

    These hold for lr in [0.015, 0.03], momentum in [0.85, 0.9] and starts
    within (±0.05, ±0.3) of the default (the tests check a grid of them).
    """

    name = "double_well"
    dim = 2
    default_lr = 0.02

    def __init__(self, tilt: float = 0.5, y_curvature: float = 1.0):
        self.tilt, self.y_curvature = float(tilt), float(y_curvature)
        if not 0 < self.tilt < 8 / np.sqrt(27):
            raise ValueError(f"tilt must be in (0, {8 / np.sqrt(27):.4f}) to keep two wells, got {tilt}")
        if not self.y_curvature > 0:
            raise ValueError(f"y_curvature must be positive, got {y_curvature}")
        roots = np.sort(np.roots([4.0, 0.0, -4.0, self.tilt]).real)
        self.deep_min = _frozen([roots[0], 0.0])
        self.shallow_min = _frozen([roots[2], 0.0])
        self.barrier = _frozen([roots[1], 0.0])
        self.minima = _frozen([self.deep_min, self.shallow_min])
        self.bounds = ((-2.0, 2.0), (-1.5, 1.5))
        self.start = _frozen([1.7, 1.0])

    def _value(self, p):
        x, y = p[..., 0], p[..., 1]
        return (x**2 - 1.0) ** 2 + self.tilt * x + 0.5 * self.y_curvature * y**2

    def _grad(self, p):
        x, y = p[..., 0], p[..., 1]
        return np.stack([4.0 * x * (x**2 - 1.0) + self.tilt, self.y_curvature * y], axis=-1)
