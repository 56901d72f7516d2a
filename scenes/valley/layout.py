"""Where Valley's parts sit on the frame, shared by both backends, and how the design reflows at other aspects."""
from __future__ import annotations

from scenes.valley import story as valley_story
from scenes.kit.reflow import Flow, Zone


X_RANGE = (-0.03, 1.03)
COUNTER_AT = (0.95, 0.675)  # the step counter's right edge, in figure fractions: between header and plot
OUT_ARROW = 0.06  # length, in x data units, of the arrow under a ball that has gone past the drawn curve
TITLE_WIDTH = 0.9  # the widest a title may be, as a fraction of the frame; longer ones are shrunk
TITLE_ROOM_PT = 36.0  # the height a title may take on a tall frame, in points: two lines of at most 15 pt
# Other aspects: the header's parts stack above the plot, which takes the height they leave.
FLOW = Flow((Zone("title", (0.0, 0.86, 1.0, 1.0)),
             Zone("legend", (0.0, 0.72, 0.6, 0.86)),
             Zone("labels", (0.0, 0.72, 0.245, 0.86)),
             Zone("formulas", (0.245, 0.72, 0.8, 0.86)),
             Zone("alpha", (0.88, 0.72, 1.0, 0.86), align="right"),
             Zone("counter", (0.7, 0.655, 1.0, 0.72), align="right"),
             Zone("plot", (0.0, 0.0, 1.0, 0.655), fit="stretch", inner=(0.07, 0.09, 0.96, 0.65))),
            rows={"4:3": (("title",), ("legend", "alpha"), ("counter",), ("plot",)),
                  "1:1": (("title",), ("labels", "alpha"), ("formulas",), ("counter",), ("plot",)),
                  "9:16": (("title",), ("labels", "alpha"), ("formulas",), ("counter",), ("plot",))})


def title_fit(pt: float, one: float, two: float | None) -> tuple[bool, float]:
    """(on two lines?, size in points) of a title set at `pt` points that is `one` wide on one line and
    `two` wide on two (its longer line; None where it has no second line), as fractions of the frame's
    width: each way shrunk to TITLE_WIDTH, two lines also to TITLE_ROOM_PT / 2.4; the larger type wins."""
    size_one = pt * min(1.0, TITLE_WIDTH / one)
    size_two = min(pt * min(1.0, TITLE_WIDTH / two), TITLE_ROOM_PT / 2.4) if two else 0.0
    return size_two > size_one, max(size_one, size_two)


def end_spots(data: dict, half_width: float | None = None) -> list[tuple[float, float]]:
    """Where the two end labels go, in data units (`valley_story.end_spots`).

    `half_width` is the wider label's half width in x data units as drawn. Where it exceeds the story's
    allowance (`LABEL_HALF_WIDTH`, measured at 16:9; a narrow frame makes the labels wider in data units),
    the story's rule runs in x units scaled by k = allowance / half_width, so that it keeps the curve out
    from under the labels as drawn; the spots are scaled back by 1/k.
    """
    k = 1.0 if not half_width else min(1.0, valley_story.LABEL_HALF_WIDTH / half_width)
    spots = valley_story.end_spots(data["xs"][:, -1] * k, data["ys"][:, -1], data["curve_x"] * k, data["curve_y"],
                                   y_range(data), (X_RANGE[0] * k, X_RANGE[1] * k))
    return [(x / k, y) for x, y in spots]


def y_range(data: dict) -> tuple[float, float]:
    y = data["curve_y"]
    pad = 0.08 * float(y.max() - y.min())
    return float(y.min()) - pad, float(y.max()) + pad
