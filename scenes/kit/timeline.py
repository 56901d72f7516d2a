"""Time -> optimizer step: the mapping both backends share, so their frames show the same moment.

A scene's clock runs in seconds: `lead` seconds of stillness, then `steps / steps_per_second` seconds of
motion, then `hold` seconds on the final state.
"""
from __future__ import annotations

import numpy as np


def duration(steps: int, steps_per_second: float, lead: float = 0.5, hold: float = 1.5) -> float:
    return lead + steps / steps_per_second + hold


def step_at(t: float, steps: int, steps_per_second: float, lead: float = 0.5) -> float:
    """The fractional optimizer step shown at time t, clamped to [0, steps]."""
    return float(np.clip((t - lead) * steps_per_second, 0.0, steps))


def at_step(series: np.ndarray, s: float) -> np.ndarray:
    """Linear interpolation of series[k] (first axis = step) at fractional step s."""
    series = np.asarray(series)
    k = int(np.floor(s))
    k = min(max(k, 0), len(series) - 1)
    if k >= len(series) - 1:
        return series[-1]
    frac = s - k
    return (1.0 - frac) * series[k] + frac * series[k + 1]


def fade(t: float, start: float, length: float = 0.5) -> float:
    """0 before `start`, rising linearly to 1 over `length` seconds."""
    return float(np.clip((t - start) / length, 0.0, 1.0))
