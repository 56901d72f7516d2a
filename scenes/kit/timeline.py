"""Time -> optimizer step: the mapping both backends share, so their frames show the same moment.

A scene's clock runs in seconds: `lead` seconds of stillness, then `steps / steps_per_second` seconds of
motion, then `hold` seconds on the final state.

Pauses hold the motion still inside the clip, so that a speaker can talk over the end of a beat: with
pauses (a_i, L_i) the content stands at its own time a_i for L_i seconds, and clip time t shows content time

    unpause(t) = t - (pause time already spent by t),      paused(c) = c + sum(L_i for a_i < c)

(`paused` gives the clip time at which content time c is first shown).
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


def unpause(t: float, pauses) -> float:
    """The content time shown at clip time t, given pauses ((content time, seconds), ...)."""
    spent = 0.0
    for at, length in sorted(pauses):
        start = at + spent
        if t <= start:
            break
        spent += min(t - start, length)
    return t - spent


def paused(c: float, pauses) -> float:
    """The clip time at which content time c is first shown, given pauses ((content time, seconds), ...)."""
    return c + sum(length for at, length in pauses if at < c)


def fade(t: float, start: float, length: float = 0.5) -> float:
    """0 before `start`, rising linearly to 1 over `length` seconds."""
    return float(np.clip((t - start) / length, 0.0, 1.0))
