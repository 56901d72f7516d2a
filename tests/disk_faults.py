"""Real faults for the reliability tests: a small tmpfs (full, or read-only), old temporaries, dead pids."""
from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = 4096


def cli(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "render.py"), *args]


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in Path(folder).iterdir() if p.name.startswith(".") or p.suffix == ".part")


@contextlib.contextmanager
def tmpfs(where: Path, size: str = "4m", readonly: bool = False):
    """Mount a real tmpfs at `where` (made if missing); yields False where mounting is not allowed."""
    where.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if readonly else "")
    try:
        made = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                              capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        made = False
    try:
        yield made
    finally:
        if made:
            subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=30)


def fill(folder: Path, leave: int) -> None:
    """Fill the file system of `folder` until exactly `leave` bytes (whole pages) are free."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    leave = -(-leave // PAGE) * PAGE
    assert free >= leave, f"only {free} bytes free, need {leave}"
    with open(folder / "filler", "wb") as f:
        f.write(b"\0" * (free - leave))
    st = os.statvfs(folder)
    assert st.f_bavail * st.f_frsize == leave


def dead_pid() -> int:
    """The pid of a process that has exited and been reaped."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))
