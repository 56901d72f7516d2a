"""How fast is sim.sweep? Heavy ball on a 2-D quadratic, 10⁷ runs × 100 steps by default.

(a) the whole sweep in this process (no Dask) and on a LocalCluster of 2 worker processes (one thread
    each), timed in turn, best of each: the speed-up (target ≥ 1.7 on 2 free cores);
    A multiprocessing.Pool of as many processes, on the same chunks in the same rounds, shows what the
    machine's cores give at that moment (on a shared machine, less than their number);
(b) one chunk: the sweep's kernel (the swept lr and momentum as arrays, the reducer online) against
    simulate() on the same runs with scalar lr and momentum (all positions kept): the kernel's cost per
    run relative to simulate's (target ≤ 1.5).

The grid is lr × momentum (100 × 100 by default) × starts; every run is reduced to its final loss.
Cluster start-up is not timed (a small sweep warms the workers first).

    python benchmarks/sweep.py [--runs 10000000] [--steps 100] [--chunk 100000] [--workers 2] [--repeats 2]
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import time

import numpy as np

import sim
from sim.landscapes import Quadratic
from sim.sweep.kernel import run_chunk
from sim.sweep.grid import make_plan

HESSIAN = np.array([[3.0, 1.0], [1.0, 2.0]])


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10_000_000)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--chunk", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=2, help="rounds of (in-process, cluster), timed in turn")
    ap.add_argument("--points", type=int, default=100, help="values of lr and of momentum (default 100)")
    a = ap.parse_args()
    land = Quadratic(HESSIAN)
    n_starts = max(1, a.runs // (a.points * a.points))
    starts = np.random.default_rng(0).uniform(-3, 3, (n_starts, 2))
    grid = {"lr": np.linspace(0.01, 0.5, a.points), "momentum": np.linspace(0.0, 0.95, a.points)}
    runs = a.points * a.points * n_starts
    print(f"{runs:.3g} runs x {a.steps} steps, chunks of {a.chunk}, {os.cpu_count()} cores seen")

    # (b) one chunk: kernel against simulate
    plan = make_plan(land, starts, "SGD", grid, a.steps, "final_loss", chunk=a.chunk)
    task = plan.task(*plan.chunk_at(0))
    chunk_starts = np.asarray(task["starts"])[np.arange(a.chunk) % n_starts]
    t_kernel = min(timed(lambda: run_chunk(task))[0] for _ in range(2))
    opt = sim.SGD(0.1, momentum=0.9)
    t_sim = min(timed(lambda: sim.simulate(land, chunk_starts, opt, a.steps))[0] for _ in range(2))
    per_k, per_s = t_kernel / a.chunk, t_sim / a.chunk
    print(f"one chunk of {a.chunk} runs: kernel {t_kernel:.3f} s ({per_k * 1e9 / a.steps:.1f} ns per run-step), "
          f"simulate {t_sim:.3f} s ({per_s * 1e9 / a.steps:.1f} ns per run-step); "
          f"kernel / simulate = {t_kernel / t_sim:.2f} (target <= 1.5)")

    # (a) the whole sweep here and on the cluster, timed in turn (a change in the machine's load weighs on both)
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        sim.sweep(land, starts[:1], "SGD", {"lr": grid["lr"][:2], "momentum": 0.5}, 5, "final_loss", client=client)
        tasks = [plan.task(*plan.chunk_at(i)) for i in range(plan.n_chunks)]
        t_here, t_there, t_pool = [], [], []
        with multiprocessing.get_context("spawn").Pool(a.workers) as pool:
            pool.map(run_chunk, tasks[: a.workers], chunksize=1)  # start-up, not timed
            for _ in range(a.repeats):
                dt, here = timed(lambda: sim.sweep(land, starts, "SGD", grid, a.steps, "final_loss", chunk=a.chunk))
                t_here.append(dt)
                dt, there = timed(lambda: sim.sweep(land, starts, "SGD", grid, a.steps, "final_loss",
                                                    client=client, chunk=a.chunk))
                t_there.append(dt)
                assert np.array_equal(here.values, there.values, equal_nan=True)
                t_pool.append(timed(lambda: pool.map(run_chunk, tasks, chunksize=1))[0])
    best_here, best_there = min(t_here), min(t_there)
    speedup = best_here / best_there
    print(f"in-process: {', '.join(f'{t:.2f}' for t in t_here)} s; best {best_here / runs * 1e6:.3f} us per run")
    print(f"LocalCluster, {a.workers} workers: {', '.join(f'{t:.2f}' for t in t_there)} s; "
          f"best {best_there / runs * 1e6:.3f} us per run")
    print(f"speed-up {speedup:.2f}x best against best (target >= {0.85 * a.workers:.2f}), "
          f"efficiency {speedup / a.workers:.0%}; the same values bit for bit")
    pool_speedup = best_here / min(t_pool)
    print(f"what {a.workers} processes get on this machine now: multiprocessing.Pool on the same chunks "
          f"{', '.join(f'{t:.2f}' for t in t_pool)} s, speed-up {pool_speedup:.2f}x; "
          f"Pool time / Dask time = {min(t_pool) / best_there:.2f}")


if __name__ == "__main__":
    main()
