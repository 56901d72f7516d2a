"""The sine's web page: the sine and its moving average for each β of the slider.

Each grid point is the scene's own `scenes.sine.make_data` (the EMA is one short `sim.ema` loop), so
the title, the caption on the marks and every number are the scene's: the gain and lag from theory
(`sim.theory.ema_response`) and as measured on the average, and the samples it takes to forget v₀ = 0.
"""
from __future__ import annotations

from scenes import grid_web as G
from scenes.kit.story import fmt

BETAS = tuple(round(0.05 * i, 2) for i in range(20))


def build(p: dict) -> dict:
    from scenes import sine as S

    sliders = [G.slider("beta", "\u03b2", BETAS, p["beta"])]
    grid = G.combos(sliders)
    datas = G.scene_points(S.make_data, p, grid)
    n = datas[0]["n"]
    points = []
    for d in datas:
        story = d["story"]
        num = story["numbers"]
        numbers = [
            G.number("gain |H| (theory)", fmt(d["gain"]), d["gain"]),
            G.number("gain measured on v", fmt(d["gain_measured"]), d["gain_measured"]),
            G.number("lag in samples (theory)", f"{d['lag']:.1f}", d["lag"]),
            G.number("lag measured on v", f"{d['lag_measured']:.1f}", d["lag_measured"]),
            G.number("samples to forget v\u2080 = 0 (\u03b2\u1d57 < 0.01)", str(num["forget_samples"]),
                     num["forget_samples"]),
        ]
        series = [G.series(0, d["t"], d["ema"], "momentum", "EMA v", ball=False, digits=4)]
        if d["bias_correction"]:
            series.append(G.series(0, d["t"][1:], d["corrected"][1:], "accent", "corrected", ball=False, digits=4))
        marks = next(b for b in story["beats"] if b["name"] == "marks")
        points.append({"title": story["title"], "verdict": marks["caption"], "numbers": numbers, "series": series})
    d0 = datas[0]
    layers = [G.line(d0["t"], d0["sine"], "curve", 2.0, digits=4), G.line([0, n], [0, 0], "muted", 1.0)]
    panel = G.panel((0.07, 0.1, 0.9, 0.78), (0, n), (-1.15, 1.15), narrow=(0.13, 0.08, 0.83, 0.8),
                    x_label=d0["xlabel"], y_label="", layers=layers)
    legend = [("sin x", "curve"), ("EMA v", "momentum")] + ([("bias-corrected", "accent")] if d0["bias_correction"] else [])
    return G.page("sine", n, [*sliders], [panel], points, aspect=16 / 7, narrow_aspect=1.1, speed=d0["speed"],
                  legend=legend,
                  note=f"v_t = \u03b2 v_(t\u22121) + (1 \u2212 \u03b2) sin(x_t), v_0 = 0, sampled every \u0394x = "
                       f"{d0['dx']:g}. Each \u03b2 is the scene computed in full; the slider snaps to the "
                       f"{len(BETAS)} values.")
