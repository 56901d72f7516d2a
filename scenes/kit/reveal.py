"""Beats that build up: every clip opens by drawing its picture in the order a teacher would.

The storyboard's first beat is "setup" (`setup_beat`). Within it the picture is built role by role,
at fixed fractions of the beat's active part (its length minus HOLD):

    title    on screen from the first frame
    axes     fade in: frames, ticks, axis labels, panel headings             fractions 1/8 .. 1/3
    curve    drawn from its first point to its last (a map of contours fades in)       1/3 .. 3/4
    balls    grow from nothing; the legend, formulas and counters that name them       3/4 .. 1
             fade in with them

then HOLD seconds in which nothing changes, so a speaker can talk over the finished picture before the
run starts. The run and its beats follow; the role "verdict" starts with the last beat.

`schedule(story)` reads these times off the storyboard, so both backends, which draw frame t from the
same data, show the same beat at the same time. A role's opacity at time t is

    alpha(t) = smoothstep((t - start) / length),   smoothstep(u) = 3u² - 2u³ on [0, 1]

and a curve of n points shown at progress p in [0, 1] is its polyline up to the fractional index
p·(n - 1) (`partial_line`), the same in both backends because they draw the same points.

`reveal_mpl` and `reveal_manim` apply a schedule to matplotlib artists and Manim mobjects.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from scenes.kit import story as story_mod

SETUP = 3.0          # seconds of the setup beat
HOLD = 0.6           # seconds of stillness at the end of a beat, for the speaker
VERDICT_FADE = 0.6   # seconds the verdict takes to fade in, at the start of the last beat
ROLES = ("title", "axes", "curve", "balls", "verdict")
SPLIT = {"title": (0.0, 0.0), "axes": (1 / 8, 1 / 3), "curve": (1 / 3, 3 / 4), "balls": (3 / 4, 1.0)}


def setup_beat(caption: str, length: float = SETUP) -> dict[str, Any]:
    """The opening beat, [0, length] seconds, in which the picture is built (see the module docstring)."""
    return story_mod.beat("setup", 0.0, length, caption)


def smoothstep(u: float) -> float:
    u = float(np.clip(u, 0.0, 1.0))
    return u * u * (3.0 - 2.0 * u)


@dataclass(frozen=True)
class Schedule:
    """Each role's (start, length) in seconds of the clip."""

    times: dict

    def progress(self, t: float, role: str) -> float:
        """(t - start) / length clamped to [0, 1]: how far the role's reveal has gone, linearly."""
        start, length = self.times[role]
        if length <= 0:
            return 1.0 if t >= start else 0.0
        return float(np.clip((t - start) / length, 0.0, 1.0))

    def alpha(self, t: float, role: str) -> float:
        """The role's opacity at time t: smoothstep of its progress."""
        return smoothstep(self.progress(t, role))

    def done(self, role: str) -> float:
        """The time from which the role is fully shown."""
        start, length = self.times[role]
        return start + length


def schedule(story: dict[str, Any]) -> Schedule:
    """The reveal times of a storyboard whose first beat is "setup" (see the module docstring)."""
    first, last = story["beats"][0], story["beats"][-1]
    if first["name"] != "setup":
        raise story_mod.StoryError(f"the first beat is {first['name']!r}, not 'setup'")
    start = float(first["start"])
    active = max(float(first["end"]) - start - HOLD, 0.0)
    times = {role: (start + a * active, (b - a) * active) for role, (a, b) in SPLIT.items()}
    times["verdict"] = (float(last["start"]), VERDICT_FADE)
    return Schedule(times)


def partial_line(points: np.ndarray, progress: float) -> np.ndarray:
    """The polyline through `points` ((n, d)) drawn up to fractional index progress·(n - 1): the whole
    points before it and one interpolated end point. Progress 0 gives the first point alone."""
    points = np.asarray(points, dtype=float)
    n = len(points)
    if n < 2:
        return points.copy()
    pos = float(np.clip(progress, 0.0, 1.0)) * (n - 1)
    k = int(np.floor(pos))
    if k >= n - 1:
        return points.copy()
    frac = pos - k
    end = (1.0 - frac) * points[k] + frac * points[k + 1]
    return np.vstack([points[: k + 1], end[None, :]]) if frac > 0 else points[: k + 1].copy()
