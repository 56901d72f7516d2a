"""sim.distill.stochastic against the exact moment recursion (mean and covariance of (y, x)), a seeded
Monte Carlo, sim.simulate and sim.sweep; sim.distill.banana against finite differences and a plain loop."""
import numpy as np
import pytest

from sim import SGD, simulate
from sim.distill import banana, stochastic as S


def R_of(alpha, beta, lam):
    return np.array([[beta, lam], [-alpha * beta, 1.0 - alpha * lam]])


def moments(alpha, beta, steps, lam=1.0, eps=3.0, x0=np.sqrt(3.0)):
    """E[½λx²] split into ½λ E[x]² and ½λ Var x, by μ' = Rμ and Σ' = RΣRᵀ + ε²vvᵀ."""
    R, v = R_of(alpha, beta, lam), np.array([1.0, -alpha])
    mu, cov = np.array([0.0, x0]), np.zeros((2, 2))
    det, noise = [], []
    for _ in range(steps + 1):
        det.append(0.5 * lam * mu[1] ** 2)
        noise.append(0.5 * lam * cov[1, 1])
        mu, cov = R @ mu, R @ cov @ R.T + eps ** 2 * np.outer(v, v)
    return np.array(det), np.array(noise)


POINTS = [(S.ALPHA, S.BETA), (0.1, 0.0), (0.5, 0.5), (1.0, 0.0), (0.25, 0.25), (0.04, 0.9),
          (0.8, (1 - np.sqrt(0.8)) ** 2),
          (2.0 + 2 * 0.3 - 1e-3, 0.3), (1.9, 0.0), (0.01, 0.99)]


@pytest.mark.parametrize("alpha,beta", POINTS)
def test_closed_form_parts_match_the_moment_recursion(alpha, beta):
    det, noise = moments(alpha, beta, 150)
    assert np.allclose(S.deterministic_part(alpha, beta), det, rtol=1e-8, atol=1e-14)
    assert np.allclose(S.noise_part(alpha, beta), noise, rtol=1e-8, atol=1e-14)
    assert np.allclose(S.expected_loss(alpha, beta), det + noise, rtol=1e-8, atol=1e-14)
    art = S.noise_part(alpha, beta, article=True)
    assert np.allclose(art[:-1], noise[1:], rtol=1e-8, atol=1e-14)
    assert S.noise_part(alpha, beta)[0] == 0.0
    assert S.noise_part(alpha, beta)[1] == pytest.approx(0.5 * 9 * alpha ** 2)
    assert art[0] > 0


def test_deterministic_part_is_the_noise_free_run():
    x, y = np.sqrt(3.0), 0.0
    det = [0.5 * x * x]
    for _ in range(150):
        y = S.BETA * y + x
        x = x - S.ALPHA * y
        det.append(0.5 * x * x)
    assert np.allclose(S.deterministic_part(), det, rtol=1e-9, atol=1e-15)


def test_defaults_and_boundary():
    assert S.ALPHA * 100 == pytest.approx(400 / 121) and S.BETA == pytest.approx(81 / 121)
    assert S.X0 ** 2 / 2 == pytest.approx(1.5)
    det, noise = moments(S.ALPHA, S.BETA, 150)
    last = max(k for k in range(151) if det[k] > noise[k])
    assert S.boundary(S.deterministic_part(), S.noise_part()) == last
    assert S.boundary(np.zeros(3), np.ones(3)) is None
    assert S.boundary([3, 1, 2, 0], [0, 2, 1, 1]) == 2


def test_monte_carlo_lies_on_the_closed_form():
    X = S.monte_carlo()
    assert X.shape == (151, 10_000) and np.all(X[0] == np.sqrt(3.0))
    mean, se = S.mean_loss(X)
    det, noise = moments(S.ALPHA, S.BETA, 150)
    f = 0.5 * X ** 2
    assert np.allclose(mean, f.mean(axis=1)) and np.allclose(se[1:], f[1:].std(axis=1, ddof=1) / 100.0)
    z = (mean[1:] - (det + noise)[1:]) / se[1:]
    assert np.all(np.abs(z) < 4.5), np.abs(z).max()
    assert abs(mean[0] - 1.5) < 1e-12


def test_monte_carlo_is_seeded_and_is_the_iteration():
    xi = np.random.default_rng(7).standard_normal((20, 5))
    X = S.monte_carlo(0.2, 0.6, steps=20, runs=5, seed=7)
    x, y = np.full(5, np.sqrt(3.0)), np.zeros(5)
    for k in range(20):
        y = 0.6 * y + x + 3.0 * xi[k]
        x = x - 0.2 * y
    assert np.allclose(X[-1], x, rtol=1e-12)
    assert np.array_equal(S.monte_carlo(0.2, 0.6, steps=20, runs=5, seed=7), X)


def test_noisy_landscape_runs_through_simulate_and_sweep():
    table = S.noise_table(40, 300, seed=3)
    X = S.monte_carlo(steps=40, noise=table)
    land = S.NoisyQuadratic(table, period=41)
    traj = simulate(land, land.starts(), SGD(S.ALPHA, momentum=S.BETA), 40)
    assert np.allclose(traj.positions[..., 0], X, rtol=1e-12, atol=1e-14)
    assert np.array_equal(traj.positions[..., 1], np.broadcast_to(np.arange(300.0), (41, 300)))
    # again on the same object: the counter wraps at the period
    traj2 = simulate(land, land.starts(), SGD(S.ALPHA, momentum=S.BETA), 40)
    assert np.array_equal(traj2.positions, traj.positions)
    ks = [1, 5, 40]
    swept = S.sweep_mean_loss(ks, runs=300, seed=3)
    assert np.allclose(swept, (0.5 * X[ks] ** 2).mean(axis=1), rtol=1e-12)
    with pytest.raises(ValueError):
        S.NoisyQuadratic(table, period=50)


def test_sweep_mean_on_the_closed_form():
    ks = [1, 10, 50, 150]
    swept = S.sweep_mean_loss(ks)
    mean, se = S.mean_loss(S.monte_carlo())
    assert np.allclose(swept, mean[ks], rtol=1e-12)
    det, noise = moments(S.ALPHA, S.BETA, 150)
    assert np.all(np.abs(swept - (det + noise)[ks]) < 4.5 * se[ks])


# ---- banana -----------------------------------------------------------------------------------------

def f_here(p):
    x, y = p
    return (1 - x) ** 2 + 20 * (3 * y - x ** 2) ** 2


def test_banana_value_gradient_hessian():
    b = banana.Banana()
    assert b.dim == 2 and b.bounds == ((-2.0, 2.0), (-0.2667, 1.0667))
    assert np.allclose(b.minima, [[1.0, 1 / 3]]) and np.allclose(b.start, [-1.21, 0.853])
    assert b.value(b.minima[0]) == pytest.approx(0.0, abs=1e-15)
    assert np.allclose(b.grad(b.minima[0]), 0.0, atol=1e-12)
    rng = np.random.default_rng(0)
    h = 1e-6
    for p in rng.uniform([-2, -0.27], [2, 1.07], (20, 2)):
        assert b.value(p) == pytest.approx(f_here(p), rel=1e-12)
        fd = [(f_here(p + h * e) - f_here(p - h * e)) / (2 * h) for e in np.eye(2)]
        assert np.allclose(b.grad(p), fd, rtol=1e-5, atol=1e-4)
        fdH = np.stack([(b.grad(p + h * e) - b.grad(p - h * e)) / (2 * h) for e in np.eye(2)], axis=-1)
        assert np.allclose(b.hessian(p), fdH, rtol=1e-5, atol=1e-3)
    assert b.value(rng.normal(size=(3, 4, 2))).shape == (3, 4)


def test_banana_curvature():
    c = banana.curvature()
    assert np.allclose(c.hessian, [[162, -240], [-240, 360]], atol=1e-12)
    lam = np.sort(np.linalg.eigvals(np.array([[162.0, -240], [-240, 360]])).real)
    assert np.allclose(c.eigenvalues, lam)
    assert lam[0] == pytest.approx(1.383, abs=1e-3) and lam[1] == pytest.approx(520.62, abs=1e-2)
    assert c.gd_limit == pytest.approx(2 / lam[1]) and c.gd_limit == pytest.approx(0.00384, abs=1e-5)
    assert c.kappa == pytest.approx(376.4, abs=0.1)
    # near the optimum, along the stiff direction, GD settles below the limit and leaves above it
    v = np.linalg.eigh(c.hessian)[1][:, 1]
    opt = np.array([1.0, 1 / 3])
    for factor, grows in ((0.98, False), (1.02, True)):
        tr = simulate(banana.Banana(), opt + 1e-4 * v, SGD(factor * c.gd_limit), 400)
        d = np.linalg.norm(tr.positions[-1] - opt)
        assert (d > 1e-4) == grows


def test_banana_run_matches_a_plain_loop():
    w, z = np.array([-1.21, 0.853]), np.zeros(2)
    path = [w]
    for _ in range(150):
        x, y = w
        g = np.array([-2 * (1 - x) - 80 * x * (3 * y - x ** 2), 120 * (3 * y - x ** 2)])
        z = 0.74 * z + g
        w = w - 0.003 * z
        path.append(w)
    tr = banana.run()
    assert tr.positions.shape == (151, 2)
    assert np.allclose(tr.positions, path, rtol=1e-10, atol=1e-12)
