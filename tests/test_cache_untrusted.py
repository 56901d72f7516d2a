"""A shared cache is untrusted input: entries are arrays and JSON, never pickles, and every kind of
hostile entry planted in a shared cache folder is ignored (computed again) without running anything."""
from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from scenes.output.files import cache, safe_data

ROOT = Path(__file__).resolve().parent.parent


class Boom:
    """Unpickling this touches a marker file: proof that a pickle ran."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def _entry(payload: bytes) -> bytes:
    return cache.MAGIC + hashlib.sha256(payload).digest() + payload


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _npy(a, allow_pickle=False) -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array(buf, a, allow_pickle=allow_pickle)
    return buf.getvalue()


def _hostile(marker: Path, outside: Path) -> dict[str, object]:
    """name -> the bytes of the entry (or a callable that plants it at a path)."""
    evil = pickle.dumps(Boom(marker))
    objects = np.array([Boom(marker)], dtype=object)
    return {
        "pickle behind header and checksum": _entry(evil),
        "old format pickle with its checksum": b"MACACHE1" + hashlib.sha256(evil).digest() + evil,
        "raw pickle": evil,
        "object array behind the checksum": _entry(_zip({"tree.json": b'{"a":0}', "0.npy": _npy(objects, True)})),
        "tree naming a missing array": _entry(_zip({"tree.json": b'{"a":7}'})),
        "tree of unknown tags": _entry(_zip({"tree.json": b'{"__reduce__":["os.system","touch x"]}'})),
        "deep tree": _entry(_zip({"tree.json": b'{"t":[' * 100000 + b"]}" * 100000})),
        "stray member": _entry(_zip({"tree.json": b"1", "run.py": b"import os"})),
        "not a zip": _entry(b"hello"),
        "empty": b"",
        "symlink out of the folder": lambda path: path.symlink_to(outside),
        "huge file": lambda path: _sparse(path, cache.MAX_ENTRY + 1),
        "a folder": lambda path: path.mkdir(),
    }


def _sparse(path: Path, size: int) -> None:
    with open(path, "wb") as fh:
        fh.truncate(size)


def test_a_round_trip_keeps_every_kind_of_scene_data():
    value = {"xs": np.linspace(0, 1, 5), "steps": np.arange(3), "ok": np.array([True, False]), "name": "valley",
             "n": 3, "f": 0.1, "nan": float("nan"), "inf": float("-inf"), "none": None, "flag": True,
             "pair": (1, "a", np.float64(2.5)), "nested": [{"k": [1, 2.0]}], 3: "int key", (1, 2): "tuple key",
             "np": np.int64(7), "labels": np.array(["a", "bc"])}
    back = safe_data.loads(safe_data.dumps(value))
    assert back.keys() == value.keys()
    for k, v in value.items():
        if isinstance(v, np.ndarray):
            assert back[k].dtype == v.dtype and np.array_equal(back[k], v)
        elif isinstance(v, float) and v != v:
            assert back[k] != back[k]
        else:
            assert back[k] == v and type(back[k]) is type(v), k
    assert type(back["pair"][2]) is np.float64


@pytest.mark.parametrize("value", [np.array([object()], dtype=object), {"f": lambda: 1}, {1, 2}, Boom("x")])
def test_data_without_a_safe_form_is_not_stored_and_is_computed_again(tmp_path, value):
    calls = []

    def compute():
        calls.append(1)
        return {"v": value}

    for _ in range(2):
        got, hit = cache.cached(tmp_path, "valley", {"a": 1}, __file__, compute)
        assert not hit
    assert len(calls) == 2 and not list((tmp_path / "data").glob("*.data"))


def test_every_hostile_entry_is_ignored_and_nothing_runs(tmp_path):
    marker, outside = tmp_path / "ran", tmp_path / "outside.data"
    good = {"x": np.arange(4.0)}
    cache_dir = tmp_path / "shared"
    cache.cached(cache_dir, "valley", {"a": 1}, __file__, lambda: good)
    entry = next((cache_dir / "data").glob("valley-*.data"))
    outside.write_bytes(_entry(pickle.dumps(Boom(marker))))
    for name, planted in _hostile(marker, outside).items():
        if entry.is_dir():
            entry.rmdir()
        elif entry.exists() or entry.is_symlink():
            entry.unlink()
        if callable(planted):
            planted(entry)
        else:
            entry.write_bytes(planted)
        calls = []
        value, hit = cache.cached(cache_dir, "valley", {"a": 1}, __file__,
                                  lambda: calls.append(1) or {"x": np.arange(4.0)})
        assert not hit and calls == [1], name
        assert np.array_equal(value["x"], good["x"]), name
        assert not marker.exists(), name
    assert outside.read_bytes().startswith(cache.MAGIC)  # the link's target was never written through


def test_a_planted_entry_in_a_shared_cache_runs_nothing_in_a_real_render(tmp_path):
    """The command line, with a cache another user could write to: plant a pickle where the next render's
    entry will be, with its header and checksum, and render."""
    shared = tmp_path / "shared"
    args = [sys.executable, str(ROOT / "render.py"), "valley", "--backend", "mpl", "--format", "png", "--quality",
            "low", "--cache-dir", str(shared), "-o"]
    first = subprocess.run(args + [str(tmp_path / "a.png")], capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    marker = tmp_path / "ran"
    for entry in (shared / "data").iterdir():
        entry.write_bytes(_entry(pickle.dumps(Boom(marker))))
    second = subprocess.run(args + [str(tmp_path / "b.png")], capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert not marker.exists()
    a = json.loads(Path(str(tmp_path / "a.png") + ".json").read_text())
    b = json.loads(Path(str(tmp_path / "b.png") + ".json").read_text())
    assert a["story"] == b["story"]
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_cache_entries_take_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        cache.cached(tmp_path, "valley", {"a": 1}, __file__, lambda: {"x": np.arange(3.0)})
    finally:
        os.umask(old)
    entry = next((tmp_path / "data").glob("*.data"))
    assert entry.stat().st_mode & 0o777 == 0o666 & ~umask
