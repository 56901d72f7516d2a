"""Where Conventions's parts sit on the frame, shared by both backends, and how the design reflows at other aspects."""
from __future__ import annotations

import numpy as np

from scenes.conventions import story as run
from scenes.kit.reflow import Flow, Zone
from scenes.kit.plot1d import nice_ticks
from scenes.kit.timeline import fade, step_at, unpause


NAME = "conventions"
LEAD, SECOND = run.LEAD, run.SECOND
LEFT = (0.09, 0.2, 0.485, 0.4)
RIGHT = (0.66, 0.2, 0.3, 0.4)
ROWS_Y = (0.835, 0.775, 0.715)
# Other aspects: the legend, then its notes (flush right), then the two panels side by side (4:3, 1:1)
# or one above the other (9:16), then the answer.
FLOW = Flow((Zone("title", (0.0, 0.875, 0.85, 1.0)),
             Zone("legend", (0.0, 0.69, 0.52, 0.875)),
             Zone("notes", (0.62, 0.69, 1.0, 0.875), align="right"),
             Zone("left", (0.0, 0.11, 0.6, 0.69), fit="stretch", inner=(0.09, 0.2, 0.575, 0.6)),
             Zone("right", (0.6, 0.11, 1.0, 0.69), fit="stretch", inner=(0.66, 0.2, 0.96, 0.6)),
             Zone("answer", (0.0, 0.0, 0.9, 0.11))))
KEYS = ("ema", "torch", "keras")


def duration(data: dict) -> float:
    return run.duration(data["n"], data["speed"])


def outcome(data: dict) -> dict:
    st, drop, lr = data["steps"], data["drop"], data["lr"]
    return {
        "beta": data["beta"],
        "lr": lr,
        "lr_after_drop": data["lr_after"],
        "ema_max_step": float(st["ema"].max()),
        "ema_min_step_after_drop": float(st["ema"][drop:].min()),
        "heavy_ball_max_step": float(st["torch"].max()),
        "heavy_ball_limit": data["limit"],
        "ema_is_scaled_heavy_ball": bool(np.allclose(st["ema"], (1 - data["beta"]) * st["torch"], rtol=1e-9)),
        "keras_equals_pytorch": data["keras_equals_pytorch"],
    }


def answer_time(data: dict) -> float:
    return run.answer_time(data["n"], data["speed"])


def frame_state(data: dict, t: float) -> dict:
    # Step k (1-based) is drawn at index k - 1: s runs from 0 to n - 1.
    s = step_at(unpause(t, run.pauses(data["drop"], data["speed"])), data["n"] - 1, data["speed"], LEAD)
    return {"s": s, "step": int(np.floor(s)) + 1, "answer": fade(t, answer_time(data), 0.8)}


def colors(theme) -> dict:
    return {"plain": theme.muted, "ema": theme.accent, "torch": theme.momentum, "keras": theme.gd}


def counter_text(data: dict, st: dict) -> str:
    return f"step {st['step']} / {data['n']}"


def xticks(data: dict) -> np.ndarray:
    return nice_ticks(0, data["n"], 6)


def zoom_ticks(data: dict) -> np.ndarray:
    return np.array([0.0, 0.5, 1.0]) * data["lr"]
