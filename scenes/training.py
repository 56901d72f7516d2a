"""Training: momentum on real networks, from loss traces that torch computed.

Left, the momentum article's experiment (seed 003: an MLP 1000-500-1 on random labels, BCE loss,
minibatches of 64, lr 1e-5): the mean training loss of each epoch draws itself for plain SGD and for
momentum 0.9,

    torch.optim.SGD(momentum=beta):   v <- beta v + grad L(w),   w <- w - lr v

with Nesterov's variant beside it. The article's hand-written loop (the same two lines around a
momentum-free optimizer) is drawn as dots on torch's curve, and the note under the plot prints the largest
difference between the two traces: started from the same weights on the same batches they are one and the
same run, so torch's momentum is not "better".

Upper right, a zoom on the article's "ping-pong", the loss going up and down from epoch to epoch: the
window of epochs where plain SGD changes direction most often compared to momentum, each curve minus its
mean on a shared scale, with the number of direction flips counted. Over the whole run both flip about
equally often (it is mostly minibatch noise); momentum's epoch-to-epoch jumps are smaller early on and its
loss falls faster.

Lower right, scikit-learn's 8x8 digits (MLP 64-64-10, several seeds): test accuracy and training loss
per epoch, the mean over seeds with a min-max band, plain SGD against momentum 0.9.

The traces are the shipped files assets/traces/seed003.npz and digits.npz, made by `python -m sim.training`;
`--set recompute=true` runs that training again (torch needed) at `epochs` on `device`.

    python render.py training
    python render.py training --backend mpl --quality low
    python render.py training --set recompute=true --set epochs=50 --set device=cpu
    manim -ql scenes/training.py TrainingScene
"""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

from scenes.layout import Panel, at, fig_point
from scenes.params import Param, ParamError
from scenes.registry import SceneSpec, register
from scenes.timeline import fade

NAME = "training"
LEAD, HOLD = 0.5, 2.0
ZOOM_EPOCHS = 50  # width of the ping-pong zoom, in epochs
MARKS = 40  # dots of the hand-written loop drawn along the run
SAME_RUN = 1e-5  # largest loss difference still called the same run (float rounding on other devices)
ZOOM_TIME = 0.2  # share of the drawing time spent inside the zoom window, so that its curves are seen drawing

TRACE_DIR = Path(__file__).resolve().parent.parent / "assets" / "traces"
TRACE_FILES = {"seed003": TRACE_DIR / "seed003.npz", "digits": TRACE_DIR / "digits.npz"}
MAKE_COMMANDS = {
    "seed003": "python -m sim.training --experiment seed003 --epochs 2000 --out assets/traces/seed003.npz",
    "digits": "python -m sim.training --experiment digits --epochs 40 --out assets/traces/digits.npz",
}

PARAMS = (
    Param("recompute", "bool", False,
          "train again with torch (sim.training) instead of reading the shipped traces in assets/traces"),
    Param("epochs", "int", 50, "epochs of both experiments when recompute=true", 2, 2000),
    Param("device", "choice", "auto", "torch device when recompute=true (auto: cuda if available, else cpu)",
          choices=("auto", "cpu", "cuda")),
    Param("seconds", "float", 8.0, "seconds the curves take to draw themselves", 2.0, 30.0),
)

# Layout on the shared canvas, in figure fractions: (left, bottom, width, height).
TITLE_Y = 0.945
SUB_Y = 0.872
MAIN_BOX = (0.085, 0.31, 0.44, 0.51)
LEG_W, LEG_H = 0.50, 0.33  # the legend's corner of the main panel, as fractions of its axes
ZOOM_BOXES = (("sgd", (0.635, 0.695, 0.335, 0.11)), ("torch", (0.635, 0.525, 0.335, 0.11)))
ACC_BOX = (0.675, 0.125, 0.115, 0.17)
LOSS_BOX = (0.855, 0.125, 0.115, 0.17)
DIGIT_PANELS = (("acc", ACC_BOX, "acc", "test accuracy"), ("dloss", LOSS_BOX, "loss", "training loss"))
COL = 0.63  # left edge of the right column's text
NOTE_X, NOTE_Y = 0.04, (0.17, 0.108, 0.048)
ZOOM_NOTE_Y = (0.455, 0.415)
DIGITS_Y = 0.36  # the digits title; the panel titles sit just above their boxes
DIGITS_XLABEL_DY = 0.085
MAIN_XLABEL_DY = 0.08
ZOOM_LABEL_DY = 0.023

# Series of seed 003, bottom to top of the drawing order.
SERIES = ("sgd", "torch", "nesterov")
LABELS = {
    "sgd": "plain SGD",
    "torch": "momentum 0.9 (torch)",
    "manual": "hand-written loop",
    "nesterov": "Nesterov (torch)",
}


def colors(theme) -> dict:
    return {"sgd": theme.gd, "torch": theme.momentum, "manual": theme.extra[0], "nesterov": theme.accent}


# ------------------------------------------------------------------------------------------ data

def _load(experiment: str) -> dict:
    """A shipped trace file, or a ParamError naming the command that makes it."""
    from sim.training.traces import load_traces

    path = Path(TRACE_FILES[experiment])
    if not path.is_file():
        raise ParamError(f"missing trace file {path.name}; make it with: {MAKE_COMMANDS[experiment]}")
    try:
        return load_traces(path)
    except (OSError, ValueError, KeyError) as exc:
        raise ParamError(f"cannot read {path.name} ({exc}); make it again with: {MAKE_COMMANDS[experiment]}") from None


def _recompute(epochs: int, device: str) -> tuple[dict, dict]:
    """Both experiments trained again by sim.training (torch) at `epochs` on `device`."""
    try:
        from sim.training.device import DeviceUnavailable, resolve_device

        try:
            dev = resolve_device(device)
        except DeviceUnavailable as exc:
            raise ParamError(f"recompute: {exc}; use device=cpu") from None
        from sim.training.digits import run_digits
        from sim.training.seed003 import run_seed003

        return run_seed003(epochs=epochs, device=dev.type), run_digits(epochs=epochs, device=dev.type)
    except ImportError as exc:
        raise ParamError(f"recompute=true needs torch and scikit-learn ({exc}); "
                         "leave recompute=false to use the shipped traces") from None


def flips(y: np.ndarray) -> int:
    """How often the curve changes direction: epochs k where (y[k] - y[k-1]) (y[k+1] - y[k]) < 0."""
    d = np.diff(np.asarray(y, dtype=float))
    return int(np.sum(d[1:] * d[:-1] < 0))


def zoom_window(sgd: np.ndarray, mom: np.ndarray, width: int) -> int:
    """First index of the `width` epochs where plain SGD flips direction most often compared to momentum.

    Ties go to the window with SGD's largest mean |epoch-to-epoch change|.
    """
    n = len(sgd)
    width = min(width, n)

    starts = np.arange(n - width + 1)

    def per_start(y):
        d = np.diff(y)
        f = np.concatenate([[0], np.cumsum(d[1:] * d[:-1] < 0)])  # f[k]: flips at epochs 1..k
        j = np.concatenate([[0.0], np.cumsum(np.abs(d))])  # j[k]: sum of |d[0..k-1]|
        count = f[starts + width - 2] - f[starts] if width >= 3 else np.zeros(len(starts), int)
        return count, j[starts + width - 1] - j[starts]

    fs, js = per_start(np.asarray(sgd, float))
    fm, _ = per_start(np.asarray(mom, float))
    score = fs - fm
    best = np.flatnonzero(score == score.max())
    return int(best[np.argmax(js[best])])


def nice_ticks(lo: float, hi: float, target: int = 4, integer: bool = False) -> tuple[list[float], list[str]]:
    """Round tick values inside [lo, hi] (about `target` of them) and their labels; whole numbers if `integer`."""
    span = max(hi - lo, 1e-12)
    mag = 10.0 ** np.floor(np.log10(span / target))
    for m in (1.0, 2.0, 5.0, 10.0):
        step = m * mag
        if span / step <= target + 0.5:
            break
    if integer:
        step = max(step, 1.0)
    ticks = np.arange(np.ceil(lo / step - 1e-9), np.floor(hi / step + 1e-9) + 1) * step
    decimals = max(0, int(-np.floor(np.log10(step) + 1e-9)))
    labels = [f"{v:.{decimals}f}".replace("-", "\u2212") for v in ticks]
    labels = ["0" if float(v) == 0.0 else s for v, s in zip(ticks, labels)]
    return [float(v) for v in ticks], labels


def _axis(lo: float, hi: float, target: int = 4, integer: bool = False) -> dict:
    ticks, labels = nice_ticks(lo, hi, target, integer)
    return {"range": (float(lo), float(hi)), "ticks": ticks, "labels": labels}


def _log_axis(lo: float, hi: float) -> dict:
    """An axis of log10 values, ticks at powers of ten (or round numbers when the range holds < 2 of them)."""
    exps = np.arange(np.ceil(lo - 1e-9), np.floor(hi + 1e-9) + 1)
    if len(exps) >= 2:
        vals = 10.0 ** exps
    else:
        vals = np.array(nice_ticks(10.0 ** lo, 10.0 ** hi, 3)[0])
        vals = vals[vals > 0]
    return {"range": (float(lo), float(hi)), "ticks": [float(np.log10(v)) for v in vals],
            "labels": [f"{v:g}" for v in vals]}


_SUPER = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def sci(x: float) -> str:
    """2.1e-04 -> 2.1\u00d710\u207b\u2074 (0 stays 0)."""
    if x == 0.0:
        return "0"
    mant, exp = f"{x:.1e}".split("e")
    return f"{mant}\u00d710{str(int(exp)).translate(_SUPER)}"


def power_text(x: float) -> str:
    """1e-05 -> 10\u207b\u2075 when x is a power of ten, else %g."""
    e = np.log10(x) if x > 0 else 0.5
    if float(e) == round(float(e)):
        return "10" + str(int(round(float(e)))).translate(_SUPER)
    return f"{x:g}"



def make_data(p: dict) -> dict:
    """Both experiments' traces (shipped or recomputed), the zoom window, the notes and every axis."""
    if p["recompute"]:
        seed, digits = _recompute(int(p["epochs"]), p["device"])
        source = "recomputed"
    else:
        seed, digits = _load("seed003"), _load("digits")
        source = "shipped"
    try:
        names = [str(v) for v in seed["variants"]]
        idx = {v: names.index(v) for v in ("sgd", "manual", "torch", "nesterov")}
        dnames = [str(v) for v in digits["variants"]]
        didx = {v: dnames.index(v) for v in ("sgd", "momentum")}
        epoch_loss = np.asarray(seed["epoch_loss"], dtype=float)
        step_loss = np.asarray(seed["step_loss"], dtype=float)
        train_loss = np.asarray(digits["train_loss"], dtype=float)
        test_acc = np.asarray(digits["test_acc"], dtype=float)
        settings = seed["meta"]["settings"]
    except (KeyError, ValueError) as exc:
        raise ParamError(f"the trace files lack {exc}; make them again with: {MAKE_COMMANDS['seed003']}") from None
    arrays = (epoch_loss, step_loss, train_loss, test_acc)
    if not all(np.all(np.isfinite(a)) for a in arrays) or np.any(train_loss <= 0):
        raise ParamError("the traces contain NaN, inf or a non-positive loss; nothing to draw")
    n = epoch_loss.shape[1]
    if n < 2:
        raise ParamError("the seed-003 traces need at least 2 epochs")

    loss = {v: epoch_loss[i] for v, i in idx.items()}
    steps = {v: step_loss[i] for v, i in idx.items()}
    x = np.arange(1, n + 1, dtype=float)
    manual_diff = float(np.max(np.abs(steps["manual"] - steps["torch"])))
    nesterov_diff = float(np.max(np.abs(loss["nesterov"] - loss["torch"])))
    mark_every = max(1, n // MARKS)
    marks = np.arange(mark_every // 2, n, mark_every)

    # The main panel: y range around every curve, with its lower-left corner kept free for the legend.
    every = np.concatenate([loss[v] for v in ("sgd", "torch", "nesterov", "manual")])
    lo, hi = float(every.min()), float(every.max())
    pad = max(hi - lo, 1e-6)
    ylo, yhi = lo - 0.06 * pad, hi + 0.06 * pad
    in_corner = x <= 1 + LEG_W * (n - 1)
    for v in ("sgd", "torch", "nesterov"):
        need = (loss[v][in_corner].min() - (LEG_H + 0.04) * yhi) / (1 - LEG_H - 0.04)
        ylo = min(ylo, float(need))

    # The zoom: each curve minus its own mean over the window, in units of 1e-3.
    width = min(ZOOM_EPOCHS, n)
    a = zoom_window(loss["sgd"], loss["torch"], width)
    window = slice(a, a + width)
    zoom = {}
    for v in ("sgd", "torch"):
        y = loss[v][window]
        zoom[v] = {"dev": 1e3 * (y - y.mean()), "flips": flips(y),
                   "jump": float(np.mean(np.abs(np.diff(y)))) if width > 1 else 0.0,
                   "flips_all": flips(loss[v])}
    zspan = 1.12 * max(float(np.max(np.abs(np.concatenate([zoom["sgd"]["dev"], zoom["torch"]["dev"]])))), 1e-6)

    # Digits: mean over seeds with a min-max band; the loss on a log10 scale.
    nd = test_acc.shape[2]
    dx = np.arange(1, nd + 1, dtype=float)
    acc = {v: {"mean": test_acc[i].mean(0), "lo": test_acc[i].min(0), "hi": test_acc[i].max(0)}
           for v, i in didx.items()}
    dloss = {v: {"mean": np.log10(train_loss[i].mean(0)), "lo": np.log10(train_loss[i].min(0)),
                 "hi": np.log10(train_loss[i].max(0))} for v, i in didx.items()}
    acc_lo = max(0.0, np.floor(min(acc[v]["lo"].min() for v in acc) * 10 - 1e-9) / 10)
    acc_hi = min(1.0, np.ceil(max(acc[v]["hi"].max() for v in acc) * 20 + 1e-9) / 20)
    acc_hi = max(acc_hi, acc_lo + 0.1)
    llo = min(dloss[v]["lo"].min() for v in dloss)
    lhi = max(dloss[v]["hi"].max() for v in dloss)
    lpad = max(0.06 * (lhi - llo), 0.02)

    beta, lr = float(settings["momentum"]), float(settings["lr"])
    total_steps = step_loss.shape[1]
    seeds = [int(s) for s in digits["seeds"]]
    return {
        "source": source,
        "seconds": float(p["seconds"]),
        "n": n,
        "x": x,
        "loss": loss,
        "marks": marks,
        "manual_diff": manual_diff,
        "nesterov_diff": nesterov_diff,
        "beta": beta,
        "lr": lr,
        "total_steps": int(total_steps),
        "zoom_start": a,
        "zoom_width": width,
        "zoom_x": x[window],
        "zoom": zoom,
        "nd": nd,
        "dx": dx,
        "acc": acc,
        "dloss": dloss,
        "seeds": seeds,
        "axes": {
            "main": {"x": _axis(0.0, float(n), integer=True), "y": _axis(ylo, yhi)},
            "zoom": {"x": _axis(float(a + 1), float(a + width), 3, integer=True),
                     "y": {"range": (-zspan, zspan), "ticks": [], "labels": []}},
            "acc": {"x": _axis(0.0, float(nd), 2, integer=True), "y": _axis(acc_lo, acc_hi, 3)},
            "loss": {"x": _axis(0.0, float(nd), 2, integer=True), "y": _log_axis(llo - lpad, lhi + lpad)},
        },
        "title": "Momentum in real training runs",
        "subtitle": f"The article's MLP 1000-500-1, random labels, lr {power_text(lr)}",
        "formula": (rf"v \leftarrow \beta v + \nabla L(w),\ \ w \leftarrow w - \alpha v,"
                    rf"\ \ \beta = {beta:g},\ \alpha = {_tex_number(lr)}"),
        "notes": (f"hand-written loop vs torch: max |\u0394loss| = {sci(manual_diff)} ({total_steps} steps)",
                  "one run, not a better one (the article calls torch's better)" if manual_diff < SAME_RUN
                  else "the two runs differ (the article calls torch's better)"),
        "zoom_title": f"Ping-pong zoom: epochs {a + 1}\u2013{a + width}",
        "zoom_labels": {
            "sgd": f"SGD: {zoom['sgd']['flips']} flips, mean |\u0394| {sci(zoom['sgd']['jump'])}",
            "torch": f"momentum: {zoom['torch']['flips']} flips, |\u0394| {sci(zoom['torch']['jump'])}",
        },
        "zoom_notes": ("each: loss \u2212 its mean, same scale",
                       f"whole run: SGD {zoom['sgd']['flips_all']}, momentum {zoom['torch']['flips_all']}"),
        "digits_title": f"Digits 8\u00d78, {len(seeds)} seeds (band: min\u2013max)",
        "ylabel": "training loss (BCE)",
    }


def _tex_number(x: float) -> str:
    """1e-05 -> 10^{-5}; other numbers as %g."""
    e = np.log10(x) if x > 0 else 0.5
    if float(e) == int(e) and abs(e) >= 3:
        return rf"10^{{{int(e)}}}"
    return f"{x:g}"


def duration(data: dict) -> float:
    return LEAD + data["seconds"] + HOLD


def progress(data: dict, t: float) -> float:
    """Fraction of the drawing time gone at time t."""
    return float(np.clip((t - LEAD) / data["seconds"], 0.0, 1.0))


def epoch_at(data: dict, u: float) -> float:
    """Seed-003 epoch shown at drawing fraction u: the zoom window's epochs take ZOOM_TIME of the time."""
    a, width, n = data["zoom_start"], data["zoom_width"], data["n"]
    inside, outside = width - 1, n - width
    if inside <= 0 or outside <= 0:
        return 1.0 + u * (n - 1)
    u_a = (1.0 - ZOOM_TIME) * a / outside
    u_b = u_a + ZOOM_TIME
    return float(np.interp(u, [0.0, u_a, u_b, 1.0], [1.0, a + 1.0, a + width, float(n)]))


def partial(x: np.ndarray, y: np.ndarray, s: float) -> tuple[np.ndarray, np.ndarray]:
    """The polyline (x, y) up to x = s, its last point interpolated."""
    k = int(np.searchsorted(x, s, side="right"))
    xs, ys = x[:k], y[:k]
    if 0 < k < len(x) and s > x[k - 1]:
        w = (s - x[k - 1]) / (x[k] - x[k - 1])
        xs = np.append(xs, s)
        ys = np.append(ys, (1 - w) * y[k - 1] + w * y[k])
    return xs, ys


def band(x: np.ndarray, lo: np.ndarray, hi: np.ndarray, s: float) -> np.ndarray:
    """Closed outline (m, 2) of the band between lo and hi up to x = s (empty below two points)."""
    bx, bl = partial(x, lo, s)
    _, bh = partial(x, hi, s)
    if len(bx) < 2:
        return np.zeros((0, 2))
    return np.column_stack([np.concatenate([bx, bx[::-1]]), np.concatenate([bl, bh[::-1]])])


def frame_state(data: dict, t: float) -> dict:
    """What is drawn at time t: every curve up to the current epoch, counters, outro opacity."""
    u = progress(data, t)
    s = epoch_at(data, u)
    sd = 1.0 + u * (data["nd"] - 1)
    x = data["x"]
    main = {v: partial(x, data["loss"][v], s) for v in SERIES}
    shown = data["marks"][x[data["marks"]] <= s + 1e-9]
    zoom = {v: partial(data["zoom_x"], data["zoom"][v]["dev"], s) for v in ("sgd", "torch")}
    digits = {}
    for key in ("acc", "dloss"):
        for v, series in data[key].items():
            digits[key, v] = (partial(data["dx"], series["mean"], sd),
                              band(data["dx"], series["lo"], series["hi"], sd))
    return {
        "u": u,
        "epoch": int(round(s)),
        "digits_epoch": int(round(sd)),
        "main": main,
        "marks": (x[shown], data["loss"]["manual"][shown]),
        "zoom": zoom,
        "digits": digits,
        "outro": fade(t, LEAD + data["seconds"], 0.6),
    }


def counter_text(data: dict, st: dict) -> str:
    return f"epoch {st['epoch']} / {data['n']}   digits {st['digits_epoch']} / {data['nd']}"


def end_labels(data: dict) -> list[tuple[str, float, str]]:
    """(text, y in data units, series) for the final loss of plain SGD and momentum, pushed apart."""
    lo, hi = data["axes"]["main"]["y"]["range"]
    gap = 0.085 * (hi - lo)
    ys = {v: float(data["loss"][v][-1]) for v in ("sgd", "torch")}
    top, bottom = ("sgd", "torch") if ys["sgd"] >= ys["torch"] else ("torch", "sgd")
    if ys[top] - ys[bottom] < gap:
        mid = 0.5 * (ys[top] + ys[bottom])
        ys[top], ys[bottom] = mid + gap / 2, mid - gap / 2
    return [(f"{data['loss'][v][-1]:.4f}", ys[v], v) for v in ("sgd", "torch")]


def outcome(data: dict) -> dict:
    loss, z = data["loss"], data["zoom"]
    return {
        "source": data["source"],
        "seed003": {
            "epochs": data["n"],
            "final_loss": {v: float(loss[v][-1]) for v in ("sgd", "torch", "manual", "nesterov")},
            "mean_loss": {v: float(loss[v].mean()) for v in ("sgd", "torch", "manual", "nesterov")},
            "manual_vs_torch_max_abs_diff": data["manual_diff"],
            "nesterov_vs_torch_max_abs_diff": data["nesterov_diff"],
        },
        "zoom": {
            "first_epoch": data["zoom_start"] + 1,
            "last_epoch": data["zoom_start"] + data["zoom_width"],
            "flips": {"sgd": z["sgd"]["flips"], "momentum": z["torch"]["flips"]},
            "flips_whole_run": {"sgd": z["sgd"]["flips_all"], "momentum": z["torch"]["flips_all"]},
        },
        "digits": {
            "epochs": data["nd"],
            "seeds": data["seeds"],
            "final_test_acc_mean": {v: float(a["mean"][-1]) for v, a in data["acc"].items()},
            "final_train_loss_mean": {v: float(10 ** d["mean"][-1]) for v, d in data["dloss"].items()},
        },
    }


def spec_panel(box, spec: dict) -> Panel:
    """The panel at `box` showing the x and y ranges of an axes spec (see `_axis`)."""
    return Panel(box, spec["x"]["range"], spec["y"]["range"])


def legend_rows(data: dict) -> list[tuple[str, str, float]]:
    """(series, label, y in figure fractions) of the legend inside the main panel's lower-left corner."""
    left, bottom, w, h = MAIN_BOX
    top, low = bottom + LEG_H * h - 0.022, bottom + 0.025
    order = ("sgd", "torch", "manual", "nesterov")
    return [(v, LABELS[v], top - i * (top - low) / (len(order) - 1)) for i, v in enumerate(order)]

# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon

    from scenes.mpl_backend import panel_axes

    fg, muted = theme.foreground, theme.muted
    col = colors(theme)
    ax_spec = data["axes"]

    def panel(box, spec, size=13):
        ax = panel_axes(fig, spec_panel(box, spec), theme)
        ax.set_xticks(spec["x"]["ticks"], spec["x"]["labels"])
        ax.set_yticks(spec["y"]["ticks"], spec["y"]["labels"])
        ax.tick_params(labelsize=size, length=3, pad=2)
        return ax

    fig.text(0.04, TITLE_Y, data["title"], fontsize=22, weight="bold", color=fg, va="top")
    counter = fig.text(0.965, TITLE_Y - 0.008, "", fontsize=15, color=fg, ha="right", va="top", animated=True)
    fig.text(0.04, SUB_Y, data["subtitle"], fontsize=13, color=muted, va="center")

    # Seed 003: the epoch losses.
    ax = panel(MAIN_BOX, ax_spec["main"])
    fig.text(MAIN_BOX[0] + MAIN_BOX[2] / 2, MAIN_BOX[1] - MAIN_XLABEL_DY, "epoch", color=fg, fontsize=13,
             ha="center", va="center")
    ax.set_ylabel(data["ylabel"], fontsize=13)
    a, w = data["zoom_start"], data["zoom_width"]
    if w < data["n"]:  # mark the zoomed epochs (a zoom on the whole run needs no mark)
        ax.axvspan(a + 1, a + w, color=muted, alpha=0.18, lw=0, zorder=0)
        ax.text(a + 0.5 * w, ax_spec["main"]["y"]["range"][1], "zoom", color=muted, fontsize=13, ha="center",
                va="bottom")
    widths = {"sgd": 2.4, "torch": 3.6, "nesterov": 1.3}
    lines = {v: ax.plot([], [], color=col[v], lw=widths[v], animated=True, zorder=2 + i)[0]
             for i, v in enumerate(SERIES)}
    marks = ax.plot([], [], "o", ms=5, color=col["manual"], mec=theme.background, mew=0.8, animated=True,
                    zorder=6)[0]
    heads = {v: ax.plot([], [], "o", ms=8, color=col[v], mec=theme.background, mew=1.2, animated=True,
                        zorder=7)[0] for v in ("sgd", "torch")}
    ends = [fig.text(MAIN_BOX[0] + MAIN_BOX[2] + 0.008, 0, s, color=col[v], fontsize=13, va="center",
                     animated=True) for s, _, v in end_labels(data)]
    ylo, yhi = ax_spec["main"]["y"]["range"]
    end_fy = [MAIN_BOX[1] + MAIN_BOX[3] * (y - ylo) / (yhi - ylo) for _, y, _ in end_labels(data)]

    lx = MAIN_BOX[0] + 0.018
    for v, label, fy in legend_rows(data):
        if v == "manual":
            fig.add_artist(Line2D([lx + 0.004, lx + 0.016, lx + 0.028], [fy] * 3, transform=fig.transFigure,
                                  ls="none", marker="o", ms=5, color=col[v], mec=theme.background, mew=0.8))
        else:
            fig.add_artist(Line2D([lx, lx + 0.032], [fy, fy], transform=fig.transFigure, color=col[v],
                                  lw=widths[v] + 0.6))
        fig.text(lx + 0.042, fy, label, color=fg, fontsize=13, va="center")

    fig.text(NOTE_X, NOTE_Y[0], f"${data['formula']}$", color=fg, fontsize=17, va="center")
    fig.text(NOTE_X, NOTE_Y[1], data["notes"][0], color=col["manual"], fontsize=13, va="center")
    fig.text(NOTE_X, NOTE_Y[2], data["notes"][1], color=muted, fontsize=13, va="center")

    # The zoom: the same window for both, on one shared scale.
    fig.text(COL, SUB_Y, data["zoom_title"], color=fg, fontsize=14, va="center")
    zoom_lines = {}
    for k, (v, box) in enumerate(ZOOM_BOXES):
        zx = panel(box, ax_spec["zoom"])
        zx.axhline(0.0, color=muted, lw=0.8, ls=(0, (3, 3)))
        if k == 0:
            zx.tick_params(labelbottom=False)
        fig.text(box[0], box[1] + box[3] + ZOOM_LABEL_DY, data["zoom_labels"][v], color=col[v], fontsize=13,
                 va="center")
        zoom_lines[v] = zx.plot([], [], color=col[v], lw=2.0, animated=True, marker="o", ms=2.5)[0]
    for y, note in zip(ZOOM_NOTE_Y, data["zoom_notes"]):
        fig.text(COL, y, note, color=muted, fontsize=13, va="center")

    # Digits: test accuracy and training loss, mean with a min-max band over seeds.
    fig.text(COL, DIGITS_Y, data["digits_title"], color=fg, fontsize=13, va="center")
    artists = {}
    for key, box, name, title in DIGIT_PANELS:
        dx_ = panel(box, ax_spec[name])
        fig.text(box[0] + box[2] / 2, box[1] - DIGITS_XLABEL_DY, "epoch", color=fg, fontsize=13, ha="center",
                 va="center")
        fig.text(box[0] + box[2] / 2, box[1] + box[3] + 0.025, title, color=fg, fontsize=13, ha="center",
                 va="center")
        for v, c in (("sgd", col["sgd"]), ("momentum", col["torch"])):
            patch = Polygon(np.zeros((3, 2)), closed=True, fc=c, alpha=0.25, ec="none", animated=True)
            dx_.add_patch(patch)
            line = dx_.plot([], [], color=c, lw=2.2, animated=True)[0]
            artists[key, v] = (line, patch)

    def update(t: float) -> None:
        st = frame_state(data, t)
        counter.set_text(counter_text(data, st))
        for v in SERIES:
            lines[v].set_data(*st["main"][v])
        for v in ("sgd", "torch"):
            xs, ys = st["main"][v]
            heads[v].set_data(xs[-1:], ys[-1:])
            heads[v].set_alpha(1.0 - st["outro"])
        marks.set_data(*st["marks"])
        for label, fy in zip(ends, end_fy):
            label.set_y(fy)
            label.set_alpha(st["outro"])
        for v, line in zoom_lines.items():
            line.set_data(*st["zoom"][v])
        for k, (line, patch) in artists.items():
            (mx, my), outline = st["digits"][k]
            line.set_data(mx, my)
            patch.set_xy(outline if len(outline) else np.zeros((3, 2)))
            patch.set_visible(len(outline) > 0)

    return update


# -------------------------------------------------------------------------------------------- manim

@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.manim_backend import DataScene, LiveText, formula, live, show_polyline, spines, text

    def panel(box, spec, muted, bottom_labels=True):
        """Spines, ticks and tick labels of a panel; returns (mobjects, data -> scene point map)."""
        m = spec_panel(box, spec).c2p
        (x0, _), (y0, _) = spec["x"]["range"], spec["y"]["range"]
        group = mn.VGroup(*spines(box, muted))
        tick = 0.06
        for v, s in zip(spec["x"]["ticks"], spec["x"]["labels"]):
            p = m(v, y0)
            group.add(mn.Line(p, p + tick * mn.DOWN, color=muted, stroke_width=2))
            if bottom_labels:
                group.add(text(s, muted, 18).next_to(p, mn.DOWN, buff=0.1))
        for v, s in zip(spec["y"]["ticks"], spec["y"]["labels"]):
            p = m(x0, v)
            group.add(mn.Line(p, p + tick * mn.LEFT, color=muted, stroke_width=2))
            group.add(text(s, muted, 18).next_to(p, mn.LEFT, buff=0.1))
        return group, m

    def polygon(mob, points, opacity):
        if len(points) >= 3:
            mob.set_points_as_corners(np.vstack([points, points[:1]]))
            mob.set_fill(opacity=opacity)
        else:
            mob.set_points_as_corners(np.zeros((2, 3)))
            mob.set_fill(opacity=0)

    class TrainingScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            fg, muted = th.foreground, th.muted
            col = colors(th)
            spec = d["axes"]
            clock = mn.ValueTracker(0.0)

            self.add(at(text(d["title"], fg, 25, weight=mn.BOLD), 0.04, TITLE_Y, mn.UL))
            self.add(at(text(d["subtitle"], muted, 19), 0.04, SUB_Y, mn.LEFT))
            counter = LiveText("epoch 0", fg, 20)
            counter.place(fig_point(0.965, TITLE_Y - 0.025), mn.RIGHT)

            # Seed 003.
            axes, m = panel(MAIN_BOX, spec["main"], muted)
            left, bottom, w, h = MAIN_BOX
            ylo, yhi = spec["main"]["y"]["range"]
            a, zw = d["zoom_start"], d["zoom_width"]
            p0, p1 = m(a + 1, ylo), m(a + zw, yhi)
            shade = mn.Rectangle(width=max(p1[0] - p0[0], 0.02), height=p1[1] - p0[1], stroke_width=0,
                                 fill_color=muted, fill_opacity=0.18).move_to((p0 + p1) / 2)
            zoom_tag = text("zoom", muted, 18).next_to(m(a + 0.5 * zw, yhi), mn.UP, buff=0.06)
            xlab = at(text("epoch", fg, 19), left + w / 2, bottom - MAIN_XLABEL_DY)
            ylab = at(text(d["ylabel"], fg, 19).rotate(np.pi / 2), left - 0.065, bottom + h / 2)
            if zw < d["n"]:  # mark the zoomed epochs (a zoom on the whole run needs no mark)
                self.add(shade, zoom_tag)
            self.add(axes, xlab, ylab)

            lx = left + 0.018
            for v, label, fy in legend_rows(d):
                if v == "manual":
                    sw = mn.VGroup(*(mn.Dot(fig_point(lx + dx, fy), radius=0.045, color=col[v])
                                     for dx in (0.004, 0.016, 0.028)))
                else:
                    sw = mn.Line(fig_point(lx, fy), fig_point(lx + 0.032, fy), color=col[v],
                                 stroke_width={"sgd": 3.5, "torch": 5, "nesterov": 2.5}[v])
                self.add(sw, at(text(label, fg, 19), lx + 0.042, fy, mn.LEFT))

            self.add(at(formula(d["formula"], fg, 28), NOTE_X, NOTE_Y[0], mn.LEFT))
            self.add(at(text(d["notes"][0], col["manual"], 19), NOTE_X, NOTE_Y[1], mn.LEFT))
            self.add(at(text(d["notes"][1], muted, 19), NOTE_X, NOTE_Y[2], mn.LEFT))

            curves = {"sgd": mn.VMobject(stroke_color=col["sgd"], stroke_width=2),
                      "torch": mn.VMobject(stroke_color=col["torch"], stroke_width=3),
                      "nesterov": mn.VMobject(stroke_color=col["nesterov"], stroke_width=1.3)}
            n_marks = len(d["marks"])
            dots = [mn.Dot(radius=0.045, color=col["manual"]) for _ in range(n_marks)]
            heads = {v: mn.Dot(radius=0.08, color=col[v], stroke_color=th.background, stroke_width=2)
                     for v in ("sgd", "torch")}
            ends = [text(s, col[v], 19).move_to(m(0, y) * [0, 1, 0] + fig_point(left + w + 0.008, 0.5) * [1, 0, 0],
                                                aligned_edge=mn.LEFT) for s, y, v in end_labels(d)]

            # The zoom.
            self.add(at(text(d["zoom_title"], fg, 20), COL, SUB_Y, mn.LEFT))
            zoom_curves, zoom_maps = {}, {}
            for k, (v, box) in enumerate(ZOOM_BOXES):
                group, zm = panel(box, spec["zoom"], muted, bottom_labels=k == 1)
                (zx0, zx1) = spec["zoom"]["x"]["range"]
                zero = mn.DashedLine(zm(zx0, 0.0), zm(zx1, 0.0), color=muted, stroke_width=1.5, dash_length=0.06)
                label = at(text(d["zoom_labels"][v], col[v], 18), box[0], box[1] + box[3] + ZOOM_LABEL_DY, mn.LEFT)
                self.add(group, zero, label)
                zoom_curves[v] = mn.VMobject(stroke_color=col[v], stroke_width=3)
                zoom_maps[v] = zm
            for y, note in zip(ZOOM_NOTE_Y, d["zoom_notes"]):
                self.add(at(text(note, muted, 18), COL, y, mn.LEFT))

            # Digits.
            self.add(at(text(d["digits_title"], fg, 19), COL, DIGITS_Y, mn.LEFT))
            digit_mobs, digit_maps = {}, {}
            for key, box, name, title in DIGIT_PANELS:
                group, dm = panel(box, spec[name], muted)
                self.add(group, at(text("epoch", fg, 18), box[0] + box[2] / 2, box[1] - DIGITS_XLABEL_DY),
                         at(text(title, fg, 18), box[0] + box[2] / 2, box[1] + box[3] + 0.025))
                for v, c in (("sgd", col["sgd"]), ("momentum", col["torch"])):
                    digit_mobs[key, v] = (mn.VMobject(stroke_color=c, stroke_width=3),
                                          mn.VMobject(stroke_width=0, fill_color=c, fill_opacity=0.25))
                    digit_maps[key, v] = dm

            def redraw(t):
                st = frame_state(d, t)
                counter.set_text(counter_text(d, st))
                for v, mob in curves.items():
                    show_polyline(mob, m(*st["main"][v]))
                for v, head in heads.items():
                    xs, ys = st["main"][v]
                    head.move_to(m(xs[-1], ys[-1])).set_opacity(1.0 - st["outro"])
                mx, my = st["marks"]
                for i, dot in enumerate(dots):
                    if i < len(mx):
                        dot.move_to(m(mx[i], my[i])).set_opacity(1)
                    else:
                        dot.set_opacity(0)
                for label in ends:
                    label.set_opacity(st["outro"])
                for v, mob in zoom_curves.items():
                    show_polyline(mob, zoom_maps[v](*st["zoom"][v]))
                for k, (line, fill) in digit_mobs.items():
                    (px, py), outline = st["digits"][k]
                    dm = digit_maps[k]
                    show_polyline(line, dm(px, py))
                    polygon(fill, dm(outline[:, 0], outline[:, 1]) if len(outline) else outline, 0.25)

            self.add(live(clock, redraw,
                          *(f for _, f in digit_mobs.values()), *(ln for ln, _ in digit_mobs.values()),
                          *curves.values(), *dots, *heads.values(), *zoom_curves.values(), *ends, counter))
            return clock

    return TrainingScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    TrainingScene = manim_scene()

SPEC = register(SceneSpec(
    name=NAME,
    description="Real torch training traces: SGD vs momentum (and Nesterov, and a hand-written loop), "
                "a ping-pong zoom, digits accuracy",
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    manim_scene=manim_scene,
    outcome=outcome,
    data_files=tuple(TRACE_FILES.values()),
))
