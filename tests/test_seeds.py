"""The source articles' claims, as numbers."""

import numpy as np
import pytest

from sim import SGD, EMAMomentum, Keras, ema, simulate, theory, toy_roll
from sim.landscapes import BumpedValley, DoubleWell, Linear, SampledValley

VALLEY = SampledValley()


# Seed 003: the ball on the sampled valley, moved by the sign of its velocity.


def test_toy_ball_without_momentum_stops_at_the_bump():
    run = toy_roll(momentum=0.0)
    assert len(run.path) == len(run.velocities) == 52
    assert run.path[-1] <= 25
    assert run.path[-1] == run.path[-20]  # it has stopped, not slowed down


def test_toy_ball_with_momentum_reaches_the_bottom():
    run = toy_roll(momentum=0.6)
    assert run.path[-1] >= 49
    assert np.all(np.diff(run.path) >= 0)


@pytest.mark.parametrize("momentum", [0.0, 0.6, 0.9])
def test_toy_velocity_is_the_ema_of_the_slopes_it_saw(momentum):
    run = toy_roll(momentum=momentum, epochs=70)
    slopes = np.diff(VALLEY.y) / np.diff(VALLEY.X)
    seen = slopes[np.minimum(run.path[:-1], 98)]
    np.testing.assert_allclose(run.velocities[1:], ema(seen, momentum), rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(np.diff(run.path), (run.velocities[1:] < 0) & (run.path[:-1] < 99))


def test_toy_ball_stops_at_the_grid_end():
    X = np.linspace(0, 1, 6)
    run = toy_roll(momentum=0.5, epochs=20, X=X, y=-X)  # downhill all the way
    assert run.path.max() == 5 and run.path[-1] == 5


# The same claims under real gradient descent on a smooth bumped valley.

BUMPED = BumpedValley()
STARTS = np.linspace(0.0, 0.05, 6)[:, None]


@pytest.mark.parametrize("lr", [0.3, 0.4, 0.45])
def test_gradient_descent_stays_in_the_local_minimum(lr):
    final = simulate(BUMPED, STARTS, SGD(lr), 1000).final[:, 0]
    np.testing.assert_allclose(final, BUMPED.local_min, atol=1e-4)


@pytest.mark.parametrize("lr", [0.3, 0.4, 0.45])
@pytest.mark.parametrize("momentum", [0.85, 0.9])
def test_heavy_ball_rolls_over_the_bump(lr, momentum):
    final = simulate(BUMPED, STARTS, SGD(lr, momentum=momentum), 300).final[:, 0]
    np.testing.assert_allclose(final, BUMPED.minima[0, 0], atol=1e-2)


@pytest.mark.parametrize("lr", [0.3, 0.4, 0.45])
def test_ema_momentum_rolls_over_the_bump(lr):
    final = simulate(BUMPED, STARTS, EMAMomentum(lr / (1 - 0.6), 0.6), 300).final[:, 0]
    np.testing.assert_allclose(final, BUMPED.minima[0, 0], atol=1e-2)


def test_default_start_and_lr_show_the_contrast():
    start, lr = BUMPED.start, BUMPED.default_lr
    assert abs(simulate(BUMPED, start, SGD(lr), 300).final[0] - BUMPED.local_min) < 1e-3
    assert abs(simulate(BUMPED, start, SGD(lr, momentum=0.9), 300).final[0] - 0.5) < 1e-2


# A 2-D version: a double well.

WELL = DoubleWell()
WELL_STARTS = WELL.start + np.array([[dx, dy] for dx in (-0.05, 0.0, 0.05) for dy in (-0.3, 0.0, 0.3)])


@pytest.mark.parametrize("lr", [0.015, 0.02, 0.03])
def test_double_well_gradient_descent_stays_shallow(lr):
    final = simulate(WELL, WELL_STARTS, SGD(lr), 2000).final
    np.testing.assert_allclose(final, np.broadcast_to(WELL.shallow_min, final.shape), atol=1e-4)


@pytest.mark.parametrize("lr", [0.015, 0.02, 0.03])
@pytest.mark.parametrize("momentum", [0.85, 0.9])
def test_double_well_heavy_ball_reaches_the_deep_well(lr, momentum):
    final = simulate(WELL, WELL_STARTS, SGD(lr, momentum=momentum), 600).final
    np.testing.assert_allclose(final, np.broadcast_to(WELL.deep_min, final.shape), atol=1e-4)


# Seed 000: an EMA of steps never overshoots; the heavy ball's steps grow.


def test_ema_of_a_step_drop_never_exceeds_one_and_stays_above_half():
    steps = np.concatenate([np.ones(20), np.full(30, 0.5)])
    smoothed = ema(steps, 0.9)
    assert smoothed.max() <= 1.0
    assert np.all(smoothed[20:] > 0.5)
    b, heavy = 0.0, []
    for s in steps:
        b = 0.9 * b + s
        heavy.append(b)
    assert max(heavy) > 1.0  # b = 0.9 b + g grows past the largest input


@pytest.mark.parametrize("beta", [0.5, 0.9])
def test_constant_slope_terminal_steps(beta):
    lr, slope = 0.1, 2.0
    line = Linear(slope)
    heavy = simulate(line, [0.0], SGD(lr, momentum=beta), 400).positions[:, 0]
    emam = simulate(line, [0.0], EMAMomentum(lr, beta), 400).positions[:, 0]
    assert -(heavy[-1] - heavy[-2]) == pytest.approx(theory.heavy_ball_steady_step(lr, slope, beta), rel=1e-9)
    assert -(emam[-1] - emam[-2]) == pytest.approx(theory.ema_steady_step(lr, slope, beta), rel=1e-9)
    assert lr * slope / (1 - beta) == pytest.approx(theory.heavy_ball_steady_step(lr, slope, beta))
    # Both grow monotonically towards their limit from below.
    for path, limit in ((heavy, lr * slope / (1 - beta)), (emam, lr * slope)):
        step = -np.diff(path)
        assert np.all(np.diff(step) >= -1e-12) and step[1] > step[0]
        assert step.max() <= limit * (1 + 1e-12)


def test_keras_form_equals_sgd_on_the_valley():
    a = simulate(BUMPED, STARTS, Keras(0.4, 0.9), 200).positions
    b = simulate(BUMPED, STARTS, SGD(0.4, momentum=0.9), 200).positions
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
