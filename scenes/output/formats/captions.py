"""Captions from the storyboard: one cue per beat, as WebVTT and SRT files or burned into the frame.

A cue shows beat i's caption from its start to its end (the last cue to the clip's end), so the cues
are ordered, never overlap and stay inside the clip. Times are written as HH:MM:SS.mmm (WebVTT) and
HH:MM:SS,mmm (SRT), rounded to the millisecond.

Burned captions (`--captions burn`) get a strip of their own at the bottom of the frame: the scene is
drawn at `SCALE` of the frame's size, centred in the space above the strip, so a caption covers nothing
the scene draws. `pages` wraps a caption into lines of type FONT_FRACTION of the frame's height (of a 16:9 frame of
the same area, so a 9:16 clip gets the same size) and groups them two or three to a page, as subtitles do; a long caption's pages follow each other through
its beat, each shown for a share of the beat equal to its share of the caption's characters.
`page_boxes` gives a page's text boxes for the layout check.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

import numpy as np

STRIP = 0.15  # the caption strip's height, as a fraction of the frame's height
SCALE = 1.0 - STRIP  # the scene's size inside a frame with burned captions
MAX_LINES = 3  # per page, where the strip has room for them (two in a 16:9 frame)
FONT_FRACTION = 0.042  # type size as a fraction of a 16:9 frame's height (of the same area, other aspects)
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


def vtt_text(text: str) -> str:
    """Cue text that WebVTT shows as written: '&', '<' and '>' as its character references, so no
    caption becomes a tag (<c>, <v>, <i>, ...) or a timestamp."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def srt_text(text: str) -> str:
    """Cue text that SubRip players show as written. SubRip has no escapes, and players read <i>, <b>,
    <font ...> and {\\an8} as styling, so '<', '>' and '{' become the look-alikes '‹', '›' and '(' ."""
    return text.replace("<", "\u2039").replace(">", "\u203a").replace("{", "(").replace("}", ")")


def webvtt(story: dict, duration: float) -> str:
    """The WebVTT file: a header, then one numbered cue per beat."""
    blocks = ["WEBVTT"]
    for i, (a, b, text) in enumerate(cues(story, duration), 1):
        blocks.append(f"{i}\n{_stamp(a, '.')} --> {_stamp(b, '.')}\n{vtt_text(text)}")
    return "\n\n".join(blocks) + "\n"


def srt(story: dict, duration: float) -> str:
    """The SubRip file: one numbered cue per beat."""
    blocks = [f"{i}\n{_stamp(a, ',')} --> {_stamp(b, ',')}\n{srt_text(text)}"
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


@dataclass(frozen=True)
class Page:
    lines: tuple[str, ...]
    size: int  # the type's size in pixels
    line_height: int
    widths: tuple[float, ...]


def pages(caption: str, width: int, height: int) -> list[Page]:
    """The caption wrapped to the strip's width and cut into pages of as many lines as the strip holds,
    at most MAX_LINES (a word wider than the strip gets smaller type)."""
    words = clean(caption).split(" ")
    room_w = width * (1 - 2 * MARGIN)
    size = int(round(FONT_FRACTION * (width * height * 9 / 16) ** 0.5))  # the same size at every aspect
    while size > 6 and max(_font(size).getlength(w) for w in words) > room_w:
        size -= 1
    font = _font(size)
    lines: list[str] = []
    for word in words:
        if lines and font.getlength(lines[-1] + " " + word) <= room_w:
            lines[-1] += " " + word
        else:
            lines.append(word)
    line_height = int(round(size * 1.22))
    room_h = height - inner_size(width, height)[1]
    per_page = max(1, min(MAX_LINES, int(room_h * 0.92 // line_height)))
    return [Page(tuple(lines[i:i + per_page]), size, line_height,
                 tuple(font.getlength(s) for s in lines[i:i + per_page])) for i in range(0, len(lines), per_page)]


def page_index(caption_pages: list[Page], beat: dict, t: float) -> int:
    """The page shown at time t of the beat: page k from the start plus the share of the beat that the
    characters of pages 0..k-1 make of the caption's."""
    chars = np.array([sum(len(s) for s in p.lines) for p in caption_pages], float)
    starts = np.concatenate([[0.0], np.cumsum(chars)[:-1]]) / chars.sum()
    span = max(float(beat["end"]) - float(beat["start"]), 1e-9)
    share = (float(t) - float(beat["start"])) / span
    return int(np.searchsorted(starts, share, side="right") - 1) if share > 0 else 0


def _line_origins(page: Page, width: int, height: int) -> list[tuple[float, float]]:
    """Top-left pixel (y down) of each line, the block centred in the strip."""
    strip_top = inner_size(width, height)[1]
    top = strip_top + (height - strip_top - page.line_height * len(page.lines)) / 2
    return [((width - w) / 2, top + i * page.line_height) for i, w in enumerate(page.widths)]


def page_boxes(page: Page, width: int, height: int):
    """A page's lines as `layout_check.TextBox`es, y growing upwards like the layout check's."""
    from scenes.output.frames.layout_check import TextBox

    font = _font(page.size)
    out = []
    for line, (x, y) in zip(page.lines, _line_origins(page, width, height)):
        left, top, right, bottom = font.getbbox(line)
        out.append(TextBox(line, x + left, height - (y + bottom), x + right, height - (y + top)))
    return out


def strip_image(page: Page, width: int, height: int, theme, transparent: bool = False) -> np.ndarray:
    """The strip (below the scene) with a page drawn in, as (strip height, width, 4) uint8 RGBA."""
    from PIL import Image, ImageColor, ImageDraw

    strip_top = inner_size(width, height)[1]
    background = (*ImageColor.getrgb(theme.background), 0 if transparent else 255)
    image = Image.new("RGBA", (width, height - strip_top), background)
    draw = ImageDraw.Draw(image)
    font = _font(page.size)
    for line, (x, y) in zip(page.lines, _line_origins(page, width, height)):
        draw.text((x, y - strip_top), line, font=font, fill=theme.foreground)
    return np.asarray(image)


def burn(source: Iterable[np.ndarray], story: dict, times: Iterable[float], theme, width: int, height: int,
         transparent: bool = False) -> Iterator[np.ndarray]:
    """Frames of the scene drawn at `inner_size`, each placed above the strip showing the caption page
    of the beat playing at its time (frame i shows time times[i])."""
    from scenes.kit.story import beat_at

    iw, ih = inner_size(width, height)
    left, top = scene_origin(width, height)
    laid_out: dict[str, list[Page]] = {}
    strips: dict[tuple[str, int], np.ndarray] = {}
    for frame, t in zip(source, times):
        b = beat_at(story, float(t))
        beat_pages = laid_out.setdefault(b["name"], pages(b["caption"], width, height))
        key = (b["name"], page_index(beat_pages, b, t))
        if key not in strips:
            strips[key] = strip_image(beat_pages[key[1]], width, height, theme, transparent)
        out = np.empty((height, width, 4), np.uint8)
        out[:ih] = frame[:1, :1]  # the scene's own background colour fills the margins beside it
        out[top:top + ih, left:left + iw] = frame
        out[ih:] = strips[key]
        yield out
