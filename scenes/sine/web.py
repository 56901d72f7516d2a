"""The sine's web page: the sine and its moving average for each β and sampling step Δx of the sliders.

Each grid point is the scene's own `scenes.sine.make_data` (the EMA is one short `sim.ema` loop), so
the title, the captions and every number are the scene's: the gain and lag from theory
(`sim.theory.ema_response`) and as measured on the average, and the samples it takes to forget v₀ = 0.
Δx sets how many samples the periods take (n = periods · 2π / Δx, each point's own number of steps), so
the page draws against x = t·Δx, where every Δx spans the same periods.
"""
from __future__ import annotations

import math

import numpy as np

from scenes.kit import grid_web as G
from scenes.kit.story import fmt

BETAS = tuple(round(0.05 * i, 2) for i in range(20))
DXS = (0.05, 0.1, 0.2, 0.4)


def build(p: dict) -> dict:
    from scenes.sine import data as S

    sliders = [G.slider("beta", "\u03b2", BETAS, p["beta"]),
               G.slider("dx", "sampling step \u0394x", DXS, p["dx"], digits=3, significant=True)]
    grid = G.combos(sliders)
    datas = G.scene_points(S.make_data, p, grid)
    points = []
    for d in datas:
        story = d["story"]
        num = story["numbers"]
        x = d["t"] * d["dx"]
        numbers = [
            G.number("samples shown", str(d["n"]), d["n"]),
            G.number("gain |H| (theory)", fmt(d["gain"]), d["gain"]),
            G.number("gain measured on v", fmt(d["gain_measured"]), d["gain_measured"]),
            G.number("lag in samples (theory)", f"{d['lag']:.1f}", d["lag"]),
            G.number("lag measured on v", f"{d['lag_measured']:.1f}", d["lag_measured"]),
            G.number("samples to forget v\u2080 = 0 (\u03b2\u1d57 < 0.01)", str(num["forget_samples"]),
                     num["forget_samples"]),
        ]
        series = [G.series(0, x, d["ema"], "momentum", "EMA v", ball=False, digits=4)]
        if d["bias_correction"]:
            series.append(G.series(0, x[1:], d["corrected"][1:], "accent", "corrected", ball=False, digits=4))
        said = {b["name"]: b["caption"] for b in story["beats"]}
        verdict = " ".join(said[k] for k in ("start", "steady") if k in said)  # the page draws no peak marks
        points.append({"title": story["title"], "verdict": verdict, "numbers": numbers, "series": series,
                       "steps": d["n"], "speed": d["speed"]})
    d0 = datas[0]
    right = max(d["n"] * d["dx"] for d in datas)
    fine = np.linspace(0.0, right, 600)
    layers = [G.line(fine, np.sin(fine), "curve", 2.0, digits=4), G.line([0, right], [0, 0], "muted", 1.0)]
    panel = G.panel((0.07, 0.1, 0.9, 0.78), (0, right), (-1.15, 1.15), narrow=(0.13, 0.08, 0.83, 0.8),
                    x_label="x = t\u00b7\u0394x (radians)", y_label="", layers=layers)
    legend = [("sin x", "curve"), ("EMA v", "momentum")] + ([("bias-corrected", "accent")] if d0["bias_correction"] else [])
    return G.page("sine", max(d["n"] for d in datas), [*sliders], [panel], points, aspect=16 / 7,
                  narrow_aspect=1.1, speed=d0["speed"], legend=legend,
                  note=f"v\u209c = \u03b2 v\u209c\u208b\u2081 + (1 \u2212 \u03b2) sin(x\u209c), v\u2080 = 0, x\u209c = t\u00b7\u0394x over "
                       f"{fmt(right / (2 * math.pi), 1)} periods. Each setting is the scene computed in full; the "
                       f"sliders snap to the {len(sliders[0]['values'])} \u00d7 {len(sliders[1]['values'])} values.")
