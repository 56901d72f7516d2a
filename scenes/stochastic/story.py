"""What the stochastic scene says, computed from its closed form and its runs (`scenes.stochastic.data`).

The phases: the transient phase lasts up to the last step at which the deterministic part ½(E xᵏ)² of the
expected loss is above its noise part ½ Var xᵏ, and fine-tuning follows (if the deterministic part still
leads at the last step, the run is transient throughout). The noise floor is the noise part's limit. The
Monte-Carlo check says how many standard errors the mean of the runs lies from the closed form at its
worst step, and whether that is within AGREE.

`texts` gives every line drawn on screen, `make` the storyboard; both backends and the page use them.
"""
from __future__ import annotations

from scenes.kit import reveal, story

CHARS_PER_S = 16.0   # a caption is read at most this fast: a beat lasts at least its characters / this
VERDICT_MIN = 4.0
AGREE = 4.0          # the mean of the runs "lies on" the closed form within this many standard errors
COLOURS = {"det": "curve", "noise": "gd", "mean": "momentum", "run": "foreground"}


def g4(v: float) -> str:
    return f"{v:.4g}"


def runs_text(n: int) -> str:
    return f"{n:,}"


def who(o: dict) -> str:
    return "gradient descent" if o["beta"] == 0 else "momentum"


def phases(o: dict) -> str:
    b, n = o["boundary"], o["steps"]
    if b is None:
        return "noise leads from step 0"
    if b == 0:
        return "noise leads from step 1"
    if b >= n:
        return f"transient to step {n} and beyond"
    return f"transient to step {b}, then fine-tuning"


def title(o: dict) -> str:
    b, n = o["boundary"], o["steps"]
    if b is None or b == 0:
        return f"Noise leads from step {0 if b is None else 1}: E f settles near {o['floor']:.3g}"
    if b >= n:
        return f"Still transient at step {n}: the deterministic part leads"
    return f"Transient to step {b}, then noise: E f settles near {o['floor']:.3g}"


def agreement(o: dict) -> str:
    z = o["z_max"]
    return f"Monte Carlo: within {z:.1f} std. errors" if z <= AGREE else f"Monte Carlo: {z:.1f} std. errors off"


def texts(o: dict) -> dict:
    """Every line of text the scene draws, by role (both backends and the storyboard's labels)."""
    n = o["steps"]
    return {
        "title": title(o),
        "rule": "y \u2190 \u03b2y + x + 3\u03be, x \u2190 x \u2212 \u03b1y, \u03be ~ N(0, 1)",
        "setting": f"\u03b1 = {g4(o['alpha'])},  \u03b2 = {g4(o['beta'])},  x\u2070 = \u221a3",
        "det": "deterministic part \u00bd(E x\u1d4f)\u00b2",
        "noise": "noise part \u00bd Var x\u1d4f (0 at k = 0)",
        "mean": f"mean of {runs_text(o['runs'])} runs (sim.sweep)",
        "run": f"one run \u00bd(x\u1d4f)\u00b2, seed {o['seed']}",
        "phases": phases(o),
        "floor": f"noise floor \u00bd Var x\u221e = {o['floor']:.4f}",
        "end": f"step {n}: E f = {o['total'][-1]:.4f}, mean {o['mean'][-1]:.4f}",
        "check": agreement(o),
        "x_label": "step k",
        "y_label": "E f(x\u1d4f) \u2212 f*, stacked",
        # step 0 alone is no transient phase: its noise part is 0 by definition
        "transient": "transient" if o["boundary"] else "",
        "fine": "fine-tuning" if o["boundary"] is None or o["boundary"] < n else "",
        "above": f"{o['above']} dots above the top" if o.get("above") else "",
    }


def setup_caption(o: dict) -> str:
    return (f"f = \u00bdx\u00b2 from x\u2070 = \u221a3, every gradient with noise 3\u00b7N(0, 1); {who(o)} runs at "
            f"\u03b1 = {g4(o['alpha'])}, \u03b2 = {g4(o['beta'])}.")


def run_caption(o: dict) -> str:
    n, floor = o["steps"], o["floor"]
    near = abs(o["noise"][-1] - floor) <= 0.01 * floor
    end = (f"settles at its floor {floor:.3g}" if near
           else f"reaches {o['noise'][-1]:.3g} by step {n}, on its way to {floor:.3g}")
    return (f"The expected loss is a deterministic part, {o['det'][0]:.3g} at the start and "
            f"{o['det'][-1]:.2g} at step {n}, plus a noise part that is 0 at step 0 and {end}.")


def verdict_caption(o: dict) -> str:
    b, n = o["boundary"], o["steps"]
    if b is None or b == 0:
        head = f"The noise part leads from step {0 if b is None else 1}; E f settles towards the floor {o['floor']:.3g}."
    elif b >= n:
        head = f"The deterministic part still leads at step {n}: the transient phase is not over."
    else:
        head = (f"The transient phase lasts to step {b}; from step {b + 1} the noise part leads, and E f settles "
                f"towards the floor {o['floor']:.3g}.")
    z = o["z_max"]
    check = (f" The mean of {runs_text(o['runs'])} seeded runs lies within {z:.1f} standard errors of the "
             f"closed form at every step." if z <= AGREE else
             f" The mean of {runs_text(o['runs'])} runs is off the closed form by up to {z:.1f} standard errors.")
    return head + check


def numbers(o: dict) -> dict:
    n = o["steps"]
    return {
        "alpha": o["alpha"], "beta": o["beta"], "x0": o["x0"], "eps": o["eps"], "lambda": o["lam"], "steps": n,
        "runs": o["runs"], "seed": o["seed"], "boundary": o["boundary"], "noise_floor": o["floor"],
        "deterministic_0": float(o["det"][0]), "deterministic_end": float(o["det"][-1]),
        "noise_0": float(o["noise"][0]), "noise_end": float(o["noise"][-1]), "expected_end": float(o["total"][-1]),
        "article_noise_0": o["article_noise_0"], "mean_end": float(o["mean"][-1]), "stderr_end": float(o["se"][-1]),
        "z_max": o["z_max"], "z_max_step": o["z_at"], "share_within_one_se": o["within_one"],
        "y_top": o.get("y_top"), "dots_above": o.get("above"), "y_ticks": list(o.get("y_ticks", [])),
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
    return story.make_story(t["title"], beats, labels, numbers(o))
