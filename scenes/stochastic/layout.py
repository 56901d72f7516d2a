"""Where the stochastic scene puts things on the 16:9 design canvas (figure fractions), the same in both
backends, and how the design reflows onto the other aspects."""
from __future__ import annotations

from scenes.kit.long_title import most
from scenes.kit.reflow import DESIGN_IN, Flow, Zone

TITLE = (0.04, 0.945)               # the title's top left corner
TITLE_TWO = 1.02                    # a title on two lines (a tall frame) starts this high, in its zone
TITLE_MOST = most((TITLE_TWO - 0.905) * DESIGN_IN[1])  # the largest type two lines may take there, points
PLOT = (0.08, 0.13, 0.47, 0.68)     # left, bottom, width, height: the stacked expected loss
PHASE_PT = (3.0, 21.0)              # the phase labels' two rows above the plot's frame (their foot), in
# points: nothing the data draws reaches there (bars, mean and dots stop at the top)
ABOVE_NOTE = (0.625, 0.565)         # "N dots above the top", in the column under the run's legend line
COL = 0.625                         # the column of words on the right
SWATCH = 0.012                      # a legend line's swatch sits this far left of its words
# (role, y, size, weight); the legend roles get a swatch of their colour
COLUMN = (("rule", 0.845, 13, "normal"), ("setting", 0.80, 13, "normal"),
          ("det", 0.725, 13, "normal"), ("noise", 0.685, 13, "normal"), ("mean", 0.645, 13, "normal"),
          ("run", 0.605, 13, "normal"), ("phases", 0.515, 13, "normal"), ("floor", 0.475, 13, "normal"),
          ("end", 0.435, 13, "normal"), ("check", 0.35, 13, "bold"))
LEGEND = ("det", "noise", "mean", "run")
VERDICT = ("phases", "check")
BAR_WIDTH = 1.0

# The title's zone reaches above the 16:9 frame so that on a tall frame two lines fit; the plot's reaches up
# to the title so that the phase labels above its frame keep their room.
FLOW = Flow((Zone("title", (0.0, 0.9, 1.0, 1.03)),
             Zone("plot", (0.0, 0.0, 0.574, 0.9), fit="stretch", inner=(0.08, 0.13, 0.55, 0.81), min_in=3.0),
             Zone("column", (0.575, 0.3, 1.0, 0.88))),
            rows={"4:3": (("title",), ("plot", "column")),
                  "1:1": (("title",), ("plot",), ("column",)),
                  "9:16": (("title",), ("plot",), ("column",))})


def phase_labels(x: float, steps: int, texts: dict) -> list[tuple[str, float, str, int]]:
    """Where the phase labels go about the boundary x, above the plot's frame: (role, data x, alignment,
    row). Each sits on its own side of the line on the first row; one that would reach past its end of the
    plot (the boundary near an end) crosses to the other side on the second row, with an arrow pointing
    back to its phase. A phase without words (none to its side of the line) gets no label."""
    out = []
    if texts.get("transient"):
        out.append(("transient", x - 1.5, "right", 0) if x >= 0.2 * steps else ("transient", x + 1.5, "left", 1))
    if texts.get("fine"):
        out.append(("fine", x + 1.5, "left", 0) if x <= 0.8 * steps else ("fine", x - 1.5, "right", 1))
    return out
