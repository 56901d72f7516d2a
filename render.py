#!/usr/bin/env python
"""Render a momentum animation.

    python render.py valley                          # media/valley.mp4, Manim, 1280x720
    python render.py valley --backend mpl --format gif --quality low
    python render.py valley --set momentum=0.6 --set experiment=article
    python render.py all --jobs 2                    # every scene
    python render.py --list                          # scenes, parameters, defaults and bounds
    python render.py --check                         # is everything rendering needs installed?

The last line on stdout is the path written. Bad input: one line on stderr and exit code 2.
Interrupted (Ctrl-C 130, SIGTERM 143, SIGHUP 129): one line saying what was written, and no temporary left.

From Python or a notebook (docs/api.md), the same render:

    from render import render, Clip, RenderError
    clip = render("valley", backend="mpl", fmt="png", quality="low", momentum=0.3)
"""
from __future__ import annotations

import signal
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scenes.output.plan.api import Clip, RenderError, render

__all__ = ["render", "Clip", "RenderError", "main", "shadowing"]
_API = ("render", "Clip", "RenderError")

if __name__ == "__main__":  # Ctrl-C while the modules load: exit 130 and one line, not a traceback
    def _interrupted_at_start(signum, frame):
        print("interrupted; nothing was written", file=sys.stderr)
        raise SystemExit(130)

    signal.signal(signal.SIGINT, _interrupted_at_start)


def shadowing() -> str | None:
    """One line naming a user's module or folder that Python finds before the toolkit's own `scenes` or
    `sim` package (a `scenes.py` in the working folder, say), and saying to rename it; None when there is none."""
    import importlib.util
    from pathlib import Path

    home = Path(__file__).resolve().parent
    for package in ("scenes", "sim"):
        ours = home / package
        try:
            spec = importlib.util.find_spec(package)
            origin, places = spec and spec.origin, list(spec.submodule_search_locations or ()) if spec else []
        except (ImportError, ValueError):  # already imported, without a spec
            module = sys.modules.get(package)
            origin, places = getattr(module, "__file__", None), list(getattr(module, "__path__", []))
        if origin is None and not places:
            continue  # not found at all: Python's own error says so
        if ours in (Path(p).resolve() for p in places):
            continue
        found = Path(origin).parent if origin and Path(origin).name == "__init__.py" else origin or places[0]
        return (f"{found} shadows momentum-anim's package {package!r} ({ours}); rename it, since Python finds "
                f"it first (it lies in the working folder or on PYTHONPATH)")
    return None


def __getattr__(name: str):
    """`render`, `Clip` and `RenderError` come from scenes.output.plan.api, imported on first use so that the
    command line reports a bad option before loading the scenes."""
    if name in _API:
        problem = shadowing()
        if problem:
            raise ImportError(problem, name=name)
        from scenes.output.plan import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Terminated(SystemExit):
    """SIGTERM or SIGHUP (a closed terminal or ssh session): unwinds like Ctrl-C, cleaning up on the way."""


def _terminate(signum, frame):
    raise _Terminated(128 + signum)


def _what_was_written() -> str:
    outputs = sys.modules.get("scenes.output.files.output_files")
    written = [str(p) for p in getattr(outputs, "WRITTEN", [])]
    if not written:
        return "nothing was written"
    return f"written before it: {', '.join(written)}"


def main(argv: list[str] | None = None) -> int:
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminate)
    try:
        if __name__ == "__main__":
            signal.signal(signal.SIGINT, signal.default_int_handler)
        problem = shadowing()
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
        from scenes.output.plan.args import build_parser

        args = build_parser().parse_args(argv)
        from scenes.output.plan import cli

        return cli.run(args)
    except KeyboardInterrupt:
        print(f"interrupted; {_what_was_written()}", file=sys.stderr)
        return 130
    except _Terminated as exc:
        print(f"stopped by a signal; {_what_was_written()}", file=sys.stderr)
        return exc.code
    except BrokenPipeError:  # `render.py --list | head`: the reader has all it wants
        return _reader_gone()


def _reader_gone() -> int:
    """stdout's reader closed the pipe: nothing more goes there (not even Python's flush at exit), and the
    status is the one a program stopped by SIGPIPE has, 128 + 13, with no message."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 141


if __name__ == "__main__":
    sys.exit(main())
