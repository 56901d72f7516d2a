"""The banana's words, computed from what the run did (`scenes.banana.data.facts`).

Every number on screen is written here, from the raw run: the final distance and loss, the closest
approach, the step at which a run leaves the picture, and the curvature at the optimum with gradient
descent's limit α < 2/λmax. `make_story` gathers them into the storyboard.
"""
from __future__ import annotations

from scenes.kit import reveal, story

LEAD, HOLD = reveal.SETUP, reveal.HOLD + 2.4  # the setup beat; the rest after the run, then the result

FUNCTION = "f(x, y) = (1 \u2212 x)\u00b2 + 20(3y \u2212 x\u00b2)\u00b2"
UPDATE_TEX = r"z \leftarrow \beta z + \nabla f(w);\ \ w \leftarrow w - \alpha z"


def num(v: float | None) -> str:
    """A distance or a loss as printed: three significant digits; 'overflow' where the run has none."""
    return "overflow" if v is None else f"{v:.3g}"


def who(data: dict) -> str:
    return "Gradient descent" if data["beta"] == 0 else "Momentum"


def point(xy) -> str:
    return f"({xy[0]:g}, {xy[1]:g})".replace("-", "\u2212")


def title(data: dict) -> str:
    """What happened, in one line: the run's kind (converged, far, swings, diverged, still)."""
    kind, name = data["kind"], who(data)
    if kind == "still":
        return "With \u03b1 = 0 the ball never leaves its start"
    if kind == "diverged":
        return f"{name} diverges: it leaves the picture at step {data['left_at']}"
    if kind == "converged":
        return f"{name} reaches the optimum by step {data['settle']}"
    d = num(data["final_distance"])
    if kind == "unstable":
        return f"{name} cannot settle: still {d} from the optimum"
    if kind == "swings":
        return f"{name} goes haywire: still {d} from the optimum"
    if data["beta"] == 0:
        return f"Gradient descent crawls: still {d} from the optimum"
    return f"Momentum is on its way: {d} from the optimum"


def momentum_limit(data: dict) -> float:
    """The largest α for which momentum with this β settles at the optimum: 2(1 + β)/λmax."""
    return 2.0 * (1.0 + data["beta"]) / float(data["eigenvalues"][-1])


def setup_caption(data: dict) -> str:
    name = "gradient descent" if data["beta"] == 0 else "momentum"
    start = point(data["start"])
    return story.first_fitting(LEAD, f"{story.capital(name)} starts at {start}; the optimum is (1, 1/3).",
                               f"The ball starts at {start}; the optimum is (1, 1/3).",
                               f"The ball starts at {start}.")


def excursions(data: dict) -> str:
    if data["kind"] == "diverged" or not data["exits"]:
        return ""
    k, edge = data["first_exit"]
    if data["exits"] == 1:
        return f" It leaves the picture once, through the {edge} edge at step {k}, and comes back."
    return (f" It leaves the picture {data['exits']} times (first through the {edge} edge at step {k}) and "
            f"comes back each time.")


def run_caption(data: dict) -> str:
    """What the viewer sees during the run."""
    kind, n = data["kind"], data["steps"]
    d, c, cs = num(data["final_distance"]), num(data["closest"][0]), data["closest"][1]
    if kind == "still":
        return "With \u03b1 = 0 every step is zero: the ball stays where it started."
    if kind == "diverged":
        over = f", and its numbers overflow at step {data['overflow_at']}" if data["overflow_at"] is not None else ""
        return (f"The steps grow instead of shrinking: the path leaves the picture through the "
                f"{data['left_edge']} edge at step {data['left_at']} and never comes back{over}.")
    if kind == "converged":
        return (f"{who(data)} follows the curved valley and settles within 0.01 of the optimum from step "
                f"{data['settle']} on; after {n} steps it is {d} away, loss {num(data['final_loss'])}."
                + excursions(data))
    if kind == "unstable":
        limit = "2/\u03bb\u2098\u2090\u2093" if data["beta"] == 0 else "2(1 + \u03b2)/\u03bb\u2098\u2090\u2093"
        return (f"With \u03b1 = {data['alpha']:g} above {limit} = {momentum_limit(data):.3g} the optimum "
                f"repels: near it the steps grow, so the path bounces across the valley and ends {d} away, "
                f"loss {num(data['final_loss'])}." + excursions(data))
    if kind == "swings":
        return (f"With \u03b2 = {data['beta']:g} momentum keeps too much speed: the path swings back and forth "
                f"(the loss rises at {data['rises']} of the {n} steps), passes within {c} of the optimum at "
                f"step {cs} without stopping, and ends {d} away." + excursions(data))
    if data["beta"] == 0:
        return (f"Plain gradient descent takes small steps along the flat valley floor: after {n} steps it "
                f"is still {d} from the optimum, loss {num(data['final_loss'])}." + excursions(data))
    return (f"Momentum builds up speed along the curved valley; after {n} steps it is {d} from the "
            f"optimum, loss {num(data['final_loss'])}." + excursions(data))


def result_caption(data: dict) -> str:
    """The curvature at the optimum, gradient descent's limit, and where this α stands."""
    lam = data["eigenvalues"]
    gd = (f"At the optimum the curvatures are {lam[0]:.4g} and {lam[1]:.5g}, so plain gradient descent "
          f"settles there only for \u03b1 < 2/\u03bb\u2098\u2090\u2093 = {data['gd_limit']:.3g}")
    a = data["alpha"]
    if data["beta"] == 0:
        side = "below" if a < data["gd_limit"] else "above"
        return gd + f"; \u03b1 = {a:g} is {side} it."
    lim = momentum_limit(data)
    side = "below" if a < lim else "above"
    return gd + (f"; momentum with \u03b2 = {data['beta']:g} stretches that to 2(1 + \u03b2)/\u03bb\u2098\u2090\u2093 = "
                 f"{lim:.3g}, and \u03b1 = {a:g} is {side} it.")


def params_tex(data: dict) -> str:
    return rf"\alpha = {data['alpha']:g},\ \ \beta = {data['beta']:g}"


def curvature_text(data: dict) -> str:
    lam = data["eigenvalues"]
    return f"at the optimum: \u03bb = {lam[0]:.4g} and {lam[1]:.5g}, \u03ba = {data['kappa']:.4g}"


def limit_text(data: dict) -> str:
    """Gradient descent's limit at the optimum, and where this α stands against it (α·λmax against 2)."""
    text = f"gradient descent needs \u03b1 < 2/\u03bb\u2098\u2090\u2093 = {data['gd_limit']:.3g}"
    if data["alpha"] == 0:
        return text + " there"
    return text + f" (here \u03b1\u03bb\u2098\u2090\u2093 = {data['alpha'] * float(data['eigenvalues'][-1]):.3g})"


def legend(data: dict) -> tuple[str, str]:
    return f"start {point(data['start'])}", "optimum (1, 1/3)"


def step_text(data: dict, k: int) -> str:
    return f"step {k} / {data['steps']}"


def counter_text(data: dict, k: int) -> str:
    """The live line under the step: the run's own distance to the optimum and loss at step k."""
    import numpy as np

    p, v = data["raw_positions"][k], data["raw_values"][k]
    with np.errstate(invalid="ignore", over="ignore"):
        d = float(np.linalg.norm(p - data["optimum"]))
    d = d if np.isfinite(d) else None
    v = float(v) if np.isfinite(v) else None
    return f"distance {num(d)}, loss {num(v)}"


def numbers(data: dict) -> dict:
    lam = data["eigenvalues"]
    return {"alpha": data["alpha"], "beta": data["beta"], "steps": data["steps"],
            "start": [float(data["start"][0]), float(data["start"][1])],
            "lambda_min": float(lam[0]), "lambda_max": float(lam[1]), "kappa": data["kappa"],
            "gd_limit": data["gd_limit"], "momentum_limit": momentum_limit(data),
            "final_distance": data["final_distance"], "final_loss": data["final_loss"],
            "closest_distance": data["closest"][0], "closest_step": data["closest"][1],
            "settle_step": data["settle"], "loss_rises": data["rises"],
            "outcome": data["kind"], "diverged": data["diverged"], "left_at": data["left_at"],
            "left_edge": data["left_edge"], "overflow_at": data["overflow_at"], "exits": data["exits"]}


def make_story(data: dict) -> dict:
    end_run = run_end(data)
    beats = [reveal.setup_beat(setup_caption(data), LEAD),
             story.beat("run", LEAD, end_run, run_caption(data)),
             story.beat("result", end_run, duration(data), result_caption(data))]
    labels = [FUNCTION, *legend(data), params_tex(data), UPDATE_TEX, curvature_text(data), limit_text(data),
              step_text(data, data["steps"]), counter_text(data, data["steps"])]
    return story.make_story(title(data), beats, labels, numbers(data))


def duration(data: dict) -> float:
    """The run's end, then the result for at least HOLD - reveal.HOLD seconds, longer where its words need it."""
    return run_end(data) + story.at_least(HOLD - reveal.HOLD, result_caption(data))


def run_end(data: dict) -> float:
    """When the run has finished and rested a moment, longer where its words need it: the result beat starts."""
    return LEAD + story.at_least(data["steps"] / data["speed"] + reveal.HOLD, run_caption(data))
