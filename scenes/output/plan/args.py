"""The command line's options: `render.py`'s (and `momentum-anim`'s) argument parser.

Bad options end in one line on stderr and exit code 2, never a usage dump or a traceback.
"""
from __future__ import annotations

import argparse


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line and exit 2, instead of usage + message
        self.exit(2, f"error: {message}\n")

    def parse_args(self, args=None, namespace=None):
        """The options, plus `given`: the names of those the command line set explicitly (the modes
        refuse the ones they cannot use, and a batch takes them as its defaults)."""
        ns = super().parse_args(args, namespace)
        bare = build_parser(_track=False)
        for action in bare._actions:
            action.default = argparse.SUPPRESS
        ns.given = frozenset(vars(argparse.ArgumentParser.parse_args(bare, args)))
        return ns


def build_parser(_track: bool = True) -> argparse.ArgumentParser:
    p = (_Parser if _track else _Bare)(prog="render.py", allow_abbrev=False,
                                       description="Render a scene that explains momentum to a video or a still.")
    p.add_argument("scene", nargs="?", help="scene name (see --list), or 'all' for every scene")
    p.add_argument("batch_file", nargs="?", metavar="FILE", help="with 'batch': a TOML list of renders")
    p.add_argument("--list", action="store_true", help="list the scenes and their parameters")
    p.add_argument("--check", action="store_true", help="check what rendering needs and say how to fix it")
    p.add_argument("--check-layout", action="store_true",
                   help="with a scene or a scene file: check that no text overlaps or leaves the frame, for the "
                        "parameters given and each example, in both backends or --backend's (exit 1 if any does)")
    p.add_argument("--backend", choices=("manim", "mpl"), default="manim", help="renderer (default: manim)")
    p.add_argument("--format", dest="fmt", choices=("mp4", "gif", "webm", "mov", "png", "html", "slides", "pptx"),
                   help="output format (default: from --out's extension, else mp4); slides: reveal.js "
                        "NAME.slides.html, pptx: PowerPoint, one slide per beat")
    p.add_argument("--quality", choices=("low", "medium", "high", "4k"), default="medium",
                   help="low 854x480@15, medium 1280x720@30 (default), high 1920x1080@60, 4k 3840x2160@60")
    p.add_argument("--fps", type=_fps, help="frames per second (overrides the quality's)")
    p.add_argument("-o", "--out", help="output file or folder (default: media/); in a folder the file is named "
                   "SCENE[-THEME][-QUALITY][-ASPECT][-PARAMS].FORMAT, the parts at their defaults left out")
    p.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                   help="override a scene parameter (repeatable)")
    p.add_argument("--embed", action="store_true",
                   help="with --format html, also write the fragment to paste into a page (NAME.html.embed.html)")
    p.add_argument("--at", metavar="SECONDS|BEAT|end",
                   help="the moment a PNG shows: seconds, a beat's end, or the end (default)")
    p.add_argument("--captions", nargs="?", const="files", choices=("files", "burn"),
                   help="a video's captions, each beat's in cues of two lines: files writes OUT.vtt and OUT.srt; "
                        "burn draws them")
    p.add_argument("--theme", choices=("dark", "light"), default="dark", help="colour theme (default: dark)")
    p.add_argument("--aspect", choices=("16:9", "4:3", "1:1", "9:16"), default="16:9",
                   help="frame shape, as many pixels as 16:9 at the quality (low: 854x480, 740x554, 640x640, "
                        "480x854); the layout reflows, stacking panels on 1:1 and 9:16 (default: 16:9)")
    p.add_argument("--transparent", action="store_true", help="transparent background (png, webm, mov)")
    p.add_argument("--cache-dir", help="cache folder (default: $XDG_CACHE_HOME/momentum-anim)")
    p.add_argument("--force", action="store_true", help="render even if the output is up to date")
    p.add_argument("--jobs", type=_jobs, help="parallel renders for 'all' (default: the number of cores)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with 'all' or 'batch': render on this Dask scheduler, tcp://HOST:PORT, one task per render")
    p.add_argument("--workers", type=_jobs, help="with 'all' or 'batch': render on a local Dask cluster of N processes")
    p.add_argument("--verbose", action="store_true", help="show Manim's own log")
    return p


class _Bare(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        self.exit(2, f"error: {message}\n")


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
