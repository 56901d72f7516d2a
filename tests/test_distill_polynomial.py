"""sim.distill.polynomial against numpy's solve and eig, plain gradient-descent loops, and the article's
numbers (recomputed here where they are derived)."""
import numpy as np
import pytest

from sim.distill import polynomial as P

XI = np.array([-0.6, -0.55, -0.5, -0.45, -0.4, 0.4, 0.45, 0.5, 0.55, 0.6])
D = np.array([-1.5, -2, -2.5, -1.5, -1, 0.5, 1, 1.5, 1, 0.5])


def Z_here():
    return np.array([[x ** j for j in range(6)] for x in XI])


def test_data_and_vandermonde():
    assert np.array_equal(P.XI, XI) and np.array_equal(P.D, D)
    assert np.allclose(P.vandermonde(), Z_here(), rtol=1e-15)


def test_eigenvalues_ascending_and_article_numbers():
    Z = Z_here()
    lam, Q = P.eigen()
    assert np.all(np.diff(lam) > 0)
    assert np.allclose(lam, np.sort(np.linalg.eigvals(Z.T @ Z).real), rtol=1e-8)
    assert np.allclose(Z.T @ Z @ Q, Q * lam, atol=1e-10)
    assert np.allclose(Q.T @ Q, np.eye(6), atol=1e-12)
    desc = P.article_order(lam)
    ref = [10.7033, 2.75998, 0.0597976, 0.0147104, 1.36507e-4, 3.30797e-5]
    assert np.allclose(desc, ref, rtol=6e-6)
    # the inventory prints 3.30798e−5; the value is 3.30797499…e−5, which rounds to 3.30797e−5.
    assert 3.307974e-5 < lam[0] < 3.307975e-5
    assert lam[-1] / lam[0] == pytest.approx(3.2356e5, rel=1e-4)


def test_least_squares_in_both_bases():
    Z = Z_here()
    w, x = P.least_squares()
    assert np.allclose(w, np.linalg.solve(Z.T @ Z, Z.T @ D), rtol=1e-7)
    assert np.allclose(w, [0.5669, -8.0818, -6.3870, 90.620, 9.4475, -177.26], rtol=2e-4)
    lam, Q = P.eigen()
    assert np.allclose(Q @ x, w, rtol=1e-9)  # x = Qᵀw, w = Qx
    # article order, up to each eigenvector's sign
    assert np.allclose(np.abs(P.article_order(x)), [0.3885, 2.4720, 1.2327, 4.7269, 11.345, 199.17], rtol=2e-4)


def test_gd_iterates_match_a_plain_loop():
    Z = Z_here()
    A, c = Z.T @ Z, Z.T @ D
    lam_max = np.max(np.linalg.eigvalsh(A))
    alpha = 1.8 / lam_max
    assert P.step_size() == pytest.approx(alpha, rel=1e-12)
    assert alpha == pytest.approx(0.168172, rel=1e-5)
    ks = [0, 1, 2, 10, 49, 300]
    got = P.gd_iterates(ks)
    Q = P.eigen().Q
    w = np.zeros(6)
    for k in range(301):
        if k in ks:
            assert np.allclose(got[ks.index(k)], Q.T @ w, atol=1e-9), k
        w = w - alpha * (A @ w - c)


def test_steps_to_converge():
    lam = np.sort(np.linalg.eigvalsh(Z_here().T @ Z_here()))
    alpha = 1.8 / lam[-1]
    k = P.steps_to_converge()
    assert np.allclose(P.article_order(k), [30.96, 11.07, 683.4, 2788.8, 300900, 1241708], rtol=2e-4)
    r = np.abs(1 - alpha * lam)
    for ki, ri in zip(k, r):
        assert ri ** ki == pytest.approx(1e-3, rel=1e-9)
        assert ri ** np.ceil(ki) <= 1e-3 < ri ** (np.ceil(ki) - 1)
    assert list(P.in_fit(49)) == list(k <= 49)
    assert list(P.article_order(P.in_fit(49))) == [True, True, False, False, False, False]
    assert P.in_fit(1_329_083).all() and not P.in_fit(10).any()
    assert P.steps_to_converge(alpha=3.0 / lam[-1])[-1] == np.inf


def test_model_terms_sum_to_the_polynomial():
    grid = np.linspace(-1.125, 1.124, 37)
    w, x = P.least_squares()
    terms = P.model_terms(x, grid)
    assert terms.shape == (6, 37)
    assert np.allclose(terms.sum(axis=0), np.polyval(w[::-1], grid), atol=1e-9)
    assert np.allclose(P.model_terms(x, XI).sum(axis=0), Z_here() @ w, atol=1e-9)


@pytest.mark.parametrize("eta", [0.0, 1e-5, 1e-3, 0.1, 10.0])
def test_tikhonov_against_solve(eta):
    Z = Z_here()
    w = np.linalg.solve(Z.T @ Z + eta * np.eye(6), Z.T @ D)
    assert np.allclose(P.tikhonov_weights(eta), P.eigen().Q.T @ w, rtol=1e-6, atol=1e-9)
    lam = P.eigen().lam
    assert np.allclose(P.tikhonov_filter(eta), 1 / (lam + eta))


def test_gd_filter_is_the_gd_iterate():
    lam, Q = P.eigen()
    c = Q.T @ Z_here().T @ D
    for k in (1, 49, 5000):
        assert np.allclose(P.gd_filter(k) * c, P.gd_iterates([k])[0], rtol=1e-7, atol=1e-10)
    # k → ∞ gives 1/λ, the Tikhonov filter at η = 0
    assert np.allclose(P.gd_filter(1e9)[1:], 1 / lam[1:], rtol=1e-6)
