"""Pages where they are used, in headless Chromium with the network cut off: axe-core (vendored in
tests/vendor) finds no violation on a deck; a blog-like page that pastes two
different fragments, one of them twice, under its own theme keeps every widget working on its own,
looking as it does alone, and free of serious or critical violations; the status region speaks once."""
from __future__ import annotations


import pytest

from scenes.output.formats.web import embed_path
from tests.web_browser import Page, axe, browser, render_page, shared_pages  # noqa: F401 (fixture)

BLOG = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A blog post</title><style>
html{font-size:20px} body{font-family:Georgia,serif;color:#222;background:#fdf6e3;line-height:2;
  word-break:break-all;letter-spacing:.02em;max-width:760px;margin:0 auto;text-align:justify}
h1,h2,h3{color:#c0392b;text-transform:uppercase;font-size:2.4em;letter-spacing:.2em;margin:1.5em 0}
h1::before,h2::before,h3::before{content:"\\00a7  "}
dl{display:block;overflow:hidden} dt{float:left;width:40%;font-weight:bold;clear:left;color:#666}
dd{margin-left:45%;color:#999;font-style:italic}
label{display:block;color:#888;font-size:11px;text-transform:uppercase}
input{width:60px;border:3px solid #e74c3c;background:yellow}
button,select{background:#eee;color:#bbb;text-transform:uppercase;border-radius:0;font-size:9px}
svg,canvas{max-width:40%;border:6px solid pink;float:right}
p{margin:2em 0;font-size:1.1em} div{padding:6px;margin:4px} output{display:none}
*{box-sizing:content-box} small{font-size:6px} ul{list-style:square} li{color:#a00}
</style></head><body><main><h1>Notes on momentum</h1><p>Two settings side by side, and the milestones.</p>
FRAGMENTS<p>Thanks for reading.</p></main></body></html>"""

# Computed properties that a host page's rules would change, per part of a widget.
PARTS = (".ma-explorable", ".ma-title", ".ma-verdict", ".ma-note", ".ma-canvas", ".ma-play", ".ma-theme",
         ".ma-speed", ".ma-scrub", ".ma-step", ".ma-num dt", ".ma-num dd", ".ma-slider label",
         ".ma-slider input", ".ma-slider output", ".ma-slider small", ".ma-legend li", ".ma-presets button")
PROPS = ("color", "background-color", "font-family", "font-size", "font-weight", "font-style", "text-transform",
         "letter-spacing", "line-height", "float", "display", "border-top-width", "border-top-color",
         "word-break", "text-align", "margin-top", "padding-left", "list-style-type")
STYLES = """(r, arg) => Object.fromEntries(arg.parts.map(sel => {
    const e = r.querySelector(sel);
    if (!e) return [sel, null];
    const c = getComputedStyle(e), before = getComputedStyle(e, '::before').content;
    return [sel, Object.fromEntries(arg.props.map(p => [p, c.getPropertyValue(p)]).concat([['::before', before]]))];
}))"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return shared_pages(tmp_path_factory, ("valley", "milestones"))


@pytest.fixture(scope="module")
def blog(tmp_path_factory):
    """The blog page: the valley's fragment, then the milestones' fragment twice."""
    folder = tmp_path_factory.mktemp("blog")
    frags = {name: embed_path(render_page(folder, name, embed=True)).read_text(encoding="utf-8")
             for name in ("valley", "milestones")}
    path = folder / "blog.html"
    path.write_text(BLOG.replace("FRAGMENTS", frags["valley"] + "<p>Between the figures.</p>" +
                                 frags["milestones"] + frags["milestones"]), encoding="utf-8")
    return path


def state(page: Page) -> tuple:
    return page.text(".ma-title"), page.canvas(), page.find(".ma-slider input").input_value(), page.step()


def test_blog_widgets_work_each_on_its_own(browser, blog, tmp_path):
    widgets = [Page.__new__(Page) for _ in range(3)]
    first = Page(browser, blog, width=1000)
    for i, w in enumerate(widgets):
        w.__dict__.update(first.__dict__, widget=i)
    assert first.page.evaluate("document.querySelectorAll('ma-explorable').length") == 3
    assert first.page.evaluate("window.maPerf === undefined")
    assert first.page.evaluate("(() => { const h = [...document.querySelectorAll('ma-explorable')];"
                               " return h[1].maPerf !== h[2].maPerf && h[0].maPerf !== h[1].maPerf; })()")
    for w in widgets:  # every control has a name, from its own copy's labels
        assert w.run("r => [...r.querySelectorAll('input, select')].every(e => e.labels.length === 1 && "
                     "r.contains(e.labels[0]))")
    before = [state(w) for w in widgets]
    # A slider of the first milestones copy changes that copy only.
    widgets[1].set_slider("beta", 2)
    after = [state(w) for w in widgets]
    assert after[1][0] != before[1][0] and after[1][1] != before[1][1]
    assert after[0] == before[0] and after[2] == before[2]
    # The second copy's label focuses the second copy's slider; its preset moves it alone.
    widgets[2].find(".ma-slider label").click()
    assert widgets[2].run("r => r.activeElement === r.querySelector('.ma-slider input')")
    assert widgets[1].run("r => r.activeElement === null")
    widgets[2].find(".ma-presets button >> nth=0").click()
    assert state(widgets[1]) == after[1] and state(widgets[2])[0] != after[2][0]
    # Play in the valley: only its counter moves; a theme switch stays in its own widget.
    widgets[0].find(".ma-play").click()
    first.page.wait_for_timeout(300)
    assert widgets[0].step() > 0 and state(widgets[1])[3] == after[1][3]
    widgets[0].find(".ma-play").click()
    widgets[1].find(".ma-theme").click()
    themes = first.page.evaluate("[...document.querySelectorAll('ma-explorable')].map(h => h.dataset.theme)")
    assert themes == ["dark", "light", "dark"]
    widgets[1].find(".ma-theme").click()
    first.page.screenshot(path=str(tmp_path / "blog.png"), full_page=True)
    assert axe(first.page, ("serious", "critical")) == []
    assert first.errors == [] and first.blocked == []
    first.close()


def test_blog_widgets_look_as_they_do_alone(browser, blog, pages):
    host = Page(browser, blog, width=1000)
    arg = {"parts": PARTS, "props": PROPS}
    wanted = {}
    for name in ("valley", "milestones"):
        alone = Page(browser, pages[name], width=1000)
        wanted[name] = alone.run(STYLES, arg)
        alone.close()
    for i, name in enumerate(("valley", "milestones", "milestones")):
        host.widget = i
        want, got = wanted[name], host.run(STYLES, arg)
        for part in PARTS:
            assert got[part] == want[part], (name, i, part, {p: (got[part][p], want[part][p]) for p in want[part]
                                                              if got[part] and got[part][p] != want[part][p]})
    host.close()


def test_status_speaks_once_per_change(browser, pages):
    """Titles and verdicts are not live regions; one status region says the new title once the reader
    stops on a point, and nothing while the run plays."""
    page = Page(browser, pages["milestones"])
    assert page.run("r => [...r.querySelectorAll('[aria-live]')].map(e => e.className)") == []
    page.page.wait_for_timeout(900)
    assert page.text(".ma-status") == ""  # nothing is announced on opening
    page.run("r => { window.said = []; new MutationObserver(() => window.said.push(r.querySelector('.ma-status')"
             ".textContent)).observe(r.querySelector('.ma-status'), {childList: true, characterData: true, subtree: true}); }")
    slider = page.find('.ma-sliders input[data-key="share"]')
    slider.focus()
    for _ in range(4):
        page.page.keyboard.press("ArrowLeft")
    page.page.wait_for_timeout(900)
    said = page.page.evaluate("window.said")
    assert said == [page.text(".ma-title")], said
    page.find(".ma-play").click()
    page.page.wait_for_timeout(700)
    assert page.page.evaluate("window.said.length") == 1
    assert page.find(".ma-play").get_attribute("aria-pressed") == "true"
    assert page.run("r => r.querySelector('.ma-play').textContent.trim().endsWith('Play')")
    page.close()


def test_deck_passes_axe(browser, tmp_path):
    """The deck, made with the template in scenes/output/formats/revealjs: a language, zoom allowed."""
    from scenes.output.plan.pipeline import RenderRequest, render

    deck = render(RenderRequest(scene="valley", backend="mpl", quality="low", out=str(tmp_path / "v.slides.html"),
                                overrides={"steps": "12"}, cache_dir=str(tmp_path / "cache"), progress=False))
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page.goto(deck.as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert "user-scalable=no" not in page.evaluate("document.querySelector('meta[name=viewport]').content")
    assert axe(page) == []
    page.close()


def test_fragment_inserted_by_script_starts_too(browser, blog):
    """A host that inserts the fragment with innerHTML (no declarative shadow root, no script run) and
    then runs the player's script: the widget attaches its shadow root from the template and plays."""
    fragment = blog.read_text(encoding="utf-8")
    start = fragment.index("<ma-explorable")
    fragment = fragment[start:fragment.index("</script>\n", fragment.index("<script>\n", start)) + 10]
    page = browser.new_page()
    page.route("**/*", lambda r: r.abort())
    page.set_content("<!DOCTYPE html><html lang='en'><title>t</title><main></main></html>")
    page.evaluate("""f => { const main = document.querySelector('main'); main.innerHTML = f;
        const code = main.querySelector('script:not([type])').textContent, s = document.createElement('script');
        s.textContent = code; document.body.appendChild(s); }""", fragment)
    page.wait_for_function("document.querySelector('ma-explorable').maPerf?.firstPaint != null")
    assert page.evaluate("(() => { const h = document.querySelector('ma-explorable');"
                         " return [!!h.shadowRoot.querySelector('canvas'), h.querySelectorAll('template').length]; })()") \
        == [True, 0]
    page.locator("ma-explorable .ma-play").click()  # the valley opens on its last step: play restarts it
    page.wait_for_timeout(300)
    _, k, _, n = page.locator("ma-explorable .ma-step").inner_text().split()
    assert 0 < int(k) < int(n)
    page.close()
