"""What the rates scene says at each stop of the marker, computed from theory and from the runs.

At a stop (αλ, β) the heavy ball on f = λx²/2 (λ = 1, x_0 = 1) has
* its regime and rate from `sim.theory`: rate = max |σ| over the roots of σ² − (1 + β − αλ)σ + β = 0;
* a measured rate, from a run of the same loop: exp of the least-squares slope of log ‖(x_k, x_{k−1})‖ over
  the second half of n steps (n long enough to average over the ripples, short enough not to underflow or
  overflow: rate^n stays within 10^±150);
* what x_k does over the steps shown: how often it crosses 0, |x_K| at the end, and, past the stability
  line, the step where it leaves the panel.

The title, one caption per stop, the readout lines and `numbers` are built from these.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from scenes.rates import maps as rates_maps
from scenes.rates import tax as rates_tax
from scenes.kit import reveal, story
from scenes.kit.story import fmt

ONE_STEP = "one-step convergence"
# On the stability line αλ = 2 + 2β the roots are −1 and −β: the rate is exactly 1 and x_k neither shrinks
# nor grows. A point within EDGE_TOL of the line (in αλ) is on it.
EDGE = "edge of stability"
EDGE_TOL = 1e-9


def on_edge(al: float, beta: float) -> bool:
    """True on the stability line αλ = 2 + 2β (β < 1), within EDGE_TOL."""
    return abs(float(al) - (2.0 + 2.0 * float(beta))) <= EDGE_TOL and float(beta) < 1.0


def edge_amplitude(beta: float) -> float:
    """On the line, from x_0 = 1 (z_0 = 0): x_k = C(−1)^k + D(−β)^k with C = (1 + β)/(1 − β), the size |x_k|
    levels off at."""
    return (1.0 + beta) / (1.0 - beta)


def converges(f: dict) -> bool:
    return f["rate"] < 1.0 and f["regime"] != EDGE


def measure(run: Callable[[int], np.ndarray], rate: float) -> tuple[float, int]:
    """(measured rate, steps run): `run(n)` gives x_0..x_n; the rate is fitted to the state norm
    ‖(x_k, x_{k−1})‖ for k in [n/2, n] (0 when the state is exactly 0 there, as after one exact step)."""
    n = 20 if rate == 0 else int(np.clip(150.0 / max(abs(np.log10(rate)), 1e-9), 20, 400))
    xs = np.asarray(run(n), dtype=float)
    norm = np.hypot(xs[1:], xs[:-1])
    k = np.arange(1, n + 1)
    keep = (k >= n // 2) & (norm > 0) & np.isfinite(norm)
    if keep.sum() < 2:
        return 0.0, n
    return float(np.exp(np.polyfit(k[keep], np.log(norm[keep]), 1)[0])), n


def facts(data: dict, j: int) -> dict:
    """Everything said about stop j, as plain numbers and words."""
    (al, b), xs = data["stops"][j], data["stop_x"][j]
    measured, n = data["measured"][j]
    signs = np.sign(xs)
    crossings = int(np.sum((signs[1:] * signs[:-1]) < 0))
    return {"alpha_lambda": float(al), "beta": float(b), "regime": str(data["stop_regime"][j]),
            "rate": float(data["stop_rate"][j]), "measured_rate": measured, "measured_steps": n,
            "zero_crossings": crossings, "last_abs_x": float(abs(xs[-1])), "exit_step": data["stop_exit"][j],
            "edge_amplitude": edge_amplitude(float(b)) if str(data["stop_regime"][j]) == EDGE else None}


def setting(f: dict) -> str:
    return f"\u03b1\u03bb = {fmt(f['alpha_lambda'])}   \u03b2 = {fmt(f['beta'])}"


def readouts(data: dict) -> list[tuple[str, str, str]]:
    """Per stop, the readout's three lines: setting; rate and regime; the measured rate."""
    out = []
    for j in range(len(data["stops"])):
        f = facts(data, j)
        out.append((setting(f), f"rate {fmt(f['rate'], 3)}   {f['regime']}",
                    f"measured over {f['measured_steps']} steps: {fmt(f['measured_rate'], 3)}"))
    return out


def subscript(n: int) -> str:
    """n in subscript digits (x₄₀), as the video typesets an index."""
    return str(n).translate(str.maketrans("0123456789", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089"))


def behaviour(f: dict, steps: int) -> str:
    """What x_k does over the steps shown."""
    if f["regime"] == ONE_STEP and f["last_abs_x"] == 0:
        return "one step lands x on the minimum"
    if f["regime"] == EDGE:
        return (f"x\u2096 flips sign for ever at |x\u2096| \u2192 (1 + \u03b2)/(1 \u2212 \u03b2) = "
                f"{fmt(f['edge_amplitude'])}, neither converging nor diverging")
    if f["rate"] >= 1:
        grows = f"|x\u2096| grows {fmt(f['measured_rate'])}-fold a step"
        return grows + (f", out of view at step {f['exit_step']}" if f["exit_step"] is not None else "")
    n = f["zero_crossings"]
    sides = ("x\u2096 stays on one side of 0" if n == 0 else "x\u2096 flips sign every step" if n == steps
             else f"x\u2096 crosses 0 {n} time{'s' if n != 1 else ''}")
    return f"{sides}, |x{subscript(steps)}| = {f['last_abs_x']:.2g}"


def caption(f: dict, steps: int, first: bool, tour: bool) -> str:
    where = ("The marker starts at " if first else "Then ") if tour else "At "
    place = "the edge of stability" if f["regime"] == EDGE else f"{f['regime']}"
    return f"{where}{setting(f).replace('   ', ', ')}: {place}; {behaviour(f, steps)}; rate {fmt(f['rate'], 3)}."


def title(all_facts: list[dict], tour: bool) -> str:
    if tour:
        ok = sum(converges(f) for f in all_facts)
        return f"How fast momentum converges on f = \u03bbx\u00b2/2: {ok} of {len(all_facts)} points do"
    f = all_facts[0]
    at_ = f"At {setting(f).replace('   ', ', ')}"
    if f["regime"] == EDGE:
        return f"{at_} momentum neither converges nor diverges"
    if f["rate"] >= 1:
        return f"{at_} momentum diverges: rate {fmt(f['rate'], 3)}"
    if f["regime"] == ONE_STEP:
        return f"{at_} one step reaches the minimum"
    return f"{at_} momentum converges ({f['regime']}), rate {fmt(f['rate'], 3)}"


def captions(data: dict) -> dict:
    """The words of every beat: the setup, one per stop, and the taxonomy's (their length sets the beats')."""
    all_facts = [facts(data, j) for j in range(len(data["stops"]))]
    first = setting(all_facts[0]).replace("   ", ", ")
    mode, agreement = data.get("map", "theory"), data.get("agreement")
    return {"setup": f"{rates_maps.sentence(mode, agreement)}, then the marker at {first}.",
            "stops": [caption(f, data["steps"], j == 0, data["tour"]) for j, f in enumerate(all_facts)],
            "taxonomy": rates_tax.caption(data["tax"])}


def make(data: dict, ends: list[float], lead: float) -> dict:
    """The storyboard: the `lead`-second setup beat, one beat per stop ending at `ends[:-1]`, then the
    taxonomy's beat ending at `ends[-1]`."""
    all_facts = [facts(data, j) for j in range(len(data["stops"]))]
    starts = [lead] + ends[:-1]
    mode, agreement = data.get("map", "theory"), data.get("agreement")
    caps = data["captions"]
    beats = [reveal.setup_beat(caps["setup"], lead)]
    beats += [story.beat(f"stop {j + 1}", a, b, c)
              for j, (a, b, c) in enumerate(zip(starts[:-1], ends[:-1], caps["stops"]))]
    beats.append(story.beat("taxonomy", starts[-1], ends[-1], caps["taxonomy"]))
    labels = [line for lines in data["readouts"] for line in lines if line]
    labels += ["\u03b1\u03bb  (step size \u00d7 curvature)", rates_maps.beta_label(mode), "rate", "\u2265 1", "step k",
               data["note"], data["update_tex"], data["rate_tex"], data["complex_tex"], *data["map_labels"],
               r"x_k,\ x_0 = 1,\ \lambda = 1", r"\pm C\,\mathrm{rate}^k", *rates_tax.labels(data["tax"])]
    labels += [str(p["index"]) for p in data["tax"]]
    labels += [line for lines in rates_maps.headings(mode, agreement).values() for line in lines]
    if any(f["exit_step"] is not None and f["rate"] > 1 and f["regime"] != EDGE for f in all_facts):
        labels.append("diverges")
    numbers = {"stops": all_facts, "steps": data["steps"], "points": len(all_facts),
               "converging": sum(converges(f) for f in all_facts), "x_ticks": list(data["yticks"]),
               "x_panel_limit": float(data["ylim"]), "taxonomy": rates_tax.numbers(data["tax"]),
               "taxonomy_lambda": rates_tax.LAMBDA}
    if agreement is not None:
        numbers["measured_map"] = dict(agreement)
    return story.make_story(title(all_facts, data["tour"]), beats, labels, numbers)
