"""Where the milestones scene puts things on the 16:9 design canvas (figure fractions), the same in
both backends, and how the design reflows onto the other aspects."""
from __future__ import annotations

from scenes.kit.reflow import Flow, Zone

TITLE = (0.05, 0.945)
LANES_HEAD = (0.10, 0.878)
LANES_BOX = (0.10, 0.705, 0.5, 0.145)   # left, bottom, width, height: the lanes above the bars
BARS_BOX = (0.10, 0.13, 0.5, 0.52)      # the stacked loss bars
CLIP_NOTE = (0.60, 0.677)                # "bars cut at ...", right-aligned between the lanes and the bars
LANE_NAME_X = 0.092                      # lane names end here, left of the lanes
COL = 0.65                               # the column of words on the right
# (role, y, size, weight); colour by role in the backends
COLUMN = (("rule", 0.855, 14, "normal"), ("who", 0.79, 16, "bold"), ("setting", 0.74, 15, "normal"),
          ("case", 0.69, 14, "normal"), ("rate_head", 0.605, 15, "bold"), ("rate", 0.555, 15, "normal"),
          ("gd_head", 0.505, 15, "normal"), ("gd_rate", 0.46, 15, "normal"), ("end_head", 0.375, 15, "bold"),
          ("verdict1", 0.325, 15, "normal"), ("verdict2", 0.28, 15, "normal"), ("matrix", 0.18, 14, "normal"))
VERDICT_ROLES = ("end_head", "verdict1", "verdict2")
COLOURS = ("curve", "momentum", "gd")     # theme colours of λ₁, λ₂, λₙ
LABEL_LIFT = 0.45                         # a mark's label sits this far above its lane (lane units)
BAR_WIDTH = 0.8

FLOW = Flow((Zone("title", (0.0, 0.9, 1.0, 1.0)),
             Zone("chart", (0.0, 0.0, 0.635, 0.9), fit="stretch", inner=(0.10, 0.13, 0.60, 0.85), min_in=3.0),
             Zone("column", (0.64, 0.15, 1.0, 0.88))),
            rows={"4:3": (("title",), ("chart", "column")),
                  "1:1": (("title",), ("chart", "column")),
                  "9:16": (("title",), ("chart",), ("column",))})


def lane_fig_y(lane_y: float) -> float:
    """A lane's height in figure fractions (the lane panel's y runs over [0, 3])."""
    return LANES_BOX[1] + LANES_BOX[3] * lane_y / 3.0


def mark_anchor(k: float, steps: int) -> tuple[float, str]:
    """Where a mark's label goes along the step axis, and its alignment: centred on the mark, or
    starting at it near the left end, ending just short of it near the right end (clear of the arrowhead
    at the lane's end, 2% of the steps)."""
    if k < 0.12 * steps:
        return k - 1.0, "left"
    if k > 0.8 * steps:
        return k - 0.02 * steps, "right"
    return k, "center"
