"""Powers the way Python floats and torch compute them: C's ``pow`` (libm), one value at a time.

numpy's float64 ``power`` runs a SIMD kernel where the CPU has AVX-512, and that kernel is not
correctly rounded: there, ``np.array([0.99]) ** 7.0`` can differ from ``0.99 ** 7.0`` in the last
bit, while on a CPU without AVX-512 the two agree. An optimizer with one beta per run must give each
run the bits that run gets alone and in torch (``1 - beta ** step`` on Python floats), on every CPU,
so its powers go through Python's float ``**``: once per distinct (base, exponent) pair, never once
per run, since a sweep has few distinct betas and one step count.
"""

from __future__ import annotations

import numpy as np


def distinct(values) -> tuple[list[float], np.ndarray]:
    """The distinct values of an array as Python floats, and for each element the index of its value."""
    values = np.asarray(values, dtype=np.float64)
    unique, inverse = np.unique(values, return_inverse=True)
    return unique.tolist(), inverse.reshape(values.shape)


def power(base, exponent, base_distinct: tuple[list[float], np.ndarray] | None = None):
    """``base ** exponent`` elementwise, each value ``float(b) ** float(e)`` (C's ``pow``).

    Either argument may be a Python float or an array; arrays broadcast. ``base_distinct`` is
    :func:`distinct` of ``base``, for a base that stays the same over many calls (a per-run beta).
    Two floats give a float; anything else an array of the broadcast shape.
    """
    if isinstance(base, float) and isinstance(exponent, float):
        return base**exponent
    if isinstance(exponent, float):
        bases, index = base_distinct if base_distinct is not None else distinct(base)
        return np.array([b**exponent for b in bases], dtype=np.float64)[index]
    if isinstance(base, float):
        exponents, index = distinct(exponent)
        return np.array([base**e for e in exponents], dtype=np.float64)[index]
    b, e = np.broadcast_arrays(np.asarray(base, dtype=np.float64), np.asarray(exponent, dtype=np.float64))
    pairs, index = np.unique(np.stack([b.ravel(), e.ravel()], axis=1), axis=0, return_inverse=True)
    values = np.array([x**y for x, y in pairs.tolist()], dtype=np.float64)
    return values[index.ravel()].reshape(b.shape)
