"""The polynomial page: a logarithmic step slider, k = ⌊e^(s − 0.1)⌋ for the article's slider positions s up to
14.2 (k = 1,329,083). Each value is the scene's own outcome (`scenes.polynomial.data.outcome_of`): the model
and Tikhonov's fit beside the data, each feature's share fitted against log₁₀(1 + k) (solid: gradient
descent's 1 − (1 − αλᵢ)ᵏ, dashed: Tikhonov's λᵢ/(λᵢ + η) at η = 1/(αk)), and the steps-to-converge bars,
grey once the feature is in the fit. The player's step control plays the shares from k = 0 to the slider's k,
one slider position per step."""
from __future__ import annotations

import math

import numpy as np

from scenes.kit import grid_web as G
from scenes.polynomial import data as D, story as S
from scenes.polynomial.layout import FEATURE_COLOURS

POSITIONS = np.round(np.arange(0.4, 14.2 + 1e-9, 0.4), 6)
DIGITS = 4
SHARE_Y = (-0.05, 1.9)


def slider_steps() -> list[int]:
    """k = ⌊e^(s − 0.1)⌋ at the slider's positions, each once, and the article's last step."""
    ks = sorted({int(math.floor(math.exp(s - 0.1))) for s in POSITIONS} - {0} | {D.K_AXIS})
    return ks


def build(p: dict) -> dict:
    al, eta = float(p["alpha_lambda"]), p.get("eta")
    slider = G.slider("step", "step k (log scale)", slider_steps(), int(p["step"]), digits=0)
    ks = [int(v) for v in slider["values"]]
    outs = [D.outcome_of(k, al, eta) for k in ks]
    top = max(D.bars_top({**o, "step": k}) for o, k in zip(outs, ks))
    positions = [0] + ks
    lx = np.log10(1.0 + np.asarray(positions, float))
    shared = G.Shared()
    lam, alpha = outs[0]["lam"], outs[0]["alpha"]
    shares = [shared.ref(("gd", i), lambda i=i: G.series(1, lx, 1.0 - (1.0 - alpha * lam[i]) ** np.asarray(positions),
                                                         FEATURE_COLOURS[i], S.feature(i), ball=True,
                                                         digits=DIGITS)) for i in range(len(lam))]
    fine = np.unique(np.round(np.logspace(0, math.log10(max(ks)), 120)))
    layers = []
    for i in range(len(lam)):  # Tikhonov's share λᵢ/(λᵢ + η), at η = 1/(αk) or the reader's η, dashed
        eta_k = 1.0 / (alpha * fine) if eta is None else np.full(len(fine), float(eta))
        layers.append(G.line(np.log10(1 + fine), lam[i] / (lam[i] + eta_k), FEATURE_COLOURS[i], width=1.5,
                             dash=True, digits=DIGITS))
    xi, d = outs[0]["data"]
    n = len(lam)
    panels = [G.panel((0.06, 0.1, 0.28, 0.76), D.XLIM, D.YLIM, narrow=(0.12, 0.05, 0.84, 0.27), x_label="\u03be",
                      y_label="data, model (solid), Tikhonov (dashed)",
                      layers=[G.mark(x, y, "foreground") for x, y in zip(xi, d)]),
              G.panel((0.41, 0.1, 0.3, 0.76), (0.0, float(lx[-1])), SHARE_Y, narrow=(0.12, 0.39, 0.84, 0.27),
                      x_label="log\u2081\u2080(1 + k)", y_label="share fitted x\u1d62\u1d4f/x\u1d62*", layers=layers),
              G.panel((0.78, 0.1, 0.2, 0.76), (0.0, top), (n + 0.6, 0.4), narrow=(0.12, 0.71, 0.84, 0.22),
                      x_label="log\u2081\u2080 k\u1d62: steps to 3 digits", y_label="eigenfeature",
                      y_ticks=[(i + 1, S.feature(i)) for i in range(n)])]  # p̄₁ on top, as the video lists them
    points = [point(o, j + 1, shares, lx[j + 1], top) for j, o in enumerate(outs)]
    legend = [(S.feature(i), FEATURE_COLOURS[i]) for i in range(n)]
    note = (f"Ten points fitted by a polynomial of degree 5, gradient descent from w = 0 at \u03b1 = {al:g}/\u03bb\u2098\u2090\u2093; "
            "x = Q\u1d40w are the coordinates on the eigenfeatures p\u0304\u1d62 of Z\u1d40Z, the largest "
            "eigenvalue first. A feature is in the fit once its error has shrunk by 10\u207b\u00b3, after "
            "k\u1d62 = \u22123/log\u2081\u2080|1 \u2212 \u03b1\u03bb\u1d62| steps; its bar greys out then. "
            "Tikhonov's fit uses the filter 1/(\u03bb\u1d62 + \u03b7) on Z\u1d40d. The step k slider picks the "
            "step; Play and the replay bar run the shares from k = 0 up to it, one slider position at a time.")
    return G.page(D.NAME, len(ks), [slider], panels, points, aspect=16 / 9, narrow_aspect=0.55,
                  speed=max(2.0, len(ks) / 6.0), legend=legend, note=note, shared=shared,
                  scrub=("replay", "position"))


def point(o: dict, index: int, shares: list[int], here: float, top: float) -> dict:
    model = D.clipped(D.GRID, (o["x_k"][:, None] * o["features"]).sum(axis=0))
    lines = [{**G.line(*model, "foreground", width=2.5, digits=DIGITS), "panel": 0},
             {**G.line(*D.tikhonov_curve(o), "muted", width=2.0, dash=True, digits=DIGITS), "panel": 0},
             {**G.line([here, here], list(SHARE_Y), "foreground", width=1.5), "panel": 1}]
    n = len(o["lam"])
    for i in range(n):
        first = o["first"][i]
        end = math.log10(max(first, 1.0)) if math.isfinite(first) else top
        y = i + 1  # p̄ᵢ on row i, so that the axis' ticks name the features
        lines.append({**G.line([0.0, end], [y, y], "grid" if o["in_fit"][i] else FEATURE_COLOURS[i], width=9),
                      "panel": 2})
    k_log = math.log10(max(o["step"], 1))
    lines.append({**G.line([k_log, k_log], [0.4, n + 0.6], "foreground", width=1.5), "panel": 2})
    out1, out2 = S.out_lines(o)
    numbers = [G.number("step k", S.steps(o["step"]), o["step"]),
               G.number("\u03b1", f"{o['alpha']:.4g}", o["alpha"]),
               G.number("in the fit, to 3 digits", S.texts(o)["fit_list"], o["in_fit"]),
               G.number("left out, share fitted", (out1 + (", " + out2 if out2 else "")).removeprefix("left out: "),
                        S.plain(o["share"]))]
    numbers += [G.number(f"{S.feature(i)}: \u03bb, k\u1d62", f"{S.sci(o['lam'][i], 3)}, {S.sci(o['k_conv'][i])}",
                         [float(o["lam"][i]), S.plain(o["k_conv"][i])]) for i in range(n)]
    numbers += [G.number("Tikhonov", S.eta_text(o), o["eta"]),
                G.number("the fits differ at the data by at most", f"{o['gap']:#.3g}", o["gap"]),
                G.number("loss \u00bd\u2016Zw \u2212 d\u2016\u00b2", f"{o['loss']:#.3g}", o["loss"]),
                G.number("least-squares loss", f"{o['loss_ls']:#.3g}", o["loss_ls"])]
    verdict = " ".join([S.in_fit_caption(o), S.out_caption(o), S.tikhonov_caption(o)])
    return {"title": S.title(o), "verdict": verdict, "numbers": numbers, "series": shares, "lines": lines,
            "steps": index}
