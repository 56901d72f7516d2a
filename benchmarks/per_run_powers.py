"""What do per-run betas cost? Adam with one beta1 per run, its bias corrections 1 - beta**t taken with
C's pow once per distinct (beta, step) pair (sim.libm.power, the same bits as a run alone on every CPU),
against the baseline of numpy's float64 power on the whole per-run array (the same arithmetic, but not
correctly rounded on AVX-512 CPUs). Both timed in this run, best of --repeats; prints the ratio.

    python benchmarks/per_run_powers.py [--runs 100000] [--steps 100] [--betas 100] [--repeats 3]
"""
from __future__ import annotations

import argparse
import time

import numpy as np

import sim.libm
from sim import Adam, simulate
from sim.landscapes import Quadratic


def numpy_power(base, exponent, base_distinct=None):
    return base**exponent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=100_000)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--betas", type=int, default=100, help="distinct beta1 values among the runs")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    beta1 = rng.choice(np.linspace(0.0, 0.99, args.betas), args.runs)
    beta2 = np.full(args.runs, 0.999)
    lr = rng.choice(np.geomspace(1e-3, 1.0, 100), args.runs)
    start = rng.normal(size=(args.runs, 2))
    landscape = Quadratic([[3.0, 1.0], [1.0, 2.0]])
    libm_power = sim.libm.power
    best = {"libm pow": float("inf"), "numpy power": float("inf")}
    for _ in range(args.repeats):
        for name, power in (("libm pow", libm_power), ("numpy power", numpy_power)):
            sim.libm.power = power
            t0 = time.perf_counter()
            simulate(landscape, start, Adam(lr, betas=(beta1, beta2)), args.steps)
            best[name] = min(best[name], time.perf_counter() - t0)
    sim.libm.power = libm_power
    print(f"Adam, {args.runs} runs x {args.steps} steps, {args.betas} distinct beta1 values, best of {args.repeats}:")
    for name, seconds in best.items():
        print(f"  {name:12s} {seconds:7.3f} s")
    print(f"  ratio libm pow / numpy power: {best['libm pow'] / best['numpy power']:.2f}")


if __name__ == "__main__":
    main()
