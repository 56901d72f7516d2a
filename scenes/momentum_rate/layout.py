"""Where momentum-rate's parts sit on the frame, shared by both backends, and how the design reflows at other aspects."""
from __future__ import annotations

from scenes.kit.reflow import Flow, Zone
from scenes.kit import layout as L, race
from scenes.momentum_rate.data import LOSS_FLOOR, LOSS_TOP, XLIM, YLIM


FORMULA = r"v \leftarrow \beta v + \nabla f(x);\ \ x \leftarrow x - \alpha v"


# Layout, in figure fractions.
PANEL_W, PANEL_LEFT = 0.295, (0.035, 0.3525, 0.67)
PANELS = [L.Panel(L.equal_aspect_box(x, 0.425, PANEL_W, XLIM, YLIM), XLIM, YLIM) for x in PANEL_LEFT]
LOSS_BOX = (0.09, 0.09, 0.55, 0.26)
HEAD_Y = (0.765, 0.722)
JOINT_Y = (0.1, 0.05)
DECADES = (-6, -4, -2, 0, 2)
# Other aspects: the three runs' maps scale side by side (4:3, 1:1) or two and one beside the table
# (9:16); the loss panel stretches below them.
FLOW = Flow((Zone("title", (0.0, 0.9, 0.66, 1.0)),
             Zone("counter", (0.8, 0.9, 1.0, 1.0), align="right"),
             Zone("formula", (0.0, 0.82, 0.3, 0.9)),
             Zone("alpha", (0.7, 0.82, 1.0, 0.9), align="right"),
             *(Zone(f"p{i}", (x - 0.015, 0.41, x + PANEL_W + 0.0075, 0.8), fit="scale")
               for i, x in enumerate(PANEL_LEFT)),
             Zone("loss", (0.0, 0.0, 0.68, 0.41), fit="stretch", inner=(0.09, 0.09, 0.64, 0.35)),
             Zone("table", (0.7, 0.0, 1.0, 0.37), align="right")),
            rows={"9:16": (("title",), ("counter",), ("formula",), ("alpha",), ("p0", "p1"), ("p2", "table"),
                           ("loss",))})


def loss_panel(data: dict) -> L.Panel:
    return L.Panel(LOSS_BOX, (0.0, float(data["steps"])), (LOSS_FLOOR, LOSS_TOP), log=True)


def colors_of(theme) -> tuple[str, str, str]:
    return (theme.gd, theme.momentum, theme.accent)


def title_size(data: dict) -> float:
    """22 pt, smaller for a title long enough to reach the step counter."""
    return race.fit_size(data["title"], 22, 54)
