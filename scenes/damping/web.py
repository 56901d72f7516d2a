"""The damping page: a β slider over precomputed runs. Each value is the scene's own make_data (the
reader's β takes the place of the run of its kind); the page draws all three runs' portraits and error
curves, as the video does, so the scene's title and words (which compare the three) speak of what is drawn."""
from __future__ import annotations

from scenes.damping import data as D, story as S
from scenes.kit import grid_web as G

BETAS = (0.0, 0.01, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.81, 0.82, 0.83, 0.85, 0.875, 0.9, 0.93,
         0.95, 0.97, 0.98, 0.99, 1.0)
STEPS = 500
DIGITS = 4
COLOURS = ("accent", "momentum", "gd")  # under-damped (β above the critical), critical, over-damped (below)


def build(p: dict) -> dict:
    slider = G.slider("beta", "momentum \u03b2 (critical 0.81)", BETAS, p.get("beta") if p.get("beta") is not None
                      else D.betas_for(None)[0][1], digits=3)
    datas = [D.make_data({"beta": g["beta"], "speed": p["speed"], "part": "critical"}) for g in G.combos([slider])]
    vmax = max(max(abs(v) for v in d["vlim"]) for d in datas)
    panels = [G.panel((0.07, 0.12, 0.4, 0.74), (-vmax, vmax), (-1.15, 1.15), narrow=(0.12, 0.06, 0.83, 0.4),
                      x_label="velocity \u2212z", y_label="w \u2212 w*",
                      layers=[G.mark(0.0, 0.0, "foreground", "optimum")]),
              G.panel((0.56, 0.12, 0.4, 0.74), (0, STEPS), (-1.15, 1.15), narrow=(0.12, 0.55, 0.83, 0.4),
                      x_label="step k", y_label="w \u2212 w*")]
    points = [point(d) for d in datas]
    crit = S.num(datas[0]["critical_beta"])
    return G.page(D.NAME, STEPS, [slider], panels, points, aspect=2.2, narrow_aspect=0.9, speed=float(p["speed"]),
                  legend=[(f"\u03b2 above {crit}", COLOURS[0]), (f"critical \u03b2 = {crit}", COLOURS[1]),
                          (f"\u03b2 below {crit}", COLOURS[2])],
                  note="One component, \u03b1 = 0.0001 and \u03bb = 100, from rest one unit below its optimum. "
                       "The critical \u03b2 = (1 \u2212 \u221a(\u03b1\u03bb))\u00b2 = 0.81; the rate there is "
                       "1 \u2212 \u221a(\u03b1\u03bb) = 0.9 per step against gradient descent's 1 \u2212 \u03b1\u03bb = "
                       "0.99. Your \u03b2 takes the place of the run on its side of the critical one. A run "
                       "settles at the step from which it stays within 0.01 of the optimum.")


def point(d: dict) -> dict:
    slot = d["slot"]
    n = min(STEPS, len(d["errors"][0]) - 1)
    out_series = []
    for i, colour in enumerate(COLOURS):
        v, e = d["velocity"][i][: n + 1], d["errors"][i][: n + 1]
        out_series.append(G.series(0, v, e, colour, digits=DIGITS))
        out_series.append(G.series(1, range(n + 1), e, colour, ball=False, digits=DIGITS))
    numbers = [G.number(S.kind_name(d, slot) + ": rate per step \u03c1(R)", S.num(d["rates"][slot]), d["rates"][slot]),
               G.number("critical: 1 \u2212 \u221a(\u03b1\u03bb)", S.num(d["critical_rate"]), d["critical_rate"]),
               G.number("gradient descent: 1 \u2212 \u03b1\u03bb", S.num(d["gd_rate"]), d["gd_rate"]),
               G.number("your \u03b2: within 0.01 from", S.reach_text(d, slot), d["reach"][slot]),
               G.number("critical: within 0.01 from", S.reach_text(d, 1), d["reach"][1]),
               G.number("gradient descent: within 0.01 from", S.short_reach(d["gd_reach"], d), d["gd_reach"])]
    return {"title": d["story"]["title"], "verdict": d["story"]["beats"][1]["caption"], "numbers": numbers,
            "series": out_series}
