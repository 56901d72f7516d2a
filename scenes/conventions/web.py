"""The conventions' web page: the step each form of "momentum β" takes, for the β and the learning-rate
drop on the sliders.

Each grid point is the scene's own `scenes.conventions.data.make_data` (three short runs: `sim.EMAMomentum`,
`sim.SGD`, `sim.Keras`); the title, the answer and every number are the scene's. The steps are drawn on a
log scale so that every β fits one panel.
"""
from __future__ import annotations

import numpy as np

from scenes.kit import grid_web as G

BETAS = tuple(round(0.05 * i, 2) for i in range(20))
DROPS = (0.1, 0.25, 0.5, 1.0)


def build(p: dict) -> dict:
    from scenes.conventions import data as S

    sliders = [G.slider("beta", "momentum \u03b2", BETAS, p["beta"]),
               G.slider("lr_drop", "lr multiplied at the drop by", DROPS, p["lr_drop"])]
    grid = G.combos(sliders)
    datas = G.scene_points(S.make_data, p, grid)
    n = datas[0]["n"]
    lows = [float(min(s.min() for s in d["steps"].values())) for d in datas]
    highs = [float(max(s.max() for s in d["steps"].values())) for d in datas]
    y_range = (10 ** np.floor(np.log10(min(lows))), 10 ** np.ceil(np.log10(1.2 * max(highs))))
    keys = (("plain", "muted", "plain SGD (the step fed)"), ("ema", "accent", "EMA form"),
            ("torch", "momentum", "PyTorch SGD"), ("keras", "gd", "Keras SGD"))
    points = []
    for d in datas:
        story, num = d["story"], d["story"]["numbers"]
        k = d["k"]
        series = [G.series(0, k, d["steps"][key], color, label, ball=False, digits=4) for key, color, label in keys]
        numbers = [
            G.number("heavy-ball limit lr/(1\u2212\u03b2)", f"{d['limit']:.3g}", d["limit"]),
            G.number("EMA form: step after the drop", f"{num['ema_step_after_drop']:.3g}", num["ema_step_after_drop"]),
            G.number("PyTorch: step after the drop", f"{num['torch_step_after_drop']:.3g}", num["torch_step_after_drop"]),
            G.number("Keras: step after the drop", f"{num['keras_step_after_drop']:.3g}", num["keras_step_after_drop"]),
            G.number("Keras takes PyTorch's steps", "yes" if d["keras_equals_pytorch"] else "no", d["keras_equals_pytorch"]),
        ]
        points.append({"title": story["title"], "verdict": " ".join(d["answer"]), "numbers": numbers,
                       "series": series,
                       "lines": [{**G.line([d["drop"] + 0.5] * 2, list(y_range), "muted", 1.0, dash=True), "panel": 0}]})
    panel = G.panel((0.08, 0.08, 0.9, 0.8), (0, n + 0.5), y_range, narrow=(0.15, 0.06, 0.81, 0.82), log_y=True,
                    x_label="iteration k", y_label="step taken")
    return G.page("conventions", n - 1, sliders, [panel], points, aspect=16 / 7, narrow_aspect=1.0,
                  speed=datas[0]["speed"], legend=[(label, color) for _, color, label in keys],
                  note=f"g = 1 for the first {datas[0]['drop']} steps, then 0.5, while lr drops at the dashed "
                       "line. Each setting is the scene computed in full; the sliders snap to the "
                       f"{len(BETAS)} \u00d7 {len(DROPS)} values.")
