"""What the colorize scene says, computed from its two runs (`scenes.colorize.data.outcome_of`).

From the closed form: how many steps each run needs to cut every eigencomponent of its error 1000-fold (the
tallest of its bars), which run gets there first, each run's lowest pixel at the drawn steps (the pixel
farthest from w* = 100, the last to fill with colour) and the spectrum λ₁, λₙ and κ = λₙ/λ₁.
`texts` gives every line drawn on screen, `make` the storyboard.
"""
from __future__ import annotations

import math

from scenes.kit import reveal, story

SUPER = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def sci(v: float, digits: int = 3) -> str:
    """3.14·10⁵ (plain where 0.01 ≤ |v| < 10⁴)."""
    if v == 0 or 1e-2 <= abs(v) < 1e4:
        return f"{v:.{digits}g}"
    e = int(math.floor(math.log10(abs(v))))
    m = v / 10 ** e
    return f"{m:.{digits - 1}f}\u00b710{str(e).translate(SUPER)}"


def pixel_text(v: float) -> str:
    """A pixel value to one decimal, never "-0.0"."""
    return f"{round(v, 1) + 0.0:.1f}"


def steps_text(v: float) -> str:
    """Whole steps, at least 1 (a component that one step zeroes still takes that step)."""
    return "never" if not math.isfinite(v) else f"{max(1, math.ceil(v)):,}"


def whole(v: float) -> int | None:
    return None if not math.isfinite(v) else max(1, int(math.ceil(v)))


def kind_name(o: dict, key: str) -> str:
    """What a run is: gradient descent where its β is 0, else momentum ("optimal momentum" at the optimum)."""
    if o[key]["beta"] == 0:
        return "gradient descent"
    return "optimal momentum" if o["kind"] == "optimal" else "momentum"


def step_text(r: dict) -> str:
    return f"\u03b1\u03bb\u2099 = {r['alpha_lambda']:.3g}"


def names(o: dict) -> dict:
    """Each run's name in the words: its kind, and its αλₙ too where both runs are of one kind."""
    kinds = {key: kind_name(o, key) for key in ("gd", "momentum")}
    if kinds["gd"] != kinds["momentum"]:
        return kinds
    return {key: f"{kinds[key]} at {step_text(o[key])}" for key in kinds}


def momentum_name(o: dict) -> str:
    return names(o)["momentum"]


def title(o: dict) -> str:
    """Which run cuts every component 1000-fold first, in whole steps (a tie names momentum first)."""
    g, m = (whole(o[key]["converged"]) or math.inf for key in ("gd", "momentum"))
    kinds = {key: kind_name(o, key) for key in ("gd", "momentum")}
    if kinds["gd"] == kinds["momentum"]:  # two runs of gradient descent, told apart by their step sizes
        if step_text(o["gd"]) == step_text(o["momentum"]):
            return f"Both runs are gradient descent at {step_text(o['gd'])}: {steps_text(g)} steps"
        first, second = ("gd", "momentum") if g <= m else ("momentum", "gd")
        return (f"Gradient descent converges in {steps_text(o[first]['converged'])} steps at {step_text(o[first])}, "
                f"in {steps_text(o[second]['converged'])} at {step_text(o[second])}")
    if m <= g:
        return f"Momentum converges in {steps_text(m)} steps, gradient descent in {steps_text(g)}"
    return f"Gradient descent converges in {steps_text(g)} steps, momentum in {steps_text(m)}"


def setting_text(r: dict, beta: bool = True) -> str:
    out = step_text(r)
    return out + (f",  \u03b2 = {r['beta']:.4g}" if beta else "")


def texts(o: dict) -> dict:
    """Every line of text the scene draws, by role (both backends and the storyboard's labels)."""
    g, m = o["gd"], o["momentum"]
    kinds, named = {key: kind_name(o, key) for key in ("gd", "momentum")}, names(o)
    return {
        "title": title(o),
        "rule": "f = \u00bdw\u1d40Lw \u2212 b\u1d40w: L the pixels' Laplacian + 0.1 at 2 seeds; w* = 100",
        "spectrum": f"\u03bb\u2081 = {sci(o['lam_min'])}   \u03bb\u2099 = {o['lam_max']:.4g}   "
                    f"\u03ba = {sci(o['kappa'])}",
        "gd_head": f"{kinds['gd']}, {setting_text(g, beta=False)}",
        "momentum_head": f"{kinds['momentum']}, {setting_text(m, beta=m['beta'] != 0)}",
        "gd_bars": named["gd"],
        "momentum_bars": named["momentum"],
        "gd_lowest": [f"lowest pixel {pixel_text(v)}" for v in g["lowest"]],
        "momentum_lowest": [f"lowest pixel {pixel_text(v)}" for v in m["lowest"]],
        "counter": [f"step {k:,}" for k in o["steps"]],
        "bars_head": f"steps per eigencomponent to {sci(o['tol'], 1)}",
        "bars_x": "eigenvector i (log\u2081\u2080)",
        "bars_y": "log\u2081\u2080 steps",
        "scale": "pixel value w",
        "scale_ticks": ["0", "50", "100"],
        "verdict": ["every component cut 1000-fold:", f"{named['gd']}: step {steps_text(g['converged'])}",
                    f"{named['momentum']}: step {steps_text(m['converged'])}"],
    }


def setup_caption(o: dict) -> str:
    return (f"{o['n']:,} pixels, two seeded on the left edge. The colour spreads along the edges; "
            f"\u03ba = {sci(o['kappa'])}.")


def run_caption(o: dict) -> str:
    g, m = o["gd"]["lowest"][-1], o["momentum"]["lowest"][-1]
    named = names(o)
    return (f"By step {o['last']:,} the lowest pixel is at {pixel_text(g)} of 100 under {named['gd']}, "
            f"at {pixel_text(m)} under {named['momentum']}.")


def slowest(r: dict, index: list) -> int:
    return index[max(range(len(r["bars"])), key=lambda i: r["bars"][i])]


def verdict_caption(o: dict) -> str:
    g, m = o["gd"], o["momentum"]
    named = names(o)
    return (f"Under {named['gd']} the components need {steps_text(g['fastest'])} to "
            f"{steps_text(g['converged'])} steps, slowest for eigenvector {slowest(g, o['bar_index'])}; under "
            f"{named['momentum']}, "
            f"{steps_text(m['fastest'])} to {steps_text(m['converged'])}.")


def numbers(o: dict) -> dict:
    out = {k: o[k] for k in ("kind", "n", "lam_min", "lam_2", "lam_max", "kappa", "w_star", "steps", "last", "tol",
                             "bar_index")}
    for key in ("gd", "momentum"):
        r = o[key]
        out[key] = {"alpha": r["alpha"], "beta": r["beta"], "alpha_lambda": r["alpha_lambda"],
                    "converged_steps": whole(r["converged"]), "fastest_steps": whole(r["fastest"]),
                    "bar_steps": [whole(v) for v in r["bars"]], "slowest_bar": slowest(r, o["bar_index"]),
                    "lowest": r["lowest"], "highest": r["highest"]}
    return out


def make(o: dict, ends: tuple[float, float, float]) -> dict:
    t = o.get("texts") or texts(o)
    beats = [reveal.setup_beat(setup_caption(o), ends[0]),
             story.beat("run", ends[0], ends[1], run_caption(o)),
             story.beat("verdict", ends[1], ends[2], verdict_caption(o))]
    labels = [x for v in t.values() for x in (v if isinstance(v, list) else [v]) if x]
    return story.make_story(t["title"], beats, labels, numbers(o))
