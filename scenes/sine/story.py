"""The sine scene's words: the start-up from v₀ = 0, the steady smaller and later wave, and its marks.

The EMA v_t = β v_{t−1} + (1 − β) s_t remembers its start v₀ = 0 with weight β^t, so it needs about
T = ⌈ln 0.01 / ln β⌉ samples (β^T < 0.01) to forget it; after that it is the sine scaled by the gain |H|
and delayed by the lag −arg H / ω of H(ω) = (1 − β) / (1 − β e^{−iω}) (`sim.theory.ema_response`).
The bias-corrected average v_t / (1 − β^t) starts on the signal (at t = 1 it is s_1) and differs from v
by v β^t / (1 − β^t), which dies away with the same β^t.
"""
from __future__ import annotations

import math

import numpy as np

from scenes.kit import reveal, story

FORGET = 0.01  # the start's weight beta^t below which the average has forgotten it


def forget_samples(beta: float) -> int:
    """The first t with beta^t < FORGET (0 for beta = 0: nothing to forget)."""
    if beta == 0:
        return 0
    t = math.ceil(math.log(FORGET) / math.log(beta))
    return t + 1 if beta ** t >= FORGET else t


def tell(data: dict, title_when_averaging: str, lead: float, end: float, marks_at: float,
         after=lambda c: c) -> dict:
    """The storyboard of the clip [0, end]: setup, start-up, steady state, marks (from `marks_at`).
    Times are the drawing's own; `after(c)` is the clip time at which the drawing moves on from time c (a
    beat that ends on a pause ends after it)."""
    beta, n, speed = data["beta"], data["n"], data["speed"]
    gain, lag = data["gain"], data["lag"]
    forget = forget_samples(beta)
    marks_at = min(marks_at, end - 0.1)
    marks_clip = min(after(marks_at), end - 0.1)
    title = title_when_averaging if beta > 0 else "With \u03b2 = 0 the average is the signal itself"
    corrected = ", while the bias-corrected average starts on the sine" if data["bias_correction"] else ""
    beats = [reveal.setup_beat("The axes and the faint sine appear; v starts at v\u2080 = 0.", lead)]
    t_forget = lead + forget / speed
    if beta == 0:
        steady_from = lead
    elif t_forget < marks_at - 0.2:
        beats.append(story.beat("start", lead, after(t_forget),
                                f"From v\u2080 = 0 the average takes {forget} samples ({beta:g}\u1d57 < {FORGET:g}) "
                                f"to forget its start{corrected}."))
        steady_from = after(t_forget)
    else:
        longer = "" if forget <= n else f", more than the {n} shown"
        beats.append(story.beat("start", lead, marks_clip,
                                f"From v\u2080 = 0 the average takes {forget} samples ({beta:g}\u1d57 < {FORGET:g}) "
                                f"to forget its start{longer}{corrected}."))
        steady_from = marks_clip
    if steady_from < marks_clip:
        steady = (f"Then v is the sine shrunk to gain {gain:.2f} and delayed by {lag:.1f} samples."
                  if beta > 0 else "The average v is the sine itself: gain 1.00, lag 0.0 samples.")
        beats.append(story.beat("steady", steady_from, marks_clip, steady))
    agree, gap = "", None
    if data["bias_correction"] and beta > 0:
        after = slice(int(data["peak"]), None)  # the peak is past t = 0, where `corrected` is a placeholder
        gap = float(np.max(np.abs(data["corrected"][after] - data["ema"][after])))
        agree = (", where the corrected average matches v" if gap < 0.01
                 else f", where the corrected average still differs from v by up to {gap:.2f}")
    if beta == 0 or data.get("peak_settled", True):
        when = f", past the start-up's {forget} samples," if beta > 0 else ""
        marks = (f"The marks on the peak at sample {data['peak']:.0f}{when} show the predicted lag, "
                 f"{lag:.1f} samples, and gain, {gain:.2f}{agree}.")
    else:
        marks = (f"The marks on the peak at sample {data['peak']:.0f} show the steady-state lag, {lag:.1f} "
                 f"samples, and gain, {gain:.2f}; the start-up lasts {forget} samples, so v has not settled "
                 f"there yet{agree}.")
    beats.append(story.beat("marks", marks_clip, end, marks))
    labels = [*(label for _, label in data["legend"]), data["theory_text"], data["note_label"], data["xlabel"]]
    numbers = {"beta": beta, "one_minus_beta": round(1 - beta, 12), "dx": data["dx"], "samples": n,
               "gain": gain, "lag_samples": lag, "forget_samples": forget, "peak_sample": data["peak"],
               "peak_after_start_up": bool(data.get("peak_settled", True)),
               "bias_correction": data["bias_correction"], "corrected_gap_after_peak": gap}
    return story.make_story(title, beats, labels, numbers)
