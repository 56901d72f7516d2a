"""A scene without a page of its own (a user's scene file) gets the generic clip page under --format html:
its clip with the storyboard (title, beats as chapters, captions as text), one clip per example, all
inlined, offline and keyboard-operable, within the page budget. Checked in headless Chromium."""
from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.web_browser import AXE, axe, browser  # noqa: F401  (the module's Chromium)

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 1_500_000

# A scene of the user's own: x_k = rate^k from 1, its title says the step where x first drops below 0.1.
SCENE = '''
import numpy as np
from scenes.kit import Param, SceneSpec, beat, make_story, register

def make_data(p):
    xs = p["rate"] ** np.arange(p["steps"] + 1)
    below = np.flatnonzero(xs < 0.1)
    title = f"x drops below 0.1 at step {int(below[0])}" if len(below) else f"x stays above 0.1 for {p['steps']} steps"
    beats = [beat("fall", 0.0, 2.0, f"x shrinks by {p['rate']:g} each step."), beat("verdict", 2.0, 3.0, title + ".")]
    return {"xs": xs, "story": make_story(title, beats, labels=["x"], numbers={})}

def draw_mpl(fig, data, theme):
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    ax.set_xlim(0, len(data["xs"]) - 1); ax.set_ylim(0, 1)
    line = ax.plot([], [], color=theme.gd, lw=6, animated=True)[0]
    def update(t):
        n = 1 + int(round(min(t, 2.0) / 2.0 * (len(data["xs"]) - 1)))
        line.set_data(np.arange(n), data["xs"][:n])
    return update

register(SceneSpec(name="shrink", description="x times a rate, step by step",
    params=(Param("rate", "float", 0.5, "factor per step", 0.0, 1.0), Param("steps", "int", 10, "steps", 2, 40)),
    make_data=make_data, duration=lambda d: 3.0, draw_mpl=draw_mpl,
    examples=({"rate": 0.9}, {"rate": 0.99, "steps": 40}, {"rate": 7.0})))
'''


def expected_title(rate: float, steps: int) -> str:
    """The test's own loop: the first k with rate**k < 0.1."""
    x = 1.0
    for k in range(steps + 1):
        if x < 0.1:
            return f"x drops below 0.1 at step {k}"
        x *= rate
    return f"x stays above 0.1 for {steps} steps"


def render(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "render.py"), "shrink.py", "--format", "html",
                           "--backend", "mpl", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("clip-page")
    (tmp / "shrink.py").write_text(SCENE)
    proc = render(tmp, "--set", "rate=0.7", "--embed", "-o", "out/")
    assert proc.returncode == 0, proc.stderr
    path = Path(proc.stdout.strip().splitlines()[-1])
    path = path if path.is_absolute() else tmp / path
    return tmp, path, json.loads(Path(str(path) + ".json").read_text())


def test_the_page_carries_each_clip_and_its_storyboard(rendered):
    tmp, path, side = rendered
    assert path.name == "shrink-" + path.name.split("-")[1] and path.suffix == ".html"
    wanted = [(0.7, 10, "rate = 0.7"), (0.9, 10, "rate = 0.9"), (0.99, 40, "rate = 0.99, steps = 40")]
    # rate = 7 is out of bounds: that example is left out, not the page.
    assert [c["label"] for c in side["clips"]] == [label for *_, label in wanted]
    text = path.read_text()
    assert path.stat().st_size <= BUDGET and side["output_bytes"] == path.stat().st_size
    for clip, (rate, steps, _) in zip(side["clips"], wanted):
        assert clip["params"] == {"rate": rate, "steps": steps}
        assert clip["story"]["title"] == expected_title(rate, steps)
        assert [b["name"] for b in clip["story"]["beats"]] == ["fall", "verdict"]
        assert clip["frames"] == round(3.0 * side["clip_fps"]) + 1
        assert clip["bytes"] > 1000
    data = json.loads(text.split('<script type="application/json" class="mc-data">')[1].split("</script>")[0])
    for clip in data["clips"]:
        webm = base64.b64decode(clip["src"].split(",", 1)[1])
        assert webm[:4] == b"\x1a\x45\xdf\xa3"  # an EBML (WebM) header
    assert "http://" not in text and "https://" not in text
    fragment = Path(str(path) + ".embed.html")
    assert side["companions"] == {".embed.html": fragment.name} and 'class="mc-page"' in fragment.read_text()


def test_a_second_render_is_up_to_date_and_a_new_parameter_is_a_new_page(rendered):
    tmp, path, _ = rendered
    again = render(tmp, "--set", "rate=0.7", "--embed", "-o", "out/")
    assert again.returncode == 0 and "up to date" in again.stderr
    other = render(tmp, "--set", "rate=0.2", "--set", "steps=2", "-o", "out/")
    assert other.returncode == 0, other.stderr
    side = json.loads(Path(str(tmp / other.stdout.strip().splitlines()[-1]) + ".json").read_text())
    assert side["clips"][0]["story"]["title"] == expected_title(0.2, 2) and path.is_file()


class Page:
    """The page loaded from file:// with every other request aborted; console errors and the requests that
    tried to leave the file system are recorded."""

    def __init__(self, browser, path: Path, width: int):  # noqa: F811
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def text(self, selector: str) -> str:
        return self.page.inner_text(selector).strip()

    def close(self) -> None:
        self.page.close()


def _frame(page) -> list[int]:
    """The video's current frame drawn on a canvas: a coarse grid of its pixels' red channel."""
    return page.evaluate("""() => { const v = document.querySelector('.mc-video');
        const c = document.createElement('canvas'); c.width = 64; c.height = 36;
        const g = c.getContext('2d'); g.drawImage(v, 0, 0, 64, 36);
        return [...g.getImageData(0, 0, 64, 36).data].filter((_, i) => i % 4 === 0); }""")


def _seeked(page, t: float) -> None:
    page.evaluate(f"""() => new Promise(r => {{ const v = document.querySelector('.mc-video');
        v.addEventListener('seeked', () => r(), {{once: true}}); v.currentTime = {t}; }})""")


@pytest.mark.parametrize("width", [900, 360])
def test_the_page_plays_switches_and_answers_the_keyboard(rendered, browser, width):  # noqa: F811
    _, path, side = rendered
    view = Page(browser, path, width=width)
    page = view.page
    try:
        page.wait_for_function("document.querySelector('.mc-video').readyState >= 2")
        assert view.text(".mc-title") == side["clips"][0]["story"]["title"]
        assert abs(page.evaluate("document.querySelector('.mc-video').duration") - 3.0) < 0.2
        chapters = page.locator(".mc-chapter").all_inner_texts()
        assert [c.split("\n")[-1] for c in chapters] == [b["caption"] for b in side["clips"][0]["story"]["beats"]]
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing sticks out at 360 px
        # What the video shows moves: the line is drawn further at the end of the fall than at its start.
        _seeked(page, 0.0)
        start = _frame(page)
        _seeked(page, 2.0)
        assert sum(abs(a - b) for a, b in zip(start, _frame(page))) > 500
        # Keyboard: the next beat, its caption as text; a clip by number; space plays.
        page.focus(".mc-page")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("document.querySelector('.mc-video').currentTime >= 1.99")
        assert view.text(".mc-caption") == side["clips"][0]["story"]["beats"][1]["caption"]
        page.keyboard.press("3")
        assert view.text(".mc-title") == side["clips"][2]["story"]["title"]
        assert page.get_attribute('.mc-choice[data-index="2"]', "aria-pressed") == "true"
        page.wait_for_function("document.querySelector('.mc-video').readyState >= 2")
        page.focus(".mc-page")
        page.keyboard.press(" ")
        page.wait_for_function("document.querySelector('.mc-video').currentTime > 0.3")
        assert view.text(".mc-play") == "Pause"
        page.click('.mc-choice[data-index="1"]')
        assert view.text(".mc-title") == side["clips"][1]["story"]["title"]
        assert view.blocked == [] and view.errors == []
        if AXE.is_file():  # no serious or critical accessibility failure (axe-core)
            assert axe(page, ("serious", "critical")) == []
    finally:
        view.close()
