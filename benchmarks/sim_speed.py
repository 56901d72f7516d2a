"""How fast is simulate()? Heavy ball on a 2-D quadratic, three ways; then Adam.

(a) simulate() on all start points at once;
(b) a plain Python loop over runs, calling simulate() on one start point at a
    time (timed on a subset and extrapolated linearly);
(c) torch.optim.SGD on one batched float64 CPU tensor, with .grad set each step
    from the closed-form gradient (no autograd), recording the positions;
(d) simulate() with Adam on all start points at once;
(e) torch.optim.Adam on one batched tensor, as (c);
(f) the Adam updates alone, sim's update() against torch's opt.step(), with a
    fixed gradient and nothing recorded: what (d) and (e) spend beyond this is
    the landscape and the records.

    python benchmarks/sim_speed.py [--runs 10000] [--steps 1000] [--loop-runs 100] [--torch-threads 1]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from sim import SGD, Adam, simulate
from sim.landscapes import Quadratic

LR, MOMENTUM = 0.05, 0.9
ADAM_LR = 0.05
HESSIAN = np.array([[3.0, 1.0], [1.0, 2.0]])


def best_of(repeats: int, fn) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def best_of_pair(repeats: int, fn_a, fn_b) -> tuple[float, float]:
    """Best times of two functions timed in turn, so that a change in the
    machine's load during the run weighs on both alike."""
    times_a, times_b = [], []
    for _ in range(repeats):
        times_a.append(best_of(1, fn_a))
        times_b.append(best_of(1, fn_b))
    return min(times_a), min(times_b)


def run_torch(starts: np.ndarray, steps: int, adam: bool = False) -> np.ndarray:
    import torch

    A = torch.tensor(HESSIAN)
    param = torch.tensor(starts, requires_grad=True)
    if adam:
        opt = torch.optim.Adam([param], lr=ADAM_LR)
    else:
        opt = torch.optim.SGD([param], lr=LR, momentum=MOMENTUM)
    positions = torch.empty((steps + 1,) + param.shape, dtype=torch.float64)
    positions[0] = param.detach()
    for k in range(1, steps + 1):
        with torch.no_grad():
            param.grad = param @ A  # ∇ of Σ ½ xᵀ A x, row by row
        opt.step()
        positions[k] = param.detach()
    return positions.numpy()


def updates_alone(starts: np.ndarray, steps: int) -> tuple[float, float]:
    """Best times of ``steps`` Adam updates in sim and in torch, timed in turn."""
    import torch

    grad = starts @ HESSIAN
    adam = Adam(lr=ADAM_LR)

    def ours():
        x, state = starts, adam.init(starts)
        for _ in range(steps):
            x, state = adam.update(grad, state, x)

    def theirs():
        param = torch.tensor(starts, requires_grad=True)
        opt = torch.optim.Adam([param], lr=ADAM_LR)
        param.grad = torch.tensor(grad)
        for _ in range(steps):
            opt.step()

    return best_of_pair(3, ours, theirs)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=1_000)
    parser.add_argument("--loop-runs", type=int, default=100, help="runs timed for the loop, then extrapolated")
    parser.add_argument("--repeats", type=int, default=3, help="best of this many timings for (a), (c), (d) and (e)")
    parser.add_argument(
        "--torch-threads", type=int, default=1, help="torch intra-op threads (numpy runs on one)"
    )
    args = parser.parse_args(argv)

    landscape = Quadratic(HESSIAN)
    optimizer = SGD(LR, momentum=MOMENTUM)
    starts = np.random.default_rng(0).uniform(-2, 2, size=(args.runs, 2))
    loop_runs = min(args.loop_runs, args.runs)

    t_sim = best_of(args.repeats, lambda: simulate(landscape, starts, optimizer, args.steps))
    adam = Adam(lr=ADAM_LR)

    def loop():
        for start in starts[:loop_runs]:
            simulate(landscape, start, optimizer, args.steps)

    t_loop = best_of(1, loop) * args.runs / loop_runs

    try:
        import torch
    except ImportError:
        torch = None
        t_adam = best_of(args.repeats, lambda: simulate(landscape, starts, adam, args.steps))
    if torch is not None:
        torch.set_num_threads(args.torch_threads)
        t_torch = best_of(args.repeats, lambda: run_torch(starts, args.steps))
        ours = simulate(landscape, starts[:100], optimizer, args.steps).positions
        theirs = run_torch(starts[:100], args.steps)
        agree = np.max(np.abs(ours - theirs))
        t_adam, t_torch_adam = best_of_pair(
            args.repeats,
            lambda: simulate(landscape, starts, adam, args.steps),
            lambda: run_torch(starts, args.steps, adam=True),
        )
        # Adam's runs end circling their minimum, where last-bit differences
        # grow; the first 100 steps are compared.
        ours = simulate(landscape, starts[:100], adam, 100).positions
        agree_adam = np.max(np.abs(ours - run_torch(starts[:100], 100, adam=True)))
        t_update, t_step = updates_alone(starts, args.steps)

    print(f"heavy ball (lr={LR}, momentum={MOMENTUM}) on a 2-D quadratic: {args.runs} runs x {args.steps} steps")
    print(f"(a) simulate, batched:         {t_sim:9.3f} s  (records positions, values, gradients, velocities)")
    print(f"(b) Python loop over runs:     {t_loop:9.3f} s  (extrapolated from {loop_runs} runs)")
    if torch is not None:
        print(
            f"(c) torch.optim.SGD, batched:  {t_torch:9.3f} s  (float64 CPU, {torch.get_num_threads()} threads, "
            ".grad set from the closed form, records positions)"
        )
    print(f"simulate vs loop:  {t_loop / t_sim:8.1f}x faster")
    if torch is not None:
        print(f"simulate vs torch: {t_torch / t_sim:8.2f}x faster  (max position difference {agree:.1e})")
    print(f"\nAdam (lr={ADAM_LR}, torch's defaults otherwise) on the same quadratic: {args.runs} runs x {args.steps} steps")
    print(f"(d) simulate, batched:         {t_adam:9.3f} s  (records positions, values, gradients, velocities)")
    if torch is not None:
        print(f"(e) torch.optim.Adam, batched: {t_torch_adam:9.3f} s  (as (c))")
        print(
            f"simulate Adam vs torch Adam: {t_torch_adam / t_adam:8.2f}x faster  "
            f"(max position difference over 100 steps {agree_adam:.1e})"
        )
        print(
            f"(f) updates alone: sim {t_update:.3f} s, torch {t_step:.3f} s: "
            f"{t_step / t_update:.2f}x faster"
        )


if __name__ == "__main__":
    main()
