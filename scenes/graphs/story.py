"""What the graphs scene says, computed from its three graphs (`scenes.graphs.data.outcome_of`).

From the spectra: which graph has the smallest condition number κ = λₙ/λ₁ (the title), whether the seeded
expander beats the grid on κ (the article says expanders condition well; a seeded draw need not, and the
words say which it is), and the steps gradient descent and momentum need at their optimal parameters to
cut the error 1000-fold. `texts` gives every line drawn on screen, `make` the storyboard.
"""
from __future__ import annotations

from scenes.kit import reveal, story

NAMES = {"expander": "seeded expander", "grid": "6 \u00d7 6 grid", "path": "path + 3 edges"}
SHORT = {"expander": "expander", "grid": "grid", "path": "path"}


def kappa_text(v: float) -> str:
    return f"{v:.0f}"


def lam_text(v: float) -> str:
    return f"{v:.3g}"


def by_key(o: dict) -> dict:
    return {g["key"]: g for g in o["graphs"]}


def title(o: dict) -> str:
    best = by_key(o)[o["order"][0]]
    return f"Best conditioned here: the {NAMES[best['key']]}, \u03ba = {kappa_text(best['kappa'])}"


def heading(g: dict) -> str:
    if g["key"] == "expander":
        return f"seeded expander, {g['n_edges']} edges"
    if g["key"] == "grid":
        return f"6 \u00d7 6 grid, {g['n_edges']} edges"
    return f"path + {g['n_edges'] - 35} edges"


def expander_worse(o: dict) -> bool:
    g = by_key(o)
    return g["expander"]["kappa"] > g["grid"]["kappa"]


def verdict_lines(o: dict) -> list[str]:
    g = by_key(o)
    ke, kg = kappa_text(g["expander"]["kappa"]), kappa_text(g["grid"]["kappa"])
    if expander_worse(o):
        return ["The article: expanders condition well", "This seeded one is worse:",
                f"\u03ba = {ke}, the grid's {kg}"]
    return ["The article: expanders condition well", "This seeded one is better:",
            f"\u03ba = {ke}, the grid's {kg}"]


def texts(o: dict) -> dict:
    """Every line of text the scene draws, by role (both backends and the storyboard's labels)."""
    gs = o["graphs"]
    return {
        "title": title(o),
        "rule": "L = D \u2212 A, plus 1 at node 0 (grounded); colour: the eigenvector of \u03bb\u2082",
        "seed": f"seed {o['seed']}",
        "headings": [heading(g) for g in gs],
        "kappas": [f"\u03ba = \u03bb\u2099/\u03bb\u2081 = {kappa_text(g['kappa'])}" for g in gs],
        "lams": [f"\u03bb\u2081 = {lam_text(g['lam_min'])},   \u03bb\u2099 = {lam_text(g['lam_max'])}" for g in gs],
        "lam2s": [f"gap \u03bb\u2082 = {lam_text(g['lam_2'])}" for g in gs],
        "names": [SHORT[g["key"]] for g in gs],
        "bar_head": f"steps to cut the error {1 / o['tol']:.0f}-fold",
        "x_label": "log\u2081\u2080 steps",
        "gd_steps": [f"{g['gd_steps']}" for g in gs],
        "momentum_steps": [f"{g['momentum_steps']}" for g in gs],
        "legend_gd": "gradient descent, best step",
        "legend_momentum": "momentum, best \u03b1 and \u03b2",
        "verdict": verdict_lines(o),
    }


def setup_caption(o: dict) -> str:
    return ("Three graphs of 36 nodes, each Laplacian grounded at node 0. "
            "Colour: the eigenvector of the second-smallest eigenvalue.")


def joined(vals) -> str:
    return ", ".join(vals[:-1]) + " and " + vals[-1]


def run_caption(o: dict) -> str:
    gs = o["graphs"]
    names = joined([SHORT[g["key"]] for g in gs])
    return (f"To cut the error {1 / o['tol']:.0f}-fold ({names}): gradient descent needs "
            f"{joined([str(g['gd_steps']) for g in gs])} steps, momentum "
            f"{joined([str(g['momentum_steps']) for g in gs])}.")


def verdict_caption(o: dict) -> str:
    g = by_key(o)
    ke, kg = kappa_text(g["expander"]["kappa"]), kappa_text(g["grid"]["kappa"])
    ranked = ", ".join(f"{SHORT[k]} {kappa_text(g[k]['kappa'])}" for k in o["order"])
    if expander_worse(o):
        why = ""
        if g["expander"]["lam_max"] > g["grid"]["lam_max"]:
            why = (f" Its busy nodes raise \u03bb\u2099 to {lam_text(g['expander']['lam_max'])} against "
                   f"{lam_text(g['grid']['lam_max'])}.")
        return (f"Unlike the article's claim, this seeded expander conditions worse than the grid: \u03ba = {ke} "
                f"against {kg}.{why} Ranked by \u03ba: {ranked}.")
    return (f"As the article says, the expander conditions better than the grid: \u03ba = {ke} against {kg}. "
            f"Ranked by \u03ba: {ranked}.")


def numbers(o: dict) -> dict:
    out = {"seed": o["seed"], "tol": o["tol"], "order": list(o["order"]),
           "expander_worse_than_grid": expander_worse(o)}
    for g in o["graphs"]:
        out[g["key"]] = {k: g[k] for k in ("n_edges", "lam_min", "lam_2", "lam_max", "kappa", "kappa_rest",
                                           "gd_rate", "momentum_rate", "gd_steps", "momentum_steps")}
    return out


def make(o: dict, ends: tuple[float, float, float]) -> dict:
    t = o.get("texts") or texts(o)
    beats = [reveal.setup_beat(setup_caption(o), ends[0]),
             story.beat("run", ends[0], ends[1], run_caption(o)),
             story.beat("verdict", ends[1], ends[2], verdict_caption(o))]
    labels = [x for v in t.values() for x in (v if isinstance(v, list) else [v]) if x]
    return story.make_story(t["title"], beats, labels, numbers(o))
