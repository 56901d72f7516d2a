"""Temporary files, atomic commits and the clean-up of what a killed render left behind.

Every temporary file of this tool is named `.momentum-anim-<pid>-<random>.part` (a private Manim folder
`.momentum-anim-<pid>-<random>.render`): short, so it fits wherever the final name fits, and naming its
writer, so a later render can tell a live writer's file from a dead one's (`sweep`).

`commit_pair` puts an output and its sidecar in place as one step: the old sidecar is set aside before
the output is replaced, so at no instant does a sidecar sit beside an output it does not describe; a
failure in between puts the earlier pair back. Signals wait until the step is over, and a lock on the
folder keeps two renders of one path from interleaving their renames.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

PREFIX = ".momentum-anim-"
STALE_AGE_S = 600.0  # a temporary untouched this long, whose writer is gone, is a leftover
_OURS = re.compile(r"^\.momentum-anim-(\d+)-[A-Za-z0-9_]+\.(part|render)$")
_LEGACY_RENDER = re.compile(r"^\.render-[A-Za-z0-9_]+$")  # private Manim folders of earlier versions
WATCHED = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))

_PENDING: set[Path] = set()  # temporary files of this process not yet renamed into place


@contextlib.contextmanager
def signals_deferred():
    """Hold Ctrl-C, SIGTERM and SIGHUP back for a few statements, so nothing is made unrecorded.

    Python runs signal handlers in the main thread whichever thread the kernel picked, so blocking
    the signals in this thread alone is not enough: the handlers themselves are swapped for ones that
    only note the signal, and a noted signal is raised again once the block is left.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # handlers never run here; the main thread's own interrupt cannot land in this block
        return
    caught: list[int] = []
    old = {sig: signal.signal(sig, lambda signum, frame: caught.append(signum)) for sig in WATCHED}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
        for sig in dict.fromkeys(caught):
            signal.raise_signal(sig)


def temp_path(target: Path) -> Path:
    """A fresh, empty hidden file in `target`'s folder (so the final rename is atomic).

    Every such file is recorded until it is committed, so `remove_pending()` can delete what an
    interrupted render leaves, wherever the interrupt landed.
    """
    with signals_deferred():
        fd, name = tempfile.mkstemp(prefix=f"{PREFIX}{os.getpid()}-", suffix=".part", dir=Path(target).parent)
        os.close(fd)
        _PENDING.add(Path(name))
    return Path(name)


def temp_dir(parent: Path) -> Path:
    """A fresh private folder named after this process, for `sweep` to find if the process dies."""
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", suffix=".render", dir=parent))


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def commit(tmp: Path, target: Path) -> None:
    """Atomically put a finished temporary file in place, with the permissions a new file would get."""
    os.chmod(tmp, _new_file_mode())
    os.replace(tmp, target)
    _PENDING.discard(tmp)


def discard(path: Path) -> None:
    Path(path).unlink(missing_ok=True)
    _PENDING.discard(Path(path))


def remove_pending() -> None:
    """Delete every temporary file this process made and did not commit."""
    for path in list(_PENDING):
        discard(path)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make the renames in `folder` durable; ignored where folders cannot be synced."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def folder_lock(folder: Path):
    """An exclusive flock on the folder itself (no lock file to leave behind); a no-op where unsupported."""
    try:
        import fcntl

        fd = os.open(folder, os.O_RDONLY)
    except (ImportError, OSError):
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass
        yield
    finally:
        os.close(fd)  # closing releases the lock


def commit_pair(out_tmp: Path, out: Path, side_tmp: Path, side: Path) -> None:
    """Replace `out` and its sidecar `side` by two finished temporaries, as one step.

    Order: the old sidecar is moved aside, the output replaced, the new sidecar put in place. A crash
    (kill -9, power) between two renames leaves an output without a sidecar, which is rendered again,
    never a sidecar describing another output. An error between them restores the earlier pair.
    """
    folder = Path(out).parent
    with signals_deferred(), folder_lock(folder):
        old_side = old_out = None
        if os.path.lexists(side):
            old_side = temp_path(side)
            os.replace(side, old_side)  # a folder at `side` fails here, before anything changed
        try:
            if os.path.isfile(out):
                old_out = temp_path(out)
                try:
                    os.unlink(old_out)
                    os.link(out, old_out)  # the earlier output, kept until the new pair is in place
                except OSError:
                    discard(old_out)
                    old_out = None
            commit(out_tmp, out)
            try:
                commit(side_tmp, side)
            except BaseException:
                if old_out is not None:
                    os.replace(old_out, out)
                    _PENDING.discard(old_out)
                else:
                    os.unlink(out)  # no earlier output to put back: at least no wrong pairing
                raise
        except BaseException:
            if old_side is not None:
                os.replace(old_side, side)
                _PENDING.discard(old_side)
            raise
        finally:
            for path in (old_out, old_side):
                if path is not None:
                    discard(path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _last_touched(path: Path) -> float:
    stamps = [path.lstat().st_mtime]
    if path.is_dir() and not path.is_symlink():
        for child in path.iterdir():
            with contextlib.suppress(OSError):
                stamps.append(child.lstat().st_mtime)
    return max(stamps)


def sweep(folder: Path, max_age: float = STALE_AGE_S, legacy: bool = False) -> list[Path]:
    """Remove this tool's temporaries in `folder` whose writer is gone and that are older than `max_age`.

    Only names this tool makes are touched; a live writer's file, or a recent one, is left alone.
    `legacy` (for the Manim cache folder) also removes earlier versions' `.render-*` folders, which name
    no process: by age alone.
    Returns what was removed; errors (a read-only folder, a race with another sweep) are ignored.
    """
    removed = []
    now = time.time()
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for path in entries:
        ours = _OURS.match(path.name)
        old_kind = legacy and _LEGACY_RENDER.match(path.name)
        if not (ours or old_kind):
            continue
        try:
            if ours and _alive(int(ours.group(1))):
                continue
            if now - _last_touched(path) < max_age:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except OSError:
            continue
    return removed
