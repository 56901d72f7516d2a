"""The banana scene (Distill's hero figure): every printed number recomputed here with a plain loop and a
hand-written gradient and Hessian (never the code under test), the words at the parameter sets that
change them, and what is drawn (the path's end on the run, the optimum, the edge arrow, text inside the
frame) at the defaults and at the bounds."""
from __future__ import annotations

import json

import numpy as np
import pytest

from scenes.banana import SPEC
from scenes.kit.params import resolve
from scenes.kit.theme import THEMES

OPT = np.array([1.0, 1.0 / 3.0])
LO, HI = np.array([-2.0, -0.2667]), np.array([2.0, 1.0667])


def grad(w):
    x, y = w
    r = 3 * y - x * x
    return np.array([-2 * (1 - x) - 80 * x * r, 120 * r])


def loss(w):
    x, y = w
    return (1 - x) ** 2 + 20 * (3 * y - x * x) ** 2


def momentum(alpha, beta, steps=150, start=(-1.21, 0.853)):
    """z <- beta z + grad f(w), w <- w - alpha z, by hand: positions (steps + 1, 2) and losses."""
    w, z = np.array(start, float), np.zeros(2)
    path, losses = [w.copy()], [loss(w)]
    with np.errstate(all="ignore"):
        for _ in range(steps):
            z = beta * z + grad(w)
            w = w - alpha * z
            path.append(w.copy())
            losses.append(loss(w))
    return np.array(path), np.array(losses)


def hessian_eigenvalues():
    x, y = OPT
    H = np.array([[2 - 80 * (3 * y - x * x) + 160 * x * x, -240 * x], [-240 * x, 360.0]])
    return np.linalg.eigvalsh(H)


LAM = hessian_eigenvalues()
GD_LIMIT = 2 / LAM[1]


def data_for(**case):
    return SPEC, SPEC.make_data(resolve(SPEC.params, case, "banana"))


def g3(v):
    return "overflow" if v is None or not np.isfinite(v) else f"{v:.3g}"


def inside(p):
    return bool(np.all(np.isfinite(p)) and np.all(p >= LO) and np.all(p <= HI))


CASES = [{}, {"beta": 0.99}, {"beta": 0.0}, {"beta": 0.0, "alpha": 0.006}, {"alpha": 0.0},
         {"alpha": GD_LIMIT, "beta": 0.0}, {"alpha": 0.006, "beta": 0.99}, {"beta": 0.9},
         {"x0": 2.0, "y0": -0.2667}, {"x0": -2.0, "y0": 1.0667}, {"steps": 400}]


def test_curvature_at_the_optimum_is_printed_as_computed_here():
    assert LAM[0] == pytest.approx(1.383, abs=1e-3) and LAM[1] == pytest.approx(520.62, abs=1e-2)
    assert GD_LIMIT == pytest.approx(0.00384, abs=1e-5)
    _, d = data_for()
    n = d["story"]["numbers"]
    assert n["lambda_min"] == pytest.approx(LAM[0], rel=1e-12) and n["lambda_max"] == pytest.approx(LAM[1], rel=1e-12)
    assert n["kappa"] == pytest.approx(LAM[1] / LAM[0], rel=1e-12)
    assert n["gd_limit"] == pytest.approx(GD_LIMIT, rel=1e-12)
    assert n["momentum_limit"] == pytest.approx(2 * 1.74 / LAM[1], rel=1e-12)
    labels = " | ".join(d["story"]["labels"])
    assert f"\u03bb = {LAM[0]:.4g} and {LAM[1]:.5g}" in labels and "1.383" in labels and "520.62" in labels
    assert f"\u03b1 < 2/\u03bb\u2098\u2090\u2093 = {GD_LIMIT:.3g}" in labels and "0.00384" in labels
    assert f"\u03b1\u03bb\u2098\u2090\u2093 = {0.003 * LAM[1]:.3g}" in labels
    # The defaults read as what they are (the article's labels say 0.02 and 0.99).
    assert n["alpha"] == 0.003 and n["beta"] == 0.74 and n["steps"] == 150
    assert r"\alpha = 0.003,\ \ \beta = 0.74" in labels


@pytest.mark.parametrize("case", CASES, ids=lambda c: ",".join(f"{k}={v:g}" for k, v in c.items()) or "defaults")
def test_numbers_follow_a_run_recomputed_here(case):
    spec, d = data_for(**case)
    p = {"alpha": 0.003, "beta": 0.74, "steps": 150, "x0": -1.21, "y0": 0.853, **case}
    path, losses = momentum(p["alpha"], p["beta"], p["steps"], (p["x0"], p["y0"]))
    n = d["story"]["numbers"]
    with np.errstate(all="ignore"):
        dist = np.linalg.norm(path - OPT, axis=1)
    finite = bool(np.all(np.isfinite(path)) and np.all(np.isfinite(losses)))
    diverged = not finite or (not inside(path[-1]) and losses[-1] > losses[0])
    assert n["diverged"] == diverged
    if np.isfinite(dist[-1]):
        assert n["final_distance"] == pytest.approx(dist[-1], rel=1e-8, abs=1e-12)
        assert n["final_loss"] == pytest.approx(losses[-1], rel=1e-8, abs=1e-15)
    else:
        assert n["final_distance"] is None and n["final_loss"] is None
    # The counter at the end prints the run's own numbers, never the clamped drawing's.
    assert f"distance {g3(dist[-1])}, loss {g3(losses[-1])}" in d["story"]["labels"]
    ok = np.where(np.isfinite(dist), dist, np.inf)
    assert n["closest_distance"] == pytest.approx(ok.min(), rel=1e-8) and n["closest_step"] == int(np.argmin(ok))
    ins = np.array([inside(q) for q in path])
    if diverged:
        gone = int(np.flatnonzero(ins)[-1]) + 1
        assert n["left_at"] == gone and n["outcome"] == "diverged"
        assert str(gone) in d["story"]["title"]
        bad = np.flatnonzero(~(np.isfinite(losses) & np.all(np.isfinite(path), axis=1)))
        assert n["overflow_at"] == (int(bad[0]) if len(bad) else None)
    else:
        assert n["left_at"] is None
        assert n["exits"] == sum(1 for k in range(1, len(ins)) if ins[k - 1] and not ins[k])
    if p["alpha"] == 0:
        assert n["outcome"] == "still" and np.all(path == path[0])
    elif not diverged and dist[-1] < 0.01:
        assert n["outcome"] == "converged"
        far = np.flatnonzero(dist >= 0.01)
        assert n["settle_step"] == int(far[-1]) + 1
        assert f"by step {n['settle_step']}" in d["story"]["title"]
    json.dumps(d["story"], allow_nan=False)


def test_the_words_follow_the_outcome():
    titles = {k: data_for(**c)[1]["story"]["title"] for k, c in
              {"default": {}, "b99": {"beta": 0.99}, "gd": {"beta": 0.0}, "div": {"beta": 0.0, "alpha": 0.006},
               "fast": {"beta": 0.9}, "zero": {"alpha": 0.0}}.items()}
    _, losses = momentum(0.003, 0.74)
    d_def = np.linalg.norm(momentum(0.003, 0.74)[0][-1] - OPT)
    assert titles["default"] == f"Momentum is on its way: {d_def:.3g} from the optimum"
    d99 = np.linalg.norm(momentum(0.003, 0.99)[0][-1] - OPT)
    assert titles["b99"] == f"Momentum goes haywire: still {d99:.3g} from the optimum"
    d0 = np.linalg.norm(momentum(0.003, 0.0)[0][-1] - OPT)
    assert titles["gd"] == f"Gradient descent crawls: still {d0:.3g} from the optimum"
    assert titles["div"].startswith("Gradient descent diverges: it leaves the picture at step ")
    assert titles["fast"].startswith("Momentum reaches the optimum by step ")
    assert "never leaves" in titles["zero"]
    assert len(set(titles.values())) == len(titles)
    # The result beat places α against gradient descent's limit and momentum's 2(1 + β)/λmax.
    _, d = data_for(beta=0.0, alpha=0.006)
    assert "\u03b1 = 0.006 is above it" in d["story"]["beats"][-1]["caption"]
    _, d = data_for()
    assert f"2(1 + \u03b2)/\u03bb\u2098\u2090\u2093 = {2 * 1.74 / LAM[1]:.3g}, and \u03b1 = 0.003 is below it" in \
        d["story"]["beats"][-1]["caption"]
    # The examples each change the words.
    spec = SPEC
    assert {"beta": 0.99} in spec.examples and {"beta": 0.0} in spec.examples
    assert any(e.get("beta") == 0.0 and e.get("alpha", 0) > GD_LIMIT for e in spec.examples)


def mpl_frame(d, t, aspect=None):
    from scenes.kit import layout
    from scenes.kit.mpl import make_figure

    spec = SPEC
    canvas = layout.Canvas(aspect or "16:9", spec.flow)
    with layout.use(canvas):
        w, h = canvas.pixels(480)
        fig = make_figure(w, h, THEMES["dark"])
        from scenes.kit.mpl import draw

        update = draw(spec.draw_mpl, fig, d, THEMES["dark"])
        update(t)
        fig.canvas.draw()
    return fig


def artists(fig):
    ax = fig.axes[0]
    lines = ax.get_lines()
    trail = next(ln for ln in lines if ln.get_linestyle() == "-" and ln.get_marker() in ("None", "", None))
    ball = next(ln for ln in lines if ln.get_marker() == "o" and ln.get_markersize() >= 10
                and ln.get_markerfacecolor() != "none")
    optimum = next(ln for ln in lines if ln.get_marker() == "x")
    arrow = ax.patches[-1]
    return ax, trail, ball, optimum, arrow


def texts_inside(fig):
    renderer = fig.canvas.get_renderer()
    W, H = fig.canvas.get_width_height()
    for t in fig.texts:
        if not t.get_visible() or not t.get_text():
            continue
        bb = t.get_window_extent(renderer)
        assert bb.x0 >= -0.5 and bb.y0 >= -0.5 and bb.x1 <= W + 0.5 and bb.y1 <= H + 0.5, t.get_text()


@pytest.mark.parametrize("case", [{}, {"beta": 0.99}, {"alpha": 0.0}, {"alpha": GD_LIMIT, "beta": 0.0},
                                  {"x0": 2.0, "y0": -0.2667}],
                         ids=["defaults", "beta0.99", "alpha0", "alpha_gd_limit", "corner_start"])
def test_the_drawn_path_ends_on_the_run(case):
    from scenes.banana.data import LEAD

    spec, d = data_for(**case)
    p = {"alpha": 0.003, "beta": 0.74, "steps": 150, "x0": -1.21, "y0": 0.853, **case}
    path, _ = momentum(p["alpha"], p["beta"], p["steps"], (p["x0"], p["y0"]))
    checked = 0
    for k in (0, 7, 40, 108, 150):
        fig = mpl_frame(d, LEAD + k / d["speed"])
        ax, trail, ball, optimum, arrow = artists(fig)
        x, y = trail.get_data()
        assert np.allclose(optimum.get_data(), [[1.0], [1 / 3]])
        if inside(path[k]):
            assert np.allclose([x[-1], y[-1]], path[k], atol=1e-12), k
            assert np.allclose(np.ravel(ball.get_data()), path[k], atol=1e-12), k
            assert not arrow.get_visible()
            checked += 1
        else:  # drawn at the window's edge, with an arrow pointing the way the run went
            assert np.all(np.array([x[-1], y[-1]]) >= LO - 1e-12) and np.all(np.array([x[-1], y[-1]]) <= HI + 1e-12)
            assert arrow.get_visible()
        texts_inside(fig)
    assert checked >= 3


def test_a_diverging_run_is_drawn_leaving_through_the_edge():
    from scenes.banana.data import LEAD

    _, d = data_for(beta=0.0, alpha=0.006)
    path, _ = momentum(0.006, 0.0)
    ins = np.array([inside(q) for q in path])
    gone = int(np.flatnonzero(ins)[-1]) + 1
    p, q = path[gone - 1], path[gone]
    for k in (gone, gone + 5, 150):
        fig = mpl_frame(d, LEAD + k / d["speed"])
        _, trail, ball, _, arrow = artists(fig)
        x, y = trail.get_data()
        end = np.array([x[-1], y[-1]])
        # On the window's edge, on the segment of the step that left it.
        on_edge = np.isclose(end, LO).any() or np.isclose(end, HI).any()
        assert on_edge and np.all(end >= LO - 1e-9) and np.all(end <= HI + 1e-9)
        u = (end - p) / np.linalg.norm(end - p)
        assert np.allclose(u, (q - p) / np.linalg.norm(q - p), atol=1e-9)
        assert arrow.get_visible()
        a, b = arrow._posA_posB
        assert np.allclose((np.subtract(b, a)) / np.linalg.norm(np.subtract(b, a)), u, atol=1e-9)
        texts_inside(fig)
    assert d["story"]["numbers"]["left_at"] == gone
    edge = d["story"]["numbers"]["left_edge"]
    assert f"through the {edge} edge at step {gone}" in d["story"]["beats"][1]["caption"]


@pytest.mark.parametrize("aspect", ["9:16", "1:1"])
def test_text_stays_in_the_frame_at_other_aspects(aspect):
    from scenes.banana.data import LEAD

    _, d = data_for(beta=0.99)
    fig = mpl_frame(d, LEAD + 100 / d["speed"], aspect)
    texts_inside(fig)


def test_the_page_numbers_and_size():
    from scenes.output.formats import web

    spec = SPEC
    page = web.page_data(spec, resolve(spec.params, {}, "banana"))
    sliders = {s["key"]: s for s in page["sliders"]}
    assert sliders["alpha"]["values"][0] == 0.0 and sliders["alpha"]["values"][-1] == 0.006
    assert sliders["beta"]["values"][0] == 0.0 and sliders["beta"]["values"][-1] == 0.99
    assert page["click"] == {"panel": 0, "x": "x0", "y": "y0"}
    keys = [s["key"] for s in page["sliders"]]
    shape = [len(s["values"]) for s in page["sliders"]]
    for combo in ({"alpha": 0.003, "beta": 0.74, "x0": -1.21, "y0": 0.853},
                  {"alpha": 0.003, "beta": 0.99, "x0": -1.21, "y0": 0.853},
                  {"alpha": 0.006, "beta": 0.0, "x0": -1.21, "y0": 0.853},
                  {"alpha": 0.0, "beta": 0.5, "x0": 1.5, "y0": 0.1}):
        idx = [sliders[k]["values"].index(combo[k]) for k in keys]
        pt = page["points"][int(np.ravel_multi_index(idx, shape))]
        path, losses = momentum(combo["alpha"], combo["beta"], 150, (combo["x0"], combo["y0"]))
        nums = {row[0]: row[1] for row in pt["numbers"]}
        with np.errstate(all="ignore"):
            dist = float(np.linalg.norm(path[-1] - OPT))
        assert nums["distance to the optimum after 150 steps"] == g3(dist)
        assert nums["loss after 150 steps"] == g3(losses[-1])
        series = pt["series"][0]
        k = min(len(series["x"]), 151) - 1
        if inside(path[k]):
            assert series["x"][k] == pytest.approx(path[k][0], rel=2e-3, abs=2e-3)
            assert series["y"][k] == pytest.approx(path[k][1], rel=2e-3, abs=2e-3)
        if combo["alpha"] == 0.006:
            assert "diverges" in pt["title"] and pt["lines"]
    # The page is this data as compact JSON with the player's files around it: within 1.5 MB.
    size = len(json.dumps(page, separators=(",", ":"), ensure_ascii=False).encode())
    size += sum((web.HERE / name).stat().st_size for name in web.FILES)
    assert size <= 1_500_000, size
