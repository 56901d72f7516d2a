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


SETUP = "The axes and the faint sine appear; v starts at v\u2080 = 0."


def parts(data: dict, lead: float, marks_at: float) -> list[tuple[str, float, str]]:
    """The beats after the setup, as (name, content time at which it starts, caption): start-up, steady
    state, marks (from `marks_at`). Content times are the drawing's own (before any pause)."""
    beta, n, speed = data["beta"], data["n"], data["speed"]
    gain, lag = data["gain"], data["lag"]
    forget = forget_samples(beta)
    corrected = ", while the bias-corrected average starts on the sine" if data["bias_correction"] else ""
    out = []
    t_forget = lead + forget / speed
    if beta == 0:
        steady_from = lead
    else:
        settles = t_forget < marks_at - 0.2
        longer = "" if settles or forget <= n else f", more than the {n} shown"
        out.append(("start", lead, f"From v\u2080 = 0 the average takes {forget} samples ({beta:g}\u1d57 < {FORGET:g}) "
                                   f"to forget its start{longer}{corrected}."))
        steady_from = t_forget if settles else marks_at
    if steady_from < marks_at:
        steady = (f"Then v is the sine shrunk to gain {gain:.2f} and delayed by {lag:.1f} samples."
                  if beta > 0 else "The average v is the sine itself: gain 1.00, lag 0.0 samples.")
        out.append(("steady", steady_from, steady))
    out.append(("marks", marks_at, marks_caption(data)))
    return out


def marks_caption(data: dict) -> str:
    beta, gain, lag = data["beta"], data["gain"], data["lag"]
    forget = forget_samples(beta)
    agree = ""
    if data["bias_correction"] and beta > 0:
        gap = corrected_gap(data)
        agree = (", where the corrected average matches v" if gap < 0.01
                 else f", where the corrected average still differs from v by up to {gap:.2f}")
    if beta == 0 or data.get("peak_settled", True):
        when = f", past the start-up's {forget} samples," if beta > 0 else ""
        return (f"The marks on the peak at sample {data['peak']:.0f}{when} show the predicted lag, "
                f"{lag:.1f} samples, and gain, {gain:.2f}{agree}.")
    return (f"The marks on the peak at sample {data['peak']:.0f} show the steady-state lag, {lag:.1f} "
            f"samples, and gain, {gain:.2f}; the start-up lasts {forget} samples, so v has not settled "
            f"there yet{agree}.")


def corrected_gap(data: dict) -> float | None:
    """The largest |corrected - v| from the marked peak on (None without the bias-corrected curve)."""
    if not (data["bias_correction"] and data["beta"] > 0):
        return None
    after = slice(int(data["peak"]), None)  # the peak is past t = 0, where `corrected` is a placeholder
    return float(np.max(np.abs(data["corrected"][after] - data["ema"][after])))


def timing(beats: list[tuple[str, float, str]], drawn: float, hold: float) -> tuple[tuple, float]:
    """The pauses ((content time, seconds), ...) at the end of each beat but the last, each at least
    reveal.HOLD and long enough that the beat's caption is read (`story.needed`); and the final hold after
    the drawing ends at content time `drawn`, at least `hold`, long enough for the last caption."""
    pauses = []
    for (_, c0, caption), (_, c1, _) in zip(beats, beats[1:]):
        pauses.append((c1, max(reveal.HOLD, story.needed(caption) - (c1 - c0))))
    _, c0, caption = beats[-1]
    return tuple(pauses), max(hold, story.needed(caption) - (drawn - c0))


def tell(data: dict, title_when_averaging: str, lead: float, beats: list[tuple[str, float, str]],
         end: float, after) -> dict:
    """The storyboard of the clip [0, end]: the setup, then `beats` (from `parts`); `after(c)` is the clip
    time at which the drawing moves on from content time c (a beat that ends on a pause ends after it)."""
    beta, n = data["beta"], data["n"]
    title = title_when_averaging if beta > 0 else "With \u03b2 = 0 the average is the signal itself"
    clip = [reveal.setup_beat(SETUP, lead)]
    starts = [after(c0) for _, c0, _ in beats] + [end]
    for (name, _, caption), a, b in zip(beats, starts, starts[1:]):
        clip.append(story.beat(name, a, b, caption))
    labels = [*(label for _, label in data["legend"]), data["theory_text"], data["note_label"], data["xlabel"]]
    numbers = {"beta": beta, "one_minus_beta": round(1 - beta, 12), "dx": data["dx"], "samples": n,
               "gain": data["gain"], "lag_samples": data["lag"], "forget_samples": forget_samples(beta),
               "peak_sample": data["peak"], "peak_after_start_up": bool(data.get("peak_settled", True)),
               "bias_correction": data["bias_correction"], "corrected_gap_after_peak": corrected_gap(data)}
    return story.make_story(title, clip, labels, numbers)
