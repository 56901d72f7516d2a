"""The conventions scene: fed steps of 1 then 0.5, only the heavy-ball form's steps grow."""
from __future__ import annotations

import numpy as np
import pytest

from scenes import registry
from scenes.params import ParamError
from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar

SPEC = registry.get("conventions")


def data_for(**sets):
    params = {p.name: p.default for p in SPEC.params} | sets
    return SPEC.make_data(params)


def expected_steps(beta, lr, drop, n):
    """Closed forms, step k = 1..n, for gradients 1 (k <= drop) then 0.5."""
    k = np.arange(1, n + 1)
    g = np.where(k <= drop, 1.0, 0.5)
    ema, heavy = np.empty(n), np.empty(n)
    v = b = 0.0
    for i, gi in enumerate(g):  # a naive loop of the two textbook recursions
        v = beta * v + (1 - beta) * gi
        b = beta * b + gi
        ema[i], heavy[i] = lr * v, lr * b
    return g * lr, ema, heavy


@pytest.mark.parametrize("sets", [{}, {"beta": 0.8, "lr": 0.1, "drop_at": 20, "steps": 50},
                                  {"beta": 0.95, "drop_at": 100, "steps": 150}])
def test_steps_match_the_three_rules(sets):
    d = data_for(**sets)
    plain, ema, heavy = expected_steps(d["beta"], d["lr"], d["drop"], d["n"])
    st = d["steps"]
    np.testing.assert_allclose(st["plain"], plain, rtol=1e-12)
    np.testing.assert_allclose(st["ema"], ema, rtol=1e-10)
    np.testing.assert_allclose(st["torch"], heavy, rtol=1e-10)
    np.testing.assert_allclose(st["keras"], st["torch"], rtol=1e-10)  # Keras equals PyTorch


def test_the_claims_at_default_settings():
    d = data_for()
    st, lr, beta, drop = d["steps"], d["lr"], d["beta"], d["drop"]
    assert (beta, lr, drop) == (0.9, 1.0, 30)
    # The EMA form never exceeds the step it is fed (1), and after the drop stays above 0.5.
    assert st["ema"].max() < 1.0
    assert np.all(st["ema"][drop:] > 0.5)
    assert np.all(np.diff(st["ema"][:drop]) > 0) and np.all(np.diff(st["ema"][drop:]) < 0)
    # The heavy ball grows towards 1/(1 - beta) = 10 while g = 1: step 30 is (1 - 0.9^30) / 0.1.
    assert np.all(np.diff(st["torch"][:drop]) > 0)
    assert st["torch"][drop - 1] == pytest.approx((1 - 0.9**30) / 0.1, rel=1e-10)
    assert st["torch"].max() < 10.0 and st["torch"].max() > 9.5
    assert d["limit"] == pytest.approx(10.0)
    # After the drop the heavy ball heads for 0.5 / (1 - beta) = 5, still 5x the plain step.
    assert st["torch"][-1] == pytest.approx(5.0, abs=0.3)
    assert np.all(st["torch"][1:] > st["plain"][1:])
    assert d["ema_above_after_drop"] is True
    assert d["zoom_notes"] == ("never above 1", "stays above 0.5")
    assert "1/(1\u2212\u03b2) = 10\u00d7" in d["answer"][1]


def test_a_short_first_phase_is_labelled_honestly():
    d = data_for(drop_at=2)  # the EMA is only at 0.19 when the gradient drops: it rises to 0.5
    assert d["steps"]["ema"][1] == pytest.approx(0.19)
    assert d["ema_above_after_drop"] is False
    assert d["zoom_notes"][1] == "rises to 0.5"
    assert d["steps"]["ema"].max() < 1.0


def test_formulas_show_the_values_used():
    d = data_for(beta=0.8)
    assert r"v \leftarrow 0.8\,v + 0.2\,g" in d["formulas"][0]
    assert r"b \leftarrow 0.8\,b + g" in d["formulas"][1]
    assert r"v \leftarrow 0.8\,v - \mathrm{lr}\,g" in d["formulas"][2]


def test_drop_must_be_inside_the_run():
    with pytest.raises(ParamError):
        data_for(drop_at=60, steps=60)


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_still_renders(tmp_path, backend):
    path = render_file(tmp_path, "conventions", backend=backend, fmt="png")
    assert_not_blank(read_png(path))
    out = sidecar(path)["outcome"]
    assert out["keras_equals_pytorch"] is True
    assert out["steps_grow_only_in_heavy_ball"] is True
    assert out["ema_max_step"] < 1.0 < out["heavy_ball_max_step"] < out["heavy_ball_limit"] == pytest.approx(10)
    assert out["ema_min_step_after_drop"] > 0.5


def test_video_moves(tmp_path):
    path = render_file(tmp_path, "conventions", backend="mpl", fmt="mp4",
                       sets={"steps": 20, "drop_at": 10, "speed": 20})
    frames, _ = read_video(path)
    h = frames[0].shape[0]
    changed = np.abs(frames[0].astype(int) - frames[len(frames) // 2].astype(int)).sum(axis=2) > 60
    assert changed[int(h * 0.3):int(h * 0.85)].mean() > 0.005
