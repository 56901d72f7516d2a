"""The decay's web page: the weights β^i of past gradients for two βs, each on its own slider, and the
number of past steps shown.

Each grid point is the scene's own `scenes.decay.make_data` (two short runs of the buffer, `sim.SGD`):
the bars are β^i, the dots the buffer read i steps after a single gradient of 1, the dashed box has the
area 1/(1 − β); the words and numbers are the scene's storyboard (with few bars shown, the step where the
weight fades can lie beyond them, and the words say so). A panel's drawing depends on its own β and the
bars only: it is stored once for every β of the other panel.
"""
from __future__ import annotations

import numpy as np

from scenes.kit import grid_web as G
from scenes.kit.story import fmt

BETAS = tuple(round(0.05 * i, 2) for i in range(20))
BARS = (10, 20, 30)


def build(p: dict) -> dict:
    from scenes.decay import data as S

    sliders = [G.slider("beta_left", "\u03b2 of the left panel", BETAS, p["beta_left"]),
               G.slider("beta_right", "\u03b2 of the right panel", BETAS, p["beta_right"]),
               G.slider("bars", "past steps shown", BARS, p["bars"], digits=0)]
    grid = G.combos(sliders)
    datas = G.scene_points(S.make_data, {**p, "bars": int(p["bars"])}, [{**g, "bars": int(g["bars"])} for g in grid])
    right = max(q["xlim"][1] for d in datas for q in d["panels"])
    shared, points = G.Shared(), []
    for d in datas:
        story, n = d["story"], d["bars"]
        series, lines, numbers = [], [], []
        for k, (q, side) in enumerate(zip(d["panels"], ("left", "right"))):
            series += [shared.ref((k, q["beta"], n, "bars"), lambda q=q, k=k, d=d: G.series(
                           k, d["i"], q["weights"], "curve", "weight", style="bars", digits=4)),
                       shared.ref((k, q["beta"], n, "dots"), lambda q=q, k=k, d=d: G.series(
                           k, d["i"], q["buffer"], "momentum", "buffer", style="dots", digits=4))]
            w = q["window"]
            lines.append(shared.ref((k, q["beta"], "box"), lambda w=w, k=k: {
                **G.line([-0.5, -0.5, w - 0.5, w - 0.5], [0, 1, 1, 0], "accent", 1.5, dash=True), "panel": k}))
            numbers += [G.number(f"{side}: 1/(1\u2212\u03b2)", f"{w:.3g}", w),
                        G.number(f"{side}: sum of the {n} bars", f"{q['cumsum'][-1]:.2f}", float(q["cumsum"][-1])),
                        G.number(f"{side}: largest |buffer \u2212 \u03b2\u2071|",
                                 f"{float(np.max(np.abs(q['buffer'] - q['weights']))):.1e}",
                                 float(np.max(np.abs(q["buffer"] - q["weights"]))))]
        bars = next(b for b in story["beats"] if b["name"] == "bars")
        advice = next(b for b in story["beats"] if b["name"] == "advice")
        points.append({"title": story["title"] + f": \u03b2 = {fmt(d['panels'][0]['beta'])} and "
                                                 f"{fmt(d['panels'][1]['beta'])}",
                       "verdict": bars["caption"] + " " + advice["caption"], "numbers": numbers,
                       "series": series, "lines": lines, "steps": n - 1})
    panels = [G.panel(box, (-0.9, right), (0.0, 1.08), narrow=nbox, x_label="i (steps back)",
                      y_label="weight" if k == 0 else "")
              for k, (box, nbox) in enumerate((((0.07, 0.08, 0.42, 0.8), (0.12, 0.04, 0.84, 0.38)),
                                               ((0.56, 0.08, 0.42, 0.8), (0.12, 0.52, 0.84, 0.36))))]
    return G.page("decay", max(d["bars"] for d in datas) - 1, sliders, panels, points, aspect=16 / 7,
                  narrow_aspect=0.75, speed=datas[0]["speed"], shared=shared,
                  legend=[("weight \u03b2\u2071", "curve"), ("sim's buffer", "momentum"), ("1/(1\u2212\u03b2) box", "accent")],
                  note="Bars: the weight \u03b2\u2071 of the gradient from i steps back; dots: the heavy-ball buffer "
                       "of sim, i steps after one gradient of 1. Each pair of \u03b2s is the scene computed in "
                       f"full; the sliders snap to the simulated values.")
