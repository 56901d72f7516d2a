"""Captions from the storyboard, as WebVTT and SRT files or burned into the frame, split into cues
that can be read.

A beat's caption is wrapped into lines of at most CUE_CHARS characters and cut into cues of at most
CUE_LINES lines (`split`), as subtitles are; the last two cues share their words when the last would be
much shorter. The cues of a beat follow each other through it (`timed`), each shown for a share of the
beat equal to its share of the caption's characters, but at least MIN_CUE seconds where the beat has
room: so a cue is read at the beat's rate, len(caption) / (end - start) characters per second
(`scenes.kit.story.READING_CPS` is the most a scene's beats may ask). The last beat runs to the clip's
end. Cues are ordered, never overlap and stay inside the clip. Times are written as HH:MM:SS.mmm
(WebVTT) and HH:MM:SS,mmm (SRT), rounded to the millisecond.

Burned captions (`--captions burn`) get a strip of their own at the bottom of the frame: the scene is
drawn at `SCALE` of the frame's size, centred in the space above the strip, so a caption covers nothing
the scene draws. `pages` wraps a caption into lines of type FONT_FRACTION of the frame's height (of a 16:9
frame of the same area, so a 9:16 clip gets the same size) and groups them two or three to a page; a long
caption's pages follow each other through its beat with the same timing as the files' cues (`timed`).
`page_boxes` gives a page's text boxes for the layout check.
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

import numpy as np

STRIP = 0.15  # the caption strip's height, as a fraction of the frame's height
SCALE = 1.0 - STRIP  # the scene's size inside a frame with burned captions
MAX_LINES = 3  # per page, where the strip has room for them (two in a 16:9 frame)
FONT_FRACTION = 0.042  # type size as a fraction of a 16:9 frame's height (of the same area, other aspects)
MARGIN = 0.03  # left and right margin of the caption text, as a fraction of the frame's width
CUE_CHARS = 42  # characters per line of a caption file's cue
CUE_LINES = 2  # lines per cue
MIN_CUE = 1.0  # seconds: no cue or burned page is shown for less, where its beat has room


def beat_spans(story: dict, duration: float) -> list[tuple[float, float]]:
    """(start, end) of each beat as shown: the last to `duration`, none past it."""
    beats = story["beats"]
    out = []
    for i, b in enumerate(beats):
        end = float(duration) if i == len(beats) - 1 else min(float(b["end"]), float(duration))
        out.append((min(float(b["start"]), end), end))
    return out


def cues(story: dict, duration: float) -> list[tuple[float, float, str]]:
    """(start, end, text) per cue: each beat's caption `split` and `timed` through the beat; a cue's
    lines are joined by newlines."""
    out = []
    for b, (start, end) in zip(story["beats"], beat_spans(story, duration)):
        parts = split(b["caption"])
        bounds = timed([len(p.replace("\n", " ")) for p in parts], start, end)
        out += [(a, z, text) for (a, z), text in zip(bounds, parts)]
    return out


_GLUE = "\x1f"  # stands for a space no line breaks at while wrapping


def glued(text: str) -> str:
    """The text with the spaces around '=', '≈', '<', '>', '≤', '≥' and '→' glued, so no line ends
    between a symbol and its value ("β =" / "0.9")."""
    return re.sub(r" ([=\u2248<>\u2264\u2265\u2192]) ", _GLUE + r"\1" + _GLUE, text)


def _lines(text: str) -> list[str]:
    wrapped = textwrap.wrap(glued(text), CUE_CHARS, break_long_words=False, break_on_hyphens=False)
    return [line.replace(_GLUE, " ") for line in wrapped] or [text]


def split(caption: str) -> list[str]:
    """The caption as cues of at most CUE_LINES lines of at most CUE_CHARS characters (a longer word
    gets a line of its own), lines joined by newlines. When the last cue would hold under half the words
    of the one before, the two share their words evenly."""
    lines = _lines(clean(caption))
    groups = [lines[i:i + CUE_LINES] for i in range(0, len(lines), CUE_LINES)]
    if len(groups) >= 2:
        words = " ".join(groups[-2] + groups[-1]).split(" ")
        last = " ".join(groups[-1])
        if len(last) < len(" ".join(groups[-2])) / 2:
            total = sum(len(w) + 1 for w in words)
            for cut in range(len(words) // 2, len(words)):  # the first cut that fits, from the middle on
                head, tail = _lines(" ".join(words[:cut])), _lines(" ".join(words[cut:]))
                if len(head) <= CUE_LINES and len(tail) <= CUE_LINES and \
                        sum(len(w) + 1 for w in words[:cut]) >= total / 2 - CUE_CHARS / 2:
                    groups[-2:] = [head, tail]
                    break
    return ["\n".join(g) for g in groups]


def timed(chars: list[int], start: float, end: float) -> list[tuple[float, float]]:
    """(start, end) of each of consecutive parts of a beat with `chars` characters each: part k lasts
    d_k = max(MIN_CUE, share_k), share_k the beat's time left after the floored parts split in proportion
    to the characters of the others; with no room for MIN_CUE each, equal parts."""
    span = max(float(end) - float(start), 0.0)
    n = len(chars)
    if n * MIN_CUE >= span:
        lengths = [span / n] * n
    else:
        floored: set[int] = set()
        while True:
            rest = span - MIN_CUE * len(floored)
            weight = sum(c for k, c in enumerate(chars) if k not in floored) or 1
            lengths = [MIN_CUE if k in floored else rest * c / weight for k, c in enumerate(chars)]
            short = {k for k, d in enumerate(lengths) if d < MIN_CUE - 1e-12} - floored
            if not short:
                break
            floored |= short
    edges = [float(start)]
    for d in lengths:
        edges.append(edges[-1] + d)
    edges[-1] = float(start) + span  # no rounding drift past the beat's end
    return list(zip(edges[:-1], edges[1:]))


def worst_rate(story: dict, duration: float) -> tuple[float, float, str]:
    """(characters per second, seconds on screen, text) of the cue read fastest."""
    rated = [(len(text.replace("\n", " ")) / max(z - a, 1e-9), z - a, text) for a, z, text in cues(story, duration)]
    return max(rated, key=lambda c: (c[0], -c[1]))


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
    """The WebVTT file: a header, then the numbered cues."""
    blocks = ["WEBVTT"]
    for i, (a, b, text) in enumerate(cues(story, duration), 1):
        blocks.append(f"{i}\n{_stamp(a, '.')} --> {_stamp(b, '.')}\n{vtt_text(text)}")
    return "\n\n".join(blocks) + "\n"


def srt(story: dict, duration: float) -> str:
    """The SubRip file: the numbered cues."""
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
    """The caption wrapped to the strip's width and cut into as few pages as hold it at as many lines as
    the strip has room for, at most MAX_LINES, the lines shared evenly between the pages (a word wider
    than the strip gets smaller type)."""
    words = [w.replace(_GLUE, " ") for w in glued(clean(caption)).split(" ")]
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
    count = -(-len(lines) // per_page)
    base, extra = divmod(len(lines), count)  # the lines shared evenly: no page of one line after full ones
    out, i = [], 0
    for k in range(count):
        chunk = lines[i:i + base + (k < extra)]
        i += len(chunk)
        out.append(Page(tuple(chunk), size, line_height, tuple(font.getlength(s) for s in chunk)))
    return out


def page_index(caption_pages: list[Page], beat: dict, t: float) -> int:
    """The page shown at time t of the beat: the pages are `timed` through the beat like cues."""
    bounds = timed([sum(len(s) for s in p.lines) for p in caption_pages], beat["start"], beat["end"])
    starts = np.array([a for a, _ in bounds])
    return int(np.searchsorted(starts, float(t), side="right") - 1) if t > beat["start"] else 0


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
