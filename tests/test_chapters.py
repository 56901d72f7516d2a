"""Chapters: MP4 and WebM carry one chapter per beat, read back with PyAV, and the sidecar lists them."""
from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest

from scenes.output.formats import chapters, encode
from tests.helpers import read_video, render_file, sidecar

SMALL = {"steps": 12}


def read_chapters(path) -> list[tuple[str, float, float]]:
    with av.open(str(path)) as box:
        return [(c["metadata"].get("title"), float(c["start"] * Fraction(c["time_base"])),
                 float(c["end"] * Fraction(c["time_base"]))) for c in box.chapters()]


@pytest.mark.parametrize("fmt", ["mp4", "webm"])
def test_chapters_are_the_beats(tmp_path, fmt):
    out = render_file(tmp_path, "valley", fmt=fmt, sets=SMALL, fps=8)
    side = sidecar(out)
    beats = side["story"]["beats"]
    frames, info = read_video(out)
    video_end = len(frames) / side["fps"]
    read = read_chapters(out)
    assert [c[0] for c in read] == [b["name"] for b in beats]
    for (title, start, end), beat in zip(read, beats):
        assert abs(start - beat["start"]) <= 1e-3
        if beat is not beats[-1]:
            assert abs(end - beat["end"]) <= 1e-3
    assert abs(read[-1][2] - video_end) <= 1e-3, "the last chapter runs to the end of the video"
    assert [(c["title"], c["start"], c["end"]) for c in side["chapters"]] == [
        (t, pytest.approx(a, abs=1e-3), pytest.approx(b, abs=1e-3)) for t, a, b in read]


def test_a_gif_has_no_chapters(tmp_path):
    out = render_file(tmp_path, "valley", fmt="gif", sets=SMALL, fps=8)
    assert "chapters" not in sidecar(out)


def test_titles_with_metadata_syntax_survive(tmp_path):
    """'=', ';', '#' and '\\' are escaped in the FFMETADATA file and read back as written."""
    titles = ["a=b", "c;d", "#e", "f\\g"]
    items = [{"title": t, "start": i * 0.5, "end": (i + 1) * 0.5} for i, t in enumerate(titles)]
    target = tmp_path / "x.mp4"
    with chapters.metadata_file(items, target) as meta:
        with encode.VideoWriter(target, "mp4", 64, 48, 10, metadata=meta) as writer:
            for k in range(20):
                writer.write(np.full((48, 64, 4), 10 * k, np.uint8))
            writer.close()
        kept = meta
    assert not kept.exists(), "the metadata file is removed afterwards"
    assert [p.name for p in tmp_path.iterdir()] == ["x.mp4"]
    assert [(t, round(a, 3), round(b, 3)) for t, a, b in read_chapters(target)] == [
        (t, i * 0.5, (i + 1) * 0.5) for i, t in enumerate(titles)]
