"""The colorize scene (Distill figure 14): the spectrum of a Laplacian built here (numpy's eigh), every
printed number recomputed here (numpy's eig of each 2×2 R for the bars, plain heavy-ball loops on the full
1,120-pixel problem and 2×2 matrix powers for the pixels), the words across parameter points, what the
frames draw (pixels, bars greyed once passed, the counter), stills in both backends, the layout at 16:9
and 9:16, and the page (each bar shows its own eigenvector; its pad lists only convergent points)."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from scenes.colorize import SPEC
from scenes.kit.params import ParamError, resolve
from scenes.kit.theme import THEMES

BARS = list(range(50)) + list(range(59, 1120, 20))
STOPS = ((0.0, "#d7191c"), (25.0, "#fdae61"), (50.0, "#ffffbf"), (75.0, "#abd9e9"), (100.0, "#2c7bb6"))


def mask_here():
    m = np.zeros((16, 112), dtype=bool)
    for r in range(16):
        for c in range(112):
            m[r, c] = (c % 32) < 16 or r in (7, 8)
    return m


@pytest.fixture(scope="module")
def problem():
    m = mask_here()
    coords = [(r, c) for r in range(16) for c in range(112) if m[r, c]]
    index = {rc: i for i, rc in enumerate(coords)}
    n = len(coords)
    L = np.zeros((n, n))
    for (r, c), i in index.items():
        for dr, dc in ((0, 1), (1, 0), (0, -1), (-1, 0)):
            j = index.get((r + dr, c + dc))
            if j is not None:
                L[i, j] = -1.0
                L[i, i] += 1.0
    seeds = [index[(7, 0)], index[(8, 0)]]
    b = np.zeros(n)
    for s in seeds:
        L[s, s] += 0.1
        b[s] = 10.0
    lam, Q = np.linalg.eigh(L)
    return {"mask": m, "L": L, "b": b, "lam": lam, "Q": Q, "n": n}


def optimum(lam):
    l1, ln = lam[0], lam[-1]
    return (2 / (math.sqrt(l1) + math.sqrt(ln))) ** 2, ((math.sqrt(ln) - math.sqrt(l1)) / (math.sqrt(ln) + math.sqrt(l1))) ** 2


def rho(alpha, beta, lam):
    R = np.zeros((len(lam), 2, 2))
    R[:, 0, 0], R[:, 0, 1], R[:, 1, 0], R[:, 1, 1] = beta, lam, -alpha * beta, 1 - alpha * lam
    return np.max(np.abs(np.linalg.eigvals(R)), axis=1)


def steps_for(r):
    """Whole steps until rᵏ ≤ 10⁻³; a component that one step zeroes (r = 0) still takes that step."""
    with np.errstate(divide="ignore"):
        return np.where(r >= 1, np.inf, np.maximum(1.0, np.ceil(np.log(1e-3) / np.log(r))))


def expected_title(g, m, gd_al, m_al, beta):
    """The title for whole steps g (gradient descent at αλₙ = gd_al) and m (the other run, at m_al and β):
    a run with β = 0 is gradient descent, and two runs of it are told apart by αλₙ."""
    if beta > 0:
        if m <= g:
            return f"Momentum converges in {m:,} steps, gradient descent in {g:,}"
        return f"Gradient descent converges in {g:,} steps, momentum in {m:,}"
    if f"{gd_al:.3g}" == f"{m_al:.3g}":
        return f"Both runs are gradient descent at \u03b1\u03bb\u2099 = {gd_al:.3g}: {g:,} steps"
    (a, ka), (b, kb) = sorted([(g, gd_al), (m, m_al)], key=lambda p: p[0])
    return (f"Gradient descent converges in {a:,} steps at \u03b1\u03bb\u2099 = {ka:.3g}, "
            f"in {b:,} at \u03b1\u03bb\u2099 = {kb:.3g}")


def pixels_at(P, alpha, beta, ks):
    """wᵏ from w⁰ = 0, z⁰ = 0 by 2×2 matrix powers per eigencomponent: (z, w − w*) ← R (z, w − w*)."""
    lam, Q = P["lam"], P["Q"]
    w_star = np.linalg.solve(P["L"], P["b"])
    e0 = -(Q.T @ w_star)
    out = []
    for k in ks:
        R = np.zeros((len(lam), 2, 2))
        R[:, 0, 0], R[:, 0, 1], R[:, 1, 0], R[:, 1, 1] = beta, lam, -alpha * beta, 1 - alpha * lam
        Rk = np.linalg.matrix_power(R, int(k))
        out.append(w_star + Q @ (Rk[:, 1, 1] * e0))
    return np.array(out)


def loop(P, alpha, beta, k):
    """The heavy ball z ← βz + (Lw − b), w ← w − αz on all 1,120 pixels, k steps."""
    w, z = np.zeros(P["n"]), np.zeros(P["n"])
    for _ in range(k):
        z = beta * z + (P["L"] @ w - P["b"])
        w = w - alpha * z
    return w


def data_for(**case):
    return SPEC.make_data(resolve(SPEC.params, case, "colorize"))


@pytest.fixture(scope="module")
def default():
    return data_for()


def test_the_spectrum(problem, default):
    lam = problem["lam"]
    assert problem["n"] == 1120
    assert lam[0] == pytest.approx(5.11e-5, rel=2e-3) and lam[-1] == pytest.approx(7.924, rel=1e-4)
    assert lam[-1] / lam[0] == pytest.approx(1.55e5, rel=3e-3)
    n = default["story"]["numbers"]
    assert n["lam_min"] == pytest.approx(lam[0], rel=1e-9) and n["lam_max"] == pytest.approx(lam[-1], rel=1e-12)
    assert n["kappa"] == pytest.approx(lam[-1] / lam[0], rel=1e-9) and n["n"] == 1120
    assert np.allclose(np.linalg.solve(problem["L"], problem["b"]), 100.0) and n["w_star"] == pytest.approx(100.0)
    assert "\u03bb\u2081 = 5.11\u00b710\u207b\u2075   \u03bb\u2099 = 7.924   \u03ba = 1.55\u00b710\u2075" in default["story"]["labels"]


CASES = [{}, {"alpha_lambda": 3.0, "beta": 0.9}, {"alpha_lambda": 1.0, "beta": 0.0}, {"alpha_lambda": 0.5}, {"alpha_lambda": 3.0, "beta": 0.6}]


def expected_setting(lam, case):
    a0, b0 = optimum(lam)
    alpha = a0 if case.get("alpha_lambda") is None else case["alpha_lambda"] / lam[-1]
    beta = b0 if case.get("beta") is None else case["beta"]
    return alpha, beta


@pytest.mark.parametrize("case", CASES, ids=lambda c: ",".join(f"{k}={v}" for k, v in c.items()) or "defaults")
def test_numbers_and_words_are_recomputed_here(problem, default, case):
    d = default if not case else data_for(**case)
    n, story = d["story"]["numbers"], d["story"]
    lam = problem["lam"]
    alpha, beta = expected_setting(lam, case)
    gd_alpha = 1.9 / lam[-1]
    runs = {"gd": (gd_alpha, 0.0, steps_for(np.abs(1 - gd_alpha * lam))),
            "momentum": (alpha, beta, steps_for(rho(alpha, beta, lam)))}
    for key, (a, b, steps) in runs.items():
        got = n[key]
        assert got["alpha"] == pytest.approx(a, rel=1e-9) and got["beta"] == pytest.approx(b, rel=1e-9, abs=1e-15)
        assert got["converged_steps"] == pytest.approx(steps.max(), abs=1)
        assert got["fastest_steps"] == pytest.approx(steps.min(), abs=1)
        assert np.allclose(got["bar_steps"], steps[BARS], atol=1)
    g, m = n["gd"]["converged_steps"], n["momentum"]["converged_steps"]
    # The words follow whichever run converges first.
    assert story["title"] == expected_title(int(runs["gd"][2].max()), int(runs["momentum"][2].max()), 1.9,
                                            alpha * lam[-1], beta)
    gd_name = "gradient descent" if beta > 0 else f"gradient descent at \u03b1\u03bb\u2099 = 1.9"
    assert f"{gd_name}: step {g:,}" in story["labels"]
    # The last step drawn: the article's 219,695, or the next power of ten past the slower run.
    last = max(219_695, 10 ** math.ceil(math.log10(max(g, m))))
    assert n["last"] == min(last, 10_000_000) and n["steps"][-1] == n["last"]
    # The lowest pixel at drawn steps: a plain loop for the early ones, 2×2 matrix powers for the rest.
    ks = n["steps"]
    early = [j for j, k in enumerate(ks) if k <= 60]
    for key, (a, b, _) in runs.items():
        for j in early[::3]:
            assert n[key]["lowest"][j] == pytest.approx(loop(problem, a, b, ks[j]).min(), abs=1e-6)
        late = [len(ks) // 2, len(ks) - 1]
        w = pixels_at(problem, a, b, [ks[j] for j in late])
        for j, row in zip(late, w):
            assert n[key]["lowest"][j] == pytest.approx(row.min(), abs=1e-5)
            assert f"lowest pixel {round(row.min(), 1) + 0.0:.1f}" in story["labels"]
    last_low = pixels_at(problem, gd_alpha, 0.0, [ks[-1]])[0].min()
    assert (f"the lowest pixel is at {round(last_low, 1) + 0.0:.1f} of 100 under {gd_name}"
            in story["beats"][1]["caption"])
    json.dumps(story, allow_nan=False)


def test_momentum_is_the_faster_at_the_optimum_and_not_everywhere(problem, default):
    titles = {json.dumps(c): (default if not c else data_for(**c))["story"]["title"] for c in CASES}
    assert titles["{}"].startswith("Momentum converges in 1,361 steps")
    lam = problem["lam"]
    off = {"alpha_lambda": 1.0, "beta": 0.0}  # "momentum" with β = 0 at a smaller step than gradient descent's
    slow = steps_for(rho(*expected_setting(lam, off), lam)).max()
    assert slow > steps_for(np.abs(1 - 1.9 / lam[-1] * lam)).max()
    assert titles[json.dumps(off)].startswith("Gradient descent converges in 563,884 steps at")
    for e in SPEC.examples:
        assert data_for(**e)["story"]["title"] != titles["{}"]


SWEEP = [(al, b) for b in (0.0, 1e-4, 0.3, 0.9, 0.9899, 0.9999) for al in (0.01, 0.5, 1.0, 1.9, 2.5, 3.98)
         if al < 2 + 2 * b] + [(1.0, None), (None, 0.995), (None, 0.9999), (1.9 * 0.9999, 0.0)]


@pytest.mark.parametrize("al,beta", SWEEP)
def test_the_words_are_true_of_every_setting(problem, al, beta):
    """Across the settings: every step count printed is at least 1 and is the one computed here from each
    2×2 R's eigenvalues; a run with β = 0 is never called momentum; the title names the faster run first."""
    case = {k: v for k, v in (("alpha_lambda", al), ("beta", beta)) if v is not None}
    d = data_for(**case)
    lam = problem["lam"]
    alpha, b = expected_setting(lam, case)
    steps = {"gd": steps_for(np.abs(1 - 1.9 / lam[-1] * lam)), "momentum": steps_for(rho(alpha, b, lam))}
    n, t = d["story"]["numbers"], d["texts"]
    for key, st in steps.items():
        assert n[key]["fastest_steps"] == st.min() >= 1 and n[key]["converged_steps"] == st.max()
        assert min(n[key]["bar_steps"]) >= 1
    words = [d["story"]["title"], *d["story"]["labels"], *(bt["caption"] for bt in d["story"]["beats"])]
    said = [d["story"]["title"], *t["verdict"], *(bt["caption"] for bt in d["story"]["beats"])]  # not the counter
    assert not any(" 0 steps" in w or " 0 to " in w or w.endswith("step 0") for w in said)
    if b == 0:
        assert not any("momentum" in w.lower() for w in words), [w for w in words if "momentum" in w.lower()]
        assert t["momentum_head"].startswith("gradient descent, ") and "\u03b2" not in t["momentum_head"]
    else:
        assert t["momentum_head"].startswith("optimal momentum, " if not case else "momentum, ")
        assert f"\u03b2 = {b:.4g}" in t["momentum_head"]
    g, m = int(steps["gd"].max()), int(steps["momentum"].max())
    assert d["story"]["title"] == expected_title(g, m, 1.9, alpha * lam[-1], b)
    if not d["story"]["title"].startswith("Both runs"):
        assert d["story"]["title"].split(" converges in ")[1].split(" ")[0] == f"{min(g, m):,}"
    # The verdict and the bar panels name the runs as the title does.
    assert t["verdict"][1:] == [f"{t['gd_bars']}: step {g:,}", f"{t['momentum_bars']}: step {m:,}"]
    assert t["gd_bars"] != t["momentum_bars"] or f"{alpha * lam[-1]:.3g}" == "1.9"


@pytest.mark.parametrize("case", [{"alpha_lambda": 4.0}, {"beta": 0.0}, {"alpha_lambda": 2.0, "beta": 0.0}])
def test_a_diverging_setting_is_one_line(case):
    with pytest.raises(ParamError) as err:
        data_for(**case)
    assert "\n" not in str(err.value) and "2 + 2*beta" in str(err.value)


def colour_here(v):
    xs = [s[0] for s in STOPS]
    rgb = np.array([[int(c[k:k + 2], 16) / 255 for k in (1, 3, 5)] for _, c in STOPS])
    return np.stack([np.interp(np.clip(v, 0, 100), xs, rgb[:, ch]) for ch in range(3)], axis=-1)


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


def test_the_frames_draw_what_the_numbers_say(problem, default):
    from matplotlib.colors import to_hex

    d = default
    run = d["story"]["beats"][1]
    ks = d["story"]["numbers"]["steps"]
    lam = problem["lam"]
    alpha, beta = optimum(lam)
    gd_alpha = 1.9 / lam[-1]
    m = problem["mask"]
    for f in (0.0, 0.5, 1.0):
        t = run["start"] + f * (run["end"] - 0.6 - run["start"])
        j = int(round(f * (len(ks) - 1)))
        fig = mpl_frame(d, t)
        texts = [tx.get_text() for tx in fig.texts if tx.get_visible()]
        assert f"step {ks[j]:,}" in texts
        imgs = [im for ax in fig.axes for im in ax.get_images() if np.asarray(im.get_array()).shape[:2] == (16, 112)]
        assert len(imgs) == 2
        for im, (a, b) in zip(imgs, ((gd_alpha, 0.0), (alpha, beta))):
            arr = np.asarray(im.get_array())
            assert arr.shape == (16, 112, 4)
            assert np.array_equal(arr[..., 3] > 0, m)
            want = colour_here(pixels_at(problem, a, b, [ks[j]])[0])
            assert np.allclose(arr[..., :3][m], want, atol=1e-6)
            low = pixels_at(problem, a, b, [ks[j]])[0].min()
            assert f"lowest pixel {round(low, 1) + 0.0:.1f}" in texts
        # Bars: one per chosen eigenvector, as tall as log10 of its steps; grey once the step passes it.
        colls = [c for ax in fig.axes for c in ax.collections if len(c.get_segments()) == len(BARS)]
        assert len(colls) == 2
        for coll, (a, b) in zip(colls, ((gd_alpha, 0.0), (alpha, beta))):
            steps = steps_for(rho(a, b, lam) if b else np.abs(1 - a * lam))[BARS]
            segs = coll.get_segments()
            assert len(segs) == len(BARS)
            assert np.allclose([s[1][1] for s in segs], np.log10(np.maximum(steps, 1)), atol=2e-3)
            assert np.allclose([s[0][0] for s in segs], np.log10(np.array(BARS) + 1.0))
            muted = to_hex(THEMES["dark"].muted)
            greyed = [to_hex(c) == muted for c in coll.get_colors()]
            assert greyed == [bool(v <= ks[j] + 1e-9) for v in steps] or \
                sum(g != bool(v <= ks[j]) for g, v in zip(greyed, steps)) <= 1  # a bar exactly at k
        import matplotlib.pyplot as plt
        plt.close(fig)


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_layout_check_in_both_backends(default, aspect, tmp_path):
    from scenes.kit.layout import Canvas
    from scenes.output.frames.layout_check import manim_boxes, mpl_boxes, problems

    d = default
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

    out = render(RenderRequest(scene="colorize", backend=backend, fmt="png", quality="low", at="run",
                               out=str(tmp_path / "c.png"), cache_dir=str(tmp_path / "cache"), progress=False))
    img = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert img.shape[:2] == (480, 854)
    assert_not_blank(img)
    blue = np.array([0x2c, 0x7b, 0xb6])
    assert (np.abs(img - blue).sum(axis=2) < 25).sum() > 2000  # momentum's pixels have reached 100


def test_the_page(problem):
    from scenes.output.formats import web

    page = web.page_data(SPEC, resolve(SPEC.params, {}, "colorize"))
    size = len(json.dumps(page, separators=(",", ":"), ensure_ascii=False).encode())
    assert size <= 1_500_000, size
    lam, Q, m = problem["lam"], problem["Q"], problem["mask"]
    sl = {s["key"]: s for s in page["sliders"]}
    from scenes.kit.grid_web import combos
    grid = combos(page["sliders"])

    def point(run, k, bar):
        return page["points"][next(n for n, g in enumerate(grid) if (g["run"], g["k"], g["bar"]) == (run, k, bar))]

    # The pad lists only convergent points, each naming its run; the run's numbers say the same α·λₙ and β.
    runs = sl["run"]["values"]
    assert len(page["pad"]["points"]) == len(runs)
    for x, y, values in page["pad"]["points"]:
        assert 0 < x < 2 + 2 * y and values["run"] in runs
        rows = {r[0]: r[2] for r in point(values["run"], 1000.0, 1.0)["numbers"]}
        assert rows["\u03b1\u03bb\u2099"] == pytest.approx(x) and rows["\u03b2"] == pytest.approx(y)
    a_opt, b_opt = optimum(lam)
    opt = page["presets"][0]
    assert opt["label"] == "optimal" and sl["run"]["values"][sl["run"]["index"]] == opt["values"]["run"]
    rows = {r[0]: r[2] for r in point(opt["values"]["run"], 1000.0, 1.0)["numbers"]}
    assert rows["\u03b1\u03bb\u2099"] == pytest.approx(a_opt * lam[-1]) and rows["\u03b2"] == pytest.approx(b_opt)
    gd_run = page["presets"][1]["values"]["run"]
    assert page["click"] == {"panel": 1, "x": "bar", "y": "k"}
    bars = (1, 2, 3, 5, 10, 50, 200, 1120)
    for want in ({"k": 1000.0, "bar": 6.0}, {"k": 100000.0, "bar": 5.0}, {"k": 10.0, "bar": 2.0}):
        pt = point(gd_run, want["k"], want["bar"])
        rows = {r[0]: r[1] for r in pt["numbers"]}
        k, e = int(want["k"]), bars[int(want["bar"]) - 1]
        low = pixels_at(problem, 1.9 / lam[-1], 0.0, [k])[0].min()
        assert rows["lowest pixel at step k"] == f"{round(low, 1) + 0.0:.1f}" and rows["step k"] == f"{k:,}"
        si = steps_for(np.abs(1 - 1.9 / lam[-1] * lam))[e - 1]
        assert rows[f"eigenvector {e}: cut 1000-fold by step"] == f"{int(si):,}"
        # The bar's own eigenvector: pixels drawn in one colour lie in one band of its values (a band is
        # 2/9 of the range −1..1 of v/max|v|); another eigenvector's values scatter across the colours.
        lines = [page["shared"][j] if isinstance(j, int) else j for j in pt["lines"]]
        lower = [ln for ln in lines if ln.get("panel") == 0 and ln["y"] and ln["y"][0] is not None and ln["y"][0] <= 15]
        cells = []
        for ln in lower:
            for n in range(0, len(ln["x"]), 3):
                r = int(round(15 - ln["y"][n]))
                cells += [(ln["color"], r, c) for c in range(int(ln["x"][n]), int(ln["x"][n + 1]))]
        assert len(cells) == 1120 and len({c for c, _, _ in cells}) >= 3

        def spread(vec):
            img = np.full(m.shape, np.nan)
            img[m] = vec / np.max(np.abs(vec))
            groups = {}
            for colour, r, c in cells:
                groups.setdefault(colour, []).append(img[r, c])
            return max(max(g) - min(g) for g in groups.values())

        assert spread(Q[:, e - 1]) <= 2 / 9 + 1e-6
        assert spread(Q[:, e]) > 2 / 9 and spread(Q[:, 20 * int(want["bar"]) - 1]) > 2 / 9
