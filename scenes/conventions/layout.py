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
ANSWER_Y = (0.075, 0.03)  # the answer's two lines, as designed
ANSWER_TOP, ANSWER_DY = 0.088, 0.042  # its rows where a line too wide for the frame breaks in two (9:16)
ANSWER_WIDTH = 0.9  # the widest the answer's lines may be, as a fraction of the frame
# Other aspects: the legend, then its notes (flush right), then the two panels side by side (4:3, 1:1)
# or one above the other (9:16), then the answer, whose zone reaches below the 16:9 frame for the rows a
# narrow frame breaks its lines into (room the 16:9 design does not use).
FLOW = Flow((Zone("title", (0.0, 0.875, 0.85, 1.0)),
             Zone("legend", (0.0, 0.69, 0.52, 0.875)),
             Zone("notes", (0.62, 0.69, 1.0, 0.875), align="right"),
             Zone("left", (0.0, 0.11, 0.6, 0.69), fit="stretch", inner=(0.09, 0.2, 0.575, 0.6)),
             Zone("right", (0.6, 0.11, 1.0, 0.69), fit="stretch", inner=(0.66, 0.2, 0.96, 0.6)),
             Zone("answer", (0.0, -0.06, 0.9, 0.11))))
KEYS = ("ema", "torch", "keras")


def zoom_note_breaks(data: dict, width: float) -> bool:
    """Whether the zoom panel's second note, `width` steps wide on one line, goes on two: a note set above
    the lines that would reach left past the drop, where the EMA form's curve falls through it."""
    return data["zoom_note_at"][1] == "bottom" and width > data["n"] - data["drop"] - 1


def zoom_note_at(data: dict, width: float) -> tuple[float, str]:
    """Where the zoom panel's second note goes (y, vertical alignment): the story's spot (`zoom_note_at`);
    a note set above the lines is lifted above every curve drawn under its `width` (in steps, the note
    ending at the last step), the EMA form's and plain SGD's steps, by 4% of the panel's top."""
    y, va = data["zoom_note_at"]
    if va == "top":
        return y, va
    k = np.asarray(data["k"], dtype=float)
    under = k >= data["n"] - width - 1
    highest = max(float(np.max(np.asarray(data["steps"][key], dtype=float)[under])) for key in ("ema", "plain"))
    return max(y, highest + 0.04 * data["ylim_zoom"][1]), va


def answer_rows(answer, widths) -> list[tuple[str, float, float, bool]]:
    """(text, y, points, bold) of the answer's rows: its bold first line at 15 pt and its second at 14 pt,
    each broken in two (`scenes.kit.layout.two_lines`) where its width (`widths`, as fractions of the
    frame) is more than ANSWER_WIDTH, rather than shrunk below a readable size."""
    from scenes.kit.layout import two_lines

    rows = []
    for line, width, pt, bold in zip(answer, widths, (15.0, 14.0), (True, False)):
        parts = [p for p in (two_lines(line) if width > ANSWER_WIDTH else (line,)) if p]
        rows += [(p, pt, bold) for p in parts]
    ys = ANSWER_Y if len(rows) == 2 else [ANSWER_TOP - i * ANSWER_DY for i in range(len(rows))]
    return [(s, y, pt, bold) for (s, pt, bold), y in zip(rows, ys)]


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
