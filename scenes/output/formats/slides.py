"""Slides: one slide per beat, as a self-contained reveal.js page (`--format slides`) or PowerPoint (`pptx`).

The frames the video would show are cut at the beats' boundaries into one short MP4 per beat (frame i,
at time t_i, belongs to the beat playing at t_i; the clip's last frame to the last beat). The segments
become a manim-slides presentation (`manim_slides.config.PresentationConfig`, each slide's speaker note
its beat's caption, as plain text), which manim-slides' own converter turns into reveal.js HTML (`--one-file`: the
videos inlined as data URIs); a PPTX file is written by `pptx_deck`, each slide's cover picture the
segment's last frame (the beat's moment) on a slide of a standard size. A slide plays its segment once
and stops on its last frame, so the speaker talks over each beat and advances to the next.

Offline: manim-slides' `--offline` would fetch reveal.js from a CDN. This project ships the few
reveal.js files the page uses (`scenes/output/formats/revealjs/`, MIT, with its licence) and inlines them, so the
finished page needs no network to present.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterable

import numpy as np

from scenes.output.formats import encode, pptx_deck
from scenes.output.files import safe_files

FORMATS = ("slides", "pptx")
MODULES = {"slides": ("manim_slides", "manim_slides.convert"),  # what each format imports (the slides extra)
           "pptx": ("manim_slides", "manim_slides.convert", "pptx")}
REVEAL_VERSION = "6.0.1"
ASSETS = Path(__file__).with_name("revealjs")
_CDN = f"https://cdn.jsdelivr.net/npm/reveal.js@{REVEAL_VERSION}"


class SlidesError(RuntimeError):
    """The presentation could not be made (a missing asset, a converter failure)."""


def segment_ranges(story: dict, times: np.ndarray) -> list[tuple[int, int]]:
    """[first, last] frame indices (inclusive) of each beat: the frames whose time falls in
    [start, end), the last beat also taking the final frame; a beat shorter than a frame gets the
    frame nearest its start."""
    times = np.asarray(times, float)
    beats = story["beats"]
    out = []
    for i, b in enumerate(beats):
        last_beat = i == len(beats) - 1
        inside = np.nonzero((times >= b["start"] - 1e-9) & ((times < b["end"] - 1e-9) | last_beat))[0]
        if len(inside):
            out.append((int(inside[0]), int(inside[-1])))
        else:
            k = int(np.argmin(np.abs(times - b["start"])))
            out.append((k, k))
    return out


def write_segments(source: Iterable[np.ndarray], ranges: list[tuple[int, int]], folder: Path, width: int,
                   height: int, fps: float, progress=None) -> tuple[list[Path], int]:
    """Encode each range of frames from `source` as its own MP4 in `folder`, and its last frame (the
    beat's moment) as `cover_path` of it; (paths, frames read)."""
    paths = [folder / f"beat{i:02d}.mp4" for i in range(len(ranges))]
    writers: dict[int, encode.VideoWriter] = {}
    count = 0
    try:
        for k, frame in enumerate(source):
            for i, (lo, hi) in enumerate(ranges):
                if lo <= k <= hi:
                    if i not in writers:
                        writers[i] = encode.VideoWriter(paths[i], "mp4", width, height, fps)
                    writers[i].write(frame)
                    if k == hi:
                        writers.pop(i).close()
                        encode.write_png_to(frame, cover_path(paths[i]), False)
            count += 1
            if progress is not None:
                progress.update(1)
    except BaseException:
        for writer in writers.values():
            writer.abort()
        raise
    if writers or not all(p.is_file() for p in paths):
        for writer in writers.values():
            writer.abort()
        raise SlidesError("the frames ended before every beat's segment was complete")
    return paths, count


def cover_path(segment: Path) -> Path:
    """Where `write_segments` puts a segment's cover picture."""
    return segment.with_suffix(".png")


def presentation(story: dict, paths: list[Path], width: int, height: int, background: str, page: bool = False):
    """The manim-slides presentation: one slide per segment, the beat's caption as its note; for the page
    (`page`) each note is a placeholder that :func:`finish_page` replaces by the caption as plain text
    (PowerPoint's notes are `pptx_deck`'s, written by python-pptx as XML text)."""
    from manim_slides.config import PresentationConfig, SlideConfig

    slides = [SlideConfig(file=p, rev_file=p, notes=_NOTE.format(i) if page else b["caption"], dedent_notes=False)
              for i, (b, p) in enumerate(zip(story["beats"], paths))]
    return PresentationConfig(slides=slides, resolution=(width, height), background_color=background)


_NOTE = "momentum-anim-note-{}"
_TITLE = "momentum-anim-title"


def convert(config, fmt: str, dest: Path, title: str, width: int, height: int, notes: list[str] = ()) -> None:
    """Write the presentation to `dest` as reveal.js HTML with every asset inlined (`fmt` 'slides'; a
    PPTX is `pptx_deck`'s). `notes` are the captions the page's placeholder notes stand for."""
    from manim_slides.convert import RevealJS

    if fmt != "slides":
        raise SlidesError(f"manim-slides writes the reveal.js page here, not {fmt}")
    # the template is manim-slides' own with a language on <html> and a viewport that allows zoom
    RevealJS(presentation_configs=[config], one_file=True, offline=False, reveal_version=REVEAL_VERSION,
             cdn_url=_CDN, title=_TITLE, background_color=str(config.background_color),
             template=ASSETS / "template.html").convert_to(dest)
    dest.write_text(finish_page(dest.read_text(encoding="utf-8"), title, notes), encoding="utf-8")


def finish_page(html: str, title: str, notes: list[str]) -> str:
    """The page with its reveal.js files inlined, and the title and speaker notes set as text: manim-slides'
    template writes them unescaped, and notes as Markdown, which passes HTML through. Here no user text
    is ever markup: each goes in as a text node, which the serialiser escapes."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    inline_assets(soup)
    for tag in soup.find_all("title"):
        if tag.get_text() == _TITLE:
            tag.string = title
    for aside in soup.select("aside.notes"):
        key = aside.get_text()
        if key.startswith(_NOTE.format("")) and key[len(_NOTE.format("")):].isdigit():
            del aside["data-markdown"]
            aside.string = notes[int(key[len(_NOTE.format("")):])]
    return str(soup)


def inline_assets(soup) -> None:
    """Replace the page's links to reveal.js on the CDN by the shipped files' contents (in place)."""
    for tag, attr in (("link", "href"), ("script", "src")):
        for item in soup.find_all(tag):
            link = item.get(attr)
            if not link or not link.startswith("http"):
                continue
            if not link.startswith(_CDN + "/"):
                raise SlidesError(f"the page links to {link}, which is not shipped")
            asset = ASSETS / link[len(_CDN) + 1:]
            if not asset.is_file():
                raise SlidesError(f"the reveal.js file {asset.name} is missing from {ASSETS}")
            inline = soup.new_tag("style" if tag == "link" else "script")
            inline.string = asset.read_text(encoding="utf-8")
            item.replace_with(inline)


def render(source: Iterable[np.ndarray], story: dict, times: np.ndarray, fmt: str, dest: Path, width: int,
           height: int, fps: float, background: str, progress=None) -> dict:
    """Make the presentation from the frames into `dest` (a temporary the caller commits); returns what
    the sidecar says about the slides."""
    folder = safe_files.temp_dir(dest.parent)
    try:
        ranges = segment_ranges(story, times)
        paths, count = write_segments(source, ranges, folder, width, height, fps, progress)
        notes = [b["caption"] for b in story["beats"]]
        if fmt == "pptx":
            pptx_deck.write(paths, [cover_path(p) for p in paths], notes, width, height, dest)
        else:
            config = presentation(story, paths, width, height, background, page=True)
            convert(config, fmt, dest, story["title"], width, height, notes)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"frames": count, "slides": [{"beat": b["name"], "start": round(float(times[lo]), 4),
                                         "frames": hi - lo + 1, "notes": b["caption"]}
                                        for b, (lo, hi) in zip(story["beats"], ranges)]}
