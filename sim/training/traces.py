"""Trace files: numpy arrays plus one JSON metadata string, in an ``.npz`` written atomically."""
from __future__ import annotations

import contextlib
import json
import os
import secrets
from typing import IO, Iterator

import numpy as np

META_KEY = "meta"


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[IO[bytes]]:
    """Yield a temporary file next to ``path``; rename it to ``path`` only if the block succeeds.

    The temporary file is created on entry, so an unwritable folder fails before any work is done,
    and it is removed on any exception, KeyboardInterrupt included.
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    # Named here rather than by mkstemp, so an interrupt landing just after the file is created still
    # knows what to remove; 0o666 lets the umask give it a normal file's mode.
    tmp = os.path.join(folder, f".tmp-{secrets.token_hex(8)}.npz")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise  # someone else's file: not ours to remove
    except BaseException:
        _remove(tmp)
        raise
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def write_traces(fh: IO[bytes], result: dict, command: str) -> None:
    """Write ``result``'s numpy arrays and its ``meta`` dict (with ``command`` added) to ``fh``."""
    meta = dict(result.get(META_KEY, {}), command=command)
    arrays = {k: np.asarray(v) for k, v in result.items() if k != META_KEY}
    np.savez_compressed(fh, **arrays, **{META_KEY: np.array(json.dumps(meta, sort_keys=True))})


def save_traces(path: str | os.PathLike, result: dict, command: str) -> str:
    """Save ``result`` (as returned by run_seed003 / run_digits) to ``path`` atomically; return the path."""
    with atomic_output(path) as fh:
        write_traces(fh, result, command)
    return os.fspath(path)


def load_traces(path: str | os.PathLike) -> dict:
    """Load a trace file: every array under its key, and ``meta`` as a dict."""
    with np.load(path, allow_pickle=False) as data:
        out = {k: data[k] for k in data.files if k != META_KEY}
        out[META_KEY] = json.loads(str(data[META_KEY]))
    return out
