"""Names the file system can hold: the checks a sweep's output and a render's output pass before any work.

A path is refused when it holds a NUL, when one of its parts is longer than NAME_MAX bytes, or when the
whole, made absolute, is PATH_MAX bytes or longer; both limits are those of the nearest folder that
exists (``os.pathconf``), else POSIX's usual 255 and 4096.
"""
from __future__ import annotations

import os
from pathlib import Path

from .messages import shown

NAME_MAX = 255
PATH_MAX = 4096


def nearest_existing(folder: Path) -> Path:
    """``folder``, or the nearest of its parents that exists."""
    folder = Path(folder)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def limit(folder: Path, name: str, default: int) -> int:
    """``os.pathconf(name)`` of the nearest existing folder, or ``default`` where the system has none."""
    try:
        return os.pathconf(nearest_existing(Path(folder)), name)
    except (OSError, ValueError):
        return default


def name_problem(text: str, label: str) -> str | None:
    """The one-line refusal of the path ``text`` that the file system cannot hold, beginning with
    ``label`` (``--out``, ``output``), or None when it can hold it."""
    if "\0" in text:
        return f"{label} {shown(text.replace(chr(0), '?'))}: a file name cannot hold a NUL character"
    folder = Path(text).parent
    name_max = limit(folder, "PC_NAME_MAX", NAME_MAX)
    path_max = limit(folder, "PC_PATH_MAX", PATH_MAX)
    if len(os.fsencode(os.path.abspath(text))) >= path_max:
        return f"{label} {shown(text)}: the path is longer than the {path_max} bytes this system allows"
    for part in Path(text).parts:
        if len(os.fsencode(part)) > name_max:
            return f"{label}: the name {shown(part)} is longer than the {name_max} bytes a file name may have"
    return None
