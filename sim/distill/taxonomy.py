"""The taxonomy of convergence (Distill figure 7) and the closed form of Rᵏ.

One eigencomponent of the heavy ball z ← βz + ∇f(w), w ← w − αz on f = ½λ(w − w*)² evolves, in the
state (y, x) = (z, w − w*), by

    (yᵏ⁺¹, xᵏ⁺¹) = R (yᵏ, xᵏ),    R = [[β, λ], [−αβ, 1 − αλ]]      (:func:`sim.theory.momentum_matrix`)

R's eigenvalues solve σ² − tσ + β = 0 with t = 1 + β − αλ, so σ₁,₂ = ½(t ± √(t² − 4β)) and
σ₁σ₂ = det R = β.

**The power of R (erratum E3).** For σ₁ ≠ σ₂,

    Rᵏ = σ₁ᵏ R₁ − σ₂ᵏ R₂,    R₁ = (R − σ₂I)/(σ₁ − σ₂),    R₂ = (R − σ₁I)/(σ₁ − σ₂),

so that R⁰ = R₁ − R₂ = I. The article prints Rⱼ = (R − σⱼI)/(σ₁ − σ₂), which gives R⁰ = −I. With
m = (σ₁ + σ₂)/2 = t/2 and d = (σ₁ − σ₂)/2 the same formula reads

    Rᵏ = Aₖ (R − mI) + Bₖ I,    Aₖ = (σ₁ᵏ − σ₂ᵏ)/(σ₁ − σ₂),    Bₖ = (σ₁ᵏ + σ₂ᵏ)/2,

which is what :func:`power` evaluates (in complex arithmetic when t² < 4β). At a repeated root (d = 0,
critical damping β = (1 − √(αλ))²) Aₖ = k mᵏ⁻¹, i.e. Rᵏ = mᵏ I + k mᵏ⁻¹ (R − mI), because (R − mI)² = 0.
Where |d| ≤ 10⁻⁶|m| the difference quotient would cancel, so Aₖ is taken from its series
k mᵏ⁻¹ (1 + (k−1)(k−2) d²/(6m²)), exact to far below rounding there.

**Rates (erratum E2).** For complex σ the modulus is √β (σ₁σ₂ = |σ|² = β); the article says 2√β.
The rate and the regime come from :func:`sim.theory.momentum_rate` and :func:`sim.theory.regime`.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import theory

LAMBDA = 100.0
STEPS = 40
#: The article's five panels at λ = 100: name → (α, β).
PRESETS = {
    "ripples": (0.0015, 0.9),
    "monotonic decrease": (0.0015, 0.125),
    "one-step convergence": (0.01, 0.00001),
    "monotonic oscillations": (0.02, 0.05),
    "divergence": (0.025, 0.235),
}
_NEAR = 1e-6


def eigenvalues(alpha, beta, lam):
    """σ₁,₂ = ½(t ± √(t² − 4β)), t = 1 + β − αλ, as complex arrays (σ₁ has the + sign)."""
    t = 1.0 + np.asarray(beta, dtype=np.float64) - np.asarray(alpha, dtype=np.float64) * np.asarray(lam)
    root = np.sqrt((t * t - 4.0 * np.asarray(beta, dtype=np.float64)).astype(np.complex128))
    return 0.5 * (t + root), 0.5 * (t - root)


def power_coefficients(alpha, beta, lam, k):
    """(Aₖ, Bₖ, m) with Rᵏ = Aₖ (R − mI) + Bₖ I; see the module docstring. Broadcasts over all
    arguments; ``k`` holds non-negative integers. Aₖ, Bₖ are complex (their imaginary parts vanish)."""
    s1, s2 = eigenvalues(alpha, beta, lam)
    k = np.asarray(k)
    m, d = 0.5 * (s1 + s2), 0.5 * (s1 - s2)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        p1, p2 = s1 ** k, s2 ** k
        near = np.abs(d) <= _NEAR * np.abs(m)
        km1 = np.where(k >= 1, m ** np.maximum(k - 1, 0), 0.0)
        ratio = np.where(near & (m != 0), d * d / np.where(m != 0, m * m, 1.0), 0.0)  # (d/m)², 0 where m = 0
        series = k * km1 * (1.0 + (k - 1) * (k - 2) * ratio / 6.0)
        exact = (p1 - p2) / np.where(near, 1.0, 2.0 * d)
    A = np.where(near, series, exact)
    return A, 0.5 * (p1 + p2), m


def power(alpha, beta, lam, k) -> np.ndarray:
    """Rᵏ by the corrected closed form, shape ``broadcast(alpha, beta, lam, k).shape + (2, 2)`` (real)."""
    A, B, m = power_coefficients(alpha, beta, lam, k)
    R = theory.momentum_matrix(alpha, beta, lam)
    Rm = R - m.real[..., None, None] * np.eye(2)  # m = t/2 is real
    out = A[..., None, None] * Rm + B[..., None, None] * np.eye(2)
    return np.real(out)


def projections(alpha, beta, lam):
    """(R₁, R₂) = ((R − σ₂I)/(σ₁ − σ₂), (R − σ₁I)/(σ₁ − σ₂)), complex; undefined (inf/nan) at a repeated root."""
    s1, s2 = eigenvalues(alpha, beta, lam)
    R = theory.momentum_matrix(alpha, beta, lam).astype(np.complex128)
    eye = np.eye(2)
    with np.errstate(divide="ignore", invalid="ignore"):
        den = (s1 - s2)[..., None, None]
        return (R - s2[..., None, None] * eye) / den, (R - s1[..., None, None] * eye) / den


def error_iterates(alpha, beta, lam=LAMBDA, steps: int = STEPS, x0: float = -1.0, y0: float = 0.0) -> np.ndarray:
    """xᵏ − x* = e₂ᵀ Rᵏ (y⁰, x⁰ − x*) for k = 0 … steps (the article: error −1, y⁰ = 0), shape (steps + 1,)."""
    P = power(alpha, beta, lam, np.arange(steps + 1))
    return P[:, 1, 0] * y0 + P[:, 1, 1] * x0


class Panel(NamedTuple):
    name: str
    alpha: float
    beta: float
    alpha_lam: float
    rate: float  # spectral radius of R
    regime: str  # sim.theory.regime
    complex_roots: bool
    errors: np.ndarray  # xᵏ − x*, k = 0 … steps


def panel(name: str, alpha: float, beta: float, lam: float = LAMBDA, steps: int = STEPS) -> Panel:
    """One panel: its iterates, its rate and its regime by the closed forms."""
    t = 1.0 + beta - alpha * lam
    return Panel(name, float(alpha), float(beta), float(alpha * lam), float(theory.momentum_rate(alpha, beta, lam)),
                 str(theory.regime(alpha * lam, beta)), bool(t * t - 4.0 * beta < 0),
                 error_iterates(alpha, beta, lam, steps))


def panels(lam: float = LAMBDA, steps: int = STEPS) -> list[Panel]:
    """The five presets of :data:`PRESETS`, in the article's order.

    By the closed form, "one-step convergence" (αλ = 1, β = 10⁻⁵) is not exactly one step: t = 10⁻⁵,
    t² < 4β, so R has a complex pair of modulus √β ≈ 0.00316 ("ripples" regime). The error after one
    step is e₂ᵀR(0, −1) = −(1 − αλ) = 0, then the iterates are ±O(β) and shrink by √β per step.
    Exact one-step convergence needs β = 0 (:func:`sim.theory.one_step`).
    """
    return [panel(name, a, b, lam, steps) for name, (a, b) in PRESETS.items()]
