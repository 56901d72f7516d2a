"""Where the damping scene puts things on the 16:9 design canvas (figure fractions), the same in both
backends, and how the design reflows onto the other aspects."""
from __future__ import annotations

from scenes.kit.reflow import Flow, Zone

TITLE = (0.04, 0.945)
RULE = (0.04, 0.875)            # the update rule, left
SETTING = (0.66, 0.875)         # α, λ and αλ, right-aligned at the portraits' right edge
HEAD_Y = (0.834, 0.799)          # the portraits' headings: the kind, then β
PORTRAITS = tuple((x, 0.50, 0.14, 0.26) for x in (0.10, 0.31, 0.52))  # left, bottom, width, height
CURVES = (0.085, 0.115, 0.575, 0.235)        # the position error over the steps
CURVE_HEAD = (0.085, 0.375)
COL = 0.715                      # the column of words on the right
# (role, index or None, y, size, weight)
COLUMN = (("rate_head", None, 0.80, 15, "bold"), ("rates", 1, 0.755, 14, "normal"),
          ("rates", 0, 0.715, 14, "normal"), ("rates", 2, 0.675, 14, "normal"),
          ("gd_rate", None, 0.635, 14, "normal"),
          ("reach_head", None, 0.55, 15, "bold"), ("reaches", 1, 0.505, 14, "normal"),
          ("reaches", 0, 0.465, 14, "normal"), ("reaches", 2, 0.425, 14, "normal"),
          ("gd_reach", None, 0.385, 14, "normal"), ("tenfold_head", None, 0.30, 15, "bold"),
          ("tenfold", None, 0.255, 14, "normal"))
VERDICT_ROLES = ("tenfold_head", "tenfold")
COLOURS = ("curve", "momentum", "gd")   # theme colours of the under-damped, critical and over-damped runs
SIZES = {"title": 22, "rule": 15, "heading": 14, "label": 14, "tick": 12}

FLOW = Flow((Zone("title", (0.0, 0.9, 1.0, 1.0)),
             Zone("rule", (0.0, 0.85, 0.36, 0.9)),
             Zone("setting", (0.38, 0.85, 0.69, 0.9), align="right"),
             Zone("portraits", (0.0, 0.40, 0.69, 0.85), fit="scale"),
             # room right of the step plot for its last tick label where the zone meets the frame's edge
             Zone("curves", (0.0, 0.0, 0.69, 0.40), fit="stretch", inner=(0.085, 0.115, 0.66, 0.35), min_in=3.0),
             Zone("column", (0.70, 0.22, 1.0, 0.83))),
            rows={"4:3": (("title",), ("rule", "setting"), ("portraits",), ("curves", "column")),
                  "1:1": (("title",), ("rule",), ("setting",), ("portraits",), ("curves", "column")),
                  "9:16": (("title",), ("rule",), ("setting",), ("portraits",), ("curves",), ("column",))})
