"""The valley's web page: both balls on the bumped valley for a grid of α, β and the start, one batch of
`sim` runs (each run with its own α, β and start).

Each grid point's title, verdict and end labels come from the scene's own words (`scenes.valley.story`),
fed the point's runs; the numbers are its end positions, the bump's top and the bump threshold on this
grid: the smallest β of the grid whose momentum ball ends past the bump at the point's α and start (None
if none does). Gradient descent's run depends on α and the start only: it is stored once for every β.
"""
from __future__ import annotations

import numpy as np

from scenes.kit import grid_web as G
from scenes.valley import story as valley_story
from scenes.kit.params import ParamError
from scenes.kit.story import fmt

BETAS = tuple(round(0.05 * i, 2) for i in range(20))  # 0 .. 0.95
LRS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
STARTS = (0.0, 0.05, 0.1, 0.15)  # the scene's range of starts on the left rim


def build(p: dict) -> dict:
    """The page's data (`scenes.kit.grid_web.page`) for the valley's parameters `p`."""
    from sim import SGD, landscapes, simulate

    if p["experiment"] != "smooth":
        raise ParamError("the valley's web page shows the smooth valley; the article's toy rule has no "
                         "page (drop --set experiment=article)")
    steps = int(p["steps"])
    sliders = [G.slider("momentum", "momentum \u03b2", BETAS, 0.9 if p["momentum"] is None else p["momentum"]),
               G.slider("lr", "learning rate \u03b1", LRS, 0.4 if p["lr"] is None else p["lr"]),
               G.slider("start", "start x\u2080", STARTS, p["start"])]
    grid = G.combos(sliders)
    lr = np.array([g["lr"] for g in grid])
    beta = np.array([g["momentum"] for g in grid])
    start = np.array([g["start"] for g in grid])
    valley = landscapes.BumpedValley()
    n = len(grid)
    # One batch: rows 0..n-1 plain gradient descent at each point's α and start, rows n..2n-1 momentum.
    run = simulate(valley, np.r_[start, start][:, None], SGD(np.r_[lr, lr], momentum=np.r_[np.zeros(n), beta]),
                   steps)
    paths = run.positions[:, :, 0].T  # (2n, steps + 1)
    curve_x = np.linspace(-0.02, 1.02, 1500)
    curve_y = valley.value(curve_x[:, None])
    top = valley_story.bump_top(curve_x, curve_y, valley.local_min)
    words = []
    for i, g in enumerate(grid):
        xs = np.stack([paths[i], paths[n + i]])
        if not np.all(np.isfinite(xs)):
            raise ParamError(f"gradient descent diverges at \u03b1 = {g['lr']:g}")
        words.append(_words(xs, g, steps, p, curve_x, curve_y, valley.local_min, top))
    threshold = {}
    for g, w in zip(grid, words):
        if w["fates"][1] == "over" and (g["lr"], g["start"]) not in threshold:
            threshold[g["lr"], g["start"]] = g["momentum"]
    lo, hi = float(curve_y.min()), float(curve_y.max())
    pad = 0.08 * (hi - lo)
    y_range = (lo - pad, hi + pad)
    shared = G.Shared()
    points = [_point(w, g, threshold.get((g["lr"], g["start"])), top, shared) for g, w in zip(grid, words)]
    keep = slice(None, None, 5)
    layers = [G.line(curve_x[keep], curve_y[keep], "curve", 3.0),
              G.mark(top, float(np.interp(top, curve_x, curve_y)), "muted", "bump")]
    panels = [G.panel((0.07, 0.06, 0.9, 0.8), (-0.03, 1.03), y_range, narrow=(0.1, 0.06, 0.86, 0.8),
                      x_label="x", y_label="f(x)", layers=layers)]
    return G.page("valley", steps, sliders, panels, points, aspect=16 / 8, narrow_aspect=1.2,
                  speed=float(p["speed"]),
                  legend=[("gradient descent", "gd"), ("momentum", "momentum")], shared=shared,
                  note="Every position is a real run of sim; the sliders snap to the "
                       + " \u00d7 ".join(str(len(s["values"])) for s in sliders) + " simulated values.")


def _words(xs, g: dict, steps: int, p: dict, curve_x, curve_y, local_min: float, top: float) -> dict:
    """`valley_story.make` on one grid point, with the entries of `scenes.valley.make_data` it reads."""
    raw, xs = xs, np.clip(xs, float(curve_x.min()), float(curve_x.max()))  # words from raw, drawing from xs
    data = {"experiment": "smooth", "steps": steps, "speed": float(p["speed"]), "lr": g["lr"],
            "beta": g["momentum"], "curve_x": curve_x, "curve_y": curve_y, "xs": xs, "raw_xs": raw,
            "ys": np.interp(xs, curve_x, curve_y), "local_min": local_min, "bump_top": top,
            "legend": ("gradient descent", f"momentum  \u03b2 = {g['momentum']:g}"),
            "alpha_text": f"\u03b1 = {g['lr']:g}"}
    return {**valley_story.make(data), "xs": xs, "ys": data["ys"]}


def _point(w: dict, g: dict, threshold: float | None, top: float, shared: G.Shared) -> dict:
    story = w["story"]
    roll = next(b for b in story["beats"] if b["name"] == "roll")
    final = story["numbers"]["final_x"]
    numbers = [
        G.number("gradient descent ends at x", fmt(final["gradient_descent"]), final["gradient_descent"]),
        G.number("momentum ends at x", fmt(final["momentum"]), final["momentum"]),
        G.number("bump top at x", fmt(top), round(top, 2)),
        G.number(f"smallest \u03b2 on the grid over the bump at \u03b1 = {g['lr']:g} from x\u2080 = {g['start']:g}",
                 "none" if threshold is None else f"{threshold:g}", threshold),
    ]
    # The balls roll on the curve: a trail of chords between steps would cut across it.
    gd = shared.ref((g["lr"], g["start"]),
                    lambda: G.series(0, w["xs"][0], w["ys"][0], "gd", "gradient descent", trail=False, digits=4))
    series = [gd, G.series(0, w["xs"][1], w["ys"][1], "momentum", "momentum", trail=False, digits=4)]
    return {"title": story["title"], "verdict": roll["caption"], "numbers": numbers, "series": series,
            "marks": [], "fates": list(w["fates"])}
