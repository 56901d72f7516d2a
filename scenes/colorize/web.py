"""The colorize page: the pixel grid of one run at a chosen step, its per-eigenvector bars, and the
eigenvector of the bar chosen, over a grid of (α·λₙ, β) inside the region where momentum converges.

Sliders: the run, one of a few (α·λₙ, β) inside the region where momentum converges (the two-dimensional pad
on the (α·λₙ, β) map picks the nearest, and "optimal" the optimum), the step k on log-spaced values (the
logarithmic step slider), and the bar.
Clicking the bars panel picks the bar nearest the click and the step nearest its height. Each bar shows
its own eigenvector (the article's bars past the 50th showed another one). Everything comes from the
scene's closed form (`scenes.colorize.data`): pixels wᵏ = w* + Q eᵏ, bars ln 10⁻³ / ln ρᵢ.

The pixel grids are drawn as runs of pixels of one colour along each row (lines of the player), on the
scale of `scenes.colorize.data.STOPS` in ten bands; the eigenvector on the article's diverging scale.
"""
from __future__ import annotations

import math

import numpy as np

from scenes.colorize import data as D, story as S
from scenes.kit import grid_web as G

# The runs, (α·λₙ, β), all inside the region where momentum converges (α·λₙ < 2 + 2β); the optimum and the
# reader's own point are added.
RUNS = ((1.0, 0.0), (1.9, 0.0), (1.5, 0.5), (2.8, 0.5), (2.0, 0.9), (3.7, 0.9), (3.0, 0.99), (3.9, 0.98))
STEPS = (0, 1, 10, 30, 100, 300, 1000, 3000, 10_000, 100_000, 219_695, 1_000_000)
BARS = (1, 2, 3, 5, 10, 50, 200, 1120)          # 1-based eigenvector indices, one bar each
EIG_STOPS = ("#d7191c", "#ffffbf", "#2b83ba")     # the article's eigenvector scale, −, 0, +
ROW_WIDTH = 4.5                                   # px: a row of pixels drawn as a line


def hexes(rgba) -> list[str]:
    return ["#" + "".join(f"{int(round(v * 255)):02x}" for v in c[:3]) for c in np.atleast_2d(rgba)]


def runs(image: np.ndarray, bands: np.ndarray, colours: list[str], y0: float, panel: int) -> list[dict]:
    """One line per colour band: each maximal run of pixels in a row that share a band, as a segment."""
    xs = {b: [] for b in range(len(colours))}
    ys = {b: [] for b in range(len(colours))}
    rows, cols = image.shape
    for r in range(rows):
        c = 0
        while c < cols:
            if not np.isfinite(image[r, c]):
                c += 1
                continue
            b, start = bands[r, c], c
            while c < cols and np.isfinite(image[r, c]) and bands[r, c] == b:
                c += 1
            xs[b] += [start, c, np.nan]
            ys[b] += [y0 - r, y0 - r, np.nan]
    return [{**G.line(xs[b], ys[b], colours[b], ROW_WIDTH, digits=4), "panel": panel} for b in xs if xs[b]]


def pixel_lines(image: np.ndarray) -> list[dict]:
    bands = np.clip(np.floor(np.nan_to_num(image) / 10.0), 0, 10).astype(int)  # 0-10, ..., 90-100, 100+
    colours = hexes(D.colour(np.arange(11) * 10.0 + 5.0))
    return runs(image, bands, colours, 35.0, 0)


def eigen_lines(vec_image: np.ndarray) -> list[dict]:
    top = float(np.nanmax(np.abs(vec_image)))
    u = np.nan_to_num(vec_image) / top                      # −1..1
    bands = np.clip(np.floor((u + 1.0) / 2.0 * 9), 0, 8).astype(int)
    mids = (np.arange(9) + 0.5) / 9 * 2 - 1
    colours = []
    for m in mids:
        a, b, f = (EIG_STOPS[1], EIG_STOPS[0], -m) if m < 0 else (EIG_STOPS[1], EIG_STOPS[2], m)
        ca = np.array([int(a[k:k + 2], 16) for k in (1, 3, 5)])
        cb = np.array([int(b[k:k + 2], 16) for k in (1, 3, 5)])
        colours.append("#" + "".join(f"{int(v):02x}" for v in np.round(ca + (cb - ca) * f)))
    return runs(vec_image, bands, colours, 15.0, 0)


def build(p: dict) -> dict:
    from sim.distill import colorize as C

    sp = D.spectrum()
    lam = sp.lam
    a_opt, b_opt = C.optimal(lam)
    alpha, beta, kind = D.setting(p)
    runs = sorted(set(RUNS) | {(a_opt * lam[-1], b_opt), (alpha * lam[-1], beta)}, key=lambda r: (r[1], r[0]))
    mine = runs.index((alpha * lam[-1], beta)) + 1
    sliders = [G.slider("run", "run (on the map)", range(1, len(runs) + 1), mine,
                        digits=0),
               G.slider("k", "step k (log)", STEPS, None, digits=0),
               G.slider("bar", "bar", range(1, len(BARS) + 1), 1, digits=0)]
    sliders[1]["index"] = sliders[1]["values"].index(1000.0)
    mask = C.mask()
    shared = G.Shared()
    runs_at, points = {}, []
    index = [b - 1 for b in BARS]
    ks = np.array(STEPS)
    top_steps = 1e7
    for n, (al_, b_) in enumerate(runs, 1):
        a_ = al_ / lam[-1]
        runs_at[n] = (a_, b_, C.steps_to_converge(lam, a_, b_), C.iterates(sp, a_, b_, ks))
    for combo in G.combos(sliders):
        run, k, bar = int(combo["run"]), int(combo["k"]), int(combo["bar"])
        a_, b_, per, w = runs_at[run]
        j = STEPS.index(k)
        img = np.full(mask.shape, np.nan)
        img[mask] = w[j]
        pix = shared.ref(("pix", run, k) if k else ("pix0",), lambda: pixel_lines(img))
        vec = np.full(mask.shape, np.nan)
        vec[mask] = sp.Q[:, BARS[bar - 1] - 1]
        eig = shared.ref(("eig", bar), lambda: eigen_lines(vec))
        steps_i = [float(per[i]) for i in index]
        done = [math.isfinite(v) and v <= k for v in steps_i]
        bars = shared.ref(("bars", run, k), lambda: bar_lines(steps_i, done, top_steps))
        conv = float(np.max(per))
        low = float(w[j].min())
        i = BARS[bar - 1]
        si = steps_i[bar - 1]
        who = ("optimal momentum" if abs(b_ - b_opt) < 1e-12 and abs(a_ - a_opt) < 1e-15 else
               "gradient descent" if b_ == 0 else "momentum")
        al = a_ * lam[-1]
        title = f"{who} (\u03b1\u03bb\u2099 = {al:.3g}, \u03b2 = {b_:.4g}): every component cut 1000-fold by step " \
                f"{S.steps_text(conv)}"
        verdict = (f"At step {k:,} the lowest pixel is {S.pixel_text(low)} of 100. Bar {bar} is eigenvector {i}, "
                   f"\u03bb = {S.sci(float(lam[i - 1]))}: cut 1000-fold by step {S.steps_text(si)}, "
                   + ("done at this step." if done[bar - 1] else "not yet at this step."))
        numbers = [G.number("\u03b1\u03bb\u2099", f"{al:.4g}", al), G.number("\u03b2", f"{b_:.4g}", b_),
                   G.number("step k", f"{k:,}", k),
                   G.number("every component cut 1000-fold by step", S.steps_text(conv), S.whole(conv)),
                   G.number("lowest pixel at step k", S.pixel_text(low), low),
                   G.number("eigenvector shown", f"{i}", i),
                   G.number(f"eigenvalue of eigenvector {i}", S.sci(float(lam[i - 1])), float(lam[i - 1])),
                   G.number(f"eigenvector {i}: cut 1000-fold by step", S.steps_text(si), S.whole(si))]
        lines = [pix, eig, bars, {**G.line([0.5, len(BARS) + 0.5], [max(k, 1), max(k, 1)], "foreground", 1.5,
                                           dash=True), "panel": 1}]
        marks = [{**G.mark(bar, min(max(si, 1.0), top_steps), "accent"), "panel": 1},
                 {**G.mark(al, b_, "foreground"), "panel": 2}]
        points.append({"title": title[0].upper() + title[1:], "verdict": verdict, "numbers": numbers,
                       "series": [], "lines": lines, "marks": marks, "steps": k, "speed": max(k / 4.0, 1.0)})
    # Lines given by their shared index expand to several lines: the player resolves each index to one
    # entry, so store each group flat.
    flat = G.Shared()
    for pt in points:
        out = []
        for entry in pt["lines"]:
            if isinstance(entry, int):
                group = shared.items[entry]
                out += [flat.ref((entry, n), lambda e=e: e) for n, e in enumerate(group)]
            else:
                out.append(entry)
        pt["lines"] = out
    panels = [G.panel((0.03, 0.04, 0.6, 0.5), (0, 112), (-1, 36.5), narrow=(0.1, 0.03, 0.87, 0.2), equal=True,
                      x_label="pixels at step k (top); the bar's eigenvector (below)"),
              G.panel((0.08, 0.62, 0.55, 0.26), (0.5, len(BARS) + 0.5), (1.0, top_steps), narrow=(0.14, 0.31, 0.82, 0.26),
                      log_y=True, x_label="bar: eigenvector " + ", ".join(map(str, BARS)),
                      y_label="steps to cut it 1000-fold"),
              G.panel((0.72, 0.1, 0.25, 0.4), (0.0, 4.0), (-0.06, 1.0), narrow=(0.12, 0.71, 0.84, 0.22),
                      x_label="\u03b1\u03bb\u2099", y_label="\u03b2",
                      layers=[G.line([2.0, 4.0], [0.0, 1.0], "muted", 1.5, dash=True),
                              G.mark(a_opt * lam[-1], b_opt, "momentum", "optimum"),
                              G.mark(1.9, 0.0, "gd", "1.9")])]
    for pn in panels[:1]:
        pn["no_grid"] = True
    page = G.page(D.NAME, max(STEPS), sliders, panels, points, aspect=16 / 10, narrow_aspect=0.55, speed=1000.0,
                  legend=[("converged", "muted"), ("not yet", "momentum")],
                  note=("Distill's 1,120 pixels: f = \u00bdw\u1d40Lw \u2212 b\u1d40w, L the 4-neighbour Laplacian "
                        "plus 0.1 at the two seeds on the left edge, b = 10 there, so w* = 100 everywhere; "
                        f"\u03bb\u2081 = {S.sci(float(lam[0]))}, \u03bb\u2099 = {lam[-1]:.4g}, "
                        f"\u03ba = {S.sci(float(lam[-1] / lam[0]))}. The runs lie where momentum converges; pick one "
                        "on the map. \u03b2 = 0 is gradient descent. Click the bars to pick a bar and a step. Each "
                        "bar shows its own eigenvector."),
                  click={"panel": 1, "x": "bar", "y": "k"}, shared=flat)
    page["pad"] = {"panel": 2, "label": "step size \u03b1\u03bb\u2099 and momentum \u03b2",
                   "points": [[al_, b_, {"run": float(n)}] for n, (al_, b_) in enumerate(runs, 1)]}
    page["presets"] = [{"label": "optimal", "values": {"run": float(runs.index((a_opt * lam[-1], b_opt)) + 1)}},
                       {"label": "gradient descent, \u03b1\u03bb\u2099 = 1.9", "values": {"run": float(runs.index((1.9, 0.0)) + 1)}}]
    return page


def bar_lines(steps_i: list, done: list, top: float) -> list[dict]:
    """The bars as two lines (done: muted, not yet: momentum), each bar a vertical segment from 1 step."""
    out = []
    for flag, colour in ((True, "muted"), (False, "momentum")):
        xs, ys = [], []
        for j, (v, d) in enumerate(zip(steps_i, done)):
            if d == flag:
                xs += [j + 1, j + 1, np.nan]
                ys += [1.0, min(max(v, 1.0), top) if math.isfinite(v) else top, np.nan]
        if xs:
            out.append({**G.line(xs, ys, colour, 10.0, digits=5), "panel": 1})
    return out
