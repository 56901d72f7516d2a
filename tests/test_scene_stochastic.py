"""The stochastic scene (Distill figure 21): the closed form recomputed here from noise-free loops (the mean
run, and the response to one noise kick, whose squares sum to the variance), the Monte Carlo from the same
seeded noise in a plain loop, the phase boundary and the noise floor by hand (never the code under test);
the words at parameter points where they change; what the frames draw (bar heights, the mean's and the
run's ends); the layout at 16:9 and 9:16; a still from both backends; the page."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from scenes.kit.params import resolve
from scenes.kit.theme import THEMES
from scenes.stochastic import SPEC

STEPS, X0, EPS = 150, math.sqrt(3.0), 3.0


def noise_free(alpha, beta, y, x, steps):
    """x^k, k = 0..steps, of y <- beta y + x, x <- x - alpha y (the gradient of x^2/2 is x), by hand."""
    out = [x]
    for _ in range(steps):
        y = beta * y + x
        x = x - alpha * y
        out.append(x)
    return np.array(out)


def closed_form(alpha, beta, steps=STEPS):
    """Deterministic part 1/2 (E x^k)^2 and noise part 1/2 Var x^k. A kick eps*xi at step j enters y, and
    from there moves x like a noise-free run started at (y, x) = (1, -alpha): Var x^k = eps^2 sum h_m^2."""
    mean = noise_free(alpha, beta, 0.0, X0, steps)
    h = noise_free(alpha, beta, 1.0, -alpha, steps)  # h[m]: x, m steps after the kick's own step
    var = np.array([EPS ** 2 * np.sum(h[:k] ** 2) for k in range(steps + 1)])
    return 0.5 * mean ** 2, 0.5 * var


def runs_by_hand(alpha, beta, runs, seed, steps=STEPS):
    xi = np.random.default_rng(seed).standard_normal((steps, runs))
    x, y = np.full(runs, X0), np.zeros(runs)
    f = [0.5 * x ** 2]
    for k in range(steps):
        y = beta * y + x + EPS * xi[k]
        x = x - alpha * y
        f.append(0.5 * x ** 2)
    return np.array(f)


def boundary(det, noise):
    last = None
    for k in range(len(det)):
        if det[k] > noise[k]:
            last = k
    return last


def floor_by_hand(alpha, beta):
    h = noise_free(alpha, beta, 1.0, -alpha, 200_000)
    return 0.5 * EPS ** 2 * float(np.sum(h ** 2))


_DATA: dict = {}


def data_for(**case):
    """The scene's data, once per case in this module (each one runs its sweeps)."""
    key = tuple(sorted(case.items()))
    if key not in _DATA:
        _DATA[key] = SPEC.make_data(resolve(SPEC.params, case, "stochastic"))
    return _DATA[key]


CASES = [{}, {"alpha": 0.003, "beta": 0.9, "runs": 1000}, {"alpha": 0.5, "beta": 0.0, "runs": 1000},
         {"alpha": 0.001, "beta": 0.0, "runs": 1000}, {"alpha": 1.0, "beta": 0.99, "runs": 1000},
         {"alpha": 0.2, "beta": 0.9, "runs": 500, "seed": 3}, {"runs": 100, "seed": 7}]


@pytest.mark.parametrize("case", CASES, ids=lambda c: ",".join(f"{k}={v}" for k, v in c.items()) or "defaults")
def test_numbers_follow_the_closed_form_and_runs_recomputed_here(case):
    d = data_for(**case)
    n, story = d["story"]["numbers"], d["story"]
    alpha, beta = case.get("alpha", 4 / 121), case.get("beta", 81 / 121)
    runs, seed = case.get("runs", 10_000), case.get("seed", 0)
    det, noise = closed_form(alpha, beta)
    assert np.allclose(d["det"], det, rtol=1e-9, atol=1e-300) and np.allclose(d["noise"], noise, rtol=1e-9, atol=1e-15)
    assert n["noise_0"] == 0.0 and n["deterministic_0"] == pytest.approx(1.5)
    # The article's code sums one term further: its noise part at step 0 is this one at step 1, ½ε²α².
    assert n["article_noise_0"] == pytest.approx(noise[1]) == pytest.approx(0.5 * EPS ** 2 * alpha ** 2)
    b = boundary(det, noise)
    assert n["boundary"] == b
    assert n["noise_floor"] == pytest.approx(floor_by_hand(alpha, beta), rel=1e-6)
    f = runs_by_hand(alpha, beta, runs, seed)
    mean, se = f.mean(axis=1), f.std(axis=1, ddof=1) / math.sqrt(runs)
    assert np.allclose(d["mean"], mean, rtol=1e-10) and np.allclose(d["se"][1:], se[1:], rtol=1e-8)
    assert np.allclose(d["run"], f[:, 0], rtol=1e-12)  # run 0 of the same noise
    z = np.abs(mean[1:] - (det + noise)[1:]) / se[1:]
    assert n["z_max"] == pytest.approx(z.max(), rel=1e-8) and n["z_max_step"] == int(np.argmax(z)) + 1
    assert n["expected_end"] == pytest.approx(det[-1] + noise[-1], rel=1e-9)
    labels, title = story["labels"], story["title"]
    if b is not None and 0 < b < STEPS:
        assert title.startswith(f"Transient to step {b}, then noise") and f"{n['noise_floor']:.3g}" in title
        assert f"transient to step {b}, then fine-tuning" in labels
        assert f"from step {b + 1} the noise part leads" in story["beats"][-1]["caption"]
    elif b == STEPS:
        assert title.startswith(f"Still transient at step {STEPS}")
    else:
        assert title.startswith("Noise leads from step")
    assert f"noise floor \u00bd Var x\u221e = {n['noise_floor']:.4f}" in labels
    assert f"step {STEPS}: E f = {det[-1] + noise[-1]:.4f}, mean {mean[-1]:.4f}" in labels
    assert (f"Monte Carlo: within {z.max():.1f} std. errors" if z.max() <= 4.0
            else f"Monte Carlo: {z.max():.1f} std. errors off") in labels
    assert f"mean of {runs:,} runs (sim.sweep)" in labels
    json.dumps(story, allow_nan=False)


def test_the_mean_of_ten_thousand_runs_lies_on_the_closed_form():
    d = data_for()
    det, noise = closed_form(4 / 121, 81 / 121)
    z = (d["mean"][1:] - (det + noise)[1:]) / d["se"][1:]
    assert np.all(np.abs(z) < 4.0), np.abs(z).max()
    assert 0.5 < np.mean(np.abs(z) < 1.0) < 0.9  # about two steps in three within one standard error
    assert "within" in d["story"]["beats"][-1]["caption"]
    assert d["boundary"] == 10 and d["story"]["numbers"]["noise_floor"] == pytest.approx(0.22725, abs=1e-5)


def test_the_words_change_with_the_parameters():
    titles = {tuple(sorted(e.items())): data_for(**{**e, "runs": 200})["story"]["title"]
              for e in SPEC.examples if "runs" not in e}
    assert len(set(titles.values())) >= 3
    assert data_for(alpha=0.001, beta=0.0, runs=200)["story"]["title"].startswith("Still transient at step 150")
    assert data_for(alpha=0.5, beta=0.0, runs=200)["story"]["title"].startswith("Noise leads from step 1")
    base = data_for()["story"]["beats"]
    for e in SPEC.examples:
        assert data_for(**e)["story"]["beats"] != base
    assert "gradient descent runs" in data_for(alpha=0.5, beta=0.0, runs=200)["story"]["beats"][0]["caption"]


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


@pytest.mark.parametrize("case", [{"runs": 300}, {"alpha": 0.5, "beta": 0.0, "runs": 300}])
def test_the_frames_draw_the_bars_the_mean_and_the_run(case):
    from matplotlib.colors import to_hex

    d = data_for(**case)
    alpha, beta = case.get("alpha", 4 / 121), case.get("beta", 81 / 121)
    det, noise = closed_form(alpha, beta)
    f = runs_by_hand(alpha, beta, 300, 0)
    top = d["y_top"]
    lead = d["story"]["beats"][0]["end"]
    for k in (3, 40, 150):
        fig = mpl_frame(d, lead + k / d["speed"])
        ax = fig.axes[0]
        patches = ax.patches
        noise_bars, det_bars = patches[:STEPS + 1], patches[STEPS + 1:]
        for j in (0, 1, k // 2, k):
            assert noise_bars[j].get_height() == pytest.approx(min(noise[j], top), abs=1e-12)
            assert det_bars[j].get_y() + det_bars[j].get_height() == pytest.approx(min(det[j] + noise[j], top), rel=1e-9)
        assert all(p.get_height() == 0 for p in noise_bars[k + 2:] + det_bars[k + 2:])
        # Erratum E13: each part's bars have the colour its legend line names.
        legend = {t.get_text(): t.get_color() for t in fig.texts}
        assert to_hex(noise_bars[k].get_facecolor()) == to_hex(legend["noise part \u00bd Var x\u1d4f (0 at k = 0)"])
        assert to_hex(det_bars[k].get_facecolor()) == to_hex(legend["deterministic part \u00bd(E x\u1d4f)\u00b2"])
        lines = {ln.get_marker(): ln for ln in ax.get_lines() if ln.get_animated() and ln.get_linestyle() != "--"}
        x, y = lines["None"].get_data()  # the mean (the dashed phase boundary is left out)
        assert x[-1] == k and y[-1] == pytest.approx(min(f[k].mean(), top), rel=1e-9)
        xd, yd = lines["o"].get_data()
        shown = [j for j in range(k + 1) if f[j, 0] <= top]
        assert list(xd) == shown and np.allclose(yd, f[shown, 0], rtol=1e-9)
        if k == STEPS and case.get("alpha") == 0.5:
            assert any(t.get_text() == f"{STEPS + 1 - len(shown)} dots above the top" for t in fig.texts)


PHASES = [(0.5, 0.0), (1.0, 0.0), (0.2, 0.9), (0.014, 0.0), (0.015, 0.0), (0.05, 0.5), (0.02, 0.0), (4 / 121, 81 / 121), (0.003, 0.9),
          (0.001, 0.0), (0.01, 0.99), (1.0, 0.99)]


@pytest.mark.parametrize("alpha,beta", PHASES)
def test_the_phase_labels_and_the_title_follow_the_boundary(alpha, beta):
    """At points whose boundary (found here) is at step 0, early, late or past the end: the title names
    it; a phase label is drawn only for a phase that has steps of its own (step 0 alone is none: its noise
    part is 0 by definition), above the plot's frame where no bar, mean or dot reaches, inside the frame of
    the picture and clear of the title and of the other label; a label set across the line points back.
    A boundary past the last step draws no line and no label."""
    d = data_for(alpha=alpha, beta=beta, runs=100)
    det, noise = closed_form(alpha, beta)
    b = boundary(det, noise)
    floor = floor_by_hand(alpha, beta)
    title = d["story"]["title"]
    if b == 0:
        assert title == f"Noise leads from step 1: E f settles near {floor:.3g}"
    elif b >= STEPS:
        assert title == f"Still transient at step {STEPS}: the deterministic part leads"
    else:
        assert title == f"Transient to step {b}, then noise: E f settles near {floor:.3g}"
    for aspect in ("16:9", "9:16") if alpha in (0.5, 0.2, 0.001, 0.014) else ("16:9",):
        fig = mpl_frame(d, SPEC.duration(d), aspect)
        ax = fig.axes[0]
        r = fig.canvas.get_renderer()
        frame = ax.get_window_extent(r)
        labels = {t.get_text(): t.get_window_extent(r) for t in ax.texts if t.get_text().strip()}
        names = {k.strip("\u2190\u2192 ") for k in labels}
        # past the end there is no boundary to draw, and no label: the title says the run is all transient
        want = set() if b >= STEPS else ({"transient"} if b > 0 else set()) | {"fine-tuning"}
        assert names == want, (b, labels)
        title_box = next(t for t in fig.texts if t.get_text().replace("\n", " ") == title).get_window_extent(r)
        for text, e in labels.items():
            assert e.y0 >= frame.y1 - 0.5 and e.y1 <= title_box.y0, (text, aspect)
            assert e.x0 >= 0 and e.x1 <= fig.bbox.width and e.y1 <= fig.bbox.height
            x_line = ax.transData.transform((b + 0.5, 0))[0]
            if text.startswith("\u2190"):
                assert e.x0 > x_line  # set right of the line, pointing left to its phase
            elif text.endswith("\u2192"):
                assert e.x1 < x_line
            elif text == "transient":
                assert e.x1 < x_line
            else:
                assert e.x0 > x_line
        boxes = list(labels.values())
        if len(boxes) == 2:
            assert not boxes[0].overlaps(boxes[1])
        import matplotlib.pyplot as plt
        plt.close(fig)


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_the_layout_check_passes(aspect):
    from scenes.kit.layout import Canvas
    from scenes.output.frames.layout_check import mpl_boxes, problems

    d = data_for(alpha=0.2, beta=0.9, runs=300)
    canvas = Canvas(aspect, SPEC.flow)
    w, h = canvas.pixels(480)
    seen = 0
    for t, boxes in mpl_boxes(SPEC.draw_mpl, d, THEMES["dark"], w, h, [0.0, 8.0, SPEC.duration(d)], canvas=canvas):
        seen += len(boxes)
        assert problems(boxes, w, h) == [], (aspect, t)
    assert seen > 20


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_a_still_from_each_backend(tmp_path, backend):
    from PIL import Image

    from scenes.output.plan.api import render

    clip = render("stochastic", backend=backend, fmt="png", quality="low", out=tmp_path / "still.png",
                  cache_dir=tmp_path / "cache", progress=False, runs=300)
    img = np.asarray(Image.open(clip.path).convert("RGB"), dtype=float)
    assert img.shape[:2] == (480, 854)
    # The noise part's red bars fill the bottom of the plot from the boundary on.
    red = (img[..., 0] > 200) & (img[..., 1] < 140) & (img[..., 2] < 130)
    assert red[:, : 854 // 2].sum() > 2000


def test_the_page():
    from scenes.output.formats import web

    page = web.page_data(SPEC, resolve(SPEC.params, {}, "stochastic"))
    sliders = {s["key"]: s for s in page["sliders"]}
    keys = [s["key"] for s in page["sliders"]]
    shape = [len(s["values"]) for s in page["sliders"]]
    assert sliders["alpha"]["values"][sliders["alpha"]["index"]] == pytest.approx(4 / 121)
    assert page["presets"] == [{"label": "optimal", "values": {"alpha": 4 / 121, "beta": 81 / 121}}]
    # The map names its optimum's ring in its title (a label on the map would lie over the grid's points).
    ring = f"({math.log10(4 / 121):.2f}, {81 / 121:.3f})".replace("-", "\u2212")
    assert page["panels"][1]["y_label"].endswith(f"the optimum: the ring at {ring}")
    assert [m["label"] for m in page["panels"][1]["layers"]] == [""]
    pad = page["pad"]
    assert pad["panel"] == 1 and len(pad["points"]) == len(page["points"])
    for x, y, values in pad["points"]:
        assert x == pytest.approx(math.log10(values["alpha"]), abs=1e-6) and y == values["beta"]
        assert values["alpha"] < 2 + 2 * values["beta"]  # λ = 1: every point converges
    for combo in ({"alpha": 4 / 121, "beta": 81 / 121}, {"alpha": 0.2, "beta": 0.9}, {"alpha": 0.002, "beta": 0.0}):
        idx = [sliders[k]["values"].index(combo[k]) for k in keys]
        pt = page["points"][int(np.ravel_multi_index(idx, shape))]
        det, noise = closed_form(combo["alpha"], combo["beta"])
        f = runs_by_hand(combo["alpha"], combo["beta"], 10_000, 0)
        nums = {row[0]: row[1] for row in pt["numbers"]}
        # Printed to 4 decimals (the default's 0.22725 sits on a rounding tie: compare the value).
        assert float(nums["noise floor \u00bd Var x\u221e"]) == pytest.approx(floor_by_hand(combo["alpha"], combo["beta"]),
                                                                       abs=5.01e-5)
        assert nums[f"E f at step {STEPS}"] == f"{det[-1] + noise[-1]:.4f}"
        se = f[-1].std(ddof=1) / 100
        assert nums[f"mean of 10,000 runs at step {STEPS}"] == f"{f[-1].mean():.4f} \u00b1 {se:.4f}"
        z = np.abs(f[1:].mean(axis=1) - (det + noise)[1:]) / (f[1:].std(axis=1, ddof=1) / 100)
        assert nums["worst gap, at every step"] == f"{z.max():.1f} standard errors"
        assert f"within {z.max():.1f} standard errors of the closed form at every step" in pt["verdict"]
        if combo["alpha"] == 4 / 121:  # the page and the video say the same of the same run
            video = data_for()["story"]
            assert pt["title"] == video["title"] and pt["verdict"] == video["beats"][-1]["caption"]
        series = pt["series"]
        assert series[1]["y"][60] == pytest.approx(min(noise[60], 3.0), rel=1e-3)
        assert series[3]["y"][50] == pytest.approx(f[50].mean(), rel=1e-3) and series[3]["y"][51] is None
        b = boundary(det, noise)
        if b is not None and b < STEPS:
            assert pt["lines"][0]["x"] == [b + 0.5, b + 0.5]
    size = len(json.dumps(page, separators=(",", ":"), ensure_ascii=False).encode())
    size += sum((web.HERE / name).stat().st_size for name in web.FILES)
    assert size <= 1_500_000, size
