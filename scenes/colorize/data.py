"""The colorize scene's data: the colour of Distill's 1,120-pixel grid spreading under gradient descent and
momentum (`sim.distill.colorize`, the only place `sim` is called), at log-spaced steps.

The problem: f(w) = ½wᵀLw − bᵀw, L the 4-neighbour Laplacian of the pixels plus 0.1 at the two seeds on the
left edge, b = 10 there, so w* = 100 at every pixel. One `eigh` of L (about a second; kept for the process,
and the scene's data, which holds only the pictures and the bars, is cached like every scene's) gives the
closed form: in eigen-coordinates eᵢᵏ = Qᵀ(wᵏ − w*), gradient descent eᵢᵏ = (1 − αλᵢ)ᵏ eᵢ⁰ and momentum
eᵢᵏ = e₂ᵀRᵢᵏ(0, eᵢ⁰). Gradient descent runs at α·λₙ = 1.9, momentum at its optimal α and β or the
reader's. Component i is cut 1000-fold after ln 10⁻³ / ln ρᵢ steps, ρᵢ = |1 − αλᵢ| or ρ(Rᵢ): the bars.
"Converged" below means every component cut 1000-fold: the tallest bar.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from scenes.colorize import story as S
from scenes.kit import reveal
from scenes.kit.params import ParamError

NAME = "colorize"
LEAD = reveal.SETUP
RUN = 12.0            # seconds in which the steps run from 0 to the last, at least
VERDICT = 4.0
FRAMES = 48           # log-spaced steps drawn after step 0
MIN_LAST, MAX_LAST = 219_695, 10_000_000   # the article's last step; the most drawn
BARS = tuple(range(50)) + tuple(range(59, 1120, 20))   # the article's choice: the first 50, then every 20th
STOPS = ((0.0, "#d7191c"), (25.0, "#fdae61"), (50.0, "#ffffbf"), (75.0, "#abd9e9"), (100.0, "#2c7bb6"))


@lru_cache(maxsize=1)
def spectrum():
    """The eigendecomposition of the 1,120 × 1,120 L, once per process (`sim.distill.colorize.spectrum`)."""
    from sim.distill import colorize as C

    return C.spectrum()


def setting(p: dict) -> tuple[float, float, str]:
    """Momentum's (α, β) and which it is: "optimal", or "custom" (the reader's α·λₙ and β; an unset one
    takes the optimum's)."""
    from sim.distill import colorize as C

    lam = spectrum().lam
    a0, b0 = C.optimal(lam)
    al, beta = p.get("alpha_lambda"), p.get("beta")
    if al is None and beta is None:
        return a0, b0, "optimal"
    alpha = a0 if al is None else float(al) / float(lam[-1])
    beta = b0 if beta is None else float(beta)
    if alpha * lam[-1] >= 2.0 + 2.0 * beta:
        raise ParamError(f"alpha_lambda = {alpha * lam[-1]:.4g} does not converge: momentum needs "
                         f"alpha_lambda below 2 + 2*beta = {2 + 2 * beta:.4g}")
    return alpha, beta, "custom"


def last_step(converged: list) -> int:
    """The last step drawn: the article's 219,695, or the next power of ten past the slower run, at most 10⁷."""
    top = max(converged)
    if not math.isfinite(top):
        return MAX_LAST
    return int(min(max(MIN_LAST, 10 ** math.ceil(math.log10(max(top, 1.0)))), MAX_LAST))


def colour(values) -> np.ndarray:
    """RGBA in [0, 1] for pixel values (NaN: transparent), the scale of `STOPS` over 0..100, clipped."""
    v = np.asarray(values, dtype=float)
    xs = [s[0] for s in STOPS]
    rgb = np.array([[int(c[k:k + 2], 16) / 255 for k in (1, 3, 5)] for _, c in STOPS])
    out = np.zeros(v.shape + (4,))
    ok = np.isfinite(v)
    vv = np.clip(np.where(ok, v, 0.0), 0.0, 100.0)
    for ch in range(3):
        out[..., ch] = np.interp(vv, xs, rgb[:, ch])
    out[..., 3] = ok
    return out


def run_outcome(alpha: float, beta: float, steps: np.ndarray) -> dict:
    """One run: its per-component steps, the pixels at each drawn step, the lowest pixel at each."""
    from sim.distill import colorize as C

    sp = spectrum()
    per = C.steps_to_converge(sp.lam, alpha, beta)
    w = C.iterates(sp, alpha, beta, steps)
    return {"alpha": float(alpha), "beta": float(beta), "alpha_lambda": float(alpha * sp.lam[-1]),
            "bars": [float(per[i]) for i in BARS], "converged": float(np.max(per)),
            "fastest": float(np.min(per)), "pixels": w, "lowest": [float(v) for v in w.min(axis=1)],
            "highest": [float(v) for v in w.max(axis=1)]}


def outcome_of(alpha: float, beta: float, kind: str) -> dict:
    """Both runs at the drawn steps, and the spectrum's numbers."""
    from sim.distill import colorize as C

    sp = spectrum()
    lam = sp.lam
    gd_alpha = C.gd_alpha(lam)
    first = [float(np.max(C.steps_to_converge(lam, gd_alpha, 0.0))),
             float(np.max(C.steps_to_converge(lam, alpha, beta)))]
    last = last_step(first)
    steps = C.log_steps(last, FRAMES + 1)
    return {"kind": kind, "lam_min": float(lam[0]), "lam_2": float(lam[1]), "lam_max": float(lam[-1]),
            "kappa": float(lam[-1] / lam[0]), "n": int(len(lam)), "w_star": float(np.mean(sp.w_star)),
            "steps": [int(k) for k in steps], "last": int(steps[-1]), "bar_index": [i + 1 for i in BARS],
            "gd": run_outcome(gd_alpha, 0.0, steps), "momentum": run_outcome(alpha, beta, steps),
            "tol": float(C.TOL)}


def make_data(p: dict) -> dict:
    from sim.distill import colorize as C

    alpha, beta, kind = setting(p)
    o = outcome_of(alpha, beta, kind)
    o["mask"] = C.mask()
    o["texts"] = S.texts(o)
    o["story"] = S.make(o, beat_ends(o))
    return o


def image_at(data: dict, key: str, j: int) -> np.ndarray:
    """Run `key`'s pixels at drawn step j on the 16 × 112 grid (NaN off the mask, where nothing is drawn)."""
    img = np.full(data["mask"].shape, np.nan)
    img[data["mask"]] = data[key]["pixels"][j]
    return img


def beat_ends(o: dict) -> tuple[float, float, float]:
    from scenes.kit.story import at_least

    lead = at_least(LEAD, S.setup_caption(o), spare=reveal.HOLD)
    run_end = lead + at_least(RUN, S.run_caption(o), spare=reveal.HOLD)
    return lead, run_end, run_end + at_least(VERDICT, S.verdict_caption(o), spare=reveal.HOLD)


def duration(data: dict) -> float:
    return data["story"]["beats"][-1]["end"]


def frame_state(data: dict, t: float) -> dict:
    """At time t: the index j of the drawn step (rising evenly through the log-spaced steps over the run
    beat, less its hold), the step k = steps[j], and log₁₀ k for the bars' line (0 at step 0)."""
    b = data["story"]["beats"][1]
    start, end = b["start"], b["end"] - reveal.HOLD
    f = float(np.clip((t - start) / max(end - start, 1e-9), 0.0, 1.0))
    j = int(round(f * (len(data["steps"]) - 1)))
    k = data["steps"][j]
    return {"j": j, "k": k, "log_k": math.log10(k) if k > 0 else 0.0}


def outcome(data: dict) -> dict:
    return {"kind": data["kind"], "kappa": data["kappa"], "last": data["last"],
            "converged": {"gd": data["gd"]["converged"], "momentum": data["momentum"]["converged"]},
            "lowest_at_last": {"gd": data["gd"]["lowest"][-1], "momentum": data["momentum"]["lowest"][-1]}}
