"""The valley's web page in headless Chromium: the words and numbers follow the slider, and equal a run
recomputed here with its own loop on the valley's formula."""
from __future__ import annotations

import math

import numpy as np
import pytest

from tests.web_browser import Page, browser, index_of, render_page, slider_values  # noqa: F401 (fixture)

A, C, H, B, W = 0.2, 0.5, 0.01, 0.25, 0.04  # the bumped valley's defaults: a(x - c)^2 + h exp(-(x - b)^2 / 2w^2)
STEPS = 120


def grad(x: float) -> float:
    return 2 * A * (x - C) - (x - B) / W ** 2 * H * math.exp(-((x - B) ** 2) / (2 * W ** 2))


def final_x(lr: float, beta: float, steps: int = STEPS, start: float = 0.0) -> float:
    x, v = start, 0.0
    for _ in range(steps):
        v = beta * v + grad(x)
        x -= lr * v
    return x


def bump_top() -> float:
    """The highest point of the curve between the dip and the bottom, on a fine grid."""
    xs = np.linspace(0.0, 1.0, 200001)
    f = A * (xs - C) ** 2 + H * np.exp(-((xs - B) ** 2) / (2 * W ** 2))
    dips = np.nonzero((f[1:-1] < f[:-2]) & (f[1:-1] < f[2:]))[0] + 1  # the grid's local minima
    dip = xs[dips[0]]
    inner = (xs >= dip) & (xs <= C)
    return float(xs[inner][np.argmax(f[inner])])


@pytest.fixture(scope="module")
def valley(tmp_path_factory):
    return render_page(tmp_path_factory.mktemp("web"), "valley")


def test_valley_words_and_numbers_follow_the_slider(browser, valley, tmp_path):
    page = Page(browser, valley)
    values = slider_values(valley)
    top = bump_top()
    page.set_slider("lr", index_of(values["lr"], 0.4))
    seen = {}
    for beta in (0.3, 0.9):  # the momentum ball stops in the dip, then rolls over the bump
        page.set_slider("momentum", index_of(values["momentum"], beta))
        gd, mom = final_x(0.4, 0.0), final_x(0.4, beta)
        shown = page.numbers()
        assert shown["gradient descent ends at x"] == f"{gd:.2f}"
        assert shown["momentum ends at x"] == f"{mom:.2f}"
        title = page.text(".ma-title")
        assert ("rolls over the bump" in title) == (mom > top), title
        assert ("stops at the bump" in title) == (mom < top), title
        seen[beta] = (title, page.canvas())
    assert mom > top > final_x(0.4, 0.3)  # the two values really are on either side of the bump
    assert seen[0.3][0] != seen[0.9][0]
    assert seen[0.3][1] != seen[0.9][1], "the drawn runs did not change with beta"
    over = [b for b in values["momentum"] if final_x(0.4, b) > top]
    threshold = page.numbers()["smallest \u03b2 on the grid over the bump at \u03b1 = 0.4 from x\u2080 = 0"]
    assert threshold == (f"{min(over):g}" if over else "none")
    page.page.screenshot(path=str(tmp_path / "valley.png"), full_page=True)
    assert page.errors == [] and page.blocked == []
    page.close()


def test_valley_plays_and_steps_with_the_keyboard(browser, valley):
    page = Page(browser, valley)
    assert page.step() == STEPS  # it opens on the whole run
    before = page.canvas()
    page.page.click(".ma-play")
    page.page.wait_for_timeout(700)
    during = page.step()
    assert 0 < during < STEPS, during  # play restarts from step 0 and advances
    page.page.click(".ma-play")  # pause
    paused = page.step()
    page.page.wait_for_timeout(200)
    assert page.step() == paused
    assert page.canvas() != before
    page.page.focus(".ma-play")
    page.page.keyboard.press("ArrowRight")
    assert page.step() == paused + 1
    page.page.keyboard.press("ArrowLeft")
    page.page.keyboard.press("ArrowLeft")
    assert page.step() == paused - 1
    # Space on the scrubber plays, as the note under the page says, and pauses again.
    assert "space plays" in page.text(".ma-note")
    page.find(".ma-scrub").focus()
    page.page.keyboard.press(" ")
    assert page.find(".ma-play").get_attribute("aria-pressed") == "true"
    page.page.wait_for_timeout(300)
    page.page.keyboard.press(" ")
    assert page.find(".ma-play").get_attribute("aria-pressed") == "false"
    assert page.step() > paused - 1
    assert page.errors == []
    page.close()


def test_valley_start_slider_changes_the_outcome(browser, valley):
    """From the rim (x0 = 0) the momentum ball at alpha 0.4, beta 0.5 rolls over the bump; from x0 = 0.15,
    closer to the dip, it has too little speed and stops: the words, the drawing and the numbers follow."""
    page = Page(browser, valley)
    values = slider_values(valley)
    top = bump_top()
    page.set_slider("lr", index_of(values["lr"], 0.4))
    page.set_slider("momentum", index_of(values["momentum"], 0.5))
    seen = {}
    for start in (0.0, 0.15):
        page.set_slider("start", index_of(values["start"], start))
        gd, mom = final_x(0.4, 0.0, start=start), final_x(0.4, 0.5, start=start)
        shown = page.numbers()
        assert shown["gradient descent ends at x"] == f"{gd:.2f}"
        assert shown["momentum ends at x"] == f"{mom:.2f}"
        over = [b for b in values["momentum"] if final_x(0.4, b, start=start) > top]
        label = f"smallest \u03b2 on the grid over the bump at \u03b1 = 0.4 from x\u2080 = {start:g}"
        assert shown[label] == (f"{min(over):g}" if over else "none")
        title = page.text(".ma-title")
        assert ("rolls over the bump" in title) == (mom > top), title
        assert ("stops at the bump" in title) == (mom < top), title
        seen[start] = (title, page.canvas())
    assert final_x(0.4, 0.5, start=0.0) > top > final_x(0.4, 0.5, start=0.15)  # the start decides
    assert seen[0.0][0] != seen[0.15][0]
    assert seen[0.0][1] != seen[0.15][1], "the drawn runs did not change with the start"
    assert page.errors == []
    page.close()
