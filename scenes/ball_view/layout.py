"""Where ball-view's parts sit on the frame, shared by both backends, and how the design reflows at other aspects."""
from __future__ import annotations

from scenes.ball_view import story as words
from scenes.kit.layout import Panel
from scenes.kit.reflow import Flow, Zone


# Other aspects: the text column's parts sit beside the panels (4:3, 1:1) or between them (9:16).
FLOW = Flow((Zone("title", (0.0, 0.88, 0.58, 1.0)),
             Zone("beta", (0.8, 0.88, 1.0, 1.0), align="right"),
             Zone("valley", (0.0, 0.44, 0.645, 0.88), fit="stretch", inner=(0.075, 0.47, 0.625, 0.83)),
             Zone("slope", (0.0, 0.0, 0.645, 0.44), fit="stretch", inner=(0.075, 0.12, 0.625, 0.38)),
             Zone("notes", (0.65, 0.43, 0.95, 0.84)),
             Zone("lower", (0.65, 0.08, 0.95, 0.43)),
             Zone("status", (0.65, 0.2, 0.95, 0.43)),
             Zone("slopelegend", (0.65, 0.08, 0.95, 0.2))),
            rows={"4:3": (("title", "beta"), ("valley", "notes"), ("slope", "lower")),
                  "1:1": (("title",), ("beta",), ("valley", "notes"), ("slope", "lower")),
                  "9:16": (("title",), ("beta",), ("valley",), ("notes",), ("status",), ("slope",),
                           ("slopelegend",))})


# Layout on the shared canvas, in figure fractions (left, bottom, width, height).
VALLEY_BOX = (0.075, 0.47, 0.55, 0.36)
SLOPE_BOX = (0.075, 0.12, 0.55, 0.26)
COL = 0.675  # left edge of the text column
# Heights of the text column's rows, in figure fractions: live status, verdict, the toy ball's two lines,
# and the slope panel's legend.
STATUS_Y, GONE_Y, TOY_Y, SLOPE_LEGEND_Y = 0.395, 0.34, (0.285, 0.24), (0.17, 0.115)


def panels(data: dict) -> tuple[Panel, Panel]:
    """The valley panel and the slope panel, with their data limits."""
    return (Panel(VALLEY_BOX, data["x_range"], data["y_range"]),
            Panel(SLOPE_BOX, data["x_range"], data["slope_range"]))


def status_text(st: dict) -> str:
    return "no bump left" if st["gone"] else f"bump height {words.height_text(st['height'])}"
