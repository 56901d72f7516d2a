"""sim.sweep on a Dask LocalCluster of two worker processes: the same bits as in this process, a failed
chunk reported without losing the others, a worker killed mid-sweep retried by Dask."""
from __future__ import annotations

import os
import sys

import numpy as np
import pytest

import sim
from sim import landscapes

distributed = pytest.importorskip("dask.distributed")
import cloudpickle  # noqa: E402  (comes with dask)

cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers get this module's classes by value

STARTS = np.random.default_rng(3).uniform(-2, 2, (30, 2))
GRID = {"kappa": [10.0, 100.0], "lr": np.linspace(0.002, 0.03, 6), "momentum": np.linspace(0.0, 0.95, 5)}


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_a_sweep_on_the_cluster_equals_the_same_sweep_here(client):
    for reduce in ("rate", "first_below"):
        here = sim.sweep("ravine", STARTS, "SGD", GRID, 80, reduce, chunk=97, target=1e-3)
        there = sim.sweep("ravine", STARTS, "SGD", GRID, 80, reduce, client=client, chunk=97, target=1e-3)
        assert there.complete and there.done.all()
        assert np.array_equal(there.values, here.values, equal_nan=True)
        if reduce == "first_below":
            assert 0 < np.isfinite(here.values).mean() < 1  # some runs reach the target, not all
    address = client.scheduler.address  # an address works as well as a client
    by_address = sim.sweep("ravine", STARTS, "Adam", {"lr": [0.01, 0.1]}, 30, "final_loss", client=address, chunk=16)
    here = sim.sweep("ravine", STARTS, "Adam", {"lr": [0.01, 0.1]}, 30, "final_loss", chunk=16)
    assert np.array_equal(by_address.values, here.values)


class Trap(landscapes.Ravine):
    """A ravine that raises when a run starts at x = 99."""

    def value_and_grad(self, x):
        if np.any(x[..., 0] == 99.0):
            raise RuntimeError("trapped")
        return super().value_and_grad(x)


def test_a_failed_task_is_reported_and_the_other_chunks_kept(client, tmp_path):
    starts = STARTS.copy()
    starts[23] = [99.0, 0.0]
    res = sim.sweep(Trap(10.0), starts, "SGD", {"lr": [0.01, 0.02]}, 40, "final_loss", client=client, chunk=10,
                    out=tmp_path / "f.npz")
    clean = sim.sweep(landscapes.Ravine(10.0), starts, "SGD", {"lr": [0.01, 0.02]}, 40, "final_loss", chunk=10)
    # The block (lr, run) has 60 runs in chunks of 10: run 23 is in chunk 2 (lr 0.01) and chunk 5 (lr 0.02).
    assert [(f["chunk"], f["runs"], f["error"]) for f in res.failures] == [
        (2, [20, 30], "RuntimeError: trapped"), (5, [50, 60], "RuntimeError: trapped")]
    lost = np.zeros((2, 30), dtype=bool)
    lost[:, 20:30] = True
    assert np.array_equal(np.asarray(res.done), ~lost)
    assert np.array_equal(res.values[~lost], clean.values[~lost])
    assert np.isnan(res.values[lost]).all()


class KillOnce(landscapes.Ravine):
    """A ravine whose first use in a worker process kills that worker (once, marked by a file)."""

    def __init__(self, marker: str, parent: int):
        super().__init__(10.0)
        self.marker, self.parent = marker, parent

    def value_and_grad(self, x):
        if os.getpid() != self.parent and not os.path.exists(self.marker):
            open(self.marker, "w").close()
            os._exit(1)
        return super().value_and_grad(x)


def test_a_worker_killed_mid_sweep_is_retried_and_the_result_complete(client, tmp_path):
    marker = tmp_path / "killed"
    land = KillOnce(str(marker), os.getpid())
    pids = set(client.run(os.getpid).values())
    res = sim.sweep(land, STARTS, "SGD", {"lr": [0.01, 0.02, 0.03], "momentum": [0.5, 0.9]}, 40, "final_loss",
                    client=client, chunk=20)
    assert marker.exists()  # a worker did die
    assert set(client.run(os.getpid).values()) != pids  # and was replaced
    here = sim.sweep(land, STARTS, "SGD", {"lr": [0.01, 0.02, 0.03], "momentum": [0.5, 0.9]}, 40, "final_loss",
                     chunk=20)
    assert res.complete and res.done.all()
    assert np.array_equal(res.values, here.values)
