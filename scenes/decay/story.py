"""The decay scene's words: how far back a gradient still counts, and what 1/(1 − β) means for lr.

The gradient from i steps back weighs β^i in the heavy-ball buffer; it falls below FAINT ("essentially
0") at the first i with β^i < FAINT: the 6th step back at β = 0.6 (0.6⁶ ≈ 0.047), as the PyTorch how-to
observes. All the weights sum to 1/(1 − β): a steady gradient g moves the weights by lr·g/(1 − β) per
step, so momentum wants a learning rate about 1/(1 − β) times smaller for the same step.
"""
from __future__ import annotations

import numpy as np

from scenes.kit import reveal, story


FAINT = 0.05  # a weight below this is "essentially 0"


def cutoff(beta: float) -> int:
    """The first i >= 1 with beta^i < FAINT: how many steps back a gradient essentially stops counting."""
    if beta == 0:
        return 1
    i = int(np.ceil(np.log(FAINT) / np.log(beta)))
    return i + 1 if beta ** i >= FAINT else i


def _sup(k: int) -> str:
    return str(k).translate(str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"))


def _nth(k: int) -> str:
    return f"{k}" + ("th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th"))


def tell(data: dict, title: str, lead: float, hold: float) -> dict:
    """The storyboard: a `lead`-second setup beat building the empty panels, the bars growing to beta^i
    (and the step where they fall below FAINT) and a pause, then the box of area 1/(1 - beta) and what that
    factor means for the learning rate, each for half of the rest of `hold` seconds at least. Each beat
    lasts as long as its caption needs (`story.at_least`): the bars rest until their words are read."""
    n, qs = data["bars"], data["panels"]
    hold -= reveal.HOLD
    cuts = [cutoff(q["beta"]) for q in qs]
    faint = []
    for q, c in zip(qs, cuts):
        beyond = f", beyond the {n} bars shown" if c > n - 1 else ""
        faint.append(f"by the {_nth(c)} step back at \u03b2 = {q['beta']:g} "
                     f"({q['beta']:g}{_sup(c)} \u2248 {q['beta'] ** c:.2g}{beyond})")
    sums = [float(q["cumsum"][-1]) for q in qs]
    win = [f"{q['window']:.3g}" for q in qs]
    if max(q["beta"] for q in qs) == 0:
        advice = "With \u03b2 = 0 in both panels no gradient is summed up: the learning rate needs no change."
    else:
        advice = (f"A steady gradient is summed up {win[0]}\u00d7 at \u03b2 = {qs[0]['beta']:g} and {win[1]}\u00d7 "
                  f"at \u03b2 = {qs[1]['beta']:g}, so momentum wants a learning rate about that much smaller.")
    setup = f"Two empty panels: \u03b2 = {qs[0]['beta']:g} and \u03b2 = {qs[1]['beta']:g}."
    bars = f"The bars grow to \u03b2\u2071; the weight falls below {FAINT:g} {faint[0]} and {faint[1]}."
    box = (f"The dashed boxes, {win[0]} and {win[1]} steps of full weight, have the area of all the "
           f"bars; the {n} bars shown sum to {sums[0]:.2f} and {sums[1]:.2f}.")
    grown = lead + story.at_least(n / data["speed"] + reveal.HOLD, bars)  # the bars rest before the box
    boxed = grown + story.at_least(hold / 2, box)
    beats = [
        reveal.setup_beat(setup, lead),
        story.beat("bars", lead, grown, bars),
        story.beat("box", grown, boxed, box),
        story.beat("advice", boxed, boxed + story.at_least(hold / 2, advice), advice),
    ]
    labels = [*(q["heading"] for q in qs), *(q["box_label"] for q in qs), *(row for _, row in data["legend"]),
              *data["axis_labels"]]
    numbers = {"betas": [q["beta"] for q in qs], "windows": [q["window"] for q in qs], "bars": n,
               "faint_below": FAINT, "faint_step": cuts, "faint_weight": [q["beta"] ** c for q, c in zip(qs, cuts)],
               "sums_shown": sums}
    return story.make_story(title, beats, labels, numbers)
