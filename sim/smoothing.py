"""Exponential moving average, the smoothing that momentum applies to gradients."""

from __future__ import annotations

import numpy as np

from . import libm


def ema(signal, beta: float, v0=0.0, bias_correction: bool = False, axis: int = 0) -> np.ndarray:
    """Exponential moving average of ``signal`` along ``axis``::

        v_t = beta * v_{t-1} + (1 - beta) * s_t,   t = 1..n,   v_0 = v0

    Returns v_1..v_n, the same shape as ``signal``. With ``bias_correction``
    each v_t is divided by (1 − beta^t), which undoes the pull towards v0 = 0
    (the correction assumes v0 = 0). The other axes are independent signals;
    ``v0`` broadcasts against one time slice.
    """
    beta = float(beta)
    if not 0.0 <= beta < 1.0:
        raise ValueError(f"beta must be in [0, 1), got {beta}")
    s = np.moveaxis(np.asarray(signal, dtype=np.float64), axis, 0)
    out = np.empty_like(s)
    v = np.broadcast_to(np.asarray(v0, dtype=np.float64), s.shape[1:])
    for t in range(s.shape[0]):
        v = beta * v + (1.0 - beta) * s[t]
        out[t] = v
    if bias_correction:
        t = np.arange(1.0, s.shape[0] + 1).reshape((-1,) + (1,) * (s.ndim - 1))
        out /= 1.0 - libm.power(beta, t)  # C's pow, as Adam's bias correction takes it
    return np.moveaxis(out, 0, axis)
