"""The derivatives scene: analytic derivatives match finite differences, ReLU zeros them, momentum smooths."""
from __future__ import annotations

import numpy as np
import pytest

import scenes

from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar

SPEC = scenes.get("derivatives")


def data_for(**sets):
    params = {p.name: p.default for p in SPEC.params} | sets
    return SPEC.make_data(params)


def point_loss(w1, w2, x, y, relu):
    """The loss written out independently of the scene: L = (w2·h(w1·x) − y)² / 2."""
    z = w1 * x
    h = max(z, 0.0) if relu else z
    return 0.5 * (w2 * h - y) ** 2


SETTINGS = [{}, {"seed": 7, "points": 120, "beta": 0.8, "lr": 0.05, "noise": 0.8}]


@pytest.mark.parametrize("sets", SETTINGS)
def test_derivatives_match_finite_differences(sets):
    d = data_for(**sets)
    eps = 1e-6
    for name, relu in (("linear", False), ("relu", True), ("mom", True)):
        run = d["runs"][name]
        for k in range(d["n"]):
            w1, w2 = run["weights"][k]
            x, y = d["x"][k], d["y"][k]
            if relu and abs(w1 * x) < 10 * eps * abs(x):
                continue  # at the kink the loss has no derivative
            fd1 = (point_loss(w1 + eps, w2, x, y, relu) - point_loss(w1 - eps, w2, x, y, relu)) / (2 * eps)
            fd2 = (point_loss(w1, w2 + eps, x, y, relu) - point_loss(w1, w2 - eps, x, y, relu)) / (2 * eps)
            g1, g2 = run["grads"][k]
            assert g1 == pytest.approx(fd1, rel=1e-6, abs=1e-7), (name, k)
            assert g2 == pytest.approx(fd2, rel=1e-6, abs=1e-7), (name, k)


@pytest.mark.parametrize("sets", SETTINGS)
def test_relu_derivative_is_exactly_zero_where_the_neuron_is_off(sets):
    d = data_for(**sets)
    for name in ("relu", "mom"):
        run = d["runs"][name]
        pre = run["weights"][:-1, 0] * d["x"]
        off = pre < 0
        assert 5 <= off.sum() < d["n"], "the data should switch the neuron off at some points, not all"
        assert np.all(run["grads"][off, 0] == 0.0)
        assert np.all(run["grads"][off, 1] == 0.0)
        assert np.all(run["grads"][~off, 0] != 0.0)
    # Without the ReLU the same points do get a gradient.
    lin_off = d["runs"]["linear"]["weights"][:-1, 0] * d["x"] < 0
    assert np.count_nonzero(d["runs"]["linear"]["grads"][lin_off, 0]) == lin_off.sum()


@pytest.mark.parametrize("sets", SETTINGS)
def test_momentum_is_an_ema_of_the_gradients_and_smoother(sets):
    d = data_for(**sets)
    beta = d["beta"]
    g, v = d["series"]["mom"], d["series"]["velocity"]
    # v is the EMA of the gradients seen, from v0 = 0 (a naive loop).
    acc, ema = 0.0, []
    for gk in g:
        acc = beta * acc + (1 - beta) * gk
        ema.append(acc)
    np.testing.assert_allclose(v, ema, rtol=1e-12, atol=1e-14)
    tv = lambda a: np.abs(np.diff(a)).sum()  # noqa: E731
    assert tv(v) < 0.3 * tv(g)
    assert tv(v) < 0.3 * tv(d["series"]["relu"])
    # The momentum run moves its weights by lr·v.
    w = d["runs"]["mom"]["weights"]
    np.testing.assert_allclose(w[:-1] - w[1:], d["lr"] * d["runs"]["mom"]["velocity"], rtol=1e-9, atol=1e-14)


def test_plain_runs_take_plain_sgd_steps():
    d = data_for()
    for name in ("linear", "relu"):
        w, g = d["runs"][name]["weights"], d["runs"][name]["grads"]
        np.testing.assert_allclose(w[:-1] - w[1:], d["lr"] * g, rtol=1e-9, atol=1e-14)


def test_formulas_show_the_values_used():
    d = data_for(beta=0.8, lr=0.05)
    assert r"v \leftarrow 0.8\,v + 0.2\,g" in d["formulas"][3]
    assert r"w \leftarrow w - 0.05\,v" in d["formulas"][3]
    assert "lr = 0.05" in d["setup"][0]


def train_by_hand(x, y, lr, beta, relu, momentum):
    """One pass of SGD over the points in order, written out: the weights after each update and the mean
    loss over the data set at each of them (index 0: before any update)."""
    w1, w2, v1, v2 = 0.8, 0.4, 0.0, 0.0
    ws, means, seen = [(w1, w2)], [], []
    for xk, yk in zip(x, y):
        z = w1 * xk
        h, gate = (max(z, 0.0), float(z > 0)) if relu else (z, 1.0)
        r = w2 * h - yk
        g1, g2 = r * w2 * gate * xk, r * h
        if momentum:
            v1, v2 = beta * v1 + (1 - beta) * g1, beta * v2 + (1 - beta) * g2
            seen.append((g1, v1))
            g1, g2 = v1, v2
        w1, w2 = w1 - lr * g1, w2 - lr * g2
        ws.append((w1, w2))
    for a, b in ws:
        means.append(np.mean([point_loss(a, b, xk, yk, relu) for xk, yk in zip(x, y)]))
    train_by_hand.seen = np.array(seen)  # (gradient, velocity) of w1 at each update of a momentum run
    return np.array(ws), np.array(means)


@pytest.mark.parametrize("sets", SETTINGS + [{"beta": 0.0}])
def test_story_numbers_recomputed(sets):
    d = data_for(**sets)
    num = d["story"]["numbers"]
    n = d["n"]
    finals = {}
    for name, relu, mom in (("linear", False, False), ("relu", True, False), ("mom", True, True)):
        _, means = train_by_hand(d["x"], d["y"], d["lr"], d["beta"], relu, mom)
        finals[name] = means[-1]
        assert num["final_mean_loss"][name] == pytest.approx(means[-1], rel=1e-9)
    ws, _ = train_by_hand(d["x"], d["y"], d["lr"], d["beta"], True, False)
    assert num["relu_off_points"] == int(np.sum(ws[:-1, 0] * d["x"] < 0))
    assert (num["points"], num["lr"], num["beta"]) == (n, d["lr"], d["beta"])
    end = d["story"]["beats"][-1]["caption"]
    assert f"After all {n} updates" in end
    assert all(f"{v:.3f}" in end for v in finals.values())
    low = min(finals, key=finals.get)
    words = {"linear": "without ReLU", "relu": "with ReLU alone", "mom": "with momentum"}
    assert f"the lowest {words[low]}" in end
    if d["beta"] > 0:
        train_by_hand(d["x"], d["y"], d["lr"], d["beta"], True, True)
        g, v = train_by_hand.seen.T
        ratio = np.abs(np.diff(g)).sum() / np.abs(np.diff(v)).sum()
        assert num["velocity_smoothing"] == pytest.approx(ratio, rel=1e-9)
        check_swing_words(d["story"]["beats"][1]["caption"], ratio)


def check_swing_words(caption: str, ratio: float) -> None:
    """Three cases, the boundary its own: a ratio that prints as 1.0 (within 0.05 of 1) is 'about as much',
    never '1.0x less' or 'no less'."""
    if abs(ratio - 1) < 0.05:
        assert "swings about as much as the gradient" in caption and "\u00d7 less" not in caption
    elif ratio > 1:
        assert f"swings {ratio:.1f}\u00d7 less" in caption and f"{ratio:.1f}" != "1.0"
    else:
        assert "swings no less than the gradient" in caption


@pytest.mark.parametrize("beta", [0.005, 0.01, 0.02, 0.03, 0.04, 0.06, 0.1, 0.5, 0.9])
@pytest.mark.parametrize("seed", [0, 7])
def test_the_swing_ratio_near_one_is_about_as_much(beta, seed):
    d = data_for(beta=beta, seed=seed)
    train_by_hand(d["x"], d["y"], d["lr"], beta, True, True)
    g, v = train_by_hand.seen.T
    ratio = np.abs(np.diff(g)).sum() / np.abs(np.diff(v)).sum()
    check_swing_words(d["story"]["beats"][1]["caption"], ratio)


def test_the_last_frame_shows_the_state_after_the_last_update():
    """At the end of the clip the fits and mean losses are those after all n updates, and the counter
    says so (they used to be those before the last update, under "point 60 / 60")."""
    from scenes.derivatives.layout import counter_text, loss_text
    from scenes.derivatives.data import forward, frame_state

    d = data_for()
    n = d["n"]
    st = frame_state(d, SPEC.duration(d))
    assert counter_text(d, st) == f"updates done {n} / {n}"
    for name, relu, mom in (("linear", False, False), ("relu", True, False), ("mom", True, True)):
        ws, means = train_by_hand(d["x"], d["y"], d["lr"], d["beta"], relu, mom)
        assert st["losses"][name] == pytest.approx(means[n], rel=1e-9)
        assert loss_text(d, name, st).endswith(f"{means[n]:.3f}")
        w1, w2 = ws[n]
        h = np.maximum(w1 * d["fit_x"], 0) if relu else w1 * d["fit_x"]
        np.testing.assert_allclose(st["fits"][name], w2 * h, rtol=1e-9, atol=1e-12)
    first = frame_state(d, 0.0)
    assert counter_text(d, first) == f"updates done 0 / {n}"
    assert first["losses"]["relu"] == pytest.approx(train_by_hand(d["x"], d["y"], d["lr"], 0, True, False)[1][0])


def test_zero_beta_says_the_velocity_is_the_gradient():
    d = data_for(beta=0.0)
    caption = d["story"]["beats"][1]["caption"]
    assert "the velocity v is the gradient itself" in caption
    np.testing.assert_allclose(d["series"]["velocity"], d["series"]["mom"], rtol=1e-12)
    assert "swings" in data_for()["story"]["beats"][1]["caption"]


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_still_renders(tmp_path, backend):
    path = render_file(tmp_path, "derivatives", backend=backend, fmt="png")
    assert_not_blank(read_png(path))
    out = sidecar(path)["outcome"]
    assert out["velocity_smoother"] is True
    assert out["relu_derivative_zero_when_off"] is True
    assert out["relu_off_points"] > 0
    assert set(out["final_mean_loss"]) == {"linear", "relu", "mom"}


def test_video_moves(tmp_path):
    path = render_file(tmp_path, "derivatives", backend="mpl", fmt="mp4", sets={"points": 20, "speed": 20})
    frames, _ = read_video(path)
    h, w = frames[0].shape[:2]
    changed = np.abs(frames[0].astype(int) - frames[-1].astype(int)).sum(axis=2) > 60
    assert changed[:, w // 2:].mean() > 0.005
