"""The storyboard: what a scene says, computed from what its simulation did.

A story is a plain JSON-able dict, made in a scene's `make_data` and written to the sidecar as `"story"`:

    {"title": str,
     "beats": [{"name": str, "start": float, "end": float, "caption": str}, ...],
     "labels": [str, ...],          every other piece of text the scene draws (legends, verdicts, ...)
     "numbers": {name: value}}      every number the scene prints, so a test can recompute it

Beats are the one timeline every output reads: they are ordered, do not overlap, and cover the clip
from 0 to its duration. A caption is one sentence saying what the viewer sees in that beat; since it is
computed from the outcome, a parameter that changes the outcome changes the words.

`fmt` formats a number the way the scenes print it, so a label and `numbers` say the same thing.

Reading speed: a caption is on screen long enough to be read at READING_CPS characters per second (spaces
counted), so a beat lasts at least `reading_time(caption)` = len(caption) / READING_CPS seconds (`needed`
adds a second to a caption of several cues); a scene whose beat is shorter lengthens the beat (`at_least`)
or says less (`fits`).
"""
from __future__ import annotations

import math
from typing import Any, Iterable


READING_CPS = 20.0  # characters per second a viewer reads comfortably (subtitle guidelines: 17 to 20)


def reading_time(caption: str) -> float:
    """Seconds needed to read `caption` at READING_CPS: len(caption, whitespace collapsed) / READING_CPS."""
    return len(" ".join(str(caption).split())) / READING_CPS


PAGE_CHARS = 84  # two lines of 42 characters: one cue
PAGE_SLACK = 1.0  # seconds a caption of more than one cue adds, for a short last cue's second


def needed(caption: str) -> float:
    """Seconds a beat showing `caption` needs: reading_time, plus PAGE_SLACK where it takes several cues
    (each cue is shown for a second at least, so a short last cue takes time from the others)."""
    return reading_time(caption) + (PAGE_SLACK if len(" ".join(str(caption).split())) > PAGE_CHARS else 0.0)


def at_least(seconds: float, *captions: str, spare: float = 0.0) -> float:
    """The longer of `seconds` and the time needed to read the captions shown one after another in it
    (plus `spare` seconds of it that show none of them, such as a fade)."""
    return max(float(seconds), sum(needed(c) for c in captions) + spare)


def fits(caption: str, seconds: float) -> bool:
    """Can `caption` be read in `seconds` (needed(caption) <= seconds)?"""
    return needed(caption) <= float(seconds) + 1e-9


def first_fitting(seconds: float, *options: str) -> str:
    """The first of `options` (longest first) that can be read in `seconds`, else the last."""
    return next((o for o in options if fits(o, seconds)), options[-1])


def capital(text: str) -> str:
    """The text with its first letter capitalised, unless it starts with a symbol such as β."""
    return text[0].upper() + text[1:] if text[:1].isascii() else text


def grouped(named: Iterable[tuple[str, str]], plural: dict[str, str]) -> list[str]:
    """One clause per distinct phrase, in the order first said: the names that share a phrase that has a
    plural form ('overshoots' -> 'overshoot') are said together ('a, b and c overshoot'); others one by one."""
    named = list(named)
    out = []
    for phrase in dict.fromkeys(p for _, p in named):
        names = [n for n, p in named if p == phrase]
        if len(names) > 1 and phrase in plural:
            out.append(f"{', '.join(names[:-1])} and {names[-1]} {plural[phrase]}")
        else:
            out += [f"{n} {phrase}" for n in names]
    return out


def clip_end(story: dict[str, Any]) -> float:
    """The end of a story's last beat: the clip's duration where the last beat runs to the end."""
    return float(story["beats"][-1]["end"])


class StoryError(ValueError):
    """A storyboard that breaks the rules above (a scene bug, not bad user input)."""


def beat(name: str, start: float, end: float, caption: str) -> dict[str, Any]:
    """One beat: [start, end] seconds of the clip, with its one-sentence caption."""
    return {"name": str(name), "start": round(float(start), 4), "end": round(float(end), 4),
            "caption": str(caption)}


def make_story(title: str, beats: Iterable[dict], labels: Iterable[str] = (),
               numbers: dict[str, Any] | None = None) -> dict[str, Any]:
    """A storyboard dict; the beats are checked to be ordered and non-overlapping."""
    story = {"title": str(title), "beats": [dict(b) for b in beats], "labels": [str(s) for s in labels],
             "numbers": dict(numbers or {})}
    check(story)
    return story


def check(story: dict[str, Any], duration: float | None = None) -> None:
    """Raise StoryError unless the story is well formed (and, given `duration`, its beats tile
    [0, duration] within a frame's rounding)."""
    if not isinstance(story, dict) or not isinstance(story.get("title"), str) or not story["title"].strip():
        raise StoryError("a story needs a non-empty title")
    beats = story.get("beats")
    if not isinstance(beats, list) or not beats:
        raise StoryError("a story needs at least one beat")
    names = set()
    for i, b in enumerate(beats):
        if set(b) != {"name", "start", "end", "caption"}:
            raise StoryError(f"beat {i} must have exactly name, start, end and caption")
        if not (math.isfinite(b["start"]) and math.isfinite(b["end"]) and b["start"] < b["end"]):
            raise StoryError(f"beat {b['name']!r} has start {b['start']} and end {b['end']}")
        if not b["caption"].strip():
            raise StoryError(f"beat {b['name']!r} has no caption")
        if b["name"] in names:
            raise StoryError(f"two beats are named {b['name']!r}")
        names.add(b["name"])
        if i and b["start"] < beats[i - 1]["end"] - 1e-3:
            raise StoryError(f"beat {b['name']!r} starts before {beats[i - 1]['name']!r} ends")
    if duration is not None:
        if abs(beats[0]["start"]) > 1e-3 or abs(beats[-1]["end"] - duration) > 1e-2:
            raise StoryError(f"the beats span {beats[0]['start']}..{beats[-1]['end']} s, "
                             f"not the clip's 0..{duration:g} s")


def beat_named(story: dict[str, Any], name: str) -> dict[str, Any]:
    for b in story["beats"]:
        if b["name"] == name:
            return b
    raise KeyError(f"no beat named {name!r}; the beats are: {', '.join(b['name'] for b in story['beats'])}")


def beat_at(story: dict[str, Any], t: float) -> dict[str, Any]:
    """The beat playing at time t (the last one from its end on)."""
    for b in story["beats"]:
        if t < b["end"]:
            return b
    return story["beats"][-1]


def signed(*xs: float) -> str:
    """A point as the captions print it, "(−2.5, 1)": each coordinate with `:g` and a minus sign (−), not a
    hyphen; one coordinate alone is printed without the parentheses."""
    parts = [f"{x:g}".replace("-", "\u2212") for x in xs]
    return parts[0] if len(parts) == 1 else "(" + ", ".join(parts) + ")"


def fmt(x: float, digits: int = 2) -> str:
    """A number as the scenes print it: fixed with `digits` decimals, '-0.00' shown as '0.00'."""
    text = f"{x:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text
