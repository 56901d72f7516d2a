"""Conventions's words: the title, beats and labels, computed from the outcome, and when they show."""
from __future__ import annotations

from scenes.kit import reveal, story


SECOND = 0.5  # the gradient after the drop, as in the forum post
LEAD, HOLD = reveal.SETUP, 4.0  # the setup beat; the answer comes a pause after the last step


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
    lr_part = "" if lr2 == lr else f" and lr to {lr2:g}"
    keras = ("Keras stays on PyTorch" if same else
             f"Keras steps {num['keras_step_after_drop']:.2f} against PyTorch's {num['torch_step_after_drop']:.2f}")
    drop_words = (f"At step {drop + 1} g drops to {SECOND:g}{lr_part}: {keras}, and by step {n} the heavy "
                  f"ball's step goes from {_n(t_at)} to {_n(num['torch_last_step'])}, the EMA's from "
                  f"{_n(e_at)} to {_n(num['ema_last_step'])}.")
    t_answer = answer_time(n, speed)
    return [reveal.setup_beat(f"The three forms are fed g = 1 at lr = {lr:g}; nothing has moved yet.", LEAD),
            story.beat("rise", LEAD, rise_end + reveal.HOLD, rise),  # ends on a pause before the drop
            story.beat("drop", rise_end + reveal.HOLD, t_answer, drop_words),
            story.beat("answer", t_answer, duration(n, speed), answer[0])]


def pauses(drop: int, speed: float) -> tuple[tuple[float, float], ...]:
    """The pause at step `drop`, before g and lr drop (`scenes.kit.timeline.unpause`)."""
    return ((LEAD + (drop - 1) / speed, reveal.HOLD),)


def duration(n: int, speed: float) -> float:
    return LEAD + n / speed + reveal.HOLD + HOLD  # the pause at the drop, then the hold


def answer_time(n: int, speed: float) -> float:
    """A pause after the last step (and the one at the drop): then the answer fades in."""
    return LEAD + n / speed + 2 * reveal.HOLD
