"""The result of a simulation: the one type that crosses from ``sim`` to scenes."""

from __future__ import annotations

import json
import os
import zipfile
from dataclasses import dataclass, field

import numpy as np

_ARRAYS = ("positions", "values", "gradients", "velocities")


@dataclass(frozen=True, eq=False)
class Trajectory:
    """Positions of one run, shape ``(steps+1, dim)``, or of a batch of runs,
    shape ``(steps+1, runs, dim)``, with what was seen at each position.

    * ``values``: f at each position, shape ``(steps+1[, runs])``
    * ``gradients``: ∇f at each position, same shape as ``positions``
    * ``velocities``: the optimizer's velocity after reaching each position
      (zeros at index 0), same shape as ``positions``
    * ``params``: JSON-serialisable description (landscape, optimizer, steps, start)
    """

    positions: np.ndarray
    values: np.ndarray
    gradients: np.ndarray
    velocities: np.ndarray
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        pos = np.asarray(self.positions)
        if pos.ndim not in (2, 3):
            raise ValueError(f"positions must have shape (steps+1, [runs,] dim), got {pos.shape}")
        expected = {"values": pos.shape[:-1], "gradients": pos.shape, "velocities": pos.shape}
        for name, shape in expected.items():
            if np.shape(getattr(self, name)) != shape:
                raise ValueError(f"{name} has shape {np.shape(getattr(self, name))}, expected {shape}")
        # A JSON round trip now makes params equal to what load() returns.
        object.__setattr__(self, "params", json.loads(json.dumps(self.params)))

    @property
    def steps(self) -> int:
        return self.positions.shape[0] - 1

    @property
    def runs(self) -> int | None:
        return self.positions.shape[1] if self.positions.ndim == 3 else None

    @property
    def dim(self) -> int:
        return self.positions.shape[-1]

    @property
    def final(self) -> np.ndarray:
        """The last position(s): shape ``([runs,] dim)``."""
        return self.positions[-1]

    def save(self, path) -> None:
        """Write an ``.npz`` archive to exactly ``path``; params go in as a JSON string."""
        arrays = {name: getattr(self, name) for name in _ARRAYS}
        with open(path, "wb") as f:
            np.savez(f, params=np.array(json.dumps(self.params)), **arrays)

    @classmethod
    def load(cls, path) -> "Trajectory":
        """Read what :meth:`save` wrote; ValueError if the file is not such an archive."""
        if not os.path.exists(path):
            raise FileNotFoundError(path)
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {name: data[name] for name in _ARRAYS}
                params = json.loads(str(data["params"][()]))
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as err:
            raise ValueError(f"{path} is not a readable trajectory file: {err}") from err
        if not isinstance(params, dict):
            raise ValueError(f"{path} is not a readable trajectory file: params is not a JSON object")
        return cls(params=params, **arrays)
