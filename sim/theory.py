"""Closed forms for gradient descent and momentum on quadratics.

After G. Goh, "Why Momentum Really Works", Distill, 2017. The heavy ball is

    z⁺ = β z + ∇f(w),    w⁺ = w − α z⁺

which is ``torch.optim.SGD(lr=α, momentum=β)``. On f(w) = ½ λ w² each
eigen-direction evolves by a 2×2 matrix whose spectral radius is the
per-step contraction: the error shrinks like rate^k.

Every function is vectorised over numpy inputs (they broadcast).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

REGIMES = ("ripples", "monotonic", "oscillation", "divergence")


def gd_rate(alpha, lam):
    """Contraction of plain gradient descent along an eigenvalue λ: |1 − αλ|."""
    return np.abs(1.0 - np.asarray(alpha) * np.asarray(lam))


def _over_eigenvalues(rate, alpha, eigenvalues, *extra):
    eig = np.asarray(eigenvalues, dtype=np.float64)
    args = [np.asarray(a, dtype=np.float64)[..., None] for a in (alpha, *extra)]
    return np.max(rate(args[0], *args[1:], eig), axis=-1)


def gd_rate_quadratic(alpha, eigenvalues):
    """Contraction of gradient descent on a quadratic: max_i |1 − αλ_i|.

    ``eigenvalues`` has the eigenvalues on its last axis; ``alpha`` broadcasts
    against the other axes."""
    return _over_eigenvalues(gd_rate, alpha, eigenvalues)


def momentum_matrix(alpha, beta, lam):
    """The heavy ball's iteration matrix on one eigenvalue λ, acting on (z, w)::

        R = [[ β,      λ     ],
             [ −αβ,    1 − αλ ]]

    Shape ``broadcast(alpha, beta, lam).shape + (2, 2)``.
    """
    alpha, beta, lam = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64) for a in (alpha, beta, lam)))
    return np.stack(
        [np.stack([beta, lam], axis=-1), np.stack([-alpha * beta, 1.0 - alpha * lam], axis=-1)],
        axis=-2,
    )


def _trace_disc(alpha, beta, lam):
    """R's eigenvalues solve σ² − tσ + β = 0 with t = 1 + β − αλ (det R = β)."""
    t = 1.0 + np.asarray(beta) - np.asarray(alpha) * np.asarray(lam)
    return t, t * t - 4.0 * np.asarray(beta)


def momentum_rate(alpha, beta, lam):
    """Spectral radius of R: the largest |σ| with σ² − (1 + β − αλ)σ + β = 0.

    With t = 1 + β − αλ and Δ = t² − 4β:
    Δ < 0 (complex pair):  rate = √β;   Δ ≥ 0 (real):  rate = (|t| + √Δ) / 2.
    """
    t, disc = _trace_disc(alpha, beta, lam)
    real = 0.5 * (np.abs(t) + np.sqrt(np.maximum(disc, 0.0)))
    return np.where(disc < 0, np.sqrt(np.maximum(np.asarray(beta, dtype=np.float64), 0.0)), real)


def momentum_rate_quadratic(alpha, beta, eigenvalues):
    """Contraction of the heavy ball on a quadratic: the max of
    :func:`momentum_rate` over the eigenvalues (last axis of ``eigenvalues``)."""
    return _over_eigenvalues(momentum_rate, alpha, eigenvalues, beta)


def best_beta(alpha, eigenvalues, grid: int = 9901) -> float:
    """The β in [0, 0.99] that minimises :func:`momentum_rate_quadratic` for a fixed α, found on a grid of
    ``grid`` values (the rate's minimum is a kink, where the slowest eigenvalue is critically damped:
    β = (1 − √(αλ_min))² when that is below the other eigenvalues' constraint)."""
    betas = np.linspace(0.0, 0.99, grid)
    return float(betas[int(np.argmin(momentum_rate_quadratic(alpha, betas, eigenvalues)))])


class GDParams(NamedTuple):
    alpha: float
    rate: float


class MomentumParams(NamedTuple):
    alpha: float
    beta: float
    rate: float


def optimal_gd(lam_min, lam_max) -> GDParams:
    """Best fixed step for gradient descent: α = 2 / (λmin + λmax),
    giving rate (κ − 1) / (κ + 1) with κ = λmax / λmin."""
    lam_min, lam_max = np.asarray(lam_min, dtype=np.float64), np.asarray(lam_max, dtype=np.float64)
    kappa = lam_max / lam_min
    return GDParams(2.0 / (lam_min + lam_max), (kappa - 1.0) / (kappa + 1.0))


def optimal_beta(kappa):
    """β = ((√κ − 1) / (√κ + 1))², the best momentum for condition number κ."""
    r = np.sqrt(np.asarray(kappa, dtype=np.float64))
    return ((r - 1.0) / (r + 1.0)) ** 2


def optimal_momentum(lam_min, lam_max) -> MomentumParams:
    """Best heavy ball: α = (2 / (√λmin + √λmax))², β = ((√κ − 1) / (√κ + 1))²,
    giving rate (√κ − 1) / (√κ + 1)."""
    lam_min, lam_max = np.asarray(lam_min, dtype=np.float64), np.asarray(lam_max, dtype=np.float64)
    r = np.sqrt(lam_max / lam_min)
    alpha = (2.0 / (np.sqrt(lam_min) + np.sqrt(lam_max))) ** 2
    return MomentumParams(alpha, optimal_beta(r * r), (r - 1.0) / (r + 1.0))


def is_stable(alpha, beta, lam):
    """True where the heavy ball converges on λ: 0 < αλ < 2 + 2β and 0 ≤ β < 1."""
    al, beta = np.asarray(alpha) * np.asarray(lam), np.asarray(beta)
    return (al > 0) & (al < 2.0 + 2.0 * beta) & (beta >= 0) & (beta < 1)


def critical_damping(alpha, lam):
    """β = (1 − √(αλ))², where R's eigenvalues meet in a double real root
    (Δ = 0). For αλ ≤ 1 the rate there is 1 − √(αλ); larger β gives ripples."""
    return (1.0 - np.sqrt(np.asarray(alpha) * np.asarray(lam))) ** 2


def complex_rate(beta):
    """Rate in the complex (ripple) regime: √β.

    The article prints 2√β here, which is wrong: the two complex eigenvalues
    are conjugate with product det R = β, so each has modulus √β.
    """
    return np.sqrt(np.asarray(beta, dtype=np.float64))


def regime(alpha_lam, beta):
    """Which of :data:`REGIMES` the heavy ball is in, for αλ and β:

    * "divergence": rate ≥ 1
    * "ripples": complex eigenvalues (Δ < 0)
    * "monotonic": real eigenvalues, the dominant one ≥ 0 (t ≥ 0)
    * "oscillation": real eigenvalues, the dominant one < 0 (t < 0)

    Returns an array of strings (a numpy string for scalar inputs).
    """
    t, disc = _trace_disc(alpha_lam, beta, 1.0)
    rate = momentum_rate(alpha_lam, beta, 1.0)
    codes = np.where(rate >= 1.0, 3, np.where(disc < 0, 0, np.where(t >= 0, 1, 2)))
    return np.asarray(REGIMES)[codes]


def one_step(alpha_lam, beta):
    """True where one step lands exactly on the minimum: αλ = 1 and β = 0."""
    return np.isclose(alpha_lam, 1.0, rtol=0.0, atol=1e-12) & (np.asarray(beta) == 0)


class EMAResponse(NamedTuple):
    gain: np.ndarray
    lag: np.ndarray


def ema_response(beta, omega) -> EMAResponse:
    """Steady-state response of v_t = β v_{t−1} + (1 − β) s_t to s_t = sin(ωt)::

        H(ω) = (1 − β) / (1 − β e^{−iω}),   gain = |H|,   lag = −arg H / ω  (samples)

    so v_t → gain · sin(ω (t − lag)).
    """
    beta, omega = np.asarray(beta, dtype=np.float64), np.asarray(omega, dtype=np.float64)
    H = (1.0 - beta) / (1.0 - beta * np.exp(-1j * omega))
    return EMAResponse(np.abs(H), -np.angle(H) / omega)


def heavy_ball_steady_step(lr, g, beta):
    """Terminal step of the heavy ball on a constant gradient g: lr·g / (1 − β)."""
    return np.asarray(lr) * np.asarray(g) / (1.0 - np.asarray(beta))


def ema_steady_step(lr, g, beta):
    """Terminal step of EMA momentum on a constant gradient g: lr·g, whatever β
    (β only sets how fast the step gets there)."""
    return np.asarray(lr) * np.asarray(g)
