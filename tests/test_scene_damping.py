"""The damping scene (Distill figures 9 and 10): every printed number recomputed here with a plain loop of
z <- beta z + lambda (w - w*), w <- w - alpha z and numpy's eig of R (never the code under test), the
words at the parameter points that change them (beta exactly critical among them), and what is drawn: the
portrait's and the error curve's last point on the run's state at that moment, text inside the frame."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from scenes.damping import SPEC
from scenes.kit.params import resolve
from scenes.kit.theme import THEMES

ALPHA, LAM, TOL, HORIZON = 1e-4, 100.0, 0.01, 2000
CRIT = (1 - math.sqrt(ALPHA * LAM)) ** 2


def run(beta, steps=HORIZON):
    """The position error w - w* and the buffer z, from w = 0, z = 0 with w* = 1, by hand."""
    w, z, es, zs = 0.0, 0.0, [-1.0], [0.0]
    for _ in range(steps):
        z = beta * z + LAM * (w - 1.0)
        w = w - ALPHA * z
        es.append(w - 1.0)
        zs.append(z)
    return np.array(es), np.array(zs)


def reach(e):
    """The first step from which |e| <= TOL at every later step; None if the last one is above."""
    k = None
    for j in range(len(e) - 1, -1, -1):
        if abs(e[j]) > TOL:
            break
        k = j
    return k


def rho(beta):
    R = np.array([[beta, LAM], [-ALPHA * beta, 1 - ALPHA * LAM]])
    return float(max(abs(np.linalg.eig(R)[0])))


def passes(e, upto):
    s = np.sign(e[: upto + 1])
    s = s[s != 0]
    return int(np.sum(s[1:] != s[:-1]))


def expected_betas(user):
    betas, slot = [0.97, CRIT, 0.01], None
    if user is not None:
        slot = 1 if abs(user - CRIT) <= 1e-9 else (0 if user > CRIT else 2)
        if slot != 1:
            betas[slot] = user
    return betas, slot


def data_for(**case):
    return SPEC.make_data(resolve(SPEC.params, case, "damping"))


CASES = [None, 0.85, 0.81, CRIT, 0.97, 1.0, 0.0, 0.5, 0.8, 0.83, 0.999, 0.6, 0.7, 0.75, 0.82, 0.9, 0.95]


def names_of(betas):
    return {0: "undamped" if betas[0] >= 1 else "under-damped", 1: "critically damped", 2: "over-damped"}


def test_the_critical_beta_and_both_rates():
    assert CRIT == pytest.approx(0.81, abs=1e-15)
    # At the critical β the eigenvalues of R meet at 1 − √(αλ) = 0.9; gradient descent's rate is 1 − αλ.
    ev = np.linalg.eig(np.array([[CRIT, LAM], [-ALPHA * CRIT, 1 - ALPHA * LAM]]))[0]
    assert np.allclose(ev, 0.9, atol=1e-6)
    n = data_for()["story"]["numbers"]
    assert n["critical_beta"] == pytest.approx(CRIT, abs=1e-15)
    assert n["critical_rate"] == pytest.approx(0.9, abs=1e-15)
    assert n["gd_rate"] == pytest.approx(1 - ALPHA * LAM, abs=1e-15)
    assert n["steps_per_tenfold"][0] == pytest.approx(math.log(10) / -math.log(0.9), rel=1e-12)
    assert n["steps_per_tenfold"][1] == pytest.approx(math.log(10) / -math.log(0.99), rel=1e-12)
    labels = " | ".join(data_for()["story"]["labels"])
    assert "critical: 1 \u2212 \u221a(\u03b1\u03bb) = 0.9" in labels and "1 \u2212 \u03b1\u03bb = 0.99" in labels
    assert "critical 21.9 steps, g.d. 229" in labels


def test_complex_rate_is_sqrt_beta_not_two_sqrt_beta():
    """Erratum E2: for complex eigenvalues of R, |λ| = √(det R) = √β; the article's 2√β exceeds 1."""
    for beta in (0.85, 0.9, 0.97):
        R = np.array([[beta, LAM], [-ALPHA * beta, 1 - ALPHA * LAM]])
        ev = np.linalg.eig(R)[0]
        assert abs(ev[0].imag) > 0 and np.linalg.det(R) == pytest.approx(beta, rel=1e-12)
        assert np.allclose(abs(ev), math.sqrt(beta), rtol=1e-12)
        n = data_for(beta=beta)["story"]["numbers"]
        assert n["rates"][0] == pytest.approx(math.sqrt(beta), rel=1e-9) and n["complex"][0]
        assert f"\u221a\u03b2 = {math.sqrt(beta):.4g}" in " | ".join(data_for(beta=beta)["story"]["labels"])


@pytest.mark.parametrize("user", CASES, ids=lambda v: "defaults" if v is None else f"beta={v:.17g}")
def test_numbers_follow_runs_recomputed_here(user):
    d = data_for() if user is None else data_for(beta=user)
    n, story = d["story"]["numbers"], d["story"]
    betas, slot = expected_betas(user)
    assert n["betas"] == pytest.approx(betas, abs=1e-15) and n["user_panel"] == slot
    runs = [run(b) for b in betas]
    reaches = [reach(e) for e, _ in runs]
    assert n["reach"] == reaches
    assert n["rates"] == pytest.approx([rho(b) for b in betas], rel=1e-9)
    gd = reach(run(0.0)[0])
    assert n["gd_reach"] == gd
    done = [k for k in reaches if k is not None]
    first = [i for i, k in enumerate(reaches) if done and k == min(done)]
    assert n["first"] == first
    shown = n["steps_shown"]
    top = max(done)
    assert shown == min(max(math.ceil(1.1 * top / 50) * 50, 100), 1000)
    assert n["crossings"] == [passes(e, shown if k is None else k) for (e, _), k in zip(runs, reaches)]
    assert n["final_errors"] == pytest.approx([e[shown] for e, _ in runs], rel=1e-9, abs=1e-15)
    # The words name the first run to settle and its step; every run's step is printed in the column. The
    # title speaks of settling, not of reaching w*: a run that passes the optimum reaches it long before.
    title = story["title"]
    assert f"step {reaches[first[0]]}" in title
    assert "settle" in title and "optimum" not in title and "reach" not in title
    assert (len(first) > 1) == ("together" in title) and (len(first) == 1) == ("settles first" in title)
    if first == [1]:
        assert title.startswith("Critical damping")
    else:
        assert "critical" in title and str(reaches[1]) in title
        if len(first) == 1:
            assert title.lower().startswith(names_of(betas)[first[0]])
    labels = story["labels"]
    names = names_of(betas)
    for i, k in enumerate(reaches):
        assert f"{names[i]}: " + (f"step {k}" if k is not None else f"not by step {HORIZON}") in labels
    assert f"grad. descent: step {gd}" in labels
    if slot is not None:
        assert f"your \u03b2 = {betas[slot]:.4g}" in labels
    caption = story["beats"][1]["caption"]
    for i, k in enumerate(reaches):
        if k is not None:
            assert f"settles at step {k}" in caption
    no_hyphen_minus(story)
    json.dumps(story, allow_nan=False)


def test_the_words_follow_the_outcome():
    titles = {b: (data_for() if b is None else data_for(beta=b))["story"]["title"]
              for b in (None, 0.85, 1.0, 0.81)}
    assert titles[None] == "Critical damping \u03b2 = 0.81 settles first, at step 63"
    assert titles[0.81] == titles[None]  # β exactly critical: the critical run is the reader's
    assert titles[0.85] == "Under-damped \u03b2 = 0.85 settles first: step 62, critical 63"
    assert reach(run(0.85)[0]) == 62 and reach(run(CRIT)[0]) == 63
    # Why not "reaches the optimum first": at the defaults the under-damped run is past w* long before
    # critical damping settles.
    e = run(0.97)[0]
    assert int(np.argmax(e > 0)) < reach(run(CRIT)[0])
    d = data_for(beta=1.0)
    assert "never settles" in d["story"]["beats"][1]["caption"] and "undamped" in d["story"]["labels"]
    assert reach(run(1.0)[0]) is None
    for e in SPEC.examples:
        assert data_for(**e)["story"]["beats"] != data_for()["story"]["beats"]


def mpl_frame(d, t, aspect=None):
    from scenes.kit import layout
    from scenes.kit.mpl import draw, make_figure

    canvas = layout.Canvas(aspect or "16:9", SPEC.flow)
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


def moving_lines(ax):
    return [ln for ln in ax.get_lines() if ln.get_animated() and ln.get_linestyle() == "-"
            and ln.get_marker() in (None, "None", "")]


@pytest.mark.parametrize("user", [None, 0.85, 0.81, CRIT, 1.0, 0.0])
def test_the_drawn_portraits_end_on_the_runs(user):
    d = data_for() if user is None else data_for(beta=user)
    LEAD = d["story"]["beats"][0]["end"]
    betas, _ = expected_betas(user)
    runs = [run(b) for b in betas]
    for k in (0, 1, 20, 63, d["steps"]):
        fig = mpl_frame(d, LEAD + k / d["speed"])
        axes = fig.axes
        for i in range(3):
            e, z = runs[i]
            (trail,) = moving_lines(axes[i])
            x, y = trail.get_data()
            assert x[-1] == pytest.approx(-z[k], rel=1e-9, abs=1e-9) and y[-1] == pytest.approx(e[k], rel=1e-9, abs=1e-12)
            lo, hi = axes[i].get_xlim()
            assert lo <= -z[k] <= hi and axes[i].get_ylim()[0] <= e[k] <= axes[i].get_ylim()[1]
        curves = moving_lines(axes[3])[-3:]  # after the zero line
        for i, c in enumerate(curves):
            x, y = c.get_data()
            assert x[-1] == pytest.approx(k) and y[-1] == pytest.approx(runs[i][0][k], rel=1e-9, abs=1e-12)
        texts_inside(fig)


@pytest.mark.parametrize("aspect", ["9:16", "1:1", "4:3"])
def test_text_stays_in_the_frame_at_other_aspects(aspect):
    from scenes.damping.data import duration

    d = data_for(beta=0.85)
    texts_inside(mpl_frame(d, duration(d), aspect))


def test_the_page_numbers_and_size():
    from scenes.output.formats import web

    page = web.page_data(SPEC, resolve(SPEC.params, {}, "damping"))
    values = page["sliders"][0]["values"]
    assert values[page["sliders"][0]["index"]] == pytest.approx(CRIT)
    for beta in (0.0, 0.5, 0.81, 0.85, 0.97, 1.0):
        pt = page["points"][values.index(beta)]
        nums = {row[0]: row[1] for row in pt["numbers"]}
        k = reach(run(beta)[0])
        assert nums["your \u03b2: within 0.01 from"] == (f"step {k}" if k is not None else f"never within {HORIZON} steps")
        assert nums["critical: within 0.01 from"] == f"step {reach(run(CRIT)[0])}"
        assert nums["gradient descent: within 0.01 from"] == f"step {reach(run(0.0)[0])}"
        assert any(r[1] == f"{rho(beta):.4g}" for r in pt["numbers"])
        # The verdict speaks of all three runs, so the page draws all three (portrait, then error curve),
        # the reader's in the place of its kind.
        assert all(f"settles at step {reach(run(b)[0])}" in pt["verdict"] for b in expected_betas(beta)[0]
                   if reach(run(b)[0]) is not None)
        assert len(pt["series"]) == 6
        for i, b in enumerate(expected_betas(beta)[0]):
            e, z = run(b)
            portrait, curve = pt["series"][2 * i: 2 * i + 2]
            assert portrait["panel"] == 0 and curve["panel"] == 1 and portrait["color"] == curve["color"]
            for k in (1, 40, 300):
                assert portrait["x"][k] == pytest.approx(-z[k], rel=1e-3, abs=1e-3)
                assert portrait["y"][k] == pytest.approx(e[k], rel=1e-3, abs=1e-4)
                assert curve["x"][k] == k and curve["y"][k] == pytest.approx(e[k], rel=1e-3, abs=1e-4)
    legend = [c for _, c in page["legend"]]
    assert len(legend) == 3 and legend == [pt["series"][2 * i]["color"] for i in range(3)]
    size = len(json.dumps(page, separators=(",", ":"), ensure_ascii=False).encode())
    size += sum((web.HERE / name).stat().st_size for name in web.FILES)
    assert size <= 1_500_000, size


# ------------------------------------------------------------- part=grid: Distill figure 9, 6 x 4 portraits

GRID_B = (1.0, 0.985, 0.95, 0.9, 0.85, 0.8)
GRID_L = (0.0, 0.02, 0.1, 0.25)
G_ALPHA, G_STEPS, W0, Z0, REST = 0.02, 250, 0.92, 1.0, 0.01


def grid_run(beta, lam):
    """Position w and buffer z from w = 0.92, z = 1, by hand (the optimum is w* = 0)."""
    w, z, ws, zs = W0, Z0, [W0], [Z0]
    for _ in range(G_STEPS):
        z = beta * z + lam * w
        w = w - G_ALPHA * z
        ws.append(w)
        zs.append(z)
    return np.array(ws), np.array(zs)


def rest_step(ws, zs, lam):
    """The first step from which |z| <= 0.01 (and |w| <= 0.01 where a force pulls) through the last."""
    k = None
    for j in range(len(ws) - 1, -1, -1):
        if abs(zs[j]) > REST or (lam > 0 and abs(ws[j]) > REST):
            break
        k = j
    return k


@pytest.fixture(scope="module")
def grid_data():
    return data_for(part="grid")


def test_the_grid_numbers_and_words_are_the_runs(grid_data):
    n, story = grid_data["story"]["numbers"], grid_data["story"]
    assert n["betas"] == list(GRID_B) and n["lambdas"] == list(GRID_L) and n["alpha"] == G_ALPHA
    rests, final_w, final_v = [], [], []
    for b in GRID_B:
        row = [grid_run(b, lam) for lam in GRID_L]
        rests.append([rest_step(w, z, lam) for (w, z), lam in zip(row, GRID_L)])
        final_w.append([w[-1] for w, _ in row])
        final_v.append([-z[-1] for _, z in row])
    assert n["rest_step"] == rests
    np.testing.assert_allclose(n["final_w"], final_w, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(n["final_velocity"], final_v, rtol=1e-12, atol=1e-15)
    rested = sum(k is not None for row in rests for k in row)
    assert n["rested"] == rested and story["title"] == f"Damping brings {rested} of 24 runs to rest within 250 steps"
    # No force, no damping: constant velocity -1, so w moves by alpha each step; damped, the coast is a
    # geometric sum: w0 - alpha z0 (1 - beta^k) / (1 - beta).
    assert final_w[0][0] == pytest.approx(W0 - G_ALPHA * G_STEPS * Z0, rel=1e-12) and final_v[0][0] == -1.0
    for i, b in enumerate(GRID_B[1:], 1):
        assert final_w[i][0] == pytest.approx(W0 - G_ALPHA * Z0 * b * (1 - b ** G_STEPS) / (1 - b), rel=1e-9)
    for j, lam in enumerate(GRID_L):
        runs = [grid_run(b, lam) for b in GRID_B]
        assert n["w_limits"][j] == pytest.approx(1.08 * max(np.max(np.abs(w)) for w, _ in runs), rel=1e-12)
        assert n["velocity_limits"][j] == pytest.approx(1.08 * max(np.max(np.abs(z)) for _, z in runs), rel=1e-12)
        assert f"w \u00b1{n['w_limits'][j]:.3g}  \u2212z \u00b1{n['velocity_limits'][j]:.3g}" in story["labels"]
    # The words: how many stop with no force, and the first to settle with one.
    free = sum(rests[i][0] is not None for i in range(6))
    assert f"{free} of 6 stop moving" in story["beats"][1]["caption"]
    pulled = [(rests[i][j], i, j) for i in range(6) for j in range(1, 4) if rests[i][j] is not None]
    k, i, j = min(pulled)
    verdict = story["beats"][2]["caption"]
    assert f"{len(pulled)} of 18 settle" in verdict and f"\u03b2 = {GRID_B[i]:g}, \u03bb = {GRID_L[j]:g}, at step {k}" in verdict
    assert rests[0][1:] == [None, None, None], "undamped, a force makes it circle for ever"
    # Minus signs are minus signs: the start's velocity and where an undamped coast ends.
    assert f"velocity \u2212{Z0:g}" in story["beats"][0]["caption"]
    assert f"\u03b2 = 1 is at w = \u2212{-final_w[0][0]:.3g}" in story["beats"][1]["caption"]
    no_hyphen_minus(story)


def no_hyphen_minus(story):
    """No ASCII hyphen used as a minus sign (before a digit, not inside a word) in any caption or label."""
    import re

    for text in [b["caption"] for b in story["beats"]] + list(story["labels"]) + [story["title"]]:
        assert not re.search(r"(?<![\w])-\s?\d", text), text


def test_the_grid_refuses_a_beta():
    from scenes.kit.params import ParamError

    with pytest.raises(ParamError, match="beta applies to part=critical only"):
        data_for(part="grid", beta=0.9)


def grid_cells(fig):
    return [ax for ax in fig.axes if len([ln for ln in ax.get_lines() if ln.get_animated()]) == 2]


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_the_grid_draws_every_run_in_its_cell(grid_data, aspect):
    from scenes.damping.data import duration
    from scenes.output.frames.layout_check import mpl_boxes, problems
    from scenes.kit import layout

    for t, k in ((grid_data["lead"] + 40 / grid_data["speed"], 40), (duration(grid_data), G_STEPS)):
        fig = mpl_frame(grid_data, t, aspect)
        cells = grid_cells(fig)
        assert len(cells) == 24
        W, H = fig.canvas.get_width_height()
        for n_cell, ax in enumerate(cells):
            i, j = divmod(n_cell, 4)
            w, z = grid_run(GRID_B[i], GRID_L[j])
            trail, ball = [ln for ln in ax.get_lines() if ln.get_animated()]
            x, y = trail.get_data()
            assert x[-1] == pytest.approx(-z[k], rel=1e-9, abs=1e-12) and y[-1] == pytest.approx(w[k], rel=1e-9, abs=1e-12)
            assert ax.get_xlim()[1] >= np.max(np.abs(z)) and ax.get_ylim()[1] >= np.max(np.abs(w))
            box = ax.get_window_extent()
            assert box.x0 >= 0 and box.x1 <= W and box.y0 >= 0 and box.y1 <= H
        texts_inside(fig)
    # Wide: beta across (cell (0, 1) below cell (0, 0)); tall: lambda across (cell (0, 1) right of it).
    a, b = cells[0].get_position(), cells[1].get_position()
    assert (b.x0 > a.x1) == (aspect == "9:16") and (b.y1 < a.y0) == (aspect == "16:9")
    canvas = layout.Canvas(aspect, SPEC.flow)
    w, h = canvas.pixels(480)
    for t, boxes in mpl_boxes(SPEC.draw_mpl, grid_data, THEMES["dark"], w, h, [duration(grid_data)], canvas=canvas):
        assert problems(boxes, w, h) == []


@pytest.mark.parametrize("case", [{}, {"part": "grid"}, {"beta": 0.85}, {"beta": 1.0}, {"beta": 0.5}, {"beta": 0.0}])
def test_each_beat_can_be_read_at_20_characters_a_second(case):
    from scenes.damping.data import duration

    d = data_for(**case)
    beats = d["story"]["beats"]
    assert beats[-1]["end"] == pytest.approx(duration(d), abs=1e-3)
    for beat in beats:
        seconds = beat["end"] - beat["start"]
        assert seconds >= 1.0 and len(" ".join(beat["caption"].split())) / seconds <= 20.2, (case, beat)
