"""Where Derivatives's parts sit on the frame, shared by both backends, and how the design reflows at other aspects."""
from __future__ import annotations

import numpy as np

from scenes.kit.reflow import Flow, Zone
from scenes.kit.plot1d import nice_ticks


TOP = (0.565, 0.53, 0.395, 0.25)
BOTTOM = (0.565, 0.13, 0.395, 0.25)
DATA = (0.085, 0.11, 0.23, 0.3)
LOSS_X = 0.335
# Other aspects: the notes beside the upper gradient panel (4:3) or above it (1:1, 9:16); the data
# panel keeps its list of mean losses at its right.
FLOW = Flow((Zone("title", (0.0, 0.87, 0.64, 1.0)),
             Zone("counter", (0.75, 0.87, 0.97, 1.0), align="right"),
             Zone("notes", (0.0, 0.5, 0.45, 0.87)),
             Zone("top", (0.5, 0.46, 1.0, 0.87), fit="stretch", inner=(0.565, 0.53, 0.96, 0.78)),
             Zone("data", (0.0, 0.0, 0.47, 0.5), fit="stretch", inner=(0.085, 0.11, 0.315, 0.41), min_in=1.2),
             Zone("bottom", (0.49, 0.0, 1.0, 0.46), fit="stretch", inner=(0.565, 0.13, 0.96, 0.38), min_in=4.7)),
            rows={"1:1": (("title",), ("notes", "counter"), ("data", "top"), ("bottom",))})


def colors(theme) -> dict:
    return {"linear": theme.curve, "relu": theme.gd, "mom": theme.momentum, "velocity": theme.accent}


PANEL_SERIES = (("linear", "relu"), ("mom", "velocity"))
LEGEND_STEP = {"linear": 0.13, "relu": 0.0, "mom": 0.29, "velocity": 0.0}


def counter_text(data: dict, st: dict) -> str:
    return f"updates done {st['done']} / {data['n']}"


def loss_text(data: dict, name: str, st: dict) -> str:
    return f"{data['words']['loss_names'][name]} {st['losses'][name]:.3f}"


def dticks(data: dict) -> np.ndarray:
    return nice_ticks(*data["ylim"], 4)


def formula_rows():
    return (0.825, 0.765, 0.705, 0.645)


def loss_y(i: int) -> float:
    return DATA[1] + DATA[3] - 0.055 * (i + 1)
