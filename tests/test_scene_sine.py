"""The sine scene: the EMA of sin(x) is a smaller, later sine, by the amounts the theory predicts."""
from __future__ import annotations

import math

import numpy as np
import pytest

import scenes

from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar

SPEC = scenes.get("sine")


def data_for(**sets):
    params = {p.name: p.default for p in SPEC.params} | sets
    return SPEC.make_data(params)


def naive_ema(s: np.ndarray, beta: float) -> np.ndarray:
    v, out = 0.0, [0.0]
    for x in s[1:]:
        v = beta * v + (1 - beta) * x
        out.append(v)
    return np.array(out)


def measured_gain_lag(v: np.ndarray, omega: float, start: int) -> tuple[float, float]:
    """Amplitude and lag of v_t for t >= start, from a least-squares fit a·sin(ωt) + b·cos(ωt)."""
    t = np.arange(start, len(v), dtype=float)
    a, b = np.linalg.lstsq(np.column_stack([np.sin(omega * t), np.cos(omega * t)]), v[start:], rcond=None)[0]
    return math.hypot(a, b), -math.atan2(b, a) / omega


def closed_form(beta: float, omega: float) -> tuple[float, float]:
    """Gain and lag of the filter (1 − β) / (1 − β e^{−iω}) written out in real arithmetic."""
    re, im = 1 - beta * math.cos(omega), beta * math.sin(omega)  # denominator 1 − β e^{−iω} = re + i·im
    gain = (1 - beta) / math.hypot(re, im)
    lag = math.atan2(im, re) / omega  # arg H = −arg(denominator)
    return gain, lag


@pytest.mark.parametrize("beta, dx, periods", [(0.9, 0.1, 3.0), (0.9, 0.1, 8.0), (0.6, 0.3, 6.0),
                                               (0.95, 0.05, 5.0)])
def test_ema_after_transient_matches_theory(beta, dx, periods):
    d = data_for(beta=beta, dx=dx, periods=periods)
    v = d["ema"]
    np.testing.assert_allclose(v, naive_ema(d["sine"], beta), atol=1e-12)
    # The transient decays like beta^t: start measuring once it is below 1e-7.
    start = int(math.ceil(math.log(1e-7) / math.log(beta)))
    assert len(v) - start > 2 * math.pi / dx * 0.5, "test setting too short to measure a steady state"
    gain, lag = measured_gain_lag(v, dx, start)
    theory_gain, theory_lag = closed_form(beta, dx)
    assert gain == pytest.approx(theory_gain, abs=1e-5)
    assert lag == pytest.approx(theory_lag, abs=1e-3)
    # The scene annotates exactly these numbers (from sim.theory.ema_response).
    assert d["gain"] == pytest.approx(theory_gain, rel=1e-9)
    assert d["lag"] == pytest.approx(theory_lag, rel=1e-9)
    assert d["gain_label"] == f"gain {theory_gain:.2f}"
    assert d["lag_label"] == f"lag {theory_lag:.1f} samples"
    assert 0 < gain < 1 and lag > 0


def test_peak_of_ema_is_lagged_by_the_predicted_samples():
    d = data_for(periods=8.0)
    v, n = d["ema"], d["n"]
    peak = (math.pi / 2 + 2 * math.pi * 5) / d["dx"]  # a sine peak long after the transient
    window = np.arange(int(peak), int(peak) + 20)
    k = window[np.argmax(v[window])]
    # Parabolic refinement of the discrete maximum.
    y0, y1, y2 = v[k - 1], v[k], v[k + 1]
    top = k + 0.5 * (y0 - y2) / (y0 - 2 * y1 + y2)
    assert top - peak == pytest.approx(d["lag"], abs=0.05)
    assert k < n


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9, 0.98])
def test_ema_starts_at_zero_and_stays_in_range(beta):
    d = data_for(beta=beta, bias_correction=True)
    assert d["ema"][0] == 0.0
    assert np.all(np.abs(d["ema"]) <= 1.0)
    corrected = d["corrected"][1:]
    assert np.all(np.isfinite(corrected)) and np.all(np.abs(corrected) <= 1.0 + 1e-12)
    assert corrected[0] == pytest.approx(d["sine"][1])  # the corrected average starts on the signal
    assert np.all(np.isfinite(d["ema"]))


def test_formula_shows_the_beta_used():
    d = data_for(beta=0.8, dx=0.2)
    assert r"v_t = 0.8\,v_{t-1} + 0.2\,\sin(x_t)" in d["rule"]
    assert "x_t = 0.2" in d["rule"]


@pytest.mark.parametrize("sets", [{}, {"beta": 0.6, "dx": 0.3, "periods": 6.0}, {"beta": 0.0},
                                  {"beta": 0.98, "dx": 0.05, "periods": 2.0, "bias_correction": True}])
def test_story_numbers_are_recomputed(sets):
    d = data_for(**sets)
    num = d["story"]["numbers"]
    beta, dx = num["beta"], num["dx"]
    gain, lag = closed_form(beta, dx)
    assert num["gain"] == pytest.approx(gain, rel=1e-9) and num["lag_samples"] == pytest.approx(lag, abs=1e-9)
    t, w = 0, 1.0  # the start's weight beta^t, walked until it is below 1%
    while beta > 0 and w >= 0.01:
        t, w = t + 1, w * beta
    assert num["forget_samples"] == t
    assert num["samples"] == round(float(sets.get("periods", 3.0)) * 2 * math.pi / dx)
    assert num["one_minus_beta"] == pytest.approx(1 - beta)
    shown = d["story"]["labels"] + [b["caption"] for b in d["story"]["beats"]]
    assert f"theory: gain |H| = {gain:.2f}, lag = {lag:.1f} samples" in shown
    marks = d["story"]["beats"][-1]["caption"]
    assert f"lag, {lag:.1f} samples, and gain, {gain:.2f}" in marks
    assert f"peak at sample {num['peak_sample']:.0f}" in marks
    # The annotated peak is a peak of sin(dx * t).
    assert math.sin(dx * num["peak_sample"]) == pytest.approx(1.0)


def test_the_words_follow_bias_correction_and_beta():
    plain, corrected = data_for(), data_for(bias_correction=True)
    assert "bias-corrected" not in " ".join(b["caption"] for b in plain["story"]["beats"])
    start = corrected["story"]["beats"][1]
    assert start["name"] == "start" and "the bias-corrected average starts on the sine" in start["caption"]
    assert "44 samples (0.9\u1d57 < 0.01)" in start["caption"]  # 0.9**43 = 0.0108, 0.9**44 = 0.0097
    # After the marked peak the two averages agree (their gap is v * beta^t / (1 - beta^t)).
    num = corrected["story"]["numbers"]
    t = np.arange(int(num["peak_sample"]), corrected["n"] + 1)
    v = naive_ema(corrected["sine"], 0.9)[t]
    assert num["corrected_gap_after_peak"] == pytest.approx(np.max(np.abs(v * 0.9**t / (1 - 0.9**t))), rel=1e-6)
    assert "matches v" in corrected["story"]["beats"][-1]["caption"]
    flat = data_for(beta=0.0)
    assert flat["story"]["title"] == "With \u03b2 = 0 the average is the signal itself"
    assert [b["name"] for b in flat["story"]["beats"]] == ["setup", "steady", "marks"]
    slow = data_for(beta=0.98, dx=0.5, periods=1.0)  # 228 samples to forget, 13 drawn
    assert "more than the 13 shown" in slow["story"]["beats"][1]["caption"]
    assert "steady" not in [b["name"] for b in slow["story"]["beats"]]


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_still_renders(tmp_path, backend):
    path = render_file(tmp_path, "sine", backend=backend, fmt="png", sets={"bias_correction": True})
    assert_not_blank(read_png(path))
    out = sidecar(path)["outcome"]
    assert out["ema_start"] == 0.0 and out["ema_max_abs"] <= 1.0
    assert out["gain_measured"] == pytest.approx(out["gain_theory"], abs=1e-6)
    assert out["lag_measured_samples"] == pytest.approx(out["lag_theory_samples"], abs=1e-4)


def test_video_moves(tmp_path):
    path = render_file(tmp_path, "sine", backend="mpl", fmt="mp4", sets={"periods": 1.0, "speed": 40})
    frames, _ = read_video(path)
    h = frames[0].shape[0]
    a, b = frames[len(frames) // 4], frames[-1]
    changed = np.abs(a.astype(int) - b.astype(int)).sum(axis=2) > 60
    assert changed[int(h * 0.3):].mean() > 0.005
