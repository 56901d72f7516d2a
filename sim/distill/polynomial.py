"""Polynomial regression and early stopping (Distill figures 4, 5 and 6).

The data: ten points ξ and targets d (:data:`XI`, :data:`D`). The model is Σⱼ wⱼ ξʲ for j = 0 … 5,
so Z = [ξᵢʲ] is the 10 × 6 Vandermonde matrix and the loss is f(w) = ½‖Zw − d‖².

**Eigenfeatures.** ZᵀZ = Q diag(λ) Qᵀ from ``np.linalg.eigh``: here λ is **ascending**, λ₁ the smallest
as the article's text numbers them (column i of Q belongs to λᵢ). The article's widgets sort them
**descending** (its index 0 is the largest): article index j ↔ our index 5 − j; :func:`article_order`
converts. Each eigenvector's sign is fixed so that its largest-magnitude entry is positive. The
eigenfeature p̄ᵢ(ξ) = Σⱼ Qⱼᵢ ξʲ; in the coordinates x = Qᵀw (erratum E4: Qᵀ, not Q) the model is
Σᵢ xᵢ p̄ᵢ(ξ), and the loss decouples: f = ½ Σᵢ λᵢ (xᵢ − xᵢ*)² + const, with x* = Qᵀw* and
w* the least-squares weights (λᵢ xᵢ* = (QᵀZᵀd)ᵢ).

**Early stopping.** Gradient descent from w = 0 with α = 1.8/λ_max has, in eigen-coordinates,

    xᵢᵏ = xᵢ* (1 − (1 − αλᵢ)ᵏ),

so component i has converged to 3 digits (its error shrunk by 10⁻³) after kᵢ = −3/log₁₀|1 − αλᵢ| steps;
it is "in the fit" at step k when k ≥ kᵢ.

**Tikhonov.** Minimising ½‖Zw − d‖² + ½η‖w‖² gives xᵢ = (QᵀZᵀd)ᵢ / (λᵢ + η): the filter 1/(λᵢ + η),
against gradient descent's (1/λᵢ)(1 − (1 − αλᵢ)ᵏ) (the article's footnote writes Zd for Zᵀd, E19).

The reference numbers (computed here and matching the inventory to its printed digits): eigenvalues,
descending, 10.7033, 2.75998, 0.0597976, 0.0147104, 1.36507e−4, 3.30797e−5 (κ ≈ 3.2356·10⁵);
α ≈ 0.168172; kᵢ (descending λ) ≈ 30.96, 11.07, 683.4, 2788.8, 300 900, 1 241 708. The inventory
prints the last eigenvalue as 3.30798e−5; it is 3.30797499e−5, which rounds to 3.30797e−5.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

XI = np.array([-0.6, -0.55, -0.5, -0.45, -0.4, 0.4, 0.45, 0.5, 0.55, 0.6])
D = np.array([-1.5, -2.0, -2.5, -1.5, -1.0, 0.5, 1.0, 1.5, 1.0, 0.5])
DEGREE = 5
DIGITS = 3
STEP_FACTOR = 1.8


def vandermonde(xi=XI, degree: int = DEGREE) -> np.ndarray:
    """Z with Z[i, j] = ξᵢʲ, j = 0 … degree."""
    return np.vander(np.asarray(xi, dtype=np.float64), degree + 1, increasing=True)


class Eigen(NamedTuple):
    lam: np.ndarray  # ascending
    Q: np.ndarray  # column i is the eigenvector of lam[i]


def eigen(Z=None) -> Eigen:
    """Eigen-decomposition of ZᵀZ, ascending, signs fixed (largest-magnitude entry positive)."""
    Z = vandermonde() if Z is None else np.asarray(Z, dtype=np.float64)
    lam, Q = np.linalg.eigh(Z.T @ Z)
    big = np.argmax(np.abs(Q), axis=0)
    Q = Q * np.sign(Q[big, np.arange(Q.shape[1])])
    return Eigen(lam, Q)


def article_order(values) -> np.ndarray:
    """Re-order per-eigenvalue values (last axis) from ours (ascending) to the article's (descending)."""
    return np.asarray(values)[..., ::-1]


def least_squares(d=D, xi=XI) -> tuple[np.ndarray, np.ndarray]:
    """(w*, x*): the least-squares weights in the monomial basis, and in eigen-coordinates x* = Qᵀw*."""
    Z = vandermonde(xi)
    w = np.linalg.lstsq(Z, np.asarray(d, dtype=np.float64), rcond=None)[0]
    return w, eigen(Z).Q.T @ w


def step_size(lam=None) -> float:
    """α = 1.8/λ_max."""
    lam = eigen().lam if lam is None else np.asarray(lam)
    return float(STEP_FACTOR / np.max(lam))


def gd_iterates(k, alpha=None, d=D, xi=XI) -> np.ndarray:
    """xᵢᵏ = xᵢ*(1 − (1 − αλᵢ)ᵏ) for each k in ``k`` (rows) and eigenvalue i (columns, ascending)."""
    lam = eigen(vandermonde(xi)).lam
    alpha = step_size(lam) if alpha is None else alpha
    k = np.atleast_1d(np.asarray(k, dtype=np.float64))
    return least_squares(d, xi)[1] * (1.0 - (1.0 - alpha * lam) ** k[:, None])


def steps_to_converge(alpha=None, lam=None, digits: int = DIGITS) -> np.ndarray:
    """kᵢ = −digits/log₁₀|1 − αλᵢ| (inf where |1 − αλᵢ| ≥ 1; 0 where αλᵢ = 1), ascending λ."""
    lam = eigen().lam if lam is None else np.asarray(lam, dtype=np.float64)
    alpha = step_size(lam) if alpha is None else alpha
    r = np.abs(1.0 - alpha * lam)
    with np.errstate(divide="ignore"):
        return np.where(r >= 1.0, np.inf, -digits / np.log10(r))


def in_fit(k, alpha=None) -> np.ndarray:
    """Which eigenfeatures (ascending λ) have converged to 3 digits at step k: k ≥ kᵢ and k ≥ 1 (at
    step 0 every error is whole, even where αλᵢ = 1 makes kᵢ = 0)."""
    k = np.asarray(k)
    return (k >= steps_to_converge(alpha)) & (k >= 1)


def first_step_in_fit(alpha=None, lam=None, digits: int = DIGITS) -> np.ndarray:
    """The first whole step at which each component (ascending λ) has converged: max(⌈kᵢ⌉, 1), inf where
    it never does (|1 − αλᵢ| ≥ 1)."""
    k = steps_to_converge(alpha, lam, digits)
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(k), np.maximum(np.ceil(k), 1.0), np.inf)


def features(grid, Q=None) -> np.ndarray:
    """p̄ᵢ(ξ) = Σⱼ Qⱼᵢ ξʲ on ``grid``: shape (6, len(grid)), rows ascending λ."""
    Q = eigen().Q if Q is None else Q
    return (vandermonde(grid, Q.shape[0] - 1) @ Q).T


def model_terms(weights, grid) -> np.ndarray:
    """The terms xᵢ p̄ᵢ(ξ) of the model with eigen-coordinates ``weights`` (ascending λ), shape
    (6, len(grid)); their sum over axis 0 is the model curve Σⱼ wⱼ ξʲ with w = Q x."""
    return np.asarray(weights)[:, None] * features(grid)


def tikhonov_filter(eta, lam=None) -> np.ndarray:
    """1/(λᵢ + η), ascending λ (η broadcasts against a trailing eigenvalue axis)."""
    lam = eigen().lam if lam is None else np.asarray(lam)
    return 1.0 / (lam + np.asarray(eta, dtype=np.float64)[..., None])


def gd_filter(k, alpha=None, lam=None) -> np.ndarray:
    """(1/λᵢ)(1 − (1 − αλᵢ)ᵏ), ascending λ (k broadcasts against a trailing eigenvalue axis)."""
    lam = eigen().lam if lam is None else np.asarray(lam)
    alpha = step_size(lam) if alpha is None else alpha
    k = np.asarray(k, dtype=np.float64)[..., None]
    return (1.0 - (1.0 - alpha * lam) ** k) / lam


def tikhonov_weights(eta, d=D, xi=XI) -> np.ndarray:
    """Eigen-coordinates of the ridge solution: (QᵀZᵀd)ᵢ/(λᵢ + η)."""
    Z = vandermonde(xi)
    lam, Q = eigen(Z)
    return (Q.T @ Z.T @ np.asarray(d, dtype=np.float64)) * tikhonov_filter(eta, lam)
