"""Beats long enough for their words, and the drawing in step with the beats, in ball-view, sine, decay,
escape, milestones and training, over many parameter points.

Each beat lasts at least as long as its caption takes to read at 20 characters per second (whitespace
collapsed), plus a second where it fills more than one cue of 84 characters; the clip ends with the last
beat. The picture follows the beats, not fixed times: what a beat announces appears as it starts, and the
motion is at rest (or at its end) where a beat waits for its words.
"""
from __future__ import annotations

import itertools

import numpy as np
import pytest

import scenes
from scenes.kit import reveal
from scenes.kit.params import resolve


def reading(caption: str) -> float:
    n = len(" ".join(caption.split()))
    return n / 20.0 + (1.0 if n > 84 else 0.0)


def made(name: str, sets: dict) -> tuple:
    """The scene's spec, its data at `sets` (checked by `check_reading`) and its beats by name."""
    spec = scenes.get(name)
    data = spec.make_data(resolve(spec.params, dict(sets), name))
    check_reading(spec, data)
    return spec, data, {b["name"]: b for b in data["story"]["beats"]}


def check_reading(spec, data) -> None:
    beats = data["story"]["beats"]
    assert beats[0]["start"] == 0.0
    for a, b in zip(beats, beats[1:]):
        assert b["start"] == pytest.approx(a["end"], abs=1e-3)
    for b in beats:
        assert b["end"] - b["start"] >= reading(b["caption"]) - 1e-3, (b["name"], b["caption"])
    assert float(spec.duration(data)) == pytest.approx(beats[-1]["end"], abs=1e-3)


BALL = [dict(valley=v, beta_max=b, seconds=s)
        for v, b, s in itertools.product(("sampled", "smooth"), (0.1, 0.47, 0.99), (3.0, 30.0))]


@pytest.mark.parametrize("sets", BALL, ids=str)
def test_ball_view(sets):
    from scenes.ball_view import data as D

    spec, d, b = made("ball-view", sets)
    start, bmax = b["sweep"]["start"], sets["beta_max"]
    assert D.beta_at(d, start) == 0.0
    assert D.beta_at(d, start + sets["seconds"]) == pytest.approx(bmax)
    assert D.beta_at(d, b["sweep"]["end"]) == pytest.approx(bmax)  # beta rests while the words are read
    hold = b["hold"]["start"]
    if d["gone_at"] is None:  # the verdict lines appear as the hold starts
        assert D.frame_state(d, hold - 0.01)["outro"] == 0.0
        assert D.frame_state(d, hold + 0.5)["outro"] == 1.0
    else:  # ... or as the printed beta first shows no bump, inside the sweep
        assert start < D.verdict_time(d) <= start + sets["seconds"]
        assert D.frame_state(d, hold)["outro"] == 1.0


SINE = [dict(beta=b, dx=x, bias_correction=c, periods=p)
        for b, x, c, p in itertools.product((0.0, 0.5, 0.9, 0.98), (0.02, 0.5), (False, True), (1.0, 8.0))]


@pytest.mark.parametrize("sets", SINE, ids=str)
def test_sine(sets):
    from scenes.sine import data as D

    spec, d, b = made("sine", sets)
    marks = b["marks"]["start"]
    assert D.frame_state(d, marks - 0.01)["notes"] == pytest.approx(0.0, abs=1e-9)  # they appear as their beat starts
    assert D.frame_state(d, marks + 0.61)["notes"] == 1.0
    for name, beat in b.items():  # the curve stands still where a beat ends on a pause
        if name in ("setup", "marks"):
            continue
        held = [D.frame_state(d, t)["s"] for t in np.linspace(beat["end"] - reveal.HOLD + 0.01, beat["end"] - 0.01, 5)]
        assert max(held) - min(held) < 1e-9, name
    assert D.frame_state(d, float(spec.duration(d)))["s"] == d["n"]


DECAY = [dict(beta_left=a, beta_right=c, bars=n, speed=v)
         for (a, c), n, v in itertools.product(((0.6, 0.9), (0.0, 0.0), (0.3, 0.95), (0.95, 0.0)), (5, 60),
                                               (1.0, 60.0))]


@pytest.mark.parametrize("sets", DECAY, ids=str)
def test_decay(sets):
    from scenes.decay import data as D

    spec, d, b = made("decay", sets)
    box = b["box"]["start"]
    assert D.frame_state(d, box - 0.01)["box"] == 0.0  # the boxes appear as their beat starts
    assert D.frame_state(d, box + 0.71)["box"] == 1.0
    assert D.frame_state(d, box - 0.01)["done"] == sets["bars"]  # with every bar grown


ESCAPE = [dict(lr=a, momentum=m, slow=s) for a, m, s in itertools.product((0.002, 0.02, 0.05), (0.0, 0.3, 0.95), (0, 40))]


@pytest.mark.parametrize("sets", ESCAPE, ids=str)
def test_escape(sets):
    from scenes.escape import data as D

    spec, d, b = made("escape", sets)
    v = b["verdict"]["start"]
    assert D.frame_state(d, v - 0.01)["outro"] == 0.0
    assert D.frame_state(d, v + reveal.VERDICT_FADE + 0.01)["outro"] == 1.0
    assert D.step_at(d, v - 0.01) == d["steps"]  # the balls are at rest when the verdicts come


MILESTONES = [{"run": "momentum"}, {"run": "gd"}] + [
    {"run": "custom", "alpha_lambda": a, "beta": b} for a, b in itertools.product((0.5, 2.0, 3.9), (0.0, 0.5, 0.95))]


@pytest.mark.parametrize("sets", MILESTONES, ids=str)
def test_milestones(sets):
    from scenes.milestones import data as D

    spec, d, b = made("milestones", sets)
    v = b["verdict"]["start"]
    sched = reveal.schedule(d["story"])
    assert sched.alpha(v - 0.01, "verdict") == 0.0 and sched.alpha(v + 1.0, "verdict") == 1.0
    assert D.frame_state(d, v - 0.01)["s"] == d["steps"]


TRAINING = [dict(upto=n, seconds=s) for n, s in itertools.product((2, 5, 51, 60, 150, 2000), (2.0, 30.0))]


@pytest.mark.parametrize("sets", TRAINING, ids=str)
def test_training(sets):
    from scenes.training import layout as L

    spec, d, b = made("training", sets)
    v = b["verdict"]["start"]
    assert L.frame_state(d, v - 0.01)["outro"] == 0.0
    assert L.frame_state(d, v + reveal.VERDICT_FADE + 0.01)["outro"] == 1.0
    assert L.progress(d, v - 0.01) == 1.0  # every curve is drawn when the verdict comes
    u_a, u_b = L.zoom_fractions(d)
    assert L.progress(d, b["zoom"]["start"] + 1e-6) == pytest.approx(u_a, abs=1e-5)  # the zoom beat: its window
    assert L.progress(d, b["zoom"]["end"] - 1e-6) == pytest.approx(u_b, abs=1e-5)
