"""Each closed form in sim.theory against simulation or an independent numeric check."""

import numpy as np
import pytest

from sim import SGD, ema, simulate, theory
from sim.landscapes import Quadratic, Ravine


def heavy_ball_path(alpha, beta, lam, steps, start=1.0):
    """Positions of SGD(alpha, momentum=beta) on f(x) = ½ λ x² (the heavy ball)."""
    return simulate(Quadratic([[lam]]), [start], SGD(alpha, momentum=beta), steps).positions[:, 0]


def measured_rate(positions, first=20):
    """Per-step contraction of the state (x_k, x_{k-1}) between step ``first`` and
    the last step whose state is still well inside float range."""
    x = positions.reshape(len(positions), -1)
    with np.errstate(over="ignore", invalid="ignore"):
        state = np.sqrt(np.sum(x[1:] ** 2, axis=1) + np.sum(x[:-1] ** 2, axis=1))
    usable = np.nonzero((state > 1e-250) & (state < 1e250))[0]
    last = usable[usable > first].max()
    return (state[last] / state[first]) ** (1.0 / (last - first))


@pytest.mark.parametrize("alpha_lam", [0.1, 0.5, 1.5, 1.9, 2.1])
def test_gd_rate_is_the_per_step_factor(alpha_lam):
    lam = 2.0
    x = heavy_ball_path(alpha_lam / lam, 0.0, lam, 20)
    np.testing.assert_allclose(np.abs(x[1:] / x[:-1]), theory.gd_rate(alpha_lam / lam, lam), rtol=1e-12)


def test_gd_rate_quadratic_is_the_slowest_direction():
    eigs = np.array([0.5, 2.0, 3.0])
    alpha = 0.3
    traj = simulate(Quadratic(np.diag(eigs)), [1.0, 1.0, 1.0], SGD(alpha), 400)
    norms = np.linalg.norm(traj.positions, axis=1)
    measured = (norms[400] / norms[200]) ** (1 / 200)
    assert measured == pytest.approx(theory.gd_rate_quadratic(alpha, eigs), rel=1e-6)
    np.testing.assert_allclose(
        theory.gd_rate_quadratic(np.array([0.1, 0.3]), eigs), [0.95, max(abs(1 - 0.3 * eigs))]
    )


# (αλ, β) pairs spanning the regimes: monotonic, critical, ripples, oscillation, divergence.
RATE_CASES = [(0.05, 0.0), (0.05, 0.5), (0.3, 0.2), (0.5, 0.9), (1.0, 0.3), (1.8, 0.0), (3.0, 0.2), (3.5, 0.9), (4.2, 0.9)]


@pytest.mark.parametrize("alpha_lam,beta", RATE_CASES)
def test_momentum_rate_matches_simulation(alpha_lam, beta):
    lam = 4.0
    x = heavy_ball_path(alpha_lam / lam, beta, lam, 1500)
    assert measured_rate(x) == pytest.approx(theory.momentum_rate(alpha_lam / lam, beta, lam), rel=1e-2)


def test_momentum_rate_is_spectral_radius_of_the_matrix():
    rng = np.random.default_rng(0)
    alpha, beta, lam = rng.uniform(0, 2, 500), rng.uniform(0, 1, 500), rng.uniform(0.1, 3, 500)
    R = theory.momentum_matrix(alpha, beta, lam)
    assert R.shape == (500, 2, 2)
    radius = np.abs(np.linalg.eigvals(R)).max(axis=-1)
    np.testing.assert_allclose(theory.momentum_rate(alpha, beta, lam), radius, rtol=1e-6)


def test_momentum_matrix_is_one_heavy_ball_step():
    # (z_k, w_k) = (SGD's buffer, position) evolves by R, from z_0 = 0.
    alpha, beta, lam = 0.2, 0.7, 3.0
    traj = simulate(Quadratic([[lam]]), [1.5], SGD(alpha, momentum=beta), 30)
    state = np.stack([traj.velocities[:, 0], traj.positions[:, 0]], axis=1)
    R = theory.momentum_matrix(alpha, beta, lam)
    np.testing.assert_allclose(state[1:], state[:-1] @ R.T, rtol=1e-12, atol=1e-15)


def test_momentum_rate_quadratic_is_the_slowest_direction():
    eigs = np.array([0.2, 1.0, 5.0])
    alpha, beta = 0.3, 0.5
    traj = simulate(Quadratic(np.diag(eigs)), [1.0, 1.0, 1.0], SGD(alpha, momentum=beta), 800)
    predicted = theory.momentum_rate_quadratic(alpha, beta, eigs)
    assert predicted == max(theory.momentum_rate(alpha, beta, lam) for lam in eigs)
    assert measured_rate(traj.positions) == pytest.approx(predicted, rel=1e-2)


@pytest.mark.parametrize("kappa", [4.0, 25.0, 100.0])
def test_optimal_gd_on_a_ravine(kappa):
    ravine = Ravine(kappa=kappa, scale=0.5, angle=0.3)
    alpha, rate = theory.optimal_gd(ravine.lam_min, ravine.lam_max)
    assert rate == pytest.approx((kappa - 1) / (kappa + 1))
    traj = simulate(ravine, ravine.start, SGD(alpha), 600)
    assert measured_rate(traj.positions) == pytest.approx(rate, rel=1e-3)
    for other in (0.95 * alpha, 1.05 * alpha):
        assert theory.gd_rate_quadratic(other, ravine.eigenvalues) > rate


@pytest.mark.parametrize("kappa", [4.0, 25.0, 100.0])
def test_optimal_momentum_on_a_ravine(kappa):
    ravine = Ravine(kappa=kappa, scale=0.5, angle=0.3)
    alpha, beta, rate = theory.optimal_momentum(ravine.lam_min, ravine.lam_max)
    root = np.sqrt(kappa)
    assert rate == pytest.approx((root - 1) / (root + 1))
    assert beta == pytest.approx(theory.optimal_beta(kappa)) and beta == pytest.approx(rate**2)
    traj = simulate(ravine, ravine.start, SGD(alpha, momentum=beta), 1500)
    assert measured_rate(traj.positions) == pytest.approx(rate, rel=1e-2)
    assert theory.momentum_rate_quadratic(alpha, beta, ravine.eigenvalues) == pytest.approx(rate, rel=1e-6)
    # Nudging either parameter makes the worst direction slower.
    for a, b in [(0.95 * alpha, beta), (1.05 * alpha, beta), (alpha, 0.9 * beta), (alpha, min(1.1 * beta, 0.999))]:
        assert theory.momentum_rate_quadratic(a, b, ravine.eigenvalues) > rate + 1e-6
    # Momentum beats the best plain gradient descent.
    assert rate < theory.optimal_gd(ravine.lam_min, ravine.lam_max).rate


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9])
def test_stability_bound(beta):
    lam = 2.0
    edge = (2 + 2 * beta) / lam
    inside = heavy_ball_path(0.97 * edge, beta, lam, 2000)
    outside = heavy_ball_path(1.03 * edge, beta, lam, 2000)
    assert np.abs(inside[-10:]).max() < 1e-6
    assert np.abs(outside[-10:]).max() > 1e6
    assert theory.is_stable(0.97 * edge, beta, lam) and not theory.is_stable(1.03 * edge, beta, lam)


class Decoupled:
    """f(x) = ½ Σ λ_i x_i²: one independent 1-D quadratic per coordinate."""

    name = "decoupled"

    def __init__(self, lams):
        self.lams = np.asarray(lams, dtype=float)
        self.dim = self.lams.size

    def value(self, x):
        return 0.5 * np.sum(self.lams * x**2, axis=-1)

    def grad(self, x):
        return self.lams * x


def test_is_stable_agrees_with_simulation_on_a_grid():
    alpha_lam = np.linspace(-0.5, 4.5, 41)
    alpha_lam = alpha_lam[np.abs(alpha_lam) > 0.1]  # αλ < 0: a concave direction
    for beta in np.linspace(0.0, 0.95, 12):
        clear = np.abs(alpha_lam - (2 + 2 * beta)) > 0.1
        x = simulate(Decoupled(alpha_lam[clear]), np.ones(clear.sum()), SGD(1.0, momentum=beta), 3000).positions
        shrinks = np.abs(x[-1]) + np.abs(x[-2]) < 1e-3
        np.testing.assert_array_equal(theory.is_stable(alpha_lam[clear], beta, 1.0), shrinks)
        np.testing.assert_array_equal(theory.momentum_rate(alpha_lam[clear], beta, 1.0) < 1, shrinks)
    assert not theory.is_stable(0.5, 1.0, 1.0) and not theory.is_stable(0.5, -0.1, 1.0)


@pytest.mark.parametrize("alpha_lam", [0.04, 0.25, 0.5, 0.81])
def test_critical_damping(alpha_lam):
    lam = 1.0
    beta_c = theory.critical_damping(alpha_lam, lam)
    eig = np.linalg.eigvals(theory.momentum_matrix(alpha_lam, beta_c, lam))
    assert abs(eig[0] - eig[1]) < 1e-6  # a double root
    above = np.linalg.eigvals(theory.momentum_matrix(alpha_lam, beta_c + 1e-3, lam))
    below = np.linalg.eigvals(theory.momentum_matrix(alpha_lam, beta_c - 1e-3, lam))
    assert np.all(np.abs(above.imag) > 0) and np.all(below.imag == 0)
    expected = 1 - np.sqrt(alpha_lam)
    assert theory.momentum_rate(alpha_lam, beta_c, lam) == pytest.approx(expected, rel=1e-7)
    x = heavy_ball_path(alpha_lam, beta_c, lam, 1500)
    # A double root contracts like k σ^k: start late so the factor k washes out.
    assert measured_rate(x, first=100) == pytest.approx(expected, rel=1e-2)


@pytest.mark.parametrize("kappa", [4.0, 30.0, 100.0])
def test_best_beta_for_a_fixed_alpha_damps_the_slowest_direction_critically(kappa):
    eig = np.array([1.0 / kappa, 1.0])
    alpha = 1.0
    best = theory.best_beta(alpha, eig)
    assert best == pytest.approx(theory.critical_damping(alpha, eig[0]), abs=2e-4)
    rate = theory.momentum_rate_quadratic(alpha, best, eig)
    for other in (best - 0.05, best + 0.05):
        assert theory.momentum_rate_quadratic(alpha, other, eig) > rate


@pytest.mark.parametrize("alpha_lam,beta", [(1.0, 0.3), (0.5, 0.6), (0.3, 0.8), (2.0, 0.95)])
def test_complex_rate_is_sqrt_beta(alpha_lam, beta):
    assert theory.regime(alpha_lam, beta) == "ripples"
    x = heavy_ball_path(alpha_lam, beta, 1.0, 1500)
    assert measured_rate(x) == pytest.approx(theory.complex_rate(beta), rel=1e-2)
    assert theory.complex_rate(beta) == pytest.approx(np.sqrt(beta))


def test_regime_labels_match_the_eigenvalues():
    alpha_lam, beta = np.meshgrid(np.linspace(0.05, 4.5, 40), np.linspace(0.0, 0.95, 20))
    alpha_lam, beta = alpha_lam.ravel(), beta.ravel()
    t = 1 + beta - alpha_lam
    disc = t**2 - 4 * beta
    sigma = np.linalg.eigvals(theory.momentum_matrix(alpha_lam, beta, 1.0))
    radius = np.abs(sigma).max(axis=1)
    clear = (np.abs(disc) > 1e-3) & (np.abs(radius - 1) > 1e-3) & (np.abs(t) > 1e-3)
    labels = theory.regime(alpha_lam, beta)
    assert set(labels) == set(theory.REGIMES)
    dominant = sigma[np.arange(len(sigma)), np.abs(sigma).argmax(axis=1)]
    expected = np.where(
        radius >= 1,
        "divergence",
        np.where(np.abs(sigma.imag).max(axis=1) > 0, "ripples", np.where(dominant.real > 0, "monotonic", "oscillation")),
    )
    np.testing.assert_array_equal(labels[clear], expected[clear])


@pytest.mark.parametrize(
    "alpha_lam,beta,label", [(0.1, 0.0, "monotonic"), (1.8, 0.0, "oscillation"), (0.5, 0.9, "ripples"), (4.5, 0.5, "divergence")]
)
def test_regimes_look_as_named(alpha_lam, beta, label):
    assert theory.regime(alpha_lam, beta) == label
    x = heavy_ball_path(alpha_lam, beta, 1.0, 60)
    flips = np.sign(x[1:]) != np.sign(x[:-1])
    if label == "monotonic":
        assert not flips.any()
    elif label == "oscillation":
        assert flips.all()
    elif label == "ripples":
        assert 0 < flips.sum() < len(flips) // 2
    else:
        assert abs(x[-1]) > 1e3 * abs(x[0])


def test_one_step():
    lam = 2.5
    x = heavy_ball_path(1 / lam, 0.0, lam, 3, start=3.0)
    np.testing.assert_array_equal(x[1:], 0.0)
    assert theory.one_step(1.0, 0.0) and theory.momentum_rate(1.0, 0.0, 1.0) == 0.0
    np.testing.assert_array_equal(theory.one_step(np.array([1.0, 1.0, 0.9]), np.array([0.0, 0.1, 0.0])), [True, False, False])


@pytest.mark.parametrize("beta", [0.5, 0.9])
@pytest.mark.parametrize("omega", [0.05, 0.3, 1.0, 2.5])
def test_ema_response_on_a_sampled_sine(beta, omega):
    t = np.arange(1, 4001)
    v = ema(np.sin(omega * t), beta)
    keep = t > 1000  # past the transient beta^t
    basis = np.stack([np.sin(omega * t[keep]), np.cos(omega * t[keep])], axis=1)
    (a, b), *_ = np.linalg.lstsq(basis, v[keep], rcond=None)
    gain, lag = theory.ema_response(beta, omega)
    assert np.hypot(a, b) == pytest.approx(gain, rel=1e-9)
    assert -np.arctan2(b, a) / omega == pytest.approx(lag, rel=1e-9)
