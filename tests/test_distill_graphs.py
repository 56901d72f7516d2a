"""sim.distill's graph problems (colorize, graphs, oracle) against masks and Laplacians built here,
plain loops of the iteration, 2×2 matrix powers and np.linalg.solve."""
import numpy as np
import pytest

from sim.distill import colorize, graphs, oracle


def R_of(alpha, beta, lam):
    return np.array([[beta, lam], [-alpha * beta, 1.0 - alpha * lam]])


# ---- colorize ---------------------------------------------------------------------------------------

def mask_here():
    m = np.zeros((16, 112), dtype=bool)
    for r in range(16):
        for c in range(112):
            in_square = (c % 32) < 16
            m[r, c] = in_square or r in (7, 8)
    return m


def laplacian_here(m):
    coords = [(r, c) for r in range(16) for c in range(112) if m[r, c]]
    index = {rc: i for i, rc in enumerate(coords)}
    n = len(coords)
    L = np.zeros((n, n))
    for (r, c), i in index.items():
        for dr, dc in ((0, 1), (1, 0), (0, -1), (-1, 0)):
            j = index.get((r + dr, c + dc))
            if j is not None:
                L[i, j] = -1.0
                L[i, i] += 1.0
    return coords, L


@pytest.fixture(scope="module")
def spec():
    return colorize.spectrum()


def test_mask_and_pixel_order():
    m = mask_here()
    assert np.array_equal(colorize.mask(), m)
    assert m.sum() == 1120
    coords, L = laplacian_here(m)
    assert coords[448] == (7, 0) and coords[560] == (8, 0)
    assert [tuple(p) for p in colorize.pixels()] == coords
    L[448, 448] += 0.1
    L[560, 560] += 0.1
    assert np.array_equal(colorize.laplacian(), L)
    b = np.zeros(1120)
    b[[448, 560]] = 10.0
    assert np.array_equal(colorize.rhs(), b)
    assert np.allclose(np.linalg.solve(L, b), 100.0, rtol=1e-8)


def test_spectrum(spec):
    lam = spec.lam
    assert lam[0] == pytest.approx(5.11e-5, rel=2e-3) and lam[0] == pytest.approx(5.1093e-5, rel=1e-4)
    assert lam[1] == pytest.approx(4.2846e-4, rel=1e-4)
    assert lam[-1] == pytest.approx(7.924431, rel=1e-6)
    assert lam[-1] / lam[0] == pytest.approx(1.551e5, rel=1e-3)
    assert np.allclose(spec.w_star, 100.0, rtol=1e-8)
    assert np.allclose(spec.Q @ spec.x_star, spec.w_star, atol=1e-8)
    a, b = colorize.optimal(lam)
    assert a == pytest.approx(0.50221, rel=1e-4) and b == pytest.approx(0.98989, rel=1e-5)
    assert a * lam[-1] == pytest.approx(3.9798, rel=1e-4)
    assert colorize.gd_alpha(lam) * lam[-1] == pytest.approx(1.9)


@pytest.mark.parametrize("which", ["gd", "optimal", "ripples", "edge"])
def test_iterates_match_the_loop(spec, which):
    L, b = colorize.laplacian(), colorize.rhs()
    lam = spec.lam
    alpha, beta = {"gd": (colorize.gd_alpha(lam), 0.0), "optimal": colorize.optimal(lam),
                   "ripples": (1.0 / lam[-1], 0.9), "edge": ((2 + 2 * 0.5) / lam[-1] * 0.999, 0.5)}[which]
    ks = [0, 1, 2, 7, 30, 80]
    got = colorize.iterates(spec, alpha, beta, ks)
    w, z = np.zeros(1120), np.zeros(1120)
    for k in range(81):
        if k in ks:
            assert np.allclose(got[ks.index(k)], w, atol=1e-8), k
        z = beta * z + (L @ w - b)
        w = w - alpha * z


def test_large_steps_by_matrix_powers(spec):
    alpha, beta = colorize.optimal(spec.lam)
    ks = [1000, 100_000, 219_695]
    E = colorize.eigen_errors(spec, alpha, beta, ks)
    for i in (0, 1, 2, 50, 400, 1119):
        for j, k in enumerate(ks):
            e = (np.linalg.matrix_power(R_of(alpha, beta, spec.lam[i]), k) @ np.array([0.0, -spec.x_star[i]]))[1]
            assert E[j, i] == pytest.approx(e, rel=1e-6, abs=1e-9 * abs(spec.x_star[i]) + 1e-300)
    W = colorize.iterates(spec, colorize.gd_alpha(spec.lam), 0.0, [100_000])
    assert W.shape == (1, 1120) and np.all(W < 100.0 + 1e-6)


def test_steps_to_converge(spec):
    for alpha, beta in [colorize.optimal(spec.lam), (colorize.gd_alpha(spec.lam), 0.0)]:
        steps = colorize.steps_to_converge(spec.lam, alpha, beta)
        for i in (0, 1, 49, 500, 1119):
            r = np.max(np.abs(np.linalg.eigvals(R_of(alpha, beta, spec.lam[i]))))
            assert steps[i] == pytest.approx(np.log(1e-3) / np.log(r), rel=1e-5)
    img = colorize.image(np.arange(1120.0))
    assert img.shape == (16, 112) and np.isnan(img[0, 16]) and img[7, 0] == 448 and img[8, 0] == 560
    ks = colorize.log_steps()
    assert ks[0] == 0 and ks[-1] == 219_695 and np.all(np.diff(ks) > 0)


# ---- graphs -----------------------------------------------------------------------------------------

def components(edges, n=36):
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i
    for i, j in edges:
        parent[find(i)] = find(j)
    return len({find(i) for i in range(n)})


def test_three_graphs():
    g = graphs.graphs()
    assert [x.name for x in g] == ["expander", "grid", "path"]
    exp, grid, path = g
    assert len(exp.edges) == 80 == len(set(exp.edges)) and all(i < j for i, j in exp.edges)
    assert len(grid.edges) == 60 and len(path.edges) == 38
    assert set((i, i + 1) for i in range(35)) <= set(path.edges) and len(set(path.edges)) == 38
    for x in g:
        assert components(x.edges) == 1
        A = np.zeros((36, 36))
        for i, j in x.edges:
            A[i, j] = A[j, i] = 1
        L = np.diag(A.sum(1)) - A
        L[0, 0] += 1
        assert np.array_equal(x.L, L)
        lam = np.sort(np.linalg.eigvals(L).real)
        assert np.allclose(x.lam, lam, atol=1e-10)
        assert np.allclose(L @ x.fiedler, lam[1] * x.fiedler, atol=1e-10)
        assert np.linalg.norm(x.fiedler) == pytest.approx(1.0)
        kappa = lam[-1] / lam[0]
        assert x.kappa == pytest.approx(kappa, rel=1e-9)
        assert x.kappa_rest == pytest.approx(lam[-1] / lam[1], rel=1e-9)
        for rate, steps in [((kappa - 1) / (kappa + 1), x.gd_steps),
                            ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1), x.momentum_steps)]:
            assert rate ** steps <= 1e-3 < rate ** (steps - 1)
        # the optimal parameters' actual contraction, from eig of R over the graph's eigenvalues
        a = (2 / (np.sqrt(lam[0]) + np.sqrt(lam[-1]))) ** 2
        b = ((np.sqrt(lam[-1]) - np.sqrt(lam[0])) / (np.sqrt(lam[-1]) + np.sqrt(lam[0]))) ** 2
        rho = max(np.max(np.abs(np.linalg.eigvals(R_of(a, b, l)))) for l in lam)
        assert rho == pytest.approx(x.momentum_rate, rel=1e-6)
    assert path.kappa > max(exp.kappa, grid.kappa)
    assert exp.lam[1] > grid.lam[1] > path.lam[1]
    assert graphs.graphs()[0].edges == exp.edges  # seeded


# ---- oracle -----------------------------------------------------------------------------------------

def test_oracle_matrix_and_spectrum():
    A = oracle.matrix()
    assert A[0, 0] == 500.5 and A[0, 1] == -249.75 and A[0, 2] == 0 and np.allclose(A, A.T)
    assert oracle.rhs()[0] == 249.75 and not oracle.rhs()[1:].any()
    lam = np.sort(np.linalg.eigvals(A).real)
    assert np.allclose(oracle.eigenvalues(), lam, rtol=1e-12)
    assert lam[0] == pytest.approx(4.6419172, abs=3e-5) and lam[1] == pytest.approx(15.514563, abs=3e-5)
    assert lam[12] == pytest.approx(500.5) and lam[-1] == pytest.approx(996.35809, abs=3e-5)
    assert oracle.condition_number() == pytest.approx(214.64, abs=0.01)


def test_oracle_solutions():
    ws = oracle.solution()
    assert np.allclose(ws, np.linalg.solve(oracle.matrix(), oracle.rhs()))
    assert np.allclose(ws[:3], [0.9338, 0.8713, 0.8123], atol=1e-4)
    q = (np.sqrt(1000) - 1) / (np.sqrt(1000) + 1)
    assert np.allclose(oracle.infinite_solution(), q ** np.arange(1, 26))
    assert np.allclose(oracle.infinite_solution()[:2], [0.9387, 0.8811], atol=1e-4)
    assert np.all(ws < oracle.infinite_solution())


def closed_form_iterates(alpha, beta, steps):
    lam, Q = np.linalg.eigh(oracle.matrix())
    x_star = Q.T @ np.linalg.solve(oracle.matrix(), oracle.rhs())
    out = np.zeros((steps + 1, 25))
    for k in range(steps + 1):
        e = [(np.linalg.matrix_power(R_of(alpha, beta, l), k) @ np.array([0.0, -xs]))[1] for l, xs in zip(lam, x_star)]
        out[k] = Q @ (x_star + np.array(e))
    return out


@pytest.mark.parametrize("point", ["optimal", "article", "gd", "edge", "ripples"])
def test_oracle_iterates_and_dead_zone(point):
    lam = oracle.eigenvalues()
    a_opt = (2 / (np.sqrt(lam[0]) + np.sqrt(lam[-1]))) ** 2
    b_opt = ((np.sqrt(lam[-1]) - np.sqrt(lam[0])) / (np.sqrt(lam[-1]) + np.sqrt(lam[0]))) ** 2
    alpha, beta = {"optimal": (a_opt, b_opt), "article": (oracle.ARTICLE_ALPHA, oracle.ARTICLE_BETA),
                   "gd": (2 / (lam[0] + lam[-1]), 0.0), "edge": (2.999 / lam[-1], 0.5),
                   "ripples": (1 / lam[-1], 0.95)}[point]
    if point == "optimal":
        assert oracle.optimal() == (pytest.approx(a_opt, rel=1e-12), pytest.approx(b_opt, rel=1e-12))
        W = oracle.iterates()
    else:
        W = oracle.iterates(alpha, beta)
    assert W.shape == (51, 25)
    assert np.allclose(W, closed_form_iterates(alpha, beta, 50), atol=1e-9)
    i = np.arange(1, 26)
    for k in range(51):
        assert np.all(W[k, i > k] == 0.0), k  # exactly zero
        if 1 <= k <= 25:
            assert W[k, k - 1] != 0.0  # the front moves one coordinate per step
    assert np.array_equal(oracle.dead_zone(), i[None, :] > np.arange(51)[:, None])


def test_oracle_bounds():
    W = oracle.iterates()
    B = oracle.bounds(W)
    ws = np.linalg.solve(oracle.matrix(), oracle.rhs())
    q = (np.sqrt(1000) - 1) / (np.sqrt(1000) + 1)
    k = np.arange(51)
    assert np.allclose(B.error, np.abs(W - ws).max(axis=1))
    assert np.allclose(B.article, q ** k * np.abs(ws).max())
    tail = [np.abs(ws[j:]).max() if j < 25 else 0.0 for j in k]
    assert np.allclose(B.dead_zone, tail)
    assert np.all(B.error >= B.dead_zone)  # the true bound holds
    assert B.error[30] < B.article[30]  # the κ = 1000 bound does not hold for the finite matrix
