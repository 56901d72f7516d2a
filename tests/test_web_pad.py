"""The player's two-dimensional pad and preset buttons, on the milestones page in headless Chromium:
a click, a drag and the arrow keys pick listed points of the (αλₙ, β) map, the presets go to each
method's optimum, and what the page then says is recomputed here: numpy's eig of each component's R and
a plain heavy-ball loop on f = ½ Σ λᵢ xᵢ², λ = (0.01, 0.1, 1)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from tests.web_browser import Page, browser, shared_pages  # noqa: F401 (fixture)

LAMBDAS = (0.01, 0.1, 1.0)
STEPS = 150
EDGE = 8


def rho(alpha: float, beta: float) -> float:
    """The largest |eigenvalue| over the components of R = [[β, λ], [−αβ, 1 − αλ]] (numpy's eig)."""
    return max(float(np.max(np.abs(np.linalg.eigvals(np.array([[beta, lam], [-alpha * beta, 1 - alpha * lam]])))))
               for lam in LAMBDAS)


def last_above(alpha: float, beta: float, lam: float, level: float = 0.01) -> int | None:
    """The last step k ≤ 150 whose loss ½λx² is above `level`, from loss ½ (x₀ = 1/√λ) and z₀ = 0."""
    x, z, last = 1 / math.sqrt(lam), 0.0, 0
    for k in range(1, STEPS + 1):
        z = beta * z + lam * x
        x = x - alpha * z
        if 0.5 * lam * x * x > level:
            last = k
    return None if last == STEPS else last


def shown_point(page: Page) -> tuple[float, float]:
    n = page.numbers()
    return float(n["\u03b1 = \u03b1\u03bb\u2099"]), float(n["\u03b2"])


def check_words(page: Page, al: float, beta: float) -> None:
    """The numbers at (αλₙ, β) = (al, beta) against the closed forms and the loop (λₙ = 1: α = αλₙ)."""
    n = page.numbers()
    assert float(n["momentum's rate \u03c1(R)"]) == pytest.approx(rho(al, beta), abs=6e-4)
    gd = max(abs(1 - al * lam) for lam in LAMBDAS)
    assert float(n["gradient descent's rate at this \u03b1, max |1 \u2212 \u03b1\u03bb\u1d62|"]) == pytest.approx(gd, abs=6e-4)
    for lam in LAMBDAS:
        k = last_above(al, beta, lam)
        assert n[f"last step above 0.01, \u03bb = {lam:g}"] == ("still above at 150" if k is None else f"k = {k}")


@pytest.fixture(scope="module")
def page(browser, tmp_path_factory):
    p = Page(browser, shared_pages(tmp_path_factory, ["milestones"])["milestones"])
    yield p
    assert p.errors == [] and p.blocked == []
    p.close()


def to_pixel(page: Page, al: float, beta: float) -> tuple[float, float]:
    """Where (αλₙ, β) is on the screen: the pad lies over the map (the panel the page's data names, with
    its axes' ranges) and reaches EDGE px beyond it."""
    panel = page.host.evaluate("h => { const d = JSON.parse(h.querySelector('.ma-data').textContent);"
                               " return d.panels[d.pad.panel]; }")
    (x0, x1), (y0, y1) = panel["x"], panel["y"]
    b = page.find(".ma-pad").bounding_box()
    w, h = b["width"] - 2 * EDGE, b["height"] - 2 * EDGE
    return b["x"] + EDGE + w * (al - x0) / (x1 - x0), b["y"] + EDGE + h * (y1 - beta) / (y1 - y0)


def test_presets_go_to_each_optimum(page):
    buttons = page.run("r => [...r.querySelectorAll('.ma-presets button')].map(b => b.textContent)")
    assert buttons == ["optimal gradient descent", "optimal momentum"]
    page.find(".ma-presets button >> nth=0").click()
    al, beta = shown_point(page)
    assert (al, beta) == (pytest.approx(2 / 1.01, abs=6e-4), 0.0)  # 2/(λ₁ + λₙ) at β = 0
    check_words(page, 2 / 1.01, 0.0)
    gd_title = page.text(".ma-title")
    page.find(".ma-presets button >> nth=1").click()
    best_al = (2 / (math.sqrt(0.01) + 1)) ** 2
    best_beta = ((1 - math.sqrt(0.01)) / (1 + math.sqrt(0.01))) ** 2
    al, beta = shown_point(page)
    assert al == pytest.approx(best_al, abs=6e-4) and beta == pytest.approx(best_beta, abs=6e-4)
    check_words(page, best_al, best_beta)
    assert page.text(".ma-title") != gd_title
    # Theory's optimum beats every other listed point's rate.
    assert rho(best_al, best_beta) <= min(rho(s * (2 + 2 * b), b) for b in (0.0, 0.5, 0.9) for s in (0.5, 0.9)) + 1e-9


def test_a_click_and_a_drag_pick_the_nearest_listed_point(page):
    pad = page.find(".ma-pad")
    assert pad.get_attribute("role") == "slider" and pad.get_attribute("aria-label")
    for want_al, want_beta in ((1.0, 0.3), (3.0, 0.8), (0.2, 0.0), (3.9, 0.95)):
        page.page.mouse.click(*to_pixel(page, want_al, want_beta))
        al, beta = shown_point(page)
        assert 0 < al < 2 + 2 * beta  # only points of the convergent region are listed
        x, y = to_pixel(page, al, beta)
        tx, ty = to_pixel(page, want_al, want_beta)
        assert math.hypot(x - tx, y - ty) < 30, (want_al, want_beta, al, beta)
        check_words(page, al, beta)
        assert f"{float(f'{al:.3g}'):g}" in pad.get_attribute("aria-valuetext")
    # A drag from low β to high β ends on a point near where the pointer was let go.
    page.page.mouse.move(*to_pixel(page, 1.5, 0.1))
    page.page.mouse.down()
    for b in np.linspace(0.1, 0.9, 6):
        page.page.mouse.move(*to_pixel(page, 1.5, float(b)))
    page.page.mouse.up()
    al, beta = shown_point(page)
    assert beta == pytest.approx(0.9, abs=0.051) and abs(al - 1.5) < 0.35
    check_words(page, al, beta)


def test_arrow_keys_move_to_the_neighbouring_point(page):
    page.find(".ma-presets button >> nth=1").click()  # optimal momentum
    pad = page.find(".ma-pad")
    pad.focus()
    start = shown_point(page)
    page.page.keyboard.press("ArrowUp")
    up = shown_point(page)
    assert up[1] > start[1] and abs(up[0] - start[0]) < abs(up[1] - start[1]) * 4 + 0.5
    page.page.keyboard.press("ArrowLeft")
    left = shown_point(page)
    assert left[0] < up[0] and left[1] == pytest.approx(up[1], abs=0.05)
    check_words(page, *left)
    for _ in range(14):  # to the left edge of the listed points: the key stops there
        page.page.keyboard.press("ArrowLeft")
    edge = shown_point(page)
    page.page.keyboard.press("ArrowLeft")
    assert shown_point(page) == edge
    page.page.keyboard.press("ArrowDown")
    down = shown_point(page)
    assert down[1] < edge[1]
    check_words(page, *down)
