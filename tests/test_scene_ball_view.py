"""ball-view: the curve momentum sees, rebuilt here with the article's plain loop, loses its bump as beta grows."""
from __future__ import annotations

import numpy as np
import pytest

from scenes import ball_view
from scenes.ball_view import data as ball_view_data, manim as ball_view_manim
from scenes import get
from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar


def defaults(**over) -> dict:
    spec = get(ball_view.NAME)
    return {**{p.name: p.default for p in spec.params}, **over}


@pytest.fixture(scope="module")
def data() -> dict:
    return ball_view.make_data(defaults())


def article_valley():
    X = np.arange(0, 1, 0.01)
    y = 0.2 * (X - 0.5) ** 2
    y[25] += 2e-3
    return X, y


def article_loop(X, y, beta):
    """The article's own loop, verbatim in spirit: new_y[i] = new_y[i-1] + v * (X[i+1] - X[i]), from 0."""
    new_y, velocity = [], 0.0
    for i in range(len(X) - 1):
        grad = (y[i + 1] - y[i]) / (X[i + 1] - X[i])
        velocity = beta * velocity + (1 - beta) * grad
        prev = new_y[-1] if new_y else 0.0
        new_y.append(velocity * (X[i + 1] - X[i]) + prev)
    return np.array(new_y)


def rises_before_bottom(curve) -> int:
    bottom = int(np.argmin(curve))
    return int(np.sum(np.diff(curve[: bottom + 1]) > 0))


def has_bump(beta) -> bool:
    X, y = article_valley()
    return rises_before_bottom(article_loop(X, y, beta)) > 0


def own_threshold() -> float:
    """Our own bisection on our own averaged-slope curve: the smallest beta with no bump left."""
    lo, hi = 0.0, 0.9
    assert has_bump(lo) and not has_bump(hi)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if has_bump(mid) else (lo, mid)
    return hi


def toy_crosses(beta, epochs=120) -> bool:
    """The article's toy ball: v = beta v + (1 - beta) slope ahead; one cell right while v < 0."""
    X, y = article_valley()
    pos, v = 0, 0.0
    for _ in range(epochs):
        v = beta * v + (1 - beta) * (y[pos + 1] - y[pos]) / (X[pos + 1] - X[pos])
        if v >= 0:
            break
        pos += 1
    return pos > 25


def test_seen_curves_match_the_articles_loop(data):
    X, y = article_valley()
    np.testing.assert_allclose(data["X"], X)
    np.testing.assert_allclose(data["y"], y)
    for k in range(0, len(data["betas"]), 7):
        beta = float(data["betas"][k])
        # The article plots new_y from 0 at X[:-1]; the scene anchors the same sums at f(x_0).
        expected = y[0] + np.concatenate([[0.0], article_loop(X, y, beta)])
        np.testing.assert_allclose(data["curves"][k], expected, rtol=0, atol=1e-12)


def test_at_beta_zero_the_ball_sees_the_valley_with_its_bump(data):
    X, y = article_valley()
    assert data["betas"][0] == 0.0
    np.testing.assert_allclose(data["curves"][0], y, atol=1e-12)
    # The original bump: y[25] rises above y[24] by 2e-3 minus the parabola's drop over one cell.
    rise = 2e-3 - 0.2 * ((0.24 - 0.5) ** 2 - (0.25 - 0.5) ** 2)
    assert data["heights"][0] == pytest.approx(rise, abs=1e-12)
    assert rises_before_bottom(data["curves"][0]) == 1


def test_the_bump_shrinks_as_beta_grows_and_is_gone_at_06(data):
    betas, heights = data["betas"], data["heights"]
    assert np.all(np.diff(heights) <= 1e-15), "the bump must never grow with beta"
    positive = heights > 0
    assert np.all(np.diff(heights[positive]) < 0), "while there is a bump it strictly shrinks"
    # Gone from some beta on, and that beta is below 0.6.
    assert not positive[np.searchsorted(betas, 0.6 - 1e-9):].any()
    X, y = article_valley()
    for beta in (0.6, 0.7, 0.9):
        curve = y[0] + np.concatenate([[0.0], article_loop(X, y, beta)])
        assert rises_before_bottom(curve) == 0, f"beta={beta}: the seen curve still rises before its bottom"
    for beta in (0.0, 0.2, 0.4):
        curve = y[0] + np.concatenate([[0.0], article_loop(X, y, beta)])
        assert rises_before_bottom(curve) == 1
    assert 0.4 < data["gone_at"] < 0.6


def test_threshold_is_where_the_smoothed_slope_at_the_bump_turns_downhill(data):
    # Cell 24 is the one uphill cell; just below gone_at its smoothed slope is positive, just above negative.
    X, y = article_valley()
    g = np.diff(y) / np.diff(X)
    for beta, sign in ((data["gone_at"] - 1e-6, 1), (data["gone_at"] + 1e-6, -1)):
        v = 0.0
        for i in range(25):
            v = beta * v + (1 - beta) * g[i]
        assert np.sign(v) == sign


def test_smooth_valley_also_loses_its_bump():
    d = ball_view.make_data(defaults(valley="smooth"))
    assert d["heights"][0] > 5e-4
    assert np.all(np.diff(d["heights"]) <= 1e-15)
    assert d["gone_at"] is not None and d["gone_at"] < 0.9
    assert rises_before_bottom(d["curves"][-1]) == 0


def test_frame_state_shows_the_swept_beta(data):
    end = ball_view.duration(data)
    assert ball_view_data.frame_state(data, 0.0)["beta"] == 0.0
    last = ball_view_data.frame_state(data, end)
    assert last["beta"] == pytest.approx(data["beta_max"])
    np.testing.assert_allclose(last["curve"], data["curves"][-1])
    assert ball_view_data.beta_text(last["beta"]) == f"\u03b2 = {data['beta_max']:.2f}"
    # Midway the interpolated curve lies between its grid neighbours.
    st = ball_view_data.frame_state(data, ball_view_data.LEAD + 0.5 * data["seconds"] + 0.013)
    k = np.searchsorted(data["betas"], st["beta"]) - 1
    lo = np.minimum(data["curves"][k], data["curves"][k + 1]) - 1e-15
    hi = np.maximum(data["curves"][k], data["curves"][k + 1]) + 1e-15
    assert np.all((st["curve"] >= lo) & (st["curve"] <= hi))
    for t in np.linspace(0, end, 25):
        st = ball_view_data.frame_state(data, t)
        assert np.all(np.isfinite(st["curve"])) and np.all(np.isfinite(st["smoothed"]))


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_renders_a_still(tmp_path, backend):
    path = render_file(tmp_path, ball_view.NAME, backend=backend, fmt="png")
    assert_not_blank(read_png(path))
    out = sidecar(path)["outcome"]
    assert out["valley"] == "sampled"
    assert out["heights_non_increasing"] is True
    assert out["bump_height_at_beta_max"] == 0.0
    assert 0.4 < out["bump_gone_at_beta"] < 0.6
    story = sidecar(path)["story"]
    assert story["numbers"]["bump_threshold"] == pytest.approx(own_threshold(), abs=1e-9)
    assert story["title"] == "What the ball sees: the article's valley"


def test_video_moves(tmp_path):
    path = render_file(tmp_path, ball_view.NAME, backend="mpl", fmt="mp4", sets={"seconds": 3})
    frames, info = read_video(path)
    assert len(frames) > 10
    first, last = frames[0].astype(int), frames[-1].astype(int)
    assert np.abs(first - last).mean() > 0.5


def test_threshold_matches_our_bisection_and_the_printed_bound_is_true(data):
    star = own_threshold()
    assert 0.4721 < star < 0.4722  # "beta >= 0.4721" would be false: a bump is left just above it
    assert has_bump(0.4721) and has_bump(0.47) and not has_bump(0.4722)
    numbers = data["story"]["numbers"]
    assert numbers["bump_threshold"] == pytest.approx(star, abs=1e-9)
    gone = [s for s in data["story"]["labels"] if s.startswith("gone for every")]
    assert len(gone) == 1
    bound = float(gone[0].rsplit(" ", 1)[1])
    assert bound == numbers["bump_threshold_shown"]
    assert not has_bump(bound), "the printed bound must already be bump-free"
    assert has_bump(bound - 1e-5), "and one digit less would not be: the bound is tight"


def test_the_same_threshold_decides_the_toy_ball(data):
    star = own_threshold()
    assert not toy_crosses(star - 1e-7) and toy_crosses(star + 1e-7)
    assert not toy_crosses(0.47) and toy_crosses(0.6)
    assert data["toy_threshold"] == pytest.approx(star, abs=1e-9)
    assert "the article's toy ball crosses" in data["story"]["labels"]
    assert "just when the bump is gone" in data["story"]["labels"]


@pytest.mark.parametrize("beta_max", [0.3, 0.47])
def test_a_sweep_that_stops_short_says_the_bump_stays(beta_max):
    d = ball_view.make_data(defaults(beta_max=beta_max))
    X, y = article_valley()
    rise = np.max(np.diff(article_loop(X, y, beta_max)[:26]))  # the one uphill step, cell 24 to 25
    assert rise > 0
    s = d["story"]
    assert f"it goes only for \u03b2 \u2265 {s['numbers']['bump_threshold_shown']:.5f}" in s["labels"]
    assert not any(t.startswith("gone for every") for t in s["labels"])
    hold = s["beats"][-1]["caption"]
    assert "still in the way" in hold and "toy ball stops at the bump" in hold
    printed = f"{rise:.5f}" if rise >= 1e-4 else f"{rise:.1e}"
    assert printed in hold and s["numbers"]["bump_height_at_beta_max"] == float(printed)
    assert not toy_crosses(beta_max)


def test_status_never_contradicts_the_printed_beta(data):
    # Around the threshold the printed beta (2 decimals) and the status must agree: "beta = 0.47" with
    # a bump (4.5e-6 high), "beta = 0.48" with none.
    end = ball_view.duration(data)
    seen = set()
    for t in np.linspace(0, end, 400):
        st = ball_view_data.frame_state(data, t)
        beta = float(ball_view_data.beta_text(st["beta"]).split("= ")[1])
        status = ball_view_manim.status_text(st)
        assert status.startswith("bump height") == has_bump(beta), (beta, status)
        seen.add(status == "no bump left")
    assert seen == {True, False}
    X, y = article_valley()
    rise = np.max(np.diff(article_loop(X, y, 0.47)[:26]))
    assert f"{rise:.1e}" == "4.5e-06"  # the figure, from our own loop
    at_047 = ball_view_data.frame_state(data, ball_view_data.LEAD + data["seconds"] * 0.47 / data["beta_max"])
    assert ball_view_manim.status_text(at_047) == f"bump height {rise:.1e}"
