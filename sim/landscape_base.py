"""The base of every loss landscape: value and gradient on batches of points, checked and shaped
(`sim.landscapes` holds the built-in ones, `sim.custom` those made from a formula or callables)."""
from __future__ import annotations

import numpy as np


class Landscape:
    """Base class: subclasses set ``dim``, ``name``, ``bounds``, ``minima``,
    ``start`` and implement ``_value`` and ``_grad`` on float arrays."""

    dim: int
    name: str
    bounds: tuple[tuple[float, float], ...]
    minima: np.ndarray
    start: np.ndarray

    def _check(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        if x.ndim == 0 or x.shape[-1] != self.dim:
            raise ValueError(
                f"{self.name}: expected points with a last axis of size {self.dim}, got shape {x.shape}"
            )
        return x

    def value(self, x) -> np.ndarray:
        return self._value(self._check(x))

    def grad(self, x) -> np.ndarray:
        return self._grad(self._check(x))

    def value_and_grad(self, x) -> tuple[np.ndarray, np.ndarray]:
        x = self._check(x)
        return self._value(x), self._grad(x)

    def _value(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _grad(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(dim={self.dim})"


def _frozen(a) -> np.ndarray:
    a = np.array(a, dtype=np.float64)
    a.setflags(write=False)
    return a
