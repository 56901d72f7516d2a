"""valley: the words follow the runs, recomputed here with plain loops on our own copy of each valley."""
from __future__ import annotations

import numpy as np
import pytest

from scenes import valley
from scenes.valley import layout as valley_layout, story as valley_story
from scenes import get


def data_for(**over) -> dict:
    spec = get(valley.NAME)
    return valley.make_data({**{p.name: p.default for p in spec.params}, **over})


# -- our own valleys and loops ---------------------------------------------------------------------

def f(x):
    return 0.2 * (x - 0.5) ** 2 + 0.01 * np.exp(-((x - 0.25) ** 2) / (2 * 0.04 ** 2))


def df(x):
    return 0.4 * (x - 0.5) - 0.01 * (x - 0.25) / 0.04 ** 2 * np.exp(-((x - 0.25) ** 2) / (2 * 0.04 ** 2))


def heavy_ball(lr, beta, steps, x=0.0):
    """torch's SGD: b = beta b + g (b = g at first), x -= lr b. beta = 0 is plain gradient descent."""
    path, b = [x], 0.0
    for _ in range(steps):
        b = beta * b + df(x)
        x = x - lr * b
        path.append(x)
    return np.array(path)


def article_grid():
    X = np.arange(0, 1, 0.01)
    y = 0.2 * (X - 0.5) ** 2
    y[25] += 2e-3
    return X, y


def toy(beta, epochs):
    """The article's rule: v = beta v + (1 - beta) slope of the cell ahead; step one cell right while v < 0."""
    X, y = article_grid()
    pos, v, path = 0, 0.0, [0]
    for _ in range(epochs + 1):
        i = min(pos, len(X) - 2)
        v = beta * v + (1 - beta) * (y[i + 1] - y[i]) / (X[i + 1] - X[i])
        if v < 0 and pos < len(X) - 1:
            pos += 1
        path.append(pos)
    return X[np.array(path)]


def bump_top_smooth():
    x = np.linspace(0.15, 0.5, 35001)
    inside = x[(x > 0.19) & (x < 0.45)]
    return float(inside[np.argmax(f(inside))])


def words(d):
    s = d["story"]
    return s["title"], s["labels"], [b["caption"] for b in s["beats"]]


# -- the smooth valley -------------------------------------------------------------------------------

def test_defaults_momentum_crosses_and_says_so():
    d = data_for()
    gd, mom = heavy_ball(0.4, 0.0, 120), heavy_ball(0.4, 0.9, 120)
    top = bump_top_smooth()
    assert gd[-1] < top < mom[-1]
    assert d["story"]["numbers"]["final_x"] == {"gradient_descent": float(f"{gd[-1]:.2f}"),
                                               "momentum": float(f"{mom[-1]:.2f}")}
    assert d["end_texts"][0] == f"stuck in the dip, x = {gd[-1]:.2f}"
    assert d["end_texts"][1] == f"near the bottom, x = {mom[-1]:.2f}"
    assert d["story"]["title"] == "Momentum rolls over the bump that stops gradient descent"
    assert valley.outcome(d)["momentum_crossed_bump"] is True
    assert d["bump_top"] == pytest.approx(top, abs=2e-3)
    n = d["story"]["numbers"]
    assert (n["lr"], n["beta"], n["steps"]) == (0.4, 0.9, 120)


def test_small_momentum_stops_too_and_the_words_do_not_claim_a_crossing():
    d = data_for(momentum=0.3)
    mom = heavy_ball(0.4, 0.3, 120)
    assert mom.max() < bump_top_smooth()  # never even got over the top
    title, labels, captions = words(d)
    assert "stops at the bump too" in title
    assert not any("over the bump" in s or "bottom" in s for s in [title, *labels, *captions])
    assert d["end_texts"] == (f"stuck in the dip, x = {mom[-1]:.2f}",) * 2
    out = valley.outcome(d)
    assert out["momentum_crossed_bump"] is False and out["fate"]["momentum"] == "dip"


def test_large_lr_carries_gradient_descent_over_as_well():
    d = data_for(lr=0.8)
    gd = heavy_ball(0.8, 0.0, 120)
    assert gd[-1] > bump_top_smooth()
    assert d["story"]["title"].startswith("Both roll over the bump")
    assert valley.outcome(d)["gradient_descent_crossed_bump"] is True
    assert d["end_texts"][0] == f"near the bottom, x = {gd[-1]:.2f}"


def test_tiny_lr_reaches_nothing():
    d = data_for(lr=1e-4)
    gd, mom = heavy_ball(1e-4, 0.0, 120), heavy_ball(1e-4, 0.9, 120)
    assert max(gd.max(), mom.max()) < 0.19 - 0.02
    assert d["story"]["title"] == "Neither ball reaches the bump in 120 steps"
    assert d["end_texts"] == (f"still on the slope, x = {gd[-1]:.2f}", f"still on the slope, x = {mom[-1]:.2f}")


def test_the_arrow_is_the_step_just_taken():
    d = data_for()
    mom = heavy_ball(0.4, 0.9, 120)
    np.testing.assert_allclose(d["xs"][1], mom, atol=1e-12)
    np.testing.assert_allclose(d["velocity"][1:], np.diff(mom), atol=1e-12)


# -- the article's experiment ------------------------------------------------------------------------

def toy_threshold():
    """Our own bisection: the smallest momentum whose toy ball ends past the bump (x = 0.25)."""
    lo, hi = 0.0, 0.9
    for _ in range(50):
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if toy(mid, 119)[-1] > 0.25 else (mid, hi)
    return hi


def test_article_momentum_crosses_only_above_the_threshold():
    beta_star = toy_threshold()
    assert 0.47 < beta_star < 0.473
    for beta in (0.3, beta_star - 1e-4):
        d = data_for(experiment="article", momentum=beta)
        title, labels, captions = words(d)
        assert title == "The article's experiment: momentum stops at the bump too"
        assert not any("over the bump" in s for s in [title, *labels, *captions])
        assert d["end_texts"][1] == f"stuck in the dip, x = {toy(beta, 119)[-1]:.2f}"
    for beta in (beta_star + 1e-4, 0.6):
        d = data_for(experiment="article", momentum=beta)
        end = toy(beta, 119)[-1]
        assert d["story"]["title"].startswith("The article's experiment: momentum rolls over the bump")
        assert d["story"]["numbers"]["final_x"]["momentum"] == float(f"{end:.2f}")


def test_article_toy_arrow_sign_is_the_step_it_decided():
    d = data_for(experiment="article")
    moved = np.diff(d["xs"][1]) > 0
    np.testing.assert_array_equal(moved, d["velocity"][1:] > 0)


def test_article_high_momentum_crosses_but_stops_up_the_far_wall():
    d = data_for(experiment="article", momentum=0.99)
    end = toy(0.99, 119)[-1]
    assert end > 0.5 + 0.05
    assert d["end_texts"][1] == f"over the bump, x = {end:.2f}"
    assert valley.outcome(d)["momentum_crossed_bump"] is True  # it is further from the bottom than the dip


# -- the layout of the end labels --------------------------------------------------------------------

@pytest.mark.parametrize("over", [{"momentum": 0.3}, {"lr": 0.8}, {"lr": 1e-4},
                                  {"experiment": "article", "momentum": 0.3}])
def test_coinciding_end_labels_are_stacked_above_the_curve(over):
    d = data_for(**over)
    (x0, y0), (x1, y1) = valley_layout.end_spots(d)
    lo, hi = valley_layout.y_range(d)
    line = valley_story.LIFT * (hi - lo)
    assert abs(y1 - y0) >= line - 1e-12 or abs(x1 - x0) >= 2 * valley_story.LABEL_HALF_WIDTH
    for cx, cy in ((x0, y0), (x1, y1)):
        under = np.abs(d["curve_x"] - cx) <= valley_story.LABEL_HALF_WIDTH
        assert cy - 0.3 * line > d["curve_y"][under].max(), "the curve runs through a label"
        assert cy + 0.5 * line <= hi



# -- words from the run, not from the picture; every run gets its words --------------------------------

DRAWN = (-0.02, 1.02)  # the smooth valley's drawn curve, in x
LOCAL_MIN = 0.1914  # our own valley's dip, to the digits the fates need (DIP_TOL is 0.02)


def own_fate(path, top):
    if path[-1] > top:
        return "over"
    if path.max() > top:
        return "back"
    return "dip" if path[-1] >= LOCAL_MIN - 0.02 else "slope"


# lr = 1 is left out: there gradient descent bounces chaotically in the dip, so rounding decides its end.
@pytest.mark.parametrize("lr", [0.05, 0.4, 0.6, 0.8, 0.9])
@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9, 0.95, 0.99])
def test_words_come_from_the_run_and_name_both_balls(lr, beta):
    d = data_for(lr=lr, momentum=beta)
    top = bump_top_smooth()
    paths = [heavy_ball(lr, 0.0, d["steps"]), heavy_ball(lr, beta, d["steps"])]
    s = d["story"]
    # the roll's words, or the verdict's where the roll is too short to read them
    caption = " ".join(b["caption"] for b in s["beats"][1:])
    for name, key, path, end_label in zip(("Gradient descent", "Momentum"), ("gradient_descent", "momentum"),
                                          paths, d["end_texts"]):
        # The printed end position is the run's, never the clipped drawing's.
        assert end_label.endswith(f"x = {path[-1]:.2f}"), (end_label, path[-1])
        assert s["numbers"]["final_x"][key] == pytest.approx(round(path[-1], 2), abs=1e-9)
        outside = [k for k, x in enumerate(path) if x < DRAWN[0] or x > DRAWN[1]]
        if outside:
            # It is said to leave the picture, when, and how far it went.
            assert f"{name} leaves the picture at step {outside[0]}" in caption
            if path.min() < DRAWN[0]:
                assert f"x = {path.min():.2f} on the left" in caption
            if path.max() > DRAWN[1]:
                assert f"x = {path.max():.2f} on the right" in caption
            assert s["numbers"]["left_picture"][key]["first_step"] == outside[0]
            if path[-1] < DRAWN[0]:
                assert "off the left edge" in end_label
            elif path[-1] > DRAWN[1]:
                assert "off the right edge" in end_label
        else:
            assert f"{name} leaves the picture" not in caption
    gd, mom = (own_fate(p, top) for p in paths)
    title = s["title"].lower()
    # Each ball's fate is in the title whenever the two differ.
    if gd != mom and not (gd == "slope" and mom == "slope"):
        assert "gradient descent" in title and "momentum" in title, title
    crossed = {"over", "back"}
    if gd in crossed:
        assert "gradient descent too" in title or ("gradient descent" in title and "bump" in title
                                                   and "stops gradient descent" not in title
                                                   and "gradient descent does not" not in title), title
    if gd == "back":
        assert title.endswith("gradient descent crosses the bump and rolls back") or "both cross" in title
    if mom == "back":
        assert "momentum crosses the bump and rolls back" in title or "both cross" in title


def test_a_ball_past_the_curve_is_drawn_at_its_edge_with_an_arrow_out():
    d = data_for(lr=0.8, momentum=0.99)
    path = heavy_ball(0.8, 0.99, d["steps"])
    k = next(k for k, x in enumerate(path) if x < DRAWN[0] or x > DRAWN[1])
    t = valley_story.LEAD + k / d["speed"] + 1e-6
    from scenes.valley.data import frame_state
    st = frame_state(d, t)
    side = -1 if path[k] < DRAWN[0] else 1
    assert st["out"][1] == side and st["out"][0] == 0
    assert st["xs"][1] == pytest.approx(DRAWN[0] if side < 0 else DRAWN[1])
    assert frame_state(d, 0.0)["out"] == [0, 0]
