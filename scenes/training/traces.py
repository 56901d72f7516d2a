"""Training scene, data side: the trace files, direction-flip statistics, axes and number formats.

Nothing here draws. The trace files are the shipped scenes/data/seed003.npz and digits.npz (package data,
installed with the package; made by `python -m sim.training`), or the same experiments trained again when
the scene asks for a recompute.
"""
from __future__ import annotations

import shlex
from pathlib import Path

import numpy as np

from scenes.kit.params import ParamError

# package data: next to this module in a source tree and after `pip install` alike
TRACE_DIR = Path(__file__).resolve().parents[1] / "data"  # scenes/data, package data of scenes
TRACE_FILES = {"seed003": TRACE_DIR / "seed003.npz", "digits": TRACE_DIR / "digits.npz"}
# each writes the file the scene reads (the folder is created; training needs momentum-anim[training])
MAKE_COMMANDS = {
    "seed003": "python -m sim.training --experiment seed003 --epochs 2000 --out "
               + shlex.quote(str(TRACE_FILES["seed003"])),
    "digits": "python -m sim.training --experiment digits --epochs 40 --out " + shlex.quote(str(TRACE_FILES["digits"])),
}
# the variants each trace file must hold
SEED003_VARIANTS = ("sgd", "manual", "torch", "nesterov", "article_as_run", "sgd_effective_lr")
DIGITS_VARIANTS = ("sgd", "momentum", "sgd_effective_lr")


def load(experiment: str) -> dict:
    """A shipped trace file, or a ParamError naming the command that makes it."""
    from sim.training.traces import load_traces

    path = Path(TRACE_FILES[experiment])
    if not path.is_file():
        raise ParamError(f"missing trace file {path.name}; make it with: {MAKE_COMMANDS[experiment]}")
    try:
        return load_traces(path)
    except (OSError, ValueError, KeyError) as exc:
        raise ParamError(f"cannot read {path.name} ({exc}); make it again with: {MAKE_COMMANDS[experiment]}") from None


def recompute(epochs: int, device: str) -> tuple[dict, dict]:
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
        from sim.extras import install_hint

        raise ParamError(f"recompute=true needs the training extra (torch and scikit-learn; {exc}): "
                         f"{install_hint('training')}; or leave recompute=false for the shipped traces") from None


def by_variant(traces: dict, key: str, wanted: tuple[str, ...]) -> dict[str, np.ndarray]:
    """{variant: traces[key][its row]} for each wanted variant (KeyError/ValueError when one is missing)."""
    names = [str(v) for v in traces["variants"]]
    arr = np.asarray(traces[key], dtype=float)
    return {v: arr[names.index(v)] for v in wanted}


# ------------------------------------------------------------------------------------------ flips

def flips(y: np.ndarray) -> int:
    """How often the curve changes direction: epochs k where (y[k] - y[k-1]) (y[k+1] - y[k]) < 0."""
    d = np.diff(np.asarray(y, dtype=float))
    return int(np.sum(d[1:] * d[:-1] < 0))


def window_flips(y: np.ndarray, width: int) -> np.ndarray:
    """flips(y[a:a + width]) for every start a = 0 .. len(y) - width, from one cumulative sum."""
    y = np.asarray(y, dtype=float)
    starts = np.arange(len(y) - width + 1)
    if width < 3:
        return np.zeros(len(starts), dtype=int)
    d = np.diff(y)
    f = np.concatenate([[0], np.cumsum(d[1:] * d[:-1] < 0)])  # f[k]: flips at epochs 1..k
    return f[starts + width - 2] - f[starts]


def middle_window(n: int, width: int) -> int:
    """First index of the `width` epochs in the middle of an n-epoch run (the zoom's fixed rule)."""
    return (n - width) // 2


def window_shares(sgd: np.ndarray, mom: np.ndarray, width: int) -> dict:
    """Over every window of `width` epochs: how many there are, and the share where plain SGD flips
    direction more often than momentum, as often, and less often."""
    gap = window_flips(sgd, width) - window_flips(mom, width)
    return {"windows": int(gap.size), "more": float(np.mean(gap > 0)), "equal": float(np.mean(gap == 0)),
            "fewer": float(np.mean(gap < 0))}


# ------------------------------------------------------------------------------------------- axes

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


def axis(lo: float, hi: float, target: int = 4, integer: bool = False) -> dict:
    """An axis spec: its range, tick values and tick labels."""
    ticks, labels = nice_ticks(lo, hi, target, integer)
    return {"range": (float(lo), float(hi)), "ticks": ticks, "labels": labels}


def log_axis(lo: float, hi: float) -> dict:
    """An axis of log10 values, ticks at powers of ten (or round numbers when the range holds < 2 of them)."""
    exps = np.arange(np.ceil(lo - 1e-9), np.floor(hi + 1e-9) + 1)
    if len(exps) >= 2:
        vals = 10.0 ** exps
    else:
        vals = np.array(nice_ticks(10.0 ** lo, 10.0 ** hi, 3)[0])
        vals = vals[vals > 0]
    return {"range": (float(lo), float(hi)), "ticks": [float(np.log10(v)) for v in vals],
            "labels": [f"{v:g}" for v in vals]}


# ---------------------------------------------------------------------------------------- numbers

_SUPER = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def sci(x: float) -> str:
    """2.1e-04 -> 2.1\u00d710\u207b\u2074 (0 stays 0)."""
    if x == 0.0:
        return "0"
    mant, exp = f"{x:.1e}".split("e")
    return f"{mant}\u00d710{str(int(exp)).translate(_SUPER)}"


def power_text(x: float) -> str:
    """1e-05 -> 10\u207b\u2075 when x is a power of ten (to 1e-9), else %g."""
    e = np.log10(x) if x > 0 else 0.5
    if abs(float(e) - round(float(e))) < 1e-9:
        return "10" + str(int(round(float(e)))).translate(_SUPER)
    return f"{x:g}"


def tex_number(x: float) -> str:
    """1e-05 -> 10^{-5}; other numbers as %g."""
    e = np.log10(x) if x > 0 else 0.5
    if float(e) == int(e) and abs(e) >= 3:
        return rf"10^{{{int(e)}}}"
    return f"{x:g}"
