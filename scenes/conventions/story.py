"""Conventions's words: the title, beats and labels, computed from the outcome, and when they show."""
from __future__ import annotations

from scenes.kit import reveal, story


SECOND = 0.5  # the gradient after the drop, as in the forum post
# The setup beat; the answer comes a pause after the last step and stays long enough to read the step sizes
# at the end and the longest answer (at most about 150 characters: 1 + 7.5 s at 20 characters per second).
LEAD, HOLD = reveal.SETUP, reveal.HOLD + 8.5
SHORTEST_RISE = 1.0  # seconds: the rise is shown at least this long, taking the pause after the last step


def _n(x: float) -> str:
    return f"{x:.3g}"


def _zoom_note_at(fed2: float, ema_end: float, top: float) -> tuple[float, str]:
    """Where the note on the step fed after the drop goes: under its line when there is room above the
    axis, else above both the line and the EMA's last step (y, and its vertical alignment)."""
    if fed2 >= 0.15 * top:
        return 0.94 * fed2, "top"
    return max(ema_end, fed2) + 0.04 * top, "bottom"


def _answer(beta: float, scale: float, same: bool, lr_drop: float, num: dict) -> tuple[str, str]:
    """The verdict: two lines, the first about growth, the second about Keras against PyTorch."""
    if beta == 0:
        first = "With \u03b2 = 0 there is no momentum: every form takes the step fed."
    else:
        first = (f"Steps grow as 1 \u2212 \u03b2\u1d4f in both forms: EMA towards the step fed, "
                 f"heavy ball towards {_n(scale)}\u00d7 it.")
    if not same:
        second = (f"After the lr drop Keras steps {num['keras_step_after_drop']:.2f}, PyTorch "
                  f"{num['torch_step_after_drop']:.2f}: Keras' v still holds the old lr.")
    elif lr_drop == 1:
        second = "At a constant lr Keras takes PyTorch's steps exactly: its v is \u2212lr\u00b7b."
    else:
        second = "With no momentum Keras takes PyTorch's steps, even after the lr drop."
    return first, second


def _beats(beta, lr, lr2, drop, n, speed, same, num, answer) -> list[dict]:
    """Setup, the rise while g = 1, the drop (g and lr), and the verdict."""
    rise_end = LEAD + (drop - 1) / speed  # step `drop` is drawn at index drop - 1
    e_at, t_at = num["ema_step_at_drop"], num["torch_step_at_drop"]
    if beta == 0:
        rise = f"Every form steps {lr:g}, the step fed, for {drop} steps."
    else:
        rise = (f"Both steps grow as 1 \u2212 {beta:g}\u1d4f: by step {drop} the EMA's is {_n(e_at)}, "
                f"the heavy ball's {_n(t_at)}, {_n(num['scale'])} times more.")
    rise_seconds = rise_end + pauses(drop, speed)[0][1] - LEAD
    shorter = (f"Both steps grow as 1 \u2212 {beta:g}\u1d4f, the EMA's to {_n(e_at)}, the heavy ball's to {_n(t_at)}."
               if beta else f"Every form steps {lr:g}, the step fed.")
    rise = story.first_fitting(rise_seconds, rise, shorter, "")
    said_later = not rise  # a rise too short for its numbers: the drop's beat says them first
    rise = rise or ("The steps grow." if beta else f"Every form steps {lr:g}.")
    lr_part = "" if lr2 == lr else f" and lr to {lr2:g}"
    keras = ("Keras stays on PyTorch" if same else
             f"Keras steps {num['keras_step_after_drop']:.2f} against PyTorch's {num['torch_step_after_drop']:.2f}")
    drop_words = f"At step {drop + 1} g drops to {SECOND:g}{lr_part}: {keras}."
    if said_later:
        drop_words = f"By step {drop} the EMA's step is {_n(e_at)}, the heavy ball's {_n(t_at)}. " + drop_words
    closing = (f"By step {n} the heavy ball's step is {_n(num['torch_last_step'])}, the EMA's "
               f"{_n(num['ema_last_step'])}. {answer[0]}")
    t_answer = answer_time(n, speed)
    return [reveal.setup_beat(f"The three forms are fed g = 1 at lr = {lr:g}.", LEAD),
            story.beat("rise", LEAD, rise_end + pauses(drop, speed)[0][1], rise),  # ends on a pause before the drop
            story.beat("drop", rise_end + pauses(drop, speed)[0][1], t_answer, drop_words),
            story.beat("answer", t_answer, duration(n, speed), closing)]


def pauses(drop: int, speed: float) -> tuple[tuple[float, float], ...]:
    """The pause at step `drop`, before g and lr drop (`scenes.kit.timeline.unpause`): reveal.HOLD, longer
    where the rise would be shown for less than SHORTEST_RISE seconds, by up to reveal.HOLD (the pause after
    the last step, which then ends with the motion)."""
    rise = (drop - 1) / speed + reveal.HOLD
    return ((LEAD + (drop - 1) / speed, reveal.HOLD + min(reveal.HOLD, max(0.0, SHORTEST_RISE - rise))),)


def duration(n: int, speed: float) -> float:
    return LEAD + n / speed + reveal.HOLD + HOLD  # the pause at the drop, then the hold


def answer_time(n: int, speed: float) -> float:
    """A pause after the last step (and the one at the drop): then the answer fades in."""
    return LEAD + n / speed + 2 * reveal.HOLD
