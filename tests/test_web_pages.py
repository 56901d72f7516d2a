"""Every scene's web page in headless Chromium, offline from file://: no console errors, no request
leaves the file, labelled controls, a slider changes the drawing, play advances, the theme switches, and
the page fits a 360 px phone."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

import scenes
from scenes.kit.theme import DARK, LIGHT
from tests.helpers import assert_not_blank
from tests.web_browser import Page, browser, shared_pages  # noqa: F401 (fixture)

PAGES = tuple(n for n in scenes.names() if scenes.get(n).web is not None)  # every explorable page


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return shared_pages(tmp_path_factory, PAGES)


def test_every_listed_scene_has_a_page():
    with_page = [n for n in scenes.names() if scenes.get(n).web is not None]
    assert set(PAGES) <= set(with_page)


@pytest.mark.parametrize("name", PAGES)
def test_page_works_offline_and_answers_its_controls(browser, pages, name, tmp_path):
    page = Page(browser, pages[name])
    unlabelled = page.run("""r => [...r.querySelectorAll('input, select, button')]
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
        .map(e => e.className)""")
    assert unlabelled == []
    # A slider moved by one grid value redraws the runs.
    before = page.canvas()
    key = page.page.get_attribute(".ma-sliders input", "data-key")
    index = int(page.page.input_value(".ma-sliders input"))
    page.set_slider(key, index - 1 if index > 0 else 1)
    assert page.canvas() != before, "moving the first slider did not change the drawing"
    # Play restarts from step 0 and advances; the button's name stays "Play", its pressed state says which.
    page.page.click(".ma-play")
    page.page.wait_for_timeout(400)
    assert page.step() > 0
    assert page.text(".ma-play").endswith("Play")
    page.page.click(".ma-play") if page.find(".ma-play").get_attribute("aria-pressed") == "true" else None
    # Both themes paint the canvas's background in the theme's colour.
    assert page.pixel(1, 1) == rgb(DARK.background)
    page.page.click(".ma-theme")
    assert page.page.get_attribute(".ma-explorable", "data-theme") == "light"
    assert page.pixel(1, 1) == rgb(LIGHT.background)
    shot = tmp_path / f"{name}.png"
    page.page.screenshot(path=str(shot), full_page=True)
    assert_not_blank(np.asarray(Image.open(shot).convert("RGBA")))
    assert page.errors == [] and page.blocked == []
    page.close()


@pytest.mark.parametrize("name", ("valley", "rates"))
def test_page_fits_a_phone(browser, pages, name):
    page = Page(browser, pages[name], width=360)
    sizes = page.run("""r => ({page: document.documentElement.scrollWidth,
        canvas: r.querySelector('.ma-canvas').getBoundingClientRect().width,
        canvasHeight: r.querySelector('.ma-canvas').getBoundingClientRect().height})""")
    assert sizes["page"] <= 360, sizes
    assert 300 <= sizes["canvas"] <= 360 and sizes["canvasHeight"] > 200, sizes
    # Stacked panels at this width: the second panel is below the first, not beside it.
    assert page.errors == []
    page.close()


def test_page_scales_to_a_blog_column(browser, pages):
    page = Page(browser, pages["ravine"], width=1400)
    width = page.run("r => r.querySelector('.ma-canvas').getBoundingClientRect().width")
    assert width <= 960  # the column's max width, not the window's
    page.page.set_viewport_size({"width": 640, "height": 900})
    page.page.wait_for_timeout(100)
    narrower = page.run("r => r.querySelector('.ma-canvas').getBoundingClientRect().width")
    assert narrower < width and narrower <= 640
    assert page.errors == []
    page.close()


def test_page_sizes(pages):
    """The issue's ceilings: the valley (20 beta values, 120 steps) within 1.5 MB, every page within 3 MB."""
    sizes = {name: path.stat().st_size for name, path in pages.items()}
    assert sizes["valley"] <= 1_500_000, sizes
    assert max(sizes.values()) <= 3_000_000, sizes
