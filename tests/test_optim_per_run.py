"""Per-run hyper-parameters: a batch whose runs each take their own lr (momentum, betas, alpha) follows,
run by run, the path torch.optim takes with that run's settings alone."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from sim import SGD, Adagrad, Adam, AdamW, RMSprop, simulate
from sim.landscapes import Rosenbrock

STEPS = 60
LANDSCAPE = Rosenbrock()
LRS = np.array([1e-4, 3e-4, 1e-3, 2e-3])
SECOND = np.array([0.0, 0.5, 0.9, 0.99])  # momentum or a beta per run
ALPHA = np.array([0.5, 0.9, 0.99, 0.999])

CASES = [
    # (ours with per-run values, torch class, torch kwargs for run i)
    (lambda: SGD(LRS / 10, momentum=SECOND), torch.optim.SGD, lambda i: dict(lr=LRS[i] / 10, momentum=SECOND[i])),
    (lambda: SGD(LRS / 10, momentum=SECOND, dampening=0.3), torch.optim.SGD,
     lambda i: dict(lr=LRS[i] / 10, momentum=SECOND[i], dampening=0.3)),
    (lambda: SGD(LRS / 10, momentum=ALPHA, nesterov=True), torch.optim.SGD,
     lambda i: dict(lr=LRS[i] / 10, momentum=ALPHA[i], nesterov=True)),
    (lambda: Adam(LRS * 10, betas=(SECOND, 0.999)), torch.optim.Adam,
     lambda i: dict(lr=LRS[i] * 10, betas=(SECOND[i], 0.999))),
    (lambda: Adam(0.01, betas=(0.9, SECOND), amsgrad=True), torch.optim.Adam,
     lambda i: dict(lr=0.01, betas=(0.9, SECOND[i]), amsgrad=True)),
    (lambda: AdamW(LRS * 10, betas=(SECOND, 0.99)), torch.optim.AdamW,
     lambda i: dict(lr=LRS[i] * 10, betas=(SECOND[i], 0.99))),
    (lambda: RMSprop(LRS * 10, alpha=ALPHA, centered=True), torch.optim.RMSprop,
     lambda i: dict(lr=LRS[i] * 10, alpha=ALPHA[i], centered=True)),
    (lambda: Adagrad(LRS * 100, lr_decay=0.01), torch.optim.Adagrad,
     lambda i: dict(lr=LRS[i] * 100, lr_decay=0.01)),
]


def torch_path(torch_cls, start, steps, **kwargs):
    param = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch_cls([param], **kwargs)
    out = [param.detach().numpy().copy()]
    for _ in range(steps):
        param.grad = torch.from_numpy(LANDSCAPE.grad(param.detach().numpy()))
        opt.step()
        out.append(param.detach().numpy().copy())
    return np.stack(out)


@pytest.mark.parametrize("case", range(len(CASES)))
def test_each_run_follows_torch_with_its_own_settings(case):
    ours, torch_cls, kwargs = CASES[case]
    start = np.tile(LANDSCAPE.start, (len(LRS), 1))
    batch = simulate(LANDSCAPE, start, ours(), STEPS).positions
    assert np.all(np.isfinite(batch))
    for i in range(len(LRS)):
        theirs = torch_path(torch_cls, LANDSCAPE.start, STEPS, **kwargs(i))
        np.testing.assert_allclose(batch[:, i], theirs, rtol=1e-12, atol=1e-14, err_msg=f"run {i}")


@pytest.mark.parametrize("case", range(len(CASES)))
def test_a_batch_equals_its_runs_alone(case):
    """Bit for bit: the per-run path is the scalar path, so every scalar test of torch parity carries over."""
    ours, _, kwargs = CASES[case]
    start = np.tile(LANDSCAPE.start, (len(LRS), 1))
    batch = simulate(LANDSCAPE, start, ours(), STEPS).positions
    scalar = {torch.optim.SGD: SGD, torch.optim.Adam: Adam, torch.optim.AdamW: AdamW,
              torch.optim.RMSprop: RMSprop, torch.optim.Adagrad: Adagrad}[CASES[case][1]]
    for i in range(len(LRS)):
        alone = simulate(LANDSCAPE, LANDSCAPE.start, scalar(**kwargs(i)), STEPS).positions
        np.testing.assert_array_equal(batch[:, i], alone)


def test_per_run_values_are_checked_and_listed():
    with pytest.raises(ValueError, match="Invalid learning rate: -0.1"):
        SGD(np.array([0.1, -0.1]))
    with pytest.raises(ValueError, match="Invalid beta parameter at index 0: 1.0"):
        Adam(betas=(np.array([0.5, 1.0]), 0.999))
    with pytest.raises(ValueError, match="Nesterov momentum requires"):
        SGD(0.1, momentum=np.array([0.9, 0.0]), nesterov=True)
    assert SGD(LRS, momentum=0.9).params["lr"] == LRS.tolist()
    assert Adam(betas=(SECOND, 0.999)).params["betas"] == [SECOND.tolist(), 0.999]
