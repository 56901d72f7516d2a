"""Where Flavours's parts sit on the frame, shared by both backends, and how the design reflows at other aspects."""
from __future__ import annotations

from scenes.kit.reflow import Flow, Zone
from scenes.kit import contour as C, layout as L, race
from scenes.flavours.story import NAMES, flags_text
from scenes.flavours.data import LOSS_FLOOR, LOSS_TOP, XLIM, YLIM


# Layout, in figure fractions: panels in a 3 + 2 grid, the loss panel at the top right, the table
# where the sixth panel would be.
PANEL_W = 0.215
PANELS = [L.Panel(L.equal_aspect_box(x, y, PANEL_W, XLIM, YLIM), XLIM, YLIM)
          for y, xs in ((0.42, (0.035, 0.27, 0.505)), (0.045, (0.035, 0.27))) for x in xs]
HEADER_DY = (0.15, 0.108, 0.068, 0.028)  # name, flags, formula lines: heights above a panel's top
LOSS_BOX = (0.795, 0.45, 0.175, 0.3)
TITLE_Y, SETTINGS_Y = 0.945, 0.868
# Other aspects: the panels keep their size two or three to a row (1:1, 9:16), or scale as two rows
# (4:3); the loss panel stretches beside them and the table sits flush right.
FLOW = Flow((Zone("title", (0.0, 0.91, 0.78, 1.0)),
             Zone("counter", (0.82, 0.91, 1.0, 1.0), align="right"),
             Zone("settings", (0.0, 0.83, 0.45, 0.91)),
             *(Zone(f"p{i}", (x, y, x + w, y + 0.38)) for i, (x, y, w) in
               enumerate(((0.015, 0.41, 0.245), (0.25, 0.41, 0.245), (0.485, 0.41, 0.245), (0.015, 0.03, 0.235),
                          (0.25, 0.03, 0.26)))),
             Zone("top3", (0.0, 0.41, 0.73, 0.79), fit="scale"),
             Zone("bottom2", (0.0, 0.03, 0.5, 0.41), fit="scale"),
             Zone("loss", (0.73, 0.36, 1.0, 0.8), fit="stretch", inner=(0.795, 0.45, 0.97, 0.75)),
             Zone("table", (0.68, 0.06, 1.0, 0.36), align="right")),
            rows={"4:3": (("title",), ("counter",), ("settings",), ("top3", "loss"), ("bottom2", "table")),
                  "1:1": (("title",), ("counter",), ("settings",), ("p0", "p1", "p2"), ("p3", "p4", "loss"),
                          ("table",)),
                  "9:16": (("title",), ("counter",), ("settings",), ("p0", "p1"), ("p2", "p3"), ("p4", "loss"),
                           ("table",))})
DECADES = (-6, -4, -2, 0, 2)
STEP_TICKS = {"at_most": 3, "spacings": C.STEP_SPACINGS[1:]}  # ticks from 20 steps apart


def loss_panel(data: dict) -> L.Panel:
    return L.Panel(LOSS_BOX, (0.0, float(data["steps"])), (LOSS_FLOOR, LOSS_TOP), log=True)


def title_size(data: dict) -> float:
    """22 pt, smaller for a title long enough to reach the step counter."""
    return race.fit_size(data["title"], 22, 52)


def headers(data: dict) -> list[list[tuple[str, str, float, float]]]:
    """Per panel, its header lines as (kind, text, x, y): the name, the torch flags, then the update's
    formula lines ("name", "flags", "tex")."""
    out = []
    for panel, name, flags, lines in zip(PANELS, NAMES, data["flags"], data["formulas"]):
        l, b, w, h = panel.box
        top = b + h
        rows = [("name", name, l, top + HEADER_DY[0]), ("flags", flags_text(flags), l, top + HEADER_DY[1])]
        rows += [("tex", tex, l, top + dy) for tex, dy in zip(lines, HEADER_DY[2:])]
        out.append(rows)
    return out


HEADER_PT = {"name": 15, "flags": 13, "tex": 14}
