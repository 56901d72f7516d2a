"""A PowerPoint deck of the beats (`--format pptx`): one slide per beat, its video segment filling a slide
of a standard size, its cover picture the beat's poster moment, its speaker note the beat's caption.

Slide sizes are PowerPoint's own, whatever the render's pixel size: 13.333 × 7.5 in for 16:9
(12192000 × 6858000 EMU, 914400 EMU to the inch), 10 × 7.5 in for 4:3, 7.5 × 7.5 in for 1:1 and
7.5 × 13.333 in for 9:16 (the aspect is the one nearest the frame's width / height). The video keeps its
shape: it is scaled to fit the slide and centred.

The cover picture (the movie's poster frame) is what a viewer sees before the video plays and what
clients that do not play video show instead: LibreOffice's PDF export, previews, print. It is the
beat's moment, the last frame of its segment (`scenes.output.formats.poster`: a beat's moment is its
end, the picture that beat has built), not its first frame, which shows the beat before it has begun.
Each video starts by itself when its slide is shown (the timing node's delay is 0).
"""
from __future__ import annotations

from pathlib import Path

EMU_PER_INCH = 914400
WIDE, TALL = 12192000, 6858000  # 13.333 in and 7.5 in: PowerPoint's widescreen slide
SIZES = {  # aspect: (slide width, slide height) in EMU
    "16:9": (WIDE, TALL),
    "4:3": (9144000, TALL),
    "1:1": (TALL, TALL),
    "9:16": (TALL, WIDE),
}


def slide_size(width: int, height: int) -> tuple[int, int]:
    """The standard slide (EMU) whose shape is nearest the frame's, by |log(w/h) - log(W/H)|."""
    import math

    ratio = math.log(width / height)
    return min(SIZES.values(), key=lambda wh: abs(math.log(wh[0] / wh[1]) - ratio))


def fit(width: int, height: int, slide: tuple[int, int]) -> tuple[int, int, int, int]:
    """(left, top, width, height) in EMU of a width x height picture scaled to fit the slide, centred."""
    scale = min(slide[0] / width, slide[1] / height)
    w, h = int(round(width * scale)), int(round(height * scale))
    return (slide[0] - w) // 2, (slide[1] - h) // 2, w, h


def write(segments: list[Path], covers: list[Path], notes: list[str], width: int, height: int, dest: Path) -> None:
    """Write the deck to `dest`: slide i plays segments[i] (MP4) with covers[i] (PNG) as its cover
    picture and notes[i] as its speaker note."""
    import pptx

    deck = pptx.Presentation()
    size = slide_size(width, height)
    deck.slide_width, deck.slide_height = size
    blank = deck.slide_layouts[6]
    left, top, w, h = fit(width, height, size)
    for video, cover, note in zip(segments, covers, notes, strict=True):
        slide = deck.slides.add_slide(blank)
        movie = slide.shapes.add_movie(str(video), left, top, w, h, poster_frame_image=str(cover),
                                       mime_type="video/mp4")
        _play_when_shown(slide, movie)
        if note:
            slide.notes_slide.notes_text_frame.text = note
    deck.save(str(dest))


def _play_when_shown(slide, movie) -> None:
    """The movie starts as soon as its slide is shown: python-pptx's timing waits for a click
    ('indefinite'); a delay of 0 starts it at once."""
    from lxml import etree

    ns = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
    path = f'.//p:timing//p:video//p:spTgt[@spid="{movie.shape_id}"]'
    for target in etree.ElementBase.xpath(slide.element, path, namespaces=ns):
        media_node = target.getparent().getparent()
        for cond in etree.ElementBase.xpath(media_node, ".//p:cond", namespaces=ns)[:1]:
            cond.set("delay", "0")
