"""Adam, AdamW, RMSprop and Adagrad: parity with torch.optim across their flags."""

import itertools

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from sim import Adagrad, Adam, AdamW, RMSprop, simulate
from sim.landscapes import DoubleWell, Quadratic, Rosenbrock

PATH_STEPS = 100
FORCED_STEPS = 300
RUNS = 4


def random_quadratic(rng, dim):
    q, _ = np.linalg.qr(rng.normal(size=(dim, dim)))
    return Quadratic(q @ np.diag(rng.uniform(0.1, 2.0, dim)) @ q.T, center=rng.normal(size=dim))


def landscapes_and_starts(seed):
    """A random quadratic in 3 and 5 dimensions, Rosenbrock and the double well, with random starts."""
    rng = np.random.default_rng(seed)
    out = []
    for landscape in (random_quadratic(rng, 3), random_quadratic(rng, 5), Rosenbrock(), DoubleWell()):
        lo, hi = np.array(landscape.bounds).T
        out.append((landscape, rng.uniform(lo, hi, size=(RUNS, landscape.dim))))
    return out


def torch_positions(torch_cls, landscape, start, steps, **kwargs):
    """Positions of a torch optimizer on one (runs, dim) tensor, .grad set from the landscape."""
    param = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch_cls([param], **kwargs)
    out = [param.detach().numpy().copy()]
    for _ in range(steps):
        param.grad = torch.from_numpy(landscape.grad(param.detach().numpy()))
        opt.step()
        out.append(param.detach().numpy().copy())
    return np.stack(out)


def torch_steps(torch_cls, landscape, start, steps, **kwargs):
    """Every step of a torch optimizer: (x, grad, state before, x after, state after)."""
    param = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch_cls([param], **kwargs)

    def state():
        return {k: float(v) if k == "step" else v.numpy().copy() for k, v in opt.state[param].items()}

    for _ in range(steps):
        x = param.detach().numpy().copy()
        before = state()
        g = landscape.grad(x)
        param.grad = torch.from_numpy(g)
        opt.step()
        yield x, g, before, param.detach().numpy().copy(), state()


def as_our_state(opt, x, torch_state):
    """Our state with torch's buffers (the fields share torch's state names)."""
    ours = opt.init(x)
    fields = {f: torch_state[f] for f in ours._fields if f in torch_state and f != "step"}
    step = np.full(x.shape[:-1], int(torch_state.get("step", 0)))
    return ours._replace(step=step, **fields)


def assert_matches_torch(ours_factory, torch_cls, kwargs, seed):
    """Whole paths agree over PATH_STEPS; every single step agrees over FORCED_STEPS.

    Runs that settle into Adam's or RMSprop's oscillation about a minimum are
    chaotic: the last-bit differences of torch's fused multiply-adds grow
    there, so long paths are compared one step at a time, from torch's own state.
    """
    for landscape, start in landscapes_and_starts(seed):
        opt = ours_factory(**kwargs)
        ours = simulate(landscape, start, opt, PATH_STEPS).positions
        theirs = torch_positions(torch_cls, landscape, start, PATH_STEPS, **kwargs)
        assert np.all(np.isfinite(theirs))
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12, err_msg=landscape.name)
        ours, theirs, steps = [], [], []
        for x, g, before, x_next, after in torch_steps(torch_cls, landscape, start, FORCED_STEPS, **kwargs):
            new_x, new_state = opt.update(g, as_our_state(opt, x, before), x)
            buffers = [name for name in after if name != "step"]
            ours.append(np.concatenate([new_x.ravel()] + [getattr(new_state, n).ravel() for n in buffers]))
            theirs.append(np.concatenate([x_next.ravel()] + [after[n].ravel() for n in buffers]))
            steps.append((new_state.step, after["step"]))
        np.testing.assert_allclose(np.stack(ours), np.stack(theirs), rtol=1e-12, atol=1e-14, err_msg=landscape.name)
        for our_step, their_step in steps:
            np.testing.assert_array_equal(our_step, their_step)


ADAM_FLAGS = list(
    itertools.product(
        [False, True],  # amsgrad
        [False, True],  # maximize
        [0.0, 0.1],  # weight_decay
        [False, True],  # decoupled_weight_decay
    )
)


@pytest.mark.parametrize("amsgrad,maximize,weight_decay,decoupled", ADAM_FLAGS)
def test_adam_matches_torch(amsgrad, maximize, weight_decay, decoupled):
    kwargs = dict(lr=0.05, amsgrad=amsgrad, maximize=maximize, weight_decay=weight_decay,
                  decoupled_weight_decay=decoupled)
    assert_matches_torch(Adam, torch.optim.Adam, kwargs, seed=len(ADAM_FLAGS))


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(lr=0.02, betas=(0.5, 0.9), eps=1e-3),
        dict(lr=0.1, betas=(0.0, 0.5)),
        dict(lr=0.01, betas=(0.95, 0.0), eps=0.0, amsgrad=True),
    ],
)
def test_adam_other_hyperparameters_match_torch(kwargs):
    assert_matches_torch(Adam, torch.optim.Adam, kwargs, seed=1)


@pytest.mark.parametrize("amsgrad,maximize", list(itertools.product([False, True], repeat=2)))
@pytest.mark.parametrize("weight_decay", [None, 0.0, 0.2])
def test_adamw_matches_torch(amsgrad, maximize, weight_decay):
    kwargs = dict(lr=0.05, amsgrad=amsgrad, maximize=maximize)
    if weight_decay is not None:  # None: both use their default, 1e-2
        kwargs["weight_decay"] = weight_decay
    assert_matches_torch(AdamW, torch.optim.AdamW, kwargs, seed=2)


def test_adamw_is_adam_with_decoupled_decay():
    assert AdamW().params["weight_decay"] == torch.optim.AdamW([torch.zeros(1)]).defaults["weight_decay"]
    rng = np.random.default_rng(3)
    landscape = random_quadratic(rng, 3)
    start = rng.normal(size=(5, 3))
    a = simulate(landscape, start, AdamW(lr=0.1, weight_decay=0.3), 50).positions
    b = simulate(landscape, start, Adam(lr=0.1, weight_decay=0.3, decoupled_weight_decay=True), 50).positions
    np.testing.assert_array_equal(a, b)


RMSPROP_FLAGS = list(
    itertools.product(
        [0.0, 0.9],  # momentum
        [False, True],  # centered
        [0.0, 0.1],  # weight_decay
        [False, True],  # maximize
    )
)


@pytest.mark.parametrize("momentum,centered,weight_decay,maximize", RMSPROP_FLAGS)
def test_rmsprop_matches_torch(momentum, centered, weight_decay, maximize):
    kwargs = dict(lr=0.01, momentum=momentum, centered=centered, weight_decay=weight_decay, maximize=maximize)
    assert_matches_torch(RMSprop, torch.optim.RMSprop, kwargs, seed=4)


@pytest.mark.parametrize("kwargs", [dict(lr=0.003, alpha=0.5, eps=1e-4), dict(lr=0.002, alpha=0.9, momentum=0.5)])
def test_rmsprop_other_hyperparameters_match_torch(kwargs):
    assert_matches_torch(RMSprop, torch.optim.RMSprop, kwargs, seed=5)


ADAGRAD_FLAGS = list(
    itertools.product(
        [0.0, 0.05],  # lr_decay
        [0.0, 0.1],  # weight_decay
        [0.0, 0.5],  # initial_accumulator_value
        [False, True],  # maximize
    )
)


@pytest.mark.parametrize("lr_decay,weight_decay,initial_accumulator_value,maximize", ADAGRAD_FLAGS)
def test_adagrad_matches_torch(lr_decay, weight_decay, initial_accumulator_value, maximize):
    kwargs = dict(lr=0.2, lr_decay=lr_decay, weight_decay=weight_decay,
                  initial_accumulator_value=initial_accumulator_value, maximize=maximize)
    assert_matches_torch(Adagrad, torch.optim.Adagrad, kwargs, seed=6)


def test_adagrad_eps_matches_torch():
    assert_matches_torch(Adagrad, torch.optim.Adagrad, dict(lr=0.2, eps=1e-2), seed=7)


@pytest.mark.parametrize(
    "ours,theirs",
    [(Adam, torch.optim.Adam), (AdamW, torch.optim.AdamW), (RMSprop, torch.optim.RMSprop),
     (Adagrad, torch.optim.Adagrad)],
)
def test_defaults_are_torchs(ours, theirs):
    defaults = theirs([torch.zeros(1, requires_grad=True)]).defaults
    params = ours().params
    for key, value in params.items():
        if key == "name":
            assert value == theirs.__name__
        else:
            expected = list(defaults[key]) if isinstance(defaults[key], tuple) else defaults[key]
            assert value == expected, key


def torch_message(torch_cls, kwargs):
    try:
        torch_cls([torch.zeros(1, requires_grad=True)], **kwargs)
    except ValueError as err:
        return str(err)
    return None


@pytest.mark.parametrize(
    "ours,theirs,kwargs",
    [
        (Adam, torch.optim.Adam, dict(lr=-0.1)),
        (Adam, torch.optim.Adam, dict(eps=-1e-8)),
        (Adam, torch.optim.Adam, dict(betas=(1.0, 0.999))),
        (Adam, torch.optim.Adam, dict(betas=(0.9, -0.5))),
        (Adam, torch.optim.Adam, dict(weight_decay=-1.0)),
        (Adam, torch.optim.Adam, dict(lr=float("nan"))),
        (AdamW, torch.optim.AdamW, dict(betas=(-0.1, 0.9))),
        (RMSprop, torch.optim.RMSprop, dict(lr=-1.0)),
        (RMSprop, torch.optim.RMSprop, dict(alpha=-0.5)),
        (RMSprop, torch.optim.RMSprop, dict(momentum=-0.5)),
        (RMSprop, torch.optim.RMSprop, dict(eps=-1.0)),
        (RMSprop, torch.optim.RMSprop, dict(weight_decay=-1.0)),
        (Adagrad, torch.optim.Adagrad, dict(lr_decay=-1.0)),
        (Adagrad, torch.optim.Adagrad, dict(initial_accumulator_value=-1.0)),
        (Adagrad, torch.optim.Adagrad, dict(eps=-1.0)),
        (Adagrad, torch.optim.Adagrad, dict(weight_decay=-1.0)),
    ],
)
def test_validation_matches_torch(ours, theirs, kwargs):
    message = torch_message(theirs, kwargs)
    assert message is not None
    with pytest.raises(ValueError) as err:
        ours(**kwargs)
    assert str(err.value) == message


def adam_by_hand(grads, lr, b1, b2, eps):
    """Adam's textbook recursion on a sequence of scalar gradients, with the bias corrections."""
    m = v = 0.0
    steps = []
    for t, g in enumerate(grads, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        steps.append(-lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps))
    return np.array(steps)


def test_adam_on_a_constant_slope_moves_lr_per_step():
    # With a constant gradient the bias-corrected m/sqrt(v) is exactly sign(g):
    # every step is lr (up to eps), whatever the slope's size.
    from sim.landscapes import Linear

    for slope in (1e-3, 1.0, 50.0):
        traj = simulate(Linear([slope, -slope]), np.zeros(2), Adam(lr=0.1, eps=0.0), 20)
        steps = np.diff(traj.positions, axis=0)
        np.testing.assert_allclose(steps, np.tile([-0.1, 0.1], (20, 1)), rtol=1e-12)


def test_adam_matches_textbook_recursion():
    rng = np.random.default_rng(8)
    grads = rng.normal(size=40)
    opt = Adam(lr=0.01, betas=(0.8, 0.95), eps=1e-6)
    x = np.zeros(1)
    state = opt.init(x)
    steps = []
    for g in grads:
        new_x, state = opt.update(np.array([g]), state, x)
        steps.append(new_x[0] - x[0])
        x = new_x
    np.testing.assert_allclose(steps, adam_by_hand(grads, 0.01, 0.8, 0.95, 1e-6), rtol=1e-9)


def test_runs_at_different_steps_use_their_own_bias_correction():
    opt = Adam(lr=1.0, betas=(0.5, 0.5), eps=0.0)
    x = np.zeros((2, 1))
    _, after_one = opt.update(np.ones((2, 1)), opt.init(x), x)
    fresh = np.array([[False], [True]])
    mixed = type(after_one)(np.array([1, 0]), *(np.where(fresh, 0.0, a) for a in after_one[1:]))
    new_x, new_state = opt.update(np.full((2, 1), 2.0), mixed, x)
    np.testing.assert_array_equal(new_state.step, [2, 1])
    # Run 0 had m = v = 0.5 after its first step; at step 2, m = 0.5*0.5 + 0.5*2 = 1.25,
    # v = 0.5*0.5 + 0.5*4 = 2.25 and x = -(1.25/0.75) / sqrt(2.25/0.75).
    # Run 1 takes its first step: -lr sign(g).
    np.testing.assert_allclose(new_x[:, 0], [-(1.25 / 0.75) / np.sqrt(2.25 / 0.75), -1.0], rtol=1e-14)


@pytest.mark.parametrize("factory", [Adam, AdamW, RMSprop, Adagrad])
def test_update_is_pure(factory):
    opt = factory(lr=0.1)
    x = np.ones((3, 2))
    state = opt.init(x)
    g = np.full((3, 2), 2.0)
    saved = [a.copy() for a in (x, g, *state)]
    x2, state2 = opt.update(g, state, x)
    for before, after in zip(saved, (x, g, *state)):
        np.testing.assert_array_equal(before, after)
    x3, _ = opt.update(g, state2, x2)
    assert not np.array_equal(x2, x3)


def test_velocities():
    rng = np.random.default_rng(9)
    landscape = random_quadratic(rng, 2)
    start = rng.normal(size=(3, 2))
    adam = simulate(landscape, start, Adam(lr=0.1, betas=(0.7, 0.9)), 5)
    # The velocity is the first moment m, an EMA of the recorded gradients.
    m = np.zeros_like(start)
    for k in range(1, 6):
        m = 0.7 * m + 0.3 * adam.gradients[k - 1]
        np.testing.assert_allclose(adam.velocities[k], m, rtol=1e-12)
    rms = simulate(landscape, start, RMSprop(lr=0.1), 5)
    np.testing.assert_array_equal(rms.velocities, 0.0)
    ada = simulate(landscape, start, Adagrad(lr=0.1), 5)
    np.testing.assert_array_equal(ada.velocities, 0.0)
