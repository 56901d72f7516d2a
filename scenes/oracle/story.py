"""What the oracle scene says, computed from its run (`scenes.oracle.data.outcome_of`).

From the run: whether it converges (the spectral radius of R = [[β, λ], [−αβ, 1 − αλ]] over the matrix's
eigenvalues), and for each lower bound the first step at which the run's error ‖wᵏ − w*‖∞ falls below
it, or that it never does in 50 steps. The article's bound qᵏ‖w⁰ − w*‖∞ with κ = 1000 is proved for the
infinite chain; the finite matrix's own condition number λₙ/λ₁ ≈ 214.6 gives a smaller q, and the dead
zone (wᵢᵏ = 0 for i > k) gives max_{i>k}|wᵢ*|, which holds for every run. The words say which held.

`texts` gives every line drawn on screen, `make` the storyboard; both backends and the page use them.
"""
from __future__ import annotations

from scenes.kit import reveal, story

CHARS_PER_S = 16.0   # a caption is read at most this fast: a beat lasts at least its characters / this
VERDICT_MIN = 4.0    # seconds of the last beat at least
BOUNDS = ("article", "true", "dead")
COLOURS = {"run": "momentum", "article": "gd", "true": "accent", "dead": "muted"}


def g3(v: float) -> str:
    return f"{v:.3g}" if v == v and abs(v) != float("inf") else "overflow"


def g4(v: float) -> str:
    return f"{v:.4g}"


def who(o: dict) -> str:
    return {"optimal": "Optimal momentum", "article": "The article's momentum", "gd": "Best gradient descent"}.get(
        o["run"], "Gradient descent" if o["beta"] == 0 else "Momentum")


def bound_name(o: dict, name: str) -> str:
    if name == "article":
        return f"\u03ba = {o['kappa']:g} bound {o['q']:.3f}\u1d4f\u2016w*\u2016\u221e"
    if name == "true":
        return f"true \u03ba = {o['kappa_true']:.1f} bound {o['q_true']:.3f}\u1d4f\u2016w*\u2016\u221e"
    return "dead zone, largest |w\u1d62*| with i > k"


def held(o: dict, name: str) -> str:
    k = o["broken"][name]
    return f"holds to step {o['steps']}" if k is None else f"broken at step {k}"


def title(o: dict) -> str:
    """At most about 64 characters: the steps are in the column."""
    if o["diverges"]:
        return f"{who(o)} diverges: \u03c1(R) = {o['rate']:.3f} per step"
    a, t = o["broken"]["article"], o["broken"]["true"]
    big = f"\u03ba = {o['kappa']:g}"
    if a is None and t is None:
        return f"{who(o)} stays above the {big} and the true \u03ba bounds"
    if t is None:
        return f"{who(o)}: below the {big} bound, above the true \u03ba's"
    if a is None:
        return f"{who(o)}: above the {big} bound, below the true \u03ba's"
    return f"{who(o)}: below the {big} and the true \u03ba bounds"


def texts(o: dict) -> dict:
    """Every line of text the scene draws, by role (both backends and the storyboard's labels)."""
    ws, wi, n = o["w_star"], o["w_inf"], o["n"]
    return {
        "title": title(o),
        "w_head": "weights w\u1d62\u1d4f",
        "e_head": "error |w\u1d62\u1d4f \u2212 w\u1d62*|",
        "x_label": "coordinate i",
        "y_label": "step k",
        "dead_label": "dead zone",
        "bar_ticks": ["0", "0.5", "1"],
        "colour_note": "colours cut at 0 and 1" if o.get("colour_clipped") else "",
        "plot_head": "largest error \u2016w\u1d4f \u2212 w*\u2016\u221e (log\u2081\u2080)",
        "plot_x": "step k",
        "error_note": f"cut at 10^{o['y_lim'][1]:g}" if o.get("error_clipped") else "",
        "setting": (f"\u03b1 = {g4(o['alpha'])}, \u03b2 = {g4(o['beta'])}: "
                    f"\u03c1(R) = {o['rate']:.3f} per step"),
        "run": f"largest error at step {o['steps']}: {g3(o['final_error'])}",
        "bounds": [f"{bound_name(o, b)}: {held(o, b)}" for b in BOUNDS],
        "matrix": f"A = {(o['kappa'] - 1) / 4:g}\u00b7tridiag(\u22121, 2, \u22121) + I, n = {n}, \u03ba = {o['kappa']:g}",
        "cond": (f"its true condition \u03bb\u2099/\u03bb\u2081 = {o['lam_max']:.1f}/{o['lam_min']:.3f} "
                 f"= {o['kappa_true']:.1f}"),
        "solution": (f"finite w* = A\u207b\u00b9b: w\u2081* = {ws[0]:.3f}, w\u2082\u2085* = {ws[n - 1]:.4f}"),
        "infinite": (f"n \u2192 \u221e, w\u1d62* = q\u2071: {wi[0]:.3f} and {wi[n - 1]:.3f}"),
    }


def setup_caption(o: dict) -> str:
    return (f"A chain of {o['n']} weights from 0: \u03ba = {o['kappa']:g} in the formula, {o['kappa_true']:.1f} in "
            f"fact. {who(o)} runs at \u03b1 = {g4(o['alpha'])}, \u03b2 = {g4(o['beta'])}.")


def run_caption(o: dict) -> str:
    if o["dead_nonzero"] == 0:
        zone = "Each step reaches one coordinate further: w\u1d62\u1d4f stays exactly 0 for i > k"
    else:
        zone = f"{o['dead_nonzero']} cells of the dead zone are not 0"
    ws, wi, n = o["w_star"], o["w_inf"], o["n"]
    return (f"{zone}. The finite optimum bends down to meet the chain's end: w\u2082\u2085* = {ws[n - 1]:.4f}, "
            f"not q\u00b2\u2075 = {wi[n - 1]:.3f}.")


def verdict_caption(o: dict) -> str:
    a, t = o["broken"]["article"], o["broken"]["true"]
    head = f"This run diverges, \u03c1(R) = {o['rate']:.3f}. " if o["diverges"] else ""
    if a is None:
        head += f"The error stays above q\u1d4f\u2016w*\u2016\u221e with \u03ba = {o['kappa']:g} for all {o['steps']} steps."
    else:
        head += (f"The error falls below q\u1d4f\u2016w*\u2016\u221e with \u03ba = {o['kappa']:g} from step {a}: "
                f"that bound is for the infinite chain.")
    if t is None:
        tail = f" With the true \u03ba = {o['kappa_true']:.1f} it holds for all {o['steps']} steps."
    else:
        tail = f" Even the true \u03ba = {o['kappa_true']:.1f} bound is broken, from step {t}."
    d = o["broken"]["dead"]
    tail += (" The dead-zone bound holds at every step." if d is None
             else f" The dead-zone bound is broken at step {d}.")
    return head + tail


def numbers(o: dict) -> dict:
    n = o["n"]
    return {
        "run": o["run"], "n": n, "kappa": o["kappa"], "steps": o["steps"], "alpha": o["alpha"],
        "alpha_lambda_n": o["alpha_lambda"], "beta": o["beta"], "rate": o["rate"], "diverges": o["diverges"],
        "lambda_min": o["lam_min"], "lambda_max": o["lam_max"], "kappa_true": o["kappa_true"],
        "q": o["q"], "q_true": o["q_true"], "w_star_1": float(o["w_star"][0]), "w_star_n": float(o["w_star"][n - 1]),
        "w_infinite_1": float(o["w_inf"][0]), "w_infinite_n": float(o["w_inf"][n - 1]),
        "start_error": o["start_err"], "final_error": o["final_error"] if o["final_error"] < float("inf") else None,
        "broken": dict(o["broken"]), "dead_zone_nonzero": o["dead_nonzero"], "matrix_scale": (o["kappa"] - 1) / 4,
        "y_lim": list(o.get("y_lim", ())), "error_clipped": o.get("error_clipped"),
        "colour_clipped": o.get("colour_clipped"),
    }


def _length(caption: str, least: float) -> float:
    return max(least, len(caption) / CHARS_PER_S)


def make(o: dict, speed: float) -> dict:
    t = o.get("texts") or texts(o)
    cap = [setup_caption(o), run_caption(o), verdict_caption(o)]
    lead = _length(cap[0], reveal.SETUP)
    run_end = lead + _length(cap[1], o["steps"] / speed + reveal.HOLD)
    end = run_end + _length(cap[2], VERDICT_MIN)
    beats = [reveal.setup_beat(cap[0], lead), story.beat("run", lead, run_end, cap[1]),
             story.beat("verdict", run_end, end, cap[2])]
    labels = [v for k, v in t.items() if isinstance(v, str) and v and k != "title"]
    labels += t["bounds"] + t["bar_ticks"]
    return story.make_story(t["title"], beats, labels, numbers(o))
