"""The polynomial scene's data: Distill's ten points fitted by Σⱼ wⱼ ξʲ (j = 0 … 5) with gradient descent from
w = 0, seen on the eigenfeatures of ZᵀZ (`sim.distill.polynomial`, the only place `sim` is called).

Everything here is in the article's order, the largest eigenvalue first: feature i = 0 … 5 is p̄ᵢ₊₁. With
α = (α·λ_max)/λ_max, component i after k steps is xᵢᵏ = xᵢ*(1 − (1 − αλᵢ)ᵏ) (x = Qᵀw); it is "in the fit"
once its error has shrunk by 10⁻³, from step max(⌈kᵢ⌉, 1) with kᵢ = −3/log₁₀|1 − αλᵢ|. Tikhonov's fit
at η has xᵢ = xᵢ* λᵢ/(λᵢ + η) (the filter 1/(λᵢ + η) times QᵀZᵀd = λᵢxᵢ*); η defaults to 1/(αk).
The video sweeps k from 0 to the chosen step on a logarithmic clock.
"""
from __future__ import annotations

import math

import numpy as np

from scenes.kit import reveal
from scenes.polynomial import story as S

NAME = "polynomial"
LEAD = reveal.SETUP
BEATS = (4.5, 4.5, 4.5, 5.0)      # seconds of the beats after the sweep: in the fit, left out, loss, Tikhonov
GRID = np.linspace(-1.125, 1.125, 181)   # where the curves are drawn (the article's range)
XLIM, YLIM = (-1.2, 1.2), (-3.0, 3.0)
K_AXIS = 1_329_083                 # the article's last slider step: the bars' axis reaches at least this


def eigen_view(alpha_lambda: float) -> dict:
    """The problem on its eigenfeatures, in the article's order: λ, Q's columns, x*, α and each kᵢ."""
    from sim.distill import polynomial as P

    Z = P.vandermonde()
    lam, Q = P.eigen(Z)
    alpha = float(alpha_lambda) / float(lam.max())
    w_ls, x_star = P.least_squares()
    return {"Z": Z, "lam": P.article_order(lam), "Q": P.article_order(Q), "x_star": P.article_order(x_star),
            "w_ls": w_ls, "alpha": alpha, "alpha_lambda": float(alpha_lambda),
            "k_conv": P.article_order(P.steps_to_converge(alpha, lam)),
            "first": P.article_order(P.first_step_in_fit(alpha, lam)),
            "features": P.article_order(P.features(GRID, Q).T).T}


def weights_at(ev: dict, k: int) -> np.ndarray:
    """xᵏ in the article's order (closed form, `sim.distill.polynomial.gd_iterates`)."""
    from sim.distill import polynomial as P

    return P.article_order(P.gd_iterates([int(k)], ev["alpha"])[0])


def loss(Z, w, d) -> float:
    """½‖Zw − d‖²."""
    r = Z @ w - d
    return float(0.5 * r @ r)


def clipped(x, y, lo: float = YLIM[0], hi: float = YLIM[1]) -> tuple[np.ndarray, np.ndarray]:
    """The curve inside lo ≤ y ≤ hi, with the points where it crosses an edge added and NaN between its
    pieces, so that both backends draw the same pieces (Manim splits at the NaNs)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    xs, ys = [], []
    for i in range(len(x)):
        inside = lo <= y[i] <= hi
        if i > 0:
            a, b = y[i - 1], y[i]
            for edge in (lo, hi):
                if (a - edge) * (b - edge) < 0:  # crosses the edge between the two points
                    u = (edge - a) / (b - a)
                    xs.append(x[i - 1] + u * (x[i] - x[i - 1]))
                    ys.append(edge)
                    if not inside:
                        xs.append(np.nan)
                        ys.append(np.nan)
        if inside:
            xs.append(x[i])
            ys.append(y[i])
    return np.array(xs), np.array(ys)


def pieces(x, y) -> list[tuple[np.ndarray, np.ndarray]]:
    """A NaN-broken curve as its pieces of two points or more."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    cut = np.flatnonzero(np.isnan(x))
    out = []
    for a, b in zip(np.concatenate([[-1], cut]), np.concatenate([cut, [len(x)]])):
        if b - a - 1 >= 2:
            out.append((x[a + 1:b], y[a + 1:b]))
    return out


def outcome_of(step: int, alpha_lambda: float, eta: float | None = None) -> dict:
    """Everything said about stopping at `step` (the page calls this per point)."""
    from sim.distill import polynomial as P

    ev = eigen_view(alpha_lambda)
    lam, Z, Q = ev["lam"], ev["Z"], ev["Q"]
    x_k = weights_at(ev, step)
    share = 1.0 - (1.0 - ev["alpha"] * lam) ** int(step)
    eta_auto = eta is None
    eta = 1.0 / (ev["alpha"] * step) if eta_auto else float(eta)
    x_t = P.article_order(P.tikhonov_weights(eta))
    share_t = lam * P.tikhonov_filter(eta, lam)  # λᵢ/(λᵢ + η)
    fit = [bool(step >= f) for f in ev["first"]]
    w_k, w_t = Q @ x_k, Q @ x_t
    gap = float(np.max(np.abs(Z @ w_k - Z @ w_t)))
    return {
        **ev, "step": int(step), "x_k": x_k, "share": share, "in_fit": fit,
        "eta": eta, "eta_auto": eta_auto, "x_t": x_t, "share_t": share_t, "gap": gap,
        "loss": loss(Z, w_k, P.D), "loss_ls": loss(Z, ev["w_ls"], P.D), "loss_t": loss(Z, w_t, P.D),
        "data": (P.XI.copy(), P.D.copy()),
    }


def sweep_step(t: float, step: int, sweep: float) -> int:
    """The step shown at time t: 0 before the sweep, then k = ⌊(1 + K)^u⌋ − 1 with u the share of the sweep
    gone (a logarithmic clock), K at its end and after."""
    u = float(np.clip((t - LEAD) / sweep, 0.0, 1.0))
    if u >= 1.0:
        return int(step)
    return int(min(step, math.floor(math.expm1(u * math.log1p(step)) + 1e-9)))


def bars_top(o: dict) -> float:
    """The bars' axis, log₁₀ of the step, reaches past K_AXIS, the chosen step and every kᵢ."""
    top = max(K_AXIS, o["step"], *[f for f in o["first"] if math.isfinite(f)])
    return float(math.ceil(math.log10(top) * 2.0 + 0.3) / 2.0)


def make_data(p: dict) -> dict:
    o = outcome_of(int(p["step"]), float(p["alpha_lambda"]), p.get("eta"))
    data = {**o, "sweep": float(p["sweep"]), "bars_top": bars_top(o)}
    data["texts"] = S.texts(data)
    data["story"] = S.make(data, beat_ends(data))
    return data


def beat_ends(data: dict) -> list[float]:
    """The ends of the setup, the sweep (with its hold) and the beats after it."""
    ends = [LEAD, LEAD + data["sweep"] + reveal.HOLD]
    for length in BEATS:
        ends.append(ends[-1] + length)
    return ends


def duration(data: dict) -> float:
    return beat_ends(data)[-1]


def frame_state(data: dict, t: float) -> dict:
    """At time t: the step k, each term's curve and the model's (clipped to the panel), which bars are
    grey (in the fit), where the step marker sits on the bars' log axis, and each later beat's opacity."""
    from scenes.kit.timeline import fade

    k = sweep_step(t, data["step"], data["sweep"])
    x = weights_at(data, k) if k != data["step"] else data["x_k"]
    terms = x[:, None] * data["features"]
    ends = beat_ends(data)
    return {
        "k": k, "terms": [clipped(GRID, y) for y in terms], "model": clipped(GRID, terms.sum(axis=0)),
        "grey": [bool(k >= f) for f in data["first"]], "marker": math.log10(max(k, 1)),
        "show": {"in_fit": fade(t, ends[1]), "tikhonov": fade(t, ends[4])},
    }


def tikhonov_curve(data: dict) -> tuple[np.ndarray, np.ndarray]:
    return clipped(GRID, (data["x_t"][:, None] * data["features"]).sum(axis=0))


def outcome(data: dict) -> dict:
    return {k: S.plain(data[k]) for k in ("step", "alpha", "in_fit", "share", "eta", "gap", "loss", "loss_ls")}
