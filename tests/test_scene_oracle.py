"""The oracle scene (Distill figures 17 and 18): every printed number recomputed here from a matrix built
here, numpy's eigvalsh and a plain loop of z <- beta z + (A w - b), w <- w - alpha z (never the code under
test); the words at parameter points across the (alpha*lambda_n, beta) plane, where each bound is kept or
broken; what the frames draw (the grid rows reached, the error curve's end); the layout at 16:9 and 9:16;
a still from both backends; the page."""
from __future__ import annotations

import json
import math
import re
import subprocess
import sys

import numpy as np
import pytest

from scenes.kit.params import ParamError, resolve
from scenes.kit.theme import THEMES
from scenes.oracle import SPEC

N, KAPPA, STEPS = 25, 1000.0, 50
C = (KAPPA - 1) / 4
A = C * (2 * np.eye(N) - np.eye(N, k=1) - np.eye(N, k=-1)) + np.eye(N)
B = np.zeros(N)
B[0] = C
LAM = np.linalg.eigvalsh(A)
W_STAR = np.linalg.solve(A, B)
KAPPA_TRUE = LAM[-1] / LAM[0]


def q_of(kappa):
    return (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)


def heavy_ball(alpha, beta):
    """w^k, k = 0..50, from w = 0, z = 0, by hand."""
    w, z, out = np.zeros(N), np.zeros(N), [np.zeros(N)]
    with np.errstate(all="ignore"):
        for _ in range(STEPS):
            z = beta * z + (A @ w - B)
            w = w - alpha * z
            out.append(w.copy())
    return np.array(out)


def first_below(err, bound):
    for k, (e, b) in enumerate(zip(err, bound)):
        if e < b * (1 - 1e-12):
            return k
    return None


def steps_below(err, bound):
    return [k for k, (e, b) in enumerate(zip(err, bound)) if e < b * (1 - 1e-12)]


def span_holds(words, below):
    """Whether words such as "from step 3", "at steps 1–4", "only at step 24" or "at 5 steps from step 2"
    say exactly which steps of 0 … 50 the error is below a bound."""
    if m := re.fullmatch(r"from step (\d+)", words):
        return below == list(range(int(m[1]), STEPS + 1))
    if m := re.fullmatch(r"only at step (\d+)", words):
        return below == [int(m[1])]
    if m := re.fullmatch(r"at steps (\d+)\u2013(\d+)", words):
        return below == list(range(int(m[1]), int(m[2]) + 1)) and int(m[2]) < STEPS
    if m := re.fullmatch(r"at (\d+) steps from step (\d+)", words):
        return len(below) == int(m[1]) and below[0] == int(m[2]) and below[-1] - below[0] + 1 > len(below)
    raise AssertionError(f"unknown words {words!r}")


def clause_holds(clause, below):
    """Whether a title's clause about one bound is true of every step 1 … 50 (step 0 is on the bound)."""
    bound = r"the \u03ba = 1000 bound|the true \u03ba's"
    if re.fullmatch(rf"above (?:{bound})", clause):
        return below == []
    if re.fullmatch(rf"below (?:{bound})", clause):
        return below == list(range(1, STEPS + 1))
    if m := re.fullmatch(rf"above (?:{bound}) but at step (\d+)", clause):
        return below == [int(m[1])]
    if m := re.fullmatch(rf"below (?:{bound}) at (\d+) of 50 steps", clause):
        return len(below) == int(m[1])
    m = re.fullmatch(rf"below (?:{bound}) (.+)", clause)
    assert m, clause
    return span_holds(m[1], below)


def title_holds(title, below):
    """The title's claims about the two κ bounds, checked against the steps where the error is below each."""
    rest = title.split(": ", 1)[1]
    if m := re.fullmatch(r"(above|below) the \u03ba = 1000 and the true \u03ba bounds", rest):
        every = [] if m[1] == "above" else list(range(1, STEPS + 1))
        return below["article"] == every and below["true"] == every
    article, true = rest.split(", ")
    assert "1000" in article and "true" in true, title
    return clause_holds(article, below["article"]) and clause_holds(true, below["true"])


def bounds_here():
    k = np.arange(STEPS + 1)
    start = np.abs(W_STAR).max()
    return {"article": q_of(KAPPA) ** k * start, "true": q_of(KAPPA_TRUE) ** k * start,
            "dead": np.array([np.abs(W_STAR[j:]).max() if j < N else 0.0 for j in k])}


def below_of(err):
    """For each bound, every step where the error is below it."""
    return {b: steps_below(err, v) for b, v in bounds_here().items()}


def expected(alpha, beta):
    W = heavy_ball(alpha, beta)
    err = np.abs(W - W_STAR).max(axis=1)
    bounds = bounds_here()
    rate = max(max(abs(np.linalg.eig(np.array([[beta, lam], [-alpha * beta, 1 - alpha * lam]]))[0])) for lam in LAM)
    dead = sum(W[kk, i] != 0 for kk in range(STEPS + 1) for i in range(N) if i + 1 > kk)
    return W, err, {b: first_below(err, v) for b, v in bounds.items()}, rate, dead


def optimum():
    a = (2 / (math.sqrt(LAM[0]) + math.sqrt(LAM[-1]))) ** 2
    return a, q_of(KAPPA_TRUE) ** 2


def data_for(**case):
    return SPEC.make_data(resolve(SPEC.params, case, "oracle"))


def setting_of(case):
    run = case.get("run", "optimal")
    if run == "article":
        return 0.0035749243028120182, 17 / 21
    if run == "gd":
        return 2 / (LAM[0] + LAM[-1]), 0.0
    a, b = optimum()
    if run == "custom":
        return case.get("alpha_lambda", a * LAM[-1]) / LAM[-1], case.get("beta", b)
    return a, b


def test_the_matrix_its_condition_number_and_the_two_solutions():
    d = data_for()
    n = d["story"]["numbers"]
    assert KAPPA_TRUE == pytest.approx(214.64, abs=0.01)
    assert n["kappa_true"] == pytest.approx(KAPPA_TRUE, rel=1e-10)
    assert n["lambda_min"] == pytest.approx(LAM[0], rel=1e-10) and n["lambda_max"] == pytest.approx(LAM[-1], rel=1e-10)
    assert n["w_star_1"] == pytest.approx(W_STAR[0], rel=1e-10) and n["w_star_n"] == pytest.approx(W_STAR[-1], rel=1e-9)
    q = q_of(KAPPA)
    assert n["w_infinite_1"] == pytest.approx(q, rel=1e-12) and n["w_infinite_n"] == pytest.approx(q ** N, rel=1e-12)
    assert n["q"] == pytest.approx(q) and n["q_true"] == pytest.approx(q_of(KAPPA_TRUE))
    labels = d["story"]["labels"]
    assert f"its true condition \u03bb\u2099/\u03bb\u2081 = {LAM[-1]:.1f}/{LAM[0]:.3f} = {KAPPA_TRUE:.1f}" in labels
    assert f"finite w* = A\u207b\u00b9b: w\u2081* = {W_STAR[0]:.3f}, w\u2082\u2085* = {W_STAR[-1]:.4f}" in labels
    assert f"n \u2192 \u221e, w\u1d62* = q\u2071: {q:.3f} and {q ** N:.3f}" in labels
    assert "214.6" in d["story"]["beats"][0]["caption"]
    # The finite optimum bends down to meet the chain's end: below the infinite formula everywhere.
    assert np.all(W_STAR < q ** np.arange(1, N + 1))


CASES = [{}, {"run": "article"}, {"run": "gd"}, {"run": "custom", "alpha_lambda": 3.9, "beta": 0.9},
         {"run": "custom", "alpha_lambda": 0.1, "beta": 0.0}, {"run": "custom", "alpha_lambda": 2.0, "beta": 0.3},
         {"run": "custom", "alpha_lambda": 0.01, "beta": 0.0}, {"run": "custom", "alpha_lambda": 4.0, "beta": 0.99},
         {"run": "custom", "alpha_lambda": 3.8, "beta": 0.9}, {"run": "custom", "alpha_lambda": 3.0, "beta": 0.95},
         {"run": "custom", "beta": 0.0}, {"run": "custom", "alpha_lambda": 1.0}]


@pytest.mark.parametrize("case", CASES, ids=lambda c: ",".join(f"{k}={v}" for k, v in c.items()) or "defaults")
def test_numbers_and_words_follow_a_run_recomputed_here(case):
    alpha, beta = setting_of(case)
    d = data_for(**case)
    n, story = d["story"]["numbers"], d["story"]
    assert n["alpha"] == pytest.approx(alpha, rel=1e-12) and n["beta"] == pytest.approx(beta, rel=1e-12)
    W, err, broken, rate, dead = expected(alpha, beta)
    assert n["rate"] == pytest.approx(rate, rel=1e-6)  # a double eigenvalue of R at the optimum: eig to ~1e-8
    assert n["diverges"] == (rate >= 1)
    assert n["broken"] == broken
    assert n["dead_zone_nonzero"] == dead == 0
    assert n["final_error"] == pytest.approx(err[-1], rel=1e-9)
    # The dead-zone bound is a true lower bound: no run breaks it.
    assert broken["dead"] is None
    labels = story["labels"]
    names = {"article": f"\u03ba = 1000 bound {q_of(KAPPA):.3f}\u1d4f\u2016w*\u2016\u221e",
             "true": f"true \u03ba = {KAPPA_TRUE:.1f} bound {q_of(KAPPA_TRUE):.3f}\u1d4f\u2016w*\u2016\u221e",
             "dead": "dead zone, largest |w\u1d62*| with i > k"}
    below = below_of(err)
    assert n["below"] == below
    for b, k in broken.items():
        line = next(x for x in labels if x.startswith(f"{names[b]}: "))[len(names[b]) + 2:]
        assert (line == "holds to step 50") if k is None else span_holds(line.removeprefix("broken "), below[b])
    assert f"\u03c1(R) = {rate:.3f} per step" in " | ".join(labels)
    title, verdict = story["title"], story["beats"][-1]["caption"]
    if rate >= 1:
        assert "diverges" in title and f"{rate:.3f}" in title
    else:
        assert title_holds(title, below), (title, below)
    if below["article"]:
        words = re.search(r"with \u03ba = 1000 (.+?): that bound", verdict)[1]
        assert span_holds(words, below["article"])
    if below["true"]:
        assert span_holds(re.search(r"bound is broken, (.+?)\.", verdict)[1], below["true"])
    assert ("holds for all 50 steps" in verdict) == (broken["true"] is None)
    json.dumps(story, allow_nan=False)


def test_the_words_follow_the_outcome_across_the_plane():
    """Each kind of verdict is reached somewhere, and where the words say "holds" the loop agrees."""
    seen = set()
    for al in (0.05, 0.5, 1.5, 2.5, 3.3, 3.6, 3.95):
        for beta in (0.0, 0.5, 0.76, 0.81, 0.9, 0.99):
            d = data_for(run="custom", alpha_lambda=al, beta=beta)
            _, err, broken, rate, _ = expected(al / LAM[-1], beta)
            below = below_of(err)
            assert d["broken"] == broken
            if rate < 1:  # the title is true of every step
                assert title_holds(d["story"]["title"], below), (al, beta, d["story"]["title"])
            seen.add(("diverges" if rate >= 1 else "converges", broken["article"] is None, broken["true"] is None))
    assert ("converges", True, True) in seen and ("converges", False, True) in seen
    assert ("converges", False, False) in seen and any(s[0] == "diverges" for s in seen)
    # Optimal momentum is far below the article's bound: 0.045 against 0.140 at step 30 (docs/distill.md, F18).
    _, err, _, _, _ = expected(*optimum())
    assert err[30] == pytest.approx(0.045, abs=5e-4) and q_of(KAPPA) ** 30 * W_STAR[0] == pytest.approx(0.140, abs=5e-4)
    # The article's drawn setting breaks even the true condition number's bound, at step 24.
    assert data_for(run="article")["broken"]["true"] == 24 == expected(*setting_of({"run": "article"}))[2]["true"]
    for e in SPEC.examples:
        assert data_for(**e)["story"]["beats"] != data_for()["story"]["beats"]


def test_custom_values_need_the_custom_run():
    with pytest.raises(ParamError, match="run=custom"):
        data_for(beta=0.5)
    r = subprocess.run([sys.executable, "render.py", "oracle", "--set", "alpha_lambda=3", "--format", "png",
                        "--backend", "mpl"], capture_output=True, text=True)
    assert r.returncode == 2 and "run=custom" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def mpl_frame(d, t, aspect="16:9", short=480):
    from scenes.kit import layout
    from scenes.kit.mpl import draw, make_figure

    canvas = layout.Canvas(aspect, SPEC.flow)
    with layout.use(canvas):
        w, h = canvas.pixels(short)
        fig = make_figure(w, h, THEMES["dark"])
        update = draw(SPEC.draw_mpl, fig, d, THEMES["dark"])
        update(t)
        fig.canvas.draw()
    return fig


def texts_inside(fig):
    renderer = fig.canvas.get_renderer()
    W, H = fig.canvas.get_width_height()
    for t in fig.texts + [t for ax in fig.axes for t in ax.texts]:
        if not t.get_visible() or not t.get_text():
            continue
        bb = t.get_window_extent(renderer)
        assert bb.x0 >= -0.5 and bb.y0 >= -0.5 and bb.x1 <= W + 0.5 and bb.y1 <= H + 0.5, t.get_text()


@pytest.mark.parametrize("case", [{}, {"run": "custom", "alpha_lambda": 3.9, "beta": 0.9}])
def test_the_frames_draw_the_rows_reached_and_the_error_so_far(case):
    d = data_for(**case)
    W, err, _, _, _ = expected(*setting_of(case))
    lead = d["story"]["beats"][0]["end"]
    for k in (0, 7, 24, 50):
        fig = mpl_frame(d, lead + k / d["speed"])
        grids = fig.axes[:2]
        for ax, values in zip(grids, (W, np.abs(W - W_STAR))):
            (im,) = ax.get_images()
            rgba = im.get_array()
            assert np.all(rgba[: k + 1, :, 3] == 1) and np.all(rgba[k + 1:, :, 3] == 0)
            # The colour of a cell follows its value: within a row, a larger clipped value is not darker.
            row = np.clip(values[k], 0, 1)
            lum = rgba[k, :, :3].sum(axis=1)
            order = np.argsort(row)
            assert np.all(np.diff(lum[order]) >= -1e-9) or np.ptp(row) < 1e-12
        plot = fig.axes[-1]
        (run,) = [ln for ln in plot.get_lines() if ln.get_linewidth() == 3.0]  # the run; the bounds are thinner
        x, y = run.get_data()
        assert x[-1] == k and y[-1] == pytest.approx(min(math.log10(err[k]), d["y_lim"][1]), rel=1e-9)
        texts_inside(fig)


def shown(artist):
    return artist.get_visible() and (artist.get_alpha() is None or artist.get_alpha() > 0.5)


def test_the_bound_curves_appear_with_their_lines():
    """While the run is drawn no bound is named yet, so none is drawn; in the verdict beat all three are."""
    d = data_for(run="article")
    beats = {b["name"]: b for b in d["story"]["beats"]}
    names = d["texts"]["bounds"]
    for t, expect in ((beats["run"]["start"] + 0.5 * (beats["run"]["end"] - beats["run"]["start"]), False),
                      (SPEC.duration(d), True)):
        fig = mpl_frame(d, t)
        bounds = [ln for ln in fig.axes[-1].get_lines() if ln.get_linewidth() == 2.0]
        assert len(bounds) == 3 and all(shown(ln) == expect for ln in bounds), t
        lines = [x for x in fig.texts if x.get_text() in names]
        assert len(lines) == 3 and all(shown(x) == expect for x in lines), t


@pytest.mark.parametrize("case", [{"run": "article"}, {"run": "gd"}, {}])
def test_a_long_title_is_readable_and_inside_the_frame(case):
    """On 9:16 a title wider than the frame takes two lines rather than shrinking to a few pixels; at 16:9
    it is shrunk just enough to stay inside. Its words are the story's title either way."""
    d = data_for(**case)
    words = d["story"]["title"]
    for aspect in ("16:9", "9:16"):
        fig = mpl_frame(d, SPEC.duration(d), aspect)
        (title,) = [x for x in fig.texts if x.get_text().replace("\n", " ") == words]
        texts_inside(fig)
        W = fig.canvas.get_width_height()[0]
        assert title.get_window_extent(fig.canvas.get_renderer()).x1 <= W
        if aspect == "9:16":
            assert title.get_fontsize() >= 12, (words, title.get_fontsize())


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_the_layout_check_passes(aspect):
    from scenes.kit.layout import Canvas
    from scenes.output.frames.layout_check import mpl_boxes, problems

    d = data_for(run="article")
    canvas = Canvas(aspect, SPEC.flow)
    w, h = canvas.pixels(480)
    seen = 0
    for t, boxes in mpl_boxes(SPEC.draw_mpl, d, THEMES["dark"], w, h, [0.0, 9.0, SPEC.duration(d)], canvas=canvas):
        seen += len(boxes)
        assert problems(boxes, w, h) == [], (aspect, t)
    assert seen > 20


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_a_still_from_each_backend(tmp_path, backend):
    from PIL import Image

    from scenes.output.plan.api import render

    out = render("oracle", backend=backend, fmt="png", quality="low", out=tmp_path / "still.png",
                 cache_dir=tmp_path / "cache", progress=False)
    img = np.asarray(Image.open(out.path).convert("RGB"), dtype=float)
    assert img.shape[:2] == (480, 854)
    # The weight grid's first column (near w* = 0.93: bright yellow-green) is drawn left of the middle.
    left = img[:, : 854 // 2]
    assert (left[..., 1] > 150).sum() > 500 and (left[..., 2] < 120).sum() > 500


def test_the_page():
    from scenes.output.formats import web

    page = web.page_data(SPEC, resolve(SPEC.params, {}, "oracle"))
    sliders = {s["key"]: s for s in page["sliders"]}
    keys = [s["key"] for s in page["sliders"]]
    shape = [len(s["values"]) for s in page["sliders"]]
    a_opt, b_opt = optimum()
    assert sliders["beta"]["values"][sliders["beta"]["index"]] == pytest.approx(b_opt, rel=1e-9)
    pad = page["pad"]
    assert pad["panel"] == 2 and len(pad["points"]) == len(page["points"])
    for x, y, values in pad["points"]:
        assert x < 2 + 2 * y  # only convergent points
        assert all(values[k] in sliders[k]["values"] for k in keys)
        assert x == pytest.approx(values["share"] * (2 + 2 * values["beta"]), rel=1e-5)
        assert y == pytest.approx(values["beta"], abs=1e-6)
    presets = {p["label"]: p["values"] for p in page["presets"]}
    assert presets["optimal"]["beta"] == pytest.approx(b_opt) and presets["optimal"]["share"] == pytest.approx(
        a_opt * LAM[-1] / (2 + 2 * b_opt))
    art = setting_of({"run": "article"})
    assert presets["article"]["share"] == pytest.approx(art[0] * LAM[-1] / (2 + 2 * art[1]))
    for values in list(presets.values()) + [{"beta": 0.0, "share": 0.5}, {"beta": 0.95, "share": 0.95}]:
        idx = [int(np.argmin([abs(v - values[k]) for v in sliders[k]["values"]])) for k in keys]
        pt = page["points"][int(np.ravel_multi_index(idx, shape))]
        beta = sliders["beta"]["values"][idx[0]]
        alpha = sliders["share"]["values"][idx[1]] * (2 + 2 * beta) / LAM[-1]
        W, err, broken, rate, _ = expected(alpha, beta)
        nums = {row[0]: row[1] for row in pt["numbers"]}
        assert nums["rate per step \u03c1(R)"] == f"{rate:.3f}"
        assert nums["largest error at step 50"] == f"{err[-1]:.3g}"
        below = below_of(err)
        for label, value, _ in pt["numbers"]:
            for b, start in (("article", "\u03ba = 1000 bound"), ("true", "true \u03ba")):
                if label.startswith(start):
                    assert (value == "holds to step 50") if not below[b] else span_holds(
                        value.removeprefix("broken "), below[b]), (value, below[b])
        if rate < 1:
            assert title_holds(pt["title"], below), (pt["title"], below)
        assert pt["series"][0]["y"][30] == pytest.approx(err[30], rel=1e-3)
        assert pt["lines"][1]["y"] == pytest.approx(list(W[10]), rel=1e-3, abs=1e-4)
    # Every point of the page: its title is true of every step of its run (the reader reaches them all).
    for idx in np.ndindex(*shape):
        pt = page["points"][int(np.ravel_multi_index(idx, shape))]
        beta = sliders["beta"]["values"][idx[0]]
        alpha = sliders["share"]["values"][idx[1]] * (2 + 2 * beta) / LAM[-1]
        _, err, _, rate, _ = expected(alpha, beta)
        if rate < 1:
            assert title_holds(pt["title"], below_of(err)), (pt["title"], beta, alpha)
    size = len(json.dumps(page, separators=(",", ":"), ensure_ascii=False).encode())
    size += sum((web.HERE / name).stat().st_size for name in web.FILES)
    assert size <= 1_500_000, size
