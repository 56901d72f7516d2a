"""Reducers: what a sweep keeps of each run, computed online, one step at a time.

Every reducer sees the loss gap ``d_k = f(x_k) − f*`` (f* = f at ``landscape.minima[0]`` when the landscape
knows its minima, else 0) and the position ``x_k`` for k = 0 … T, and returns one float per run:

* ``final_loss``: d_T.
* ``first_below``: the first k with d_k ≤ target; NaN if there is none.
* ``stays_below``: the first k with d_j ≤ target for every j in [k, T]; NaN if d_T > target.
* ``diverged``: 1 where x or f became non-finite, or d_k exceeded ``1e12 · max(d_0, 1e-300)``, at some step; else 0.
* ``basin``: the index (into ``landscape.minima``) of the minimum nearest to x_T; NaN if x_T is not finite
  or no minimum is known.
* ``rate``: the measured contraction per step of the error e_k = min_i ‖x_k − m_i‖ (m_i the known minima).
  The steps are cut into B = 8 blocks of w = ⌊T / 8⌋ steps ending at T; with E_b the largest e_k in block b
  (an envelope: it sees through the oscillation of ripples), j the last block with floor < E_j < 1e280 and
  i = ⌊j / 2⌋::

      rate = (E_j / E_i) ** (1 / ((j − i) w))      (j ≥ 1)
      rate = (e_K / e_0) ** (1 / K)                 (j ≤ 0: the error left the range in the first block;
                                                     K the last step with e_K in range, or e_1 / e_0 if none)

  The range is (floor, 1e280), floor = max(1e-280, 64 ε max_i ‖m_i‖), below which rounding stops the
  error from shrinking.
"""
from __future__ import annotations

import numpy as np

REDUCERS = ("final_loss", "first_below", "stays_below", "rate", "diverged", "basin")
NEEDS_TARGET = ("first_below", "stays_below")
BLOCKS = 8
_CEIL = 1e280


class Reducer:
    """Online reduction of n runs: ``start(x0, f0)``, ``step(k, x, f)`` for k = 1 … T, ``finish()``."""

    def __init__(self, name: str, n: int, steps: int, minima: np.ndarray, target: float | None):
        if name not in REDUCERS:
            raise ValueError(f"unknown reducer {name!r}; choose one of {', '.join(REDUCERS)}")
        if name in NEEDS_TARGET and (target is None or not np.isfinite(target)):
            raise ValueError(f"reducer {name!r} needs a finite target")
        self.name, self.n, self.steps, self.target = name, n, steps, target
        self.minima = np.atleast_2d(np.asarray(minima, dtype=np.float64))
        self.f_star = 0.0
        self._step = getattr(self, "_step_" + name)

    def set_f_star(self, f_star: float) -> None:
        self.f_star = float(f_star)

    def start(self, x: np.ndarray, f: np.ndarray) -> None:
        d = f - self.f_star
        n, T = self.n, self.steps
        if self.name == "final_loss":
            self.out = d
        elif self.name == "first_below":
            self.out = np.where(d <= self.target, 0.0, np.nan)
        elif self.name == "stays_below":
            self.last_above = np.where(d <= self.target, -1, 0)
        elif self.name == "diverged":
            self.limit = 1e12 * np.maximum(d, 1e-300)
            self.out = self._bad(x, d, np.zeros(n, dtype=bool))
        elif self.name == "basin":
            self.x = x
        else:
            self.w = max(1, T // BLOCKS)
            self.nblocks = min(BLOCKS, T // self.w) if T else 0
            self.first = T - self.nblocks * self.w  # blocks cover (first, T]
            self.e0 = self._error(x)
            self.blocks = np.zeros((max(self.nblocks, 1), n))
            scale = float(np.max(np.abs(self.minima))) if self.minima.size else 0.0
            self.floor = max(1e-280, 64 * np.finfo(np.float64).eps * scale)
            self.k_last, self.e_last, self.e1 = np.zeros(n), self.e0, self.e0

    def step(self, k: int, x: np.ndarray, f: np.ndarray) -> None:
        self._step(k, x, f - self.f_star)

    def _step_final_loss(self, k, x, d):
        self.out = d

    def _step_first_below(self, k, x, d):
        self.out = np.where(np.isnan(self.out) & (d <= self.target), float(k), self.out)

    def _step_stays_below(self, k, x, d):
        self.last_above = np.where(d <= self.target, self.last_above, k)

    def _bad(self, x, d, out):
        return out | ~np.isfinite(d) | ~np.all(np.isfinite(x), axis=-1) | (d > self.limit)

    def _step_diverged(self, k, x, d):
        self.out = self._bad(x, d, self.out)

    def _step_basin(self, k, x, d):
        self.x = x

    def _error(self, x):
        if not self.minima.size:
            return np.full(x.shape[:-1], np.nan)
        e = None
        for m in self.minima:
            dist = np.abs(x[..., 0] - m[0])
            for i in range(1, x.shape[-1]):
                dist = np.hypot(dist, x[..., i] - m[i])  # no underflow of tiny errors, no overflow of large ones
            e = dist if e is None else np.fmin(e, dist)
        return e

    def _step_rate(self, k, x, d):
        e = self._error(x)
        if k == 1:
            self.e1 = e
        inside = (e > self.floor) & (e < _CEIL)
        self.k_last = np.where(inside, k, self.k_last)
        self.e_last = np.where(inside, e, self.e_last)
        if k > self.first:
            b = (k - self.first - 1) // self.w
            self.blocks[b] = np.fmax(self.blocks[b], e)

    def finish(self) -> np.ndarray:
        if self.name in ("final_loss", "first_below"):
            out = self.out
        elif self.name == "stays_below":
            out = np.where(self.last_above == self.steps, np.nan, self.last_above + 1.0)
        elif self.name == "diverged":
            out = self.out.astype(np.float64)
        elif self.name == "basin":
            out = self._basin()
        else:
            out = self._rate()
        return np.asarray(out, dtype=np.float64).reshape(self.n)

    def _basin(self):
        if not self.minima.size:
            return np.full(self.n, np.nan)
        dist = np.stack([np.sum((self.x - m) ** 2, axis=-1) for m in self.minima], axis=-1)
        ok = np.all(np.isfinite(self.x), axis=-1)
        return np.where(ok, np.argmin(np.where(np.isnan(dist), np.inf, dist), axis=-1), np.nan)

    def _rate(self):
        if self.nblocks == 0 or not self.minima.size:
            return np.full(self.n, np.nan)
        E = self.blocks[: self.nblocks]
        inside = (E > self.floor) & (E < _CEIL)
        # j: the last block inside the range; -1 where none is.
        j = np.where(inside.any(axis=0), self.nblocks - 1 - np.argmax(inside[::-1], axis=0), -1)
        i = j // 2
        cols = np.arange(self.n)
        Ej, Ei = E[np.maximum(j, 0), cols], E[np.maximum(i, 0), cols]
        span = np.maximum((j - i) * self.w, 1)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            later = (Ej / Ei) ** (1.0 / span)
            early = np.where(self.k_last > 0, (self.e_last / self.e0) ** (1.0 / np.maximum(self.k_last, 1)),
                             self.e1 / self.e0)
        rate = np.where(j >= 1, later, early)
        return np.where(self.e0 > 0, rate, np.nan)
