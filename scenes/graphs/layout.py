"""Where the graphs scene puts things on the 16:9 design canvas (figure fractions), the same in both
backends, and how the design reflows onto the other aspects."""
from __future__ import annotations

from scenes.kit.reflow import Flow, Zone

TITLE = (0.04, 0.945)
RULE = (0.04, 0.888)
SEED = (0.96, 0.888)
HEAD_Y = 0.84
GRAPH_X = (0.04, 0.365, 0.69)
GRAPH_W, GRAPH_B, GRAPH_H = 0.27, 0.5, 0.31
GRAPHS = tuple((x, GRAPH_B, GRAPH_W, GRAPH_H) for x in GRAPH_X)
LINES_Y = (0.463, 0.428, 0.393)          # under each graph: κ, then λ₁ and λₙ, then λ₂... see `under`
BAR_HEAD = (0.13, 0.345)
BARS = (0.13, 0.115, 0.46, 0.2)           # left, bottom, width, height: the step bars
NAME_X = 0.12                             # the graphs' names end here, left of the bars
COL = 0.655                               # the column: legend, then the verdict
LEGEND_Y = (0.3, 0.26)
VERDICT_Y = (0.185, 0.145, 0.105)
COLOURS = ("gd", "momentum")              # theme colours of gradient descent's and momentum's bars
BAR_Y = 0.2                               # each graph's two bars sit this far above and below its row
BAR_H = 0.34
SIZES = {"title": 22, "rule": 14, "heading": 15, "kappa": 15, "small": 13, "label": 13, "tick": 12}


def graph_limits() -> tuple[tuple[float, float], tuple[float, float]]:
    """xlim, ylim of each graph panel: node positions in [0, 1]², the same units across and up."""
    from scenes.kit.theme import FIG_H, FIG_W

    w_in, h_in = GRAPH_W * FIG_W, GRAPH_H * FIG_H
    ylim = (-0.08, 1.08)
    half = (ylim[1] - ylim[0]) * w_in / h_in / 2
    return (0.5 - half, 0.5 + half), ylim


def row_y(i: int) -> float:
    """The centre of graph i's row of bars (the bars' y runs over [0, 3], graph 0 on top)."""
    return 2.5 - i


def under(i: int) -> list[tuple[str, float]]:
    """(role, y) of the lines printed under graph i."""
    return [("kappas", LINES_Y[0]), ("lams", LINES_Y[1]), ("lam2s", LINES_Y[2])]


def _graph_zone(x: float, name: str) -> Zone:
    return Zone(name, (x - 0.02, 0.375, x + GRAPH_W + 0.025, 0.862), fit="scale")


FLOW = Flow((Zone("title", (0.0, 0.91, 1.0, 1.0)),
             Zone("rule", (0.0, 0.865, 0.8, 0.91)),
             Zone("seed", (0.85, 0.865, 1.0, 0.91), align="right"),
             *(_graph_zone(x, f"graph{i}") for i, x in enumerate(GRAPH_X)),
             Zone("bars", (0.0, 0.0, 0.64, 0.37), fit="stretch", inner=(0.13, 0.115, 0.59, 0.315), min_in=3.0),
             Zone("column", (0.645, 0.06, 1.0, 0.33))),
            rows={"4:3": (("title",), ("rule", "seed"), ("graph0", "graph1", "graph2"), ("bars", "column")),
                  "1:1": (("title",), ("rule",), ("seed",), ("graph0", "graph1", "graph2"), ("bars",), ("column",)),
                  "9:16": (("title",), ("rule",), ("seed",), ("graph0", "graph1"), ("graph2",), ("bars",),
                           ("column",))})
