"""Run a sweep's chunks in this process or on a Dask cluster, and gather their values as they arrive.

Dask is imported only when a client or a scheduler address is given. Each task carries its chunk's
description and the start points it uses (at most ``chunk × dim`` floats) and returns ``chunk`` floats:
no trajectories cross the wire. At most a few tasks per worker thread are in flight, so a sweep of
10⁸ runs does not put 1000 futures on the scheduler at once. A task that raises is recorded in the
result's ``failures`` and the other chunks go on; a task whose worker dies is run again by Dask.
"""
from __future__ import annotations

import math
import re
import shutil
import sys
import time
import uuid

import numpy as np

from sim.extras import install_hint

from .grid import DEFAULT_CHUNK, Plan, SweepError, make_plan, memory_budget
from .files import check_out, shown
from .kernel import run_chunk
from .store import Buffer, SweepResult, load, save


class SchedulerUnreachable(ConnectionError):
    """The Dask scheduler named could not be reached."""


def sweep(landscape, starts, optimizer, grid: dict, steps: int, reduce: str, client=None, *,
          chunk: int = DEFAULT_CHUNK, target: float | None = None, out=None, progress: bool | None = None,
          connect_timeout: float = 10.0) -> SweepResult:
    """Run ``optimizer`` on ``landscape`` from every start, for every point of ``grid``; keep ``reduce``.

    ``landscape``: a Landscape, a name (``"ravine"``, …, see ``grid.LANDSCAPES``), a formula, or a factory
    whose keyword arguments may be swept. ``optimizer``: a name (``"SGD"``, ``"Adam"``, …) or a factory.
    ``grid``: argument name → a 1-D list of values (an axis) or a scalar (fixed); each name goes to the
    landscape or the optimizer, whichever takes it. ``starts``: ``(runs, dim)``. ``reduce``: one of
    ``REDUCERS`` (``target`` for first_below and stays_below). ``client``: None (this process), a
    ``dask.distributed.Client``, or a scheduler address. ``out``: an ``.npz`` path; the values then go to
    disk as they arrive and the returned result maps them from the file. ``progress``: show progress over
    the chunks once the sweep has run two seconds (None, the default: only in a notebook, as a tqdm bar).

    Raises SweepError for bad arguments (before any work) and SchedulerUnreachable.
    """
    out = check_out(out)
    check_connection(client, connect_timeout)
    if client is not None:
        distributed()
    progress = in_notebook() if progress is None else bool(progress)
    plan = make_plan(landscape, starts, optimizer, grid, steps, reduce, target, chunk)
    need = plan.size * 9  # float64 values and a bool done mask
    if out is None and need > memory_budget():
        raise SweepError(f"the result needs {need / 2**30:.1f} GiB, more than half the memory available; "
                         "give an output file (out=…, --out FILE.npz) to keep it on disk")
    if out is not None and 2 * need > shutil.disk_usage(out.parent).free:
        raise SweepError(f"the result needs {2 * need / 2**30:.1f} GiB on disk while it is written, "
                         f"more than {shown(out.parent)} has free")
    buf = Buffer(plan.shape, out)
    try:
        failures = _execute(plan, buf, client, progress, connect_timeout)
        result = SweepResult(buf.values, plan.dims, _coords(plan), _attrs(plan), buf.done, failures)
        if out is None:
            return result
        save(out, result, plan.starts)
    finally:
        buf.close()
    return load(out)


def _coords(plan: Plan) -> dict[str, np.ndarray]:
    return {**{n: v for n, v in plan.axes}, "run": np.arange(len(plan.starts))}


def _attrs(plan: Plan) -> dict:
    return dict(landscape=plan.landscape_name, optimizer=plan.optimizer_name, steps=plan.steps,
                reduce=plan.reduce, target=plan.target, chunk=plan.chunk,
                fixed={**plan.fixed_land, **plan.fixed_opt})


def _failure(plan: Plan, i: int, exc: BaseException) -> dict:
    combo, a, b = plan.chunk_at(i)
    where = {n: plan.axis(n)[k].item() for n, k in zip(plan.land_axes, combo)}
    return dict(chunk=i, landscape=where, runs=[a, b], error=f"{type(exc).__name__}: {exc}")


SCALE_HINT = install_hint("scale")


def distributed():
    """``dask.distributed``, or a one-line SweepError naming the extra that brings it."""
    try:
        import dask.distributed
    except ImportError:
        raise SweepError(f"a Dask cluster needs the scale extra (dask.distributed is not installed): "
                         f"{SCALE_HINT}") from None
    return dask.distributed


def in_notebook() -> bool:
    """True inside a Jupyter kernel, where progress is shown by default."""
    return "ipykernel" in sys.modules


class _Progress:
    """Progress over chunks once the work has taken two seconds: a tqdm.auto bar in a notebook (where tqdm
    is installed), else one line on stderr at most every two seconds."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled, self.done, self.t0, self.shown = total, enabled, 0, time.monotonic(), 0.0
        self.bar = None
        if enabled and in_notebook():
            try:
                from tqdm.auto import tqdm
            except ImportError:
                pass
            else:
                self.bar = tqdm(total=total, desc="sweep", unit="chunk", delay=2.0)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()

    def update(self) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
            return
        now = time.monotonic()
        if self.enabled and now - self.t0 >= 2.0 and (now - self.shown >= 2.0 or self.done == self.total):
            self.shown = now
            eta = (now - self.t0) * (self.total - self.done) / self.done
            print(f"sweep: {self.done}/{self.total} chunks ({100 * self.done / self.total:.0f}%), "
                  f"{now - self.t0:.0f} s, about {eta:.0f} s left", file=sys.stderr, flush=True)


def _execute(plan: Plan, buf: Buffer, client, progress: bool, timeout: float) -> list[dict]:
    bar = _Progress(plan.n_chunks, progress)
    try:
        return _execute_with(plan, buf, client, bar, timeout)
    finally:
        bar.close()


def _execute_with(plan: Plan, buf: Buffer, client, bar: _Progress, timeout: float) -> list[dict]:
    if client is None:
        failures = []
        for i in range(plan.n_chunks):
            combo, a, b = plan.chunk_at(i)
            try:
                values = run_chunk(plan.task(combo, a, b))
            except Exception as exc:  # one chunk's error is reported; the others go on
                failures.append(_failure(plan, i, exc))
            else:
                buf.put(plan.flat_indices(combo, a, b), values)
            bar.update()
        return failures
    client, owned = connect(client, timeout)
    try:
        return _execute_dask(plan, buf, client, bar)
    finally:
        if owned:
            client.close()


_ADDRESS = re.compile(r"(?:(tcp|tls|ws|wss|ucx)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})/?")


def check_connection(client, timeout) -> None:
    """Refuse a malformed scheduler address or timeout at once (SweepError), before any connection."""
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < math.inf:
        raise SweepError(f"connect timeout must be a positive number of seconds, not {timeout!r}")
    if isinstance(client, str):
        m = _ADDRESS.fullmatch(client.strip())
        if client.startswith("inproc://"):
            return
        if not m or not 1 <= int(m.group(3)) <= 65535:
            raise SweepError(f"scheduler address {shown(client)} is not of the form tcp://HOST:PORT")


def connect(client, timeout: float = 10.0):
    """A Client for ``client`` (a Client or an address); returns (client, whether we opened it)."""
    if not isinstance(client, str):
        return client, False
    Client = distributed().Client
    try:
        return Client(client, timeout=timeout, set_as_default=False), True
    except (OSError, TimeoutError) as exc:
        raise SchedulerUnreachable(f"cannot reach the Dask scheduler at {client}: "
                                   f"{type(exc).__name__}: {exc}".splitlines()[0]) from None


def _exception(fut) -> BaseException:
    try:
        return fut.exception()
    except BaseException as exc:  # a cancelled future raises instead of returning its exception
        return exc


def _execute_dask(plan: Plan, buf: Buffer, client, bar: _Progress) -> list[dict]:
    as_completed = distributed().as_completed

    threads = sum(client.nthreads().values()) or 1
    window = max(4, 3 * threads)
    prefix = f"sweep-chunk-{uuid.uuid4().hex[:12]}"
    todo = iter(range(plan.n_chunks))
    live: dict = {}
    failures: list[dict] = []

    def submit() -> None:
        i = next(todo, None)
        if i is not None:
            fut = client.submit(run_chunk, plan.task(*plan.chunk_at(i)), key=f"{prefix}-{i}", pure=False)
            live[fut.key] = (i, fut)
            ac.add(fut)

    ac = as_completed(loop=client.loop)
    try:
        for _ in range(window):
            submit()
        for fut in ac:
            i, _ = live.pop(fut.key)
            if fut.status == "finished":
                buf.put(plan.flat_indices(*plan.chunk_at(i)), fut.result())
            else:  # "error" (the task raised, or its workers kept dying) or "cancelled"
                failures.append(_failure(plan, i, _exception(fut)))
            fut.release()
            bar.update()
            submit()
    except BaseException:
        client.cancel([f for _, f in live.values()])
        raise
    return sorted(failures, key=lambda f: f["chunk"])
