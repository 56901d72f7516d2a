"""The conventions scene: fed steps of 1 then 0.5, both forms grow the steps; Keras leaves PyTorch at an lr drop."""
from __future__ import annotations

import numpy as np
import pytest

import scenes

from scenes.kit.story import beat_named
from scenes.kit.params import ParamError
from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar

SPEC = scenes.get("conventions")


def data_for(**sets):
    params = {p.name: p.default for p in SPEC.params} | sets
    return SPEC.make_data(params)


def expected_steps(beta, lr, drop, n, lr_drop=1.0):
    """Naive loops of the four textbook rules, step k = 1..n: g = 1 and lr for k <= drop, then g = 0.5
    and lr * lr_drop."""
    plain, ema, torch, keras = (np.empty(n) for _ in range(4))
    v = b = kv = 0.0
    for i in range(n):
        g, a = (1.0, lr) if i < drop else (0.5, lr * lr_drop)
        v = beta * v + (1 - beta) * g           # EMA form: x -= a * v
        b = g if i == 0 else beta * b + g       # PyTorch: x -= a * b
        kv = beta * kv - a * g                  # Keras: x += kv
        plain[i], ema[i], torch[i], keras[i] = a * g, a * v, a * b, -kv
    return plain, ema, torch, keras


CASES = [{}, {"beta": 0.8, "lr": 0.1, "drop_at": 20, "steps": 50, "lr_drop": 0.5},
         {"beta": 0.95, "drop_at": 100, "steps": 150, "lr_drop": 1.0}, {"beta": 0.0}]


@pytest.mark.parametrize("sets", CASES)
def test_steps_match_the_four_rules(sets):
    d = data_for(**sets)
    lr_drop = (d["lr_after"] / d["lr"])
    plain, ema, torch, keras = expected_steps(d["beta"], d["lr"], d["drop"], d["n"], lr_drop)
    st = d["steps"]
    np.testing.assert_allclose(st["plain"], plain, rtol=1e-12)
    np.testing.assert_allclose(st["ema"], ema, rtol=1e-10)
    np.testing.assert_allclose(st["torch"], torch, rtol=1e-10)
    np.testing.assert_allclose(st["keras"], keras, rtol=1e-10)
    # The EMA form is the heavy ball scaled by (1 - beta), on every step, lr drop or not.
    np.testing.assert_allclose(st["ema"], (1 - d["beta"]) * st["torch"], rtol=1e-10)


def test_keras_equals_pytorch_only_at_a_constant_learning_rate():
    same = data_for(lr_drop=1.0)
    assert same["keras_equals_pytorch"] is True
    np.testing.assert_allclose(same["steps"]["keras"], same["steps"]["torch"], rtol=1e-10)
    d = data_for()
    assert d["keras_equals_pytorch"] is False
    drop = d["drop"]
    np.testing.assert_allclose(d["steps"]["keras"][:drop], d["steps"]["torch"][:drop], rtol=1e-10)
    assert abs(d["steps"]["keras"][drop] - d["steps"]["torch"][drop]) > 1.0


def steps_after_the_default_drop() -> tuple[float, float]:
    """Keras' and PyTorch's step 31 with m = 0.9, g = 1 and lr = 1 for 30 steps, then g = 0.5, lr = 0.1.
    Keras: v = m*v - lr*g; w += v. PyTorch: b = m*b + g (b = g on the first step); w -= lr*b."""
    m, v, b = 0.9, 0.0, None
    for k in range(31):
        g, lr = (1.0, 1.0) if k < 30 else (0.5, 0.1)
        v = m * v - lr * g
        b = g if b is None else m * b + g
    return -v, lr * b


def test_the_numbers_after_the_drop_at_the_defaults():
    d = data_for()
    num = d["story"]["numbers"]
    assert (num["beta"], num["lr"], num["lr_after"], num["drop_at"]) == (0.9, 1.0, 0.1, 30)
    keras, torch = steps_after_the_default_drop()
    assert num["keras_step_after_drop"] == pytest.approx(keras, rel=1e-12)
    assert num["torch_step_after_drop"] == pytest.approx(torch, rel=1e-12)
    assert f"{num['keras_step_after_drop']:.2f}" == "8.67" and f"{num['torch_step_after_drop']:.2f}" == "0.91"
    assert "Keras steps 8.67, PyTorch 0.91" in d["answer"][1]
    assert "Keras steps 8.67 against PyTorch's 0.91" in beat_named(d["story"], "drop")["caption"]


@pytest.mark.parametrize("sets", CASES + [{"drop_at": 2}])
def test_story_numbers_are_the_closed_forms(sets):
    d = data_for(**sets)
    num, beta, lr, drop, n = d["story"]["numbers"], d["beta"], d["lr"], d["drop"], d["n"]
    lr2 = num["lr_after"]
    # While g = 1 the heavy ball's step is lr (1 - beta^k) / (1 - beta) and the EMA's lr (1 - beta^k).
    assert num["torch_step_at_drop"] == pytest.approx(lr * (1 - beta**drop) / (1 - beta), rel=1e-10)
    assert num["ema_step_at_drop"] == pytest.approx(lr * (1 - beta**drop), rel=1e-10)
    assert num["heavy_ball_limit"] == pytest.approx(lr / (1 - beta)) and num["scale"] == pytest.approx(1 / (1 - beta))
    # After the drop the buffer relaxes to 0.5 / (1 - beta): b_k = 0.5/(1-b) + (b_drop - 0.5/(1-b)) beta^(k-drop).
    b_drop = (1 - beta**drop) / (1 - beta)
    b_end = 0.5 / (1 - beta) + (b_drop - 0.5 / (1 - beta)) * beta ** (n - drop)
    assert num["torch_last_step"] == pytest.approx(lr2 * b_end, rel=1e-9)
    assert num["ema_last_step"] == pytest.approx(lr2 * (1 - beta) * b_end, rel=1e-9)
    # Keras' velocity at the drop still holds lr: -v = lr * b_drop, then beta * that + lr2 * 0.5.
    assert num["keras_step_after_drop"] == pytest.approx(beta * lr * b_drop + lr2 * 0.5, rel=1e-10)
    assert num["step_fed_after_drop"] == pytest.approx(0.5 * lr2)
    # Every number in the words is one of these, as printed.
    words = " ".join([b["caption"] for b in d["story"]["beats"]] + d["story"]["labels"])
    for key in ("torch_step_at_drop", "ema_step_at_drop", "torch_last_step", "ema_last_step"):
        assert f"{num[key]:.3g}" in words, key


def test_the_words_follow_the_outcome():
    d = data_for()
    assert d["story"]["title"].endswith("Yes, in both forms")
    assert "towards 10\u00d7 it" in d["answer"][0]
    assert d["zoom_notes"] == ("never above 1", "stays above 0.05")
    assert d["headings"][1] == "zoom: EMA form = 0.1 \u00d7 PyTorch"
    flat = data_for(beta=0.0)
    assert flat["story"]["title"].endswith("Not at \u03b2 = 0")
    assert flat["zoom_notes"][1] == "sits on 0.05"
    assert "takes PyTorch's steps" in flat["answer"][1]
    const = data_for(lr_drop=1.0)
    assert "constant lr" in const["answer"][1] and const["zoom_notes"][1] == "stays above 0.5"
    assert "Keras stays on PyTorch" in beat_named(const["story"], "drop")["caption"]


def test_a_short_first_phase_is_labelled_honestly():
    d = data_for(drop_at=2)  # the EMA is only at 0.19 when the gradient drops: it rises to the step fed
    assert d["steps"]["ema"][1] == pytest.approx(0.19)
    assert d["ema_above_after_drop"] is False
    assert d["zoom_notes"][1] == "rises to 0.05"
    assert d["steps"]["ema"].max() < 1.0


def test_rules_that_tie_parameters_are_declared():
    assert any("drop_at" in note and "steps" in note for note in SPEC.notes)
    assert any(e.get("lr_drop") == 1.0 for e in SPEC.examples)


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
    side = sidecar(path)
    out = side["outcome"]
    assert out["keras_equals_pytorch"] is False
    assert out["ema_is_scaled_heavy_ball"] is True
    assert out["ema_max_step"] < 1.0 < out["heavy_ball_max_step"] < out["heavy_ball_limit"] == pytest.approx(10)
    num = side["story"]["numbers"]
    keras, torch = steps_after_the_default_drop()
    assert num["keras_step_after_drop"] == pytest.approx(keras, rel=1e-12)
    assert num["torch_step_after_drop"] == pytest.approx(torch, rel=1e-12)


def test_video_moves(tmp_path):
    path = render_file(tmp_path, "conventions", backend="mpl", fmt="mp4",
                       sets={"steps": 20, "drop_at": 10, "speed": 20})
    frames, _ = read_video(path)
    h = frames[0].shape[0]
    changed = np.abs(frames[0].astype(int) - frames[len(frames) // 2].astype(int)).sum(axis=2) > 60
    assert changed[int(h * 0.3):int(h * 0.85)].mean() > 0.005
