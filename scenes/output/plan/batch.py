"""Batch renders: `render.py batch FILE` (a TOML list of renders) and `render.py all --scheduler ADDRESS`.

A batch file lists renders, one table each; `[defaults]` applies to every one of them::

    [defaults]
    backend = "mpl"
    quality = "4k"

    [[render]]
    scene = "valley"
    params = { momentum = 0.6 }
    theme = "light"
    format = "mp4"              # format, quality, fps, theme, aspect, captions, at, transparent, out

(or `renders = [{ scene = "valley", ... }, ...]`, one inline table per line). Without `out`, a render goes
to the folder of `--out` (default media/) as SCENE-THEME-QUALITY[-ASPECT][-PARAMS].FORMAT.

Every render is checked by `pipeline.plan` before any starts (bad input: one line, exit 2). Each one then
runs as its own `render.py` process: here, `--jobs` at a time; or, with `--scheduler` (or
`--workers N`, a LocalCluster), one Dask task per render on the cluster's workers (`distributed.py`). Either
way the guarantees of one render hold for each: atomic outputs, up-to-date renders skipped, one line
per failure, exit 1 if any failed; Ctrl-C stops every render and leaves no temporary files.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import tomllib
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from scenes.kit.params import ParamError
from scenes.output.plan import modes, names
from sim.messages import shown

KEYS = ("scene", "params", "backend", "format", "quality", "fps", "theme", "aspect", "captions", "at",
        "transparent", "out")


@dataclass
class Job:
    """One render: its label, `render.py`'s arguments (without the program), and where it writes."""

    label: str
    argv: list[str]
    out: Path
    backend: str = "mpl"
    files: tuple[Path, ...] = ()  # everything it writes: the output, its sidecar and its companions


def _text(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _default_name(entry: dict, fmt: str) -> str:
    return names.output_name(entry["scene"], fmt, theme=entry.get("theme", "dark"),
                             quality=entry.get("quality", "medium"), aspect=entry.get("aspect", "16:9"),
                             params=entry.get("params"), keep_defaults=True)


def job_from_entry(entry: dict, where: str, folder: Path, force: bool, cache_dir: str | None) -> Job:
    """Check one render of a batch (`pipeline.plan`, touching nothing) and make its job."""
    from scenes.output.formats import companions
    from scenes.output.files import output_files
    from scenes.output.plan.pipeline import RenderRequest, companion_suffixes, plan

    unknown = sorted(set(entry) - set(KEYS))
    if unknown:
        raise ParamError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(KEYS)})")
    if not isinstance(entry.get("scene"), str):
        raise ParamError(f"{where}: needs scene = \"NAME\"")
    params = entry.get("params", {})
    if not isinstance(params, dict):
        raise ParamError(f"{where}: params must be a table, like params = {{ momentum = 0.6 }}")
    fmt = entry.get("format") or "mp4"
    ignored = modes.ignored_by(_format(entry), entry["scene"])
    given = sorted(set(entry) & set(ignored))
    if given:
        fmt_name = _format(entry)
        raise ParamError(f"{where} ({entry['scene']}): {given[0]} does not apply to format {fmt_name}: "
                         f"{modes.reason(given[0], fmt_name)}")
    out = Path(entry["out"]) if "out" in entry else folder / _default_name(entry, fmt)
    req = RenderRequest(scene=entry["scene"], backend=entry.get("backend", "manim"), fmt=entry.get("format"),
                        quality=entry.get("quality", "medium"), fps=entry.get("fps"), out=str(out),
                        overrides={k: _text(v) for k, v in params.items()}, theme=entry.get("theme", "dark"),
                        transparent=bool(entry.get("transparent", False)), aspect=entry.get("aspect", "16:9"),
                        captions=entry.get("captions"), at=None if entry.get("at") is None else str(entry["at"]),
                        cache_dir=cache_dir, force=force, progress=False)
    try:
        p = plan(req)
    except ParamError as exc:
        raise ParamError(f"{where} ({entry['scene']}): {exc}") from None
    argv = [req.scene, "--theme", req.theme, "--out", str(p.path.resolve()), "--format", p.fmt]
    for flag, value in (("--backend", req.backend), ("--quality", req.quality), ("--aspect", req.aspect),
                        ("--fps", req.fps), ("--captions", req.captions), ("--at", req.at),
                        ("--cache-dir", os.path.abspath(cache_dir) if cache_dir else None)):
        if value is not None and flag[2:] not in ignored:  # a page drawn in the browser takes no --backend
            argv += [flag, _text(value)]
    argv += [f"--set={k}={v}" for k, v in req.overrides.items()]
    argv += ["--transparent"] * req.transparent + ["--force"] * force
    out = p.path.resolve()
    files = (out, output_files.sidecar_path(out),
             *(companions.path_for(out, suffix) for suffix in companion_suffixes(req, p.fmt)))
    return Job(f"{entry['scene']} -> {p.path.name}", argv, out, req.backend, files)


def _format(entry: dict) -> str | None:
    """The format an entry writes: its format, else its out's extension, else mp4."""
    return modes.output_format(SimpleNamespace(fmt=entry.get("format"), out=entry.get("out")))


def _applying(defaults: dict, entry: dict) -> dict:
    """The defaults that apply to this entry: a default its format would ignore (a frame rate for a still,
    a backend for an explorable page) lies beneath the renders it fits, and is left out of the others."""
    merged = {**defaults, **entry}
    ignored = modes.ignored_by(_format(merged), merged.get("scene"))
    return {key: value for key, value in defaults.items() if key not in ignored}


def read_file(path: str, args) -> list[Job]:
    """The jobs of a batch file; ParamError (one line) for anything wrong in it."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ParamError(f"cannot read batch file {path!r}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ParamError(f"batch file {path!r} is not valid TOML: {exc}") from None
    entries = data.get("render", data.get("renders"))
    defaults = data.get("defaults", {})
    if isinstance(defaults, dict):  # the command line's render options lie beneath the file's own
        from scenes.output.plan.modes import batch_defaults

        defaults = {**batch_defaults(args), **defaults}
    extra = sorted(set(data) - {"render", "renders", "defaults"})
    if extra or not isinstance(entries, list) or not entries or not isinstance(defaults, dict):
        raise ParamError(f"batch file {path!r}: expected [[render]] tables (or renders = [...]) and an "
                         f"optional [defaults] table" + (f", not {extra[0]!r}" if extra else ""))
    folder = Path(args.out) if args.out else Path("media")
    if folder.suffix:
        raise ParamError(f"with 'batch', --out must be a folder, not {args.out!r}")
    jobs, seen, name = [], {}, Path(path).name  # errors name the file, not its whole path
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ParamError(f"{name}: render {i} is not a table")
        job = job_from_entry({**_applying(defaults, entry), **entry}, f"{name}: render {i}", folder, args.force,
                             args.cache_dir)
        for written in job.files:  # outputs, sidecars, posters, captions: no file written twice
            if written in seen:
                j, theirs = seen[written]
                what = "" if theirs == written == job.out else f" ({written.name})"
                raise ParamError(f"{name}: renders {j} and {i} both write {shown(written)}{what}; give one an out")
        seen.update({written: (i, job.out) for written in job.files})
        check_folder(job.out.parent, f"{name}: render {i}")
        jobs.append(job)
    return jobs


def check_folder(folder: Path, where: str) -> None:
    """The folder a render will write in, or the nearest part of it that exists, must take new files:
    checked for every render before the first one starts."""
    from scenes.output.files.output_files import nearest_existing

    existing = nearest_existing(folder)
    if not existing.is_dir():
        raise ParamError(f"{where}: {shown(existing)} is not a folder, so {shown(folder)} cannot be made")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ParamError(f"{where}: output folder {shown(existing)} is not writable")


def run_file(args) -> int:
    """`render.py batch FILE`."""
    if not getattr(args, "batch_file", None):
        raise ParamError("batch needs a file: render.py batch FILE.toml")
    if args.sets:
        raise ParamError("--set applies to one scene; put params in the batch file instead")
    return run_jobs(read_file(args.batch_file, args), args)


def all_jobs(args, out_dir: Path, child_args) -> list[Job]:
    """`render.py all` as jobs: `child_args` (cli's) gives each scene's command line."""
    import scenes

    jobs = []
    for name in scenes.names():
        argv = child_args(args, name, out_dir.resolve())[2:]  # without the interpreter and render.py
        if "--cache-dir" in argv:  # a worker's working folder is not ours
            at = argv.index("--cache-dir") + 1
            argv[at] = os.path.abspath(argv[at])
        jobs.append(Job(name, argv, out_dir.resolve(), args.backend))
    return jobs


def check_cluster(args) -> None:
    """A Dask cluster asked for: refuse both kinds at once, a malformed scheduler address, or no `scale`
    extra, in one line before anything is made."""
    from sim.sweep.grid import SweepError
    from sim.sweep.run import check_connection, distributed

    scheduler, workers = getattr(args, "scheduler", None), getattr(args, "workers", None)
    if scheduler and workers:
        raise ParamError("give --scheduler or --workers, not both")
    try:
        if scheduler:
            check_connection(scheduler, 10.0)
        distributed()
    except SweepError as exc:
        raise ParamError(str(exc)) from None


def run_jobs(jobs: list[Job], args) -> int:
    """Run the jobs here or on the cluster; report each as it ends; 1 if any failed. The output folders
    are made once the renders can start (not before a scheduler that cannot be reached)."""
    scheduler = getattr(args, "scheduler", None)
    workers = getattr(args, "workers", None)
    if scheduler or workers:
        check_cluster(args)
        from scenes.output.plan import distributed

        results = distributed.run(jobs, scheduler, workers)
    else:
        results = run_here(jobs, args.jobs or os.cpu_count() or 1)
    try:
        return report(jobs, results)
    finally:
        results.close()  # an interrupt stops the renders before it goes on


def report(jobs: list[Job], results) -> int:
    """`results` yields (index, returncode, last stdout line, stderr) as renders end."""
    from scenes.output.plan.stdout import emit
    from scenes.output.files.output_files import WRITTEN

    failed = 0
    for done, (i, code, path, err) in enumerate(results, 1):
        label = jobs[i].label
        if code == 0:
            WRITTEN.append(Path(path))
            print(f"[{done}/{len(jobs)}] {label}: {path}", file=sys.stderr)
            emit(path)
        else:
            failed += 1
            last = err.strip().splitlines()[-1] if err.strip() else f"exit code {code}"
            print(f"[{done}/{len(jobs)}] {label} failed: {last}", file=sys.stderr)
    return 1 if failed else 0


def command(argv: list[str]) -> list[str]:
    return [sys.executable, "-m", "render", *argv]


def stop_children(children: list[subprocess.Popen], lock: threading.Lock, stopping: threading.Event) -> None:
    """Interrupted: no new child starts, the running ones get SIGTERM (each removes its own temporaries)
    and, after 30 s, SIGKILL."""
    with lock:
        stopping.set()
        for proc in children:
            if proc.poll() is None:
                proc.terminate()
    for proc in children:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def run_here(jobs: list[Job], parallel: int):
    """Each job a child `render.py`, `parallel` at a time; on an interrupt every child is terminated (and
    cleans up its temporaries) before the interrupt goes on."""
    from scenes.output.files.output_files import make_folders

    make_folders(job.out for job in jobs)
    children: list[subprocess.Popen] = []
    stopping, lock = threading.Event(), threading.Lock()

    def one(i: int):
        with lock:
            if stopping.is_set():
                return i, 130, "", "not started: interrupted"
            proc = subprocess.Popen(command(jobs[i].argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True)
            children.append(proc)
        out, err = proc.communicate()
        lines = out.strip().splitlines()
        return i, proc.returncode, lines[-1] if lines else "", err

    pool = ThreadPoolExecutor(max_workers=parallel)
    futures = [pool.submit(one, i) for i in range(len(jobs))]
    try:
        for future in as_completed(futures):
            yield future.result()
    except BaseException:
        stop_children(children, lock, stopping)
        raise
    finally:
        pool.shutdown(wait=True)
