"""What the milestones scene says, computed from its run (`scenes.milestones.data.outcome_of`).

From the run: which components are still above 0.01 at the end and, for the others, the last step at which
each is above it; which component holds the largest loss at the last step (two can tie: gradient descent
at α = 2/(λ₁ + λₙ) shrinks λ₁'s and λₙ's components by the same |1 − αλ|, from the same start); and both
rates per step, momentum's spectral radius of R = [[β, λ], [−αβ, 1 − αλ]] maximised over the λᵢ, and
gradient descent's max |1 − αλᵢ| at the same α. Where αλₙ > 2 + 2β the run diverges, and where
αλₙ = 2 + 2β the largest component oscillates forever (R has the eigenvalue −1): the words say so.

`texts` gives every line drawn on screen, `make` the storyboard; both backends and the page use them.
"""
from __future__ import annotations

from scenes.kit import reveal, story
from scenes.kit.story import fmt


def name(lam: float) -> str:
    return f"\u03bb = {lam:g}"


def sci(v: float) -> str:
    """A loss as printed: two significant digits in e-notation."""
    return f"{v:.1e}"


def short(v: float) -> str:
    return f"{v:.3g}"


def joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def who(o: dict) -> str:
    """The run's name, as the column's heading says it."""
    if o["run"] == "momentum":
        return "Optimal momentum"
    if o["run"] == "gd":
        return "Best gradient descent"
    return "Your setting" + (" (\u03b2 = 0)" if o["beta"] == 0 else "")


def lead_words(o: dict) -> str:
    """The title's opening: who runs."""
    if o["run"] == "momentum":
        return "Optimal momentum"
    if o["run"] == "gd":
        return "Best gradient descent"
    return f"\u03b1\u03bb\u2099 = {short(o['alpha_lambda'])}, \u03b2 = {short(o['beta'])}"


def still_above(o: dict) -> list[int]:
    return [i for i, k in enumerate(o["last_above"]) if k is None]


def title(o: dict) -> str:
    top = name(o["lambdas"][-1])
    if o["case"] == "diverges":
        return f"{lead_words(o)}: diverges, \u03c1(R) = {fmt(o['rate'], 3)}"
    if o["case"] == "boundary":
        return f"{lead_words(o)}: {top} oscillates forever"
    above = still_above(o)
    if above:
        return (f"{lead_words(o)}: {joined([name(o['lambdas'][i]) for i in above])} still above "
                f"{o['threshold']:g} at step {o['steps']}")
    last = max(o["last_above"])
    return f"{lead_words(o)}: all below {o['threshold']:g} after step {last}"


def case_line(o: dict) -> str:
    lim = fmt(o["limit"], 3)
    if o["case"] == "diverges":
        return f"diverges: \u03b1\u03bb\u2099 > 2 + 2\u03b2 = {lim}"
    if o["case"] == "boundary":
        return f"oscillates forever: \u03b1\u03bb\u2099 = 2 + 2\u03b2 = {lim}"
    return f"converges: \u03b1\u03bb\u2099 < 2 + 2\u03b2 = {lim}"


def dominance(o: dict) -> tuple[str, str]:
    """The two verdict lines: who holds the largest loss at the last step (or who ties), and the total."""
    top = [name(o["lambdas"][i]) for i in o["dominant"]]
    value = sci(o["final"][o["dominant"][0]])
    total = sci(sum(o["final"]))
    if len(top) > 1:
        return f"{joined(top)} tie,", f"{value} each, total {total}"
    return f"{top[0]} dominates:", f"{value} of the total {total}"


def mark_label(o: dict, i: int) -> str:
    k = o["last_above"][i]
    return f"still above at {o['steps']}" if k is None else f"k = {k}"


def texts(o: dict) -> dict:
    """Every line of text the scene draws, by role (both backends and the storyboard's labels)."""
    gd = o["run"] == "gd"
    v1, v2 = dominance(o)
    out = {
        "title": title(o),
        "rule": "z \u2190 \u03b2z + \u2207f(w),   w \u2190 w \u2212 \u03b1z",
        "who": who(o),
        "setting": f"\u03b1 = \u03b1\u03bb\u2099 = {fmt(o['alpha'] * max(o['lambdas']), 3)},   \u03b2 = {fmt(o['beta'], 3)}",
        "case": case_line(o),
        "rate_head": "rate per step",
        "rate": (f"this run (\u03b2 = 0): \u03c1(R) = {fmt(o['rate'], 3)}" if gd
                 else f"momentum: \u03c1(R) = {fmt(o['rate'], 3)}"),
        "gd_head": "gradient descent at this \u03b1:",
        "gd_rate": f"max |1 \u2212 \u03b1\u03bb\u1d62| = {fmt(o['gd_rate'], 3)}",
        "end_head": f"at step {o['steps']}",
        "verdict1": v1,
        "verdict2": v2,
        "matrix": "R = [[\u03b2, \u03bb], [\u2212\u03b1\u03b2, 1 \u2212 \u03b1\u03bb]]",
        "lanes_head": f"last step above {o['threshold']:g}",
        "lane_names": [name(v) for v in o["lambdas"]],
        "marks": [mark_label(o, i) for i in range(len(o["lambdas"]))],
        "x_label": "step k",
        "y_label": "loss \u00bd\u03bb\u1d62x\u1d62\u00b2, stacked",
        "clip": f"bars cut at {fmt(o['y_top'], 2)}" if o.get("clipped") else "",
    }
    return out


def run_caption(o: dict) -> str:
    parts = []
    done = sorted((k, i) for i, k in enumerate(o["last_above"]) if k is not None)
    if done:
        parts.append("the last step above " + f"{o['threshold']:g} is "
                     + joined([f"{k} for {name(o['lambdas'][i])}" for k, i in done]))
    above = still_above(o)
    if above:
        parts.append(joined([name(o["lambdas"][i]) for i in above]) + f" {'is' if len(above) == 1 else 'are'} "
                     f"still above {o['threshold']:g} at step {o['steps']}")
    top = name(o["lambdas"][-1])
    if o["case"] == "diverges":
        parts.append(f"{top}'s loss grows without bound, to {sci(o['final'][-1])}")
    elif o["case"] == "boundary":
        parts.append(f"{top}'s loss keeps swinging and never settles")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def setup_caption(o: dict, seconds: float = reveal.SETUP) -> str:
    """What the setup beat says, as much as can be read in its `seconds`."""
    lams = joined([f"{v:g}" for v in o["lambdas"]])
    if o["run"] == "momentum":
        run = f"momentum runs at its optimal \u03b1 = {fmt(o['alpha'], 3)}, \u03b2 = {fmt(o['beta'], 3)}"
    elif o["run"] == "gd":
        run = f"gradient descent runs at its best step \u03b1 = 2/(\u03bb\u2081 + \u03bb\u2099) = {fmt(o['alpha'], 3)}"
    elif o["beta"] == 0:
        run = f"gradient descent (\u03b2 = 0) runs at \u03b1 = {fmt(o['alpha'], 3)}"
    else:
        run = f"momentum runs at \u03b1 = {fmt(o['alpha'], 3)}, \u03b2 = {fmt(o['beta'], 3)}"
    who = "momentum" if o["run"] == "momentum" or (o["run"] != "gd" and o["beta"] != 0) else "gradient descent"
    return story.first_fitting(seconds,
                               f"f = \u00bd \u03a3 \u03bb\u1d62x\u1d62\u00b2 with \u03bb = {lams}, every component "
                               f"starting at loss \u00bd; {run}.",
                               f"\u03bb = {lams}, each starting at loss \u00bd; {who} runs.",
                               f"\u03bb = {lams}, each starting at loss \u00bd.")


def verdict_caption(o: dict) -> str:
    top = [name(o["lambdas"][i]) for i in o["dominant"]]
    value = sci(o["final"][o["dominant"][0]])
    if len(top) > 1:
        end = f"At step {o['steps']} {joined(top)} tie for the largest loss, {value} each"
    else:
        end = f"At step {o['steps']} {top[0]} holds the largest loss, {value}"
    rates = (f"the rate per step is \u03c1(R) = {fmt(o['rate'], 3)}, and gradient descent at this \u03b1 "
             f"contracts by max |1 \u2212 \u03b1\u03bb\u1d62| = {fmt(o['gd_rate'], 3)}")
    if o["gd_rate"] > 1 and o["run"] != "gd":
        rates += ", so on its own it would diverge"
    return f"{end}; {rates}."


def numbers(o: dict) -> dict:
    final_total = sum(o["final"])
    return {
        "run": o["run"], "lambdas": list(o["lambdas"]), "steps": o["steps"], "threshold": o["threshold"],
        "start_loss": 0.5, "alpha": o["alpha"], "beta": o["beta"], "alpha_lambda_n": o["alpha"] * max(o["lambdas"]),
        "limit_2_plus_2beta": o["limit"], "case": o["case"], "last_above": list(o["last_above"]),
        "rate_momentum": o["rate"], "rate_gd_same_alpha": o["gd_rate"], "dominant": list(o["dominant"]),
        "final_losses": list(o["final"]), "final_total": final_total,
        "y_top": o.get("y_top"), "y_ticks": list(o.get("y_ticks", [])), "x_ticks": list(o.get("x_ticks", [])),
        "bars_clipped": bool(o.get("clipped", False)),
    }


def make(o: dict, lead: float, ends: tuple[float, float, float]) -> dict:
    """The storyboard. `ends` are the least ends of the setup, the run (with its hold) and the verdict: the
    bars rest after the run until its words are read, and the verdict lasts as long as its own need."""
    t = o.get("texts") or texts(o)
    run, verdict = run_caption(o), verdict_caption(o)
    run_end = ends[0] + story.at_least(ends[1] - ends[0], run)
    beats = [reveal.setup_beat(setup_caption(o, lead), lead),
             story.beat("run", ends[0], run_end, run),
             story.beat("verdict", run_end, run_end + story.at_least(ends[2] - ends[1], verdict), verdict)]
    labels = [v for k, v in t.items() if k != "title" and isinstance(v, str) and v]
    labels += t["lane_names"] + t["marks"]
    return story.make_story(t["title"], beats, labels, numbers(o))
