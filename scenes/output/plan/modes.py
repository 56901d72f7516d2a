"""Which options each mode of `render.py` takes: one scene (a name or a user's file), `all`, `batch FILE`,
`--list` and `--check`. An option given on the command line that its mode cannot use is refused in one line
(exit 2), never silently ignored; in a batch, the render options given act as defaults beneath the file's
own `[defaults]` (the file wins).

Nor is an option ignored by the output format (`check_format`): a still has no frame rate (`--fps` with
png), and a built-in scene's explorable page (`--format html`) is drawn by the browser from a grid of runs,
so the options that shape frames or a video (`--backend`, `--quality`, `--fps`, `--aspect`, `--captions`)
do not apply to it. The format is the one `--format` names, else the one `--out`'s name implies, else
mp4. (`--at`, `--embed`, `--transparent` and `--captions` with a still or slides are refused by the plan,
`scenes.output.plan.lecture` and `request`.)
"""
from __future__ import annotations

from scenes.kit.params import ParamError

RENDER = frozenset({"backend", "fmt", "quality", "fps", "out", "embed", "at", "captions", "theme", "aspect",
                    "transparent", "cache_dir", "force"})
TAKES = {
    "scene": RENDER | {"scene", "sets", "verbose"},
    "all": RENDER | {"scene", "jobs", "scheduler", "workers"},
    "batch": (RENDER - {"embed"}) | {"scene", "batch_file", "jobs", "scheduler", "workers"},
    "list": frozenset({"list", "scene"}),
    "check": frozenset({"check"}),
    "layout": frozenset({"check_layout", "scene", "sets", "backend", "quality", "aspect", "theme", "cache_dir",
                         "verbose"}),
}
WHAT = {"scene": "one scene", "all": "'all'", "batch": "'batch'", "list": "--list", "check": "--check", "layout": "--check-layout"}
OPTION = {"fmt": "--format", "sets": "--set", "cache_dir": "--cache-dir", "batch_file": "a second argument",
          "scene": "a scene"}
# batch keys the command line's render options stand in for, as defaults beneath the file's [defaults]
BATCH_KEYS = {"backend": "backend", "fmt": "format", "quality": "quality", "fps": "fps", "theme": "theme",
              "aspect": "aspect", "captions": "captions", "at": "at", "transparent": "transparent"}


def mode(args) -> str:
    if getattr(args, "list", False):
        return "list"
    if getattr(args, "check", False):
        return "check"
    if getattr(args, "check_layout", False):
        return "layout"
    return {"batch": "batch", "all": "all"}.get(args.scene or "", "scene")


def check(args) -> None:
    """Refuse, in one line, every option given that the mode cannot use."""
    given = getattr(args, "given", frozenset())
    if {"list", "check"} <= given:
        raise ParamError("give --list or --check, not both")
    m = mode(args)
    extra = sorted(given - TAKES[m])
    if extra:
        raise ParamError(f"{_flag(extra[0])} does not apply to {WHAT[m]}")
    if m in ("scene", "all"):
        check_format(args)


FORMATS = ("mp4", "gif", "webm", "mov", "png", "html", "slides", "pptx")
PAGE_IGNORES = ("backend", "quality", "fps", "aspect", "captions")  # the explorable page draws in the browser
STILL_IGNORES = ("fps",)


def output_format(args) -> str | None:
    """The format a render writes: --format, else --out's extension (NAME.slides.html: slides), else mp4
    (a folder, or no --out); None for an --out the plan will refuse."""
    if getattr(args, "fmt", None):
        return args.fmt
    out = getattr(args, "out", None)
    if not out or out.endswith(("/", "\\")):
        return "mp4"
    name = out.rsplit("/", 1)[-1].lower()
    if name.endswith(".slides.html"):
        return "slides"
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if not ext:
        from pathlib import Path

        return "mp4" if Path(out).is_dir() else None
    return ext if ext in FORMATS else None


def _explorable(scene: str | None) -> bool:
    """Is `scene` 'all' or a built-in scene with an explorable page (SceneSpec.web)?"""
    import scenes

    if scene == "all":
        return True
    if scene not in scenes.names():
        return False
    return scenes.get(scene).web is not None


def ignored_by(fmt: str | None, scene: str | None) -> tuple[str, ...]:
    """The options (by their dest and batch key) that format `fmt` of `scene` would ignore."""
    if fmt == "png":
        return STILL_IGNORES
    if fmt == "html" and _explorable(scene):
        return PAGE_IGNORES
    return ()


def reason(name: str, fmt: str) -> str:
    """Why format `fmt` ignores option `name`, in a few words."""
    if fmt == "png":
        return "a still has no frame rate"
    if name == "captions":
        return "it has no video to caption; for a caption track use a video, --format mp4 --captions files"
    return "the page is drawn by the browser from a grid of runs"


def refusal(name: str, fmt: str) -> str:
    """The one line that refuses option `name` with format `fmt`."""
    return f"{_flag(name)} does not apply to --format {fmt}: {reason(name, fmt)}"


def check_format(args) -> None:
    """Refuse, in one line, an option given that the output format would ignore."""
    given = getattr(args, "given", frozenset())
    fmt = output_format(args)
    for name in ignored_by(fmt, getattr(args, "scene", None)):
        if name in given:
            raise ParamError(refusal(name, fmt))


def _flag(name: str) -> str:
    return OPTION.get(name, "--" + name.replace("_", "-"))


def batch_defaults(args) -> dict:
    """The render options the command line gave, as batch keys (defaults beneath the file's)."""
    given = getattr(args, "given", frozenset())
    return {key: getattr(args, dest) for dest, key in BATCH_KEYS.items() if dest in given}
