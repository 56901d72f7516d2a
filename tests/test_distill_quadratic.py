"""sim.distill's one-quadratic modules (taxonomy, milestones, damping), checked against numpy's eig of R,
matrix powers and plain loops written here."""
import numpy as np
import pytest

from sim import SGD, landscapes, simulate
from sim.distill import damping, milestones, taxonomy


def R_of(alpha, beta, lam):
    return np.array([[beta, lam], [-alpha * beta, 1.0 - alpha * lam]], dtype=np.float64)


def spectral_radius(alpha, beta, lam):
    return float(np.max(np.abs(np.linalg.eigvals(R_of(alpha, beta, lam)))))


def loop_errors(alpha, beta, lam, steps, x0=-1.0, y0=0.0):
    x, y, out = x0, y0, [x0]
    for _ in range(steps):
        y = beta * y + lam * x
        x = x - alpha * y
        out.append(x)
    return np.array(out)


# (αλ, β) points: interior, β = 0, the stability boundary αλ = 2 + 2β, both repeated-root curves
# β = (1 ∓ √(αλ))², nilpotent R (αλ = 1, β = 0), and divergent points.
_rng = np.random.default_rng(5)
POINTS = (
    [(al, b) for al in (0.0, 0.05, 0.5, 1.0, 1.5, 2.0, 3.0) for b in (0.0, 0.3, 0.9)]
    + [(2.0 + 2.0 * b, b) for b in (0.0, 0.1, 0.5, 0.99)]
    + [(al, (1.0 - np.sqrt(al)) ** 2) for al in (0.01, 0.2, 0.64, 0.9)]
    + [(al, (1.0 + np.sqrt(al)) ** 2) for al in (1.2, 2.0)]
    + [(1.0, 0.0), (2.5, 0.235), (3.9, 0.99)]
    + [(float(a), float(b)) for a, b in zip(_rng.uniform(0, 4, 20), _rng.uniform(0, 1, 20))]
)


@pytest.mark.parametrize("alpha_lam,beta", POINTS)
def test_power_matches_matrix_power(alpha_lam, beta):
    for lam in (1.0, 100.0):
        alpha = alpha_lam / lam
        R = R_of(alpha, beta, lam)
        for k in (0, 1, 2, 3, 7, 40):
            M = np.linalg.matrix_power(R, k)
            P = taxonomy.power(alpha, beta, lam, k)
            assert np.allclose(P, M, rtol=1e-9, atol=1e-9 * max(1.0, np.abs(M).max())), (alpha_lam, beta, lam, k)


def test_power_vectorised_over_k_and_lambda():
    lam = np.array([0.5, 1.0, 30.0])[:, None]
    k = np.arange(12)[None, :]
    P = taxonomy.power(0.02, 0.7, lam, k)
    assert P.shape == (3, 12, 2, 2)
    for i, l in enumerate(lam[:, 0]):
        for j in range(12):
            assert np.allclose(P[i, j], np.linalg.matrix_power(R_of(0.02, 0.7, l), j), atol=1e-12)


@pytest.mark.parametrize("alpha_lam,beta", [(0.15, 0.9), (0.15, 0.125), (2.0, 0.05), (2.5, 0.235), (1.0, 1e-5)])
def test_projections_corrected_against_eig(alpha_lam, beta):
    R = R_of(alpha_lam, beta, 1.0)
    R1, R2 = taxonomy.projections(alpha_lam, beta, 1.0)
    s1, s2 = taxonomy.eigenvalues(alpha_lam, beta, 1.0)
    assert np.allclose(R1 - R2, np.eye(2), atol=1e-12)  # R⁰ = I
    assert np.allclose(s1 * R1 - s2 * R2, R, atol=1e-12)
    # R₁ is the spectral projector onto σ₁'s eigenvector, from numpy's eig.
    vals, V = np.linalg.eig(R.astype(complex))
    i = int(np.argmin(np.abs(vals - s1)))
    P1 = np.outer(V[:, i], np.linalg.inv(V)[i])
    assert np.allclose(R1, P1, atol=1e-10)
    # The article's indices, Rⱼ = (R − σⱼI)/(σ₁ − σ₂) in σ₁ᵏR₁ − σ₂ᵏR₂, give −I at k = 0.
    A1 = (R - s1 * np.eye(2)) / (s1 - s2)
    A2 = (R - s2 * np.eye(2)) / (s1 - s2)
    assert np.allclose(A1 - A2, -np.eye(2), atol=1e-12)


def test_presets_rates_regimes_and_iterates():
    panels = taxonomy.panels()
    assert [p.name for p in panels] == list(taxonomy.PRESETS)
    for p in panels:
        assert p.rate == pytest.approx(spectral_radius(p.alpha, p.beta, 100.0), rel=1e-12)
        assert np.allclose(p.errors, loop_errors(p.alpha, p.beta, 100.0, 40), rtol=1e-9, atol=1e-12)
        assert p.errors.shape == (41,) and p.errors[0] == -1.0
        vals = np.linalg.eigvals(R_of(p.alpha, p.beta, 100.0))
        is_complex = bool(np.abs(vals.imag).max() > 0)
        assert p.complex_roots == is_complex
        if is_complex:  # E2: |σ| = √β, not 2√β
            assert np.allclose(np.abs(vals), np.sqrt(p.beta), rtol=1e-12)
        if np.abs(vals).max() >= 1:
            expected = "divergence"
        elif is_complex:
            expected = "ripples"
        else:
            expected = "monotonic" if vals[np.argmax(np.abs(vals))].real >= 0 else "oscillation"
        assert p.regime == expected, p.name
    assert [p.regime for p in panels] == ["ripples", "monotonic", "ripples", "oscillation", "divergence"]


def test_one_step_preset_is_nearly_one_step():
    p = taxonomy.panels()[2]
    assert p.alpha_lam == pytest.approx(1.0)
    assert abs(p.errors[1]) < 1e-15
    assert p.errors[2] == pytest.approx(1e-5, rel=1e-9)  # αβλ·(−y¹/λ)… = β with αλ = 1
    assert p.rate == pytest.approx(np.sqrt(1e-5), rel=1e-9)


# ---- milestones -------------------------------------------------------------------------------------

def test_milestones_optimal_parameters():
    assert milestones.gd_params() == (pytest.approx(200 / 101, rel=1e-14), 0.0)
    a, b = milestones.momentum_params()
    assert a == pytest.approx(400 / 121, rel=1e-14) and b == pytest.approx(81 / 121, rel=1e-14)
    lam = np.array([0.01, 0.1, 1.0])
    assert np.allclose(0.5 * lam * milestones.start() ** 2, 0.5)


MILESTONE_POINTS = ([(a, b) for a in (0.5, 1.0, 2.0, 3.3, 3.9) for b in (0.0, 0.5, 0.9)]
                    + [(2.0 + 2.0 * b, b) for b in (0.0, 0.4)]  # αλₙ on the boundary
                    + [(0.64, (1 - 0.8) ** 2)]  # critical damping for λₙ = 1
                    + [milestones.gd_params(), milestones.momentum_params()])


@pytest.mark.parametrize("alpha,beta", MILESTONE_POINTS)
def test_component_losses_against_simulate_and_powers(alpha, beta):
    lam = np.array([0.01, 0.1, 1.0])
    x0 = 1.0 / np.sqrt(lam)
    got = milestones.component_losses(alpha, beta, 150)
    traj = simulate(landscapes.Quadratic(np.diag(lam)), x0, SGD(alpha, momentum=beta), 150)
    assert np.allclose(got, 0.5 * lam * traj.positions ** 2, rtol=1e-9, atol=1e-14)
    for k in (0, 1, 17, 150):
        for i, l in enumerate(lam):
            x = (np.linalg.matrix_power(R_of(alpha, beta, l), k) @ np.array([0.0, x0[i]]))[1]
            assert got[k, i] == pytest.approx(0.5 * l * x * x, rel=1e-8, abs=1e-14)
    r = milestones.rates(alpha, beta)
    assert r.gd == pytest.approx(max(abs(1 - alpha * l) for l in lam), rel=1e-14)
    assert r.momentum == pytest.approx(max(spectral_radius(alpha, beta, l) for l in lam), rel=1e-6)


def test_last_above_and_dominant_rules():
    L = np.array([[0.5, 0.5, 0.5], [0.02, 0.005, 0.3], [0.001, 0.02, 0.2], [0.001, 0.001, 0.2]])
    assert milestones.last_above(L) == [1, 2, None]
    assert milestones.last_above(np.array([[0.001], [0.0]])) == [-1]
    assert milestones.dominant(L) == (2,)
    assert milestones.dominant(np.array([[1.0, 1.0], [0.3, 0.3]])) == (0, 1)


def test_gd_milestones_closed_form():
    run = milestones.gd_run()
    lam = np.array([0.01, 0.1, 1.0])
    r = np.abs(1 - run.alpha * lam)
    # ½(1 − αλ)^{2k} > 0.01 ⇔ k < ln 0.02 / (2 ln r): the last such k.
    expected = [int(np.ceil(np.log(0.02) / (2 * np.log(ri))) - 1) for ri in r]
    assert run.last_above == expected
    assert run.dominant == (0, 2)  # λ₁ and λₙ contract alike at α = 2/(λ₁ + λₙ)
    assert run.rates.gd == pytest.approx(99 / 101, rel=1e-12)  # (κ − 1)/(κ + 1)
    mom = milestones.momentum_run()
    assert mom.rates.momentum == pytest.approx(9 / 11, rel=1e-6)
    last = mom.losses[-1]
    assert mom.dominant == (int(np.argmax(last)),)
    assert all(k is not None for k in mom.last_above)
    assert np.allclose(mom.total, mom.losses.sum(axis=1))


# ---- damping ----------------------------------------------------------------------------------------

def test_grid_against_loops():
    g = damping.grid()
    assert g.w.shape == (6, 4, 251) and g.z.shape == (6, 4, 251)
    assert np.all(g.w[..., 0] == 0.92) and np.all(g.z[..., 0] == 1.0)
    for i, b in enumerate(damping.GRID_BETAS):
        for j, lam in enumerate(damping.GRID_LAMBDAS):
            w, z = 0.92, 1.0
            for k in range(1, 251):
                z = b * z + lam * w
                w = w - 0.02 * z
            assert g.w[i, j, -1] == pytest.approx(w, abs=1e-12) and g.z[i, j, -1] == pytest.approx(z, abs=1e-12)
    # β = 1, λ = 0: constant velocity −z = −1, so w falls by α each step.
    assert np.allclose(g.w[0, 0], 0.92 - 0.02 * np.arange(251))
    assert np.allclose(damping.velocity(g.z), -g.z)


def brute_reach(errors, tol):
    for k in range(len(errors)):
        if np.all(np.abs(errors[k:]) <= tol):
            return k
    return None


def test_critical_damping_reaches_first():
    d = damping.damping()
    assert damping.critical_beta() == pytest.approx(0.81, abs=1e-12)
    assert [c.beta for c in d.cases] == [0.97, pytest.approx(0.81, abs=1e-12), 0.01]
    for c in d.cases:
        P = [np.linalg.matrix_power(R_of(1e-4, c.beta, 100.0), k) for k in range(0, 2001, 1)]
        e = np.array([(M @ np.array([0.0, -1.0]))[1] for M in P])
        assert np.allclose(c.errors, e, atol=1e-10)
        assert c.reach == brute_reach(e, 0.01)
        assert c.rate == pytest.approx(spectral_radius(1e-4, c.beta, 100.0), abs=1e-6)
    reach = {c.name: c.reach for c in d.cases}
    assert d.first == min(reach, key=reach.get) == "critically damped"
    assert d.gd_rate == pytest.approx(0.99) and d.critical_rate == pytest.approx(0.9)
    assert d.cases[1].rate == pytest.approx(0.9, abs=1e-6)


def test_reach_step_rules():
    assert damping.reach_step(np.array([1.0, 0.001, 0.5, 0.001, 0.0])) == 3
    assert damping.reach_step(np.array([1.0, 0.001, 0.5])) is None
    assert damping.reach_step(np.array([0.0, 0.0])) == 0
    assert list(damping.reach_step(np.array([[1.0, 0.0], [1.0, 1.0]]))) == [1, -1]


@pytest.mark.parametrize("alpha_lam", [0.01, 0.3, 0.81, 1.7])
@pytest.mark.parametrize("offset", [-1e-9, -1e-13, 0.0, 1e-13, 1e-9])
def test_power_near_repeated_roots(alpha_lam, offset):
    s = np.sqrt(alpha_lam)
    for crit in ((1 - s) ** 2, (1 + s) ** 2):
        beta = crit + offset
        R = R_of(alpha_lam, beta, 1.0)
        for k in (2, 10, 500):
            M = np.linalg.matrix_power(R, k)
            P = taxonomy.power(alpha_lam, beta, 1.0, k)
            assert np.allclose(P, M, rtol=1e-8, atol=1e-8 * max(1.0, np.abs(M).max())), (beta, k)
