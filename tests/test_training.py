"""Tests of sim.training: update rules against torch.optim.SGD, the stacked trainers, files and the CLI."""
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from sim.training import load_traces, resolve_device, run_digits, run_seed003, save_traces
from sim.training.device import DeviceUnavailable
from sim.training.rules import apply_rule, coefficients
from sim.training.seed003 import Problem, make_problem, train_gram, train_reference
from sim.training.traces import atomic_output

ROOT = Path(__file__).resolve().parents[1]
TRACES = ROOT / "scenes" / "data"
# the torch.optim.SGD settings each rule must reproduce ("manual" is the article's loop: torch's momentum;
# "sgd_effective_lr" is plain SGD at lr/(1 - 0.9))
TORCH_KW = {"sgd": {}, "manual": {"momentum": 0.9}, "torch": {"momentum": 0.9}, "momentum": {"momentum": 0.9},
            "nesterov": {"momentum": 0.9, "nesterov": True}, "sgd_effective_lr": {"lr_scale": 10.0}}
ALL_RULES = (*TORCH_KW, "article_as_run")


# --- update rules -----------------------------------------------------------------------------------

@pytest.mark.parametrize("variant", sorted(TORCH_KW))
def test_rule_matches_torch_optim_sgd(variant):
    gen = torch.Generator().manual_seed(1)
    x0 = torch.randn(7, 5, generator=gen)
    grads = [torch.randn(7, 5, generator=gen) for _ in range(6)]
    w = torch.nn.Parameter(x0.clone())
    kw = dict(TORCH_KW[variant])
    opt = torch.optim.SGD([w], lr=0.1 * kw.pop("lr_scale", 1.0), **kw)
    x, buf = x0.clone(), torch.zeros_like(x0)
    for k, g in enumerate(grads):
        w.grad = g.clone()
        opt.step()
        apply_rule(variant, x, buf, g, 0.1, 0.9, first=k == 0)
    torch.testing.assert_close(x, w.detach(), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("variant, factor", [("sgd", 2.0), ("manual", 2.9), ("torch", 2.9),
                                             ("nesterov", 2 + 2 * 0.9 + 0.9**2), ("article_as_run", 2.8),
                                             ("sgd_effective_lr", 20.0)])
def test_two_steps_on_a_constant_gradient(variant, factor):
    # heavy ball: lr*g + lr*(mu*g + g); nesterov: lr*(1+mu)*g + lr*(g + mu*(mu*g + g));
    # the article's loop as it ran: lr*g + lr*(mu*g + mu*g); SGD at lr/(1 - mu): twice lr*g/(1 - mu)
    x, buf, g = torch.zeros(3, dtype=torch.float64), torch.zeros(3, dtype=torch.float64), torch.ones(3, dtype=torch.float64)
    for k in range(2):
        apply_rule(variant, x, buf, g, 0.5, 0.9, first=k == 0)
    torch.testing.assert_close(x, torch.full((3,), -0.5 * factor, dtype=torch.float64))


@pytest.mark.parametrize("variant", sorted(ALL_RULES))
def test_stacked_coefficients_equal_the_rule(variant):
    """b = beta*b + g; x -= lr*(c_grad*g + c_buf*b), from zeros, is the same rule as apply_rule."""
    gen = torch.Generator().manual_seed(2)
    x = torch.randn(6, 4, generator=gen, dtype=torch.float64)
    y, bx, by = x.clone(), torch.zeros_like(x), torch.zeros_like(x)
    for k in range(4):
        beta, c_grad, c_buf = coefficients(variant, 0.9, first=k == 0)
        g = torch.randn(6, 4, generator=gen, dtype=torch.float64)
        apply_rule(variant, x, bx, g, 0.1, 0.9, first=k == 0)
        by.mul_(beta).add_(g)
        y.sub_(c_grad * g + c_buf * by, alpha=0.1)
    torch.testing.assert_close(y, x, rtol=1e-12, atol=1e-12)


def _article_loop(zero_grad_set_to_none: bool, grads, x0, lr=0.1, mu=0.9):
    """The article's hand-written momentum loop around torch.optim.SGD, with autograd writing the gradients."""
    w = torch.nn.Parameter(x0.clone())
    opt = torch.optim.SGD([w], lr=lr)
    velocities = {}
    for g in grads:
        opt.zero_grad(set_to_none=zero_grad_set_to_none)
        (w * g).sum().backward()  # d/dw = g, accumulated into w.grad as backward does
        if "w" not in velocities:
            velocities["w"] = torch.zeros_like(w.grad)
        velocities["w"].mul_(mu).add_(w.grad)
        w.grad = velocities["w"]
        opt.step()
    return w.detach()


@pytest.mark.parametrize("set_to_none, variant", [(True, "manual"), (False, "article_as_run")])
def test_article_loop_under_each_zero_grad_is_its_rule(set_to_none, variant):
    """Today's zero_grad() leaves the velocity alone (momentum); the in-place one of PyTorch < 2.0 wipes it."""
    gen = torch.Generator().manual_seed(7)
    x0 = torch.randn(5, 3, generator=gen, dtype=torch.float64)
    grads = [torch.randn(5, 3, generator=gen, dtype=torch.float64) for _ in range(6)]
    got = _article_loop(set_to_none, grads, x0)
    x, buf = x0.clone(), torch.zeros_like(x0)
    for k, g in enumerate(grads):
        apply_rule(variant, x, buf, g, 0.1, 0.9, first=k == 0)
    torch.testing.assert_close(got, x, rtol=1e-12, atol=1e-12)
    # by hand: in place, every step after the first is 2*mu*lr*g with no memory of earlier gradients
    if not set_to_none:
        expected = x0 - 0.1 * grads[0] - sum(2 * 0.9 * 0.1 * g for g in grads[1:])
        torch.testing.assert_close(got, expected, rtol=1e-12, atol=1e-12)


# --- seed 003 -------------------------------------------------------------------------------------

def test_article_manual_momentum_equals_torch_momentum():
    """The article's hand-written loop and torch.optim.SGD(momentum=0.9): same seed, same numbers."""
    runs = {}
    for variant in ("manual", "torch", "sgd"):
        problem, gen = make_problem(3)
        losses, model = train_reference(problem, gen, variant, epochs=2)
        runs[variant] = losses, torch.cat([p.detach().ravel() for p in model.parameters()])
    torch.testing.assert_close(runs["manual"][0], runs["torch"][0], rtol=1e-5, atol=0)
    torch.testing.assert_close(runs["manual"][1], runs["torch"][1], rtol=1e-5, atol=1e-8)
    # the comparison can tell rules apart: plain SGD's weights end elsewhere
    moved_momentum = (runs["torch"][1] - runs["sgd"][1]).abs().max()
    assert moved_momentum > 100 * (runs["manual"][1] - runs["torch"][1]).abs().max()


def _first_layer_state(model, X):
    """P = [X, 1] W of the reference model, comparable to train_gram's P."""
    lin = model[0]
    return torch.addmm(lin.bias.detach(), X, lin.weight.detach().T)


def test_gram_trainer_equals_article_loop_in_float64():
    """In float64, losses, first-layer pre-activations and head of train_gram match nn.Module + optim.SGD,
    the article's loop as it ran included (the real loop with zero_grad(set_to_none=False))."""
    variants = ("sgd", "manual", "torch", "nesterov", "article_as_run", "sgd_effective_lr")
    problem, gen = make_problem(5)
    problem = Problem(*(t.double() for t in problem))
    state = train_gram(problem, gen, variants, epochs=2)
    P0 = torch.addmm(problem.b1, problem.X, problem.w1.T)
    head0 = torch.cat([problem.w2.ravel(), problem.b2])
    for j, variant in enumerate(variants):
        _, gen = make_problem(5)
        losses, model = train_reference(problem, gen, variant, epochs=2)
        assert (state.step_loss[j] - losses).abs().max() < 1e-12
        # relative to how far training moved them, so the check is sensitive to the update rule
        moved = _first_layer_state(model, problem.X) - P0
        assert (state.P[j] - P0 - moved).norm() < 1e-6 * moved.norm()
        head = torch.cat([model[2].weight.detach().ravel(), model[2].bias.detach()])
        assert (state.head[j] - head).norm() < 1e-6 * (head - head0).norm()
    # the comparison tells the article's loop as it ran from momentum and from plain SGD
    k = {v: j for j, v in enumerate(variants)}
    for other in ("manual", "sgd", "sgd_effective_lr"):
        assert (state.step_loss[k["article_as_run"]] - state.step_loss[k[other]]).abs().max() > 1e-6


def test_gram_trainer_losses_match_article_loop_in_float32():
    # float32 states are not compared: a step moves P by ~1e-7, near float32's resolution of P, so both
    # runs' states carry rounding of the same order (checked against float64 in the test above)
    variants = ("sgd", "torch", "nesterov")
    problem, gen = make_problem(6)
    state = train_gram(problem, gen, variants, epochs=2)
    for j, variant in enumerate(variants):
        _, gen = make_problem(6)
        losses, _ = train_reference(problem, gen, variant, epochs=2)
        assert (state.step_loss[j] - losses).abs().max() < 1e-6


def test_seed003_is_deterministic_and_keeps_manual_equal_to_torch():
    kwargs = dict(epochs=1, seed=4, device="cpu")
    a, b = run_seed003(**kwargs), run_seed003(**kwargs)
    assert np.array_equal(a["step_loss"], b["step_loss"]) and np.array_equal(a["epoch_loss"], b["epoch_loss"])
    other = run_seed003(epochs=1, seed=5, device="cpu", variants=("sgd",))
    assert not np.array_equal(other["step_loss"][0], a["step_loss"][0])
    names = list(a["variants"])
    assert names == ["sgd", "manual", "torch", "nesterov", "article_as_run", "sgd_effective_lr"]
    assert a["step_loss"].shape == (6, 16) and a["epoch_loss"].shape == (6, 1)
    np.testing.assert_allclose(a["step_loss"][1], a["step_loss"][2], rtol=1e-5, atol=0)
    np.testing.assert_allclose(a["epoch_loss"][:, 0], a["step_loss"].mean(1), rtol=1e-6)


# --- digits ---------------------------------------------------------------------------------------

def test_digits_momentum_lowers_loss_faster():
    result = run_digits(epochs=4, seeds=2, seed=10, device="cpu")
    assert list(result["variants"]) == ["sgd", "momentum", "sgd_effective_lr"]
    assert result["train_loss"].shape == (3, 2, 4) and result["test_acc"].shape == (3, 2, 4)
    sgd, mom, eff = result["train_loss"]
    assert np.all(eff < sgd)  # a ten times larger step also goes faster than lr 0.01
    assert np.all(mom < sgd)
    assert np.all(result["test_acc"][1, :, -1] > result["test_acc"][0, :, -1])
    assert np.all((result["test_acc"] >= 0) & (result["test_acc"] <= 1))
    again = run_digits(epochs=4, seeds=2, seed=10, device="cpu")
    assert np.array_equal(again["train_loss"], result["train_loss"])


# --- files and devices ----------------------------------------------------------------------------

def test_save_load_round_trip_and_failed_write_leaves_nothing(tmp_path):
    result = {"variants": np.array(["sgd", "torch"]), "epoch_loss": np.arange(6, dtype=np.float32).reshape(2, 3),
              "meta": {"experiment": "x", "settings": {"epochs": 3}}}
    path = save_traces(tmp_path / "t.npz", result, "cmd --flag")
    back = load_traces(path)
    assert list(back["variants"]) == ["sgd", "torch"]
    assert np.array_equal(back["epoch_loss"], result["epoch_loss"])
    assert back["meta"] == {"experiment": "x", "settings": {"epochs": 3}, "command": "cmd --flag"}
    with pytest.raises(RuntimeError):
        with atomic_output(tmp_path / "u.npz") as fh:
            fh.write(b"partial")
            raise RuntimeError
    assert sorted(os.listdir(tmp_path)) == ["t.npz"]



def test_interrupt_just_after_the_temporary_file_is_made_leaves_nothing(tmp_path, monkeypatch):
    real_open = os.open

    def open_then_interrupt(*args, **kwargs):
        real_open(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "open", open_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        with atomic_output(tmp_path / "u.npz"):
            pass
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []
    # the file made in its place is normal, with the umask applied, once renamed
    with atomic_output(tmp_path / "v.npz") as fh:
        fh.write(b"x")
    mask = os.umask(0)
    os.umask(mask)
    assert os.stat(tmp_path / "v.npz").st_mode & 0o777 == 0o666 & ~mask

def test_device_resolution():
    assert resolve_device("cpu") == torch.device("cpu")
    assert resolve_device("auto").type in ("cuda", "mps", "cpu")
    with pytest.raises(DeviceUnavailable):
        resolve_device("tpu")
    if not torch.cuda.is_available():
        with pytest.raises(DeviceUnavailable):
            resolve_device("cuda")


# --- command line ---------------------------------------------------------------------------------

def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "sim.training", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})


BAD_ARGS = [
    ["--experiment", "mnist"],
    ["--experiment", "seed003", "--epochs", "0"],
    ["--experiment", "seed003", "--epochs", "1e9"],
    ["--experiment", "digits", "--epochs", "1000000000"],
    ["--experiment", "digits", "--epochs", "2.5"],
    ["--experiment", "seed003", "--device", "tpu"],
]
if not torch.cuda.is_available():
    BAD_ARGS.append(["--experiment", "seed003", "--device", "cuda"])


@pytest.mark.parametrize("args", BAD_ARGS, ids=lambda a: " ".join(a[1:]))
def test_cli_rejects_bad_input(tmp_path, args):
    proc = _cli(*args, "--out", str(tmp_path / "out.npz"), cwd=tmp_path)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert os.listdir(tmp_path) == []


def test_cli_rejects_unwritable_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    proc = _cli("--experiment", "digits", "--epochs", "1", "--out", str(blocker / "out.npz"), cwd=tmp_path)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert os.listdir(tmp_path) == ["file"]


def test_cli_writes_traces_and_records_the_command(tmp_path):
    proc = _cli("--experiment", "digits", "--epochs", "2", "--seeds", "1", "--out", "d.npz", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "d.npz"
    assert os.listdir(tmp_path) == ["d.npz"]
    data = load_traces(tmp_path / "d.npz")
    assert data["meta"]["command"] == "python -m sim.training --experiment digits --epochs 2 --seeds 1 --out d.npz"
    assert data["train_loss"].shape == (3, 1, 2)


@pytest.mark.alone
def test_cli_interrupt_exits_130_and_leaves_nothing(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "sim.training", "--experiment", "seed003", "--epochs", "5000",
                             "--out", "s.npz"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    while not os.listdir(tmp_path) and time.monotonic() < deadline:  # the temporary file marks the run
        time.sleep(0.05)
    assert os.listdir(tmp_path), "the run never started writing"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "Traceback" not in err.decode()
    assert os.listdir(tmp_path) == []


# --- shipped traces -------------------------------------------------------------------------------

def test_shipped_seed003_traces():
    data = load_traces(TRACES / "seed003.npz")
    assert list(data["variants"]) == ["sgd", "manual", "torch", "nesterov", "article_as_run", "sgd_effective_lr"]
    assert data["epoch_loss"].shape == (6, 2000) and data["step_loss"].shape == (6, 32000)
    assert data["step_loss"].dtype == np.float32
    meta = data["meta"]
    assert meta["command"].startswith("python -m sim.training --experiment seed003")
    assert meta["settings"]["epochs"] == 2000 and meta["settings"]["lr"] == 1e-5
    np.testing.assert_allclose(data["epoch_loss"], data["step_loss"].reshape(6, 2000, 16).mean(-1), rtol=1e-5)
    # the hand-written rule is torch's momentum bit for bit (same weights, batches and arithmetic)
    assert np.array_equal(data["step_loss"][1], data["step_loss"][2])
    assert np.all(np.isfinite(data["step_loss"]))
    # the first step of every variant sees the same weights and batch
    assert np.all(data["step_loss"][:, 0] == data["step_loss"][0, 0])
    # the file's first epoch is reproduced by the code
    again = run_seed003(epochs=1, seed=meta["settings"]["seed"], device="cpu")
    np.testing.assert_allclose(again["step_loss"], data["step_loss"][:, :16], rtol=1e-5)


def test_shipped_digits_traces_show_momentum_ahead():
    data = load_traces(TRACES / "digits.npz")
    assert list(data["variants"]) == ["sgd", "momentum", "sgd_effective_lr"]
    n_seeds, epochs = data["meta"]["settings"]["seeds"], data["meta"]["settings"]["epochs"]
    assert data["train_loss"].shape == data["test_acc"].shape == (3, n_seeds, epochs)
    assert n_seeds >= 3 and len(data["seeds"]) == n_seeds
    assert data["meta"]["command"].startswith("python -m sim.training --experiment digits")
    sgd, mom, eff = data["train_loss"]
    assert np.all(mom < sgd)
    assert np.all(data["test_acc"][1, :, -1] > data["test_acc"][0, :, -1])
    # plain SGD at lr/(1 - beta) = 0.1 ends where momentum at 0.01 does: within 5% on the seed mean
    assert abs(eff[:, -1].mean() / mom[:, -1].mean() - 1) < 0.05
    assert math.isclose(data["test_acc"].max(), 1.0, abs_tol=0.1)
    first = int(data["seeds"][0])
    again = run_digits(epochs=2, seeds=1, seed=first, device="cpu")
    np.testing.assert_allclose(again["train_loss"], data["train_loss"][:, :1, :2], rtol=1e-5)
    np.testing.assert_allclose(again["test_acc"], data["test_acc"][:, :1, :2])
