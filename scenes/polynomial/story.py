"""What the polynomial scene says, computed from the outcome (`scenes.polynomial.data.outcome_of`).

From the outcome: which eigenfeatures are in the fit at step k (converged to 3 digits, kᵢ = −3/log₁₀|1 − αλᵢ|),
how much of each one left out is fitted (xᵢᵏ/xᵢ* = 1 − (1 − αλᵢ)ᵏ), the loss ½‖Zw − d‖² against the
least-squares one, and how far Tikhonov's fit (the filter 1/(λᵢ + η)) lies from gradient descent's at the
data. Features are named p̄₁ … p̄₆ in the article's order, the largest eigenvalue first. `texts` gives every
line drawn on screen, `make` the storyboard; both backends and the page use them.
"""
from __future__ import annotations

import math

import numpy as np

from scenes.kit import reveal, story

SUB = "\u2081\u2082\u2083\u2084\u2085\u2086"
SUP = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")
RULE = "f(w) = \u00bd\u2016Zw \u2212 d\u2016\u00b2,  Z = [\u03be\u1d62\u02b2] (10 \u00d7 6),  x = Q\u1d40w"
PER_LINE = 3   # left-out features per line of the column


def feature(i: int) -> str:
    """p̄ᵢ₊₁: the article's name of feature i (0 = the largest eigenvalue)."""
    return "p\u0304" + SUB[i]


def sci(v: float, digits: int = 4) -> str:
    """A number with `digits` significant digits, as m·10ⁿ outside [10⁻³, 10⁴)."""
    if v == 0 or 1e-3 <= abs(v) < 1e4:
        return f"{v:.{digits}g}"
    m, e = f"{v:.{digits - 1}e}".split("e")
    m = m.rstrip("0").rstrip(".")
    return f"{m}\u00b710{str(int(e)).translate(SUP)}"


def pct(share: float) -> str:
    """A share as a percentage: one decimal, two significant digits below 1 %."""
    v = 100.0 * share
    return f"{v:.2g}%" if abs(v) < 1 else f"{v:.1f}%"


def steps(k: int) -> str:
    return f"{k:,}"


def joined(items: list[str]) -> str:
    return ", ".join(items)


def kept(o: dict) -> list[int]:
    return [i for i, f in enumerate(o["in_fit"]) if f]


def left_out(o: dict) -> list[int]:
    return [i for i, f in enumerate(o["in_fit"]) if not f]


def title(o: dict) -> str:
    n = len(kept(o))
    if n == 0:
        return f"Step {steps(o['step'])}: no eigenfeature in the fit yet"
    if n == len(o["in_fit"]):
        return f"Step {steps(o['step'])}: all {n} eigenfeatures in the fit"
    return f"Step {steps(o['step'])}: {n} of {len(o['in_fit'])} eigenfeatures in the fit"


def out_items(o: dict) -> list[str]:
    return [f"{feature(i)} {pct(o['share'][i])}" for i in left_out(o)]


def out_lines(o: dict) -> tuple[str, str]:
    """The column's two lines on the features left out, with the share of each one fitted."""
    items = out_items(o)
    if not items:
        return "left out: none", ""
    return "left out: " + joined(items[:PER_LINE]), joined(items[PER_LINE:])


def eta_text(o: dict) -> str:
    return (f"\u03b7 = 1/(\u03b1k) = {sci(o['eta'])}" if o["eta_auto"] else f"your \u03b7 = {sci(o['eta'])}")


def bar_ticks(top: float) -> list[tuple[int, str]]:
    """The bars' axis ticks, one per decade: (exponent, label)."""
    out = []
    for e in range(0, int(math.floor(top)) + 1):
        out.append((e, "1" if e == 0 else "10" if e == 1 else "10" + str(e).translate(SUP)))
    return out


def counter(k: int) -> str:
    return f"step k = {steps(k)}"


def texts(o: dict) -> dict:
    """Every line of text the scene draws, by role (both backends and the storyboard's labels)."""
    out1, out2 = out_lines(o)
    names = [feature(i) for i in kept(o)]
    return {
        "title": title(o),
        "rule": RULE,
        "setting": f"\u03b1 = {o['alpha_lambda']:g}/\u03bb\u2098\u2090\u2093 = {o['alpha']:.4g}",
        "fit_head": "the data and the model \u03a3\u1d62 x\u1d62\u1d4f p\u0304\u1d62(\u03be)",
        "terms_head": "its terms x\u1d62\u1d4f p\u0304\u1d62(\u03be) on the eigenfeatures of Z\u1d40Z",
        "term_heads": [f"{feature(i)}   \u03bb = {sci(v, 3)}" for i, v in enumerate(o["lam"])],
        "x_label": "\u03be",
        "bars_head": "k\u1d62 = \u22123/log\u2081\u2080|1 \u2212 \u03b1\u03bb\u1d62|: steps to 3 digits",
        "bar_names": [feature(i) for i in range(len(o["lam"]))],
        "bar_k": ["never" if not math.isfinite(k) else sci(float(k)) for k in o["k_conv"]],
        "bar_ticks": [label for _, label in bar_ticks(o["bars_top"])] if "bars_top" in o else [],
        "counter": counter(o["step"]),
        "fit_head_col": f"in the fit at step {steps(o['step'])}:",
        "fit_list": joined(names) if names else "none yet",
        "out1": out1,
        "out2": out2,
        "tik_head": "Tikhonov's filter 1/(\u03bb\u1d62 + \u03b7)",
        "tik_eta": eta_text(o),
        "tik_gap": f"the fits differ by \u2264 {o['gap']:#.3g} at the data",
    }


def setup_caption(o: dict) -> str:
    return "Ten points, fitted by a polynomial of degree 5."


def sweep_caption(o: dict) -> str:
    return (f"Gradient descent from w = 0 at \u03b1 = {o['alpha_lambda']:g}/\u03bb\u2098\u2090\u2093; k grows on a log scale.")


def in_fit_caption(o: dict) -> str:
    n, k = kept(o), steps(o["step"])
    if not n:
        return f"At step {k} no eigenfeature is in the fit yet, to 3 digits."
    if len(n) == len(o["in_fit"]):
        return f"Stopping at step {k} keeps all {len(n)} eigenfeatures, to 3 digits."
    return f"Stopping at step {k} keeps {joined([feature(i) for i in n])}, to 3 digits."


def out_caption(o: dict) -> str:
    items = out_items(o)
    if not items:
        return "Nothing is left out: this is the least-squares fit, to 3 digits."
    if len(items) > PER_LINE:
        rest = left_out(o)[2:]
        most = max(o["share"][i] for i in rest)
        return f"Left out, as share fitted: {joined(items[:2])}, {len(rest)} more \u2264 {pct(most)}."
    return f"Left out, as share fitted: {joined(items)}."


def loss_caption(o: dict) -> str:
    return (f"Its loss \u00bd\u2016Zw \u2212 d\u2016\u00b2 is {o['loss']:#.3g}; least squares reaches "
            f"{o['loss_ls']:#.3g}.")


def tikhonov_caption(o: dict) -> str:
    at = "\u03b7 = 1/(\u03b1k)" if o["eta_auto"] else f"\u03b7 = {sci(o['eta'])}"
    return f"Tikhonov's 1/(\u03bb\u1d62 + \u03b7), {at}, lands within {o['gap']:#.3g} of this fit at the data."


def plain(v):
    """A value as the sidecar stores it: lists for arrays, None for inf and nan."""
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, np.ndarray):
        return [plain(x) for x in v.tolist()]
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, (float, np.floating)):
        return float(v) if math.isfinite(v) else None
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def numbers(o: dict) -> dict:
    return plain({
        "alpha_lambda_max": o["alpha_lambda"], "alpha": o["alpha"], "lambdas": o["lam"], "x_star": o["x_star"],
        "k_converge": o["k_conv"], "first_step_in_fit": o["first"], "step": o["step"], "x_k": o["x_k"],
        "share_fitted": o["share"], "in_fit": o["in_fit"], "eta": o["eta"], "eta_auto": o["eta_auto"],
        "share_tikhonov": o["share_t"], "x_tikhonov": o["x_t"], "max_gap_at_data": o["gap"],
        "loss": o["loss"], "loss_least_squares": o["loss_ls"], "loss_tikhonov": o["loss_t"],
        "bars_top_log10": o.get("bars_top"),
    })


def make(o: dict, ends: list[float]) -> dict:
    t = o.get("texts") or texts(o)
    beats = [reveal.setup_beat(setup_caption(o), ends[0]),
             story.beat("sweep", ends[0], ends[1], sweep_caption(o)),
             story.beat("in_fit", ends[1], ends[2], in_fit_caption(o)),
             story.beat("left_out", ends[2], ends[3], out_caption(o)),
             story.beat("loss", ends[3], ends[4], loss_caption(o)),
             story.beat("verdict", ends[4], ends[5], tikhonov_caption(o))]
    labels = []
    for v in t.values():
        labels += v if isinstance(v, list) else [v]
    return story.make_story(t["title"], beats, [x for x in labels if x], numbers(o))
