"""The banana's web page: momentum runs for a grid of α, β and start points, drawn on the contour map.

Every grid point is a real run, all of them from one batched `sim.simulate` call (`data.runs`); its
title and words are the scene's own (`scenes.banana.story`), fed that run's facts. Clicking the map moves
the start to the nearest simulated start point (the x0 and y0 sliders).
"""
from __future__ import annotations

import numpy as np

from scenes.banana import data as D, story as S

try:  # the shared page helpers, wherever the kit keeps them
    from scenes.kit import grid_web as G
except ImportError:  # pragma: no cover - the layout before the helpers moved into the kit
    from scenes import grid_web as G

ALPHAS = (0.0, 0.001, 0.002, 0.003, 0.0035, 0.004, 0.005, 0.006)  # the article's range; 2/λₘₐₓ ≈ 0.00384
BETAS = (0.0, 0.25, 0.5, 0.74, 0.8, 0.9, 0.95, 0.99)
X0S = (-1.5, -1.21, 0.0, 1.5)
Y0S = (0.1, 0.853)
DIGITS = 3  # significant digits of the paths: a thousandth of a unit is a quarter pixel at 960 px
ARROW_HEAD = 0.05  # the exit arrow's barbs, in data units
# One run is drawn at a time; its colour says which method the β slider makes it.
LEGEND = [("the run with \u03b2 > 0: momentum", "momentum"), ("the run at \u03b2 = 0: gradient descent", "gd")]


def build(p: dict) -> dict:
    sliders = [G.slider("alpha", "step size \u03b1", ALPHAS, p["alpha"], digits=2, significant=True),
               G.slider("beta", "momentum \u03b2", BETAS, p["beta"], digits=2),
               G.slider("x0", "start x", X0S, p["x0"], digits=3, significant=True),
               G.slider("y0", "start y", Y0S, p["y0"], digits=3, significant=True)]
    grid = G.combos(sliders)
    steps = int(p["steps"])
    curv = D.curvature()
    positions, values = D.runs([g["alpha"] for g in grid], [g["beta"] for g in grid],
                               [[g["x0"], g["y0"]] for g in grid], steps)
    points = [point(g, positions[i], values[i], steps, curv) for i, g in enumerate(grid)]
    lam = curv["eigenvalues"]
    panel = G.panel((0.07, 0.1, 0.9, 0.76), D.XLIM, D.YLIM, narrow=(0.12, 0.13, 0.85, 0.68), equal=True,
                    x_label="x", y_label="y", layers=contours() + [G.mark(*D.OPTIMUM, "foreground", "optimum")])
    return G.page(D.NAME, steps, sliders, [panel], points, aspect=2.3, narrow_aspect=1.8,
                  speed=float(p["speed"]), legend=LEGEND,
                  click={"panel": 0, "x": "x0", "y": "y0"},
                  note=f"{S.FUNCTION}, optimum (1, 1/3). At the optimum the curvatures are {lam[0]:.4g} and "
                       f"{lam[1]:.5g}, so plain gradient descent settles there only for \u03b1 < 2/\u03bb\u2098\u2090\u2093 = "
                       f"{curv['gd_limit']:.3g}. Click the map to move the start. Every path is a real run of sim; "
                       "the sliders snap to the " + " \u00d7 ".join(str(len(s["values"])) for s in sliders)
                       + " simulated values.")


def contours() -> list[dict]:
    return [{**G.line(poly[:, 0], poly[:, 1], "muted", 1.0, digits=DIGITS, alpha=0.4), "panel": 0}
            for level in D.contours(161)[1] for poly in level]


def point_data(g: dict, pos, vals, steps: int, curv: dict) -> dict:
    """The scene's data for one grid point: what its words are computed from."""
    return {"alpha": g["alpha"], "beta": g["beta"], "steps": steps, "start": np.array([g["x0"], g["y0"]]),
            "optimum": D.OPTIMUM.copy(), **curv,
            **D.facts(pos, vals, g["alpha"], g["beta"], float(curv["eigenvalues"][-1]))}


def point(g: dict, pos, vals, steps: int, curv: dict) -> dict:
    d = point_data(g, pos, vals, steps, curv)
    drawn = d["positions"] if d["left_at"] is None else d["positions"][: d["left_at"] + 1]
    if not d["moved"]:  # α = 0: the ball stays at its start, one point is its whole path
        drawn = drawn[:1]
    color = "gd" if d["beta"] == 0 else "momentum"
    lam_max = float(curv["eigenvalues"][-1])
    left = "no" if d["left_at"] is None else f"at step {d['left_at']}, through the {d['left_edge']} edge"
    c, cs = d["closest"]
    numbers = [G.number(f"distance to the optimum after {steps} steps", S.num(d["final_distance"]),
                        d["final_distance"]),
               G.number(f"loss after {steps} steps", S.num(d["final_loss"]), d["final_loss"]),
               G.number("closest approach", f"{S.num(c)} at step {cs}", c),
               G.number("left the picture for good", left, d["left_at"]),
               G.number("\u03b1\u03bb\u2098\u2090\u2093 (the optimum is stable below 2(1 + \u03b2))",
                        f"{g['alpha'] * lam_max:.3g} vs {2 * (1 + g['beta']):.3g}", g["alpha"] * lam_max)]
    out = {"title": typeset(S.title(d)), "verdict": typeset(S.run_caption(d)), "numbers": numbers,
           "series": [G.series(0, drawn[:, 0], drawn[:, 1], color, "", digits=DIGITS)],
           "marks": [{**G.mark(g["x0"], g["y0"], color, "start"), "panel": 0}]}
    if d["left_at"] is not None:
        out["lines"] = [{**exit_arrow(d["arrow_at"][d["left_at"]], d["arrow_dir"][d["left_at"]], color), "panel": 0}]
    return out


def typeset(words: str) -> str:
    """The story's words with λmax's index as a subscript, λₘₐₓ, as the other pages write indices."""
    return words.replace("\u03bbmax", "\u03bb\u2098\u2090\u2093")


def exit_arrow(at, way, color: str) -> dict:
    """A short arrow out of the window where a diverged run left it, as one polyline."""
    from scenes.banana.layout import ARROW_GAP, ARROW_IN

    at, way = np.asarray(at, dtype=float), np.asarray(way, dtype=float)
    tail, tip = at + ARROW_GAP * way, at + ARROW_IN * way
    side = np.array([-way[1], way[0]])
    pts = np.array([tail, tip, tip - ARROW_HEAD * (way + 0.6 * side), tip, tip - ARROW_HEAD * (way - 0.6 * side)])
    return G.line(pts[:, 0], pts[:, 1], color, 2.5, digits=DIGITS)
