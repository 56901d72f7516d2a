"""The resisting oracle and the lower bound (Distill figures 17 and 18).

The convex Rosenbrock with n = 25, κ = 1000, scaled as the article's figure does:

    A = ((κ − 1)/4)·tridiag(−1, 2, −1) + I,    b = ((κ − 1)/4)·e₁,    w⁰ = 0,

i.e. diagonal 500.5, off-diagonals −249.75, b = 249.75·e₁; A is (κ − 1)/4 times the Hessian of
fⁿ(w) = ½(w₁ − 1)² + ½Σ(wᵢ − wᵢ₊₁)² + 2/(κ − 1)‖w‖². Its eigenvalues are

    λₖ = 1 + ((κ − 1)/2)(1 − cos(kπ/(n + 1))),  k = 1 … n   (here 1 + 499.5(1 − cos(kπ/26))),

from 4.6419 to 996.358, so its **actual condition number is ≈ 214.6**, not κ = 1000: κ is reached only
as n → ∞.

**Solutions.** The finite-n optimum w* = A⁻¹b (0.9338, 0.8713, 0.8123, …, 0.0509, 0.0254 at i = 24, 25:
it must bend to meet the end of the chain) differs from the infinite-n formula wᵢ* = qⁱ with q = (√κ − 1)/(√κ + 1)
(0.9387, 0.8811, …): the finite chain must end, so its w* decays faster.

**The dead zone.** From w⁰ = 0 each step of any method whose iterates lie in w⁰ + span{∇f(w⁰), …}
reaches one coordinate further (A is tridiagonal, b ∝ e₁): wᵢᵏ = 0 exactly for i > k (1-based).
Hence ‖wᵏ − w*‖∞ ≥ max_{i>k} |wᵢ*| (erratum E11: max over i ≥ k + 1). With the infinite-n w* this is
qᵏ⁺¹ = qᵏ‖w⁰ − w*‖∞, the article's lower bound qᵏ‖w⁰ − w*‖∞.

Momentum here is z ← βz + (Aw − b), w ← w − αz from z⁰ = 0, run for steps 0 … 50; by default at the
optimal α, β for this matrix's true λ_min and λ_max (:func:`sim.theory.optimal_momentum`). The article
draws α = 0.0035749…, β = 17/21 while its slider sits at α ≈ 0.0035200, β ≈ 0.76169 (E15). At the
true optimum (α ≈ 0.0035180, β ≈ 0.76075) momentum's error falls *below* the article's qᵏ‖w⁰ − w*‖∞
from k = 1 on (0.045 against 0.140 at k = 30): that bound, with κ = 1000, holds only for the infinite
problem; this finite matrix has κ ≈ 214.6. The dead-zone bound max_{i>k}|wᵢ*| always holds.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import theory

N = 25
KAPPA = 1000.0
STEPS = 50
ARTICLE_ALPHA = 0.0035749243028120182
ARTICLE_BETA = 17.0 / 21.0


def matrix(n: int = N, kappa: float = KAPPA) -> np.ndarray:
    """A = ((κ − 1)/4)·tridiag(−1, 2, −1) + I."""
    c = (kappa - 1.0) / 4.0
    return c * (2.0 * np.eye(n) - np.eye(n, k=1) - np.eye(n, k=-1)) + np.eye(n)


def rhs(n: int = N, kappa: float = KAPPA) -> np.ndarray:
    """b = ((κ − 1)/4)·e₁."""
    b = np.zeros(n)
    b[0] = (kappa - 1.0) / 4.0
    return b


def eigenvalues(n: int = N, kappa: float = KAPPA) -> np.ndarray:
    """λₖ = 1 + ((κ − 1)/2)(1 − cos(kπ/(n + 1))), k = 1 … n, ascending."""
    k = np.arange(1, n + 1)
    return 1.0 + 0.5 * (kappa - 1.0) * (1.0 - np.cos(k * np.pi / (n + 1)))


def condition_number(n: int = N, kappa: float = KAPPA) -> float:
    """λ_n/λ₁ of the finite matrix (≈ 214.64 for n = 25, κ = 1000)."""
    lam = eigenvalues(n, kappa)
    return float(lam[-1] / lam[0])


def q(kappa: float = KAPPA) -> float:
    """(√κ − 1)/(√κ + 1)."""
    r = np.sqrt(kappa)
    return float((r - 1.0) / (r + 1.0))


def solution(n: int = N, kappa: float = KAPPA) -> np.ndarray:
    """The finite-n w* = A⁻¹b."""
    return np.linalg.solve(matrix(n, kappa), rhs(n, kappa))


def infinite_solution(n: int = N, kappa: float = KAPPA) -> np.ndarray:
    """The infinite-n formula wᵢ* = qⁱ, i = 1 … n."""
    return q(kappa) ** np.arange(1, n + 1)


def optimal(n: int = N, kappa: float = KAPPA) -> tuple[float, float]:
    """The optimal momentum (α, β) for the true λ_min, λ_max of A."""
    lam = eigenvalues(n, kappa)
    p = theory.optimal_momentum(lam[0], lam[-1])
    return float(p.alpha), float(p.beta)


def iterates(alpha: float | None = None, beta: float | None = None, steps: int = STEPS, n: int = N,
             kappa: float = KAPPA) -> np.ndarray:
    """wᵏ for k = 0 … steps (rows) by the iteration from w⁰ = 0, z⁰ = 0, shape (steps + 1, n).
    α and β default to :func:`optimal`."""
    a0, b0 = optimal(n, kappa)
    alpha = a0 if alpha is None else alpha
    beta = b0 if beta is None else beta
    A, b = matrix(n, kappa), rhs(n, kappa)
    w, z = np.zeros(n), np.zeros(n)
    out = np.zeros((steps + 1, n))
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            z = beta * z + (A @ w - b)
            w = w - alpha * z
            out[k] = w
    return out


def dead_zone(steps: int = STEPS, n: int = N) -> np.ndarray:
    """Boolean (steps + 1, n): True where wᵢᵏ must be 0, i.e. i > k (1-based i)."""
    return np.arange(1, n + 1)[None, :] > np.arange(steps + 1)[:, None]


class Bound(NamedTuple):
    error: np.ndarray  # ‖wᵏ − w*‖∞ of the run
    article: np.ndarray  # qᵏ ‖w⁰ − w*‖∞ with the finite w*
    dead_zone: np.ndarray  # max_{i>k} |wᵢ*| (0 once k ≥ n): a true lower bound for the finite problem


def bounds(W: np.ndarray | None = None, n: int = N, kappa: float = KAPPA) -> Bound:
    """Momentum's error against the two lower bounds, for k = 0 … len(W) − 1 (W from :func:`iterates`)."""
    W = iterates(n=n, kappa=kappa) if W is None else np.asarray(W)
    ws = solution(n, kappa)
    k = np.arange(W.shape[0])
    err = np.max(np.abs(W - ws), axis=1)
    tail = np.array([np.max(np.abs(ws[j:])) if j < n else 0.0 for j in k])
    return Bound(err, q(kappa) ** k * np.max(np.abs(ws)), tail)
