"""Conventions's data: `make_data` runs `sim` and returns the arrays and words the scene shows; its length and outcome, and what moves at each moment."""
from __future__ import annotations

import numpy as np

from scenes.kit import story
from scenes.kit.params import ParamError
from scenes.conventions.story import SECOND, _answer, _beats, _n, _zoom_note_at


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
