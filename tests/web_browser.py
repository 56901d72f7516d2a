"""Helpers for the web page tests: a headless Chromium with the network cut off, and page controls."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from scenes.output.plan.pipeline import RenderRequest, render


def chromium_or_skip():
    """A launched headless Chromium (Playwright driving Debian's chromium), or a skip saying why not."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("no chromium on PATH: the web page tests need a real browser (apt install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the web page tests need playwright")
    pw = sync_api.sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=exe, args=["--no-sandbox"])
    except Exception as exc:  # a chromium that cannot start here
        pw.stop()
        pytest.skip(f"chromium would not start: {exc}")
    return pw, browser


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a test module."""
    pw, b = chromium_or_skip()
    yield b
    b.close()
    pw.stop()


def render_page(tmp: Path, scene: str, sets: dict | None = None, embed: bool = False, theme: str = "dark") -> Path:
    out = tmp / f"{scene}.html"
    return render(RenderRequest(scene=scene, fmt="html", out=str(out), theme=theme, embed=embed,
                                overrides={k: str(v) for k, v in (sets or {}).items()},
                                cache_dir=str(tmp / "cache"), progress=False))


STARTED = """() => { const hosts = [...document.querySelectorAll('ma-explorable')];
    return hosts.length > 0 && hosts.every(h => h.maPerf && h.maPerf.firstPaint !== null); }"""


def shared_pages(tmp_path_factory, names) -> dict[str, Path]:
    """The default pages of `names`, rendered once per test session into one folder (a page already
    there and up to date is not rendered again)."""
    folder = tmp_path_factory.getbasetemp() / "web-pages"
    folder.mkdir(exist_ok=True)
    return {name: render_page(folder, name) for name in names}


AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"  # axe-core from npm, vendored


def axe(page, impacts=None) -> list:
    """axe-core's violations on a Playwright page, as [id, impact, first target, count], of the given
    impacts (all if None). It reaches into the widgets' open shadow roots."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate("async () => (await axe.run(document)).violations.map(v => "
                          "[v.id, v.impact, v.nodes[0].target.join(' '), v.nodes.length])")
    return [v for v in found if impacts is None or v[1] in impacts]


class Page:
    """One page loaded from file:// with every other request aborted; console errors and the requests
    that tried to leave the file system are recorded. Its widgets are <ma-explorable> elements with open
    shadow roots (Playwright's CSS selectors reach into them); the helpers act on widget `widget`."""

    def __init__(self, browser, path: Path, width: int = 900, widget: int = 0):
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function(STARTED)
        self.widget = widget

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    @property
    def host(self):
        """The widget's <ma-explorable> element (a Playwright locator)."""
        return self.page.locator("ma-explorable").nth(self.widget)

    def find(self, selector: str):
        return self.host.locator(selector).first

    def run(self, script: str, arg=None):
        """`script` is a function of (shadow root, arg), run in the page."""
        return self.host.evaluate(f"(h, arg) => ({script})(h.shadowRoot, arg)", arg)

    def text(self, selector: str) -> str:
        return self.find(selector).inner_text().strip()

    def numbers(self) -> dict[str, str]:
        """The numbers table as {label: text shown}."""
        return self.run("""r => Object.fromEntries([...r.querySelectorAll('.ma-num')]
            .map(n => [n.dataset.label, n.querySelector('dd').textContent]))""")

    def canvas(self) -> str:
        return self.run("r => r.querySelector('.ma-canvas').toDataURL()")

    def perf(self) -> dict:
        """What the widget records of its last frame: its size, the boxes of the texts it drew and of its
        panels, and the colours of its theme (from the page's data)."""
        return self.host.evaluate("h => ({texts: h.maPerf.texts, size: h.maPerf.size, draws: h.maPerf.draws, "
                                  "panels: h.maPerf.panels, "
                                  "theme: JSON.parse(h.querySelector('.ma-data').textContent).themes[h.dataset.theme]})")

    def step(self) -> int:
        return int(self.text(".ma-step").split()[1])

    def set_slider(self, key: str, index: int) -> None:
        """Move a parameter slider to its index-th grid value with the keyboard, as a reader would."""
        slider = self.find(f'.ma-sliders input[data-key="{key}"]')
        slider.focus()
        self.page.keyboard.press("Home")
        for _ in range(index):
            self.page.keyboard.press("ArrowRight")
        assert int(slider.input_value()) == index

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        """The canvas's colour at (x, y) in device pixels."""
        return tuple(self.run(f"r => [...r.querySelector('.ma-canvas').getContext('2d')"
                              f".getImageData({x}, {y}, 1, 1).data]")[:3])

    def close(self) -> None:
        self.page.close()


def slider_values(page_path: Path) -> dict[str, list[float]]:
    side = json.loads(Path(str(page_path) + ".json").read_text())
    return {s["key"]: s["values"] for s in side["sliders"]}


def index_of(values: list[float], value: float) -> int:
    i = int(np.argmin([abs(v - value) for v in values]))
    assert abs(values[i] - value) < 1e-9, f"{value} is not on the grid {values}"
    return i
