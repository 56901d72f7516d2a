"""Optimizers: parity with torch.optim.SGD and the algebraic identities between forms."""

import itertools

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from sim import SGD, EMAMomentum, Keras, simulate
from sim.landscapes import Quadratic

STEPS = 30
RUNS = 4
FLAGS = list(
    itertools.product(
        [0.0, 0.9],  # momentum
        [0.0, 0.5],  # dampening
        [False, True],  # nesterov
        [0.0, 0.1],  # weight_decay
        [False, True],  # maximize
    )
)


def random_quadratic(rng, dim):
    q, _ = np.linalg.qr(rng.normal(size=(dim, dim)))
    return Quadratic(q @ np.diag(rng.uniform(0.1, 2.0, dim)) @ q.T, center=rng.normal(size=dim))


def torch_positions(landscape, start, steps, **kwargs):
    """Positions of torch.optim.SGD with .grad set from the landscape's gradient."""
    param = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([param], **kwargs)
    out = [param.detach().numpy().copy()]
    for _ in range(steps):
        param.grad = torch.from_numpy(landscape.grad(param.detach().numpy()))
        opt.step()
        out.append(param.detach().numpy().copy())
    return np.stack(out)


def torch_rejects(**kwargs):
    try:
        torch.optim.SGD([torch.zeros(1, requires_grad=True)], **kwargs)
    except ValueError as err:
        return str(err)
    return None


@pytest.mark.parametrize("momentum,dampening,nesterov,weight_decay,maximize", FLAGS)
def test_matches_torch_sgd(momentum, dampening, nesterov, weight_decay, maximize):
    kwargs = dict(
        lr=0.1,
        momentum=momentum,
        dampening=dampening,
        nesterov=nesterov,
        weight_decay=weight_decay,
        maximize=maximize,
    )
    message = torch_rejects(**kwargs)
    if message is not None:
        with pytest.raises(ValueError, match="Nesterov"):
            SGD(**kwargs)
        return
    rng = np.random.default_rng(hash((momentum, dampening, nesterov, weight_decay, maximize)) % 2**32)
    for dim in (3, 4, 5):
        landscape = random_quadratic(rng, dim)
        start = rng.normal(size=(RUNS, dim))
        ours = simulate(landscape, start, SGD(**kwargs), STEPS).positions
        theirs = torch_positions(landscape, start, STEPS, **kwargs)
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(lr=-0.1),
        dict(lr=0.1, momentum=-0.5),
        dict(lr=0.1, weight_decay=-1e-3),
        dict(lr=0.1, nesterov=True),
        dict(lr=0.1, momentum=0.9, dampening=0.1, nesterov=True),
        dict(lr=0.1, momentum=0.0, dampening=0.0, nesterov=True),
        dict(lr=0.0),
        dict(lr=0.1, momentum=0.9, dampening=0.1),
        dict(lr=0.1, momentum=0.9, nesterov=True),
        dict(lr=0.1, dampening=-1.0),
        dict(lr=0.1, momentum=1.5),
    ],
)
def test_validation_matches_torch(kwargs):
    message = torch_rejects(**kwargs)
    if message is None:
        SGD(**kwargs)
    else:
        with pytest.raises(ValueError) as err:
            SGD(**kwargs)
        assert str(err.value) == message


def test_first_buffer_is_undampened_per_run():
    # Two runs whose states are at different steps: only the one at step 0
    # takes b = g; the other takes b = m b + (1 - d) g.
    opt = SGD(lr=1.0, momentum=0.5, dampening=0.5)
    x = np.zeros((2, 1))
    state = opt.init(x)
    _, state = opt.update(np.array([[1.0], [1.0]]), state, x)
    mixed = state._replace(step=np.array([1, 0]))
    new_x, new_state = opt.update(np.array([[2.0], [2.0]]), mixed, x)
    np.testing.assert_array_equal(new_state.buf, [[0.5 * 1.0 + 0.5 * 2.0], [2.0]])
    np.testing.assert_array_equal(new_x, -new_state.buf)


def test_update_is_pure():
    opt = SGD(lr=0.1, momentum=0.9, dampening=0.3)
    x = np.ones((3, 2))
    state = opt.init(x)
    g = np.full((3, 2), 2.0)
    saved = [a.copy() for a in (x, g, *state)]
    x2, state2 = opt.update(g, state, x)
    for before, after in zip(saved, (x, g, *state)):
        np.testing.assert_array_equal(before, after)
    _, state3 = opt.update(g, state2, x2)
    assert not np.array_equal(state2.buf, state3.buf)


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9])
def test_ema_momentum_is_scaled_sgd(beta):
    rng = np.random.default_rng(1)
    landscape = random_quadratic(rng, 3)
    start = rng.normal(size=(5, 3))
    lr = 0.3
    ema_run = simulate(landscape, start, EMAMomentum(lr, beta), 60)
    sgd_run = simulate(landscape, start, SGD(lr * (1 - beta), momentum=beta), 60)
    np.testing.assert_allclose(ema_run.positions, sgd_run.positions, rtol=1e-12, atol=1e-12)
    # The first step is lr (1 - beta) g for both: torch's undampened b = g
    # meets the EMA's v = (1 - beta) g.
    g0 = landscape.grad(start)
    np.testing.assert_allclose(ema_run.positions[1], start - lr * (1 - beta) * g0, rtol=1e-14)
    if beta > 0:  # without momentum SGD keeps no buffer
        # v = (1 - beta) b on every step.
        np.testing.assert_allclose(ema_run.velocities, (1 - beta) * sgd_run.velocities, rtol=1e-12, atol=1e-12)


def test_ema_momentum_is_not_dampened_sgd_on_first_step():
    g = np.array([[1.0]])
    x = np.zeros((1, 1))
    ema_opt, damp = EMAMomentum(1.0, 0.5), SGD(1.0, momentum=0.5, dampening=0.5)
    x_ema, _ = ema_opt.update(g, ema_opt.init(x), x)
    x_damp, _ = damp.update(g, damp.init(x), x)
    assert x_ema[0, 0] == -0.5 and x_damp[0, 0] == -1.0


@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9])
def test_keras_matches_sgd(momentum):
    rng = np.random.default_rng(2)
    landscape = random_quadratic(rng, 4)
    start = rng.normal(size=(3, 4))
    keras = simulate(landscape, start, Keras(0.2, momentum), 50)
    sgd = simulate(landscape, start, SGD(0.2, momentum=momentum), 50)
    np.testing.assert_allclose(keras.positions, sgd.positions, rtol=1e-12, atol=1e-12)
    if momentum > 0:  # without momentum SGD keeps no buffer
        np.testing.assert_allclose(keras.velocities, -0.2 * sgd.velocities, rtol=1e-12, atol=1e-12)


def test_velocity_is_zero_without_momentum():
    opt = SGD(0.1)
    x = np.ones((2, 3))
    _, state = opt.update(np.ones((2, 3)), opt.init(x), x)
    np.testing.assert_array_equal(opt.velocity(state), np.zeros((2, 3)))


@pytest.mark.parametrize(
    "factory,kwargs",
    [
        (EMAMomentum, dict(lr=0.1, beta=1.0)),
        (EMAMomentum, dict(lr=0.1, beta=-0.1)),
        (EMAMomentum, dict(lr=-0.1, beta=0.5)),
        (Keras, dict(lr=-0.1, momentum=0.5)),
        (Keras, dict(lr=0.1, momentum=-0.5)),
    ],
)
def test_other_forms_validate(factory, kwargs):
    with pytest.raises(ValueError):
        factory(**kwargs)


def test_params_name_the_optimizer():
    assert SGD(0.1, momentum=0.9).params == dict(
        name="SGD", lr=0.1, momentum=0.9, dampening=0.0, nesterov=False, weight_decay=0.0, maximize=False
    )
    assert EMAMomentum(0.1, 0.6).params == dict(name="EMAMomentum", lr=0.1, beta=0.6)
    assert Keras(0.1, 0.9).params == dict(name="Keras", lr=0.1, momentum=0.9)
