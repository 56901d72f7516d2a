"""The conventions scene's runs and words: the steps of four optimizers on one gradient schedule.

Each optimizer is fed g = 1 for the first `drop` steps and g = 0.5 afterwards; at the same step the
learning rate drops from lr to lr·lr_drop. The step it takes, x_k − x_{k+1}, is recorded:

    plain SGD       x ← x − lr_k·g                                  (the step fed)
    EMA form        v ← β v + (1 − β) g,    x ← x − lr_k·v          (sim.EMAMomentum)
    PyTorch         b ← β b + g (b_1 = g_1), x ← x − lr_k·b         (sim.SGD, torch's rule)
    Keras           v ← β v − lr_k·g,        x ← x + v              (sim.Keras)

The EMA form is PyTorch scaled by (1 − β) on every step, so both grow as 1 − β^k while g is constant:
the EMA's step towards the step fed, the heavy ball's towards 1/(1 − β) times it. Keras takes PyTorch's
steps only while lr is constant (then v = −lr·b): it folds lr into v, so after a drop its old velocity
still carries the old lr, while PyTorch applies the new lr to its whole buffer.
"""
from __future__ import annotations

import numpy as np

from scenes.kit import reveal, story
from scenes.kit.params import ParamError

SECOND = 0.5  # the gradient after the drop, as in the forum post
LEAD, HOLD = reveal.SETUP, 4.0  # the setup beat; the answer comes a pause after the last step


def steps_taken(make, lrs: tuple[float, float], grads: np.ndarray, drop: int) -> np.ndarray:
    """Feed the gradients one by one and record each step x_k − x_{k+1}; from step `drop` on the
    optimizer is rebuilt with the second learning rate and keeps its state."""
    before, after = make(lrs[0]), make(lrs[1])
    x = np.zeros(1)
    state = before.init(x)
    out = np.empty(len(grads))
    for k, g in enumerate(grads):
        opt = before if k < drop else after
        x_new, state = opt.update(np.array([g]), state, x)
        out[k] = (x - x_new)[0]
        x = x_new
    return out


def runs(beta: float, lr: float, lr_drop: float, n: int, drop: int) -> dict:
    """The gradients, the learning rates and the four optimizers' steps."""
    from sim import SGD, EMAMomentum, Keras

    grads = np.where(np.arange(n) < drop, 1.0, SECOND)
    lrs = (lr, lr * lr_drop)
    steps = {
        "plain": steps_taken(lambda a: SGD(a), lrs, grads, drop),
        "ema": steps_taken(lambda a: EMAMomentum(a, beta), lrs, grads, drop),
        "torch": steps_taken(lambda a: SGD(a, momentum=beta), lrs, grads, drop),
        "keras": steps_taken(lambda a: Keras(a, momentum=beta), lrs, grads, drop),
    }
    return {"grads": grads, "lrs": lrs, "steps": steps}


def _n(x: float) -> str:
    return f"{x:.3g}"


def make_data(p: dict) -> dict:
    """Steps of plain SGD, the EMA form, PyTorch and Keras, and every word the scene shows."""
    beta, lr, lr_drop = float(p["beta"]), float(p["lr"]), float(p["lr_drop"])
    n, drop = int(p["steps"]), int(p["drop_at"])
    if drop >= n:
        raise ParamError(f"drop_at={drop} must be smaller than steps={n}, or the drop is never shown")
    r = runs(beta, lr, lr_drop, n, drop)
    st, lr2 = r["steps"], r["lrs"][1]
    limit, scale = lr / (1.0 - beta), 1.0 / (1.0 - beta)
    same = bool(np.allclose(st["keras"], st["torch"], rtol=1e-9, atol=1e-12 * lr))
    fed2 = SECOND * lr2
    after = st["ema"][drop:]
    on = bool(np.allclose(after, fed2, rtol=1e-9, atol=0))
    above = bool(not on and np.all(after > fed2))
    below = bool(st["ema"].max() <= lr * (1 + 1e-12))
    num = {
        "beta": beta, "one_minus_beta": round(1 - beta, 12), "lr": lr, "lr_after": lr2, "drop_at": drop,
        "steps": n, "g_before": 1.0, "g_after": SECOND, "heavy_ball_limit": limit, "scale": scale,
        "ema_step_at_drop": float(st["ema"][drop - 1]), "torch_step_at_drop": float(st["torch"][drop - 1]),
        "ema_step_after_drop": float(st["ema"][drop]), "torch_step_after_drop": float(st["torch"][drop]),
        "keras_step_after_drop": float(st["keras"][drop]), "step_fed_after_drop": fed2,
        "ema_last_step": float(st["ema"][-1]), "torch_last_step": float(st["torch"][-1]),
    }
    every = max(1, int(np.ceil(n / 80)))  # Keras markers: at most about 80 of them
    num["marker_every"] = every
    lr_words = f"lr = {lr:g}" if lr_drop == 1 else f"lr {lr:g} \u2192 {lr2:g}"
    keras_note = ("markers" if every == 1 else f"markers, every {every} steps") + (
        ": the PyTorch steps exactly (v = \u2212lr\u00b7b)" if same else ": Keras' own steps (v holds lr)")
    words = {
        "title": ("Does momentum make steps grow? Not at \u03b2 = 0" if beta == 0
                  else "Does momentum make steps grow? Yes, in both forms"),
        "names": ("EMA form", "PyTorch SGD", "Keras SGD"),
        "notes": (f"\u03b2 = {beta:g};  from step {drop + 1}: g 1 \u2192 {SECOND:g}, {lr_words}",
                  "grey: plain SGD, the step fed (lr\u00b7g)",
                  keras_note),
        "limit_label": f"lr/(1\u2212\u03b2) = {_n(limit)}",
        "headings": ("all three forms", f"zoom: EMA form = {_n(1 - beta)} \u00d7 PyTorch"),
        "zoom_notes": (("never above " if below else "goes above ") + f"{lr:g}",
                       ("sits on " if on else "stays above " if above else "rises to ") + f"{fed2:g}"),
        "axis_labels": ("iteration k", "step taken"),
        "answer": _answer(beta, scale, same, lr_drop, num),
    }
    words["beats"] = _beats(beta, lr, lr2, drop, n, float(p["speed"]), same, num, words["answer"])
    return {
        "beta": beta, "lr": lr, "lr_after": lr2, "n": n, "drop": drop, "speed": float(p["speed"]),
        "k": np.arange(1, n + 1, dtype=float), "marker_every": every, "grads": r["grads"], "steps": st,
        "limit": limit, "keras_equals_pytorch": same, "ema_above_after_drop": above,
        "ylim_all": (0.0, 1.12 * max(float(max(s.max() for s in st.values())), limit)),
        "ylim_zoom": (0.0, 1.3 * lr),
        "formulas": (
            rf"v \leftarrow {beta:g}\,v + {1 - beta:.3g}\,g,\quad x \leftarrow x - \mathrm{{lr}}\,v",
            rf"b \leftarrow {beta:g}\,b + g\ \ (b_1 = g_1),\quad x \leftarrow x - \mathrm{{lr}}\,b",
            rf"v \leftarrow {beta:g}\,v - \mathrm{{lr}}\,g,\quad x \leftarrow x + v",
        ),
        "fed_after": fed2,
        "zoom_note_at": _zoom_note_at(fed2, float(st["ema"][-1]), 1.3 * lr),
        **{key: words[key] for key in ("names", "notes", "limit_label", "headings", "zoom_notes", "axis_labels",
                                       "answer")},
        "story": story.make_story(words["title"], words["beats"],
                                  [*words["names"], *words["notes"], words["limit_label"], *words["headings"],
                                   *words["zoom_notes"], *words["axis_labels"], *words["answer"]], num),
    }


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
