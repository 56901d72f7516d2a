"""The output file and its sidecar on disk: checks before a render, the skip check, the paired commit.

A sidecar records the size and SHA-256 of the output it describes; a render is skipped only when the
sidecar is a JSON object naming the same request and the output on disk has exactly that size and digest.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from scenes.output.files import safe_files
from scenes.kit.params import ParamError
from sim.messages import shown
from sim.paths import NAME_MAX, PATH_MAX, limit, name_problem, nearest_existing

SIDECAR_SUFFIX = ".json"
WRITTEN: list[Path] = []  # outputs committed by this process (or its children, for `all`)


class OutputError(ParamError):
    """An output path that cannot work: one line, exit code 2, before any rendering."""


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def check_name(text: str) -> None:
    """Refuse, before anything touches the disk, an output name the file system cannot hold: a NUL, a part
    longer than NAME_MAX bytes, a whole longer than PATH_MAX. The message shows a long name elided."""
    problem = name_problem(text, "--out")
    if problem:
        raise OutputError(problem)


def check_path(path: Path) -> None:
    """Refuse an output whose name or sidecar name is too long, or whose sidecar path is a folder."""
    side = sidecar_path(path)
    folder = path.parent
    name_max = limit(folder, "PC_NAME_MAX", NAME_MAX)
    path_max = limit(folder, "PC_PATH_MAX", PATH_MAX)
    for p in (path, side):
        size = len(os.fsencode(p.name))
        if size > name_max:
            what = "file name" if p is path else "sidecar's name"
            raise OutputError(f"--out: the {what} {shown(p.name)} is {size} bytes; this folder allows at most "
                              f"{name_max}" + (f" (the sidecar adds {len(SIDECAR_SUFFIX)})" if p is side else ""))
        if len(os.fsencode(os.path.abspath(p))) >= path_max:
            raise OutputError(f"--out: the path is longer than this system's limit of {path_max} bytes")
    if path.is_dir():
        raise OutputError(f"--out {shown(path)} names a folder; end it with / to render into it")
    if side.is_dir() and not side.is_symlink():
        raise OutputError(f"the sidecar {shown(side)} is a folder; move it away or choose another --out")
    existing = nearest_existing(folder)
    if not existing.is_dir():
        raise OutputError(f"--out: cannot make the output folder: {shown(existing)} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"--out {shown(path)}: folder {shown(existing)} is not writable")


def prepare_folder(folder: Path) -> None:
    """Create the output folder, or say in one line why it cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {shown(folder)}: {exc.strerror or exc}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"output folder {shown(folder)} is not writable")


def reserve(path: Path) -> tuple[Path, Path]:
    """Make the two temporaries (output, sidecar) before rendering: a folder that takes no new file
    (/proc, /sys, a read-only mount) fails here, in one line, not after the render."""
    made = []
    try:
        for _ in range(2):
            made.append(safe_files.temp_path(path))
    except OSError as exc:
        for tmp in made:
            safe_files.discard(tmp)
        raise OutputError(f"cannot write in output folder {shown(path.parent)}: {exc.strerror or exc}") from None
    return made[0], made[1]


def digest(path: Path) -> tuple[int, str]:
    """(size in bytes, SHA-256 hex digest) of a file."""
    sha = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


def read_sidecar(path: Path) -> dict | None:
    """The sidecar of `path` as a dict, or None when it is missing, unreadable or not a JSON object."""
    try:
        old = json.loads(sidecar_path(path).read_text())
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return old if isinstance(old, dict) else None


def up_to_date(path: Path, identity: dict[str, Any], optional: tuple[str, ...] = ()) -> bool:
    """The output is exactly what its sidecar describes, and the sidecar names this request. An `optional`
    key is part of the identity only when set; one the earlier render set and this one does not (captions
    then, none now) makes it another request."""
    old = read_sidecar(path)
    if old is None or not all(old.get(k) == v for k, v in identity.items()):
        return False
    if any(k in old and k not in identity for k in optional):
        return False
    try:
        if not path.is_file() or path.stat().st_size != old.get("output_bytes"):
            return False
        return digest(path) == (old.get("output_bytes"), old.get("output_sha256"))
    except OSError:
        return False


def write_sidecar(tmp: Path, obj: dict) -> None:
    """Write the sidecar's JSON to its temporary, flush it, and read it back: a short write fails here."""
    text = json.dumps(obj, indent=2, sort_keys=False) + "\n"
    with open(tmp, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    if tmp.read_text() != text:
        raise OSError(f"the sidecar {tmp.name} did not read back as written")


def commit(out_tmp: Path, out: Path, side_tmp: Path) -> None:
    """Put the finished output and its sidecar in place as one step (`safe_files.commit_pair`).

    The path is recorded in WRITTEN before a signal held back meanwhile is let through, so the
    message after an interrupt can say that it was written.
    """
    with safe_files.signals_deferred():
        safe_files.commit_pair(out_tmp, out, side_tmp, sidecar_path(out))
        WRITTEN.append(out)
    safe_files.fsync_dir(out.parent)


def make_folders(paths) -> None:
    """The folder of every output path, made just before the renders start."""
    for path in paths:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
