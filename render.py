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

__all__ = ["render", "Clip", "RenderError", "main"]
_API = ("render", "Clip", "RenderError")

if __name__ == "__main__":  # Ctrl-C while the modules load: exit 130 and one line, not a traceback
    def _interrupted_at_start(signum, frame):
        print("interrupted; nothing was written", file=sys.stderr)
        raise SystemExit(130)

    signal.signal(signal.SIGINT, _interrupted_at_start)


def __getattr__(name: str):
    """`render`, `Clip` and `RenderError` come from scenes.output.plan.api, imported on first use so that the
    command line reports a bad option before loading the scenes."""
    if name in _API:
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


if __name__ == "__main__":
    sys.exit(main())
