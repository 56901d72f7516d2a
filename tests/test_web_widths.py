"""Every page at 320, 360, 480, 768 and 1280 px in headless Chromium: the page is no wider than the window,
every text the canvas draws lies inside it and clear of every other, each axis name within its panel's
column (a title above its panel, never on the row of another panel's x name), tick labels written as the
videos write them (10⁻³, −1.5), the legend and the controls stay in the widget with no control's text on
another's, and no number breaks across lines; then axe-core (vendored in tests/vendor) finds no violation
at all. The words speak only of what the page draws, in one notation."""
from __future__ import annotations

import re

import pytest

import scenes
from scenes.output.formats.web import page_data
from scenes.kit.params import resolve
from tests.web_browser import Page, axe, browser, shared_pages  # noqa: F401 (fixture)

PAGES = tuple(n for n in scenes.names() if scenes.get(n).web is not None)  # every explorable page
WIDTHS = (320, 360, 480, 768, 1280)

# Every number in the widget's text, and whether it sits on one line (each rect of its range at one top).
BROKEN = """r => {
    const out = [], walker = document.createTreeWalker(r, NodeFilter.SHOW_TEXT);
    const number = /[\\u2212-]?\\d[\\d.,]*(?:e[\\u2212+-]?\\d+)?/g;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement || node.parentElement.closest('style, script, select')) continue;
        for (const m of node.data.matchAll(number)) {
            const range = document.createRange();
            range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
            const tops = new Set([...range.getClientRects()].filter(q => q.width > 0).map(q => Math.round(q.top)));
            if (tops.size > 1) out.push(m[0] + ' in "' + node.data.slice(0, 60) + '"');
        }
    }
    return out;
}"""

# The parts of the widget that must stay inside it horizontally.
OUTSIDE = """r => {
    const box = r.querySelector('.ma-explorable').getBoundingClientRect();
    return [...r.querySelectorAll('.ma-legend li, .ma-player > *, .ma-slider, .ma-num dd, .ma-num dt, .ma-presets button')]
        .filter(e => { const q = e.getBoundingClientRect(); return q.left < box.left - 0.5 || q.right > box.right + 0.5; })
        .map(e => e.className || e.tagName + ': ' + e.textContent.slice(0, 40));
}"""


# Every control's parts (its label's lines, a range, a button, a menu, a value) that come closer than 4 px
# across on one row to a part of another control, or stick out of the widget: a value never runs into the next
# control's label, nor past the column.
CONTROLS = """r => {
    const box = r.querySelector('.ma-explorable').getBoundingClientRect(), parts = [], out = [];
    for (const area of r.querySelectorAll('.ma-player, .ma-presets, .ma-sliders')) {
        for (const e of area.querySelectorAll('input, select, button, output'))
            parts.push({el: e, q: e.getBoundingClientRect(), name: e.className || e.tagName});
        const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!n.data.trim() || n.parentElement.closest('select, button, output')) continue;
            const range = document.createRange();
            range.selectNodeContents(n);
            for (const q of range.getClientRects())
                if (q.width > 0) parts.push({el: n.parentElement, q: q, name: n.data.trim().slice(0, 40)});
        }
    }
    for (const p of parts)
        if (p.q.left < box.left - 0.5 || p.q.right > box.right + 0.5) out.push('outside the widget: ' + p.name);
    parts.forEach((a, i) => parts.slice(i + 1).forEach(b => {
        if (a.el === b.el) return;
        const across = Math.min(a.q.right, b.q.right) - Math.max(a.q.left, b.q.left);
        const down = Math.min(a.q.bottom, b.q.bottom) - Math.max(a.q.top, b.q.top);
        if (down > 1 && across > -4) out.push(a.name + ' | ' + b.name);
    }));
    return out;
}"""


def names_clear(texts: list[dict], panels: list[dict]) -> list:
    """The axis names that leave their panel's column, a title on (not above) its panel, an x name not
    under it, or a title on the same row as another panel's x name or right beside a tick label (so that
    the two read as one line)."""
    bad = []
    for t in texts:
        if t["kind"] != "axis":
            continue
        b = panels[t["panel"]]
        if t["x"] < b["x"] - 5 or t["x"] + t["w"] > b["x"] + b["w"] + 0.5:
            bad.append(("wider than its panel", t["text"]))
        if t["role"] == "y" and t["y"] + t["h"] > b["y"] + 0.5:
            bad.append(("title on its panel", t["text"]))
        if t["role"] == "x" and t["y"] < b["y"] + b["h"]:
            bad.append(("x name on its panel", t["text"]))
    for t in texts:
        for u in texts:
            if t["kind"] != "axis" or t["role"] != "y" or u is t:
                continue
            row = min(t["y"] + t["h"], u["y"] + u["h"]) - max(t["y"], u["y"]) > 0
            near = min(t["x"] + t["w"], u["x"] + u["w"]) - max(t["x"], u["x"]) > -0.5 * t["h"]
            if row and (u.get("role") == "x" and u["panel"] != t["panel"] or u["kind"] == "tick" and near):
                bad.append(("one row", t["text"], u["text"]))
    return bad


# A tick label in e-notation or with an ASCII hyphen for a minus: the videos write 10⁻³ and −1.5.
E_NOTATION = re.compile(r"\de[+\-\u2212]?\d|-")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return shared_pages(tmp_path_factory, PAGES)


# The texts (not mark labels) whose box on the canvas holds a pixel that is not a mix of the background and
# the text's own ink (muted for tick labels, the foreground for axis names): something drawn over or under.
CROSSED = """(r, arg) => {
    const c = r.querySelector('.ma-canvas'), d = c.width / c.clientWidth, g = c.getContext('2d');
    const rgb = h => [1, 3, 5].map(i => parseInt(h.slice(i, i + 2), 16)), bg = rgb(arg.theme.background);
    return arg.texts.filter(t => t.kind !== 'mark').filter(t => {
        const ink = rgb(arg.theme[t.kind === 'tick' ? 'muted' : 'foreground']), u = ink.map((v, i) => v - bg[i]);
        const uu = u.reduce((a, v) => a + v * v, 0);
        const px = g.getImageData(Math.floor(t.x * d), Math.floor(t.y * d), Math.ceil(t.w * d), Math.ceil(t.h * d)).data;
        for (let k = 0; k < px.length; k += 4) {
            const p = [px[k] - bg[0], px[k + 1] - bg[1], px[k + 2] - bg[2]];
            const s = Math.min(1, Math.max(0, (p[0] * u[0] + p[1] * u[1] + p[2] * u[2]) / uu));
            if (Math.hypot(p[0] - s * u[0], p[1] - s * u[1], p[2] - s * u[2]) >= 40) return true;
        }
        return false;
    }).map(t => t.text);
}"""


def page_sliders(page: Page) -> list[dict]:
    return page.host.evaluate("h => JSON.parse(h.querySelector('.ma-data').textContent).sliders")


def overlap(a: dict, b: dict) -> float:
    w = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
    h = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    return max(w, 0) * max(h, 0)


@pytest.mark.parametrize("name", PAGES)
def test_page_at_every_width(browser, pages, name):
    page = Page(browser, pages[name], width=WIDTHS[0])
    for width in WIDTHS:
        page.page.set_viewport_size({"width": width, "height": 900})
        page.page.wait_for_function("w => document.querySelector('ma-explorable').maPerf.size.w === "
                                    "Math.min(w - 16, 960) - 24", arg=width)
        assert page.page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        drawn = page.perf()
        w, h = drawn["size"]["w"], drawn["size"]["h"]
        texts = drawn["texts"]
        assert any(t["kind"] == "tick" for t in texts), (name, width, "no tick labels drawn")
        for t in texts:
            assert 0 <= t["x"] and t["x"] + t["w"] <= w and 0 <= t["y"] and t["y"] + t["h"] <= h, (name, width, t)
        clashes = [(a["text"], b["text"]) for i, a in enumerate(texts) for b in texts[i + 1:]
                   if overlap(a, b) > 4.0]
        assert clashes == [], (name, width, clashes)
        assert page.run(OUTSIDE) == [], (name, width)
        assert page.run(CONTROLS) == [], (name, width)
        assert names_clear(texts, drawn["panels"]) == [], (name, width)
        assert [t["text"] for t in texts if t["kind"] == "tick" and E_NOTATION.search(t["text"])] == [], (name, width)
        crossed = page.run(CROSSED, {"texts": texts, "theme": drawn["theme"]})
        assert crossed == [], (name, width, "runs or lines drawn over", crossed)
        assert page.run(BROKEN) == [], (name, width)
    # Each slider shows its value rounded to its digits, or to one more where the value is not round there
    # (so the slider never shows β* = 0.557 as 0.56 beside numbers that say 0.557).
    for i, sl in enumerate(page_sliders(page)):
        exact = sl["values"][int(page.find(f'.ma-sliders input[data-key="{sl["key"]}"]').input_value())]
        text = page.find(f".ma-value-{i}").inner_text()
        assert "-" not in text, (name, text)  # a minus sign, not a hyphen
        text = text.replace("\u2212", "-")
        if sl["significant"]:
            shown = len(text.replace("-", "").replace(".", "").lstrip("0"))
            round_at = float(f"{exact:.{sl['digits']}g}")
        else:
            shown = len(text.partition(".")[2])
            round_at = round(exact, sl["digits"])
        inexact = abs(round_at - exact) > 1e-9 * max(1.0, abs(exact))
        assert shown >= sl["digits"] + inexact or float(text) == exact, (name, sl["key"], text, exact)
        assert abs(float(text) - exact) <= 0.51 * 10.0 ** -len(text.partition(".")[2]), (name, sl["key"], text)
    landmarks = page.page.evaluate("[document.querySelectorAll('main').length, document.querySelectorAll('h1').length,"
                                   " document.querySelector('ma-explorable').shadowRoot.querySelectorAll('h1').length]")
    assert landmarks == [1, 0, 1], (name, landmarks)  # one main landmark; the one h1 is the widget's title
    assert axe(page.page) == [], name
    assert page.errors == [] and page.blocked == []
    page.close()


def _words(point: dict) -> str:
    return " ".join([point["title"], point["verdict"]] + [n[0] + " " + n[1] for n in point["numbers"]])


@pytest.mark.parametrize("name", PAGES)
def test_words_name_only_what_is_drawn(name):
    """A point whose words speak of marks draws marks; of a legend entry's name, the page has that entry."""
    spec = scenes.get(name)
    data = page_data(spec, resolve(spec.params, {}, name))
    static_marks = any(l["kind"] == "mark" for p in data["panels"] for l in p["layers"])
    for point in data["points"]:
        if re.search(r"\bmarks?\b", point["title"] + " " + point["verdict"]):
            assert static_marks or point.get("marks"), (name, point["verdict"])


# Subscripts and Greek letters as the videos typeset them: x₀, vₜ, β, λₘₐₓ, not x_0, v_t, beta, λmax.
ASCII_MATH = re.compile(r"\b[A-Za-z]_[\w(]|\b(?:alpha|beta|lambda|kappa|rho|sqrt)\b|\w\^\w|[\u03bb\u03ba](?:min|max)")


@pytest.mark.parametrize("name", PAGES)
def test_one_notation(name):
    spec = scenes.get(name)
    data = page_data(spec, resolve(spec.params, {}, name))
    texts = [data["note"]] + [s["label"] for s in data["sliders"]] + [e[0] for e in data["legend"]]
    texts += [t for p in data["panels"] for t in (p["x_label"], p["y_label"])]
    texts += [_words(p) for p in data["points"]]
    texts += [p["label"] for p in data.get("presets", [])] + ([data["pad"]["label"]] if data.get("pad") else [])
    found = sorted({m.group(0) for t in texts for m in ASCII_MATH.finditer(t)})
    assert found == [], (name, found)


def long_names_page() -> dict:
    """A page made to strain the layout: titles and x names longer than their panels, a slider label longer
    than its row, values with many digits and a minus sign, a log axis down to 10⁻⁶, ticks up to 10⁵."""
    from scenes.kit import grid_web as G

    sliders = [G.slider("share", "a long parameter name: αλₙ as a share of the limit 2 + 2β",
                        (-1.23456789, 0.5, 0.99999355), 0.99999355, digits=8, significant=True),
               G.slider("beta", "momentum β", (0.0, 0.5), 0.5)]
    boxes = ((0.06, 0.08, 0.26, 0.7), (0.4, 0.08, 0.26, 0.7), (0.74, 0.08, 0.24, 0.7))
    narrow = ((0.12, 0.04, 0.84, 0.25), (0.12, 0.37, 0.84, 0.25), (0.12, 0.7, 0.84, 0.22))
    ranges = (((-3, 3), (-2, 2), False), ((0, 1e5), (1e-6, 1e3), True), ((0, 1), (0, 1), False))
    panels = [G.panel(boxes[i], xr, yr, narrow=narrow[i], log_y=log,
                      x_label=f"the x name of panel {i + 1}, longer than the panel is wide at a phone's width",
                      y_label=f"panel {i + 1}: a title that runs on well past its panel's right edge")
              for i, (xr, yr, log) in enumerate(ranges)]
    k = list(range(11))
    points = [{"title": "A title", "verdict": "Words.", "numbers": [],
               "series": [G.series(0, [-3 + 0.6 * j for j in k], [0.1 * j - 1 for j in k], "momentum"),
                          G.series(1, [1e4 * j for j in k], [10.0 ** (2 - j / 2) for j in k], "gd")]}
              for _ in G.combos(sliders)]
    return G.page("long", 10, sliders, panels, points, narrow_aspect=0.7)


def test_long_names_wrap_at_any_width(browser, tmp_path):
    """Names wider than their panels wrap inside its column, titles stay above their panels and off the
    rows of the names above them, and the controls keep their texts apart, at widths between the pages'."""
    from scenes.output.formats import web

    spec = type("Spec", (), {"web": staticmethod(lambda params: long_names_page())})
    path = tmp_path / "long.html"
    path.write_text(web.page(web.page_data(spec, {}), "dark"), encoding="utf-8")
    page = Page(browser, path, width=300)
    for width in (300, 333, 375, 414, 559, 561, 700, 1000, 1440):
        page.page.set_viewport_size({"width": width, "height": 900})
        page.page.wait_for_function("w => document.querySelector('ma-explorable').maPerf.size.w === "
                                    "Math.min(w - 16, 960) - 24", arg=width)
        assert page.page.evaluate("document.documentElement.scrollWidth") <= width, width
        drawn = page.perf()
        texts, panels = drawn["texts"], drawn["panels"]
        for t in texts:
            assert 0 <= t["x"] and t["x"] + t["w"] <= drawn["size"]["w"] and 0 <= t["y"], (width, t)
            assert t["y"] + t["h"] <= drawn["size"]["h"], (width, t)
        assert [(a["text"], b["text"]) for i, a in enumerate(texts) for b in texts[i + 1:] if overlap(a, b) > 0.5] == []
        assert names_clear(texts, panels) == [], width
        for i in range(3):  # every name is drawn whole, over as many lines as it takes
            for role, label in (("x", "x_label"), ("y", "y_label")):
                lines = [t["text"] for t in texts if t["kind"] == "axis" and t["panel"] == i and t["role"] == role]
                words = long_names_page()["panels"][i][label]
                assert " ".join(lines) == words and (len(lines) >= 2 or drawn["size"]["w"] < 560), (width, lines)
        ticks = [t["text"] for t in texts if t["kind"] == "tick"]
        assert [t for t in ticks if E_NOTATION.search(t)] == [] and "10\u207b\u2074" in ticks and "\u22121" in ticks, (width, ticks)
        assert page.run(CONTROLS) == [], width
        assert page.run(OUTSIDE) == [], width
        assert page.run(CROSSED, {"texts": texts, "theme": drawn["theme"]}) == [], width
    assert page.text(".ma-value-0") == "0.99999355"
    page.set_slider("share", 0)
    assert page.text(".ma-value-0") == "\u22121.23456789"  # one digit more, where eight would round it
    assert page.errors == []
    page.close()
