"""What `render.py` does with its parsed arguments: list, check, render one scene, or render them all."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import scenes

from scenes.kit.params import ParamError, parse_assignments
from scenes.output.plan.batch import stop_children
from scenes.output.plan.stdout import emit


def run(args) -> int:
    from scenes.output.formats import encode

    try:
        return _run(args)
    finally:
        encode.remove_pending()  # whatever an error or an interrupt left half-written


def _run(args) -> int:
    try:
        from scenes.output.plan import modes

        modes.check(args)
        if args.list:
            print_list(args.scene)
            return 0
        if args.check:
            from scenes.output.plan.check import run_checks

            return run_checks()
        if getattr(args, "check_layout", False):
            from scenes.output.plan import check_layout

            return check_layout.run(args)
        if not args.scene:
            raise ParamError("name a scene (see --list), or use --list or --check")
        if args.scene == "batch":  # render.py batch FILE (scenes/output/plan/batch.py)
            from scenes.output.plan import batch

            return batch.run_file(args)
        if getattr(args, "batch_file", None):
            raise ParamError(f"unexpected argument {args.batch_file!r}: only 'batch' takes a file")
        if args.scene == "all":
            return render_all(args)
        from scenes.output.plan.api import render_request
        from scenes.output.plan.pipeline import RenderRequest

        request = RenderRequest(
            scene=args.scene, backend=args.backend, fmt=args.fmt, quality=args.quality, fps=args.fps,
            out=args.out, overrides=parse_assignments(args.sets), theme=args.theme,
            transparent=args.transparent, verbose=args.verbose, cache_dir=args.cache_dir, force=args.force,
            embed=getattr(args, "embed", False), aspect=getattr(args, "aspect", "16:9"),
            at=getattr(args, "at", None), captions=getattr(args, "captions", None),
        )
        clip = render_request(request)  # the Python API's render; it raises RenderError only
    except ParamError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise  # the reader of stdout stopped (`--list | head`): render.py ends quietly
    except Exception as exc:  # RenderError, or a bug in --list, --check or all
        from scenes.output.plan.api import RenderError

        if not isinstance(exc, RenderError):
            exc = RenderError(f"render failed: {type(exc).__name__}: {exc}", 1)
        if exc.code != 2 and getattr(args, "verbose", False):
            raise  # the traceback only with --verbose
        hint = " (--verbose shows the details)" if exc.code != 2 else ""
        print(f"error: {exc}{hint}", file=sys.stderr)
        return exc.code
    emit(str(clip.path))
    return 0


def code_place(spec) -> str:
    """Where a scene's code lives: a built-in scene's package folder (scenes/valley/), or a user's file."""
    path = Path(sys.modules[spec.make_data.__module__].__file__).resolve()
    root = Path(__file__).resolve().parents[3]
    if path.is_relative_to(root / "scenes"):
        return f"{path.parent.relative_to(root).as_posix()}/"
    return str(path)


def print_list(ref: str | None = None) -> None:
    """Every built-in scene; or the one `ref` names, or the scenes of a user's file `ref`."""
    from scenes.output.plan import scene_ref

    if ref is None:
        specs = [scenes.get(name) for name in scenes.names()]
    elif scene_ref.is_file_ref(ref) and scene_ref.split_ref(ref)[1] is None:
        try:
            specs = [scene_ref.spec_for(f"{ref}:{name}") for name in scene_ref.load_file(scene_ref.split_ref(ref)[0])]
        except scene_ref.SceneRefError as exc:
            raise ParamError(str(exc)) from None
        if not specs:
            raise ParamError(f"{ref} registers no scene")
    else:
        try:
            specs = [scene_ref.spec_for(ref)]
        except scene_ref.SceneRefError as exc:
            raise ParamError(str(exc)) from None
    for spec in specs:
        name = spec.name
        print(f"{name:<14} {spec.description}")
        print(f"    {'code':<12} {code_place(spec)}")
        for p in spec.params:
            print(f"    {p.name:<12} {p.kind:<6} default {p.default_text():<10} {p.bounds_text():<18} {p.help}")
        for note in spec.notes:
            print(f"    note: {note}")
        print()


def _child_args(args, scene: str, out_dir: Path) -> list[str]:
    cmd = [sys.executable, str(Path(__file__).resolve().parents[3] / "render.py"), scene,
           "--backend", args.backend, "--quality", args.quality, "--theme", args.theme,
           "--out", str(out_dir) + os.sep]
    if args.fmt:
        cmd += ["--format", args.fmt]
    if args.fps:
        cmd += ["--fps", str(args.fps)]
    if getattr(args, "aspect", "16:9") != "16:9":
        cmd += ["--aspect", args.aspect]
    if getattr(args, "captions", None):
        cmd += ["--captions", args.captions]
    if getattr(args, "at", None) is not None:
        cmd += ["--at", str(args.at)]
    if getattr(args, "embed", False):
        cmd.append("--embed")
    if args.transparent:
        cmd.append("--transparent")
    if args.cache_dir:
        cmd += ["--cache-dir", args.cache_dir]
    if args.force:
        cmd.append("--force")
    return cmd


def render_all(args) -> int:
    """Render every scene in parallel child processes (one per core by default).

    Each written path is recorded in `output_files.WRITTEN` as its child finishes, so an interrupt can
    say what was written.
    """
    from scenes.output.files.output_files import WRITTEN

    if args.sets:
        raise ParamError("--set applies to one scene; it cannot be used with 'all'")
    out_dir = Path(args.out) if args.out else Path("media")
    if out_dir.suffix:
        raise ParamError(f"with 'all', --out must be a folder, not {args.out!r}")
    on_dask = getattr(args, "scheduler", None) or getattr(args, "workers", None)
    if on_dask:
        from scenes.output.plan import batch

        batch.check_cluster(args)  # a bad address or a missing extra: one line, before the folder is made
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParamError(f"cannot create output folder {str(out_dir)!r}: {exc.strerror or exc}") from None
    if on_dask:  # (scenes/output/plan/batch.py)
        return batch.run_jobs(batch.all_jobs(args, out_dir, _child_args), args)
    names = scenes.names()
    jobs = args.jobs or os.cpu_count() or 1
    children: list[subprocess.Popen] = []
    stopping = threading.Event()

    lock = threading.Lock()

    def one(name: str) -> tuple[str, int, str, str]:
        with lock:  # never start a child once an interrupt has begun stopping them
            if stopping.is_set():
                return name, 130, "", "not started: interrupted"
            proc = subprocess.Popen(_child_args(args, name, out_dir), stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
            children.append(proc)
        out, err = proc.communicate()
        lines = out.strip().splitlines()
        return name, proc.returncode, lines[-1] if lines else "", err.strip()

    failed = 0
    pool = ThreadPoolExecutor(max_workers=jobs)
    futures = [pool.submit(one, name) for name in names]
    try:
        for done, future in enumerate(as_completed(futures), 1):
            name, code, path, err = future.result()
            if code == 0:
                WRITTEN.append(Path(path))
                print(f"[{done}/{len(names)}] {name}: {path}", file=sys.stderr)
                emit(path)
            else:
                failed += 1
                last = err.splitlines()[-1] if err else f"exit code {code}"
                print(f"[{done}/{len(names)}] {name} failed: {last}", file=sys.stderr)
    except BaseException:
        stop_children(children, lock, stopping)
        pool.shutdown(wait=True)
        for future in futures:  # finished before the interrupt, not yet reported
            if future.done() and not future.cancelled() and future.exception() is None:
                name, code, path, _ = future.result()
                if code == 0 and Path(path) not in WRITTEN:
                    WRITTEN.append(Path(path))
        raise
    finally:
        pool.shutdown(wait=True)
    return 1 if failed else 0
