"""simulate() and Trajectory: shapes, batching, validation, divergence, save/load."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import SGD, EMAMomentum, Trajectory, simulate
from sim.landscapes import DoubleWell, Quadratic, Rosenbrock

QUAD = Quadratic([[2.0, 0.3], [0.3, 0.5]], center=[0.5, -1.0])


def naive_heavy_ball(grad, x0, lr, momentum, steps):
    """x <- x - lr * b, b <- m b + g (b = g on the first step), one run, plain loop."""
    xs, x, b = [np.array(x0, dtype=float)], np.array(x0, dtype=float), None
    for _ in range(steps):
        g = grad(x)
        b = g.copy() if b is None else momentum * b + g
        x = x - lr * b
        xs.append(x)
    return np.array(xs)


def test_single_run_shapes_and_contents():
    traj = simulate(QUAD, [1.0, 2.0], SGD(0.1, momentum=0.9), 25)
    assert traj.positions.shape == traj.gradients.shape == traj.velocities.shape == (26, 2)
    assert traj.values.shape == (26,)
    assert (traj.steps, traj.runs, traj.dim) == (25, None, 2)
    np.testing.assert_array_equal(traj.final, traj.positions[-1])
    np.testing.assert_array_equal(traj.positions[0], [1.0, 2.0])
    np.testing.assert_array_equal(traj.velocities[0], 0.0)
    np.testing.assert_array_equal(traj.gradients, QUAD.grad(traj.positions))
    np.testing.assert_array_equal(traj.values, QUAD.value(traj.positions))
    np.testing.assert_allclose(
        traj.positions, naive_heavy_ball(QUAD.grad, [1.0, 2.0], 0.1, 0.9, 25), rtol=1e-13, atol=1e-13
    )
    # The recorded velocity is the buffer that produced each step.
    np.testing.assert_allclose(traj.positions[1:] - traj.positions[:-1], -0.1 * traj.velocities[1:], atol=1e-15)


@pytest.mark.parametrize(
    "landscape,optimizer",
    [
        (QUAD, SGD(0.1, momentum=0.9, dampening=0.2, weight_decay=0.01)),
        (Rosenbrock(), SGD(1e-3, momentum=0.9, nesterov=True)),
        (DoubleWell(), EMAMomentum(0.05, 0.8)),
    ],
)
def test_batched_runs_equal_single_runs_exactly(landscape, optimizer):
    rng = np.random.default_rng(0)
    starts = rng.uniform(-1.5, 1.5, size=(7, landscape.dim))
    batch = simulate(landscape, starts, optimizer, 40)
    assert batch.positions.shape == (41, 7, landscape.dim) and batch.runs == 7
    for r, start in enumerate(starts):
        one = simulate(landscape, start, optimizer, 40)
        for name in ("positions", "values", "gradients", "velocities"):
            np.testing.assert_array_equal(getattr(batch, name)[:, r], getattr(one, name))


def test_zero_steps():
    traj = simulate(QUAD, [[1.0, 1.0], [2.0, 0.0]], SGD(0.1), 0)
    assert traj.positions.shape == (1, 2, 2)
    np.testing.assert_array_equal(traj.final, [[1.0, 1.0], [2.0, 0.0]])


@pytest.mark.parametrize("steps", [-1, 2.5, "10", True, None])
def test_bad_steps(steps):
    with pytest.raises(ValueError, match="steps"):
        simulate(QUAD, [0.0, 0.0], SGD(0.1), steps)


@pytest.mark.parametrize(
    "start", [[0.0], [0.0, 0.0, 0.0], [[[0.0, 0.0]]], 1.0, [np.nan, 0.0], [[0.0, 1.0], [np.inf, 0.0]]]
)
def test_bad_start(start):
    with pytest.raises(ValueError, match="start"):
        simulate(QUAD, start, SGD(0.1), 5)


def test_numpy_integer_steps_accepted():
    assert simulate(QUAD, [0.0, 1.0], SGD(0.1), np.int64(3)).steps == 3


def test_divergence_keeps_going_without_warnings():
    starts = np.array([[1.0, 1.0], [1e-300, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = simulate(Rosenbrock(), starts, SGD(0.5, momentum=0.9), 200)
    assert traj.steps == 200
    assert not np.all(np.isfinite(traj.positions[:, 1]))  # the second run blows up
    np.testing.assert_array_equal(traj.positions[:, 0], 1.0)  # the first sits on the minimum


def test_params_describe_the_run():
    traj = simulate(QUAD, [[1.0, 2.0]], SGD(0.1, momentum=0.5), 3)
    assert traj.params == {
        "landscape": "quadratic",
        "optimizer": SGD(0.1, momentum=0.5).params,
        "steps": 3,
        "start": [[1.0, 2.0]],
    }


def test_save_load_round_trip(tmp_path):
    rng = np.random.default_rng(1)
    traj = simulate(QUAD, rng.normal(size=(5, 2)), SGD(0.3, momentum=0.9, nesterov=True), 17)
    path = tmp_path / "run.npz"
    traj.save(path)
    back = Trajectory.load(path)
    for name in ("positions", "values", "gradients", "velocities"):
        a, b = getattr(traj, name), getattr(back, name)
        assert a.dtype == b.dtype and a.shape == b.shape
        assert a.tobytes() == b.tobytes()
    assert back.params == traj.params


def test_save_writes_the_exact_path(tmp_path):
    path = tmp_path / "run.traj"
    simulate(QUAD, [0.0, 1.0], SGD(0.1), 2).save(path)
    assert path.exists() and not (tmp_path / "run.traj.npz").exists()


def test_corrupt_files_raise_value_error(tmp_path):
    good = tmp_path / "good.npz"
    simulate(QUAD, [0.0, 1.0], SGD(0.1), 50).save(good)
    data = good.read_bytes()
    cases = {
        "truncated.npz": data[: len(data) // 2],
        "garbage.npz": b"not a trajectory at all" * 10,
        "empty.npz": b"",
    }
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(ValueError, match="trajectory"):
            Trajectory.load(tmp_path / name)
    missing_key = tmp_path / "missing.npz"
    np.savez(missing_key, positions=np.zeros((2, 1)))
    with pytest.raises(ValueError, match="trajectory"):
        Trajectory.load(missing_key)
    with pytest.raises(FileNotFoundError):
        Trajectory.load(tmp_path / "absent.npz")


def test_trajectory_checks_shapes():
    with pytest.raises(ValueError, match="values"):
        Trajectory(np.zeros((3, 2)), np.zeros(4), np.zeros((3, 2)), np.zeros((3, 2)), {})
    with pytest.raises(ValueError, match="positions"):
        Trajectory(np.zeros(3), np.zeros(3), np.zeros(3), np.zeros(3), {})


@settings(max_examples=40, deadline=None)
@given(
    eigs=st.lists(st.floats(0.1, 10.0), min_size=1, max_size=4),
    alpha_frac=st.floats(0.01, 0.99),
    beta=st.floats(0.0, 0.99),
    runs=st.integers(1, 5),
    steps=st.integers(0, 60),
    seed=st.integers(0, 2**16),
)
def test_stable_quadratic_runs_keep_shapes(eigs, alpha_frac, beta, runs, steps, seed):
    lam_max = max(eigs)
    alpha = alpha_frac * (2 + 2 * beta) / lam_max  # inside the stability bound
    landscape = Quadratic(np.diag(eigs))
    start = np.random.default_rng(seed).normal(size=(runs, len(eigs)))
    traj = simulate(landscape, start, SGD(alpha, momentum=beta), steps)
    assert traj.positions.shape == (steps + 1, runs, len(eigs))
    assert traj.values.shape == (steps + 1, runs)
    assert np.all(np.isfinite(traj.positions))


bad_float = st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=False, min_value=-1e9)


@settings(max_examples=60, deadline=None)
@given(
    data=st.one_of(
        st.builds(dict, lr=bad_float),
        st.builds(dict, lr=st.floats(0, 1), momentum=bad_float),
        st.builds(dict, lr=st.floats(0, 1), weight_decay=bad_float),
        st.builds(dict, lr=st.floats(0, 1), momentum=st.just(0.0), nesterov=st.just(True)),
        st.builds(
            dict,
            lr=st.floats(0, 1),
            momentum=st.floats(0.01, 1),
            dampening=st.floats(0.01, 1),
            nesterov=st.just(True),
        ),
    )
)
def test_invalid_sgd_arguments_raise(data):
    with pytest.raises(ValueError):
        SGD(**data)
