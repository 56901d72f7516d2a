"""The graphs scene (Distill figure 16): every printed number recomputed here from graphs built here (the
seeded edge draws done again by hand, numpy's eigh of each grounded Laplacian, numpy's eig of the momentum
matrix R at the optimum, plain loops for the steps), the words at seeds that change them, what the frames
draw (bars as long as the steps, nodes in the colour of their eigenvector entry), stills in both backends
and the layout check at 16:9 and 9:16."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from scenes.graphs import SPEC
from scenes.kit.params import resolve
from scenes.kit.theme import THEMES

N, TOL = 36, 1e-3
SEEDS = [17, 23, 27, 19, 0, 9999, 5]


def random_edges(rng, count, exclude=()):
    edges = set()
    while len(edges) < count:
        i, j = (int(v) for v in rng.integers(0, N, 2))
        e = (min(i, j), max(i, j))
        if i != j and e not in exclude:
            edges.add(e)
    return edges


def connected(edges):
    parent = list(range(N))

    def find(a):
        while parent[a] != a:
            a = parent[a]
        return a

    for i, j in edges:
        parent[find(i)] = find(j)
    return len({find(i) for i in range(N)}) == 1


def graphs_here(seed):
    rng = np.random.default_rng(seed)
    while True:
        expander = random_edges(rng, 80)
        if connected(expander):
            break
    grid = {(r * 6 + c, r * 6 + c + 1) for r in range(6) for c in range(5)}
    grid |= {(r * 6 + c, (r + 1) * 6 + c) for r in range(5) for c in range(6)}
    path = {(i, i + 1) for i in range(N - 1)}
    path |= random_edges(np.random.default_rng(seed), 3, exclude=path)
    return {"expander": expander, "grid": grid, "path": path}


def spectrum_here(edges):
    A = np.zeros((N, N))
    for i, j in edges:
        A[i, j] = A[j, i] = 1.0
    L = np.diag(A.sum(axis=1)) - A
    L[0, 0] += 1.0
    lam, Q = np.linalg.eigh(L)
    return lam, Q


def steps_loop(rate):
    k, err = 0, 1.0
    while err > TOL:
        err *= rate
        k += 1
    return k


def facts(seed):
    out = {}
    for key, edges in graphs_here(seed).items():
        lam, Q = spectrum_here(edges)
        l1, ln = lam[0], lam[-1]
        kappa = ln / l1
        # Gradient descent at α = 2/(λ₁ + λₙ): the worst |1 − αλᵢ|.
        a = 2 / (l1 + ln)
        gd_rate = max(abs(1 - a * lam))
        # Momentum at its optimum: the largest |eigenvalue| of R over every λᵢ.
        alpha = (2 / (math.sqrt(l1) + math.sqrt(ln))) ** 2
        beta = ((math.sqrt(ln) - math.sqrt(l1)) / (math.sqrt(ln) + math.sqrt(l1))) ** 2
        mom_rate = max(max(abs(np.linalg.eigvals(np.array([[beta, v], [-alpha * beta, 1 - alpha * v]]))))
                       for v in lam)
        v = Q[:, 1] * np.sign(Q[np.argmax(abs(Q[:, 1])), 1])
        out[key] = {"n_edges": len(edges), "lam_min": l1, "lam_2": lam[1], "lam_max": ln, "kappa": kappa,
                    "gd_rate": gd_rate, "momentum_rate": mom_rate, "gd_steps": steps_loop(gd_rate),
                    "momentum_steps": steps_loop(mom_rate), "fiedler": v}
    return out


def data_for(**case):
    return SPEC.make_data(resolve(SPEC.params, case, "graphs"))


@pytest.fixture(scope="module")
def datas():
    return {s: data_for(seed=s) for s in SEEDS}


@pytest.mark.parametrize("seed", SEEDS)
def test_numbers_are_recomputed_here(datas, seed):
    d, f = datas[seed], facts(seed)
    n = d["story"]["numbers"]
    labels = d["story"]["labels"]
    for key, want in f.items():
        got = n[key]
        assert got["n_edges"] == want["n_edges"]
        for name in ("lam_min", "lam_2", "lam_max", "kappa"):
            assert got[name] == pytest.approx(want[name], rel=1e-9)
        assert got["gd_rate"] == pytest.approx(want["gd_rate"], rel=1e-9)
        assert got["momentum_rate"] == pytest.approx(want["momentum_rate"], rel=1e-6)
        # The closed form and the loop agree to the step, except a rate^k landing on 1e-3 to rounding.
        assert abs(got["gd_steps"] - want["gd_steps"]) <= 1 and abs(got["momentum_steps"] - want["momentum_steps"]) <= 1
        assert f"\u03ba = \u03bb\u2099/\u03bb\u2081 = {want['kappa']:.0f}" in labels
        assert f"\u03bb\u2081 = {want['lam_min']:.3g},   \u03bb\u2099 = {want['lam_max']:.3g}" in labels
        assert f"gap \u03bb\u2082 = {want['lam_2']:.3g}" in labels
        assert str(got["gd_steps"]) in labels and str(got["momentum_steps"]) in labels
        assert str(got["gd_steps"]) in d["story"]["beats"][1]["caption"]
    json.dumps(d["story"], allow_nan=False)


def test_the_article_spectrum_at_seed_17(datas):
    """The module's statement: at seed 17 the expander's κ is larger than the grid's, its gap λ₂ larger."""
    f = facts(17)
    assert f["expander"]["kappa"] > f["grid"]["kappa"] and f["expander"]["lam_2"] > f["grid"]["lam_2"]
    assert f["grid"]["kappa"] == pytest.approx(f["grid"]["lam_max"] / f["grid"]["lam_min"])


def test_the_words_follow_the_outcome(datas):
    seen = set()
    for seed, d in datas.items():
        f = facts(seed)
        best = min(f, key=lambda k: f[k]["kappa"])
        title = d["story"]["title"]
        names = {"expander": "seeded expander", "grid": "6 \u00d7 6 grid", "path": "path + 3 edges"}
        assert title == f"Best conditioned here: the {names[best]}, \u03ba = {f[best]['kappa']:.0f}"
        worse = f["expander"]["kappa"] > f["grid"]["kappa"]
        seen.add(worse)
        verdict = d["story"]["beats"][2]["caption"]
        labels = d["story"]["labels"]
        if worse:
            assert verdict.startswith("Unlike the article's claim") and "This seeded one is worse:" in labels
            assert "As the article says" not in verdict
        else:
            assert verdict.startswith("As the article says") and "This seeded one is better:" in labels
        ranked = sorted(f, key=lambda k: f[k]["kappa"])
        assert d["story"]["numbers"]["order"] == ranked
        assert ", ".join(f"{k} {f[k]['kappa']:.0f}" for k in ranked) in verdict
    assert seen == {True, False}, "the seeds tried show both outcomes"
    assert datas[27]["story"]["title"].startswith("Best conditioned here: the path")
    for e in SPEC.examples:
        assert data_for(**e)["story"]["title"] != datas[17]["story"]["title"] or \
            data_for(**e)["story"]["beats"] != datas[17]["story"]["beats"]


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


@pytest.mark.parametrize("seed", [17, 27])
def test_the_frames_draw_what_the_numbers_say(datas, seed):
    from matplotlib.colors import to_hex
    from matplotlib.patches import Rectangle

    d, f = datas[seed], facts(seed)
    run = d["story"]["beats"][1]
    for when in ("before", "middle", "end"):
        t = {"before": run["start"] - 0.1, "middle": (run["start"] + run["end"]) / 2, "end": SPEC.duration(d)}[when]
        fig = mpl_frame(d, t)
        bars_ax = fig.axes[3]
        rects = [p for p in bars_ax.patches if isinstance(p, Rectangle) and p.get_animated()]
        assert len(rects) == 6
        labels = [tx for tx in bars_ax.texts]
        for i, key in enumerate(("expander", "grid", "path")):
            for j, name in enumerate(("gd_steps", "momentum_steps")):
                r, lab = rects[2 * i + j], labels[2 * i + j]
                full = math.log10(f[key][name])
                if when == "before":
                    assert r.get_width() == 0 and not lab.get_visible()
                elif when == "end":
                    assert r.get_width() == pytest.approx(full, abs=2e-3)
                    assert lab.get_visible() and abs(int(lab.get_text()) - f[key][name]) <= 1
                else:
                    assert 0 <= r.get_width() <= full + 1e-9
                # Gradient descent's bar (upper) above momentum's (lower) in the graph's row.
                assert r.get_y() + r.get_height() / 2 == pytest.approx(2.5 - i + (0.2 if j == 0 else -0.2))
        # Each node's colour: the article's scale of its entry of the λ₂ eigenvector.
        for i, key in enumerate(("expander", "grid", "path")):
            (dots,) = fig.axes[i].collections
            colours = [to_hex(c) for c in dots.get_facecolors()]
            v = f[key]["fiedler"]
            for c, x in zip(colours, v):
                if x >= 0.1:
                    assert c == "#99d594"
                elif x <= -0.1:
                    assert c == "#fc8d59"
                elif abs(x) < 1e-3:
                    assert c in ("#e6e600", "#e6e500", "#e5e600", "#e6e601")
        W, H = fig.canvas.get_width_height()
        r = fig.canvas.get_renderer()
        for tx in fig.texts:
            if tx.get_visible() and tx.get_text():
                bb = tx.get_window_extent(r)
                assert bb.x0 >= -0.5 and bb.x1 <= W + 0.5 and bb.y0 >= -0.5 and bb.y1 <= H + 0.5, tx.get_text()
        import matplotlib.pyplot as plt
        plt.close(fig)


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_layout_check_in_both_backends(aspect, tmp_path):
    from scenes.kit.layout import Canvas
    from scenes.output.frames.layout_check import manim_boxes, mpl_boxes, problems

    d = data_for(seed=23)
    canvas = Canvas(aspect, SPEC.flow)
    w, h = canvas.pixels(480)
    times = [0.0, SPEC.duration(d) / 2, SPEC.duration(d)]
    for t, boxes in mpl_boxes(SPEC.draw_mpl, d, THEMES["dark"], w, h, times, canvas=canvas):
        assert boxes and problems(boxes, w, h) == [], f"matplotlib {aspect} t={t}"
    for t, boxes in manim_boxes(SPEC.manim_scene(), d, THEMES["dark"], w, h, 15, times[-1:],
                                cache_dir=tmp_path / "cache", canvas=canvas):
        assert boxes and problems(boxes, w, h) == [], f"Manim {aspect} t={t}"


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_both_backends_render_a_still(backend, tmp_path):
    from PIL import Image

    from scenes.output.plan.pipeline import RenderRequest, render
    from tests.helpers import assert_not_blank

    out = render(RenderRequest(scene="graphs", backend=backend, fmt="png", quality="low", out=str(tmp_path / "g.png"),
                               cache_dir=str(tmp_path / "cache"), progress=False))
    img = np.asarray(Image.open(out).convert("RGB"))
    assert img.shape[:2] == (480, 854)
    assert_not_blank(img)
    # The nodes' three colours are on the frame.
    for c in ("#fc8d59", "#99d594"):
        rgb = np.array([int(c[k:k + 2], 16) for k in (1, 3, 5)])
        assert (np.abs(img.astype(int) - rgb).sum(axis=2) < 30).sum() > 20, c


def test_the_page_numbers_and_size():
    from scenes.output.formats import web

    page = web.page_data(SPEC, resolve(SPEC.params, {}, "graphs"))
    seeds = page["sliders"][0]["values"]
    assert seeds[page["sliders"][0]["index"]] == 17 and 23 in seeds and 27 in seeds
    for seed in (17, 23, 27):
        pt = page["points"][seeds.index(seed)]
        f = facts(seed)
        rows = {r[0]: r[1] for r in pt["numbers"]}
        for key in ("expander", "grid", "path"):
            assert rows[f"{key}: \u03ba = \u03bb\u2099/\u03bb\u2081"] == f"{f[key]['kappa']:.0f}"
            assert abs(int(rows[f"{key}: momentum, steps to 10\u207b\u00b3"]) - f[key]["momentum_steps"]) <= 1
        # The momentum curves are rate^k.
        for s, key in zip(pt["series"], ("expander", "grid", "path")):
            assert s["y"][50] == pytest.approx(f[key]["momentum_rate"] ** 50, rel=1e-3)
    size = len(json.dumps(page, separators=(",", ":"), ensure_ascii=False).encode())
    assert size <= 1_500_000, size


def test_a_seed_out_of_range_is_one_line_and_exit_2(tmp_path):
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "render.py", "graphs", "--set", "seed=-1", "--format", "png",
                        "-o", str(tmp_path / "x.png")], capture_output=True, text=True)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
