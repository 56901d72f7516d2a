"""Sine's data: `make_data` runs `sim` and returns the arrays and words the scene shows; its length and outcome, and what moves at each moment."""
from __future__ import annotations

import math

import numpy as np

from scenes.kit import reveal
from scenes.sine.story import forget_samples, parts, tell, timing
from scenes.kit.timeline import duration as timeline_duration, fade, paused, step_at, unpause


NAME = "sine"
LEAD, HOLD = reveal.SETUP, 2.5  # the setup beat draws axes and the faint sine; the marks end the clip
DRAW_SECONDS = 9.0
ROOM, TIGHT_ROOM = 0.2, 0.05  # room right of the marked EMA peak, as a fraction of the window: ample, least
TITLE = "Momentum is a moving average of what it sees"


def _fit_sine(v: np.ndarray, omega: float, beta: float) -> tuple[float, float]:
    """Amplitude and lag (samples) of v_t, measured by least squares on sin, cos and the transient β^t."""
    t = np.arange(len(v), dtype=float)
    basis = [np.sin(omega * t), np.cos(omega * t)]
    if beta > 0:
        basis.append(beta ** t)
    coef = np.linalg.lstsq(np.column_stack(basis), v, rcond=None)[0]
    a, b = coef[0], coef[1]  # v ≈ a sin(ωt) + b cos(ωt) = G sin(ω(t − lag))
    return float(math.hypot(a, b)), float(-math.atan2(b, a) / omega)


def make_data(p: dict) -> dict:
    """The sampled sine, its EMA (and bias-corrected EMA) and the theory's gain and lag."""
    from sim import ema, theory

    beta, dx = float(p["beta"]), float(p["dx"])
    n = max(int(round(float(p["periods"]) * 2 * math.pi / dx)), 8)
    t = np.arange(n + 1, dtype=float)
    s = np.sin(t * dx)
    # v_0 = 0 is the given start; sim.ema returns v_1..v_n for s_1..s_n.
    v = np.concatenate([[0.0], ema(s[1:], beta, v0=0.0)])
    # v_0 / (1 - beta^0) is 0/0: index 0 is a placeholder that is never drawn (curves start at t = 1).
    corrected = np.concatenate([[0.0], ema(s[1:], beta, v0=0.0, bias_correction=True)])
    response = theory.ema_response(beta, dx)
    gain, lag = float(response.gain), float(response.lag)
    lag = 0.0 if abs(lag) < 1e-9 else lag  # beta = 0: no lag (and no "-0.0" on screen)
    gain_fit, lag_fit = _fit_sine(v, dx, beta)

    # The annotated peak: where the steady-state gain and lag hold, i.e. at or after the start-up's end
    # (forget_samples(beta): beta^t < 0.01). The latest such sine peak whose delayed twin and labels fit
    # with room to spare; else the first one whose twin and gain line still fit; else (a start-up longer
    # than the window) the latest peak that fits, and the words say v has not settled there.
    peaks = (math.pi / 2 + 2 * math.pi * np.arange(0, int(p["periods"]) + 2)) / dx
    settled = peaks >= forget_samples(beta)
    roomy, tight = peaks + lag + ROOM * n <= n, peaks + lag + TIGHT_ROOM * n <= n
    if np.any(settled & roomy):
        peak = float(peaks[settled & roomy][-1])
    elif np.any(settled & tight):
        peak = float(peaks[settled & tight][0])
    else:
        peak = float(peaks[roomy][-1] if roomy.any() else peaks[0])
    speed = float(p["speed"]) if p["speed"] is not None else n / DRAW_SECONDS
    data = {
        "beta": beta,
        "dx": dx,
        "n": n,
        "speed": speed,
        "t": t,
        "sine": s,
        "ema": v,
        "bias_correction": bool(p["bias_correction"]),
        "corrected": corrected,
        "gain": gain,
        "lag": lag,
        "gain_measured": gain_fit,
        "lag_measured": lag_fit,
        "peak": peak,
        "peak_settled": bool(peak >= forget_samples(beta)),
        "rule": rf"v_t = {beta:g}\,v_{{t-1}} + {1 - beta:.3g}\,\sin(x_t),\quad v_0 = 0,\quad x_t = {dx:g}\,t",
        "response": r"H(\omega) = (1-\beta)\,/\,(1-\beta\,e^{-i\omega}),\quad \omega = \Delta x",
        "corrected_tex": r"\hat v_t = v_t\,/\,(1-\beta^t)",
        "theory_text": f"theory: gain |H| = {gain:.2f}, lag = {lag:.1f} samples",
        "gain_label": f"gain {gain:.2f}",
        "lag_label": f"lag {lag:.1f} samples",
        "note_label": f"lag {lag:.1f} samples,  gain {gain:.2f}",
        "xlabel": f"sample t   (x = t\u00b7\u0394x,  \u0394x = {dx:g})",
    }
    data["legend"] = legend(data)
    drawn = LEAD + n / speed
    beats = parts(data, LEAD, marks_time(data))
    data["pauses"], data["final_hold"] = timing(beats, drawn, HOLD)
    data["story"] = tell(data, TITLE, LEAD, beats, duration(data), lambda c: paused(c + 1e-9, data["pauses"]))
    return data


def duration(data: dict) -> float:
    """The setup, the drawing with its pauses, and the final hold: each beat lasts as long as its words need."""
    return timeline_duration(data["n"], data["speed"], LEAD, data["final_hold"]) + sum(
        length for _, length in data["pauses"])


def pauses(data: dict) -> tuple[tuple[float, float], ...]:
    """Holds (content time, seconds) while the curves are drawn, at the end of each beat but the last: at
    least reveal.HOLD, longer where the beat's words need it (`scenes.sine.story.timing`)."""
    return data["pauses"]


def outcome(data: dict) -> dict:
    return {
        "beta": data["beta"],
        "dx": data["dx"],
        "samples": data["n"],
        "gain_theory": data["gain"],
        "lag_theory_samples": data["lag"],
        "gain_measured": data["gain_measured"],
        "lag_measured_samples": data["lag_measured"],
        "ema_start": float(data["ema"][0]),
        "ema_max_abs": float(np.max(np.abs(data["ema"]))),
    }


def annotation_time(data: dict) -> float:
    """When the EMA's head has passed the annotated peak."""
    return LEAD + (data["peak"] + data["lag"] + 4) / data["speed"]


def marks_time(data: dict) -> float:
    """Content time at which the gain and lag marks fade in: the annotation time, no later than a moment
    before the end of the shortest final hold."""
    return min(annotation_time(data), LEAD + data["n"] / data["speed"] + HOLD - 0.1)


def frame_state(data: dict, t: float) -> dict:
    c = unpause(t, pauses(data))  # the drawing's own time: it stands still during a pause
    s = step_at(c, data["n"], data["speed"], LEAD)
    return {"s": s, "sample": int(math.floor(s)), "notes": fade(c, marks_time(data), 0.6)}


def legend(data: dict) -> list[tuple[str, str]]:
    """(key, label) for the legend row."""
    rows = [("sine", "sin x"), ("ema", "EMA v")]
    if data["bias_correction"]:
        rows.append(("corrected", "bias-corrected v / (1 \u2212 \u03b2\u1d57)"))
    return rows
