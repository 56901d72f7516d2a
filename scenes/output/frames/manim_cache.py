"""The shared cache of Manim's typeset text and formulas: read by copy, written by atomic rename only.

Manim rewrites its SVGs in its media folder in place (open with O_TRUNC), so no render may ever point
Manim at a shared file: each render gets a private folder in the system's temporary folder, seeded with
*copies* of the cache's valid entries, and what it typeset is published back, once it has succeeded,
by copying to a temporary beside the entry and renaming it into place. A corrupt entry (empty,
truncated, garbage) fails `valid_entry`, is not seeded, is typeset again and replaced. A cache that
cannot be used (read-only, full, a file in its path) costs speed, never the render: one warning.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from scenes.output.files import safe_files

CACHED_SUBDIRS = ("texts", "Tex", "mathtext")


def valid_entry(path: Path) -> bool:
    """A cache file that is complete: an SVG that parses with an <svg> root, a DVI with its end marker,
    a .tex file with its \\end{document}; anything else must at least not be empty."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size == 0:
            return False
        suffix = path.suffix.lower()
        if suffix == ".svg":
            return ET.parse(path).getroot().tag.rsplit("}", 1)[-1] == "svg"
        if suffix == ".dvi":
            raw = path.read_bytes()
            return raw[:2] == b"\xf7\x02" and raw.endswith(b"\xdf\xdf\xdf\xdf")
        if suffix == ".tex":
            return "\\end{document}" in path.read_text(errors="replace")
        return True
    except (OSError, ET.ParseError, ValueError):
        return False


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _usable(shared: Path) -> str | None:
    """None when the cache folder can be read and written, else why not (in a few words)."""
    try:
        for sub in CACHED_SUBDIRS:
            (shared / sub).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return exc.strerror or str(exc)
    if not all(os.access(shared / sub, os.R_OK | os.W_OK | os.X_OK) for sub in CACHED_SUBDIRS):
        return "not writable"
    return None


def _seed(shared: Path, private: Path) -> None:
    for sub in CACHED_SUBDIRS:
        try:
            entries = list((shared / sub).iterdir())
        except OSError:
            continue
        for f in entries:
            if not f.name.startswith(".") and valid_entry(f):
                with contextlib.suppress(OSError):
                    shutil.copyfile(f, private / sub / f.name)


def _publish(private: Path, shared: Path) -> None:
    """Copy each new or repaired entry to a temporary in the cache and rename it into place."""
    for sub in CACHED_SUBDIRS:
        for f in sorted((private / sub).iterdir()):
            dest = shared / sub / f.name
            if f.name.startswith(".") or not valid_entry(f) or valid_entry(dest):
                continue
            tmp = safe_files.temp_path(dest)
            try:
                shutil.copyfile(f, tmp)
                safe_files.commit(tmp, dest)
            finally:
                safe_files.discard(tmp)


@contextlib.contextmanager
def private_media_dir(shared: Path | None):
    """A media folder of this render's own, seeded from (and, on success, published to) `shared`.

    Leftovers of killed renders (private folders and publishing temporaries whose process is gone) are
    removed on the way in.
    """
    scratch = Path(tempfile.gettempdir())
    safe_files.sweep(scratch)
    problem = None
    if shared is not None:
        problem = _usable(shared)
        if problem is None:
            safe_files.sweep(shared, legacy=True)
            for sub in CACHED_SUBDIRS:
                safe_files.sweep(shared / sub)
        else:
            _warn(f"Manim cache {str(shared)!r} is unusable ({problem}); typesetting in a private temporary "
                  "folder, nothing is cached")
    private = safe_files.temp_dir(scratch)
    try:
        for sub in CACHED_SUBDIRS:
            (private / sub).mkdir()
        if shared is not None and problem is None:
            _seed(shared, private)
        yield private
        if shared is not None and problem is None:
            try:
                _publish(private, shared)
            except OSError as exc:
                _warn(f"could not save typeset text to the Manim cache {str(shared)!r}: {exc.strerror or exc}")
    finally:
        shutil.rmtree(private, ignore_errors=True)
