"""The quadratic's x − c, taken one column at a time for speed, is the broadcast's result bit for bit."""

import numpy as np

from sim.landscapes import Quadratic, _minus


def test_column_subtraction_equals_the_broadcast():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(500, 3))
    x[0] = [-0.0, np.nan, np.inf]
    for c in (np.zeros(3), np.array([0.5, -0.0, 2.0]), rng.normal(size=3)):
        np.testing.assert_array_equal(_minus(x, c), x - c)
        assert np.array_equal(np.signbit(_minus(x, c)), np.signbit(x - c))


def test_quadratic_values_and_gradients_are_the_formula():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    c = np.array([0.25, -1.0])
    x = np.random.default_rng(4).uniform(-2, 2, size=(64, 2))
    value, grad = Quadratic(A, center=c).value_and_grad(x)
    d = x - c
    g = np.column_stack([d[:, 0] * A[0, 0] + d[:, 1] * A[0, 1], d[:, 0] * A[1, 0] + d[:, 1] * A[1, 1]])
    np.testing.assert_array_equal(grad, g)
    np.testing.assert_array_equal(value, 0.5 * (d[:, 0] * g[:, 0] + d[:, 1] * g[:, 1]))
