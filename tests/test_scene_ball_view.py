"""ball-view: the curve momentum sees, rebuilt here with the article's plain loop, loses its bump as beta grows."""
from __future__ import annotations

import numpy as np
import pytest

from scenes import ball_view
from scenes.registry import get
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
    assert ball_view.frame_state(data, 0.0)["beta"] == 0.0
    last = ball_view.frame_state(data, end)
    assert last["beta"] == pytest.approx(data["beta_max"])
    np.testing.assert_allclose(last["curve"], data["curves"][-1])
    assert ball_view.beta_text(last["beta"]) == f"\u03b2 = {data['beta_max']:.2f}"
    # Midway the interpolated curve lies between its grid neighbours.
    st = ball_view.frame_state(data, ball_view.LEAD + 0.5 * data["seconds"] + 0.013)
    k = np.searchsorted(data["betas"], st["beta"]) - 1
    lo = np.minimum(data["curves"][k], data["curves"][k + 1]) - 1e-15
    hi = np.maximum(data["curves"][k], data["curves"][k + 1]) + 1e-15
    assert np.all((st["curve"] >= lo) & (st["curve"] <= hi))
    for t in np.linspace(0, end, 25):
        st = ball_view.frame_state(data, t)
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


def test_video_moves(tmp_path):
    path = render_file(tmp_path, ball_view.NAME, backend="mpl", fmt="mp4", sets={"seconds": 3})
    frames, info = read_video(path)
    assert len(frames) > 10
    first, last = frames[0].astype(int), frames[-1].astype(int)
    assert np.abs(first - last).mean() > 0.5
