"""Simulation-level cache: a scene's data, keyed by scene, parameters, code version and the data files it reads.

A cache folder may be shared (between users, with Dask workers), so nothing in it is trusted: an entry
is `MAGIC + sha256(payload) + payload`, the payload arrays and a JSON tree (`safe_data`, never a
pickle), and reading one runs no code whatever it holds. An entry that is a symlink, larger than
`MAX_ENTRY`, fails its checksum or is not what `safe_data` writes is ignored and computed again; data with
no safe form is not stored. Entries are written to a temporary file and renamed, so concurrent renders
never see a partial entry, and they take the mode the umask gives a new file.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from scenes.output.files import safe_data, safe_files

MAGIC = b"MACACHE2"  # entries of the pickled format (MACACHE1) are never read
MAX_ENTRY = 1 << 30


def default_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "momentum-anim"


def code_version(module_file: str) -> str:
    """A digest of the `sim` and `scenes` packages and the scene's own module (which may live elsewhere):
    any edit to the physics, a scene or the helpers it imports invalidates the entries. Worked out once
    per process for each version of the scene's file (a user's scene file may be edited between two
    renders in one notebook)."""
    st = os.stat(module_file)
    return _code_version(module_file, (st.st_mtime_ns, st.st_size))


@lru_cache(maxsize=None)
def _code_version(module_file: str, stamp) -> str:
    root = Path(__file__).resolve().parents[3]
    digest = hashlib.sha256()
    paths = sorted(root.joinpath("sim").rglob("*.py")) + sorted(root.joinpath("scenes").rglob("*.py"))
    for path in paths + [Path(module_file)]:
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def files_digest(paths) -> str:
    """A digest of the contents of the files a scene reads (a missing file counts as its absence)."""
    digest = hashlib.sha256()
    for path in map(Path, paths):
        digest.update(str(path.name).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()[:16]


def key(scene: str, params: dict[str, Any], version: str) -> str:
    blob = json.dumps({"scene": scene, "params": params, "version": version}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def load(path: Path) -> Any | None:
    """The cached value, or None when the entry is missing, a symlink, too large, fails its checksum or
    is not what `store` writes."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY:
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            raw = fh.read(MAX_ENTRY + 1)
    except OSError:
        return None
    head = len(MAGIC) + 32
    if len(raw) < head or raw[: len(MAGIC)] != MAGIC:
        return None
    payload = raw[head:]
    if hashlib.sha256(payload).digest() != raw[len(MAGIC):head]:
        return None
    try:
        return safe_data.loads(payload)
    except (safe_data.BadData, RecursionError):
        return None


def store(path: Path, value: Any) -> None:
    """Write `value` as an entry; data with no safe stored form is not stored (it is computed again)."""
    try:
        payload = safe_data.dumps(value)
    except safe_data.Unstorable:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    safe_files.sweep(path.parent)  # entries a killed render was writing
    tmp = safe_files.temp_path(path)  # recorded, so an interrupt anywhere in here leaves no stray file
    try:
        tmp.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)
        safe_files.commit(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def cached(cache_dir: Path | None, scene: str, params: dict[str, Any], module_file: str,
           compute: Callable[[], Any], data_files=()) -> tuple[Any, bool]:
    """(value, hit): the cached data for these inputs, computing and storing it on a miss."""
    if cache_dir is None:
        return compute(), False
    version = code_version(module_file)
    if data_files:
        version += "-" + files_digest(data_files)
    path = Path(cache_dir) / "data" / f"{scene}-{key(scene, params, version)}.data"
    value = load(path)
    if value is not None:
        return value, True
    value = compute()
    try:
        store(path, value)
    except OSError:
        pass  # an unwritable cache costs speed, not correctness
    return value, False
