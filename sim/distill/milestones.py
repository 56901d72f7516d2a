"""The error, eigencomponent by eigencomponent (Distill figures 3 and 12).

The problem: f(x) = ½ Σᵢ λᵢ xᵢ² with λ = (0.01, 0.1, 1) and x⁰ᵢ = 1/√λᵢ, so that every component
starts with loss ½λᵢ(x⁰ᵢ)² = ½. (The article's code uses λ = (1, 10, 100) and α/100: the same runs.)
The optimum is x* = 0 and f* = 0.

The heavy ball z ← βz + λᵢxᵢ, xᵢ ← xᵢ − αz from z⁰ = 0 (β = 0: gradient descent) moves each component
independently; the loss of component i at step k is ½λᵢ(xᵢᵏ)², and the total is their sum (erratum E5:
the article's decomposition f(wᵏ) − f* = Σ(1−αλᵢ)²ᵏλᵢ[xᵢ⁰]² drops this ½; its widget code keeps it).

Parameters:

* gradient descent at α = 2/(λ₁ + λₙ) = 2/1.01 ≈ 1.9802 (the article's "optimal step-size", 200/101);
* momentum at α = (2/(√λ₁ + √λₙ))² = 400/121 ≈ 3.3058, β = ((√λₙ − √λ₁)/(√λₙ + √λ₁))² = 81/121;
* any α, β.

Rates: gradient descent contracts by max|1 − αλᵢ| per step, momentum by the spectral radius of
R = [[β, λ], [−αβ, 1 − αλ]] maximised over λ = λᵢ (:func:`sim.theory.momentum_rate`).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import theory

LAMBDAS = np.array([0.01, 0.1, 1.0])
STEPS = 150
THRESHOLD = 0.01


def start(lambdas=LAMBDAS) -> np.ndarray:
    """x⁰ᵢ = 1/√λᵢ: every component's loss ½λᵢ(x⁰ᵢ)² is ½."""
    return 1.0 / np.sqrt(np.asarray(lambdas, dtype=np.float64))


def gd_params(lambdas=LAMBDAS) -> tuple[float, float]:
    """(α, β) = (2/(λ₁ + λₙ), 0)."""
    lam = np.asarray(lambdas, dtype=np.float64)
    return float(theory.optimal_gd(lam.min(), lam.max()).alpha), 0.0


def momentum_params(lambdas=LAMBDAS) -> tuple[float, float]:
    """(α, β) = ((2/(√λ₁ + √λₙ))², ((√λₙ − √λ₁)/(√λₙ + √λ₁))²)."""
    lam = np.asarray(lambdas, dtype=np.float64)
    p = theory.optimal_momentum(lam.min(), lam.max())
    return float(p.alpha), float(p.beta)


def component_losses(alpha: float, beta: float, steps: int = STEPS, lambdas=LAMBDAS) -> np.ndarray:
    """½λᵢ(xᵢᵏ)² for k = 0 … steps (rows) and each component i (columns), by running the iteration
    z ← βz + λx, x ← x − αz from x⁰ = :func:`start`, z⁰ = 0. Non-finite values are kept as they arise."""
    lam = np.asarray(lambdas, dtype=np.float64)
    x, z = start(lam), np.zeros_like(lam)
    out = np.empty((steps + 1, lam.size))
    out[0] = 0.5 * lam * x * x
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            z = beta * z + lam * x
            x = x - alpha * z
            out[k] = 0.5 * lam * x * x
    return out


def last_above(losses: np.ndarray, threshold: float = THRESHOLD) -> list[int | None]:
    """For each component (column), the last step k whose loss is above ``threshold``; None where the
    loss is still above it at the last step (the article then ends the line in an arrowhead), and −1
    where it is never above it."""
    above = ~(np.asarray(losses) <= threshold)  # NaN counts as above
    out: list[int | None] = []
    for col in above.T:
        if col[-1]:
            out.append(None)
        else:
            hits = np.flatnonzero(col)
            out.append(int(hits[-1]) if hits.size else -1)
    return out


class Rates(NamedTuple):
    gd: float  # max_i |1 − αλᵢ|: gradient descent's rate at this α (β ignored)
    momentum: float  # max_i ρ(R(α, β, λᵢ)): the rate of the run (equals gd when β = 0)


def rates(alpha: float, beta: float, lambdas=LAMBDAS) -> Rates:
    """Both contraction factors per step at (α, β)."""
    lam = np.asarray(lambdas, dtype=np.float64)
    return Rates(float(theory.gd_rate_quadratic(alpha, lam)), float(theory.momentum_rate_quadratic(alpha, beta, lam)))


def dominant(losses: np.ndarray, rtol: float = 1e-6) -> tuple[int, ...]:
    """The components (0 is λ₁ = 0.01) whose loss at the last step is the largest, within ``rtol``:
    more than one where they tie, as gradient descent's λ₁ and λₙ do at α = 2/(λ₁ + λₙ), where
    1 − αλ₁ = −(1 − αλₙ) and both start at ½. NaN counts as the largest."""
    last = np.nan_to_num(np.asarray(losses, dtype=np.float64)[-1], nan=np.inf, posinf=np.inf)
    top = last.max()
    if not np.isfinite(top):
        return tuple(int(i) for i in np.flatnonzero(last == top))
    return tuple(int(i) for i in np.flatnonzero(last >= top * (1.0 - rtol)))


class Run(NamedTuple):
    alpha: float
    beta: float
    losses: np.ndarray  # (steps + 1, n): ½λᵢ(xᵢᵏ)²
    total: np.ndarray  # (steps + 1,): f(xᵏ) − f*
    last_above: list  # see last_above()
    rates: Rates
    dominant: tuple  # see dominant()


def run(alpha: float, beta: float = 0.0, steps: int = STEPS, lambdas=LAMBDAS, threshold: float = THRESHOLD) -> Run:
    """Everything the milestones picture and its words need, for one (α, β)."""
    losses = component_losses(alpha, beta, steps, lambdas)
    return Run(float(alpha), float(beta), losses, losses.sum(axis=1), last_above(losses, threshold),
               rates(alpha, beta, lambdas), dominant(losses))


def gd_run(steps: int = STEPS) -> Run:
    """Gradient descent at its optimal step 2/(λ₁ + λₙ)."""
    return run(*gd_params(), steps=steps)


def momentum_run(steps: int = STEPS) -> Run:
    """Momentum at its optimal (α, β)."""
    return run(*momentum_params(), steps=steps)
