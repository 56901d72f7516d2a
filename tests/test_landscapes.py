"""Landscapes: gradients against finite differences, shapes, minima."""

import math

import numpy as np
import pytest

from sim.landscapes import (
    BumpedValley,
    DoubleWell,
    Linear,
    Quadratic,
    Ravine,
    Rosenbrock,
    SampledValley,
)

SMOOTH = [
    Quadratic([[2.0, 0.5], [0.5, 1.0]], center=[0.3, -0.2]),
    Quadratic(np.diag([1.0, 2.0, 3.0])),
    Ravine(kappa=25.0, scale=0.5, angle=0.4),
    Linear([0.3, -1.2]),
    BumpedValley(),
    Rosenbrock(),
    DoubleWell(),
]
ALL = SMOOTH + [SampledValley()]


def sample_points(landscape, rng, shape):
    lo, hi = np.array(landscape.bounds).T
    return lo + (hi - lo) * rng.uniform(size=shape + (landscape.dim,))


@pytest.mark.parametrize("landscape", SMOOTH, ids=lambda l: l.name)
def test_grad_matches_central_differences(landscape):
    rng = np.random.default_rng(0)
    x = sample_points(landscape, rng, (20,))
    h = 1e-6
    fd = np.stack(
        [
            (landscape.value(x + h * e) - landscape.value(x - h * e)) / (2 * h)
            for e in np.eye(landscape.dim)
        ],
        axis=-1,
    )
    np.testing.assert_allclose(landscape.grad(x), fd, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("landscape", ALL, ids=lambda l: l.name)
def test_batch_shapes_and_batch_independence(landscape):
    rng = np.random.default_rng(1)
    x = sample_points(landscape, rng, (4, 3))
    values, grads = landscape.value(x), landscape.grad(x)
    assert values.shape == (4, 3)
    assert grads.shape == (4, 3, landscape.dim)
    assert landscape.value(x[0, 0]).shape == ()
    assert landscape.grad(x[0, 0]).shape == (landscape.dim,)
    for i, j in np.ndindex(4, 3):
        assert landscape.value(x[i, j]) == values[i, j]
        np.testing.assert_array_equal(landscape.grad(x[i, j]), grads[i, j])


@pytest.mark.parametrize("landscape", ALL, ids=lambda l: l.name)
def test_wrong_dimension_is_rejected(landscape):
    with pytest.raises(ValueError, match="last axis"):
        landscape.value(np.zeros((3, landscape.dim + 1)))
    with pytest.raises(ValueError, match="last axis"):
        landscape.grad(np.zeros(landscape.dim + 1))


@pytest.mark.parametrize("landscape", ALL, ids=lambda l: l.name)
def test_descriptive_attributes(landscape):
    assert len(landscape.bounds) == landscape.dim
    assert all(lo < hi for lo, hi in landscape.bounds)
    assert landscape.minima.ndim == 2 and landscape.minima.shape[1] == landscape.dim
    assert landscape.start.shape == (landscape.dim,)
    assert isinstance(landscape.name, str) and landscape.name


@pytest.mark.parametrize("landscape", SMOOTH, ids=lambda l: l.name)
def test_minima_are_minima_and_global_first(landscape):
    if len(landscape.minima) == 0:
        return
    np.testing.assert_allclose(landscape.grad(landscape.minima), 0.0, atol=1e-9)
    rng = np.random.default_rng(2)
    for m in landscape.minima:
        around = m + 1e-3 * rng.normal(size=(50, landscape.dim))
        assert np.all(landscape.value(around) >= landscape.value(m))
    values = landscape.value(landscape.minima)
    assert np.all(values[0] <= values)
    # The global minimum is the lowest value on a dense sample of the window.
    assert values[0] <= landscape.value(sample_points(landscape, rng, (20000,))).min()


def test_quadratic_eigenvalues_and_closed_form():
    A = np.array([[3.0, 1.0], [1.0, 3.0]])
    q = Quadratic(A, center=[1.0, 2.0])
    np.testing.assert_allclose(q.eigenvalues, [2.0, 4.0])
    x = np.array([2.0, 0.0])
    d = x - [1.0, 2.0]
    assert q.value(x) == pytest.approx(0.5 * d @ A @ d)
    np.testing.assert_allclose(q.grad(x), A @ d)
    with pytest.raises(ValueError):
        Quadratic([[1.0, 2.0], [0.0, 1.0]])


def test_indefinite_quadratic_has_no_minimum():
    assert Quadratic(np.diag([1.0, -1.0])).minima.shape == (0, 2)


@pytest.mark.parametrize("angle", [0.0, 0.3, math.pi / 2])
def test_ravine_spectrum(angle):
    r = Ravine(kappa=16.0, scale=0.25, angle=angle)
    assert (r.lam_min, r.lam_max, r.kappa) == (0.25, 4.0, 16.0)
    np.testing.assert_allclose(r.eigenvalues, [0.25, 4.0])
    # The valley floor runs along the angle.
    floor = np.array([math.cos(angle), math.sin(angle)])
    np.testing.assert_allclose(r.hessian @ floor, 0.25 * floor, atol=1e-12)


def test_linear_has_constant_gradient():
    lin = Linear(2.5)
    assert lin.dim == 1
    np.testing.assert_array_equal(lin.grad(np.array([[0.0], [7.0]])), [[2.5], [2.5]])
    assert lin.value(np.array([2.0])) == 5.0


def test_bumped_valley_has_a_local_minimum_before_the_bump():
    v = BumpedValley()
    assert 0.0 < v.local_min < v.bump_at < 0.5
    np.testing.assert_allclose(v.minima[:, 0], [0.5, v.local_min], atol=1e-6)
    assert v.value(np.array([v.local_min])) > v.value(v.minima[0])
    xs = np.linspace(v.local_min, 0.5, 1001)[:, None]
    assert v.value(xs).max() > v.value(np.array([v.local_min])) + 5e-4  # a real barrier


def test_double_well_shallow_and_deep():
    d = DoubleWell()
    assert d.value(d.deep_min) < d.value(d.shallow_min)
    assert d.deep_min[0] < d.barrier[0] < d.shallow_min[0]
    np.testing.assert_array_equal(d.minima[0], d.deep_min)
    for x in (d.deep_min, d.shallow_min, d.barrier):
        np.testing.assert_allclose(d.grad(x), 0.0, atol=1e-12)


def test_rosenbrock_minimum():
    r = Rosenbrock(a=2.0, b=10.0)
    np.testing.assert_array_equal(r.minima, [[2.0, 4.0]])
    assert r.value(r.minima[0]) == 0.0


class TestSampledValley:
    valley = SampledValley()

    def test_grid(self):
        X, y = self.valley.X, self.valley.y
        assert X.shape == y.shape == (100,)
        np.testing.assert_array_equal(X, np.arange(0, 1, 0.01))
        expected = 0.2 * (X - 0.5) ** 2
        expected[25] += 2e-3
        np.testing.assert_array_equal(y, expected)

    def test_value_interpolates_the_grid(self):
        X, y = self.valley.X, self.valley.y
        np.testing.assert_allclose(self.valley.value(X[:, None]), y, rtol=0, atol=1e-15)
        mid = 0.5 * (X[:-1] + X[1:])
        np.testing.assert_allclose(self.valley.value(mid[:, None]), 0.5 * (y[:-1] + y[1:]), atol=1e-15)

    def test_grad_is_forward_difference_of_the_cell(self):
        X, y = self.valley.X, self.valley.y
        rng = np.random.default_rng(3)
        cells = rng.integers(0, 99, size=200)
        x = X[cells] + 0.01 * rng.uniform(0.01, 0.99, size=200)
        expected = [(y[i + 1] - y[i]) / (X[i + 1] - X[i]) for i in cells]
        np.testing.assert_array_equal(self.valley.grad(x[:, None])[:, 0], expected)
        # Grid points belong to the cell on their right, even where x / 0.01
        # rounds below the integer (0.29 / 0.01 = 28.999...).
        assert self.valley.grad(np.array([X[29]]))[0] == (y[30] - y[29]) / (X[30] - X[29])

    def test_grad_outside_the_grid_uses_the_end_cells(self):
        X, y = self.valley.X, self.valley.y
        first, last = (y[1] - y[0]) / (X[1] - X[0]), (y[99] - y[98]) / (X[99] - X[98])
        np.testing.assert_array_equal(self.valley.grad(np.array([[-0.5], [0.995], [3.0]]))[:, 0], [first, last, last])

    def test_minima(self):
        np.testing.assert_allclose(self.valley.minima[:, 0], [0.5, 0.24])
        assert self.valley.local_min == pytest.approx(0.24)
