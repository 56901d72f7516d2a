"""The compare page: the scene's optimizers on its landscape, all at the lr and momentum of the sliders.

This is the scene with tune=false (every optimizer takes the shared lr, and the slider's value as its
momentum μ or Adam's β1; RMSprop keeps α = 0.99: `scenes.compare.tune.untuned`), for a grid of lr (three
per decade) and momentum. Each optimizer runs the whole grid in one batched `sim.simulate` call. Per
grid point its runs are scored as the scene scores them (`compare_tune.scores`, f* as in
`scenes.compare.make_data`), and the title and verdict are the scene's (`scenes.compare.story`).
"""
from __future__ import annotations

import numpy as np

from scenes.compare import story as W
from scenes.compare import tune as T
from scenes.kit import grid_web as G
from scenes.kit import contour as C

LRS = tuple(float(10.0 ** (k / 3)) for k in range(-9, 2))  # 0.001 .. 2.15, as the tuning's grid
MOMENTA = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99)
COLOURS = ("gd", "momentum", "accent", "extra0", "extra1", "curve", "muted")


def build(p: dict) -> dict:
    from sim import simulate
    from scenes.compare import data as S_data

    landscape = T.make_landscape(p["landscape"])
    x0 = T.start_point(landscape, p["start"])
    names = p["optimizers"].split(",")
    steps = int(p["steps"])
    xlim, ylim = S_data._window(landscape, x0)
    # Nesterov needs a momentum (torch refuses 0), so with it on the list the grid starts at 0.5.
    momenta = MOMENTA[1:] if "nesterov" in names else MOMENTA
    sliders = [G.slider("lr", "learning rate", LRS, p["lr"], digits=3, significant=True),
               G.slider("momentum", "momentum \u03bc = \u03b2\u2081", momenta, p["momentum"])]
    grid = G.combos(sliders)
    settings = [[T.untuned(n, g["lr"], g["momentum"]) for g in grid] for n in names]
    runs = []
    for name, sets in zip(names, settings):  # one batch per optimizer over the whole grid
        lr = np.array([s["lr"] for s in sets])
        h = np.array([np.nan if s["second"] is None else s["second"] for s in sets])
        runs.append(simulate(landscape, np.tile(x0, (len(grid), 1)), T.kind(name).make(lr, h), steps))
    xs, ys, z = C.sample(landscape, xlim, ylim, n=121)
    z_low = float(z[np.isfinite(z)].min())
    known = len(landscape.minima) > 0
    f_known = float(landscape.value(landscape.minima[0])) if known else None
    points, tops, bottoms = [], [], []
    for i, g in enumerate(grid):
        raw_values = np.stack([r.values[:, i] for r in runs])
        raw_positions = np.stack([r.positions[:, i] for r in runs])
        f_ref = f_known if known else min(z_low, T.lowest_seen(raw_values.T))
        data = _data(p, names, settings, i, g, steps, x0, raw_values, raw_positions, f_ref, known, landscape,
                     xlim, ylim, S_data)
        data["title"] = W.title(data)
        story = W.make_story(data, S_data.duration(data))
        bottoms.append(data["loss_ylim"][0])
        tops.append(data["loss_ylim"][1])
        numbers = [G.number(f"{label}: {W.table_heading(data)[0].rstrip(',')}", W.result_text(data, j),
                            None if data["diverged"][j] else data["end_loss"][j])
                   for j, label in enumerate(data["labels"])]
        series = []
        for j, label in enumerate(data["labels"]):
            c = COLOURS[j % len(COLOURS)]
            series.append(G.series(0, data["positions"][j][:, 0], data["positions"][j][:, 1], c, label, digits=4))
            series.append(G.series(1, np.arange(steps + 1), data["gaps"][j], c, label, ball=False, digits=3))
        points.append({"title": story["title"], "verdict": W.verdict(data), "numbers": numbers, "series": series})
    f_map = f_known if known else z_low
    zg = z - f_map
    finite = zg[np.isfinite(zg) & (zg > 0)]
    low = max(float(np.percentile(finite, 1)), 1e-12 * float(finite.max())) if finite.size else 1e-3
    levels = C.geometric_levels(low, max(float(np.percentile(finite, 90)) if finite.size else 1.0, 10 * low), 12)
    layers = [G.line(poly[:, 0], poly[:, 1], "grid", 1.2, digits=4)
              for level in C.contour_lines(xs, ys, zg, levels) for poly in level]
    layers.append(G.mark(x0[0], x0[1], "muted", "start"))
    panels = [G.panel((0.06, 0.08, 0.56, 0.84), xlim, ylim, narrow=(0.12, 0.05, 0.84, 0.5), equal=True,
                      x_label="x", y_label="y", layers=layers),
              G.panel((0.7, 0.08, 0.28, 0.8), (0, steps), (min(bottoms), max(tops)), narrow=(0.18, 0.62, 0.78, 0.29),
                      log_y=True, x_label="step", y_label="f \u2212 f*")]
    labels = [T.kind(n).label for n in names]
    return G.page("compare", steps, sliders, panels, points, speed=max(2.0, steps / S_data.SECONDS)
                  if p["speed"] is None else float(p["speed"]),
                  legend=[(label, COLOURS[j % len(COLOURS)]) for j, label in enumerate(labels)],
                  note=f"Every optimizer takes the slider's lr, and its momentum as \u03bc or Adam's \u03b2\u2081 "
                       f"(RMSprop keeps \u03b1 = 0.99): the scene with tune=false. Every path is a real run of sim; "
                       f"the sliders snap to the {len(LRS)} \u00d7 {len(momenta)} simulated values.")


def _data(p, names, settings, i, g, steps, x0, raw_values, raw_positions, f_ref, known, landscape, xlim, ylim,
          S) -> dict:
    """The entries of `scenes.compare.make_data` (tune=false) that its words read, for grid point i."""
    sc = T.scores(raw_values.T, f_ref)
    gone = [bool(b) for b in sc["bad"]]
    positions, left = C.clamp_runs(raw_positions, xlim, ylim, gone)
    loss_ylim = S._loss_limits(raw_values - f_ref, gone)
    return {
        "landscape": p["landscape"], "named": p["landscape"] in T.LANDSCAPE_NAMES,
        "labels": [T.kind(n).label for n in names], "optimizers": names, "steps": steps,
        "start": [float(v) for v in x0], "tune": False, "lr": g["lr"], "momentum": g["momentum"],
        "settings": [{**sets[i], "second_name": T.kind(n).second, "symbol": T.kind(n).symbol}
                     for n, sets in zip(names, settings)],
        "grid": None, "f_ref": f_ref, "raw_positions": raw_positions, "raw_values": raw_values,
        "positions": positions, "left_window": [int(v) for v in left],
        "gaps": np.clip(np.nan_to_num(raw_values - f_ref, nan=loss_ylim[1], posinf=loss_ylim[1]),
                        loss_ylim[0] * 0.5, loss_ylim[1]),
        "end_loss": [float(v) for v in sc["end"]], "reach": [int(v) for v in sc["reach"]], "tol": sc["tol"],
        "diverged": gone, "tail": T.tail_length(steps), "xlim": xlim, "ylim": ylim,
        "minimum": [float(v) for v in landscape.minima[0]] if known else None, "loss_ylim": loss_ylim,
        "speed": float(p["speed"]) if p["speed"] is not None else max(2.0, steps / S.SECONDS),
    }
