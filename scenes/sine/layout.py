"""Where Sine's parts sit on the frame, shared by both backends, and how the design reflows at other aspects."""
from __future__ import annotations

import numpy as np

from scenes.kit.reflow import Flow, Zone
from scenes.kit.plot1d import nice_ticks


PLOT = (0.075, 0.115, 0.885, 0.56)  # left, bottom, width, height in figure fractions
YLIM = (-1.3, 1.55)
BRACKET_Y = 1.2
LEGEND_STEP = {"sine": 0.1, "ema": 0.1}
# Other aspects: the header's lines stack (the right-hand ones flush right) above the plot, which
# takes the height they leave.
FLOW = Flow((Zone("title", (0.0, 0.87, 0.76, 1.0)),
             Zone("counter", (0.8, 0.87, 1.0, 1.0), align="right"),
             Zone("rule", (0.0, 0.78, 0.44, 0.87)),
             Zone("response", (0.62, 0.78, 1.0, 0.87), align="right"),
             Zone("legend", (0.0, 0.7, 0.3, 0.78)),
             Zone("theory", (0.62, 0.7, 1.0, 0.78), align="right"),
             Zone("plot", (0.0, 0.0, 1.0, 0.7), fit="stretch", inner=(0.075, 0.115, 0.96, 0.675))),
            rows={"1:1": (("title",), ("counter",), ("rule",), ("response",), ("legend", "theory"), ("plot",)),
                  "9:16": (("title",), ("counter",), ("rule",), ("response",), ("legend",), ("theory",),
                           ("plot",))})


def curves(data: dict) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(key, t, y) of the growing curves, back to front: sine, EMA and maybe the corrected EMA."""
    t = data["t"]
    out = [("sine", t, data["sine"])]
    if data["bias_correction"]:  # under the EMA and wider: where the two agree it shows as an outline
        out.append(("corrected", t[1:], data["corrected"][1:]))
    return out + [("ema", t, data["ema"])]


def colors(theme) -> dict:
    return {"sine": theme.curve, "ema": theme.momentum, "corrected": theme.accent}


def ticks(data: dict) -> tuple[np.ndarray, np.ndarray]:
    return nice_ticks(0, data["n"], 8), np.array([-1.0, -0.5, 0.0, 0.5, 1.0])


def counter_text(data: dict, st: dict) -> str:
    return f"t = {st['sample']} / {data['n']}"


def marks(data: dict) -> dict:
    """Geometry of the annotation: the sine peak, the predicted EMA peak and where the labels go."""
    a, b = data["peak"], data["peak"] + data["lag"]
    return {"a": a, "b": b, "gain": data["gain"], "y": BRACKET_Y,
            "gain_line": (b - 0.035 * data["n"], b + 0.035 * data["n"]),
            "label": (float(np.clip(0.5 * (a + b), 0.15 * data["n"], 0.85 * data["n"])), BRACKET_Y + 0.1)}
