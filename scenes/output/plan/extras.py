"""Which of the package's optional extras are installed: rendering needs the `render` extra.

An extra counts as installed when every distribution it lists is installed. The lists are read from the
package's own metadata (pyproject.toml's `[project.optional-dependencies]`, as installed), so they cannot
drift from it; a source tree that was never installed has no metadata and is not checked.
"""
from __future__ import annotations

import re
from importlib import metadata

from scenes.kit.params import ParamError
from sim.extras import MissingExtra, install_hint, need

PROJECT = "momentum-anim"
_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")


def _extra_of(marker: str) -> str | None:
    found = re.search(r"""extra\s*==\s*["']([^"']+)["']""", marker)
    return found.group(1) if found else None


def missing(extra: str, _seen: frozenset[str] = frozenset()) -> list[str]:
    """The distributions listed by `extra` (and the project's extras it names) that are not installed;
    [] where the project itself is not installed."""
    try:
        requires = metadata.requires(PROJECT) or []
    except metadata.PackageNotFoundError:
        return []
    out: list[str] = []
    for line in requires:
        spec, _, marker = line.partition(";")
        if _extra_of(marker) != extra:
            continue
        name, nested = _NAME.match(spec).groups()
        if name.lower().replace("_", "-") == PROJECT:
            for sub in (nested or "").split(","):
                if sub.strip() and sub.strip() not in _seen | {extra}:
                    out += missing(sub.strip(), _seen | {extra})
            continue
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            out.append(name)
    return sorted(set(out))


def require(extra: str, what: str, modules: tuple[str, ...] = ()) -> None:
    """Raise a one-line ParamError naming the pip command when `extra` is not fully installed (by the
    package's metadata), or when one of `modules`, which it brings, cannot be imported."""
    gone = missing(extra)
    if gone:
        raise ParamError(f"{what} needs momentum-anim[{extra}] ({', '.join(gone)} not installed): "
                         f"{install_hint(extra)}")
    for module in modules:
        try:
            need(module, extra, what)
        except MissingExtra as exc:
            raise ParamError(str(exc)) from None


# A scene parameter whose value needs an optional install: (scene, parameter) -> (extra, modules, what).
# Checked with the plan, before any folder or file is made.
PARAMETERS = {
    ("training", "recompute"): ("training", ("torch", "sklearn"), "recompute=true (training again with torch)"),
}


def require_for(scene: str, params: dict) -> None:
    """Raise the one-line ParamError of `require` when a parameter set here needs an extra that is missing."""
    for (name, key), (extra, modules, what) in PARAMETERS.items():
        if name == scene and params.get(key):
            require(extra, what, modules)
