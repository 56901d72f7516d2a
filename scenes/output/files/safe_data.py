"""A scene's data as bytes that cannot run code when read back: an uncompressed ``.npz`` of its arrays
(never with pickle) plus a JSON tree of everything else.

A scene's data is dicts, lists and tuples of strings, numbers, booleans, None and numpy arrays. The tree
names each array by its index; floats that JSON cannot hold (nan, ±inf) are tagged. Anything else (an
object array, a class instance) cannot be stored: :func:`dumps` raises :class:`Unstorable`, and the
caller computes it again next time instead. :func:`loads` refuses, with :class:`BadData`, a payload that is
not what :func:`dumps` writes, reading each array's header (dtype, size) before its data.
"""
from __future__ import annotations

import io
import json
import math
import zipfile
from typing import Any

import numpy as np

TREE = "tree"
KINDS = "biufcUS"  # bool, integers, floats, complex, fixed-width strings: never objects
MAX_ARRAY_BYTES = 1 << 30


class Unstorable(TypeError):
    """A value that has no safe form (an object array, an instance of a class)."""


class BadData(ValueError):
    """A payload that is not one :func:`dumps` wrote."""


def dumps(value: Any) -> bytes:
    arrays: list[np.ndarray] = []
    tree = _encode(value, arrays)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr(TREE + ".json", json.dumps(tree, allow_nan=False, separators=(",", ":")))
        for i, a in enumerate(arrays):
            with z.open(f"{i}.npy", "w") as fh:
                np.lib.format.write_array(fh, a, allow_pickle=False)
    return buf.getvalue()


def _encode(v: Any, arrays: list[np.ndarray]) -> Any:
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int) and type(v) is int:
        return v
    if type(v) is float:
        return v if math.isfinite(v) else {"f": repr(v)}
    if isinstance(v, np.generic):
        return {"s": _array(np.asarray(v), arrays)}
    if isinstance(v, np.ndarray):
        return {"a": _array(v, arrays)}
    if type(v) is list:
        return [_encode(x, arrays) for x in v]
    if type(v) is tuple:
        return {"t": [_encode(x, arrays) for x in v]}
    if type(v) is dict:
        return {"d": [[_encode(k, arrays), _encode(x, arrays)] for k, x in v.items()]}
    raise Unstorable(f"a {type(v).__name__} has no safe stored form")


def _array(a: np.ndarray, arrays: list[np.ndarray]) -> int:
    if a.dtype.kind not in KINDS or a.dtype.hasobject:
        raise Unstorable(f"an array of dtype {a.dtype} has no safe stored form")
    arrays.append(a)
    return len(arrays) - 1


def loads(payload: bytes) -> Any:
    try:
        z = zipfile.ZipFile(io.BytesIO(payload))
    except zipfile.BadZipFile:
        raise BadData("not a zip archive") from None
    with z:
        names = set(z.namelist())
        if TREE + ".json" not in names:
            raise BadData("no tree")
        arrays = {}
        for name in names - {TREE + ".json"}:
            stem = name[:-4]
            if not (name.endswith(".npy") and stem.isdigit()):
                raise BadData(f"unexpected member {name[:40]!r}")
            arrays[int(stem)] = _read_array(z, name)
        try:
            tree = json.loads(z.read(TREE + ".json"))
        except (ValueError, UnicodeDecodeError):
            raise BadData("the tree is not JSON") from None
    return _decode(tree, arrays)


def _read_array(z: zipfile.ZipFile, name: str) -> np.ndarray:
    info = z.getinfo(name)
    if info.file_size > MAX_ARRAY_BYTES:
        raise BadData(f"{name} is larger than {MAX_ARRAY_BYTES} bytes")
    with z.open(info) as fh:
        try:
            version = np.lib.format.read_magic(fh)
            read = {(1, 0): np.lib.format.read_array_header_1_0}.get(version, np.lib.format.read_array_header_2_0)
            shape, _, dtype = read(fh)
        except ValueError as exc:
            raise BadData(f"{name}: {exc}") from None
    if dtype.kind not in KINDS or dtype.hasobject:
        raise BadData(f"{name} has dtype {dtype}")
    with z.open(info) as fh:
        try:
            return np.lib.format.read_array(fh, allow_pickle=False)
        except ValueError as exc:
            raise BadData(f"{name}: {exc}") from None


def _decode(t: Any, arrays: dict[int, np.ndarray]) -> Any:
    if t is None or isinstance(t, (bool, str, int, float)):
        return t
    if isinstance(t, list):
        return [_decode(x, arrays) for x in t]
    if isinstance(t, dict) and len(t) == 1:
        (tag, body), = t.items()
        if tag == "f" and body in ("nan", "inf", "-inf"):
            return float(body)
        if tag in ("a", "s") and type(body) is int and body in arrays:
            return arrays[body] if tag == "a" else arrays[body][()]
        if tag == "t" and isinstance(body, list):
            return tuple(_decode(x, arrays) for x in body)
        if tag == "d" and isinstance(body, list) and all(isinstance(p, list) and len(p) == 2 for p in body):
            return {_key(_decode(k, arrays)): _decode(x, arrays) for k, x in body}
    raise BadData("the tree holds something dumps never writes")


def _key(k: Any) -> Any:
    try:
        hash(k)
    except TypeError:
        raise BadData("a dict key that cannot be one") from None
    return k
