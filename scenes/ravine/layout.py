"""Where Ravine's parts sit on the frame, shared by both backends, and how the design reflows at other aspects."""
from __future__ import annotations

from scenes.kit.reflow import Flow, Zone
from scenes.kit import layout as L
from scenes.ravine.data import LOSS_FLOOR, LOSS_TOP, XLIM, YLIM


# Layout, in figure fractions; both backends place everything from these.
CONTOUR = L.Panel(L.equal_aspect_box(0.035, 0.065, 0.62, XLIM, YLIM), XLIM, YLIM)
LOSS = L.Panel((0.745, 0.12, 0.225, 0.36), (0.0, 1.0), (LOSS_FLOOR, LOSS_TOP), log=True)
COUNTER_AT = (0.97, 0.67)
DECADES = (-6, -4, -2, 0, 2)
HEADER_Y = (0.835, 0.755)
# Other aspects: header rows stack; the contour map scales (its units stay square) and the loss panel,
# with the step counter and the table above it, stretches beside or below it.
FLOW = Flow((Zone("title", (0.0, 0.9, 1.0, 1.0)),
             Zone("legend", (0.0, 0.72, 0.62, 0.9)),
             Zone("params", (0.62, 0.72, 1.0, 0.9), align="right"),
             Zone("contour", (0.0, 0.03, 0.665, 0.63), fit="scale"),
             Zone("side", (0.665, 0.0, 1.0, 0.72), fit="stretch", inner=(0.745, 0.12, 0.97, 0.48))),
            rows={"4:3": (("title",), ("legend",), ("params",), ("contour", "side")),
                  "1:1": (("title",), ("legend",), ("params",), ("contour", "side")),
                  "9:16": (("title",), ("legend",), ("params",), ("contour",), ("side",))})


def loss_panel(data: dict) -> L.Panel:
    return L.Panel(LOSS.box, (0.0, float(data["steps"])), LOSS.ylim, log=True)
