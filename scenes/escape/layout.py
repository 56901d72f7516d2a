"""Where Escape's parts sit on the frame, shared by both backends, and how the design reflows at other aspects."""
from __future__ import annotations

import numpy as np

from scenes.kit.reflow import Flow, Zone
from scenes.kit import layout as L
from scenes.escape.data import XLIM, YLIM


# Layout, in figure fractions: two maps side by side, headings above them, verdicts below.
MAPS = tuple(L.Panel(L.equal_aspect_box(left, 0.15, 0.45, XLIM, YLIM), XLIM, YLIM) for left in (0.035, 0.515))
LEGEND_Y = (0.865, 0.8)
FORMULA_Y = 0.735
HEADING_Y = 0.675
VERDICT_Y = (0.095, 0.04)
TITLE_PT = 22.0
# Other aspects: the header's lines stack (settings flush right); the two maps scale side by side
# (4:3) or one above the other (1:1, 9:16).
FLOW = Flow((Zone("title", (0.0, 0.91, 0.75, 1.0)),
             Zone("counter", (0.8, 0.91, 1.0, 1.0), align="right"),
             Zone("legend", (0.0, 0.765, 0.52, 0.91)),
             Zone("settings", (0.8, 0.765, 1.0, 0.91), align="right"),
             Zone("landscape", (0.0, 0.7, 0.4, 0.765)),
             Zone("slow", (0.75, 0.7, 1.0, 0.765), align="right"),
             Zone("left", (0.0, 0.0, 0.5, 0.7), fit="scale"),
             Zone("right", (0.5, 0.0, 1.0, 0.7), fit="scale")),
            rows={"1:1": (("title",), ("counter",), ("legend", "settings"), ("landscape", "slow"), ("left",),
                          ("right",))})


def title_pt(title: str) -> float:
    """The title's size: 22 pt, smaller for a title long enough to reach the step counter."""
    return min(TITLE_PT, TITLE_PT * 50 / max(len(title), 1))


LABEL_YS = (-0.62, -0.55, -0.48, -0.7, -0.78)  # a label's heights to try, best first
LABEL_SHIFT = 0.4  # the furthest a label moves sideways from the point it names, in data units


def label_points(data: dict, sizes: dict | None = None) -> dict:
    """Where 'deep', 'ridge' and 'shallow' sit on each map: below the minima and the ridge's top.

    With `sizes` (each label's half width and half height in data units as drawn; a narrow frame makes
    them larger), each label takes the first height of LABEL_YS with room for it between the points
    where the dashed ridge line crosses its band (or the map's sides), as near its own point as that
    room allows and at most LABEL_SHIFT from it; without such room at any height, or without `sizes`,
    it sits under its point at the first.
    """
    xs = {"deep": data["wells"]["deep"][0], "ridge": data["ridge"][0], "shallow": data["wells"]["shallow"][0]}
    ridge = np.vstack(data["ridge_line"]) if len(data["ridge_line"]) else np.zeros((0, 2))
    out = {}
    for name in data["well_names"]:
        x = xs[name]
        out[name] = np.array([x, LABEL_YS[0]])
        if sizes is None:
            continue
        hw, hh = sizes[name]
        for y in LABEL_YS:
            cuts = np.sort(ridge[np.abs(ridge[:, 1] - y) <= hh, 0])
            edges = np.concatenate([[XLIM[0]], cuts, [XLIM[1]]])
            spots = [float(np.clip(x, a + hw, b - hw)) for a, b in zip(edges[:-1], edges[1:]) if b - a > 2 * hw]
            spots = [v for v in spots if abs(v - x) <= LABEL_SHIFT]
            if spots:
                out[name] = np.array([min(spots, key=lambda v: abs(v - x)), y])
                break
    return out


def run_colors(theme) -> tuple[str, ...]:
    return (theme.gd, theme.momentum) * 2
