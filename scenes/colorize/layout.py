"""Where the colorize scene puts things on the 16:9 design canvas (figure fractions), the same in both
backends, and how the design reflows onto the other aspects."""
from __future__ import annotations

from scenes.kit.long_title import most
from scenes.kit.reflow import DESIGN_IN, Flow, Zone

TITLE = (0.04, 0.945)                     # the title's left end, at its middle
TITLE_TWO = 1.025                         # a title on two lines (a tall frame) starts this high, in its zone
TITLE_MOST = most((TITLE_TWO - 0.918) * DESIGN_IN[1])  # the largest type two lines may take there, points
RULE = (0.04, 0.893)
SPECTRUM = (0.04, 0.851)
IMG_W = 0.56
IMG_H = IMG_W * 12.8 / 7.0 / 7.2          # 16 × 112 pixels: seven times as wide as high
IMAGES = {"gd": (0.04, 0.625, IMG_W, IMG_H), "momentum": (0.04, 0.38, IMG_W, IMG_H)}
HEADS = {"gd": 0.79, "momentum": 0.548}   # each run's heading, above its image
READOUTS = {"gd": 0.6, "momentum": 0.355}  # its lowest pixel, under the image at its right edge
COUNTER = (0.04, 0.29)
SCALE_BOX = (0.31, 0.262, 0.2, 0.028)      # the colour scale, 0 to 100
SCALE_LABEL = (0.31, 0.315)               # above the scale, at its left end
VERDICT_Y = (0.19, 0.145, 0.1)
BARS_HEAD = (0.64, 0.851)
BARS = {"gd": (0.715, 0.6, 0.255, 0.18), "momentum": (0.715, 0.31, 0.255, 0.18)}
BAR_HEADS = {"gd": 0.8, "momentum": 0.51}
COLOURS = {"gd": "gd", "momentum": "momentum"}
SIZES = {"title": 20, "rule": 14, "head": 15, "small": 13, "counter": 20, "verdict": 15, "tick": 12}

# The title's zone reaches above the 16:9 frame so that on a tall frame two lines fit; the bars' heading's
# reaches left of it by the margin the other words keep from the frame's left edge.
FLOW = Flow((Zone("title", (0.0, 0.915, 1.0, 1.035)),
             Zone("rule", (0.0, 0.872, 1.0, 0.915)),
             Zone("spectrum", (0.0, 0.83, 0.6, 0.872)),
             Zone("bars_head", (BARS_HEAD[0] - TITLE[0], 0.83, 1.0, 0.872)),
             Zone("images", (0.0, 0.335, 0.62, 0.81), fit="scale"),
             Zone("bars", (0.63, 0.2, 1.0, 0.83), fit="stretch", inner=(0.715, 0.31, 0.97, 0.78), min_in=2.6),
             Zone("bottom", (0.0, 0.07, 0.53, 0.333))),
            rows={"4:3": (("title",), ("rule",), ("spectrum",), ("images",), ("bars_head",), ("bars", "bottom")),
                  "1:1": (("title",), ("rule",), ("spectrum",), ("images",), ("bars_head",), ("bars", "bottom")),
                  "9:16": (("title",), ("rule",), ("spectrum",), ("images",), ("bottom",), ("bars_head",),
                           ("bars",))})


def bar_top(data: dict) -> float:
    """The bars' log₁₀-steps axis runs from 0 to this (the tallest finite bar, up to the next whole)."""
    import math

    tall = [v for key in ("gd", "momentum") for v in data[key]["bars"] if math.isfinite(v) and v > 0]
    return float(max(1, math.ceil(math.log10(max(tall)) + 0.05)))
