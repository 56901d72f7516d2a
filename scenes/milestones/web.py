"""The milestones page: the stacked per-component loss bars, with the lanes that end at each component's
last step above 0.01, over a grid of (α·λₙ, β) inside the region where momentum converges.

The page's grid is a product of two sliders, β and "αλₙ as a share of 2 + 2β" (below 1: every grid point
converges), so that the grid covers the triangle 0 < αλₙ < 2 + 2β and nothing outside it. Its share values
include 100/101, where both optima lie (gradient descent: αλₙ = 2/1.01 at β = 0; momentum: 400/121 =
(100/101)(2 + 2·81/121) at β = 81/121), and β's values include 81/121, so both optima are grid points and
the defaults put the sliders on the scene's run. A small map beside the bars shows the point in the
(αλₙ, β) triangle. Each point is the scene's own run (`scenes.milestones.data.outcome_of`), words
(`scenes.milestones.story`) and numbers.

The page format is the one `scenes.output.formats.web` plays (sliders, panels, points; see the kit's grid pages).
"""
from __future__ import annotations

import itertools
import math

import numpy as np

from scenes.kit import grid_web as G
from scenes.kit.story import fmt
from scenes.milestones.data import Y_CAP, outcome_of
from scenes.milestones.layout import COLOURS
from scenes.milestones.story import dominance, mark_label, name, title, verdict_caption

BETAS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
SHARES = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
OPT_SHARE = 100 / 101
DIGITS = 4


def _nums(a, digits: int = DIGITS) -> list:
    return [float(f"{v:.{digits}g}") if math.isfinite(v) else None for v in np.asarray(a, dtype=float).ravel()]


def _slider(key: str, label: str, values, default: float, digits: int) -> dict:
    values = sorted(set(float(v) for v in values) | {float(default)})
    return {"key": key, "label": label, "values": values, "index": values.index(float(default)), "digits": digits,
            "significant": False}


def _line(x, y, color: str, width: float, panel: int | None = None, dash: bool = False) -> dict:
    out = {"kind": "line", "x": _nums(x), "y": _nums(y), "color": color, "width": width, "dash": dash}
    return out if panel is None else {**out, "panel": panel}


def _mark(x: float, y: float, color: str, label: str = "", panel: int | None = None) -> dict:
    out = {"kind": "mark", "x": float(x), "y": float(y), "color": color, "label": label}
    return out if panel is None else {**out, "panel": panel}


def _panel(box, narrow, x, y, x_label: str, y_label: str, layers=()) -> dict:
    return {"box": list(box), "narrow": list(narrow), "x": list(map(float, x)), "y": list(map(float, y)),
            "log_y": False, "equal": False, "x_label": x_label, "y_label": y_label, "layers": list(layers)}


def defaults(p: dict) -> tuple[float, float]:
    """(β, share) of the scene's run: the optimum of its kind, or the reader's point (its share of 2 + 2β
    taken to the nearest convergent one on the page's grid)."""
    from scenes.milestones.data import setting

    run, alpha, beta = setting(p)
    share = alpha * 1.0 / (2.0 + 2.0 * beta)  # λₙ = 1
    if run == "gd":
        return 0.0, OPT_SHARE
    if run == "custom":  # the page covers the convergent region: a point on or past its edge keeps its β
        return beta, share if 0 < share < 1 else (OPT_SHARE if share >= 1 else SHARES[0])
    return 81 / 121, OPT_SHARE


def run_kind(beta: float, share: float) -> str:
    if abs(share - OPT_SHARE) < 1e-12 and abs(beta - 81 / 121) < 1e-12:
        return "momentum"
    if abs(share - OPT_SHARE) < 1e-12 and beta == 0:
        return "gd"
    return "custom"


def build(p: dict) -> dict:
    beta0, share0 = defaults(p)
    sliders = [_slider("beta", "momentum \u03b2", BETAS + (81 / 121,), beta0, 3),
               _slider("share", "\u03b1\u03bb\u2099 as a share of 2 + 2\u03b2", SHARES + (OPT_SHARE,), share0, 3)]
    grid = [dict(zip(("beta", "share"), v)) for v in itertools.product(*(s["values"] for s in sliders))]
    outs = []
    for g in grid:
        al = g["share"] * (2.0 + 2.0 * g["beta"])
        outs.append(outcome_of(run_kind(g["beta"], g["share"]), al, g["beta"]))  # λₙ = 1: α = αλₙ
    steps = outs[0]["steps"]
    top = min(Y_CAP, 1.05 * max(float(np.max(o["total"])) for o in outs))
    lane_y = [top * f for f in (1.07, 1.15, 1.23)]  # the lanes run above the tallest bar
    y_max = 1.4 * top
    k = np.arange(steps + 1)
    points = []
    for g, o in zip(grid, outs):
        o = {**o, "y_top": top}
        stacked = np.cumsum(o["losses"], axis=1)
        series = [{"panel": 0, "x": _nums(k), "y": _nums(np.minimum(stacked[:, j], top)), "color": COLOURS[j],
                   "label": name(o["lambdas"][j]), "ball": False, "trail": True, "style": "bars"}
                  for j in (2, 1, 0)]  # tallest first: each shorter stack is drawn over the one below it
        lines, marks = [], [_mark(o["alpha_lambda"], o["beta"], "foreground", panel=1)]
        for i, y in enumerate(lane_y):
            last = o["last_above"][i]
            end = steps if last is None else last
            lines.append(_line([0, end], [y, y], COLOURS[i], 3.0, panel=0))
            marks.append(_mark(end, y, COLOURS[i], mark_label(o, i), panel=0))
        v1, v2 = dominance(o)
        numbers = [["\u03b1 = \u03b1\u03bb\u2099", fmt(o["alpha_lambda"], 3), o["alpha_lambda"]],
                   ["\u03b2", fmt(o["beta"], 3), o["beta"]],
                   ["momentum's rate \u03c1(R)", fmt(o["rate"], 3), o["rate"]],
                   ["gradient descent's rate at this \u03b1, max |1 \u2212 \u03b1\u03bb\u1d62|", fmt(o["gd_rate"], 3),
                    o["gd_rate"]]]
        numbers += [[f"last step above {o['threshold']:g}, {name(lam)}", mark_label(o, i), o["last_above"][i]]
                    for i, lam in enumerate(o["lambdas"])]
        numbers.append([f"at step {steps}", f"{v1} {v2}", [o["final"][i] for i in o["dominant"]]])
        points.append({"title": title(o), "verdict": verdict_caption(o), "numbers": numbers, "series": series,
                       "lines": lines, "marks": marks})
    edge = [2.0, 4.0], [0.0, 1.0]
    panels = [
        _panel((0.07, 0.08, 0.6, 0.82), (0.12, 0.04, 0.84, 0.56), (-1, steps + 1), (0.0, y_max), "step k",
               "loss \u00bd\u03bb\u1d62x\u1d62\u00b2, stacked"),
        _panel((0.75, 0.08, 0.23, 0.5), (0.12, 0.68, 0.84, 0.22), (0.0, 4.0), (-0.06, 1.0), "\u03b1\u03bb\u2099", "\u03b2",
               layers=[_line(*edge, "muted", 1.5, dash=True),
                       _mark(400 / 121, 81 / 121, "momentum", "optimum"),
                       _mark(200 / 101, 0.0, "gd", "best GD")]),
    ]
    legend = [(name(lam), COLOURS[i]) for i, lam in enumerate(outs[0]["lambdas"])]
    n = len(sliders[0]["values"]) * len(sliders[1]["values"])
    note = ("f = \u00bd \u03a3 \u03bb\u1d62x\u1d62\u00b2, \u03bb = 0.01, 0.1, 1, each component starting at loss \u00bd. "
            "Bars: each component's loss, stacked; lanes: the last step each is above 0.01. The grid keeps to "
            "the region where momentum converges, 0 < \u03b1\u03bb\u2099 < 2 + 2\u03b2 (dashed edge on the map): "
            "the second slider is \u03b1\u03bb\u2099 over that limit. Share 100/101 \u2248 0.9901 is where both optima lie: at "
            f"\u03b2 = 0 gradient descent's best step, at \u03b2 = 0.669 optimal momentum. {n} real runs.")
    data = {"scene": "milestones", "steps": int(steps), "sliders": sliders, "panels": panels, "points": points,
            "aspect": 16 / 9, "narrow_aspect": 0.75, "speed": float(p["speed"]), "legend": legend, "note": note,
            "click": None, "shared": [], "pad": pad(sliders), "presets": presets()}
    G.check_controls(data)
    return data


def pad(sliders: list[dict]) -> dict:
    """The map as a two-dimensional control: every grid point at (αλₙ, β) = (share·(2 + 2β), β), all inside
    the convergent region 0 < αλₙ < 2 + 2β since every share is below 1."""
    points = [(s * (2.0 + 2.0 * b), b, {"beta": b, "share": s})
              for b in sliders[0]["values"] for s in sliders[1]["values"] if 0 < s * (2.0 + 2.0 * b) < 2.0 + 2.0 * b]
    return G.pad(1, "\u03b1\u03bb\u2099 and \u03b2 on the map of the convergent region", points)


def presets() -> list[dict]:
    """Each method's optimum: gradient descent αλₙ = 2/(1 + λ₁/λₙ) at β = 0, momentum αλₙ = 400/121 at
    β = ((√λₙ − √λ₁)/(√λₙ + √λ₁))² = 81/121; both at share 100/101 of 2 + 2β."""
    return [G.preset("optimal gradient descent", {"beta": 0.0, "share": OPT_SHARE}),
            G.preset("optimal momentum", {"beta": 81 / 121, "share": OPT_SHARE})]
