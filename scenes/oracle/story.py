"""What the oracle scene says, computed from its run (`scenes.oracle.data.outcome_of`).

From the run: whether it converges (the spectral radius of R = [[β, λ], [−αβ, 1 − αλ]] over the matrix's
eigenvalues), and for each lower bound the steps at which the run's error ‖wᵏ − w*‖∞ is below it: from a
step on, for a stretch of steps, at a single step, or never in 50 steps. The article's bound qᵏ‖w⁰ − w*‖∞ with κ = 1000 is proved for the
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


def span(steps: list[int], last: int) -> str:
    """The steps where the error is below a bound, in words: "from step k" (below at every step from k to
    the last), "at steps k–m" (a run of steps, then above again), "only at step k", or "at n steps from step
    k" (scattered)."""
    k, m = steps[0], steps[-1]
    if m - k + 1 == len(steps):
        if m == last:
            return f"from step {k}"
        return f"only at step {k}" if k == m else f"at steps {k}\u2013{m}"
    return f"at {len(steps)} steps from step {k}"


def held(o: dict, name: str) -> str:
    below = o["below"][name]
    return f"holds to step {o['steps']}" if not below else f"broken {span(below, o['steps'])}"


def relation(o: dict, name: str, bound: str) -> str:
    """The run against one bound over steps 1 … N, true of every step: "above" where the error is never
    below it, "below" where it is below from step 1 on, else "below … at steps k–m", "… from step k",
    "above … but at step k" or "below … at n of N steps"."""
    below, last = o["below"][name], o["steps"]
    if not below:
        return f"above {bound}"
    if below == list(range(1, last + 1)):
        return f"below {bound}"
    if len(below) == 1:
        return f"above {bound} but at step {below[0]}"
    if below[-1] - below[0] + 1 == len(below):
        return f"below {bound} " + span(below, last)
    return f"below {bound} at {len(below)} of {last} steps"


def title(o: dict) -> str:
    """What the run's error did against the two κ bounds, true at every step (the steps are in the column)."""
    if o["diverges"]:
        return f"{who(o)} diverges: \u03c1(R) = {o['rate']:.3f} per step"
    big = f"\u03ba = {o['kappa']:g}"
    a, t = o["below"]["article"], o["below"]["true"]
    if a == t and (not a or a == list(range(1, o["steps"] + 1))):
        return f"{who(o)}: {'below' if a else 'above'} the {big} and the true \u03ba bounds"
    article, true = relation(o, "article", f"the {big} bound"), relation(o, "true", "the true \u03ba's")
    return f"{who(o)}: {article}, {true}"


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
    a, t, d = (o["below"][b] for b in BOUNDS)
    last = o["steps"]
    head = f"This run diverges, \u03c1(R) = {o['rate']:.3f}. " if o["diverges"] else ""
    if not a:
        head += f"The error stays above q\u1d4f\u2016w*\u2016\u221e with \u03ba = {o['kappa']:g} for all {last} steps."
    else:
        head += (f"The error falls below q\u1d4f\u2016w*\u2016\u221e with \u03ba = {o['kappa']:g} "
                 f"{span(a, last)}: that bound is for the infinite chain.")
    if not t:
        tail = f" With the true \u03ba = {o['kappa_true']:.1f} it holds for all {last} steps."
    else:
        tail = f" Even the true \u03ba = {o['kappa_true']:.1f} bound is broken, {span(t, last)}."
    tail += (" The dead-zone bound holds at every step." if not d
             else f" The dead-zone bound is broken {span(d, last)}.")
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
        "broken": dict(o["broken"]), "below": {b: list(v) for b, v in o["below"].items()},
        "dead_zone_nonzero": o["dead_nonzero"], "matrix_scale": (o["kappa"] - 1) / 4,
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
