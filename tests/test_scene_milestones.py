"""The milestones scene: every printed number recomputed here with plain loops and numpy's eig of R (never
the scene's code), the words at the parameter points where they change (a tie, a component still above
0.01, the stability boundary, divergence), and what the matplotlib figure draws: bar heights, lane ends,
marks and arrowheads where the numbers say."""
from __future__ import annotations

import numpy as np
import pytest

import scenes
from scenes.kit.params import ParamError, resolve

LAM = np.array([0.01, 0.1, 1.0])
STEPS, THRESHOLD = 150, 0.01

CASES = [
    {},                                                       # optimal momentum
    {"run": "gd"},                                            # best gradient descent: λ₁ and λₙ tie
    {"run": "custom", "alpha_lambda": 1.0, "beta": 0.0},      # λ₁ still above 0.01 at the end
    {"run": "custom", "alpha_lambda": 3.0, "beta": 0.5},      # on the boundary: oscillates forever
    {"run": "custom", "alpha_lambda": 3.9, "beta": 0.9},      # diverges
    {"run": "custom", "alpha_lambda": 0.5, "beta": 0.9},
    {"run": "custom", "alpha_lambda": 0.01, "beta": 0.0},     # the lower bounds
    {"run": "custom", "alpha_lambda": 4.0, "beta": 0.99},     # the upper bounds: diverges
    {"run": "custom", "alpha_lambda": 2.0, "beta": 0.0},      # gradient descent's boundary
    {"run": "custom", "beta": 0.3},                           # αλₙ left to its default
]


def spec():
    return scenes.get("milestones")


def data_for(case):
    s = spec()
    return s.make_data(resolve(s.params, case, s.name))


def expected_setting(case):
    run = case.get("run", "momentum")
    kappa = LAM.max() / LAM.min()
    if run == "gd":
        return 2.0 / (LAM.min() + LAM.max()), 0.0
    a_opt = (2.0 / (np.sqrt(LAM.min()) + np.sqrt(LAM.max()))) ** 2
    b_opt = ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2
    if run == "momentum":
        return a_opt, b_opt
    return case.get("alpha_lambda", a_opt * LAM.max()) / LAM.max(), case.get("beta", b_opt)


def losses_by_loop(alpha, beta):
    """½λᵢxᵢ² at k = 0..150, from xᵢ⁰ = 1/√λᵢ, z⁰ = 0, by z ← βz + ∇f, w ← w − αz, one component at a time."""
    out = np.zeros((STEPS + 1, 3))
    for i, lam in enumerate(LAM):
        x, z = 1.0 / np.sqrt(lam), 0.0
        out[0, i] = 0.5 * lam * x * x
        for k in range(1, STEPS + 1):
            z = beta * z + lam * x
            x = x - alpha * z
            out[k, i] = 0.5 * lam * x * x
    return out


def rho(alpha, beta):
    return max(max(abs(np.linalg.eigvals(np.array([[beta, lam], [-alpha * beta, 1 - alpha * lam]]))))
               for lam in LAM)


def last_above(col):
    above = [k for k, v in enumerate(col) if v > THRESHOLD]
    return None if col[-1] > THRESHOLD else above[-1]


@pytest.mark.parametrize("case", CASES, ids=lambda c: ",".join(f"{k}={v}" for k, v in c.items()) or "defaults")
def test_numbers_are_recomputed(case):
    d = data_for(case)
    n, t = d["story"]["numbers"], d["texts"]
    alpha, beta = expected_setting(case)
    assert n["alpha"] == pytest.approx(alpha, rel=1e-12) and n["beta"] == pytest.approx(beta, rel=1e-12)
    losses = losses_by_loop(alpha, beta)
    assert np.allclose(n["final_losses"], losses[-1], rtol=1e-6, atol=0)
    assert np.allclose(d["losses"], losses, rtol=1e-6, atol=1e-300)
    assert np.allclose(losses[0], 0.5)
    lasts = [last_above(losses[:, i]) for i in range(3)]
    assert n["last_above"] == lasts
    r = rho(alpha, beta)
    gd = max(abs(1 - alpha * LAM))
    assert n["rate_momentum"] == pytest.approx(r, rel=1e-7)
    assert n["rate_gd_same_alpha"] == pytest.approx(gd, rel=1e-12)
    # What the column prints.
    al_n = alpha * LAM.max()
    assert t["setting"] == f"\u03b1 = \u03b1\u03bb\u2099 = {al_n:.3f},   \u03b2 = {beta:.3f}"
    assert t["rate"].endswith(f"\u03c1(R) = {r:.3f}")
    assert t["gd_rate"] == f"max |1 \u2212 \u03b1\u03bb\u1d62| = {gd:.3f}"
    assert t["marks"] == [f"still above at {STEPS}" if k is None else f"k = {k}" for k in lasts]
    # The case and its words.
    limit = 2 + 2 * beta
    if abs(al_n - limit) < 1e-9:
        assert n["case"] == "boundary" and abs(r - 1) < 1e-6
        assert "oscillates forever" in t["title"] and "oscillates forever" in t["case"]
    elif al_n > limit:
        assert n["case"] == "diverges" and r > 1
        assert "diverges" in t["title"] and t["title"].endswith(f"\u03c1(R) = {r:.3f}")
    else:
        assert n["case"] == "converges" and r < 1
        assert "diverges" not in t["title"] and "forever" not in t["title"]
        if None in lasts:
            assert "still above" in t["title"]
        else:
            assert t["title"].endswith(f"all below 0.01 after step {max(lasts)}")
    assert t["case"].endswith(f"2 + 2\u03b2 = {limit:.3f}")
    # Who holds the largest loss at the end; ties within 1e-6.
    last = losses[-1]
    top = [i for i in range(3) if last[i] >= last.max() * (1 - 1e-6)]
    assert n["dominant"] == top
    names = [f"\u03bb = {LAM[i]:g}" for i in top]
    if len(top) > 1:
        assert t["verdict1"].endswith("tie,") and all(s in t["verdict1"] for s in names)
        assert t["verdict2"].startswith(f"{last[top[0]]:.1e} each")
    else:
        assert t["verdict1"] == f"{names[0]} dominates:"
        assert t["verdict2"].startswith(f"{last[top[0]]:.1e}")
    assert t["verdict2"].endswith(f"{last.sum():.1e}")
    # Every printed text is in the storyboard's labels or title, every number in its numbers.
    labels = set(d["story"]["labels"])
    for key, value in t.items():
        if isinstance(value, str) and value and key != "title":
            assert value in labels, key
    assert d["story"]["title"] == t["title"]
    assert n["y_ticks"] == d["y_ticks"] and n["x_ticks"] == d["x_ticks"]


def test_gradient_descent_at_its_best_step_ends_in_a_tie():
    d = data_for({"run": "gd"})
    alpha = 2 / 1.01
    assert abs(1 - alpha * 0.01) == pytest.approx(abs(1 - alpha * 1.0), rel=1e-12)
    assert d["story"]["numbers"]["dominant"] == [0, 2]
    assert "tie" in d["story"]["beats"][-1]["caption"]


def test_optimal_momentum_matches_the_article():
    n = data_for({})["story"]["numbers"]
    assert n["alpha"] == pytest.approx(400 / 121) and n["beta"] == pytest.approx(81 / 121)
    assert n["rate_momentum"] == pytest.approx(9 / 11, rel=1e-6)  # (√κ − 1)/(√κ + 1), κ = 100


def test_custom_values_need_the_custom_run():
    s = spec()
    for case in ({"alpha_lambda": 1.0}, {"run": "gd", "beta": 0.5}):
        with pytest.raises(ParamError):
            s.make_data(resolve(s.params, case, s.name))


def figure_at(case, t):
    from scenes.kit.mpl import make_figure
    from scenes.kit.theme import DARK

    d = data_for(case)
    fig = make_figure(854, 480, DARK)
    update = spec().draw_mpl(fig, d, DARK)
    update(t)
    return d, fig


@pytest.mark.parametrize("case", [{}, {"run": "gd"}, {"run": "custom", "alpha_lambda": 3.9, "beta": 0.9},
                                  {"run": "custom", "alpha_lambda": 1.0, "beta": 0.0}],
                         ids=["momentum", "gd", "diverges", "still-above"])
def test_the_figure_draws_what_the_numbers_say(case):
    from matplotlib.patches import Rectangle

    alpha, beta = expected_setting(case)
    losses = losses_by_loop(alpha, beta)
    for frac in (0.3, 1.0):
        d0 = data_for(case)
        t = spec().duration(d0) if frac == 1.0 else 3.0 + 0.3 * STEPS / d0["speed"]
        d, fig = figure_at(case, t)
        s = min(max((t - 3.0) * d["speed"], 0), STEPS)
        bars_ax, lanes_ax = fig.axes[0], fig.axes[1]
        rects = [p for p in bars_ax.patches if isinstance(p, Rectangle) and p.get_width() < 1]
        assert len(rects) == 3 * (STEPS + 1)
        top = d["y_top"]
        stacked = np.cumsum(losses, axis=1)
        for j in range(3):
            for k in (0, 5, 20, 44, 45, 100, 150):
                p = rects[j * (STEPS + 1) + k]
                grown = min(max(s - k + 1, 0.0), 1.0)
                want_top = min(stacked[k, j] * grown, top)
                want_base = min((stacked[k, j] - losses[k, j]) * grown, top)
                assert p.get_x() + p.get_width() / 2 == pytest.approx(k)
                assert p.get_y() == pytest.approx(want_base, rel=1e-6, abs=1e-12)
                assert p.get_y() + p.get_height() == pytest.approx(want_top, rel=1e-6, abs=1e-12)
        # Lanes, marks and arrowheads.
        lines = [ln for ln in lanes_ax.lines if ln.get_linewidth() == 3]
        dots = [ln for ln in lanes_ax.lines if ln.get_marker() == "o"]
        arrows = [ln for ln in lanes_ax.lines if ln.get_marker() == ">"]
        for i in range(3):
            k = last_above(losses[:, i])
            end = STEPS if k is None else k
            assert lines[i].get_xdata()[-1] == pytest.approx(min(s, end))
            assert dots[i].get_visible() == (k is not None and s >= k)
            if k is not None:
                assert dots[i].get_xdata()[0] == k
            assert arrows[i].get_visible() == (k is None and s >= STEPS)
            label = [tx for tx in lanes_ax.texts if tx.get_text() == d["texts"]["marks"][i]]
            # At the mark, or (near the lane's right end) stopping 2% of the steps short of its arrowhead.
            assert label and abs(label[0].get_position()[0] - end) <= max(1.0, 0.02 * STEPS) + 1e-9
        # The column's words are all inside the figure, at the column.
        texts = {tx.get_text(): tx for tx in fig.texts}
        for key in ("setting", "rate", "gd_rate", "case", "verdict1", "verdict2"):
            x, y = texts[d["texts"][key]].get_position()
            assert 0.6 < x < 0.7 and 0.1 < y < 0.9
        import matplotlib.pyplot as plt
        plt.close(fig)


def test_bars_are_cut_at_the_top_when_the_run_diverges():
    d, fig = figure_at({"run": "custom", "alpha_lambda": 3.9, "beta": 0.9}, 1e9)
    assert d["story"]["numbers"]["bars_clipped"] and d["y_top"] == 8.0
    assert fig.axes[0].get_ylim()[1] == 8.0
    assert any(tx.get_text() == "bars cut at 8.00" for tx in fig.texts)
