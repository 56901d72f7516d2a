"""Slides: one slide per beat. The reveal.js page is opened in headless Chromium with the network off
(it loads without console errors, has a slide per beat with the caption as its note, and advancing
plays the next segment); the PPTX is opened with python-pptx; Manim's CLI and manim-slides render the
scene with the parameters and theme from the environment."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
import pytest

import render
from scenes.kit import slides as kit_slides
from tests.helpers import sidecar

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SMALL = {"steps": 12}


def render_deck(folder: Path, name: str) -> Path:
    from scenes.output.plan.pipeline import RenderRequest, render as render_request

    return render_request(RenderRequest(scene="valley", backend="mpl", quality="low", out=str(folder / name),
                                        overrides={k: str(v) for k, v in SMALL.items()},
                                        cache_dir=str(folder / "cache"), progress=False))


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    return render_deck(tmp_path_factory.mktemp("slides"), "valley.slides.html")


def _beats(path):
    return sidecar(path)["story"]["beats"]


def test_the_page_is_self_contained(deck):
    from bs4 import BeautifulSoup

    assert deck.name.endswith(".slides.html")
    soup = BeautifulSoup(deck.read_text(encoding="utf-8"), "html.parser")
    for tag, attr in (("link", "href"), ("script", "src"), ("video", "src"), ("source", "src"), ("img", "src")):
        for item in soup.find_all(tag):
            assert not re.match(r"^(https?:)?//", item.get(attr) or ""), f"<{tag}> loads {item.get(attr)}"
    sections = soup.select(".slides > section")
    assert len(sections) == len(_beats(deck))
    assert all(s["data-background-video"].startswith("data:video/mp4;base64,") for s in sections)


def test_segments_are_the_beats(deck):
    """The sidecar's slides split the clip's frames at the beats: frame i (time i / fps) belongs to the
    beat playing then, the last frame to the last beat."""
    side = sidecar(deck)
    beats = side["story"]["beats"]
    n = side["frames"]
    duration = beats[-1]["end"]
    times = np.linspace(0.0, duration, n)
    expected = [int(np.sum((times >= b["start"] - 1e-9) & (times < b["end"] - 1e-9))) for b in beats]
    expected[-1] += 1  # the final frame, at the clip's end
    assert [s["frames"] for s in side["slides"]] == expected
    assert [s["notes"] for s in side["slides"]] == [b["caption"] for b in beats]
    assert sum(expected) == n


NOTES_TEXT = """Reveal.getSlides().map(s => { const d = document.createElement('div');
                                           d.innerHTML = Reveal.getSlideNotes(s);
                                           return d.textContent.trim(); })"""


def _playwright():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    if not os.path.exists(CHROMIUM):
        pytest.skip("no Chromium at /usr/bin/chromium (scripts/setup.sh installs Debian's chromium)")
    return sync_api


def test_the_page_presents_offline_in_chromium(deck):
    sync_api = _playwright()
    beats = _beats(deck)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=["--autoplay-policy=no-user-gesture-required"])
        try:
            context = browser.new_context(offline=True)
            page = context.new_page()
            errors, requests = [], []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(deck.as_uri())
            page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
            assert page.evaluate("Reveal.getTotalSlides()") == len(beats)
            assert page.evaluate(NOTES_TEXT) == [b["caption"] for b in beats]
            video = """() => { const v = Reveal.getCurrentSlide().slideBackgroundContentElement
                                         .querySelector('video');
                               return v ? {t: v.currentTime, paused: v.paused, d: v.duration,
                                           error: v.error && v.error.code} : null; }"""
            for i, beat in enumerate(beats):
                if i:
                    page.evaluate("Reveal.next()")
                assert page.evaluate("Reveal.getIndices().h") == i
                page.wait_for_function(f"({video})() && ({video})().t > 0.1", timeout=20_000)
                first = page.evaluate(video)
                time.sleep(0.4)
                later = page.evaluate(video)
                assert first["error"] is None and later["t"] > first["t"] or later["t"] >= later["d"] - 0.1
                assert abs(first["d"] - (beat["end"] - beat["start"])) < 0.25, "the segment is the beat"
            assert errors == [], errors
            assert all(u.startswith(("file:", "data:", "blob:")) for u in requests), requests
        finally:
            browser.close()


def test_pptx_has_a_slide_per_beat_with_notes(tmp_path):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    out = render_deck(tmp_path, "valley.pptx")
    beats = _beats(out)
    deck = Presentation(str(out))
    assert len(deck.slides) == len(beats)
    for slide, beat in zip(deck.slides, beats):
        assert [s.shape_type for s in slide.shapes] == [MSO_SHAPE_TYPE.MEDIA]
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text == beat["caption"]
    # PowerPoint's widescreen slide, 13.333 x 7.5 in (914400 EMU to the inch), whatever the pixel size
    assert (deck.slide_width, deck.slide_height) == (round(40 / 3 * 914400), round(7.5 * 914400))


def test_slides_bad_input(tmp_path, capsys):
    for bad in (["--format", "slides", "--out", str(tmp_path / "x.pptx")], ["--out", str(tmp_path / "x.slides")],
                ["--format", "slides", "--captions", "files", "--out", str(tmp_path) + "/"],
                ["--format", "slides", "--at", "setup", "--out", str(tmp_path) + "/"]):
        try:
            code = render.main(["valley", "--backend", "mpl", *bad])
        except SystemExit as exc:
            code = exc.code
        err = capsys.readouterr().err
        assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert list(tmp_path.iterdir()) == []


def test_environment_settings(monkeypatch):
    import scenes

    spec = scenes.get("valley")
    params, theme = kit_slides.settings_from_env(spec, {"MOMENTUM_ANIM_SET": " momentum=0.3; steps=80 ;",
                                                        "MOMENTUM_ANIM_THEME": "light"})
    assert params["momentum"] == 0.3 and params["steps"] == 80 and theme.name == "light"
    params, theme = kit_slides.settings_from_env(spec, {})
    assert params == {p.name: p.default for p in spec.params} and theme.name == "dark"
    for env in ({"MOMENTUM_ANIM_SET": "momentum=7"}, {"MOMENTUM_ANIM_SET": "nope=1"},
                {"MOMENTUM_ANIM_THEME": "sepia"}):
        with pytest.raises(ValueError) as exc:
            kit_slides.settings_from_env(spec, env)
        assert "\n" not in str(exc.value) and "MOMENTUM_ANIM" in str(exc.value)
    assert kit_slides.under_manim_cli(["/x/bin/manim", "-ql"])
    assert kit_slides.under_manim_cli(["/x/site-packages/manim/__main__.py", "render"])
    assert not kit_slides.under_manim_cli(["render.py"]) and not kit_slides.under_manim_cli([])


@pytest.mark.slow
def test_manim_slides_render_pauses_at_each_beat(tmp_path):
    """`manim-slides render scenes/valley/manim.py ValleyScene` with settings from the environment: one slide
    per beat, the caption (worded for momentum 0.3) as the note, and segments as long as the beats."""
    exe = Path(sys.executable).with_name("manim-slides")
    env = {**os.environ, "MOMENTUM_ANIM_SET": "momentum=0.3;steps=10", "MOMENTUM_ANIM_THEME": "light"}
    run = subprocess.run([str(exe), "render", "-ql", "--disable_caching", str(ROOT / "scenes" / "valley" / "manim.py"),
                          "ValleyScene"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    from manim_slides.config import PresentationConfig
    from pydantic_extra_types.color import Color

    from scenes.kit.theme import THEMES

    config = PresentationConfig.from_file(tmp_path / "slides" / "ValleyScene.json")
    import scenes

    spec = scenes.get("valley")
    params, _ = kit_slides.settings_from_env(spec, env)
    story = spec.story(spec.make_data(params))
    assert [s.notes for s in config.slides] == [b["caption"] for b in story["beats"]]
    assert config.background_color.as_rgb_tuple() == Color(THEMES["light"].background).as_rgb_tuple()
    for slide, beat in zip(config.slides, story["beats"]):
        with av.open(str(slide.file)) as box:
            seconds = float(box.duration / av.time_base)
        assert abs(seconds - (beat["end"] - beat["start"])) < 0.2


def test_slides_without_the_slides_extra_say_how_to_get_it(tmp_path, capsys, monkeypatch):
    from scenes.output.plan import extras

    monkeypatch.setattr(extras, "missing", lambda extra, _seen=frozenset(): ["manim-slides"] if extra == "slides" else [])
    code = render.main(["valley", "--backend", "mpl", "--format", "pptx", "--out", str(tmp_path) + "/"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert 'pip install ".[slides]"' in err
    assert list(tmp_path.iterdir()) == []


def test_notes_show_their_text_exactly(tmp_path):
    """Captions with Markdown and HTML characters (x_k, f*, |x_24|, <, &) read as written in the page."""
    from scenes.output.formats import encode, slides

    sync_api = _playwright()
    captions = ["x_k < 0 & |x_24| = 1e-3, f* \u2212 f", "a *b* [c](d) `e` #f \\ g_1_2"]
    paths = []
    for i in range(2):
        paths.append(tmp_path / f"s{i}.mp4")
        with encode.VideoWriter(paths[-1], "mp4", 64, 48, 10) as writer:
            for k in range(5):
                writer.write(np.full((48, 64, 4), 40 * k + 20 * i, np.uint8))
            writer.close()
    story = {"title": "t", "beats": [{"name": f"b{i}", "start": i, "end": i + 1, "caption": c}
                                     for i, c in enumerate(captions)]}
    config = slides.presentation(story, paths, 64, 48, "#000000", page=True)
    page_path = tmp_path / "notes.slides.html"
    slides.convert(config, "slides", page_path, "t", 64, 48, captions)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM)
        try:
            page = browser.new_context(offline=True).new_page()
            page.goto(page_path.as_uri())
            page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
            assert page.evaluate(NOTES_TEXT) == captions
        finally:
            browser.close()


@pytest.mark.parametrize("options", [{"fmt": "pptx"}, {"fmt": "mp4", "captions": "files"},
                                     {"fmt": "mp4", "captions": "burn"}])
def test_a_scene_without_a_storyboard_says_so(tmp_path, monkeypatch, options):
    """A user's scene may have no storyboard: slides and captions then fail in one line, leaving nothing."""
    import dataclasses

    import scenes
    from scenes.kit import registry
    from scenes.kit.params import ParamError
    from scenes.output.plan.pipeline import RenderRequest, render as render_request

    spec = scenes.get("valley")
    monkeypatch.setitem(registry._REGISTRY, "valley", dataclasses.replace(spec, story=lambda data: None))
    out = tmp_path / "out"
    with pytest.raises(ParamError, match="no storyboard"):
        render_request(RenderRequest(scene="valley", backend="mpl", quality="low", out=str(out) + "/",
                                     overrides={"steps": "12"}, cache_dir=str(tmp_path / "cache"),
                                     progress=False, **options))
    assert list(out.iterdir()) == []
