"""The oracle page: momentum's largest error against the three lower bounds, the weights wᵏ across the
coordinates at a few steps against the finite and the infinite-chain w*, and the (αλₙ, β) map, over a
grid that keeps to the region where momentum converges.

As on the milestones page, the grid is a product of two sliders, β and "αλₙ as a share of 2 + 2β" (below
1: every point converges), with the optimum for this matrix and the article's drawn (α, β) added as grid
points. The page declares its (αλₙ, β) map as a two-dimensional control (`pad`: every grid point, with the
slider values it sets) and the two settings as presets. Each point is the scene's own run
(`scenes.oracle.data.outcome_of`), words (`scenes.oracle.story`) and numbers.
"""
from __future__ import annotations

import numpy as np

from scenes.kit import grid_web as G
from scenes.oracle.data import outcome_of, setting
from scenes.oracle.story import BOUNDS, COLOURS, bound_name, g3, held, title, verdict_caption

BETAS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
SHARES = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
SNAPSHOTS = ((5, "extra0"), (10, "extra1"), (20, "curve"), (50, "momentum"))  # steps whose weights are drawn
DIGITS = 4


def share_of(alpha_lambda: float, beta: float) -> float:
    return alpha_lambda / (2.0 + 2.0 * beta)


def _positive(v) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    return np.where(v > 0, v, np.nan)


def build(p: dict) -> dict:
    _, a_opt, b_opt = setting({"run": "optimal"})
    _, a_art, b_art = setting({"run": "article"})
    run, alpha, beta = setting(p)
    lam_n = outcome_of("optimal", a_opt, b_opt)["lam_max"]
    special = [(b_opt, share_of(a_opt * lam_n, b_opt), "optimal"), (b_art, share_of(a_art * lam_n, b_art), "article")]
    # The reader's run is simulated where it converges; on or past the edge the page keeps the reader's β
    # and opens at the largest share on its grid.
    share = share_of(alpha * lam_n, beta)
    start = (beta, share if share < 1 else max(v for _, v, _ in special))
    sliders = [G.slider("beta", "momentum \u03b2", BETAS + tuple(b for b, _, _ in special), start[0], digits=4),
               G.slider("share", "\u03b1\u03bb\u2099 as a share of 2 + 2\u03b2", SHARES + tuple(v for _, v, _ in special),
                        start[1], digits=4)]
    grid = G.combos(sliders)
    outs = []
    for g in grid:
        kind = next((name for b, v, name in special if abs(g["beta"] - b) < 1e-12 and abs(g["share"] - v) < 1e-12),
                    "custom")
        outs.append(outcome_of(kind, g["share"] * (2.0 + 2.0 * g["beta"]) / lam_n, g["beta"]))
    o0 = outs[0]
    steps, n = o0["steps"], o0["n"]
    k = np.arange(steps + 1)
    lo = min(float(np.nanmin(_positive(o["error"]))) for o in outs)
    bound_layers = [{**G.line(k, _positive(o0["bounds"][b]), COLOURS[b], 1.8, dash=b != "dead", digits=DIGITS),
                     "panel": 0} for b in BOUNDS]
    wstar = [{**G.line(np.arange(1, n + 1), o0["w_star"], "foreground", 2.0, digits=DIGITS), "panel": 1},
             {**G.line(np.arange(1, n + 1), o0["w_inf"], "muted", 1.5, dash=True, digits=DIGITS), "panel": 1}]
    edge = G.line([2.0, 4.0], [0.0, 1.0], "muted", 1.5, dash=True)
    panels = [
        G.panel((0.06, 0.1, 0.36, 0.76), (0, steps), (max(lo / 2, 1e-4), 2.0), narrow=(0.13, 0.04, 0.83, 0.25),
                log_y=True, x_label="step k", y_label="largest error \u2016w\u1d4f \u2212 w*\u2016\u221e",
                layers=bound_layers),
        G.panel((0.5, 0.1, 0.26, 0.76), (0.5, n + 0.5), (-0.2, 1.2), narrow=(0.13, 0.37, 0.83, 0.23),
                x_label="coordinate i", y_label="w\u1d62\u1d4f, w* and q\u2071",
                layers=wstar),
        G.panel((0.82, 0.1, 0.16, 0.5), (0.0, 4.0), (0.0, 1.0), narrow=(0.13, 0.70, 0.83, 0.19),
                x_label="\u03b1\u03bb\u2099", y_label="\u03b2",
                layers=[edge, G.mark(a_opt * lam_n, b_opt, "momentum"),  # unlabelled: a label would cover the rings
                        G.mark(a_art * lam_n, b_art, "gd")]),
    ]
    points = [point(o, k) for o in outs]
    page = G.page("oracle", steps, sliders, panels, points, aspect=2.4, narrow_aspect=0.6, speed=float(p["speed"]),
                  legend=[("momentum's error", "momentum")] + [(bound_name(o0, b), COLOURS[b]) for b in BOUNDS],
                  note=note(o0, len(points)))
    page["pad"] = {"panel": 2, "label": "step size \u03b1\u03bb\u2099 and momentum \u03b2",
                   "points": [[round(o["alpha_lambda"], 6), round(o["beta"], 6), {"beta": g["beta"], "share": g["share"]}]
                              for g, o in zip(grid, outs)]}
    page["presets"] = [{"label": "optimal", "values": {"beta": b_opt, "share": share_of(a_opt * lam_n, b_opt)}},
                       {"label": "article", "values": {"beta": b_art, "share": share_of(a_art * lam_n, b_art)}}]
    return page


def point(o: dict, k: np.ndarray) -> dict:
    n = o["n"]
    # a full-strength line (a ball's trail is drawn faint), in its legend's colour
    series = [G.series(0, k, _positive(o["error"]), "momentum", ball=False, digits=DIGITS)]
    lines = [{**G.line(np.arange(1, n + 1), o["W"][s], colour, 2.0, digits=DIGITS), "panel": 1}
             for s, colour in SNAPSHOTS]
    marks = [{**G.mark(o["alpha_lambda"], o["beta"], "foreground"), "panel": 2}]
    # Each snapshot inside the dead zone's reach is labelled where its front stops (coordinate s is the last
    # that step s reaches); the last, past it, is named by the panel's label.
    marks += [{**G.mark(s, o["W"][s][s - 1], colour, f"k = {s}"), "panel": 1} for s, colour in SNAPSHOTS if s < n]
    numbers = [G.number("step size \u03b1 (\u03b1\u03bb\u2099)", f"{o['alpha']:.4g} ({o['alpha_lambda']:.3f})", o["alpha"]),
               G.number("momentum \u03b2", f"{o['beta']:.4g}", o["beta"]),
               G.number("rate per step \u03c1(R)", f"{o['rate']:.3f}", o["rate"]),
               G.number(f"largest error at step {o['steps']}", g3(o["final_error"]),
                        o["final_error"] if np.isfinite(o["final_error"]) else None)]
    numbers += [G.number(bound_name(o, b), held(o, b), o["broken"][b]) for b in BOUNDS]
    numbers.append(G.number("cells of the dead zone not 0", str(o["dead_nonzero"]), o["dead_nonzero"]))
    return {"title": title(o), "verdict": verdict_caption(o), "numbers": numbers, "series": series, "lines": lines,
            "marks": marks}


def note(o: dict, count: int) -> str:
    ws, wi, n = o["w_star"], o["w_inf"], o["n"]
    return (f"The convex Rosenbrock with n = {n}: A = {(o['kappa'] - 1) / 4:g}\u00b7tridiag(\u22121, 2, \u22121) + I, "
            f"b = {(o['kappa'] - 1) / 4:g}e\u2081, from w\u2070 = 0. The formula's \u03ba is {o['kappa']:g}; the matrix's "
            f"own \u03bb\u2099/\u03bb\u2081 = {o['lam_max']:.1f}/{o['lam_min']:.3f} = {o['kappa_true']:.1f}. "
            f"Its w* (solid) ends at w\u2082\u2085* = {ws[n - 1]:.4f}; the infinite chain's q\u2071 (dashed) at "
            f"{wi[n - 1]:.3f}; between them, the run's w\u1d4f at k = 5, 10, 20 (labelled) and 50 (yellow). "
            f"w\u1d62\u1d4f = 0 for i > k in every run (the dead zone). The second slider is "
            f"\u03b1\u03bb\u2099 over the limit 2 + 2\u03b2, so every point converges; the map picks a point, "
            f"the buttons pick the optimum for this matrix (the yellow ring) or the article's drawn setting (the red "
            f"ring). "
            f"{count} real runs.")
