"""Rates's data: `make_data` runs `sim` and returns the arrays and words the scene shows; its length and outcome, and what moves at each moment."""
from __future__ import annotations

import numpy as np

from scenes.rates import maps as rates_maps
from scenes.rates import story as rates_story
from scenes.rates import tax as rates_tax
from scenes.kit import reveal
from scenes.kit.story import at_least
from scenes.kit.layout import Panel
from scenes.kit.params import ParamError


NAME = "rates"
LEAD, MOVE, PAUSE, HOLD = reveal.SETUP, 0.8, 0.4, 1.2  # least setup beat, marker move, pause after each run, end
FADE = 0.6  # seconds in which the x_k panel gives way to the taxonomy's panels
AL_MAX = 4.0
YLIM = 1.8  # the trajectory panel shows at least |x_k| <= YLIM, and all of every run that converges
PATH_SAMPLES = 90
END_TOL = 1e-3  # seconds past a beat's end that still show it: more than the storyboard's rounding (5e-5 s)

# (alpha lambda, beta) of the tour, one stop per regime.
TOUR = ((0.3, 0.05), (0.5, 0.7), (1.0, 0.0), (1.65, 0.06), (2.3, 0.1))

# Regime labels on the map: lines of text (plain, then formula), where the box sits, and the point it
# names (the arrow's tip when there is an arrow). The tests check that each point is in its regime.
LABELS = (
    {"regime": "ripples", "lines": ("ripples", r"\beta > (1 - \sqrt{\alpha\lambda})^2"), "at": (1.9, 0.79),
     "point": (1.9, 0.79)},
    {"regime": "divergence", "lines": ("divergence", r"\alpha\lambda > 2 + 2\beta"), "at": (3.3, 0.2),
     "point": (3.3, 0.2)},
    {"regime": "monotonic", "lines": ("monotonic",), "at": (0.55, 0.48), "point": (0.2, 0.12)},
    {"regime": "one step", "lines": ("one step",), "at": (1.0, 0.27), "point": (1.0, 0.0)},
    {"regime": "oscillation", "lines": ("oscillation",), "at": (2.15, 0.45), "point": (1.45, 0.03)},
)
# Over the closed form's map when both maps are stacked (`--set map=both`), each a third as tall: names
# only, spread out so that no two boxes meet and none covers the numbered points.
LABELS_STACKED = (
    {"regime": "ripples", "lines": ("ripples",), "at": (1.9, 0.8), "point": (1.9, 0.8)},
    {"regime": "divergence", "lines": ("divergence",), "at": (3.3, 0.3), "point": (3.3, 0.3)},
    {"regime": "monotonic", "lines": ("monotonic",), "at": (0.6, 0.62), "point": (0.2, 0.12)},
    {"regime": "one step", "lines": ("one step",), "at": (1.05, 0.3), "point": (1.0, 0.0)},
    {"regime": "oscillation", "lines": ("oscillation",), "at": (2.25, 0.55), "point": (1.45, 0.03)},
)


def map_labels(mode: str) -> tuple[dict, ...]:
    """The regime labels drawn over the closed form's map in this map mode."""
    return LABELS_STACKED if mode == "both" else LABELS

# Layout on the shared canvas, in figure fractions (left, bottom, width, height).
MAP_BOX = (0.075, 0.13, 0.385, 0.71)
BAR_BOX = (0.475, 0.13, 0.014, 0.56)
SWATCH_BOX = (0.475, 0.765, 0.014, 0.065)
TRAJ_BOX = (0.62, 0.37, 0.35, 0.29)
COL = 0.585
READOUT_Y = (0.865, 0.81, 0.755)
MAP = Panel(MAP_BOX, (0.0, AL_MAX), (0.0, 1.0))


def regime_name(al: float, beta: float) -> str:
    from sim import theory

    if rates_story.on_edge(al, beta):
        return rates_story.EDGE
    if bool(theory.one_step(al, beta)):
        return rates_story.ONE_STEP
    return str(theory.regime(al, beta))


def make_data(p: dict) -> dict:
    """The rate on a grid, the boundary curves, and the marker's path with x_k simulated along it."""
    from sim import SGD, landscapes, simulate, theory

    # The map: pixel centres of an n_b x n_al image, beta increasing with the row.
    n_al, n_b = 400, 250
    al_axis = (np.arange(n_al) + 0.5) * AL_MAX / n_al
    b_axis = (np.arange(n_b) + 0.5) / n_b
    rate_grid = theory.momentum_rate(al_axis[None, :], b_axis[:, None], 1.0)

    crit_al = np.linspace(0.0, AL_MAX, 400)
    crit_b = theory.critical_damping(crit_al, 1.0)

    if p["alpha_lambda"] is None and p["beta"] is None:
        stops = TOUR
    else:
        stops = ((0.5 if p["alpha_lambda"] is None else float(p["alpha_lambda"]),
                  0.5 if p["beta"] is None else float(p["beta"])),)
    steps = int(p["steps"])
    quad = landscapes.Quadratic([[1.0]])  # lambda = 1, so alpha = alpha lambda

    def run(al, b, n=steps):
        return simulate(quad, np.array([1.0]), SGD(al, momentum=b), n).positions[:, 0]

    # Segment j runs from stop j-1 to stop j (segment 0 stays on stop 0).
    u = np.linspace(0.0, 1.0, PATH_SAMPLES)
    path_al, path_b = [], []
    for j, (al, b) in enumerate(stops):
        a0, b0 = stops[max(j - 1, 0)]
        path_al.append(a0 + u * (al - a0))
        path_b.append(b0 + u * (b - b0))
    path_al, path_b = np.array(path_al), np.array(path_b)
    path_rate = theory.momentum_rate(path_al, path_b, 1.0)
    path_regime = [[regime_name(a, b) for a, b in zip(ra, rb)] for ra, rb in zip(path_al, path_b)]
    path_x = np.array([[run(a, b) for a, b in zip(ra, rb)] for ra, rb in zip(path_al, path_b)])
    k = np.arange(steps + 1)
    kk = np.linspace(0.0, steps, 4 * steps + 1)
    # The guide C rate^k, C the smallest constant that bounds the run shown (1 at rate 0: only x_0 is non-zero).
    # Steps where rate^k < 1e-9 are left out: there |x_k| is mostly rounding error.
    decay = path_rate[..., None] ** k
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(decay >= 1e-9, np.abs(path_x) / decay, 0.0)
    path_c = np.maximum(np.nanmax(np.where(np.isfinite(scale), scale, 0.0), axis=-1), 1.0)
    path_env = path_c[..., None] * path_rate[..., None] ** kk
    if not (np.all(np.isfinite(path_x)) and np.all(np.isfinite(path_env))):
        raise ParamError("x_k overflows at this setting; lower steps")

    stop_x = path_x[:, -1]
    # Runs that stay bounded (converging, or on the stability line) are drawn whole.
    stable = (path_rate[:, -1] < 1.0) | np.array([rates_story.on_edge(a, b) for a, b in stops])
    ylim = max(YLIM, 1.15 * float(np.max(np.abs(stop_x[stable])))) if stable.any() else YLIM
    exits = [int(np.argmax(np.abs(x) > ylim)) if np.any(np.abs(x) > ylim) else None for x in stop_x]
    data = {
        "rate_grid": rate_grid,
        "al_axis": al_axis,
        "b_axis": b_axis,
        "crit_al": crit_al,
        "crit_b": crit_b,
        "stab_al": np.array([2.0, AL_MAX]),
        "stab_b": np.array([0.0, (AL_MAX - 2.0) / 2.0]),
        "stops": np.array(stops, dtype=float),
        "stop_rate": path_rate[:, -1],
        "stop_regime": [r[-1] for r in path_regime],
        "stop_x": stop_x,
        "stop_exit": exits,
        "ylim": ylim,
        "yticks": [float(v) for v in _symmetric_ticks(ylim)],
        "path_al": path_al,
        "path_b": path_b,
        "path_rate": path_rate,
        "path_regime": path_regime,
        "path_x": path_x,
        "path_env": path_env,
        "env_k": kk,
        "steps": steps,
        "speed": float(p["speed"]),
        "tour": len(stops) > 1,
        "map_labels": [line for lab in map_labels(p.get("map") or "theory") for line in lab["lines"]],
        "update_tex": r"z_{k+1} = \beta z_k + \lambda x_k,\ \ x_{k+1} = x_k - \alpha z_{k+1}",
        "rate_tex": r"\mathrm{rate} = \max\ |\sigma|,\ \ \sigma^2 - (1 + \beta - \alpha\lambda)\,\sigma + \beta = 0",
        "complex_tex": r"\mathrm{complex}\ \sigma:\ \mathrm{rate} = \sqrt{\beta}",
        "note": "(the article's 2\u221a\u03b2 is a misprint: |\u03c3|\u00b2 = \u03c3\u03c3\u0305 = \u03b2)",
    }
    data["map"] = p.get("map") or "theory"
    if data["map"] != "theory":
        m = rates_maps.measured_map()
        data["measured_grid"], data["agreement"] = m["grid"], m["agreement"]
    data["measured"] = [rates_story.measure(lambda n, al=al, b=b: run(al, b, n), r)
                        for (al, b), r in zip(stops, data["stop_rate"])]
    data["readouts"] = rates_story.readouts(data)
    data["tax"] = rates_tax.panels()
    # Each beat lasts long enough to read its words (the pause after a run takes up the rest).
    caps = data["captions"] = rates_story.captions(data)
    data["lead"] = at_least(LEAD, caps["setup"])
    data["blocks"] = [at_least(_least_block(data, j), caps["stops"][j]) for j in range(len(stops))]
    data["tax_start"] = data["lead"] + sum(data["blocks"])
    data["tax_length"] = at_least(FADE + rates_tax.STEPS / data["speed"] + HOLD, caps["taxonomy"])
    data["story"] = rates_story.make(data, beat_ends(data), data["lead"])
    data["title"] = data["story"]["title"]
    return data


def _symmetric_ticks(lim: float) -> np.ndarray:
    # The smallest of 1, 2, 5, 10, 20, 50, ... that puts at most 4 ticks on each side of 0.
    step = next(m * 10.0 ** e for e in range(0, 6) for m in (1.0, 2.0, 5.0) if lim / (m * 10.0 ** e) <= 4.0)
    pos = np.arange(step, lim, step)
    return np.concatenate([-pos[::-1], [0.0], pos])


def _least_block(data: dict, j: int) -> float:
    return (MOVE if j > 0 else 0.0) + data["steps"] / data["speed"] + PAUSE


def _block(data: dict, j: int) -> float:
    """Stop j's seconds: the marker's move, the run, and a pause long enough to read the stop's words."""
    return data["blocks"][j]


def duration(data: dict) -> float:
    return data["tax_start"] + data["tax_length"]


def beat_ends(data: dict) -> list[float]:
    """When each stop's beat ends (seconds), then the taxonomy's: the clip's end."""
    ends = list(data["lead"] + np.cumsum([_block(data, j) for j in range(len(data["stops"]))]))
    return [float(e) for e in ends] + [duration(data)]


def tax_state(data: dict, t: float) -> dict:
    """The taxonomy at time t: how much of the tour's column is left ("keep": it fades out over the first
    half of FADE), how far the panels have faded in ("alpha": over the second half, so the two are never
    on screen together) and the steps drawn."""
    start, half = data["tax_start"], FADE / 2
    return {"keep": 1.0 - reveal.smoothstep((t - start) / half), "alpha": reveal.smoothstep((t - start - half) / half),
            "shown": rates_tax.shown_steps(t, start + FADE, data["speed"])}


def _smooth(u: float) -> float:
    return u * u * (3.0 - 2.0 * u)


def clip_path(x: np.ndarray, y: np.ndarray, lim: float) -> tuple[np.ndarray, np.ndarray]:
    """The polyline (x, y) up to where |y| first passes lim, ending exactly on the limit."""
    out = np.nonzero(np.abs(y) > lim)[0]
    if out.size == 0:
        return x, y
    i = int(out[0])
    if i == 0:
        return x[:0], y[:0]
    edge = lim * np.sign(y[i])
    w = (edge - y[i - 1]) / (y[i] - y[i - 1])
    return np.append(x[:i], x[i - 1] + w * (x[i] - x[i - 1])), np.append(y[:i], edge)


def frame_state(data: dict, t: float) -> dict:
    """Where the marker is at time t, the rate and regime there, and how much of x_k is drawn."""
    n = len(data["stops"])
    ends = beat_ends(data)
    # A stop's beat ends on that stop: a still at its end (within the storyboard's rounding) shows its
    # marker, readout and run together; the move to the next stop starts just after.
    j = 0
    while j < n - 1 and t > ends[j] + END_TOL:
        j += 1
    rest = t - (ends[j - 1] if j else data["lead"])
    move = MOVE if j > 0 else 0.0
    if move > 0 and rest < move:
        u = _smooth(max(rest, 0.0) / move)
        s = None
    else:
        u = 1.0
        s = float(np.clip((rest - move) * data["speed"], 0.0, data["steps"]))
    q = u * (PATH_SAMPLES - 1)
    i = min(int(np.floor(q)), PATH_SAMPLES - 2)
    w = q - i

    def mix(a):
        return (1.0 - w) * a[j, i] + w * a[j, i + 1]

    faint_k, faint_x = clip_path(np.arange(data["steps"] + 1, dtype=float), mix(data["path_x"]), data["ylim"])
    env_k, env = clip_path(data["env_k"], mix(data["path_env"]), data["ylim"])
    near = int(round(q))  # the readout shows one computed sample, so its numbers agree with each other
    state = {
        "stop": j,
        "moving": s is None,
        "marker": (float(mix(data["path_al"])), float(mix(data["path_b"]))),
        "al": float(data["path_al"][j, near]),
        "beta": float(data["path_b"][j, near]),
        "rate": float(data["path_rate"][j, near]),
        "regime": data["path_regime"][j][near],
        "faint": (faint_k, faint_x),
        "envelope": (env_k, env),
        "played": None,
        "head": None,
        "diverged": False,
    }
    if s is not None:
        x = data["stop_x"][j]
        ks = np.arange(int(np.floor(s)) + 1, dtype=float)
        xs = x[: len(ks)]
        if s > ks[-1]:
            ks = np.append(ks, s)
            xs = np.append(xs, np.interp(s, np.arange(len(x)), x))
        pk, px = clip_path(ks, xs, data["ylim"])
        state["played"] = (pk, px)
        state["head"] = (float(pk[-1]), float(px[-1])) if len(pk) else None
        left_view = len(pk) < len(ks) or (len(px) > 0 and abs(px[-1]) >= data["ylim"])
        state["diverged"] = bool(left_view and data["stop_rate"][j] > 1.0
                                 and data["stop_regime"][j] != rates_story.EDGE)
    return state


def traj_panel(data: dict) -> Panel:
    """The trajectory panel: steps 0..steps across, x_k in [-ylim, ylim] up."""
    return Panel(TRAJ_BOX, (0, data["steps"]), (-data["ylim"], data["ylim"]))


def readout(data: dict, st: dict) -> tuple[str, str, str]:
    """The three readout lines: at a stop, its setting, rate and regime and the measured rate (the stop's
    lines of the storyboard); while the marker moves, the stop it heads for and the regime under it."""
    lines = data["readouts"][st["stop"]]
    if st["moving"]:
        return "\u2192 " + lines[0], st["regime"], ""
    return tuple(lines)


def outcome(data: dict) -> dict:
    return {
        "stops": [
            {"alpha_lambda": float(al), "beta": float(b), "regime": reg, "rate": float(r),
             "diverged_in_view": ex is not None}
            for (al, b), reg, r, ex in zip(data["stops"], data["stop_regime"], data["stop_rate"],
                                           data["stop_exit"])
        ],
        "tour": data["tour"],
        "labels": [lab["regime"] for lab in LABELS],
        "map": data.get("map", "theory"),
    }
