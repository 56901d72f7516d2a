"""Where Rates's parts sit on the frame, shared by both backends, and how the design reflows at other aspects."""
from __future__ import annotations

import re

from scenes.kit.layout import two_lines
from scenes.kit.reflow import Flow, Zone


# Other aspects: the map stretches beside the right-hand column (4:3) or above the trajectory (1:1, beside
# the notes; 9:16, above them), with the readout a row of its own. In the taxonomy's beat its panels take
# the place of the trajectory and the notes (`scenes.rates.tax.host_box`).
FLOW = Flow((Zone("title", (0.0, 0.89, 0.9, 1.0)),
             Zone("map", (0.0, 0.0, 0.54, 0.89), fit="stretch", inner=(0.075, 0.13, 0.46, 0.84), min_in=4.3),
             Zone("column", (0.56, 0.0, 1.0, 0.89)),
             Zone("readout", (0.57, 0.72, 1.0, 0.89)),
             Zone("traj", (0.54, 0.27, 1.0, 0.72), fit="stretch", inner=(0.62, 0.37, 0.97, 0.66), min_in=1.8),
             Zone("notes", (0.57, 0.0, 1.0, 0.27))),
            rows={"4:3": (("title",), ("map", "column")),
                  "1:1": (("title",), ("readout",), ("map",), ("notes", "traj")),
                  "9:16": (("title",), ("readout",), ("map",), ("traj",), ("notes",))})

TITLE_PT = 22.0  # the title's size in points (matplotlib; Manim's from text_size)
TITLE_AT = (0.04, 0.945)  # its top left on one line, in design fractions
TITLE_TOP_TWO = 0.985  # on two lines it starts higher, in the header's top margin
TITLE_ROOM_PT = (TITLE_TOP_TWO - 0.89) * 7.2 * 72  # the header's height under that top (its zone ends at 0.89)
TITLE_RIGHT = 0.97  # the title ends left of this fraction of the canvas's width


def title_size(pt: float, one: float, two: float | None) -> tuple[bool, float]:
    """(two lines?, points) for a title set at `pt` points whose one line is `one` times, and whose longer
    line of two is `two` times (None: it cannot break), the width it may take. Each way shrinks to that
    width, two lines also to the header's height (2.4 lines of type); the way with larger type wins, so a
    wide frame keeps one line and a tall one breaks a long title rather than shrink it to a few pixels."""
    size_one = pt * min(1.0, 1.0 / one)
    size_two = min(pt * min(1.0, 1.0 / two), TITLE_ROOM_PT / 2.4) if two else 0.0
    return size_two > size_one, max(size_one, size_two)


def title_lines(title: str) -> tuple[str, str]:
    """The title in two lines: a chosen point's after its setting ("At αλ = …, β = …"), else where
    `scenes.kit.layout.two_lines` breaks it (after a colon, or at the middle space)."""
    m = re.match(r"(At \u03b1\u03bb = \S+, \u03b2 = \S+) (.+)$", title)
    return (m.group(1), m.group(2)) if m else two_lines(title)
