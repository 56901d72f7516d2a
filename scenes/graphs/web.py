"""The graphs page: a seed slider over precomputed spectra. Each seed is the scene's own outcome
(`scenes.graphs.data.outcome_of`): the three graphs with their nodes coloured by the eigenvector of λ₂,
and below them each graph's error bound per step, momentum's (√κ − 1)/(√κ + 1) to the k as it plays and
gradient descent's (κ − 1)/(κ + 1) to the k dashed, with the scene's title, words and numbers."""
from __future__ import annotations

import numpy as np

from scenes.graphs import data as D, story as S
from scenes.kit import grid_web as G

SEEDS = (10, 11, 13, 14, 17, 19, 20, 22, 23, 25, 27, 29)
STEPS = 200
GRAPH_COLOURS = ("curve", "accent", "extra0")   # one per graph in the error panel
BOXES = ((0.03, 0.05, 0.28, 0.42), (0.36, 0.05, 0.28, 0.42), (0.69, 0.05, 0.28, 0.42))
NARROW = ((0.03, 0.06, 0.45, 0.2), (0.52, 0.06, 0.45, 0.2), (0.03, 0.32, 0.45, 0.2))


def graph_panel(i: int, key: str) -> dict:
    p = G.panel(BOXES[i], (-0.1, 1.1), (-0.1, 1.1), narrow=NARROW[i], equal=True, x_label=S.NAMES[key],
                axes=False)  # a layout's coordinates mean nothing: no ticks
    p["no_grid"] = True
    return p


def edges_line(g: dict, panel: int) -> dict:
    xs, ys = [], []
    for a, b in g["edges"]:
        xs += [g["xy"][a][0], g["xy"][b][0], np.nan]
        ys += [g["xy"][a][1], g["xy"][b][1], np.nan]
    return {**G.line(xs, ys, "muted", 1.0, digits=3), "panel": panel}


def point(o: dict) -> dict:
    k = np.arange(STEPS + 1)
    series, lines, marks = [], [], []
    for i, g in enumerate(o["graphs"]):
        lines.append(edges_line(g, i))
        marks += [{**G.mark(q[0], q[1], c), "panel": i} for q, c in zip(g["xy"], g["colours"])]
        series.append(G.series(3, k, g["momentum_rate"] ** k, GRAPH_COLOURS[i], label=S.SHORT[g["key"]],
                               ball=False, digits=4))
        lines.append({**G.line(k, g["gd_rate"] ** k, GRAPH_COLOURS[i], 1.5, dash=True, digits=4), "panel": 3})
    numbers = []
    for g in o["graphs"]:
        name = S.SHORT[g["key"]]
        numbers += [G.number(f"{name}: \u03ba = \u03bb\u2099/\u03bb\u2081", S.kappa_text(g["kappa"]), g["kappa"]),
                    G.number(f"{name}: gap \u03bb\u2082", S.lam_text(g["lam_2"]), g["lam_2"]),
                    G.number(f"{name}: gradient descent, steps to 10\u207b\u00b3", str(g["gd_steps"]), g["gd_steps"]),
                    G.number(f"{name}: momentum, steps to 10\u207b\u00b3", str(g["momentum_steps"]),
                             g["momentum_steps"])]
    return {"title": S.title(o), "verdict": S.verdict_caption(o), "numbers": numbers, "series": series,
            "lines": lines, "marks": marks}


def build(p: dict) -> dict:
    slider = G.slider("seed", "seed of the random edges", SEEDS, p.get("seed"), digits=0)
    outs = [D.outcome_of(int(g["seed"])) for g in G.combos([slider])]
    panels = [graph_panel(i, key) for i, key in enumerate(D.KEYS)]
    panels.append(G.panel((0.08, 0.58, 0.88, 0.34), (0, STEPS), (1e-4, 1.0), narrow=(0.14, 0.6, 0.82, 0.33),
                          log_y=True, x_label="step k",
                          y_label="error bound: momentum (solid), gradient descent (dashed)",
                          layers=[G.line([0, STEPS], [1e-3, 1e-3], "muted", 1.0, dash=True)]))
    return G.page(D.NAME, STEPS, [slider], panels, [point(o) for o in outs], aspect=16 / 10, narrow_aspect=0.62,
                  speed=40.0, legend=[(S.SHORT[k], c) for k, c in zip(D.KEYS, GRAPH_COLOURS)],
                  note="Three graphs of 36 nodes, each Laplacian L = D \u2212 A grounded with L[0, 0] + 1; nodes "
                       "coloured by the eigenvector of \u03bb\u2082 on the article's scale \u22120.1 to 0.1. Below: "
                       "the factor by which each graph's error can shrink in k steps at the optimal parameters, "
                       "((\u221a\u03ba \u2212 1)/(\u221a\u03ba + 1))\u1d4f for momentum (solid) and "
                       "((\u03ba \u2212 1)/(\u03ba + 1))\u1d4f for gradient descent (dashed); the grey dashed line is 10\u207b\u00b3.")
