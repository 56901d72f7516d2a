"""Which options each mode of `render.py` takes: one scene (a name or a user's file), `all`, `batch FILE`,
`--list` and `--check`. An option given on the command line that its mode cannot use is refused in one line
(exit 2), never silently ignored; in a batch, the render options given act as defaults beneath the file's
own `[defaults]` (the file wins).
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
        name = extra[0]
        flag = OPTION.get(name, "--" + name.replace("_", "-"))
        raise ParamError(f"{flag} does not apply to {WHAT[m]}")


def batch_defaults(args) -> dict:
    """The render options the command line gave, as batch keys (defaults beneath the file's)."""
    given = getattr(args, "given", frozenset())
    return {key: getattr(args, dest) for dest, key in BATCH_KEYS.items() if dest in given}
