"""sim.sweep in this process: reducers recomputed by hand, runs equal to simulate's, chunking invisible,
bad grids refused in one line, results saved and mapped back from disk."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import sim
from sim import landscapes
from sim.sweep import SweepError, load

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]
RNG = np.random.default_rng(7)
STARTS = RNG.uniform(-2, 2, (12, 2))


def heavy_ball_losses(kappa, lr, beta, start, steps):
    """f = ½(x² + κ y²): the heavy ball z ← βz + ∇f, w ← w − αz, written out; the loss at each step."""
    lam = np.array([1.0, kappa])
    w, z = np.array(start, dtype=float), np.zeros(2)
    out = [0.5 * np.sum(lam * w * w)]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            z = beta * z + lam * w
            w = w - lr * z
            out.append(0.5 * np.sum(lam * w * w))
    return np.array(out)


GRID = {"kappa": [4.0, 30.0], "lr": [0.02, 0.05], "momentum": [0.0, 0.8]}


@pytest.mark.parametrize("target", [1e-3, 1e-8])
def test_loss_reducers_match_the_heavy_ball_written_out(target):
    res = {r: sim.sweep("ravine", STARTS, "SGD", GRID, steps=120, reduce=r, target=target)
           for r in ("final_loss", "first_below", "stays_below")}
    assert res["final_loss"].dims == ("kappa", "lr", "momentum", "run")
    assert res["final_loss"].values.shape == (2, 2, 2, 12)
    checked = 0
    for i, kappa in enumerate(GRID["kappa"]):
        for j, lr in enumerate(GRID["lr"]):
            for k, beta in enumerate(GRID["momentum"]):
                for r, start in enumerate(STARTS):
                    L = heavy_ball_losses(kappa, lr, beta, start, 120)
                    np.testing.assert_allclose(res["final_loss"].values[i, j, k, r], L[-1], rtol=1e-12, atol=1e-300)
                    below = np.flatnonzero(L <= target)
                    first = below[0] if below.size else np.nan
                    above = np.flatnonzero(L > target)
                    stays = np.nan if L[-1] > target else (above[-1] + 1 if above.size else 0)
                    np.testing.assert_equal(res["first_below"].values[i, j, k, r], first)
                    np.testing.assert_equal(res["stays_below"].values[i, j, k, r], stays)
                    checked += np.isfinite(first)
    assert checked > 10  # the targets are reached by some runs, not by all


def test_diverged_and_basin():
    lrs = [0.01, 0.3]  # on κ = 30 the heavy ball with β = 0.5 is stable for α < 3/30 = 0.1
    div = sim.sweep("ravine", STARTS, "SGD", {"kappa": 30.0, "lr": lrs, "momentum": 0.5}, steps=300,
                    reduce="diverged")
    for j, lr in enumerate(lrs):
        for r, start in enumerate(STARTS):
            L = heavy_ball_losses(30.0, lr, 0.5, start, 300)
            blew = bool(np.any(~np.isfinite(L)) or np.any(L > 1e12 * max(L[0], 1e-300)))
            assert div.values[j, r] == float(blew)
    assert div.values[0].sum() == 0 and div.values[1].sum() == len(STARTS)

    well = landscapes.DoubleWell()
    starts = RNG.uniform([-2, -1], [2, 1], (40, 2))
    basin = sim.sweep(well, starts, "SGD", {"lr": 0.02, "momentum": [0.0, 0.9]}, steps=400, reduce="basin")
    for k, beta in enumerate([0.0, 0.9]):
        for r, start in enumerate(starts):
            w, z = start.copy(), np.zeros(2)
            for _ in range(400):
                g = np.array([4 * w[0] * (w[0] ** 2 - 1) + 0.5, w[1]])
                z = beta * z + g
                w = w - 0.02 * z
            nearest = np.argmin(np.sum((well.minima - w) ** 2, axis=1))
            assert basin.values[k, r] == nearest
    assert set(np.unique(basin.values)) == {0.0, 1.0}


def test_runs_are_simulates_runs_bit_for_bit():
    """Every SGD option swept as arrays, and Adam one point at a time: the final loss is simulate's."""
    grid = {"lr": [0.01, 0.04], "momentum": [0.0, 0.9], "dampening": [0.0, 0.3], "weight_decay": [0.0, 0.1],
            "maximize": [False], "kappa": [10.0]}
    res = sim.sweep("ravine", STARTS[:3], "SGD", grid, steps=40, reduce="final_loss", chunk=5)
    land = landscapes.Ravine(10.0)
    for idx in np.ndindex(res.values.shape[:-1]):
        kw = {name: np.asarray(grid[name])[i].item() for name, i in zip(res.dims, idx)}
        kappa = kw.pop("kappa")
        assert kappa == 10.0
        t = sim.simulate(land, STARTS[:3], sim.SGD(**kw), 40)
        assert np.array_equal(res.values[idx], t.values[-1]), kw
    nest = sim.sweep(land, STARTS[:3], "SGD", {"lr": 0.03, "momentum": [0.5, 0.9], "nesterov": True},
                     steps=40, reduce="final_loss")
    for k, m in enumerate([0.5, 0.9]):
        t = sim.simulate(land, STARTS[:3], sim.SGD(0.03, momentum=m, nesterov=True), 40)
        assert np.array_equal(nest.values[k], t.values[-1])
    adam = sim.sweep(land, STARTS[:3], "Adam", {"lr": [0.01, 0.1]}, steps=40, reduce="final_loss", chunk=4)
    for j, lr in enumerate([0.01, 0.1]):
        assert np.array_equal(adam.values[j], sim.simulate(land, STARTS[:3], sim.Adam(lr), 40).values[-1])


def test_chunking_does_not_change_a_bit():
    args = ("ravine", STARTS, "SGD", GRID, 60, "rate")
    whole = sim.sweep(*args, chunk=10**6)
    for chunk in (1, 7, 13):
        assert np.array_equal(sim.sweep(*args, chunk=chunk).values, whole.values, equal_nan=True)


@pytest.mark.parametrize("grid, words", [
    ({"lr": 0.1, "speed": [1, 2]}, "unknown argument 'speed'"),
    ({"lr": []}, "'lr': the range is empty"),
    ({"lr": ["a", "b"]}, "'lr': values must be numbers"),
    ({"lr": [0.1, np.nan]}, "'lr': values must be finite"),
    ({"lr": [0.1, -1.0]}, "Invalid learning rate: -1.0"),
    ({"lr": 0.1, "kappa": [0.5, 10]}, "kappa >= 1"),
])
def test_bad_grids_are_refused_before_any_work(grid, words):
    with pytest.raises(SweepError) as err:
        sim.sweep("ravine", STARTS, "SGD", grid, steps=10, reduce="final_loss")
    assert words in str(err.value) and "\n" not in str(err.value)


def test_a_result_too_large_for_memory_needs_an_output_file(monkeypatch, tmp_path):
    monkeypatch.setattr(sim.sweep.run, "memory_budget", lambda: 1000)
    big = {"lr": np.linspace(0.01, 0.1, 20), "momentum": 0.5}
    with pytest.raises(SweepError, match="give an output file"):
        sim.sweep("ravine", STARTS, "SGD", big, steps=5, reduce="final_loss")
    res = sim.sweep("ravine", STARTS, "SGD", big, steps=5, reduce="final_loss", out=tmp_path / "big.npz")
    assert isinstance(res.values, np.memmap) and res.values.shape == (20, 12)


def test_saved_sweeps_come_back_from_disk(tmp_path):
    mem = sim.sweep("ravine", STARTS, "SGD", GRID, steps=30, reduce="final_loss", chunk=5)
    out = tmp_path / "s.npz"
    disk = sim.sweep("ravine", STARTS, "SGD", GRID, steps=30, reduce="final_loss", chunk=5, out=out)
    again = load(out)
    for res in (disk, again):
        assert isinstance(res.values, np.memmap)
        assert np.array_equal(res.values, mem.values) and res.done.all()
        assert res.dims == mem.dims and res.attrs == mem.attrs
        for name in mem.dims:
            assert np.array_equal(res.coords[name], mem.coords[name])
    assert np.array_equal(sim.sweep.store.load_starts(out), STARTS)
    assert [p.name for p in tmp_path.iterdir()] == ["s.npz"]  # no temporaries left


class Trap(landscapes.Ravine):
    """A ravine that raises when a run starts at x = 99 (to make one chunk fail)."""

    def value_and_grad(self, x):
        if np.any(x[..., 0] == 99.0):
            raise RuntimeError("trapped")
        return super().value_and_grad(x)


def test_a_failed_chunk_is_reported_and_the_others_kept(tmp_path):
    starts = STARTS.copy()
    starts[7] = [99.0, 0.0]
    out = tmp_path / "f.npz"
    res = sim.sweep(Trap(10.0), starts, "SGD", {"lr": 0.05}, steps=20, reduce="final_loss", chunk=5, out=out)
    good = sim.sweep(landscapes.Ravine(10.0), starts, "SGD", {"lr": 0.05}, steps=20, reduce="final_loss", chunk=5)
    assert [(f["chunk"], f["runs"]) for f in res.failures] == [(1, [5, 10])]
    assert res.failures[0]["error"] == "RuntimeError: trapped"
    assert list(res.done) == [i not in range(5, 10) for i in range(12)]
    assert np.array_equal(res.values[res.done], good.values[res.done])
    assert np.isnan(res.values[~res.done]).all()


def _cli(*argv, timeout=60):
    return subprocess.run([sys.executable, "-m", "sim.sweep", *argv], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout)


@pytest.mark.parametrize("argv, words", [
    (["--grid", "foo=1:2:3"], "unknown argument 'foo'"),
    (["--grid", "lr=0.1:0.2:0"], "NUM must be a whole number"),
    (["--grid", "lr=0.1:x:3"], "'x' is not a number"),
    (["--set", "lr=0.1", "--grid", "momentum=0:0.9:100000", "--starts", "100000"], "give an output file"),
    (["--set", "lr=0.1", "--reduce", "first_below"], "needs a finite target"),
])
def test_cli_bad_input_is_one_line_and_exit_2(argv, words):
    p = _cli(*argv)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.count("\n") == 1 and words in p.stderr


def test_cli_unreachable_scheduler_names_the_address():
    p = _cli("--set", "lr=0.1", "--scheduler", "tcp://127.0.0.1:9", "--connect-timeout", "1")
    assert p.returncode == 1 and p.stderr.count("\n") == 1
    assert "tcp://127.0.0.1:9" in p.stderr and "Traceback" not in p.stderr


def test_cli_writes_the_sweep(tmp_path):
    out = tmp_path / "cli.npz"
    p = _cli("--landscape", "ravine", "--set", "kappa=10,100", "--grid", "lr=0.001:0.02:3",
             "--grid", "momentum=0:0.9:2", "--starts", "5", "--steps", "50", "--reduce", "rate", "--out", str(out))
    assert p.returncode == 0 and p.stdout.strip() == str(out)
    res = load(out)
    assert res.dims == ("kappa", "lr", "momentum", "run") and res.values.shape == (2, 3, 2, 5)
    np.testing.assert_array_equal(res.coords["lr"], np.linspace(0.001, 0.02, 3))
    starts = np.random.default_rng(0).uniform([-3, -1.5], [3, 1.5], (5, 2))  # the ravine's window, seed 0
    again = sim.sweep("ravine", starts, "SGD", {"kappa": [10, 100], "lr": np.linspace(0.001, 0.02, 3),
                                                "momentum": np.linspace(0, 0.9, 2)}, steps=50, reduce="rate")
    assert np.array_equal(res.values, again.values)


@pytest.mark.alone
def test_cli_ctrl_c_writes_nothing_and_leaves_no_temporaries(tmp_path):
    import signal
    import time

    out = tmp_path / "big.npz"
    proc = subprocess.Popen([sys.executable, "-m", "sim.sweep", "--grid", "lr=0.001:0.2:100", "--grid",
                             "momentum=0:0.99:100", "--starts", "200", "--steps", "300", "--chunk", "20000",
                             "--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(tmp_path.iterdir()):
        time.sleep(0.1)  # until the sweep has its temporary values file
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130 and stdout == ""
    assert stderr.splitlines()[-1] == "interrupted; nothing was written"
    assert list(tmp_path.iterdir()) == []
