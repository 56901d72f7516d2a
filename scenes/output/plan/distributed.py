"""Renders as Dask tasks: one task per render, each a `render.py` process on a worker.

What crosses the wire is a render's command line (a few hundred bytes) and, back, its exit code, the path
written and its last lines of stderr; frames never leave the worker, which writes the file itself, so
workers and client must see the same filesystem for the outputs (absolute paths are sent).

A render that needs a cache of its own gets one: a Manim render without `--cache-dir` runs with a private
temporary cache folder, removed when it ends. On Ctrl-C the client sets a Dask `Event`; every task polls it,
terminates its `render.py` (which removes its own temporaries, as on any SIGTERM) and returns; tasks
not yet started return at once. A task whose worker dies is run again by Dask elsewhere.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import uuid

from scenes.output.files.output_files import make_folders

POLL_S = 0.5
STOP_WAIT_S = 60.0


class SchedulerUnreachable(ConnectionError):
    pass


def render_task(argv: list[str], stop_name: str, private_cache: bool) -> tuple[int, str, str]:
    """On a worker: run one render; returns (exit code, last stdout line, stderr)."""
    from distributed import Event

    stop = Event(stop_name)
    if stop.is_set():
        return 130, "", "not started: interrupted"
    cache = tempfile.mkdtemp(prefix="momentum-anim-cache-") if private_cache else None
    try:
        cmd = [sys.executable, "-m", "render", *argv] + (["--cache-dir", cache] if cache else [])
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            while True:
                try:
                    out, err = proc.communicate(timeout=POLL_S)
                    break
                except subprocess.TimeoutExpired:
                    if stop.is_set():
                        proc.terminate()  # render.py cleans up on SIGTERM and exits 143
                        out, err = proc.communicate(timeout=STOP_WAIT_S)
                        break
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        lines = out.strip().splitlines()
        return proc.returncode, lines[-1] if lines else "", err
    finally:
        if cache:
            shutil.rmtree(cache, ignore_errors=True)


def connect(scheduler: str | None, workers: int | None, timeout: float = 10.0):
    """(client, cluster or None) for an address, or a LocalCluster of `workers` processes."""
    import logging

    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    if workers:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
        return Client(cluster, set_as_default=False), cluster
    try:
        return Client(scheduler, timeout=timeout, set_as_default=False), None
    except (OSError, TimeoutError) as exc:
        raise SchedulerUnreachable(f"cannot reach the Dask scheduler at {scheduler}: "
                                   f"{type(exc).__name__}: {exc}".splitlines()[0]) from None


def run(jobs, scheduler: str | None, workers: int | None = None, client=None):
    """Yield (index, exit code, path, stderr) for each job as its task ends (the order they end in)."""
    from distributed import Event, as_completed

    cluster, owned = None, client is None
    if owned:
        client, cluster = connect(scheduler, workers)
    stop_name = f"momentum-anim-stop-{uuid.uuid4().hex}"
    stop = Event(stop_name, client=client)
    futures = {}
    try:
        make_folders(job.out for job in jobs)
        for i, job in enumerate(jobs):
            private = job.backend == "manim" and "--cache-dir" not in job.argv
            fut = client.submit(render_task, job.argv, stop_name, private, key=f"render-{i}-{stop_name}",
                                pure=False)
            futures[fut.key] = (i, fut)
        for fut in as_completed([f for _, f in futures.values()], loop=client.loop):
            i, _ = futures.pop(fut.key)
            if fut.status == "finished":
                code, path, err = fut.result()
            else:
                code, path, err = 1, "", f"task failed: {_why(fut)}"
            yield i, code, path, err
    except BaseException:
        stop.set()  # the running renders terminate theirs; the waiting ones do not start
        _wait([f for _, f in futures.values()], STOP_WAIT_S + 5)
        client.cancel([f for _, f in futures.values()])
        raise
    finally:
        if owned:
            client.close()
        if cluster is not None:
            cluster.close()


def _why(fut) -> str:
    try:
        exc = fut.exception()
    except BaseException as e:  # cancelled
        exc = e
    return f"{type(exc).__name__}: {exc}".splitlines()[0]


def _wait(futures, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(f.status == "pending" for f in futures):
        time.sleep(0.2)
