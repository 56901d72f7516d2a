"""What the damping scene says, computed from its runs (`scenes.damping.data.outcome_of`).

From the runs: which one settles first (the first step from which |w − w*| stays within 0.01),
at which step each one does, how often each passes the optimum before it, each run's rate per step (the
spectral radius of R = [[β, λ], [−αβ, 1 − αλ]]: √β where R's eigenvalues are complex, det R = β), and
critical damping's rate 1 − √(αλ) against gradient descent's 1 − αλ, as steps per tenfold cut of the
error. `texts` gives every line drawn on screen, `make` the storyboard; both backends and the page use them.
"""
from __future__ import annotations

from scenes.kit import reveal, story

RULE = "z \u2190 \u03b2z + \u03bb(w \u2212 w*),   w \u2190 w \u2212 \u03b1z"
NAMES = {"under": "under-damped", "critical": "critically damped", "over": "over-damped"}


def num(v: float) -> str:
    return f"{v:.4g}"


def kind_name(o: dict, i: int) -> str:
    b = o["betas"][i]
    if o["kinds"][i] == "under" and b >= 1.0:
        return "undamped"
    return NAMES[o["kinds"][i]]


def beta_text(o: dict, i: int) -> str:
    return f"\u03b2 = {num(o['betas'][i])}"


def heading(o: dict, i: int) -> str:
    return kind_name(o, i)


def subheading(o: dict, i: int) -> str:
    return ("your " if o["slot"] == i else "") + beta_text(o, i)


def run_name(o: dict, i: int) -> str:
    """A run as the sentences name it: 'critical damping' or 'under-damped β = 0.97'."""
    if i == 1:
        return "critical damping"
    return f"{kind_name(o, i)} {beta_text(o, i)}"


def cap(s: str) -> str:
    return s[0].upper() + s[1:]


def reach_text(o: dict, i: int) -> str:
    k = o["reach"][i]
    return f"never within {o['horizon']} steps" if k is None else f"step {k}"


def short_reach(k, o: dict) -> str:
    return f"not by step {o['horizon']}" if k is None else f"step {k}"


def title(o: dict) -> str:
    """Which run settles first: the first step from which |w − w*| stays within the tolerance. Not which one
    first reaches w*: an under-damped run passes the optimum long before it settles."""
    first = o["first"]
    if not first:
        return f"No run settles within {o['tol']:g} of w* in {o['horizon']} steps"
    k = o["reach"][first[0]]
    if len(first) > 1:
        names = " and ".join(run_name(o, i) for i in first)
        return cap(f"{names} settle together, at step {k}")
    i = first[0]
    if i == 1:
        return f"Critical damping \u03b2 = {num(o['betas'][1])} settles first, at step {k}"
    crit = o["reach"][1]
    return cap(f"{run_name(o, i)} settles first: step {k}, critical "
               + (f"{crit}" if crit is not None else "never"))


def rate_text(o: dict, i: int) -> str:
    r = num(o["rates"][i])
    if i == 1:
        return f"critical: 1 \u2212 \u221a(\u03b1\u03bb) = {r}"
    if o["complex"][i]:
        return f"{kind_name(o, i)}: \u221a\u03b2 = {r}"
    return f"{kind_name(o, i)}: {r}"


def texts(o: dict) -> dict:
    """Every line of text the scene draws, by role (both backends and the storyboard's labels)."""
    return {
        "title": title(o),
        "rule": RULE,
        "setting": f"\u03b1 = {o['alpha']:g},  \u03bb = {o['lam']:g},  \u03b1\u03bb = {o['alpha_lambda']:g}",
        "headings": [heading(o, i) for i in range(3)],
        "subheadings": [subheading(o, i) for i in range(3)],
        "v_label": "velocity \u2212z",
        "e_label": "w \u2212 w*",
        "k_label": "step k",
        "curve_head": "position error w \u2212 w* over the steps",
        "rate_head": "rate per step, \u03c1(R)",
        "rates": [rate_text(o, i) for i in range(3)],
        "gd_rate": f"grad. descent: 1 \u2212 \u03b1\u03bb = {num(o['gd_rate'])}",
        "reach_head": f"within {o['tol']:g} of w* from",
        "reaches": [f"{kind_name(o, i)}: {short_reach(o['reach'][i], o)}" for i in range(3)],
        "gd_reach": f"grad. descent: {short_reach(o['gd_reach'], o)}",
        "tenfold_head": "a tenfold cut of the error",
        "tenfold": f"critical {o['tenfold'][0]:.1f} steps, g.d. {o['tenfold'][1]:.0f}",
    }


def setup_caption(o: dict) -> str:
    yours = "" if o["slot"] is None else f" Your \u03b2 = {num(o['user'])} is the {kind_name(o, o['slot'])} run."
    return (f"One component, \u03b1 = {o['alpha']:g} and \u03bb = {o['lam']:g}, starts at rest one unit below its "
            f"optimum, three ways." + yours)


def passes(n: int) -> str:
    return "never passes the optimum" if n == 0 else ("passes the optimum once" if n == 1
                                                      else f"passes the optimum {n} times")


def run_caption(o: dict) -> str:
    parts = []
    for i in range(3):
        k = o["reach"][i]
        name = "critical" if i == 1 else kind_name(o, i)
        settles = f"settles at step {k}" if k is not None else f"never settles within {o['tol']:g}"
        parts.append(f"{name} {passes(o['crossings'][i])}, {settles}")
    return cap("; ".join(parts)) + "."


def verdict_caption(o: dict) -> str:
    crit, gd = num(o["critical_rate"]), num(o["gd_rate"])
    return (f"Critical damping's rate 1 \u2212 \u221a(\u03b1\u03bb) = {crit} against gradient descent's "
            f"1 \u2212 \u03b1\u03bb = {gd}: a tenfold cut in {o['tenfold'][0]:.1f} steps, not {o['tenfold'][1]:.0f}.")


def numbers(o: dict) -> dict:
    return {
        "alpha": o["alpha"], "lambda": o["lam"], "alpha_lambda": o["alpha_lambda"], "tol": o["tol"],
        "horizon": o["horizon"], "user_beta": o["user"], "user_panel": o["slot"],
        "betas": list(o["betas"]), "critical_beta": o["critical_beta"], "kinds": list(o["kinds"]),
        "rates": list(o["rates"]), "complex": list(o["complex"]), "reach": list(o["reach"]),
        "first": list(o["first"]), "crossings": list(o["crossings"]), "gd_reach": o["gd_reach"],
        "gd_rate": o["gd_rate"], "critical_rate": o["critical_rate"], "steps_per_tenfold": list(o["tenfold"]),
        "steps_shown": o["steps"], "final_errors": list(o["final_errors"]),
        "velocity_range": list(o.get("vlim", ())), "error_range": list(o.get("elim", ())),
    }


def make(o: dict, lead: float, ends: tuple[float, float, float]) -> dict:
    t = o.get("texts") or texts(o)
    beats = [reveal.setup_beat(setup_caption(o), lead),
             story.beat("run", ends[0], ends[1], run_caption(o)),
             story.beat("verdict", ends[1], ends[2], verdict_caption(o))]
    labels = []
    for v in t.values():
        labels += v if isinstance(v, list) else [v]
    return story.make_story(t["title"], beats, [x for x in labels if x], numbers(o))
