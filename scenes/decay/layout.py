"""Where Decay's parts sit on the frame, shared by both backends, and how the design reflows at other aspects."""
from __future__ import annotations

import numpy as np

from scenes.kit.reflow import Flow, Zone
from scenes.kit.plot1d import nice_ticks


PANELS = ((0.075, 0.13, 0.4, 0.465), (0.565, 0.13, 0.4, 0.465))
HEADING_Y = 0.645
YLIM = (0.0, 1.22)
UNROLLED = (r"v_t = g_t + \beta\,g_{t-1} + \beta^2 g_{t-2} + \beta^3 g_{t-3} + \cdots"
            r" = \sum_{i \geq 0}\, \beta^i\, g_{t-i}")
RULE = r"v \leftarrow \beta\,v + g,\quad v_0 = 0"


def sum_text(data: dict, k: int, st: dict) -> str:
    return f"sum of bars {st['sums'][k]:.2f}"


def xticks(q: dict) -> np.ndarray:
    return nice_ticks(0, q["xlim"][1], 6)


YTICKS = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
LEGEND_AT = {"bar": (0.05, 0.762), "box": (0.555, 0.762), "dot": (0.05, 0.71)}
# Other aspects: the header's lines stack (the rule flush right), then the two panels side by side
# (4:3, 1:1) or one above the other (9:16).
FLOW = Flow((Zone("title", (0.0, 0.875, 0.65, 1.0)),
             Zone("unrolled", (0.0, 0.79, 0.5, 0.875)),
             Zone("rule", (0.76, 0.79, 1.0, 0.875), align="right"),
             Zone("bars", (0.0, 0.74, 0.5, 0.79)),
             Zone("box", (0.505, 0.74, 0.87, 0.79)),
             Zone("sim", (0.0, 0.685, 0.62, 0.74)),
             Zone("left", (0.0, 0.0, 0.5, 0.685), fit="stretch", inner=(0.075, 0.13, 0.475, 0.595)),
             Zone("right", (0.5, 0.0, 1.0, 0.685), fit="stretch", inner=(0.565, 0.13, 0.965, 0.595))),
            rows={"4:3": (("title",), ("unrolled", "rule"), ("bars",), ("box",), ("sim",), ("left", "right")),
                  "1:1": (("title",), ("unrolled",), ("rule",), ("bars",), ("box",), ("sim",), ("left", "right"))})
