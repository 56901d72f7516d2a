"""A sweep's result, in memory or on disk.

:class:`SweepResult` looks like an ``xarray.DataArray``: ``values`` (numpy, the grid's axes in the grid's
order, then ``run``), ``dims``, ``coords`` and ``attrs``; ``to_xarray()`` makes one where xarray is installed.
``done`` marks the entries computed (False where a chunk failed), ``failures`` says which chunks and why.

On disk it is an ``.npz`` whose arrays are stored uncompressed, so :func:`load` maps ``values`` from the file
instead of reading it (a sweep larger than memory stays on disk). While a sweep runs, its values go to a
temporary ``.npy`` mapped in memory as each chunk arrives; the ``.npz`` replaces the output only when it is
complete, in one rename. Every file takes the mode 0666 less the umask; see :mod:`.files` for the
temporaries' names and who removes them.
"""
from __future__ import annotations

import errno
import json
import math
import os
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .files import remove_stale, sibling, temporary


@dataclass
class SweepResult:
    values: np.ndarray
    dims: tuple[str, ...]
    coords: dict[str, np.ndarray]
    attrs: dict = field(default_factory=dict)
    done: np.ndarray | None = None
    failures: list[dict] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.failures

    @property
    def shape(self) -> tuple[int, ...]:
        return self.values.shape

    def to_xarray(self):
        from sim.extras import need

        xarray = need("xarray", None, "to_xarray")  # MissingExtra, an ImportError: "... pip install xarray"

        return xarray.DataArray(np.asarray(self.values), dims=self.dims, coords=self.coords, attrs=self.attrs)

    def save(self, path) -> Path:
        return save(path, self)

    def __repr__(self) -> str:
        axes = ", ".join(f"{d}: {n}" for d, n in zip(self.dims, self.values.shape))
        state = "complete" if self.complete else f"{len(self.failures)} chunk(s) failed"
        return f"SweepResult({self.attrs.get('reduce', '?')}; {axes}; {state})"


def _arrays(result: SweepResult, starts: np.ndarray | None) -> dict[str, np.ndarray]:
    meta = dict(dims=list(result.dims), attrs=result.attrs, failures=result.failures)
    arrays = {"values": result.values, "meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)}
    if result.done is not None:
        arrays["done"] = result.done
    for name, c in result.coords.items():
        arrays["coord_" + name] = np.asarray(c)
    if starts is not None:
        arrays["starts"] = starts
    return arrays


def save(path, result: SweepResult, starts: np.ndarray | None = None) -> Path:
    """Write ``result`` to ``path`` (.npz, uncompressed) through a temporary and one rename; the arrays
    are streamed (a memory-mapped ``values`` is never read whole)."""
    path = Path(path)
    tmp = temporary(path.parent, "npz.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED, allowZip64=True) as z:
            for name, arr in _arrays(result, starts).items():
                with z.open(name + ".npy", "w", force_zip64=True) as fh:
                    np.lib.format.write_array(fh, np.asanyarray(arr), allow_pickle=False)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _member(path: Path, z: zipfile.ZipFile, name: str, mmap: bool):
    info = z.getinfo(name + ".npy")
    if not mmap or info.compress_type != zipfile.ZIP_STORED:
        with z.open(info) as fh:
            return np.lib.format.read_array(fh, allow_pickle=False)
    with open(path, "rb") as fh:
        fh.seek(info.header_offset)
        header = fh.read(30)
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        fh.seek(info.header_offset + 30 + name_len + extra_len)
        version = np.lib.format.read_magic(fh)
        read_header = {(1, 0): np.lib.format.read_array_header_1_0}.get(version, np.lib.format.read_array_header_2_0)
        shape, fortran, dtype = read_header(fh)
        offset = fh.tell()
    if math.prod(shape) == 0:
        return np.empty(shape, dtype)
    return np.memmap(path, dtype=dtype, mode="r", offset=offset, shape=shape, order="F" if fortran else "C")


class BadSweepFile(ValueError):
    """A file that is not a sweep this module wrote: said in one line, nothing of it used."""


def _checked(path: Path, z: zipfile.ZipFile, name: str, kinds: str, mmap: bool = False, shape=None):
    """A member whose dtype kind is one of ``kinds`` (and whose shape is ``shape``, if given), read from
    its header before any of its data is mapped or read: an object array is never touched."""
    try:
        info = z.getinfo(name + ".npy")
        with z.open(info) as fh:
            version = np.lib.format.read_magic(fh)
            read_header = {(1, 0): np.lib.format.read_array_header_1_0}.get(
                version, np.lib.format.read_array_header_2_0)
            got_shape, _, dtype = read_header(fh)
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
        raise BadSweepFile(f"{path.name}: {name} is missing or unreadable ({exc})"[:200]) from None
    if dtype.kind not in kinds or dtype.hasobject or (shape is not None and tuple(got_shape) != tuple(shape)):
        raise BadSweepFile(f"{path.name}: {name} has dtype {dtype.str} and shape {got_shape}, "
                           "not what a sweep writes"[:200])
    return _member(path, z, name, mmap)


def load(path, mmap: bool = True) -> SweepResult:
    """Read a saved sweep; with ``mmap`` its values stay on disk until used. Pickles are never loaded,
    and every array's dtype and shape are checked from its header first (BadSweepFile, a ValueError)."""
    path = Path(path)
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise BadSweepFile(f"{path.name}: not a sweep result (.npz)") from None
    with z:
        names = {n[:-4] for n in z.namelist() if n.endswith(".npy")}
        try:
            meta = json.loads(_checked(path, z, "meta", "u").tobytes().decode())
            dims, attrs, failures = list(meta["dims"]), dict(meta["attrs"]), list(meta["failures"])
        except (ValueError, KeyError, TypeError):
            raise BadSweepFile(f"{path.name}: its description is not a sweep's") from None
        coords = {d: _checked(path, z, "coord_" + d, "biuf") for d in dims if "coord_" + d in names}
        shape = tuple(len(coords[d]) if d in coords else None for d in dims)
        values = _checked(path, z, "values", "f", mmap)
        if values.ndim != len(dims) or any(n is not None and n != m for n, m in zip(shape, values.shape)):
            raise BadSweepFile(f"{path.name}: values of shape {values.shape} do not match its axes {dims}")
        done = _checked(path, z, "done", "b", mmap, values.shape) if "done" in names else None
    return SweepResult(values, tuple(dims), coords, attrs, done, failures)


def load_starts(path) -> np.ndarray:
    with zipfile.ZipFile(path) as z:
        return _checked(Path(path), z, "starts", "f")


class Buffer:
    """Where a running sweep's values go: an array in memory, or (with ``out``) a temporary ``.npy`` beside
    the output, mapped in memory. ``close()`` removes the temporary."""

    def __init__(self, shape: tuple[int, ...], out: Path | None):
        self.tmp = None
        if out is None:
            self.values = np.full(shape, np.nan)
            self.done = np.zeros(shape, dtype=bool)
            return
        remove_stale(out.parent)
        self.tmp = [temporary(out.parent, "values.npy")]
        try:
            self.tmp.append(sibling(self.tmp[0], "done.npy"))
            os.close(os.open(self.tmp[1], os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            self.values = np.lib.format.open_memmap(self.tmp[0], mode="w+", dtype=np.float64, shape=shape)
            self.done = np.lib.format.open_memmap(self.tmp[1], mode="w+", dtype=bool, shape=shape)
            for p in self.tmp:  # reserve the space now: a full disk is an OSError here, not SIGBUS later
                _reserve(p)
        except BaseException:
            self.close()
            raise
        self.values.reshape(-1)[:] = np.nan  # open_memmap zero-fills the done mask already

    def put(self, flat: np.ndarray, values: np.ndarray) -> None:
        self.values.reshape(-1)[flat] = values
        self.done.reshape(-1)[flat] = True

    def close(self) -> None:
        for p in self.tmp or []:
            try:
                p.unlink()
            except FileNotFoundError:
                pass


def _reserve(path: Path) -> None:
    with open(path, "r+b") as fh:
        try:
            os.posix_fallocate(fh.fileno(), 0, os.fstat(fh.fileno()).st_size)
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
                raise
