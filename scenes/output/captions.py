"""Captions from the storyboard: one cue per beat, as WebVTT and SRT files or burned into the frame.

A cue shows beat i's caption from its start to its end (the last cue to the clip's end), so the cues
are ordered, never overlap and stay inside the clip. Times are written as HH:MM:SS.mmm (WebVTT) and
HH:MM:SS,mmm (SRT), rounded to the millisecond.

Burned captions (`--captions burn`) get a strip of their own at the bottom of the frame: the scene is
drawn at `SCALE` of the frame's size, centred in the space above the strip, so a caption covers nothing
the scene draws. `strip_layout` wraps each caption into at most `MAX_LINES` lines, shrinking the type
where a sentence is long, and `boxes` gives the text's boxes for the layout check.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

import numpy as np

STRIP = 0.15  # the caption strip's height, as a fraction of the frame's height
SCALE = 1.0 - STRIP  # the scene's size inside a frame with burned captions
MAX_LINES = 2
FONT_FRACTION = 0.042  # type size as a fraction of the frame's height; shrunk down to MIN_FONT_FRACTION
MIN_FONT_FRACTION = 0.028
MARGIN = 0.03  # left and right margin of the caption text, as a fraction of the frame's width


def cues(story: dict, duration: float) -> list[tuple[float, float, str]]:
    """(start, end, text) per beat, the last ending at `duration`; the text on one line."""
    beats = story["beats"]
    out = []
    for i, b in enumerate(beats):
        end = float(duration) if i == len(beats) - 1 else min(float(b["end"]), float(duration))
        start = min(float(b["start"]), end)
        out.append((start, end, clean(b["caption"])))
    return out


def clean(text: str) -> str:
    """One line of caption text: whitespace collapsed, and no '-->' (which would end a cue's timing)."""
    return re.sub(r"\s+", " ", text.replace("-->", "\u2192")).strip()


def _stamp(t: float, sep: str) -> str:
    ms = int(round(max(t, 0.0) * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def webvtt(story: dict, duration: float) -> str:
    """The WebVTT file: a header, then one numbered cue per beat."""
    blocks = ["WEBVTT"]
    for i, (a, b, text) in enumerate(cues(story, duration), 1):
        blocks.append(f"{i}\n{_stamp(a, '.')} --> {_stamp(b, '.')}\n{text}")
    return "\n\n".join(blocks) + "\n"


def srt(story: dict, duration: float) -> str:
    """The SubRip file: one numbered cue per beat."""
    blocks = [f"{i}\n{_stamp(a, ',')} --> {_stamp(b, ',')}\n{text}"
              for i, (a, b, text) in enumerate(cues(story, duration), 1)]
    return "\n\n".join(blocks) + "\n"


# ------------------------------------------------------------------------------------------- burned

def inner_size(width: int, height: int) -> tuple[int, int]:
    """The scene's pixel size inside a width x height frame with a caption strip (even, for the encoders)."""
    return 2 * max(1, int(round(width * SCALE / 2))), 2 * max(1, int(round(height * SCALE / 2)))


def scene_origin(width: int, height: int) -> tuple[int, int]:
    """(left, top) pixel of the scene inside the frame: centred horizontally, touching the top."""
    iw, _ih = inner_size(width, height)
    return (width - iw) // 2, 0


@lru_cache(maxsize=8)
def _font(size: int):
    from matplotlib import font_manager
    from PIL import ImageFont

    from scenes.kit.theme import FONT

    return ImageFont.truetype(font_manager.findfont(FONT), size)


def _wrap(words: list[str], font, width: float) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and font.getlength(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


@dataclass(frozen=True)
class StripText:
    lines: tuple[str, ...]
    size: int  # pixels
    line_height: int
    widths: tuple[float, ...]


class CaptionTooLong(ValueError):
    """A caption that does not fit the strip even at the smallest type (a storyboard bug)."""


def strip_layout(caption: str, width: int, height: int) -> StripText:
    """The caption wrapped into at most MAX_LINES lines of the largest type (from FONT_FRACTION down
    to MIN_FONT_FRACTION of the frame's height) that fits the strip's width and height."""
    words = clean(caption).split(" ")
    room_w = width * (1 - 2 * MARGIN)
    room_h = height - inner_size(width, height)[1]
    size = int(round(FONT_FRACTION * height))
    while True:
        font = _font(size)
        lines = _wrap(words, font, room_w)
        line_height = int(round(size * 1.22))
        widths = tuple(font.getlength(s) for s in lines)
        if len(lines) <= MAX_LINES and max(widths) <= room_w and line_height * len(lines) <= room_h * 0.92:
            return StripText(tuple(lines), size, line_height, widths)
        if size <= MIN_FONT_FRACTION * height:
            raise CaptionTooLong(f"the caption {caption[:40]!r}... does not fit in {MAX_LINES} lines")
        size -= 1


def _line_origins(layout: StripText, width: int, height: int) -> list[tuple[float, float]]:
    """Top-left pixel (y down) of each line, the block centred in the strip."""
    strip_top = inner_size(width, height)[1]
    room_h = height - strip_top
    top = strip_top + (room_h - layout.line_height * len(layout.lines)) / 2
    return [((width - w) / 2, top + i * layout.line_height) for i, w in enumerate(layout.widths)]


def boxes(caption: str, width: int, height: int):
    """The caption's lines as `layout_check.TextBox`es, y growing upwards like the layout check's."""
    from scenes.output.layout_check import TextBox

    layout = strip_layout(caption, width, height)
    font = _font(layout.size)
    out = []
    for line, (x, y) in zip(layout.lines, _line_origins(layout, width, height)):
        left, top, right, bottom = font.getbbox(line)
        out.append(TextBox(line, x + left, height - (y + bottom), x + right, height - (y + top)))
    return out


def strip_image(caption: str, width: int, height: int, theme, transparent: bool = False) -> np.ndarray:
    """The strip (below the scene) with the caption drawn in, as (strip height, width, 4) uint8 RGBA."""
    from PIL import Image, ImageColor, ImageDraw

    strip_top = inner_size(width, height)[1]
    background = (*ImageColor.getrgb(theme.background), 0 if transparent else 255)
    image = Image.new("RGBA", (width, height - strip_top), background)
    draw = ImageDraw.Draw(image)
    layout = strip_layout(caption, width, height)
    font = _font(layout.size)
    for line, (x, y) in zip(layout.lines, _line_origins(layout, width, height)):
        draw.text((x, y - strip_top), line, font=font, fill=theme.foreground)
    return np.asarray(image)


def burn(source: Iterable[np.ndarray], story: dict, times: Iterable[float], theme, width: int, height: int,
         transparent: bool = False) -> Iterator[np.ndarray]:
    """Frames of the scene drawn at `inner_size`, each placed above the strip of the beat playing at
    its time (frame i shows time times[i])."""
    from scenes.kit.story import beat_at

    iw, ih = inner_size(width, height)
    left, top = scene_origin(width, height)
    strips: dict[str, np.ndarray] = {}
    canvas = np.zeros((height, width, 4), np.uint8)
    for frame, t in zip(source, times):
        b = beat_at(story, float(t))
        if b["name"] not in strips:
            strips[b["name"]] = strip_image(b["caption"], width, height, theme, transparent)
        out = canvas.copy()
        out[:ih] = frame[:1, :1]  # the scene's own background colour fills the margins beside it
        out[top:top + ih, left:left + iw] = frame
        out[ih:] = strips[b["name"]]
        yield out
