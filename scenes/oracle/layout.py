"""Where the oracle scene puts things on the 16:9 design canvas (figure fractions), the same in both
backends, how the design reflows onto the other aspects, and the grids' colours."""
from __future__ import annotations

import numpy as np

from scenes.kit import long_title
from scenes.kit.layout import two_lines
from scenes.kit.reflow import Flow, Zone

TITLE = (0.04, 0.945)
TITLE_PT = 21.0
TITLE_WIDTH = 0.92     # the widest a title line may be, as a fraction of the frame's width
TITLE_ROOM_PT = 36.0   # on a tall frame, the height two title lines may take: at most 36 / 2.4 points each
RIGHT_MARGIN = 0.015   # the least room a line of the column keeps from the frame's right edge
GRIDS = ((0.07, 0.15, 0.155, 0.63), (0.265, 0.15, 0.155, 0.63))  # left, bottom, width, height: weights, error
HEAD_Y = 0.815                   # the grids' headings
STEP_LABEL = (0.064, 0.815)      # "step k", right-aligned over the step ticks
BAR = (0.435, 0.15, 0.011, 0.63)  # the colour bar, 0 at the bottom, 1 at the top
BAR_NOTE = (0.07, 0.03)           # "colours cut at 0 and 1", under the grids
DEAD_AT = (17.5, 3.5)             # the "dead zone" label, in grid units (column i, step k)
PLOT = (0.575, 0.505, 0.385, 0.3)  # the largest error against the bounds (log₁₀)
PLOT_HEAD = (0.505, 0.855)
PLOT_NOTE = (0.96, 0.78)          # "cut at ...", right-aligned inside the plot's top
COL = 0.505                       # the column of words under the plot
# (role, index or None, y, size, weight)
COLUMN = (("setting", None, 0.365, 13, "normal"), ("run", None, 0.325, 13, "bold"),
          ("bounds", 0, 0.285, 13, "normal"), ("bounds", 1, 0.245, 13, "normal"),
          ("bounds", 2, 0.205, 13, "normal"), ("matrix", None, 0.145, 13, "normal"),
          ("cond", None, 0.108, 13, "normal"), ("solution", None, 0.071, 13, "normal"),
          ("infinite", None, 0.034, 13, "normal"))
VERDICT = ("bounds",)            # the roles that fade in with the last beat

FLOW = Flow((Zone("title", (0.0, 0.87, 1.0, 1.0)),  # room for a title on two lines
             Zone("grids", (0.0, 0.0, 0.5, 0.86), fit="scale"),
             Zone("plot", (0.5, 0.42, 1.0, 0.88), fit="stretch", inner=(0.575, 0.505, 0.96, 0.805), min_in=3.0),
             Zone("column", (0.5, 0.0, 1.0, 0.4))),
            rows={"4:3": (("title",), ("grids", "plot"), ("column",)),
                  "1:1": (("title",), ("grids", "plot"), ("column",)),
                  "9:16": (("title",), ("grids",), ("plot",), ("column",))})

# The grids' colour scale over [0, 1]: dark violet through teal to yellow (readable on both themes).
STOPS = np.array([[0.0, 0.17, 0.10, 0.33], [0.25, 0.15, 0.35, 0.60],
                  [0.5, 0.13, 0.57, 0.55], [0.75, 0.45, 0.78, 0.35], [1.0, 0.99, 0.91, 0.15]])


OUTLINE = "#ffffff"   # the dead zone's outline and label: on the scale's dark cells in either theme


def title_size(one: float, two: float | None, tall: bool) -> tuple[bool, float]:
    """(on two lines?, points) for a title that is `one` wide on one line and `two` wide on two (its longer
    line; None: no second line), as fractions of the frame's width at TITLE_PT: `scenes.kit.long_title.fit`
    within TITLE_WIDTH, two lines at most TITLE_ROOM_PT / 2.4 points each and only on a tall frame (a wide
    frame has no room for a second line)."""
    return long_title.fit(TITLE_PT, one, two if tall else None, TITLE_WIDTH, long_title.most(TITLE_ROOM_PT / 72))


def title_lines(title: str) -> tuple[str, str]:
    """A title in two lines, cut after the ", ", "; " or ": " that leaves the longer line shortest (a title's
    clauses stay whole), else where `scenes.kit.layout.two_lines` cuts it."""
    cuts = [i + 1 for i in range(len(title) - 1) if title[i] in ",;:" and title[i + 1] == " "]
    if not cuts:
        return two_lines(title)
    i = min(cuts, key=lambda c: max(c, len(title) - c - 1))
    return title[:i], title[i + 1:]


def shrink_to(left: float, width: float) -> float:
    """The factor (at most 1) that keeps a left-anchored line starting at `left` and `width` wide (fractions
    of the frame's width) clear of the right edge by RIGHT_MARGIN."""
    room = 1.0 - RIGHT_MARGIN - left
    return 1.0 if width <= room or room <= 0 else room / width


def colours(values: np.ndarray) -> np.ndarray:
    """RGB in [0, 1] for values clipped to [0, 1] (a value that overflowed counts as 1)."""
    v = np.clip(np.nan_to_num(np.asarray(values, dtype=float), nan=1.0, posinf=1.0, neginf=0.0), 0.0, 1.0)
    return np.stack([np.interp(v, STOPS[:, 0], STOPS[:, c]) for c in (1, 2, 3)], axis=-1)


def staircase(steps: int, n: int) -> np.ndarray:
    """The dead zone's outline in grid units (x: column i, y: step k): the cells i > k, k = 0 … n − 1."""
    pts = [(0.5, -0.5)]
    for k in range(n):
        pts += [(k + 0.5, k + 0.5), (k + 1.5, k + 0.5)]
    pts = pts[:-1] + [(n + 0.5, n - 0.5), (n + 0.5, -0.5), (0.5, -0.5)]
    return np.array(pts)
