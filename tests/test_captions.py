"""Captions: WebVTT and SRT files beside a video, each beat's caption in cues of at most two lines,
parsed by a strict reader written here; captions burned into a strip below the scene, in both backends,
covering none of its text."""
from __future__ import annotations

import re

import numpy as np
import pytest

import render
import scenes
from scenes.kit.theme import THEMES
from scenes.output.formats import captions
from scenes.output.frames.layout_check import TextBox, manim_boxes, mpl_boxes, problems
from scenes.output.plan.pipeline import QUALITIES
from tests.helpers import read_video, render_file, sidecar

SMALL = {"steps": 12}


# ------------------------------------------------------------------------------------ strict readers

def _seconds(stamp: str, sep: str) -> float:
    m = re.fullmatch(r"(\d{2}):([0-5]\d):([0-5]\d)" + re.escape(sep) + r"(\d{3})", stamp)
    assert m, f"bad timestamp {stamp!r}"
    h, mi, s, ms = (int(g) for g in m.groups())
    return h * 3600 + mi * 60 + s + ms / 1000


def read_cues(text: str, kind: str) -> list[tuple[float, float, str]]:
    """Parse a WebVTT or SRT file strictly: header (WebVTT), numbered blocks 1..n separated by exactly
    one blank line, 'start --> end' timings, one or two non-empty lines of text (joined by a space here),
    a final newline."""
    sep = "." if kind == "vtt" else ","
    assert text.endswith("\n") and not text.endswith("\n\n\n"), "the file must end in one newline"
    blocks = text.rstrip("\n").split("\n\n")
    if kind == "vtt":
        assert blocks[0] == "WEBVTT", "a WebVTT file starts with its header line"
        blocks = blocks[1:]
    cues = []
    for i, block in enumerate(blocks, 1):
        lines = block.split("\n")
        assert len(lines) in (3, 4), f"cue {i} has {len(lines)} lines: {block!r}"
        assert lines[0] == str(i), f"cue {i} is numbered {lines[0]!r}"
        a, arrow, b = lines[1].split(" ")
        assert arrow == "-->"
        for text_line in lines[2:]:
            assert text_line.strip() == text_line and text_line, f"cue {i} has an empty line"
            assert "-->" not in text_line
        cues.append((_seconds(a, sep), _seconds(b, sep), " ".join(lines[2:])))
    return cues


def check_cues(cues, story, clip_end):
    """Cues in order, inside the clip, without gaps; each beat's cues start with it, end with it (the
    last with the clip) and say its caption."""
    beats = story["beats"]
    previous_end = 0.0
    for a, b, _text in cues:
        assert 0.0 <= a < b <= clip_end + 1e-3
        assert abs(a - previous_end) <= 1e-3, "cues overlap, leave a gap or go backwards"
        previous_end = b
    for i, beat in enumerate(beats):
        end = clip_end if i == len(beats) - 1 else beat["end"]
        mine = [c for c in cues if beat["start"] - 1e-3 <= c[0] and c[1] <= end + 1e-3]
        assert mine and abs(mine[0][0] - beat["start"]) <= 1e-3 and abs(mine[-1][1] - end) <= 1e-3
        assert " ".join(c[2] for c in mine) == " ".join(beat["caption"].split())
    assert abs(cues[-1][1] - clip_end) <= 1e-3, "the last cue ends with the clip"


def test_caption_files_parse_and_follow_the_beats(tmp_path):
    out = render_file(tmp_path, "valley", fmt="mp4", sets=SMALL, fps=8, captions="files")
    side = sidecar(out)
    frames, info = read_video(out)
    clip_end = len(frames) / info["fps"]
    vtt = out.with_name(out.name + ".vtt").read_text(encoding="utf-8")
    srt = out.with_name(out.name + ".srt").read_text(encoding="utf-8")
    check_cues(read_cues(vtt, "vtt"), side["story"], clip_end)
    check_cues(read_cues(srt, "srt"), side["story"], clip_end)
    assert side["captions"] == {"webvtt": out.name + ".vtt", "srt": out.name + ".srt"}


def test_caption_words_follow_the_parameters(tmp_path):
    """Momentum 0.3 stops at the bump: the cue of the roll says so, and differs from the default's."""
    default = render_file(tmp_path / "a", "valley", fmt="mp4", sets=SMALL, fps=8, captions="files")
    slow = render_file(tmp_path / "b", "valley", fmt="mp4", sets={**SMALL, "momentum": 0.3}, fps=8, captions="files")
    a = read_cues(default.with_name(default.name + ".srt").read_text(), "srt")
    b = read_cues(slow.with_name(slow.name + ".srt").read_text(), "srt")
    assert [c[2] for c in a] != [c[2] for c in b]
    said = [" ".join(x["caption"].split()) for x in sidecar(slow)["story"]["beats"]]
    assert " ".join(c[2] for c in b) == " ".join(said)


def test_stamps_and_cleaning_by_hand():
    story = {"beats": [{"name": "a", "start": 0.0, "end": 3725.5, "caption": "one\n  two --> three"},
                       {"name": "b", "start": 3725.5, "end": 3726.0, "caption": "four"}]}
    vtt = captions.webvtt(story, 3726.25)
    assert "01:02:05.500 --> 01:02:06.250" in vtt  # 3725.5 s = 1 h 2 min 5.5 s; the last cue to the end
    assert "one two \u2192 three" in vtt
    assert "00:00:00,000 --> 01:02:05,500" in captions.srt(story, 3726.25)


@pytest.mark.parametrize("bad", [["--captions", "files", "--format", "png"], ["--captions", "--format", "png"],
                                 ["--captions", "loud"], ["--captions", "files", "--format", "slides"]])
def test_captions_bad_input(tmp_path, capsys, bad):
    try:
        code = render.main(["valley", "--backend", "mpl", "--out", str(tmp_path) + "/", *bad])
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------------------- burned

def _moved(scene_boxes, width, height):
    """The scene's text boxes moved into the frame: the scene is drawn at inner size at the top."""
    iw, ih = captions.inner_size(width, height)
    left, top = captions.scene_origin(width, height)
    dy = height - top - ih  # y grows upwards in the layout check
    return [TextBox(b.text, b.x0 + left, b.y0 + dy, b.x1 + left, b.y1 + dy) for b in scene_boxes]


@pytest.mark.parametrize("backend, aspect", [("mpl", "16:9"), ("mpl", "4:3"), ("mpl", "1:1"), ("mpl", "9:16"),
                                             ("manim", "16:9"), ("manim", "9:16")])
def test_burned_captions_cover_no_text(tmp_path, backend, aspect):
    from scenes.kit.layout import Canvas

    spec = scenes.get("valley")
    data = spec.make_data({**{p.name: p.default for p in spec.params}, **SMALL})
    story, duration = spec.story(data), spec.duration(data)
    _w, short, fps = QUALITIES["low"]
    canvas = Canvas(aspect, spec.flow)
    width, height = canvas.pixels(short)
    iw, ih = captions.inner_size(width, height)
    times = [(b["start"] + b["end"]) / 2 for b in story["beats"]]
    if backend == "mpl":
        measured = mpl_boxes(spec.draw_mpl, data, THEMES["dark"], iw, ih, times, canvas=canvas)
    else:
        measured = manim_boxes(spec.manim_scene(), data, THEMES["dark"], iw, ih, fps, times,
                               cache_dir=tmp_path / "cache", canvas=canvas)
    seen = 0
    for (t, boxes), beat in zip(measured, story["beats"]):
        seen += len(boxes)
        for page in captions.pages(beat["caption"], width, height):
            lines = captions.page_boxes(page, width, height)
            assert problems(_moved(boxes, width, height) + lines, width, height) == [], f"{backend} at t={t:.2f}"
            strip_top = height - ih  # in y-up pixels, the strip is [0, strip_top]
            assert all(line.y1 <= strip_top for line in lines)
    assert seen > 0 and duration > 0


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_burned_frames_show_the_caption_of_their_beat(tmp_path, backend):
    """Frames from each backend, burned: the strip holds drawn text, changes when the beat changes, and
    the scene above it is the backend's own frame, shrunk."""
    spec = scenes.get("valley")
    data = spec.make_data({**{p.name: p.default for p in spec.params}, **SMALL})
    story = spec.story(data)
    width, height, fps = QUALITIES["low"]
    iw, ih = captions.inner_size(width, height)
    times = [(b["start"] + b["end"]) / 2 for b in story["beats"]]
    if backend == "mpl":
        from scenes.output.frames.mpl_frames import render_frames

        source = render_frames(spec.draw_mpl, data, THEMES["dark"], iw, ih, times)
    else:
        from scenes.output.frames.manim_frames import render_frames

        source = render_frames(spec.manim_scene(), data, THEMES["dark"], iw, ih, fps, times,
                               cache_dir=tmp_path / "cache")
    raw, burned = [], []
    for frame in captions.burn(_tee(source, raw), story, times, THEMES["dark"], width, height):
        burned.append(frame)
    assert len(burned) == len(story["beats"])
    background = np.array([int(THEMES["dark"].background[i:i + 2], 16) for i in (1, 3, 5)])
    strips = [f[ih:, :, :3].astype(int) for f in burned]
    for strip in strips:
        drawn = np.abs(strip - background).sum(axis=2) > 100
        assert 0.005 < drawn.mean() < 0.5, "the strip holds a line or two of text"
    assert all(np.any(a != b) for a, b in zip(strips, strips[1:])), "each beat has its own caption"
    left = (width - iw) // 2
    for frame, scene in zip(burned, raw):
        assert np.array_equal(frame[:ih, left:left + iw], scene)


def _tee(source, into):
    for frame in source:
        into.append(frame.copy())
        yield frame


@pytest.mark.parametrize("name", scenes.names())
def test_every_caption_fits_the_strip(tmp_path, name):
    """Every scene's captions, at the defaults, fit the strip at the smallest and the usual size."""
    from scenes.output.plan.pipeline import make_data

    spec = scenes.get(name)
    data, _ = make_data(spec, {p.name: p.default for p in spec.params}, tmp_path)
    for beat in spec.story(data)["beats"]:
        for width, height in ((854, 480), (1280, 720), (640, 480), (480, 480), (480, 854)):
            pages = captions.pages(beat["caption"], width, height)
            assert all(1 <= len(page.lines) <= captions.MAX_LINES for page in pages)
            assert " ".join(line for page in pages for line in page.lines) == " ".join(beat["caption"].split())
            for page in pages:
                # As large as on a 16:9 frame of the same area: read from the back of a lecture hall.
                assert page.size >= 0.04 * (width * height * 9 / 16) ** 0.5
                boxes = captions.page_boxes(page, width, height)
                assert problems(boxes, width, height) == []
                assert max(b.y1 for b in boxes) <= height - captions.inner_size(width, height)[1]


def test_long_captions_page_through_their_beat():
    """A caption of 60 words at 480p takes several pages; each shows for its share of the characters,
    or a second where its share is shorter (the others sharing the rest): recomputed here."""
    caption = " ".join(f"word{i:02d}" for i in range(60))
    pages = captions.pages(caption, 854, 480)
    assert len(pages) >= 2
    sizes = [len(p.lines) for p in pages]
    assert max(sizes) - min(sizes) <= 1, "the lines are shared evenly between the pages"
    for start, end in ((2.0, 6.0), (2.0, 20.0), (0.0, 1.0 * len(pages) + 0.3)):
        beat = {"start": start, "end": end}
        chars = [sum(len(s) for s in p.lines) for p in pages]
        lengths, fixed = None, set()
        while True:  # the rule by hand: a second for each page whose share is shorter, shares for the rest
            rest = (end - start) - len(fixed)
            weight = sum(c for k, c in enumerate(chars) if k not in fixed)
            lengths = [1.0 if k in fixed else rest * c / weight for k, c in enumerate(chars)]
            if not any(d < 1.0 - 1e-12 and k not in fixed for k, d in enumerate(lengths)):
                break
            fixed |= {k for k, d in enumerate(lengths) if d < 1.0 - 1e-12}
        boundaries = start + np.cumsum(lengths)[:-1]
        for k, t0 in enumerate(boundaries, 1):
            assert captions.page_index(pages, beat, t0 - 1e-3) == k - 1
            assert captions.page_index(pages, beat, t0 + 1e-3) == k
        assert captions.page_index(pages, beat, start) == 0 and captions.page_index(pages, beat, end) == len(pages) - 1
        assert all(d >= 1.0 - 1e-9 for d in lengths)


def test_cue_lines_keep_a_symbol_with_its_value():
    """No line of a cue or a burned page ends on '=' or starts with one: "β = 0.9" stays whole."""
    caption = "x " * 17 + "at \u03b2 = 0.95 and \u03b1 \u2248 0.001 " + "word " * 30
    for text in captions.split(caption):
        for line in text.split("\n"):
            assert not line.endswith(("=", "\u2248")) and not line.startswith(("=", "\u2248")), text
    for width, height in ((854, 480), (480, 854)):
        for page in captions.pages(caption, width, height):
            assert not any(line.endswith("=") or line.startswith("=") for line in page.lines)
