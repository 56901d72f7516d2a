"""Learning-rate schedules: torch's values, torch's scheduled paths, and user optimizers."""

from typing import NamedTuple

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from sim import SGD, Adam, Optimizer, RMSprop, simulate
from sim.landscapes import DoubleWell, Quadratic
from sim.schedules import CosineAnnealingLR, StepLR, learning_rates, with_schedule

SCHEDULES = [
    (StepLR, dict(step_size=7, gamma=0.5)),
    (StepLR, dict(step_size=1)),
    (CosineAnnealingLR, dict(T_max=20)),
    (CosineAnnealingLR, dict(T_max=13, eta_min=0.01)),
]


def torch_lrs(torch_sched, kwargs, base_lr, n):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base_lr)
    sched = getattr(torch.optim.lr_scheduler, torch_sched.__name__)(opt, **kwargs)
    out = []
    for _ in range(n):
        out.append(sched.get_last_lr()[0])
        opt.step()
        sched.step()
    return np.array(out)


@pytest.mark.parametrize("schedule,kwargs", SCHEDULES)
def test_learning_rates_equal_torchs(schedule, kwargs):
    # Past T_max too: the cosine comes back up.
    ours = learning_rates(schedule(**kwargs), 0.3, 70)
    np.testing.assert_array_equal(ours, torch_lrs(schedule, kwargs, 0.3, 70))


def test_closed_forms():
    e = np.arange(100)
    np.testing.assert_allclose(learning_rates(StepLR(7, 0.5), 0.3, 100), 0.3 * 0.5 ** (e // 7), rtol=1e-13)
    expected = 0.01 + (0.3 - 0.01) * (1 + np.cos(np.pi * e / 13)) / 2
    np.testing.assert_allclose(learning_rates(CosineAnnealingLR(13, 0.01), 0.3, 100), expected, rtol=1e-12)


def torch_scheduled_positions(torch_opt, opt_kwargs, torch_sched, sched_kwargs, landscape, start, steps):
    param = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch_opt([param], **opt_kwargs)
    sched = getattr(torch.optim.lr_scheduler, torch_sched.__name__)(opt, **sched_kwargs)
    out = [param.detach().numpy().copy()]
    for _ in range(steps):
        param.grad = torch.from_numpy(landscape.grad(param.detach().numpy()))
        opt.step()
        sched.step()
        out.append(param.detach().numpy().copy())
    return np.stack(out)


@pytest.mark.parametrize("schedule,sched_kwargs", SCHEDULES)
@pytest.mark.parametrize(
    "ours,theirs,opt_kwargs",
    [
        (SGD, torch.optim.SGD, dict(lr=0.1, momentum=0.9)),
        (SGD, torch.optim.SGD, dict(lr=0.05, momentum=0.5, nesterov=True, weight_decay=0.1)),
        (Adam, torch.optim.Adam, dict(lr=0.1, amsgrad=True)),
        (RMSprop, torch.optim.RMSprop, dict(lr=0.01, momentum=0.5, centered=True)),
    ],
)
def test_scheduled_paths_match_torch(schedule, sched_kwargs, ours, theirs, opt_kwargs):
    rng = np.random.default_rng(0)
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    quadratic = Quadratic(q @ np.diag([0.2, 1.0, 3.0]) @ q.T, center=rng.normal(size=3))
    for landscape in (quadratic, DoubleWell()):
        start = rng.uniform(-1.5, 1.5, size=(4, landscape.dim))
        opt = with_schedule(ours(**opt_kwargs), schedule(**sched_kwargs))
        got = simulate(landscape, start, opt, 80).positions
        want = torch_scheduled_positions(theirs, opt_kwargs, schedule, sched_kwargs, landscape, start, 80)
        assert np.all(np.isfinite(want))
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, err_msg=landscape.name)


def test_step_lr_on_a_constant_slope():
    # Plain gradient descent on f = x: each step is -lr_e, so the path is the
    # running sum of the closed-form schedule.
    from sim.landscapes import Linear

    traj = simulate(Linear(1.0), [0.0], with_schedule(SGD(0.4), StepLR(5, gamma=0.5)), 20)
    lrs = 0.4 * 0.5 ** (np.arange(20) // 5)
    np.testing.assert_allclose(traj.positions[1:, 0], -np.cumsum(lrs), rtol=1e-14)


def test_runs_at_different_epochs_take_their_own_lr():
    opt = with_schedule(SGD(1.0), StepLR(1, gamma=0.5))
    x = np.zeros((3, 1))
    state = opt.init(x)._replace(step=np.array([0, 2, 1]))
    new_x, new_state = opt.update(np.ones((3, 1)), state, x)
    np.testing.assert_array_equal(new_x[:, 0], [-1.0, -0.25, -0.5])
    np.testing.assert_array_equal(new_state.step, [1, 3, 2])


def test_params_record_the_schedule():
    opt = with_schedule(Adam(lr=0.01), CosineAnnealingLR(T_max=50))
    assert opt.params["name"] == "Adam" and opt.params["lr"] == 0.01
    assert opt.params["schedule"] == dict(name="CosineAnnealingLR", T_max=50, eta_min=0.0)
    with pytest.raises(ValueError, match="already has a schedule"):
        with_schedule(opt, StepLR(3))


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_bad_schedule_settings(bad):
    with pytest.raises(ValueError, match="positive integer"):
        StepLR(bad)
    with pytest.raises(ValueError, match="positive integer"):
        CosineAnnealingLR(bad)


class SignState(NamedTuple):
    count: np.ndarray
    last: np.ndarray


def SignDescent(lr: float) -> Optimizer:
    """A user's own optimizer: x <- x - lr sign(g), counting its steps; its velocity is the last step."""

    def init(x0):
        x0 = np.asarray(x0, dtype=float)
        return SignState(np.zeros(x0.shape[:-1], dtype=np.int64), np.zeros_like(x0))

    def update(grad, state, x):
        step = -lr * np.sign(grad)
        return x + step, SignState(state.count + 1, step)

    return Optimizer(init, update, lambda state: state.last, dict(name="SignDescent", lr=lr))


def test_user_optimizer_runs_through_simulate_and_schedules():
    # On f = x²/2 sign descent walks to 0 in steps of lr; there sign(0) = 0 stops it.
    landscape = Quadratic([[1.0]])
    traj = simulate(landscape, np.array([[1.0], [-0.5]]), SignDescent(0.25), 6)
    np.testing.assert_array_equal(traj.positions[:, 0, 0], [1.0, 0.75, 0.5, 0.25, 0.0, 0.0, 0.0])
    np.testing.assert_array_equal(traj.positions[:, 1, 0], [-0.5, -0.25, 0.0, 0.0, 0.0, 0.0, 0.0])
    np.testing.assert_array_equal(traj.velocities[1:], np.diff(traj.positions, axis=0))
    assert traj.params["optimizer"] == dict(name="SignDescent", lr=0.25)

    scheduled = with_schedule(SignDescent(0.5), StepLR(2, gamma=0.5), factory=SignDescent)
    traj = simulate(landscape, [3.0], scheduled, 6)
    np.testing.assert_array_equal(traj.positions[:, 0], 3.0 - np.cumsum([0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125]))
    with pytest.raises(ValueError, match="factory="):
        with_schedule(SignDescent(0.5), StepLR(2))
