"""Posters and stills at any moment: `--at SECONDS|BEAT|end` picks a PNG's frame, every video gets
`<out>.poster.png` (the end of the scene's poster beat, by default the first), and the extra files are
committed with the output: a failed render leaves the earlier ones as they were and no temporary."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import render
import scenes
from scenes.kit import registry
from scenes.output.formats import captions
from scenes.output.files import output_files
from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar

SMALL = {"steps": 12}


def _frame_index(duration: float, fps: float, t: float) -> int:
    """The frame showing time t: frames are n = round(duration * fps) + 1 evenly spaced times."""
    n = int(round(duration * fps)) + 1
    return int(np.floor(t * (n - 1) / duration + 1e-6))


def test_every_video_has_its_poster(tmp_path):
    out = render_file(tmp_path, "valley", fmt="mp4", sets=SMALL, fps=8)
    side = sidecar(out)
    poster_path = out.with_name(out.name + ".poster.png")
    poster = read_png(poster_path)[..., :3].astype(int)
    assert_not_blank(poster)
    first = side["story"]["beats"][0]
    frames, info = read_video(out)
    duration = side["story"]["beats"][-1]["end"]
    k = _frame_index(duration, side["fps"], first["end"])
    assert side["poster"] == {"file": poster_path.name, "time_s": pytest.approx(k * duration / (len(frames) - 1), abs=1e-3)}
    def changed(frame):  # the share of pixels that differ by more than the encoder's noise
        return (np.abs(frame.astype(int) - poster).sum(axis=2) > 120).mean()

    assert changed(frames[k]) < 5e-4, "the poster is the video's frame at the end of the setup beat"
    assert changed(frames[-1]) > 2e-3, "the poster is not the last frame: the balls have not rolled yet"


def test_the_scene_names_its_poster_beat(tmp_path, monkeypatch):
    spec = scenes.get("valley")
    monkeypatch.setitem(registry._REGISTRY, "valley", dataclasses.replace(spec, poster_beat="roll"))
    out = render_file(tmp_path, "valley", fmt="mp4", sets=SMALL, fps=8)
    side = sidecar(out)
    roll = next(b for b in side["story"]["beats"] if b["name"] == "roll")
    assert abs(side["poster"]["time_s"] - roll["end"]) <= 1 / side["fps"]


def test_at_a_beat_is_the_still_at_its_end(tmp_path):
    by_name = render_file(tmp_path / "a", "valley", sets=SMALL, at="setup")
    side = sidecar(by_name)
    setup_end = side["story"]["beats"][0]["end"]
    by_time = render_file(tmp_path / "b", "valley", sets=SMALL, at=repr(setup_end))
    at_end = render_file(tmp_path / "c", "valley", sets=SMALL, at="end")
    default = render_file(tmp_path / "d", "valley", sets=SMALL)
    assert np.array_equal(read_png(by_name), read_png(by_time))
    assert np.array_equal(read_png(at_end), read_png(default))
    assert not np.array_equal(read_png(by_name), read_png(default))
    assert side["moment_s"] == pytest.approx(setup_end) and side["at"] == "setup"
    assert "at" not in sidecar(default), "a still of the end keeps the sidecar it always had"


@pytest.mark.parametrize("name", scenes.names())
def test_posters_show_something_before_the_end(tmp_path, name):
    """Each scene's poster moment (end of its poster beat) shows a picture, and not the final one."""
    from scenes.kit.theme import THEMES
    from scenes.output.frames.mpl_frames import render_frames
    from scenes.output.plan.pipeline import QUALITIES, make_data

    spec = scenes.get(name)
    data, _ = make_data(spec, {p.name: p.default for p in spec.params}, tmp_path / "cache")
    story = spec.story(data)
    beat = next((b for b in story["beats"] if b["name"] == spec.poster_beat), story["beats"][0])
    width, height, _fps = QUALITIES["low"]
    poster, end = render_frames(spec.draw_mpl, data, THEMES["dark"], width, height,
                                [beat["end"], spec.duration(data)])
    assert_not_blank(poster)
    moved = (np.abs(poster.astype(int) - end.astype(int)).max(axis=2) > 30).mean()
    assert moved > 1e-3, f"the poster gives the ending away: only {moved:.2%} of its pixels differ from it"


@pytest.mark.parametrize("bad", [["--at", "99"], ["--at", "nowhere"], ["--at", "-1"], ["--at", "nan"],
                                 ["--at", "1;2"], ["--at", "1", "--format", "mp4"]])
def test_at_bad_input(tmp_path, capsys, bad):
    args = ["valley", "--backend", "mpl", "--quality", "low", "--set", "steps=12",
            "--cache-dir", str(tmp_path / "cache"), "--out", str(tmp_path / "out") + "/"]
    if "--format" not in bad:
        args += ["--format", "png"]
    try:
        code = render.main(args + bad)
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    if bad[1] == "nowhere":
        assert "setup" in err, "the error names the beats there are"


def _files(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_a_failed_render_leaves_the_earlier_files(tmp_path, monkeypatch):
    out = render_file(tmp_path, "valley", fmt="mp4", sets=SMALL, fps=8, captions="files")
    before = _files(out.parent)
    assert {out.name + s for s in (".poster.png", ".vtt", ".srt", ".json")} < set(before)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(captions, "srt", broken)  # fails after the video and its poster are written
    with pytest.raises(OSError):
        render_file(tmp_path, "valley", fmt="mp4", sets={**SMALL, "momentum": 0.3}, fps=8, captions="files")
    assert _files(out.parent) == before, "earlier files untouched, no temporary left"


def test_a_failed_commit_puts_the_earlier_companions_back(tmp_path, monkeypatch):
    out = render_file(tmp_path, "valley", fmt="mp4", sets=SMALL, fps=8, captions="files")
    before = _files(out.parent)

    def broken(*args, **kwargs):
        raise OSError("rename failed")

    monkeypatch.setattr(output_files, "commit", broken)  # the companions are in place by then
    with pytest.raises(OSError):
        render_file(tmp_path, "valley", fmt="mp4", sets={**SMALL, "momentum": 0.3}, fps=8, captions="files")
    assert _files(out.parent) == before


def test_a_new_render_replaces_every_companion(tmp_path):
    out = render_file(tmp_path, "valley", fmt="mp4", sets=SMALL, fps=8, captions="files")
    before = _files(out.parent)
    render_file(tmp_path, "valley", fmt="mp4", sets={**SMALL, "momentum": 0.3}, fps=8, captions="files")
    after = _files(out.parent)
    assert set(after) == set(before)
    for suffix in ("", ".json", ".poster.png", ".srt", ".vtt"):
        assert after[out.name + suffix] != before[out.name + suffix], suffix or "the video"
