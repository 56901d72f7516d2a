"""The documentation site (`make docs`): it builds with warnings as errors, has a gallery page for every
scene that `render.py --list` shows with every parameter of it, and every page works in Chromium from
file:// with the network blocked: no console error, no broken internal link, anchor or image, no request
that leaves the site's folder, no axe-core violation of serious or critical impact, and no horizontal
scrolling at 360 px."""
from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.web_browser import chromium_or_skip

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
pytest.importorskip("sphinx", reason="the site needs the docs extra (pip install '.[docs]')")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "html"
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                           str(ROOT / "docs"), str(out)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return out


def _pages(site: Path) -> list[Path]:
    # the scenes' own interactive pages (_pages/) have their own browser tests; the gallery frames them
    return sorted(p for p in site.rglob("*.html") if "_pages" not in p.parts)


class _Refs(HTMLParser):
    """Every link, image and id of one page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.images: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("img", "iframe", "script") and a.get("src"):
            self.images.append(a["src"])
        if tag == "link" and a.get("href"):
            self.images.append(a["href"])

    def handle_data(self, data):
        self.text.append(data)


def _parse(path: Path) -> _Refs:
    refs = _Refs()
    refs.feed(path.read_text(encoding="utf-8"))
    return refs


def test_the_gallery_has_a_page_per_scene_with_every_parameter(site):
    import scenes

    names = scenes.names()
    listed = subprocess.run([sys.executable, "render.py", "--list"], capture_output=True, text=True, cwd=ROOT)
    for name in names:
        assert re.search(rf"^\s*{re.escape(name)}\b", listed.stdout, re.M), name
        page = site / "gallery" / f"{name}.html"
        assert page.exists(), f"no gallery page for {name}"
        text = re.sub(r"\s+", " ", "".join(_parse(page).text))
        spec = scenes.get(name)
        assert spec.description.split(":")[0][:40] in text
        for p in spec.params:
            assert p.name in text, f"{name}'s page does not list {p.name}"
        for params in spec.examples:
            for key in params:
                assert f"--set {key}=" in text
    index = " ".join(_parse(site / "gallery" / "index.html").text)
    for name in names:
        assert name in index


def test_internal_links_anchors_and_images_resolve(site):
    checked = 0
    for page in _pages(site):
        refs = _parse(page)
        for ref in refs.links + refs.images:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https", "mailto"):
                assert ref in refs.links, f"{page.name} loads {ref} from the network"
                continue
            assert not parts.scheme, f"{page.name}: {ref}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_relative_to(site.resolve()), f"{page.name}: {ref} leaves the site"
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{page.relative_to(site)}: broken link {ref}"
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in _parse(target).ids, f"{page.relative_to(site)}: no anchor {ref}"
            checked += 1
    assert checked > 100


@pytest.fixture(scope="module")
def browser():
    pw, b = chromium_or_skip()
    yield b
    b.close()
    pw.stop()


def _open(browser, site: Path, page: Path, width: int):
    tab = browser.new_page(viewport={"width": width, "height": 800})
    errors, left = [], []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    root = site.resolve().as_uri()

    def route(r):
        if r.request.url.startswith(root):
            r.continue_()
        else:
            left.append(r.request.url)
            r.abort()

    tab.route("**/*", route)
    tab.goto(page.resolve().as_uri(), wait_until="load")
    return tab, errors, left


def test_every_page_works_offline_is_accessible_and_fits_360_px(site, browser):
    if not AXE.exists():
        pytest.skip("axe-core is not vendored")
    pages = _pages(site)
    problems = []
    for page in pages:
        name = str(page.relative_to(site))
        tab, errors, left = _open(browser, site, page, 1280)
        tab.add_script_tag(path=str(AXE))
        found = tab.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations'], preload: false});
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
        }""")
        broken = tab.evaluate("""() => [...document.images].filter(i => i.complete && i.naturalWidth === 0
            && i.loading !== 'lazy').map(i => i.src)""")
        tab.set_viewport_size({"width": 360, "height": 800})
        tab.wait_for_timeout(50)
        scroll = tab.evaluate("document.documentElement.scrollWidth")
        tab.close()
        for what, items in (("console", errors), ("left the folder", left), ("axe", found),
                            ("broken image", broken)):
            problems += [f"{name}: {what}: {item}" for item in items]
        if scroll > 360:
            problems.append(f"{name}: {scroll} px wide at 360 px")
    print(f"opened {len(pages)} pages")
    assert len(pages) >= 20
    assert not problems, "\n".join(problems[:40])
