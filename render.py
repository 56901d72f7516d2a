#!/usr/bin/env python
"""Render a momentum animation.

    python render.py valley                          # media/valley.mp4, Manim, 1280x720
    python render.py valley --backend mpl --format gif --quality low
    python render.py valley --set momentum=0.6 --set landscape=sampled --set rule=toy
    python render.py all --jobs 2                    # every scene
    python render.py --list                          # scenes, parameters, defaults and bounds
    python render.py --check                         # is everything rendering needs installed?

The last line on stdout is the path written. Bad input: one line on stderr and exit code 2.
Interrupted (Ctrl-C 130, SIGTERM 143, SIGHUP 129): one line saying what was written, and no temporary left.
"""
from __future__ import annotations

import signal
import sys

if __name__ == "__main__":  # Ctrl-C while the modules load: exit 130 and one line, not a traceback
    def _interrupted_at_start(signum, frame):
        print("interrupted; nothing was written", file=sys.stderr)
        raise SystemExit(130)

    signal.signal(signal.SIGINT, _interrupted_at_start)

import argparse  # noqa: E402


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line and exit 2, instead of usage + message
        self.exit(2, f"error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="render.py", description="Render a scene that explains momentum to a video or a still.",
                allow_abbrev=False)
    p.add_argument("scene", nargs="?", help="scene name (see --list), or 'all' for every scene")
    p.add_argument("--list", action="store_true", help="list the scenes and their parameters")
    p.add_argument("--check", action="store_true", help="check what rendering needs and say how to fix it")
    p.add_argument("--backend", choices=("manim", "mpl"), default="manim", help="renderer (default: manim)")
    p.add_argument("--format", dest="fmt", choices=("mp4", "gif", "webm", "mov", "png"),
                   help="output format (default: from --out's extension, else mp4)")
    p.add_argument("--quality", choices=("low", "medium", "high", "4k"), default="medium",
                   help="low 854x480@15, medium 1280x720@30 (default), high 1920x1080@60, 4k 3840x2160@60")
    p.add_argument("--fps", type=_fps, help="frames per second (overrides the quality's)")
    p.add_argument("-o", "--out", help="output file or folder (default: media/SCENE.FORMAT)")
    p.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                   help="override a scene parameter (repeatable)")
    p.add_argument("--theme", choices=("dark", "light"), default="dark", help="colour theme (default: dark)")
    p.add_argument("--transparent", action="store_true", help="transparent background (png, webm, mov)")
    p.add_argument("--cache-dir", help="cache folder (default: $XDG_CACHE_HOME/momentum-anim)")
    p.add_argument("--force", action="store_true", help="render even if the output is up to date")
    p.add_argument("--jobs", type=_jobs, help="parallel renders for 'all' (default: the number of cores)")
    p.add_argument("--verbose", action="store_true", help="show Manim's own log")
    return p


def _fps(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, not {text!r}") from None
    if not (1 <= value <= 120):  # also rejects nan and inf
        raise argparse.ArgumentTypeError(f"must be from 1 to 120, not {text}")
    return value


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError(f"must be from 1 to 64, not {text}")
    return value


class _Terminated(SystemExit):
    """SIGTERM or SIGHUP (a closed terminal or ssh session): unwinds like Ctrl-C, cleaning up on the way."""


def _terminate(signum, frame):
    raise _Terminated(128 + signum)


def _what_was_written() -> str:
    outputs = sys.modules.get("scenes.output.output_files")
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
        args = build_parser().parse_args(argv)
        from scenes.output import cli

        return cli.run(args)
    except KeyboardInterrupt:
        print(f"interrupted; {_what_was_written()}", file=sys.stderr)
        return 130
    except _Terminated as exc:
        print(f"stopped by a signal; {_what_was_written()}", file=sys.stderr)
        return exc.code


if __name__ == "__main__":
    sys.exit(main())
