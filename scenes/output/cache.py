"""Simulation-level cache: a scene's data, keyed by scene, parameters, code version and the data files it reads.

Each entry is `MAGIC + sha256(payload) + payload` with a pickled payload; an entry whose checksum does
not match (truncated, corrupt, half-written) is ignored and recomputed, never trusted. Entries are
written to a temporary file and renamed, so concurrent renders never see a partial entry.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from scenes.output import encode, safe_files

MAGIC = b"MACACHE1"


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
    root = Path(__file__).resolve().parents[2]
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
    """The cached value, or None when the entry is missing or fails its checksum."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + 32
    if len(raw) < head or raw[: len(MAGIC)] != MAGIC:
        return None
    payload = raw[head:]
    if hashlib.sha256(payload).digest() != raw[len(MAGIC):head]:
        return None
    try:
        return pickle.loads(payload)
    except Exception:
        return None


def store(path: Path, value: Any) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    path.parent.mkdir(parents=True, exist_ok=True)
    safe_files.sweep(path.parent)  # entries a killed render was writing
    tmp = encode.temp_path(path)  # recorded, so an interrupt anywhere in here leaves no stray file
    try:
        tmp.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)
        encode.commit(tmp, path)
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
    path = Path(cache_dir) / "data" / f"{scene}-{key(scene, params, version)}.pkl"
    value = load(path)
    if value is not None:
        return value, True
    value = compute()
    try:
        store(path, value)
    except OSError:
        pass  # an unwritable cache costs speed, not correctness
    return value, False
