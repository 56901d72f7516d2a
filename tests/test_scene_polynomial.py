"""The polynomial scene (Distill figures 4 to 6): every printed number recomputed here from a Vandermonde matrix
built by hand, numpy's eigh of ZᵀZ, gradient descent run as the affine map w <- w - α(ZᵀZw - Zᵀd) (a loop,
and for long runs the same map raised to the k-th power), and Tikhonov's fit from numpy's solve; the words
across steps and step sizes; what the frames draw; both backends' stills; the layout check at 16:9 and 9:16;
the captions' reading speed; the page's numbers and size."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from scenes.kit.params import resolve
from scenes.kit.theme import THEMES
from scenes.polynomial import SPEC

XI = np.array([-0.6, -0.55, -0.5, -0.45, -0.4, 0.4, 0.45, 0.5, 0.55, 0.6])
D = np.array([-1.5, -2.0, -2.5, -1.5, -1.0, 0.5, 1.0, 1.5, 1.0, 0.5])
Z = np.array([[x ** j for j in range(6)] for x in XI])
A, C = Z.T @ Z, Z.T @ D
LAM, V = np.linalg.eigh(A)
LAM, V = LAM[::-1], V[:, ::-1]          # the article's order: the largest eigenvalue first
W_LS = np.linalg.solve(A, C)
SUB = "\u2081\u2082\u2083\u2084\u2085\u2086"


def name(i):
    return "p\u0304" + SUB[i]


def gd(k, al=1.8):
    """w after k steps from 0, by a loop for short runs and by the k-th power of the affine map for long ones."""
    alpha = al / LAM[0]
    if k <= 3000:
        w = np.zeros(6)
        for _ in range(k):
            w = w - alpha * (A @ w - C)
        return w
    M = np.eye(7)
    M[:6, :6] -= alpha * A
    M[:6, 6] = alpha * C
    return np.linalg.matrix_power(M, k)[:6, 6]


def in_fit(k, al=1.8):
    """Converged to 3 digits: the error along each eigenvector shrunk by 10⁻³, r^k ≤ 10⁻³ (k ≥ 1)."""
    r = np.abs(1 - al / LAM[0] * LAM)
    return [bool(k >= 1 and k >= -3 / math.log10(x)) if x > 0 else k >= 1 for x in r]


def pct(s):
    v = 100 * s
    return f"{v:.2g}%" if abs(v) < 1 else f"{v:.1f}%"


def data_for(**case):
    return SPEC.make_data(resolve(SPEC.params, case, "polynomial"))


STEPS = [1, 10, 20, 49, 700, 2789, 5000, 300_900, 1_329_083]
ALS = [0.5, 1.0, 1.8, 1.99]


def test_the_problem_and_its_eigenfeatures():
    d = data_for()
    n = d["story"]["numbers"]
    assert n["lambdas"] == pytest.approx(LAM, rel=1e-9)
    assert n["alpha"] == pytest.approx(1.8 / LAM[0], rel=1e-12)
    assert n["k_converge"] == pytest.approx([-3 / math.log10(abs(1 - 1.8 * v / LAM[0])) for v in LAM], rel=1e-9)
    # Erratum E4: the eigen-coordinates are x = Qᵀw (Q's columns the eigenvectors), up to each vector's sign.
    assert np.abs(n["x_star"]) == pytest.approx(np.abs(V.T @ W_LS), rel=1e-7)
    assert n["loss_least_squares"] == pytest.approx(0.5 * np.sum((Z @ W_LS - D) ** 2), rel=1e-9)
    assert "x = Q\u1d40w" in d["texts"]["rule"] and "\u00bd\u2016Zw \u2212 d\u2016\u00b2" in d["texts"]["rule"]
    sup = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")
    for i, v in enumerate(LAM):
        if v >= 1e-3:
            shown = f"{v:.3g}"
        else:
            m, e = f"{v:.2e}".split("e")
            shown = f"{m}\u00b710{str(int(e)).translate(sup)}"
        assert f"{name(i)}   \u03bb = {shown}" in d["story"]["labels"]


@pytest.mark.parametrize("al", ALS)
@pytest.mark.parametrize("k", STEPS)
def test_numbers_and_words_follow_a_run_recomputed_here(k, al):
    d = data_for(step=k, alpha_lambda=al)
    n, story = d["story"]["numbers"], d["story"]
    w = gd(k, al)
    x = V.T @ w
    x_star = V.T @ W_LS
    assert np.abs(n["x_k"]) == pytest.approx(np.abs(x), rel=1e-6, abs=1e-9)
    share = x / x_star
    assert n["share_fitted"] == pytest.approx(share, rel=1e-6, abs=1e-9)
    fit = in_fit(k, al)
    assert n["in_fit"] == fit
    # In the fit means the run's own error along that eigenvector has shrunk by 10⁻³.
    assert fit == [bool(abs(e) <= 1e-3 * 1.000001) for e in (x - x_star) / x_star]
    assert n["loss"] == pytest.approx(0.5 * np.sum((Z @ w - D) ** 2), rel=1e-7)
    eta = 1 / (al / LAM[0] * k)
    assert n["eta"] == pytest.approx(eta, rel=1e-12)
    w_t = np.linalg.solve(A + eta * np.eye(6), C)
    gap = np.max(np.abs(Z @ w - Z @ w_t))
    assert n["max_gap_at_data"] == pytest.approx(gap, rel=1e-5, abs=1e-9)
    assert n["share_tikhonov"] == pytest.approx(LAM / (LAM + eta), rel=1e-9)
    # The words: how many are in, which, and the share of each left out.
    kept = [name(i) for i in range(6) if fit[i]]
    out = [f"{name(i)} {pct(share[i])}" for i in range(6) if not fit[i]]
    title = story["title"]
    assert title.startswith(f"Step {k:,}: ")
    if not kept:
        assert "no eigenfeature in the fit yet" in title
    elif len(kept) == 6:
        assert "all 6 eigenfeatures in the fit" in title
    else:
        assert f"{len(kept)} of 6 eigenfeatures in the fit" in title
    t = d["texts"]
    assert t["fit_list"] == (", ".join(kept) if kept else "none yet")
    assert (t["out1"] + ", " + t["out2"]).rstrip(", ").removeprefix("left out: ") == (", ".join(out) or "none")
    caps = [b["caption"] for b in story["beats"]]
    assert f"\u03b1 = {al:g}/\u03bb\u2098\u2090\u2093" in caps[1]
    assert kept == [] or all(f in caps[2] for f in kept) or "all 6" in caps[2]
    assert f"{gap:#.3g}" in caps[5] and f"{gap:#.3g}" in t["tik_gap"]
    assert f"{0.5 * np.sum((Z @ w - D) ** 2):#.3g}" in caps[4]
    assert f"{0.5 * np.sum((Z @ W_LS - D) ** 2):#.3g}" in caps[4]
    assert t["setting"].endswith(f"{al / LAM[0]:.4g}")
    json.dumps(story, allow_nan=False)


def test_the_words_change_with_the_outcome():
    titles = {k: data_for(step=k)["story"]["title"] for k in (10, 49, 5000, 1_329_083)}
    assert titles[10] == "Step 10: no eigenfeature in the fit yet"
    assert titles[49] == "Step 49: 2 of 6 eigenfeatures in the fit"
    assert titles[5000] == "Step 5,000: 4 of 6 eigenfeatures in the fit"
    assert titles[1_329_083] == "Step 1,329,083: all 6 eigenfeatures in the fit"
    # at k = 20 the second feature is in before the first: 1 − αλ₁ = −0.8 oscillates, slower than 0.536
    assert in_fit(20) == [False, True, False, False, False, False]
    assert data_for(step=20)["texts"]["fit_list"] == name(1)
    # αλ_max = 1: the largest feature is fitted in one step, and not at step 0
    assert in_fit(1, 1.0)[0] and data_for(step=1, alpha_lambda=1.0)["story"]["numbers"]["in_fit"][0]
    # the reader's η is named as theirs, with its own gap
    d = data_for(eta=0.01)
    assert d["texts"]["tik_eta"] == "your \u03b7 = 0.01"
    w_t = np.linalg.solve(A + 0.01 * np.eye(6), C)
    assert d["story"]["numbers"]["max_gap_at_data"] == pytest.approx(np.max(np.abs(Z @ gd(5000) - Z @ w_t)), rel=1e-5)
    for e in SPEC.examples:
        assert data_for(**e)["story"]["beats"] != data_for()["story"]["beats"]


@pytest.mark.parametrize("case", [{}, {"step": 49}, {"step": 1_329_083, "sweep": 4.0}, {"alpha_lambda": 0.5}])
def test_captions_read_at_twenty_characters_a_second(case):
    from scenes.output.formats import captions

    d = data_for(**case)
    for b in d["story"]["beats"]:
        span = b["end"] - b["start"]
        assert len(b["caption"]) <= 84, b["caption"]
        assert len(b["caption"]) <= 20 * span + 1e-9, (b["name"], len(b["caption"]), span)
        for w, h in ((854, 480), (480, 854), (640, 480)):
            pages = captions.pages(b["caption"], w, h)
            chars = np.array([sum(len(s) for s in p.lines) for p in pages], float)
            assert np.min(chars / chars.sum() * span) >= 0.95, (b["caption"], w, h)


def mpl_frame(d, t, aspect="16:9"):
    from scenes.kit import layout
    from scenes.kit.mpl import draw, make_figure

    canvas = layout.Canvas(aspect, SPEC.flow)
    with layout.use(canvas):
        w, h = canvas.pixels(480)
        fig = make_figure(w, h, THEMES["dark"])
        update = draw(SPEC.draw_mpl, fig, d, THEMES["dark"])
        update(t)
        fig.canvas.draw()
    return fig


def texts_inside(fig):
    renderer = fig.canvas.get_renderer()
    W, H = fig.canvas.get_width_height()
    for t in fig.texts:
        if not t.get_visible() or not t.get_text():
            continue
        bb = t.get_window_extent(renderer)
        assert bb.x0 >= -0.5 and bb.y0 >= -0.5 and bb.x1 <= W + 0.5 and bb.y1 <= H + 0.5, t.get_text()


def poly(w, x):
    return sum(w[j] * x ** j for j in range(6))


@pytest.mark.parametrize("case", [{}, {"step": 49}, {"step": 20, "alpha_lambda": 1.99}])
def test_the_frames_draw_what_the_numbers_say(case):
    from scenes.polynomial.data import LEAD, duration

    d = data_for(**case)
    k_end, al = d["step"], case.get("alpha_lambda", 1.8)
    for t in (LEAD + 0.45 * d["sweep"], duration(d)):
        fig = mpl_frame(d, t)
        counter = next(x.get_text() for x in fig.texts if x.get_text().startswith("step k = "))
        k = int(counter.removeprefix("step k = ").replace(",", ""))
        assert (k == k_end) == (t == duration(d)) and 0 <= k <= k_end
        w = gd(k, al)
        fit_ax, *rest = fig.axes
        term_axes, bar_ax = rest[:6], rest[6]
        model = [ln for ln in fit_ax.get_lines() if ln.get_animated() and ln.get_linestyle() == "-"][0]
        x, y = (np.asarray(v, float) for v in model.get_data())
        ok = ~np.isnan(y)
        assert ok.sum() > 20 and np.all(np.abs(y[ok]) <= 3 + 1e-9)
        inside = np.abs(y[ok]) < 3 - 1e-9  # the curve's own points (not where it meets an edge)
        assert y[ok][inside] == pytest.approx(poly(w, x[ok][inside]), abs=1e-7)
        for i, ax in enumerate(term_axes):
            (line,) = [ln for ln in ax.get_lines() if ln.get_animated()]
            x, y = (np.asarray(v, float) for v in line.get_data())
            ok = ~np.isnan(y)
            term = (V[:, i] @ w) * poly(V[:, i], x[ok])  # xᵢ p̄ᵢ(ξ): the same for either sign of the eigenvector
            inside = np.abs(y[ok]) < 3 - 1e-9
            assert inside.sum() > 20
            assert y[ok][inside] == pytest.approx(term[inside], abs=1e-7)
        bars = [p for p in bar_ax.patches]
        grey = [p.get_alpha() < 0.5 for p in bars]
        assert grey == in_fit(k, al)
        (marker,) = [ln for ln in bar_ax.get_lines() if ln.get_animated()]
        assert marker.get_xdata()[0] == pytest.approx(math.log10(max(k, 1)))
        r = np.abs(1 - al / LAM[0] * LAM)
        for i, p in enumerate(bars):
            assert p.get_width() == pytest.approx(math.log10(max(math.ceil(-3 / math.log10(r[i])), 1)))
        texts_inside(fig)


def test_both_backends_render_a_still(tmp_path):
    from tests.helpers import assert_not_blank, read_png, render_file, sidecar

    for backend in ("mpl", "manim"):
        out = render_file(tmp_path, "polynomial", backend=backend, sets={"step": 700})
        assert_not_blank(read_png(out))
        assert sidecar(out)["story"]["title"] == "Step 700: 3 of 6 eigenfeatures in the fit"
    assert in_fit(700) == [True, True, True, False, False, False]


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_the_layout_check_passes(aspect, tmp_path):
    from scenes.kit.layout import Canvas
    from scenes.output.frames.layout_check import manim_boxes, mpl_boxes, problems
    from scenes.output.plan.pipeline import QUALITIES

    _, H, fps = QUALITIES["low"]
    d = data_for(step=300_900)
    canvas = Canvas(aspect, SPEC.flow)
    w, h = canvas.pixels(H)
    times = [0.0, SPEC.duration(d) / 2, SPEC.duration(d)]
    for measured in (mpl_boxes(SPEC.draw_mpl, d, THEMES["dark"], w, h, times, canvas=canvas),
                     manim_boxes(SPEC.manim_scene(), d, THEMES["dark"], w, h, fps, times, cache_dir=tmp_path / "c",
                                 canvas=canvas)):
        seen = 0
        for t, boxes in measured:
            seen += len(boxes)
            assert problems(boxes, w, h) == [], (aspect, t)
        assert seen > 40


def test_the_page_numbers_and_size():
    from scenes.output.formats import web

    page = web.page_data(SPEC, resolve(SPEC.params, {}, "polynomial"))
    (slider,) = page["sliders"]
    values = slider["values"]
    assert values[slider["index"]] == 5000 and max(values) == 1_329_083 and min(values) >= 1
    ratios = np.array(values[1:]) / np.array(values[:-1])
    assert np.all(ratios > 1) and np.median(ratios) > 1.3  # logarithmic: each value a share above the last
    shared = page["shared"]
    for k in (1, 49, 5000, 1_329_083):
        j = values.index(k)
        pt = page["points"][j]
        nums = {row[0]: row[1] for row in pt["numbers"]}
        w = gd(k)
        x = V.T @ w
        fit = in_fit(k)
        kept = [name(i) for i in range(6) if fit[i]]
        assert nums["in the fit, to 3 digits"] == (", ".join(kept) if kept else "none yet")
        eta = 1 / (1.8 / LAM[0] * k)
        gap = np.max(np.abs(Z @ w - Z @ np.linalg.solve(A + eta * np.eye(6), C)))
        assert nums["the fits differ at the data by at most"] == f"{gap:#.3g}"
        assert nums["loss \u00bd\u2016Zw \u2212 d\u2016\u00b2"] == f"{0.5 * np.sum((Z @ w - D) ** 2):#.3g}"
        assert pt["steps"] == j + 1
        share = x / (V.T @ W_LS)
        for i in range(6):
            s = shared[pt["series"][i]]
            assert s["y"][j + 1] == pytest.approx(share[i], rel=2e-3, abs=1e-4)
        bars = [ln for ln in pt["lines"] if ln["panel"] == 2 and ln["width"] == 9]
        assert [ln["color"] == "grid" for ln in bars] == fit
        r = np.abs(1 - 1.8 / LAM[0] * LAM)
        for i, ln in enumerate(bars):
            assert ln["y"] == [i + 1, i + 1]
            assert ln["x"][1] == pytest.approx(math.log10(max(math.ceil(-3 / math.log10(r[i])), 1)), rel=1e-4)
    # The dashed curves beside gradient descent's shares: Tikhonov's λᵢ/(λᵢ + η), at η = 1/(αk) by default.
    for eta, layers in ((None, page["panels"][1]["layers"]),
                        (0.01, web.page_data(SPEC, resolve(SPEC.params, {"eta": "0.01"}, "polynomial"))["panels"][1]["layers"])):
        assert len(layers) == 6
        for i, layer in enumerate(layers):
            k = 10 ** np.asarray(layer["x"]) - 1
            e = 1 / (1.8 / LAM[0] * k) if eta is None else eta
            assert layer["dash"]
            assert np.allclose(layer["y"], LAM[i] / (LAM[i] + e), rtol=2e-3, atol=1e-4)
    size = len(json.dumps(page, separators=(",", ":"), ensure_ascii=False).encode())
    size += sum((web.HERE / name).stat().st_size for name in web.FILES)
    assert size <= 1_500_000, size


def test_the_page_in_a_browser(tmp_path):
    """Offline in headless Chromium at 900 and 360 px: the step slider changes the title and the numbers to
    those recomputed here, play advances, nothing is blocked or logged as an error, nothing spills sideways."""
    from tests.web_browser import Page, chromium_or_skip, render_page, slider_values

    pw, browser = chromium_or_skip()
    try:
        path = render_page(tmp_path, "polynomial")
        values = slider_values(path)["step"]
        page = Page(browser, path)
        page.set_slider("step", values.index(49))
        assert page.text(".ma-title") == "Step 49: 2 of 6 eigenfeatures in the fit"
        w = gd(49)
        assert page.numbers()["loss \u00bd\u2016Zw \u2212 d\u2016\u00b2"] == f"{0.5 * np.sum((Z @ w - D) ** 2):#.3g}"
        before = page.canvas()
        page.set_slider("step", values.index(1_329_083))
        assert page.text(".ma-title") == "Step 1,329,083: all 6 eigenfeatures in the fit"
        assert page.canvas() != before
        page.find(".ma-play").click()
        page.page.wait_for_timeout(400)
        assert page.step() > 0
        assert page.errors == [] and page.blocked == []
        page.close()
        phone = Page(browser, path, width=360)
        assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360
        assert phone.errors == []
        phone.close()
    finally:
        browser.close()
        pw.stop()
