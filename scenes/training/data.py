"""Training's data: `make_data` runs `sim` and returns the arrays and words the scene shows; its length and outcome, and what moves at each moment."""
from __future__ import annotations

import numpy as np

from scenes.training import story as training_story
from scenes.kit.params import ParamError
from scenes.training.traces import (
    DIGITS_VARIANTS, MAKE_COMMANDS, SEED003_VARIANTS, axis, by_variant, flips, load, log_axis, middle_window,
    recompute, tex_number, window_shares)
from scenes.kit import reveal
from scenes.training.layout import HOLD, LEAD, LEG_H, LEG_W, beat_times, zoom_fractions


NAME = "training"


ZOOM_EPOCHS = 50  # width of the ping-pong zoom, in epochs
MARKS = 40  # dots of the hand-written loop drawn along the run


def _arrays(seed: dict, digits: dict) -> dict:
    """The trace arrays the scene needs, or a ParamError naming the command that remakes the files."""
    try:
        return {"epoch": by_variant(seed, "epoch_loss", SEED003_VARIANTS),
                "step": by_variant(seed, "step_loss", SEED003_VARIANTS),
                "train": by_variant(digits, "train_loss", DIGITS_VARIANTS),
                "acc": by_variant(digits, "test_acc", DIGITS_VARIANTS),
                "settings": seed["meta"]["settings"], "dsettings": digits["meta"]["settings"],
                "seeds": [int(s) for s in digits["seeds"]]}
    except (KeyError, ValueError) as exc:
        raise ParamError(f"the trace files lack {exc}; make them again with: {MAKE_COMMANDS['seed003']} "
                         f"and {MAKE_COMMANDS['digits']}") from None


def make_data(p: dict) -> dict:
    """Both experiments' traces (shipped or recomputed), the zoom, every axis, the words and the story."""
    if p["recompute"]:
        seed, digits = recompute(int(p["epochs"]), p["device"])
        source = "recomputed"
    else:
        seed, digits = load("seed003"), load("digits")
        source = "shipped"
    t = _arrays(seed, digits)
    every = [*t["epoch"].values(), *t["step"].values(), *t["train"].values(), *t["acc"].values()]
    if not all(np.all(np.isfinite(a)) for a in every) or any(np.any(a <= 0) for a in t["train"].values()):
        raise ParamError("the traces contain NaN, inf or a non-positive loss; nothing to draw")
    n = min(int(p["upto"]), next(iter(t["epoch"].values())).shape[0])
    if n < 2:
        raise ParamError("the seed-003 traces need at least 2 epochs")
    per_epoch = int(t["settings"]["steps_per_epoch"])
    loss = {v: y[:n] for v, y in t["epoch"].items()}
    steps = {v: y[:n * per_epoch] for v, y in t["step"].items()}
    x = np.arange(1, n + 1, dtype=float)
    mark_every = max(1, n // MARKS)

    # The main panel: y range around every curve, with its upper-right corner kept free for the legend.
    lo = min(float(y.min()) for y in loss.values())
    hi = max(float(y.max()) for y in loss.values())
    pad = max(hi - lo, 1e-6)
    ylo, yhi = lo - 0.06 * pad, hi + 0.06 * pad
    in_corner = x >= 1 + (1 - LEG_W) * (n - 1)
    for y in loss.values():
        yhi = max(yhi, ylo + (float(y[in_corner].max()) - ylo) / (1 - LEG_H - 0.1))

    # The zoom: the middle epochs, each curve minus its own mean over the window, in units of 1e-3.
    width = min(ZOOM_EPOCHS, n)
    a = middle_window(n, width)
    window = slice(a, a + width)
    zoom = {}
    for v in ("sgd", "torch"):
        y = loss[v][window]
        zoom[v] = {"dev": 1e3 * (y - y.mean()), "flips": flips(y),
                   "jump": float(np.mean(np.abs(np.diff(y)))) if width > 1 else 0.0, "flips_all": flips(loss[v])}
    zspan = 1.12 * max(float(np.max(np.abs(np.concatenate([zoom["sgd"]["dev"], zoom["torch"]["dev"]])))), 1e-6)

    # Digits: mean over seeds with a min-max band; the loss on a log10 scale.
    nd = next(iter(t["acc"].values())).shape[1]
    acc = {v: {"mean": y.mean(0), "lo": y.min(0), "hi": y.max(0)} for v, y in t["acc"].items()}
    dloss = {v: {"mean": np.log10(y.mean(0)), "lo": np.log10(y.min(0)), "hi": np.log10(y.max(0))}
             for v, y in t["train"].items()}
    acc_lo = max(0.0, np.floor(min(s["lo"].min() for s in acc.values()) * 10 - 1e-9) / 10)
    acc_hi = min(1.0, np.ceil(max(s["hi"].max() for s in acc.values()) * 20 + 1e-9) / 20)
    acc_hi = max(acc_hi, acc_lo + 0.1)
    llo = min(s["lo"].min() for s in dloss.values())
    lhi = max(s["hi"].max() for s in dloss.values())
    lpad = max(0.06 * (lhi - llo), 0.02)

    beta, lr = float(t["settings"]["momentum"]), float(t["settings"]["lr"])
    data = {
        "source": source, "seconds": float(p["seconds"]), "n": n, "x": x, "loss": loss,
        "final": {v: float(y[-1]) for v, y in loss.items()},
        "marks": np.arange(mark_every // 2, n, mark_every),
        "manual_diff": float(np.max(np.abs(steps["manual"] - steps["torch"]))),
        "nesterov_diff": float(np.max(np.abs(loss["nesterov"] - loss["torch"]))),
        "beta": beta, "lr": lr, "total_steps": n * per_epoch,
        "zoom_start": a, "zoom_width": width, "zoom_x": x[window], "zoom": zoom,
        "zoom_shares": window_shares(loss["sgd"], loss["torch"], width),
        "nd": nd, "dx": np.arange(1, nd + 1, dtype=float), "acc": acc, "dloss": dloss, "seeds": t["seeds"],
        "digits_lr": float(t["dsettings"]["lr"]), "digits_beta": float(t["dsettings"]["momentum"]),
        "digits_final": {"loss": {v: float(y.mean(0)[-1]) for v, y in t["train"].items()},
                         "acc": {v: float(s["mean"][-1]) for v, s in acc.items()}},
        "axes": {
            "main": {"x": axis(0.0, float(n), integer=True), "y": axis(ylo, yhi)},
            "zoom": {"x": axis(float(a + 1), float(a + width), 3, integer=True),
                     "y": {"range": (-zspan, zspan), "ticks": [], "labels": []}},
            "acc": {"x": axis(0.0, float(nd), 2, integer=True), "y": axis(acc_lo, acc_hi, 3)},
            "loss": {"x": axis(0.0, float(nd), 2, integer=True), "y": log_axis(llo - lpad, lhi + lpad)},
        },
        "formula": (rf"v \leftarrow \beta v + \nabla L(w),\ \ w \leftarrow w - \alpha v,"
                    rf"\ \ \beta = {beta:g},\ \alpha = {tex_number(lr)}"),
        "ylabel": "training loss (BCE)",
    }
    data["words"] = training_story.words(data)
    # Each beat lasts as long as its words need: the drawing stands still longer at a beat's end.
    caps = training_story.captions(data, data["words"], LEAD)
    data["holds"] = training_story.holds(caps, data["seconds"], zoom_fractions(data), reveal.HOLD,
                                         HOLD - reveal.HOLD)
    data["story"] = training_story.make(data, data["words"], beat_times(data), caps)
    return data


def outcome(data: dict) -> dict:
    nums = data["story"]["numbers"]
    return {
        "source": data["source"],
        "final_loss": nums["final_loss"],
        "verdicts": data["words"]["verdicts"],
        "seed003": {
            "epochs": data["n"],
            "mean_loss": {("momentum" if v == "torch" else v): float(y.mean()) for v, y in data["loss"].items()},
            "manual_vs_torch_max_abs_diff": data["manual_diff"],
            "nesterov_vs_torch_max_abs_diff": data["nesterov_diff"],
        },
        "zoom": nums["zoom"],
        "digits": nums["digits"],
    }
