"""Evidence that sweeps measure what the theory predicts: the heavy ball's convergence rate, measured by
simulation on a 200 × 200 grid of (αλ, β), against the closed form of sim.theory.

Band and tolerance: outside a band of one grid cell around the regime boundaries (the points with a
neighbour, across an edge or a corner, in another regime: Δ(αλ) = 0.02, Δβ = 0.005), the measured rate is
within 0.004 of ``theory.momentum_rate``; inside the band, within 0.01. 1000 steps per run.
"""
from __future__ import annotations

import numpy as np

import sim
from sim import landscapes, theory

LAM = 2.0
ALPHA_LAM = np.linspace(0.0, 4.0, 201)[1:]  # (0, 4]: past divergence for every β < 1
BETA = np.linspace(0.0, 0.99, 200)


def boundary_band(regimes: np.ndarray) -> np.ndarray:
    """True where one of the 8 neighbours (no wrap-around) is in another regime."""
    band = np.zeros(regimes.shape, dtype=bool)
    n, m = regimes.shape
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            a = regimes[max(di, 0): n + min(di, 0), max(dj, 0): m + min(dj, 0)]
            b = regimes[max(-di, 0): n + min(-di, 0), max(-dj, 0): m + min(-dj, 0)]
            band[max(di, 0): n + min(di, 0), max(dj, 0): m + min(dj, 0)] |= a != b
    return band


def test_the_measured_rate_map_agrees_with_the_closed_form():
    res = sim.sweep(landscapes.Quadratic([[LAM]]), [[1.0]], "SGD", {"lr": ALPHA_LAM / LAM, "momentum": BETA},
                    steps=1000, reduce="rate")
    measured = res.values[..., 0]
    assert measured.shape == (200, 200)
    closed = theory.momentum_rate(ALPHA_LAM[:, None], BETA[None, :], 1.0)
    regimes = theory.regime(ALPHA_LAM[:, None], BETA[None, :])
    band = boundary_band(regimes)
    assert set(np.unique(regimes)) == set(theory.REGIMES)  # the grid crosses all four regimes
    assert band.mean() < 0.1  # a thin band
    err = np.abs(measured - closed)
    assert np.isfinite(err).all()
    assert err[~band].max() <= 0.004
    assert err[band].max() <= 0.01
    # divergence measured as divergence (rate > 1), away from the edge
    assert np.all(measured[(regimes == "divergence") & ~band] > 1.0)


def test_a_ravine_converges_at_the_slowest_eigen_direction_rate():
    kappa = 20.0
    land = landscapes.Ravine(kappa, angle=0.4)
    lrs, betas = np.linspace(0.005, 0.18, 30), np.linspace(0.0, 0.95, 30)
    starts = np.random.default_rng(1).uniform(-2, 2, (3, 2))
    res = sim.sweep(land, starts, "SGD", {"lr": lrs, "momentum": betas}, steps=1000, reduce="rate")
    # closed form: the largest spectral radius of the 2×2 iteration matrix over the eigenvalues 1 and κ
    closed = np.empty((30, 30))
    for i, a in enumerate(lrs):
        for j, b in enumerate(betas):
            closed[i, j] = max(np.max(np.abs(np.linalg.eigvals([[b, lam], [-a * b, 1 - a * lam]])))
                               for lam in (1.0, kappa))
    err = np.abs(res.values - closed[..., None])
    assert np.median(err) < 0.002 and np.max(err) < 0.01
