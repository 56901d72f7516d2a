"""Information flowing across a graph: the colorization problem (Distill figure 14).

**The grid.** A 16 × 112 mask: four 16 × 16 squares at columns 0–15, 32–47, 64–79 and 96–111, joined
by three corridors on rows 7–8 (columns 16–31, 48–63, 80–95): 4·256 + 3·32 = 1,120 pixels. Pixels are
numbered **row-major** (row by row, left to right, over the pixels only): rows 0–6 have 64 pixels each,
so pixel 448 = 7·64 is row 7, column 0, and pixel 560 = 448 + 112 (row 7 is full) is row 8, column 0 —
the two left-edge pixels that the article's ``laplacian.jl`` seeds at Julia's 1-based 449 and 561.

**The problem.** f(w) = ½wᵀLw − bᵀw with L the 4-neighbour graph Laplacian plus 0.1 on the diagonal at
the two seeds, and b = 10 at the seeds (0 elsewhere): Lw* = b gives w* = 100 at every pixel, because the
Laplacian part annihilates constants and 0.1·100 = 10. (The text's formula uses colorizer weight 1 and
target 1; the figure uses 0.1 and 100.)

**The closed form.** With L = Q diag(λ) Qᵀ (one ``np.linalg.eigh``, ascending) and the error in
eigen-coordinates eᵏ = Qᵀ(wᵏ − w*) (erratum E4: Qᵀ), each component evolves alone from e⁰ = −Qᵀw*:
gradient descent eᵢᵏ = (1 − αλᵢ)ᵏ eᵢ⁰; momentum eᵢᵏ = e₂ᵀ Rᵢᵏ (0, eᵢ⁰) with Rᵢ = R(α, β, λᵢ) and Rᵏ from
:func:`sim.distill.taxonomy.power`. Then wᵏ = w* + Q eᵏ.

**Per-eigenvector convergence.** Component i shrinks by |σᵢ| = ρ(Rᵢ) per step (the larger root's
modulus, not the first one numeric.js returned, as the article's ``maxLambda`` did), so it is within
10⁻³ of converged after ln 10⁻³ / ln |σᵢ| steps.

Spectrum (asserted by :func:`spectrum`): λ₁ ≈ 5.1093·10⁻⁵, λ₂ ≈ 4.2846·10⁻⁴, λ_max ≈ 7.924431,
κ ≈ 1.551·10⁵. The optimal momentum is α ≈ 0.50221, β ≈ 0.98989 (α·λ_max ≈ 3.9798).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import theory
from .taxonomy import power_coefficients

ROWS, COLS = 16, 112
SQUARES = (0, 32, 64, 96)
SIDE = 16
CORRIDOR_ROWS = (7, 8)
SEEDS = (448, 560)
SEED_WEIGHT = 0.1
SEED_B = 10.0
W_STAR = 100.0
GD_ALPHA_LAM = 1.9
TOL = 1e-3


def mask() -> np.ndarray:
    """Boolean (16, 112): True at the pixels."""
    m = np.zeros((ROWS, COLS), dtype=bool)
    for c in SQUARES:
        m[:, c:c + SIDE] = True
    m[list(CORRIDOR_ROWS), SQUARES[0]:SQUARES[-1] + SIDE] = True
    return m


def pixels() -> np.ndarray:
    """(1120, 2): the (row, column) of each pixel, in the row-major numbering."""
    return np.argwhere(mask())


def laplacian() -> np.ndarray:
    """The 4-neighbour graph Laplacian of the pixels (1120 × 1120, dense) plus 0.1 at the seeds."""
    m = mask()
    index = -np.ones(m.shape, dtype=np.int64)
    index[m] = np.arange(m.sum())
    L = np.zeros((m.sum(), m.sum()))
    for a, b in ((index[:, :-1], index[:, 1:]), (index[:-1, :], index[1:, :])):
        ok = (a >= 0) & (b >= 0)
        i, j = a[ok], b[ok]
        L[i, j] = L[j, i] = -1.0
        np.add.at(L, (i, i), 1.0)
        np.add.at(L, (j, j), 1.0)
    L[SEEDS, SEEDS] += SEED_WEIGHT
    return L


def rhs() -> np.ndarray:
    """b = 10 at the two seeds, 0 elsewhere."""
    b = np.zeros(int(mask().sum()))
    b[list(SEEDS)] = SEED_B
    return b


class Spectrum(NamedTuple):
    lam: np.ndarray  # (1120,), ascending
    Q: np.ndarray  # (1120, 1120), column i for lam[i]
    w_star: np.ndarray  # (1120,): L⁻¹ b (``np.linalg.solve``) = 100 everywhere
    x_star: np.ndarray  # Qᵀ w*


def spectrum() -> Spectrum:
    """One ``eigh`` of L (about a second): the result to cache. Asserts the article's spectrum."""
    L = laplacian()
    lam, Q = np.linalg.eigh(L)
    assert abs(lam[0] - 5.1093e-5) < 1e-8 and abs(lam[-1] - 7.924431) < 1e-5, (lam[0], lam[-1])
    assert abs(lam[-1] / lam[0] - 1.551e5) < 1e2
    w_star = np.linalg.solve(L, rhs())
    return Spectrum(lam, Q, w_star, Q.T @ w_star)


def gd_alpha(lam) -> float:
    """α = 1.9/λ_max."""
    return float(GD_ALPHA_LAM / np.max(lam))


def optimal(lam) -> tuple[float, float]:
    """The optimal momentum (α, β) for λ₁, λ_max."""
    p = theory.optimal_momentum(np.min(lam), np.max(lam))
    return float(p.alpha), float(p.beta)


def eigen_errors(spec: Spectrum, alpha: float, beta: float, steps) -> np.ndarray:
    """eᵢᵏ = e₂ᵀRᵢᵏ(0, −xᵢ*): shape (len(steps), 1120). β = 0 is gradient descent, (1 − αλᵢ)ᵏ(−xᵢ*)."""
    k = np.atleast_1d(np.asarray(steps, dtype=np.int64))[:, None]
    A, B, m = power_coefficients(alpha, beta, spec.lam[None, :], k)
    # e₂ᵀ Rᵏ e₂ = Aₖ (1 − αλ − m) + Bₖ
    factor = np.real(A * (1.0 - alpha * spec.lam - m.real) + B)
    return factor * (-spec.x_star)


def iterates(spec: Spectrum, alpha: float, beta: float, steps) -> np.ndarray:
    """wᵏ = w* + Q eᵏ for each k in ``steps``: shape (len(steps), 1120), pixel order."""
    return spec.w_star + eigen_errors(spec, alpha, beta, steps) @ spec.Q.T


def image(w) -> np.ndarray:
    """Pixel values (…, 1120) into the (…, 16, 112) grid, NaN off the mask."""
    w = np.asarray(w, dtype=np.float64)
    out = np.full(w.shape[:-1] + (ROWS, COLS), np.nan)
    out[..., mask()] = w
    return out


def log_steps(last: int = 219_695, count: int = 24) -> np.ndarray:
    """``count`` log-spaced whole steps from 0 to ``last`` (distinct, ascending, 0 first)."""
    return np.unique(np.concatenate([[0], np.round(np.geomspace(1, last, count - 1)).astype(np.int64)]))


def rates(lam, alpha: float, beta: float) -> np.ndarray:
    """|σᵢ| = ρ(R(α, β, λᵢ)) per eigenvalue."""
    return np.asarray(theory.momentum_rate(alpha, beta, lam), dtype=np.float64)


def steps_to_converge(lam, alpha: float, beta: float, tol: float = TOL) -> np.ndarray:
    """ln(tol)/ln|σᵢ|: steps until |σᵢ|ᵏ ≤ tol (inf where |σᵢ| ≥ 1; 1 where σᵢ = 0, a component that one
    step zeroes still takes that step)."""
    r = rates(lam, alpha, beta)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(r >= 1.0, np.inf, np.where(r == 0.0, 1.0, np.log(tol) / np.log(r)))
