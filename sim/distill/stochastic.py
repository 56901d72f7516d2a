"""Stochastic gradients: the transient phase and the fine-tuning phase (Distill figure 21).

The problem: f(x) = ½λx² with λ = 1, x⁰ = √3 (f = 1.5), and the noisy gradient λx + εξ, ξ ~ N(0, 1)
independent at every step, ε = 3. The heavy ball from y⁰ = 0:

    yᵏ⁺¹ = βyᵏ + λxᵏ + εξᵏ,    xᵏ⁺¹ = xᵏ − αyᵏ⁺¹,

i.e. sᵏ⁺¹ = R sᵏ + εξᵏ v with s = (y, x), R = [[β, λ], [−αβ, 1 − αλ]] and v = (1, −α). Unrolled,

    sᵏ = Rᵏ s⁰ + ε Σ_{j=0}^{k−1} ξʲ Rᵏ⁻¹⁻ʲ v,

so xᵏ is Gaussian with mean e₂ᵀRᵏs⁰ (the noise-free run) and variance ε² Σ_{m=0}^{k−1} (e₂ᵀRᵐv)², and

    E[f(xᵏ)] − f* = ½λ(e₂ᵀRᵏs⁰)²  +  ½λε² Σ_{m=0}^{k−1} (e₂ᵀRᵐv)²
                    deterministic       noise

(with λ = 1 the noise term is Σₘ ½(e₂ᵀRᵐ(ε, −αε))², the article's form; E17: its footnote drops the
squares). The noise part is 0 at k = 0 and its first term is ½λε²α². The article's code sums m = 0 … k,
which is this noise part at step k + 1 (so its bars are already non-zero at k = 0); pass
``article=True`` for that version. Rᵐ comes from :func:`sim.distill.taxonomy.power`.

The **boundary** between the phases is the last step where deterministic > noise ("transient"
before and at it, "fine-tuning" after); None if the noise part never falls below the other.

Default parameters: the article's slider optimum for (λ₁, λₙ) = (1, 100), α = (2/11)² = 4/121 ≈ 0.033058,
β = (9/11)² = 81/121 ≈ 0.66942; 150 steps.

**Monte Carlo.** :func:`noise_table` draws ξ with ``np.random.default_rng(seed).standard_normal((steps,
runs))`` (C order, so the first rows do not depend on how many steps are drawn). :func:`monte_carlo`
runs all the runs in one vectorised numpy loop. :class:`NoisyQuadratic` puts the same noise behind a
:class:`sim.landscapes.Landscape`, so that ``sim.simulate`` and ``sim.sweep`` run it with ``SGD(α, β)``:
its second coordinate is the run's label u (0, 1, 2 …; its gradient is 0, so SGD never moves it) and its
``value_and_grad`` counts its own calls, taking step k = calls mod ``period``. A run of ``steps`` steps
makes steps + 1 calls in order, so ``period`` must be ``steps + 1``; this holds for ``simulate`` and for
an in-process ``sweep`` (its blocks run one after another; not on a Dask cluster, whose workers hold
copies). :func:`sweep_stats` does one ``final_loss`` sweep per requested step and keeps the mean and its standard error;
:func:`noise_floor` is the noise part's limit, from the stationary covariance.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..landscapes import Landscape, _frozen
from .taxonomy import power

LAMBDA = 1.0
X0 = float(np.sqrt(3.0))
EPS = 3.0
STEPS = 150
ALPHA = 4.0 / 121.0
BETA = 81.0 / 121.0
SEED = 0
RUNS = 10_000


def deterministic_part(alpha=ALPHA, beta=BETA, steps: int = STEPS, lam=LAMBDA, x0=X0) -> np.ndarray:
    """½λ(e₂ᵀRᵏ(0, x⁰))² for k = 0 … steps."""
    P = power(alpha, beta, lam, np.arange(steps + 1))
    return 0.5 * lam * (P[:, 1, 1] * x0) ** 2


def noise_part(alpha=ALPHA, beta=BETA, steps: int = STEPS, lam=LAMBDA, eps=EPS, article: bool = False) -> np.ndarray:
    """½λε² Σ_{m=0}^{k−1} (e₂ᵀRᵐ(1, −α))² for k = 0 … steps (``article``: the sum runs to m = k)."""
    P = power(alpha, beta, lam, np.arange(steps + 1))
    terms = 0.5 * lam * eps**2 * (P[:, 1, 0] - alpha * P[:, 1, 1]) ** 2
    total = np.concatenate([[0.0], np.cumsum(terms)])
    return total[1:] if article else total[:-1]


def expected_loss(alpha=ALPHA, beta=BETA, steps: int = STEPS, lam=LAMBDA, eps=EPS, x0=X0) -> np.ndarray:
    """E f(xᵏ) − f* = deterministic + noise, k = 0 … steps."""
    return deterministic_part(alpha, beta, steps, lam, x0) + noise_part(alpha, beta, steps, lam, eps)


def boundary(det: np.ndarray, noise: np.ndarray) -> int | None:
    """The last k with det[k] > noise[k], or None."""
    hits = np.flatnonzero(np.asarray(det) > np.asarray(noise))
    return int(hits[-1]) if hits.size else None


def noise_table(steps: int = STEPS, runs: int = RUNS, seed: int = SEED) -> np.ndarray:
    """ξ[k, r] ~ N(0, 1): the noise of run r's gradient at xᵏ, shape (steps, runs)."""
    return np.random.default_rng(seed).standard_normal((steps, runs))


def monte_carlo(alpha=ALPHA, beta=BETA, steps: int = STEPS, runs: int = RUNS, seed: int = SEED, lam=LAMBDA,
                eps=EPS, x0=X0, noise: np.ndarray | None = None) -> np.ndarray:
    """xᵏ of every run, shape (steps + 1, runs), by the iteration above (one vectorised loop)."""
    xi = noise_table(steps, runs, seed) if noise is None else np.asarray(noise)
    x, y = np.full(xi.shape[1], float(x0)), np.zeros(xi.shape[1])
    out = np.empty((steps + 1, xi.shape[1]))
    out[0] = x
    for k in range(steps):
        y = beta * y + (lam * x + eps * xi[k])
        x = x - alpha * y
        out[k + 1] = x
    return out


class MonteCarlo(NamedTuple):
    mean: np.ndarray  # mean of ½λ(xᵏ)² over the runs, k = 0 … steps
    stderr: np.ndarray  # its standard error (sample std / √runs)


def mean_loss(X: np.ndarray, lam=LAMBDA) -> MonteCarlo:
    """Mean loss and its standard error from :func:`monte_carlo`'s runs."""
    f = 0.5 * lam * np.asarray(X) ** 2
    return MonteCarlo(f.mean(axis=1), f.std(axis=1, ddof=1) / np.sqrt(f.shape[1]))


class NoisyQuadratic(Landscape):
    """f(x, u) = ½λx², with ∇ₓ = λx + ε·noise[k, u] and ∇ᵤ = 0 (see the module docstring: u is the run
    label, k the step, counted by the calls of ``value_and_grad`` modulo ``period``)."""

    name = "noisy_quadratic"
    dim = 2

    def __init__(self, noise, lam: float = LAMBDA, eps: float = EPS, period: int | None = None):
        self.noise = _frozen(noise)
        self.lam, self.eps = float(lam), float(eps)
        self.period = int(self.noise.shape[0] + 1 if period is None else period)
        if not 1 <= self.period <= self.noise.shape[0] + 1:
            raise ValueError(f"period must be in [1, {self.noise.shape[0] + 1}], got {period}")
        self.calls = 0
        self.minima = _frozen([[0.0, 0.0]])
        self.bounds = ((-3.0, 3.0), (0.0, float(self.noise.shape[1])))
        self.start = _frozen([X0, 0.0])

    def starts(self, x0: float = X0) -> np.ndarray:
        """(runs, 2): every run at x⁰ with its own label."""
        runs = self.noise.shape[1]
        return np.stack([np.full(runs, float(x0)), np.arange(runs, dtype=np.float64)], axis=-1)

    def reset(self) -> None:
        self.calls = 0

    def _value(self, p):
        return 0.5 * self.lam * p[..., 0] ** 2

    def _grad(self, p):
        k = self.calls % self.period
        self.calls += 1
        g = np.zeros(p.shape)
        if k < self.noise.shape[0]:  # the gradient after the last step is never used
            g[..., 0] = self.eps * self.noise[k, p[..., 1].astype(np.int64)]
        g[..., 0] = self.lam * p[..., 0] + g[..., 0]
        return g

    def value_and_grad(self, x):
        x = self._check(x)
        return self._value(x), self._grad(x)


def sweep_stats(ks, alpha=ALPHA, beta=BETA, runs: int = RUNS, seed: int = SEED, lam=LAMBDA, eps=EPS,
                x0=X0) -> MonteCarlo:
    """Mean of ½λ(xᵏ)² over the runs, and its standard error, for each k ≥ 1 in ``ks``, by ``sim.sweep``
    (reduce "final_loss", SGD(α, β), one sweep of k steps each, in this process), on the noise of
    :func:`noise_table`."""
    from .. import sweep  # imported here: the rest of the module needs only numpy

    ks = [int(k) for k in ks]
    table = noise_table(max(ks), runs, seed)
    mean, se = [], []
    for k in ks:
        land = NoisyQuadratic(table, lam, eps, period=k + 1)
        res = sweep.sweep(land, land.starts(x0), "SGD", {"lr": float(alpha), "momentum": float(beta)},
                          steps=k, reduce="final_loss", progress=False)
        f = np.asarray(res.values, dtype=float).ravel()
        mean.append(float(np.mean(f)))
        se.append(float(np.std(f, ddof=1) / np.sqrt(f.size)) if f.size > 1 else float("nan"))
    return MonteCarlo(np.array(mean), np.array(se))


def sweep_mean_loss(ks, alpha=ALPHA, beta=BETA, runs: int = RUNS, seed: int = SEED, lam=LAMBDA, eps=EPS,
                    x0=X0) -> np.ndarray:
    """The means of :func:`sweep_stats`."""
    return sweep_stats(ks, alpha, beta, runs, seed, lam, eps, x0).mean


def noise_floor(alpha=ALPHA, beta=BETA, lam=LAMBDA, eps=EPS) -> float:
    """lim_{k→∞} of the noise part, ½λ·Var x^∞, where the iteration is stable (ρ(R) < 1): Σ = RΣRᵀ + ε²vvᵀ
    solved as one 4 × 4 linear system, (I − R ⊗ R) vec Σ = ε² vec(vvᵀ); inf where it is not stable."""
    R = np.array([[beta, lam], [-alpha * beta, 1.0 - alpha * lam]])
    if np.max(np.abs(np.linalg.eigvals(R))) >= 1.0:
        return float("inf")
    v = np.array([1.0, -alpha])
    sigma = np.linalg.solve(np.eye(4) - np.kron(R, R), eps**2 * np.outer(v, v).ravel()).reshape(2, 2)
    return float(0.5 * lam * sigma[1, 1])
