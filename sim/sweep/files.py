"""The files a sweep writes: its output path checked before any work, its temporaries named, created with
the user's umask, and those of sweeps that died removed by the next sweep into the same folder.

A temporary is named ``.sweep-<host>-<pid>-<random>.<kind>`` beside the output, where ``kind`` is
``values.npy``/``done.npy`` (the values as they arrive) or ``npz.tmp`` (the result being written). Its
writer removes it when done, interrupted or failed; a writer killed outright (SIGKILL, power loss) cannot,
so each sweep first removes the temporaries whose process is gone (same host), and any not modified for
``STALE_AGE`` seconds (another host's, or a reused process id). Temporaries of older versions
(``.<name>.npz.<8 chars>.values.npy``) go once ``LEGACY_AGE`` seconds old.
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import socket
import time
from pathlib import Path

from ..messages import MAX_SHOWN, shown  # noqa: F401
from ..paths import name_problem
from .grid import SweepError

STALE_AGE = 24 * 3600.0
LEGACY_AGE = 600.0
_HOST = hashlib.sha1(socket.gethostname().encode()).hexdigest()[:6]
_OURS = re.compile(r"^\.sweep-([0-9a-f]{6})-(\d+)-[0-9a-f]{8}\.(values\.npy|done\.npy|npz\.tmp)$")
_LEGACY = re.compile(r"^\..+\.npz\.[A-Za-z0-9_]{8}\.(values\.npy|done\.npy|tmp)$")


def check_out(out) -> Path | None:
    """The output path, refused in one short line (SweepError) before any work when it cannot be written:
    not ``.npz``, a NUL or an over-long name or component, a missing or unwritable folder, a folder."""
    if out is None:
        return None
    text = os.fspath(out)
    problem = name_problem(text, "output")
    if problem:
        raise SweepError(problem)
    out = Path(text)
    if out.suffix != ".npz":
        raise SweepError(f"output {shown(out)}: name an .npz file")
    folder = out.parent
    if not folder.is_dir():
        raise SweepError(f"output {shown(out)}: folder {shown(folder)} does not exist")
    if out.is_dir():
        raise SweepError(f"output {shown(out)}: is a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise SweepError(f"output {shown(out)}: folder {shown(folder)} is not writable")
    return out


def temporary(folder: Path, kind: str) -> Path:
    """Create and return an empty temporary ``kind`` file in ``folder``, exclusively, with mode 0666 less
    the umask (as every file the sweep leaves behind)."""
    for _ in range(100):
        path = folder / f".sweep-{_HOST}-{os.getpid()}-{secrets.token_hex(4)}.{kind}"
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free temporary name in {shown(folder)}")


def sibling(path: Path, kind: str) -> Path:
    """The temporary of another ``kind`` with the same name stem as ``path`` (made by :func:`temporary`)."""
    stem = path.name.split(".")[1]
    return path.with_name(f".{stem}.{kind}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_stale(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temporaries in ``folder`` left by sweeps that are no longer running; return them."""
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        ours, legacy = _OURS.match(entry.name), _LEGACY.match(entry.name)
        if not (ours or legacy):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        age = now - st.st_mtime
        if ours:
            dead = ours.group(1) == _HOST and int(ours.group(2)) != os.getpid() and not _alive(int(ours.group(2)))
            stale = dead or age > STALE_AGE
        else:
            stale = age > LEGACY_AGE
        if stale:
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed
