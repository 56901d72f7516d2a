"""Which moment a still shows: `--at SECONDS|BEAT|end` for a PNG, and the poster of every video.

A beat's moment is its end: the picture that beat has built, before the next one starts. A video's
poster (`<out>.poster.png`) is the moment a reader should see before pressing play: the end of the
beat the scene names (`SceneSpec.poster_beat`), by default the end of the first beat, the setup,
before the run and its verdict.
"""
from __future__ import annotations

import math
import re

import numpy as np

from scenes.kit.params import ParamError
from scenes.kit.story import beat_named

POSTER_SUFFIX = ".poster.png"
_NAME = re.compile(r"^[A-Za-z_][\w -]*$")


class MomentError(ParamError):
    """An `--at` that names no moment of the clip: one line, exit code 2."""


def parse_at(text: str) -> float | str:
    """'end', a number of seconds (>= 0) or a beat name; checked for form only, before any work."""
    text = str(text).strip()
    if text == "end":
        return "end"
    try:
        seconds = float(text)
    except ValueError:
        if not _NAME.match(text):
            raise MomentError(f"--at must be a time in seconds, a beat name or 'end', not {text!r}") from None
        return text
    if not math.isfinite(seconds) or seconds < 0:
        raise MomentError(f"--at must be a time from 0 seconds on, not {text}")
    return seconds


def moment(at: float | str | None, story: dict | None, duration: float) -> float:
    """The time in seconds that `--at` picks in a clip of `duration` seconds with this storyboard."""
    at = "end" if at is None else parse_at(at) if isinstance(at, str) else at
    if at == "end":
        return float(duration)
    if isinstance(at, str):
        if not story:
            raise MomentError(f"--at {at!r}: this scene has no storyboard to name beats; use seconds")
        try:
            return min(float(beat_named(story, at)["end"]), float(duration))
        except KeyError as exc:
            raise MomentError(f"--at {at!r}: {exc.args[0]}") from None
    if at > duration + 1e-9:
        raise MomentError(f"--at {at:g} is past the clip, which lasts {duration:.2f} s")
    return float(at)


def poster_time(poster_beat: str | None, story: dict | None, duration: float) -> float:
    """The poster's moment: the end of `poster_beat` (when the story has it), else of the first beat."""
    if not story or not story.get("beats"):
        return 0.0
    beats = story["beats"]
    chosen = next((b for b in beats if b["name"] == poster_beat), beats[0])
    return min(float(chosen["end"]), float(duration))


def frame_index(times: np.ndarray, t: float) -> int:
    """The frame showing time t: the last frame time at or before t (within a microsecond)."""
    return max(0, int(np.searchsorted(np.asarray(times), t + 1e-6, side="right")) - 1)
