"""Decay's data: `make_data` runs `sim` and returns the arrays and words the scene shows; its length and outcome, and what moves at each moment."""
from __future__ import annotations

import numpy as np

from scenes.decay.story import tell
from scenes.kit import reveal
from scenes.kit.story import beat_named, clip_end
from scenes.kit.timeline import fade, step_at


NAME = "decay"
LEAD, HOLD = reveal.SETUP, reveal.HOLD + 3.0  # the setup beat; a pause after the bars, then the box
TITLE = "How much a past gradient still counts"


def impulse_response(beta: float, steps: int) -> np.ndarray:
    """The heavy-ball buffer after a single gradient of 1 followed by zeros, read after each step.

    For β = 0 torch keeps no buffer and steps along g itself: the step x_k − x_{k+1} (lr = 1) is read
    instead, which is what the buffer would hold.
    """
    from sim import SGD

    opt = SGD(lr=1.0, momentum=beta)
    x = np.zeros(1)
    state = opt.init(x)
    out = np.empty(steps)
    for k in range(steps):
        g = np.ones(1) if k == 0 else np.zeros(1)
        x_new, state = opt.update(g, state, x)
        out[k] = opt.velocity(state)[0] if beta > 0 else (x - x_new)[0]
        x = x_new
    return out


def make_data(p: dict) -> dict:
    """For each panel: the weights β^i, the buffer's impulse response, running sums and the window."""
    n = int(p["bars"])
    i = np.arange(n)
    panels = []
    for beta in (float(p["beta_left"]), float(p["beta_right"])):
        weights = beta ** i
        window = 1.0 / (1.0 - beta)
        panels.append({
            "beta": beta,
            "weights": weights,
            "buffer": impulse_response(beta, n),
            "cumsum": np.cumsum(weights),
            "window": window,
            "xlim": (-0.9, max(n, window + 1.0) - 0.3),
            "heading": f"\u03b2 = {beta:g}",
            "box_label": f"1/(1\u2212\u03b2) = {window:.3g}",
            # Right-aligned on the box's corner when a left-aligned label would run off the panel.
            "box_label_right": bool(window - 0.5 > 0.6 * (max(n, window + 1.0) - 0.3)),
        })
    data = {"bars": n, "speed": float(p["speed"]), "i": i, "panels": panels, "legend": legend_rows(),
            "axis_labels": ("i  (steps back)", "weight")}
    data["story"] = tell(data, TITLE, LEAD, HOLD)
    return data


def duration(data: dict) -> float:
    """The setup, the bars and their rest, the box and the advice, each as long as its words need: the
    story's last beat ends the clip."""
    return clip_end(data["story"])


def outcome(data: dict) -> dict:
    return {
        "betas": [q["beta"] for q in data["panels"]],
        "windows": [q["window"] for q in data["panels"]],
        "sum_of_shown_weights": [float(q["cumsum"][-1]) for q in data["panels"]],
        "buffer_matches_weights": bool(all(np.allclose(q["buffer"], q["weights"], rtol=1e-12, atol=1e-15)
                                           for q in data["panels"])),
    }


def frame_state(data: dict, t: float) -> dict:
    """Bar heights as a fraction of their final value, how many dots are shown and the running sums."""
    s = step_at(t, data["bars"], data["speed"], LEAD)
    grown = np.clip(s - data["i"], 0.0, 1.0)
    done = int(np.floor(s + 1e-9))
    sums = [float(np.dot(grown, q["weights"])) for q in data["panels"]]
    box = fade(t, beat_named(data["story"], "box")["start"], 0.7)  # the boxes appear as their beat starts
    return {"grown": grown, "done": done, "sums": sums, "box": box}


def legend_rows() -> list[tuple[str, str]]:
    return [("bar", "weight \u03b2\u2071 of the gradient from i steps back"),
            ("box", "box 1/(1\u2212\u03b2) \u00d7 1: the area of all the bars"),
            ("dot", "sim: the heavy-ball buffer v, i steps after a single gradient g = 1, then zeros")]
