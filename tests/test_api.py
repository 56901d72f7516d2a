"""The Python API as a user meets it: `from render import render, Clip, RenderError`.

A still and a short clip go through `render()`; bad input raises RenderError with exactly the line
render.py prints; the Jupyter display embeds small files and links large ones; nothing reaches stdout.
"""
from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

import render as render_module
from render import Clip, RenderError, render
from scenes.output.plan import api, pipeline
from tests.helpers import assert_not_blank, read_png, read_video

ROOT = Path(__file__).resolve().parent.parent
FAST = dict(backend="mpl", quality="low", steps=10)  # valley's shortest run; the clip also takes fps=5


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """One still and one short clip through render(), with everything they wrote on stdout (at fd level,
    so an encoder subprocess writing there would be caught too)."""
    folder = tmp_path_factory.mktemp("api")
    cache = folder / "cache"
    with tempfile.TemporaryFile(mode="w+b") as sink:
        saved = os.dup(1)
        sys.stdout.flush()
        os.dup2(sink.fileno(), 1)
        try:
            still = render("valley", fmt="png", out=folder / "still.png", cache_dir=cache, **FAST)
            clip = render("valley", fmt="mp4", out=str(folder / "clip.mp4"), cache_dir=cache,
                          params={"steps": 10}, backend="mpl", quality="low", fps=5, captions="files")
            again = render("valley", fmt="png", out=folder / "still.png", cache_dir=cache, **FAST)
            sys.stdout.flush()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        sink.seek(0)
        stdout = sink.read()
    return {"folder": folder, "still": still, "clip": clip, "again": again, "stdout": stdout}


def test_render_py_exports_the_api():
    assert render_module.render is api.render
    assert render_module.Clip is api.Clip and render_module.RenderError is api.RenderError
    assert set(render_module.__all__) >= {"render", "Clip", "RenderError", "main"}


def test_a_still_through_render(rendered):
    still = rendered["still"]
    assert isinstance(still, Clip)
    assert still.path == rendered["folder"] / "still.png"
    assert still.path.is_file()
    on_disk = json.loads(Path(str(still.path) + ".json").read_text())
    assert still.sidecar == on_disk
    assert still.story == on_disk["story"] and still.story["title"]
    assert still.scene == "valley" and still.params["steps"] == 10 and on_disk["params"]["steps"] == 10
    image = read_png(still.path)
    assert image.shape[:2] == (480, 854)
    assert_not_blank(image)


def test_a_short_clip_through_render(rendered):
    clip = rendered["clip"]
    assert clip.path == rendered["folder"] / "clip.mp4" and clip.path.is_file()
    frames, info = read_video(clip.path)
    assert (info["width"], info["height"]) == (854, 480) and info["fps"] == 5
    assert len(frames) == clip.sidecar["frames"] > 2
    assert clip.params["steps"] == 10  # given through params={...}
    moved = np.abs(frames[0].astype(int) - frames[-1].astype(int)).sum(axis=2) > 60
    assert moved.mean() > 0.001, "the first and last frames are the same picture"


def test_an_up_to_date_render_is_returned_without_rendering_again(rendered):
    still, again = rendered["still"], rendered["again"]
    assert again.path == still.path and again.sidecar == still.sidecar


def test_render_prints_nothing_on_stdout(rendered):
    assert rendered["stdout"] == b""


def _cli_line(tmp_path: Path, *args: str) -> str:
    proc = subprocess.run([sys.executable, str(ROOT / "render.py"), *args], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.mark.parametrize("scene, kwargs, cli_args", [
    ("valley", {"lr": "fast"}, ["--set", "lr=fast"]),
    ("valley", {"lr": -1}, ["--set", "lr=-1"]),
    ("valley", {"lr": float("nan")}, ["--set", "lr=nan"]),
    ("valley", {"steps": 12.5}, ["--set", "steps=12.5"]),
    ("valley", {"momentum": 1.5}, ["--set", "momentum=1.5"]),
    ("valley", {"experiment": "moon"}, ["--set", "experiment=moon"]),
    ("valley", {"learning_rate": 0.1}, ["--set", "learning_rate=0.1"]),
    ("nosuchscene", {}, []),
    ("missing_scene_file.py", {}, []),
    ("valley", {"out": "clip.avi"}, ["--out", "clip.avi"]),
    ("valley", {"out": "clip.gif", "fmt": "mp4"}, ["--out", "clip.gif", "--format", "mp4"]),
])
def test_bad_input_raises_render_error_with_the_cli_line(tmp_path, monkeypatch, scene, kwargs, cli_args):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RenderError) as caught:
        render(scene, backend="mpl", **kwargs)
    assert caught.value.code == 2
    assert _cli_line(tmp_path, scene, "--backend", "mpl", *cli_args) == f"error: {caught.value}"
    assert list(tmp_path.iterdir()) == [], "bad input wrote something"


def test_a_scene_from_the_users_file(tmp_path, monkeypatch):
    """The guide's scene file (docs/writing-a-scene.md), by path and by path:NAME, with its parameters."""
    monkeypatch.chdir(tmp_path)
    guide = (ROOT / "docs" / "writing-a-scene.md").read_text()
    path = tmp_path / "my_scene.py"
    path.write_text(re.search(r"```python\n(.*?)```", guide, re.S).group(1))
    clip = render(path, backend="mpl", fmt="png", quality="low", out="still.png", steps=10, momentum=0.5,
                  cache_dir="cache")
    assert clip.path == Path("still.png") and clip.params["momentum"] == 0.5 and clip.params["steps"] == 10
    assert_not_blank(read_png(clip.path))
    again = render(f"{path}:{clip.scene}", backend="mpl", fmt="png", quality="low", out="still.png", steps=10,
                   momentum=0.5, cache_dir="cache")
    assert again.sidecar == clip.sidecar
    with pytest.raises(RenderError) as caught:
        render(f"{path}:nope", backend="mpl")
    assert _cli_line(tmp_path, f"{path}:nope", "--backend", "mpl") == f"error: {caught.value}"


@pytest.mark.parametrize("kwargs, fragment", [
    ({"backend": "povray"}, "povray"),
    ({"quality": "8k"}, "8k"),
    ({"theme": "pink"}, "pink"),
    ({"fmt": "avi"}, "avi"),
    ({"fps": 0}, "fps"),
    ({"fmt": "mp4", "transparent": True}, "alpha"),
    ({"out": ""}, "--out"),
    ({"aspect": "2:1"}, "2:1"),
    ({"fmt": "mp4", "at": 1.5}, "--at"),
    ({"fmt": "png", "captions": "files"}, "--captions"),
    ({"fmt": "mp4", "embed": True}, "--embed"),
])
def test_bad_options_raise_render_error(tmp_path, monkeypatch, kwargs, fragment):
    """Options the CLI's parser rejects before the pipeline (its words differ) still give one line here."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RenderError) as caught:
        render("valley", **{"backend": "mpl", **kwargs})
    message = str(caught.value)
    assert caught.value.code == 2 and "\n" not in message and fragment in message
    assert list(tmp_path.iterdir()) == []


def test_a_failed_render_is_a_render_error_with_the_cause(tmp_path, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("the encoder fell over")

    monkeypatch.setattr(pipeline, "frames", broken)
    out = tmp_path / "x.png"
    with pytest.raises(RenderError) as caught:
        render("valley", fmt="png", out=out, cache_dir=tmp_path / "cache", progress=False, **FAST)
    assert caught.value.code == 1
    assert str(caught.value) == "render failed: RuntimeError: the encoder fell over"
    assert isinstance(caught.value.__cause__, RuntimeError)
    assert not out.exists() and not Path(str(out) + ".json").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["cache"], "a temporary was left behind"

    # render.py, in this process with the same fault, prints the same line (plus its --verbose hint)
    code = render_module.main(["valley", "--backend", "mpl", "--format", "png", "--quality", "low",
                               "-o", str(out), "--cache-dir", str(tmp_path / "cache"), "--set", "steps=10"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err[-1] == f"error: {caught.value} (--verbose shows the details)"


# --- the Jupyter display --------------------------------------------------------------------------------

def _src(html: str) -> str:
    found = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert found, html
    return found[0]


def test_html_embeds_a_small_still_as_base64(rendered):
    still = rendered["still"]
    html = still._repr_html_()
    assert "<img" in html and "<video" not in html
    src = _src(html)
    assert src.startswith("data:image/png;base64,")
    assert base64.b64decode(src.split(",", 1)[1]) == still.path.read_bytes()
    assert still.story["title"].split()[0] in html  # the caption: the storyboard's title
    assert still._repr_png_() == still.path.read_bytes()


def test_html_embeds_a_small_clip_as_a_looping_video(rendered):
    clip = rendered["clip"]
    html = clip._repr_html_()
    assert re.search(r"<video controls loop\b", html)
    src = _src(html)
    assert src.startswith("data:video/mp4;base64,")
    assert base64.b64decode(src.split(",", 1)[1]) == clip.path.read_bytes()
    assert clip._repr_png_() is None


def test_html_video_carries_its_poster_and_captions(rendered):
    clip = rendered["clip"]
    assert clip.poster == clip.path.with_name("clip.mp4.poster.png") and clip.poster.is_file()
    assert clip.captions == clip.path.with_name("clip.mp4.vtt") and clip.captions.is_file()
    html = clip._repr_html_()
    poster = re.search(r'poster="data:image/png;base64,([^"]+)"', html)
    track = re.search(r'<track kind="captions"[^>]* src="data:text/vtt;base64,([^"]+)"', html)
    assert poster and base64.b64decode(poster.group(1)) == clip.poster.read_bytes()
    assert track and base64.b64decode(track.group(1)) == clip.captions.read_bytes()
    first_caption = clip.story["beats"][0]["caption"]
    cues = [block.split("\n", 2)[2] for block in clip.captions.read_text().strip().split("\n\n")[1:]]
    assert " ".join(first_caption.split()) in " ".join(" ".join(cues).split())  # split into cues, in order
    assert rendered["still"].poster is None and rendered["still"].captions is None


def test_html_links_a_file_above_the_threshold(rendered, monkeypatch):
    clip = rendered["clip"]
    monkeypatch.setattr(api, "EMBED_LIMIT_BYTES", clip.path.stat().st_size - 1)
    monkeypatch.chdir(rendered["folder"])
    html = clip._repr_html_()
    assert "base64" not in html and "<video controls loop" in html
    assert _src(html) == "clip.mp4"  # relative to the working folder, where Jupyter serves it from
    assert '<a href="clip.mp4">' in html
    assert 'poster="clip.mp4.poster.png"' in html and 'src="clip.mp4.vtt"' in html  # linked alike
    monkeypatch.chdir(rendered["folder"] / "cache")
    assert _src(clip._repr_html_()) == "../clip.mp4"
    monkeypatch.setattr(api, "EMBED_LIMIT_BYTES", rendered["still"].path.stat().st_size - 1)
    assert rendered["still"]._repr_png_() is None


@pytest.mark.parametrize("name, fmt, tag, mime", [
    ("x.gif", "gif", "<img", "image/gif"),
    ("x.webm", "webm", "<video controls loop", "video/webm"),
    ("x.html", "html", "<iframe", "text/html"),
    ("x.slides.html", "slides", "<iframe", "text/html"),
])
def test_html_for_each_format_a_browser_shows(tmp_path, name, fmt, tag, mime):
    path = tmp_path / name
    path.write_bytes(b"\x00\x01not really media")
    clip = Clip(path, {"format": fmt, "story": {"title": "A <title> & more"}, "width": 854}, "x")
    html = clip._repr_html_()
    assert tag in html and _src(html).startswith(f"data:{mime};base64,")
    assert base64.b64decode(_src(html).split(",", 1)[1]) == path.read_bytes()
    assert "A &lt;title&gt; &amp; more" in html  # the caption is escaped
    assert repr(clip) == f"Clip({str(path)!r}, scene='x', {fmt})"  # no size or frame count to show


@pytest.mark.parametrize("name, fmt", [("x.mov", "mov"), ("x.pptx", "pptx")])
def test_html_offers_what_a_browser_cannot_show_as_a_download(tmp_path, monkeypatch, name, fmt):
    """Browsers cannot play ProRes or show PowerPoint: a link with a download name, no player."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / name
    path.write_bytes(b"\x00" * 64)
    html = Clip(path, {"format": fmt, "story": {"title": "t"}}, "x")._repr_html_()
    assert "<video" not in html and "<img" not in html and "<iframe" not in html
    assert f'download="{name}"' in html and _src(html).startswith("data:")
    monkeypatch.setattr(api, "EMBED_LIMIT_BYTES", 10)
    assert _src(Clip(path, {"format": fmt}, "x")._repr_html_()) == name


def test_repr_names_file_scene_and_size(rendered):
    text = repr(rendered["still"])
    assert "still.png" in text and "valley" in text and "854x480" in text and "1 frame" in text
    assert len(text) < 200  # not the whole sidecar
