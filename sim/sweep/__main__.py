"""python -m sim.sweep: run a sweep from the shell.

    python -m sim.sweep --landscape ravine --set kappa=10,100,1000 --grid lr=0.001:0.2:50 \\
        --grid momentum=0:0.99:50 --starts 1000 --steps 500 --reduce rate --out sweep.npz

``--set KEY=V`` fixes an argument, ``--set KEY=V1,V2,…`` sweeps its values, ``--grid KEY=START:STOP:NUM``
sweeps NUM evenly spaced values (axes in the order given). ``--starts N``: N starts drawn uniformly in the
landscape's plotting window (``--seed``); ``--starts default``: the landscape's own start. Without
``--scheduler`` (or ``DASK_SCHEDULER_ADDRESS``) and ``--workers`` it runs in this process.

Exit codes: 0 done; 1 a chunk failed (the others are kept) or the scheduler is unreachable;
2 bad input; 130 interrupted. Progress goes to stderr on long sweeps; the output's path, or without
``--out`` a summary, to stdout.
"""
from __future__ import annotations

import argparse
import logging
import math
import os
import sys

import numpy as np

from .files import check_out, shown
from .grid import DEFAULT_CHUNK, LANDSCAPES, OPTIMIZERS, SweepError, _landscape, _names, memory_budget
from .reduce import REDUCERS


MAX_AXIS = 10_000_000  # values on one --grid axis


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        self.exit(2, f"error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m sim.sweep", allow_abbrev=False,
                description="Sweep an optimizer over a grid of arguments and starts; keep one number per run.")
    p.add_argument("--landscape", default="ravine", help=f"{', '.join(LANDSCAPES)}, or a formula in x, y")
    p.add_argument("--optimizer", default="SGD", choices=tuple(OPTIMIZERS))
    p.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=V[,V...]",
                   help="fix an argument, or sweep a list of values")
    p.add_argument("--grid", dest="grids", action="append", default=[], metavar="KEY=START:STOP:NUM",
                   help="sweep NUM evenly spaced values from START to STOP")
    p.add_argument("--starts", default="100", help="number of random starts, or 'default' (default: 100)")
    p.add_argument("--seed", type=int, default=0, help="seed of the random starts (default: 0)")
    p.add_argument("--steps", type=int, default=500)
    p.add_argument("--reduce", choices=REDUCERS, default="final_loss")
    p.add_argument("--target", type=float, help="loss gap for first_below and stays_below")
    p.add_argument("--chunk", type=int, default=DEFAULT_CHUNK, help=f"runs per task (default: {DEFAULT_CHUNK})")
    p.add_argument("--out", help="output .npz (values written to disk as they arrive)")
    p.add_argument("--scheduler", default=os.environ.get("DASK_SCHEDULER_ADDRESS") or None,
                   help="Dask scheduler address, tcp://HOST:PORT (default: $DASK_SCHEDULER_ADDRESS)")
    p.add_argument("--workers", type=int, help="start a local Dask cluster of N worker processes")
    p.add_argument("--connect-timeout", type=float, default=10.0, help="seconds to reach the scheduler")
    return p


def _number(key: str, text: str):
    low = text.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    try:
        value = float(low)
    except ValueError:
        raise SweepError(f"{key}: {text!r} is not a number") from None
    return int(value) if value.is_integer() and "." not in low and "e" not in low else value


def _split(item: str, option: str) -> tuple[str, str]:
    key, sep, text = item.partition("=")
    if not sep or not key.strip() or not text.strip():
        raise SweepError(f"{option} expects KEY=VALUE, not {item!r}")
    return key.strip(), text.strip()


def parse_grid(sets: list[str], grids: list[str]) -> dict:
    """``--set`` and ``--grid`` items into a sweep grid, in the order given (sets first)."""
    grid: dict = {}
    for item in sets:
        key, text = _split(item, "--set")
        values = [_number(key, v) for v in text.split(",")] if "," in text else _number(key, text)
        grid[key] = values
    for item in grids:
        key, text = _split(item, "--grid")
        parts = text.split(":")
        if len(parts) != 3:
            raise SweepError(f"--grid {key}: expected START:STOP:NUM, not {text!r}")
        start, stop = (float(_number(key, v)) for v in parts[:2])
        num = _number(key, parts[2])
        if isinstance(num, bool) or not isinstance(num, int) or num < 1:
            raise SweepError(f"--grid {key}: NUM must be a whole number of at least 1, not {parts[2][:40]!r}")
        if num > MAX_AXIS:
            raise SweepError(f"--grid {key}: NUM may be at most {MAX_AXIS:,}, not {num:,}")
        if not (math.isfinite(start) and math.isfinite(stop)):
            raise SweepError(f"--grid {key}: START and STOP must be finite numbers")
        grid[key] = np.linspace(start, stop, num)
    return grid


def _starts(text: str, seed: int, landscape: str, grid: dict) -> np.ndarray:
    land, _ = _landscape(landscape)
    if not hasattr(land, "bounds"):  # a factory: the window of its first swept combination
        kwargs = {k: (v[0] if isinstance(v, (list, np.ndarray)) else v) for k, v in grid.items()
                  if k in _names(land)}
        try:
            land = land(**kwargs)
        except (TypeError, ValueError) as exc:
            raise SweepError(f"{landscape}: {exc}") from None
    if text == "default":
        return np.asarray(land.start, dtype=np.float64)[None]
    try:
        n = int(text)
    except ValueError:
        raise SweepError(f"--starts: a number of runs or 'default', not {text!r}") from None
    if n < 1:
        raise SweepError(f"--starts must be at least 1, not {n}")
    if n * land.dim * 8 > memory_budget():
        raise SweepError(f"--starts {n:,}: the start points alone need {n * land.dim * 8 / 2**30:.1f} GiB, "
                         "more than half the memory available")
    lo, hi = np.array(land.bounds, dtype=np.float64).T
    return np.random.default_rng(seed).uniform(lo, hi, (n, land.dim))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from . import run

    logging.getLogger("distributed").setLevel(logging.CRITICAL)  # its connection retries are not news
    cluster = client = None
    try:
        if args.seed < 0:
            raise SweepError(f"--seed must be 0 or more, not {args.seed}")
        grid = parse_grid(args.sets, args.grids)
        starts = _starts(args.starts, args.seed, args.landscape, grid)
        if args.workers is not None and args.scheduler:
            raise SweepError("give --scheduler or --workers, not both")
        if args.workers is not None and not 1 <= args.workers <= 256:
            raise SweepError(f"--workers must be from 1 to 256, not {args.workers}")
        check_out(args.out)
        run.check_connection(args.scheduler, args.connect_timeout)
        plan_only = run.make_plan(args.landscape, starts, args.optimizer, grid, args.steps, args.reduce,
                                  args.target, args.chunk)  # bad input fails here, before any cluster starts
        del plan_only
        if args.workers or args.scheduler:
            dd = run.distributed()
        if args.workers:
            Client, LocalCluster = dd.Client, dd.LocalCluster
            cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0")
            client = Client(cluster)
        result = run.sweep(args.landscape, starts, args.optimizer, grid, args.steps, args.reduce,
                           client or args.scheduler, chunk=args.chunk, target=args.target, out=args.out,
                           progress=True, connect_timeout=args.connect_timeout)
    except SweepError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except run.SchedulerUnreachable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the disk filled, the folder went away mid-sweep: nothing was written
        where = f" ({shown(exc.filename)})" if exc.filename else ""
        print(f"error: the sweep could not write its result: {exc.strerror or exc}{where}; nothing was written",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; nothing was written" if args.out else "interrupted", file=sys.stderr)
        return 130
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    for f in result.failures:
        print(f"chunk {f['chunk']} failed ({f['landscape'] or 'runs'} {f['runs'][0]}..{f['runs'][1] - 1}): "
              f"{f['error']}", file=sys.stderr)
    if args.out:
        print(args.out)
    else:
        v = np.asarray(result.values)
        finite = v[np.isfinite(v)]
        stats = (f"min {finite.min():.6g}, median {np.median(finite):.6g}, max {finite.max():.6g}"
                 if finite.size else "no finite values")
        axes = ", ".join(f"{d} {n}" for d, n in zip(result.dims, v.shape))
        print(f"{args.reduce} over {axes}: {stats}; {v.size - finite.size} not finite")
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
