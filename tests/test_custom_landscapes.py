"""Landscapes from formulas and from callables: values, gradients, errors, and runs."""

import numpy as np
import pytest

from sim import SGD, Adam, simulate
from sim.landscapes import DoubleWell, Expression, Function, Quadratic, Rosenbrock

EPS = np.finfo(float).eps


def grid(lo=-2.0, hi=2.0, n=9):
    xs = np.linspace(lo, hi, n)
    return np.stack(np.meshgrid(xs, xs + 0.05), axis=-1)  # shape (n, n, 2), off the axes


def central(f, p, h=1e-6):
    """The test's own central differences, one coordinate at a time."""
    out = np.empty(p.shape)
    for i in range(p.shape[-1]):
        e = np.zeros(p.shape[-1])
        e[i] = h
        out[..., i] = (f(p + e) - f(p - e)) / (2 * h)
    return out


def test_the_issue_formula_has_its_hand_derived_gradient():
    land = Expression("x**2 + 10*y**2 + 0.5*sin(3*x)")
    p = grid()
    x, y = p[..., 0], p[..., 1]
    np.testing.assert_allclose(land.value(p), x**2 + 10 * y**2 + 0.5 * np.sin(3 * x), rtol=1e-14)
    want = np.stack([2 * x + 1.5 * np.cos(3 * x), 20 * y], axis=-1)
    np.testing.assert_allclose(land.grad(p), want, rtol=1e-14, atol=1e-14)
    f, g = land.value_and_grad(p)
    np.testing.assert_array_equal(f, land.value(p))
    np.testing.assert_array_equal(g, land.grad(p))
    assert land.gradient_method == "exact (sympy)"
    assert land.dim == 2 and land.name == "x**2 + 10*y**2 + 0.5*sin(3*x)"


@pytest.mark.parametrize(
    "formula,f",
    [
        ("exp(-x**2 - y**2) * cos(x*y)", lambda x, y: np.exp(-x**2 - y**2) * np.cos(x * y)),
        ("log(1 + x^2) + sqrt(2 + y**2) - tanh(x*y)/3",
         lambda x, y: np.log(1 + x**2) + np.sqrt(2 + y**2) - np.tanh(x * y) / 3),
        ("pi*x + e**y + 1/2*atan(x - y)", lambda x, y: np.pi * x + np.e**y + 0.5 * np.arctan(x - y)),
        ("abs(x - y) + cosh(y/2) - asin(x/3)", lambda x, y: np.abs(x - y) + np.cosh(y / 2) - np.arcsin(x / 3)),
    ],
)
def test_exact_gradients_agree_with_finite_differences(formula, f):
    land = Expression(formula)
    p = grid()
    np.testing.assert_allclose(land.value(p), f(p[..., 0], p[..., 1]), rtol=1e-13, atol=1e-14)
    numeric = central(lambda q: f(q[..., 0], q[..., 1]), p)
    np.testing.assert_allclose(land.grad(p), numeric, rtol=1e-7, atol=1e-7)


def test_rosenbrock_formula_is_the_rosenbrock_landscape():
    land = Expression("(1 - x)**2 + 100*(y - x**2)**2", bounds=((-2, 2), (-1, 3)), minima=[[1, 1]])
    ref = Rosenbrock()
    p = grid()
    np.testing.assert_allclose(land.value(p), ref.value(p), rtol=1e-13)
    np.testing.assert_allclose(land.grad(p), ref.grad(p), rtol=1e-13, atol=1e-11)
    np.testing.assert_array_equal(land.minima, [[1.0, 1.0]])
    np.testing.assert_allclose(land.grad(land.minima), [[0.0, 0.0]])


def test_simulate_on_a_formula_follows_the_same_quadratic():
    # ½ xᵀ A x with A = [[3, 1], [1, 2]], written out.
    land = Expression("0.5*(3*x**2 + 2*x*y + 2*y**2)")
    starts = np.random.default_rng(0).uniform(-2, 2, size=(6, 2))
    ours = simulate(land, starts, SGD(0.1, momentum=0.9), 200)
    ref = simulate(Quadratic([[3.0, 1.0], [1.0, 2.0]]), starts, SGD(0.1, momentum=0.9), 200)
    np.testing.assert_allclose(ours.positions, ref.positions, rtol=1e-12, atol=1e-12)
    assert ours.params["landscape"] == land.name


def test_dimension_follows_the_variables():
    assert Expression("x**2 - x").dim == 1
    assert Expression("y**2").dim == 2
    assert Expression("3").dim == 2
    assert Expression("x**2", dim=2).dim == 2
    one = Expression("(x - 0.25)**2")
    np.testing.assert_allclose(one.grad(np.array([[0.0], [1.0]])), [[-0.5], [1.5]])
    traj = simulate(one, [1.0], SGD(0.25), 30)
    # x_{k+1} - 1/4 = (1 - 2·0.25)(x_k - 1/4): the gap halves each step.
    np.testing.assert_allclose(traj.positions[:, 0], 0.25 + 0.75 * 0.5 ** np.arange(31), rtol=1e-14)


def test_constant_parts_broadcast():
    land = Expression("x + 2*y")
    p = np.zeros((4, 3, 2))
    np.testing.assert_array_equal(land.grad(p), np.broadcast_to([1.0, 2.0], (4, 3, 2)))
    np.testing.assert_array_equal(Expression("7").value(p), np.full((4, 3), 7.0))
    np.testing.assert_array_equal(Expression("7").grad(p), np.zeros((4, 3, 2)))


def test_defaults_and_window():
    land = Expression("x**2 + y**2")
    assert land.bounds == ((-2.0, 2.0), (-2.0, 2.0))
    assert land.minima.shape == (0, 2)
    lo, hi = np.array(land.bounds).T
    assert np.all((lo <= land.start) & (land.start <= hi))
    custom = Expression("x**2 + y**2", bounds=((-1, 3), (0, 1)), start=(2, 0.5), name="bowl")
    assert custom.bounds == ((-1.0, 3.0), (0.0, 1.0)) and custom.name == "bowl"
    np.testing.assert_array_equal(custom.start, [2.0, 0.5])


@pytest.mark.parametrize(
    "formula,words",
    [
        ("x**", "does not parse"),
        ("x + z", "unknown variable 'z'"),
        ("foo(x) + y", "unknown function 'foo'"),
        ("x.real", "unsupported syntax"),
        ("x[0]", "unsupported syntax"),
        ("__import__('os')", "unknown function '__import__'"),
        ("sin(x, y)", "one argument"),
        ("1/0 + x", "not finite"),
        ("", "empty"),
    ],
)
def test_bad_formulas_get_one_clear_line(formula, words):
    with pytest.raises(ValueError) as err:
        Expression(formula)
    message = str(err.value)
    assert words in message and "\n" not in message


def test_bad_settings():
    with pytest.raises(ValueError, match="uses y but dim is 1"):
        Expression("x + y", dim=1)
    with pytest.raises(ValueError, match="bounds"):
        Expression("x + y", bounds=((1, -1), (0, 1)))
    with pytest.raises(ValueError, match="start"):
        Expression("x + y", start=(1, 2, 3))


def test_callable_with_its_gradient():
    ref = DoubleWell()
    land = Function(ref.value, grad=ref.grad, bounds=ref.bounds, minima=ref.minima, start=ref.start,
                    name="my_double_well")
    assert land.gradient_method == "given" and land.name == "my_double_well"
    traj = simulate(land, ref.start, SGD(0.02, momentum=0.9), 300)
    np.testing.assert_array_equal(traj.positions, simulate(ref, ref.start, SGD(0.02, momentum=0.9), 300).positions)


def test_central_differences_are_the_named_method():
    # For sin(3x) + cos(2y) the central difference with step h has a closed form:
    # (sin 3(x+h) − sin 3(x−h)) / 2h = cos 3x · sin 3h / h,
    # (cos 2(y+h) − cos 2(y−h)) / 2h = −sin 2y · sin 2h / h,  with h_i = h·max(1, |x_i|).
    h = 0.1
    land = Function(lambda p: np.sin(3 * p[..., 0]) + np.cos(2 * p[..., 1]), h=h)
    assert land.gradient_method == "central differences, h = 0.1·max(1, |x_i|)"
    p = grid(-1.8, 1.8)
    hx, hy = h * np.maximum(1, np.abs(p[..., 0])), h * np.maximum(1, np.abs(p[..., 1]))
    want = np.stack([np.cos(3 * p[..., 0]) * np.sin(3 * hx) / hx, -np.sin(2 * p[..., 1]) * np.sin(2 * hy) / hy], -1)
    np.testing.assert_allclose(land.grad(p), want, rtol=1e-12, atol=1e-13)


def test_central_differences_accuracy_at_the_default_step():
    land = Function(lambda p: np.sin(3 * p[..., 0]) + np.cos(2 * p[..., 1]))
    assert land.h == pytest.approx(EPS ** (1 / 3))
    p = grid(-2, 2, 41)
    exact = np.stack([3 * np.cos(3 * p[..., 0]), -2 * np.sin(2 * p[..., 1])], axis=-1)
    h = land.h * np.maximum(1, np.abs(p))
    # Truncation h²|f'''|/6 (|f'''| <= 27 along x, 8 along y) plus rounding of
    # the two values (|f| <= 2) over the step 2h, with a factor 2 to spare.
    bound = 2 * (h**2 * np.array([27.0, 8.0]) / 6 + 2 * EPS * 2 / (2 * h))
    err = np.abs(land.grad(p) - exact)
    assert np.all(err <= bound)
    assert err.max() < 1e-9
    f, g = land.value_and_grad(p)
    np.testing.assert_array_equal(g, land.grad(p))
    np.testing.assert_array_equal(f, land.value(p))


def test_numerical_gradient_runs_like_the_exact_one():
    quad = Quadratic([[3.0, 1.0], [1.0, 2.0]])
    land = Function(lambda p: 0.5 * (3 * p[..., 0] ** 2 + 2 * p[..., 0] * p[..., 1] + 2 * p[..., 1] ** 2))
    starts = np.random.default_rng(1).uniform(-2, 2, size=(5, 2))
    ours = simulate(land, starts, Adam(lr=0.05), 200).positions
    ref = simulate(quad, starts, Adam(lr=0.05), 200).positions
    np.testing.assert_allclose(ours, ref, atol=1e-6)


def test_one_dimensional_callable():
    land = Function(lambda p: (p[..., 0] - 1.0) ** 4, dim=1, bounds=((-1, 3),))
    x = np.array([[-1.0], [0.5], [2.0]])
    np.testing.assert_allclose(land.grad(x), 4 * (x - 1.0) ** 3, rtol=1e-8, atol=1e-9)
    assert land.start.shape == (1,) and land.minima.shape == (0, 1)


def test_callable_of_the_wrong_shape_gets_one_line():
    with pytest.raises(ValueError) as err:
        Function(lambda p: p.sum())  # sums the batch too: not shape (...)
    assert "shape" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(ValueError, match="grad"):
        Function(lambda p: p[..., 0], grad=lambda p: p[..., 0])
    with pytest.raises(ValueError, match="dim"):
        Function(lambda p: p[..., 0], dim=0)


@pytest.mark.parametrize(
    "land",
    [
        Expression("x**2 + 10*y**2 + 0.5*sin(3*x)"),
        Function(lambda p: p[..., 0] ** 2 + 10 * p[..., 1] ** 2 + 0.5 * np.sin(3 * p[..., 0])),
    ],
    ids=["expression", "function"],
)
def test_landscape_contract(land):
    p = grid(n=5).reshape(25, 2)
    f, g = land.value_and_grad(p)
    assert f.shape == (25,) and g.shape == (25, 2)
    for i in (0, 7, 24):  # one point alone gives the same as in the batch
        f1, g1 = land.value_and_grad(p[i])
        assert np.shape(f1) == () and g1.shape == (2,)
        np.testing.assert_array_equal(f1, f[i])
        np.testing.assert_array_equal(g1, g[i])
    with pytest.raises(ValueError, match="last axis"):
        land.value(np.zeros((4, 3)))
    assert land.minima.shape == (0, 2) and land.start.shape == (2,)
