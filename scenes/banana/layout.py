"""Where the banana's parts sit on the 16:9 canvas, in figure fractions, for both backends, and how the
design reflows at the other aspects."""
from __future__ import annotations

from scenes.banana.data import XLIM, YLIM
from scenes.kit import layout as L
from scenes.kit.reflow import Flow, Zone

TITLE = (0.04, 0.945)
ROW1, ROW2 = 0.86, 0.795          # the update rule and α, β; the function and the legend
LEFT, RIGHT = 0.045, 0.96
LEGEND_X = (0.56, 0.79)           # where the legend's two entries start (marker), text 0.017 further
MAP = L.Panel(L.equal_aspect_box(0.04, 0.165, 0.92, XLIM, YLIM), XLIM, YLIM)
FACTS_Y = (0.105, 0.045)          # bottom rows: the curvature and the limit (left), the live numbers and the
# step (right): the longer texts of each side on different rows
ARROW_GAP, ARROW_IN = 0.035, 0.13  # the edge arrow runs from this far out of the window to that far (data units)
SIZES = {"title": 22, "formula": 17, "text": 15, "facts": 14}

FLOW = Flow((Zone("title", (0.0, 0.9, 1.0, 1.0)),
             Zone("rule", (0.0, 0.825, 0.4, 0.9)),
             Zone("params", (0.62, 0.825, 1.0, 0.9), align="right"),
             Zone("function", (0.0, 0.76, 0.4, 0.825)),
             Zone("legend", (0.54, 0.76, 1.0, 0.825), align="right"),
             Zone("map", (0.0, 0.14, 1.0, 0.76), fit="scale"),
             Zone("facts", (0.0, 0.0, 0.6, 0.14)),
             Zone("counter", (0.6, 0.0, 1.0, 0.14), align="right")),
            rows={"4:3": (("title",), ("rule", "params"), ("function",), ("legend",), ("map",), ("facts",),
                          ("counter",)),
                  "1:1": (("title",), ("rule",), ("params",), ("function",), ("legend",), ("map",), ("facts",),
                          ("counter",)),
                  "9:16": (("title",), ("rule",), ("params",), ("function",), ("legend",), ("map",), ("facts",),
                           ("counter",))})
