"""User text never becomes markup: a scene file whose title, captions and labels carry HTML and script
payloads renders to slides, PowerPoint, captions and chapters that show the text as written, and the
reveal.js deck runs nothing in Chromium."""

import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from web_browser import chromium_or_skip

ROOT = Path(__file__).resolve().parent.parent
PAYLOADS = [
    "</script><script>window.__pwned = 'script'</script>",
    "<img src=x onerror=\"window.__pwned = 'img'\">",
    "</title><svg onload=\"window.__pwned = 'svg'\">",
    "[link](javascript:window.__pwned='md') *em* _x_ `code` {\\an8} --> & &amp;",
]
SCENE = '''
import numpy as np
import sim
from scenes.kit import Param, SceneSpec, beat, make_story, register

TITLE, CAPTIONS, LABEL = {title!r}, {captions!r}, {label!r}


def make_data(p):
    traj = sim.simulate(sim.landscapes.Quadratic([[1.0]]), [[1.0]], sim.SGD(lr=0.1), 10)
    beats = [beat("%d %s" % (i, c), i * 1.0, (i + 1) * 1.0, c) for i, c in enumerate(CAPTIONS)]
    return {{"x": traj.positions[:, 0, 0], "story": make_story(TITLE, beats, labels=[LABEL], numbers={{}})}}


def draw_mpl(fig, data, theme):
    fig.text(0.05, 0.9, data["story"]["title"][:40], color=theme.foreground, fontsize=10)
    fig.text(0.05, 0.8, LABEL[:40], color=theme.foreground, fontsize=10)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.6))
    dot, = ax.plot([], [], "o", animated=True)
    ax.set_xlim(-1, 11)
    ax.set_ylim(-0.1, 1.1)

    def update(t):
        k = min(int(t * 3), len(data["x"]) - 1)
        dot.set_data([k], [data["x"][k]])

    return update


register(SceneSpec(name="hostile-text", description="a scene whose words are payloads",
                   params=(Param("n", "int", 1, "unused", 0, 2),), make_data=make_data,
                   duration=lambda d: d["story"]["beats"][-1]["end"], draw_mpl=draw_mpl))
'''


@pytest.fixture(scope="module")
def scene_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.py"
    path.write_text(SCENE.format(title=" ".join(PAYLOADS[:2]), captions=PAYLOADS, label=PAYLOADS[2]))
    return path


def _render(scene_file: Path, out: Path, *args: str) -> None:
    cmd = [sys.executable, "render.py", str(scene_file), "--backend", "mpl", "--quality", "low", "-o", str(out),
           *args]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_deck_shows_the_words_and_runs_nothing(scene_file, tmp_path):
    pytest.importorskip("manim_slides")
    deck = tmp_path / "deck.slides.html"
    _render(scene_file, deck, "--format", "slides")
    pw, browser = chromium_or_skip()
    try:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        page.goto(deck.resolve().as_uri())
        page.wait_for_timeout(1500)
        assert page.evaluate("window.__pwned === undefined"), page.evaluate("window.__pwned")
        assert dialogs == []
        assert page.title() == " ".join(PAYLOADS[:2])
        notes = page.eval_on_selector_all("aside.notes", "els => els.map(e => e.textContent.trim())")
        assert notes == [p.strip() for p in PAYLOADS]
        assert page.eval_on_selector_all("section img[onerror], section svg[onload], section a[href^=javascript]",
                                         "els => els.length") == 0
        page.close()
    finally:
        browser.close()
        pw.stop()


def test_powerpoint_holds_the_words_as_text(scene_file, tmp_path):
    pytest.importorskip("pptx")
    out = tmp_path / "deck.pptx"
    _render(scene_file, out, "--format", "pptx")
    texts = []
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                root = ElementTree.fromstring(z.read(name))  # well-formed: no payload broke the XML
                assert not any(el.tag.rsplit("}", 1)[-1] in ("script", "img", "svg") for el in root.iter())
                if "notesSlide" in name:
                    texts.append("".join(t.text or "" for t in root.iter() if t.tag.endswith("}t")))
    assert sorted(t.strip() for t in texts if t.strip()) == sorted(p.strip() for p in PAYLOADS)


def test_captions_and_chapters_show_the_words_as_written(scene_file, tmp_path):
    out = tmp_path / "v.mp4"
    _render(scene_file, out, "--captions", "files")
    vtt = Path(str(out) + ".vtt").read_text()
    srt = Path(str(out) + ".srt").read_text()
    vtt_cues = [block.split("\n", 2)[2] for block in vtt.strip().split("\n\n")[1:]]
    srt_cues = [block.split("\n", 2)[2] for block in srt.strip().split("\n\n")]
    want = [re.sub(r"\s+", " ", p.replace("-->", "\u2192")).strip() for p in PAYLOADS]
    unescape = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}
    # a beat's caption is split into cues of at most two lines each: the words, read in order, are the
    # captions' words, in order
    def words(cues):
        return " ".join(" ".join(cues).split())

    assert words(re.sub(r"&(lt|gt|amp);", lambda m: unescape[m.group(0)], c) for c in vtt_cues) == words(want)
    assert all("<" not in c and ">" not in c for c in vtt_cues)  # no cue holds a tag
    assert all("<" not in c and ">" not in c and "{" not in c for c in srt_cues)
    assert words(c.replace("\u2039", "<").replace("\u203a", ">") for c in srt_cues) == words(
        w.replace("{", "(").replace("}", ")") for w in want)
    assert all("-->" not in c for c in vtt_cues + srt_cues)
    av = pytest.importorskip("av")
    with av.open(str(out)) as box:
        titles = [c["metadata"].get("title") for c in box.chapters()]
    assert titles == [f"{i} {p}" for i, p in enumerate(PAYLOADS)]
