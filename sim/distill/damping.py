"""Phase portraits of one eigencomponent: damping (Distill figures 9 and 10).

One component of the heavy ball on f = ½λ(w − w*)²:

    zᵏ⁺¹ = β zᵏ + λ (wᵏ − w*),    wᵏ⁺¹ = wᵏ − α zᵏ⁺¹.

Read as physics (figure 8): w is the position, **the velocity is −z** (w moves by α·(−z) each step),
β damps the velocity and −λ(w − w*) is the force. All arrays here hold z itself; :func:`velocity` is −z.

**(a) The grid** (figure 9): β ∈ {1, 0.985, 0.95, 0.9, 0.85, 0.8} × λ ∈ {0, 0.02, 0.1, 0.25},
α = 0.02, w* = 0, 250 iterations (the article's text says 150; its code runs 250). The start is the
article code's: position w⁰ = 0.92 and buffer z⁰ = 1, i.e. velocity −z⁰ = −1. The article plots
horizontally 1.4·(−z) and vertically −w.

**(b) Critical damping** (figure 10): α = 10⁻⁴, λ = 100 (αλ = 0.01), from w⁰ = 0, z⁰ = 0 with w* = 1
(error −1). Under-damped β = 0.97; critically damped β = (1 − √(αλ))² = 0.81, where R's eigenvalues
meet at 1 − √(αλ) = 0.9 (the article draws 0.8101, just inside the complex region, rate √0.8101 ≈ 0.90006);
over-damped β = 0.01 (the article's initial value; 0.05 after a hover). Gradient descent's rate is
1 − αλ = 0.99; critical damping's 1 − √(αλ) = 0.9.

"Reaches the optimum" is defined as: the first step k from which |wʲ − w*| ≤ ``tol`` (default 0.01,
1 % of the initial error) for every j = k … ``horizon`` (default 2000 steps, long past every run's
envelope falling below tol).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import theory

GRID_BETAS = (1.0, 0.985, 0.95, 0.9, 0.85, 0.8)
GRID_LAMBDAS = (0.0, 0.02, 0.1, 0.25)
GRID_ALPHA = 0.02
GRID_STEPS = 250
GRID_W0 = 0.92
GRID_Z0 = 1.0

ALPHA = 1e-4
LAMBDA = 100.0
UNDER_BETA = 0.97
OVER_BETA = 0.01
TOL = 0.01
HORIZON = 2000


def run(alpha, beta, lam, steps: int, w0=0.0, z0=0.0, w_star=0.0) -> tuple[np.ndarray, np.ndarray]:
    """(w, z), each of shape ``broadcast(alpha, beta, lam, w0, z0).shape + (steps + 1,)``, by the
    iteration above (vectorised over the parameters)."""
    alpha, beta, lam, w, z = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64) for a in (alpha, beta, lam, w0, z0)))
    W, Z = np.empty(w.shape + (steps + 1,)), np.empty(w.shape + (steps + 1,))
    W[..., 0], Z[..., 0] = w, z
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            z = beta * z + lam * (w - w_star)
            w = w - alpha * z
            W[..., k], Z[..., k] = w, z
    return W, Z


def velocity(z) -> np.ndarray:
    """The physical velocity: −z."""
    return -np.asarray(z)


class Grid(NamedTuple):
    betas: np.ndarray  # (6,)
    lambdas: np.ndarray  # (4,)
    w: np.ndarray  # (6, 4, steps + 1): position
    z: np.ndarray  # (6, 4, steps + 1): buffer; velocity is −z


def grid(betas=GRID_BETAS, lambdas=GRID_LAMBDAS, alpha: float = GRID_ALPHA, steps: int = GRID_STEPS,
         w0: float = GRID_W0, z0: float = GRID_Z0) -> Grid:
    """Figure 9's 6 × 4 portraits: rows β, columns λ."""
    b, lam = np.asarray(betas, dtype=np.float64), np.asarray(lambdas, dtype=np.float64)
    W, Z = run(alpha, b[:, None], lam[None, :], steps, w0, z0)
    return Grid(b, lam, W, Z)


def critical_beta(alpha: float = ALPHA, lam: float = LAMBDA) -> float:
    """β = (1 − √(αλ))² (:func:`sim.theory.critical_damping`)."""
    return float(theory.critical_damping(alpha, lam))


def reach_step(errors, tol: float = TOL):
    """First k with |errorsʲ| ≤ tol for all j ≥ k (last axis); None (or −1 in arrays) if the last one is above."""
    e = np.abs(np.asarray(errors, dtype=np.float64))
    bad = ~(e <= tol)
    # last index that is bad, +1; arrays of any leading shape
    n = e.shape[-1]
    last_bad = np.where(bad.any(axis=-1), n - 1 - np.argmax(bad[..., ::-1], axis=-1), -1)
    out = np.where(last_bad == n - 1, -1, last_bad + 1)
    return (None if out == -1 else int(out)) if out.ndim == 0 else out


class Case(NamedTuple):
    name: str
    beta: float
    errors: np.ndarray  # wᵏ − w*, k = 0 … horizon
    z: np.ndarray
    rate: float  # spectral radius of R
    reach: int | None  # reach_step(errors, tol)


class Damping(NamedTuple):
    alpha: float
    lam: float
    cases: list  # [under, critical, over]
    first: str  # the name of the case that reaches the optimum first
    gd_rate: float  # 1 − αλ
    critical_rate: float  # 1 − √(αλ)


def damping(alpha: float = ALPHA, lam: float = LAMBDA, under: float = UNDER_BETA, over: float = OVER_BETA,
            critical: float | None = None, tol: float = TOL, horizon: int = HORIZON) -> Damping:
    """Figure 10's three runs from w⁰ = 0, z⁰ = 0 to w* = 1; ``critical`` defaults to (1 − √(αλ))²."""
    critical = critical_beta(alpha, lam) if critical is None else critical
    names = ("under-damped", "critically damped", "over-damped")
    betas = np.array([under, critical, over])
    W, Z = run(alpha, betas, lam, horizon, 0.0, 0.0, w_star=1.0)
    E = W - 1.0
    reach = reach_step(E, tol)
    cases = [Case(n, float(b), E[i], Z[i], float(theory.momentum_rate(alpha, b, lam)),
                  None if reach[i] < 0 else int(reach[i])) for i, (n, b) in enumerate(zip(names, betas))]
    ok = [c for c in cases if c.reach is not None]
    first = min(ok, key=lambda c: c.reach).name if ok else ""
    return Damping(float(alpha), float(lam), cases, first, float(1.0 - alpha * lam),
                   float(1.0 - np.sqrt(alpha * lam)))
