"""The rates scene's maps (`--set map=theory|measured|both`): the measured rate map and where each map goes.

The measured map is the heavy ball's rate measured by simulation with `sim.sweep`, in this process: on
f = x²/2 (λ = 1, so α = αλ), one run from x_0 = 1 per point of an N_AL × N_B grid of pixel centres

    αλ_i = (i + 1/2) · 4 / N_AL,    β_j = (j + 1/2) / N_B,

STEPS steps each, reduced by the sweep's "rate" reducer (the per-step contraction of the envelope of
|x_k|, `sim/sweep/reduce.py`). Its distance from the closed form `theory.momentum_rate` is stated in two
parts:

* the band: the grid points with one of their 8 neighbours in another regime of `theory.regime` (a band
  one cell wide, Δαλ = 4 / N_AL and Δβ = 1 / N_B, on each side of every regime boundary), where the
  measured rate, a fit over finitely many steps, may lag the kink of the closed form;
* max |measured − closed form| outside the band, and inside it.

`panels(mode)` places the maps: "theory" and "measured" draw one map where the scene always drew it (the
measured one a little lower, under its heading and the agreement lines); "both" stacks the closed form
above the measured map, on one αλ axis, with one colour bar.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from scenes.kit.layout import Panel
from scenes.kit.story import fmt

MODES = ("theory", "measured", "both")
N_AL, N_B, STEPS = 200, 125, 1000
AL_MAX = 4.0

# Boxes in figure fractions (left, bottom, width, height), per mode.
FULL = (0.075, 0.13, 0.385, 0.71)
BAR, SWATCH = (0.475, 0.13, 0.014, 0.56), (0.475, 0.765, 0.014, 0.065)
LAYOUT = {
    "theory": {"maps": (("theory", FULL),), "bar": BAR, "swatch": SWATCH, "heads": {}},
    "measured": {"maps": (("measured", (0.075, 0.13, 0.385, 0.62)),), "bar": (0.475, 0.13, 0.014, 0.48),
                 "swatch": (0.475, 0.685, 0.014, 0.065), "heads": {"measured": (0.87, 0.828, 0.786)}},
    "both": {"maps": (("theory", (0.075, 0.57, 0.385, 0.265)), ("measured", (0.075, 0.13, 0.385, 0.265))),
             # the colour bar beside the lower map, so that the lines between the maps may run past it
             "bar": (0.475, 0.13, 0.014, 0.17), "swatch": (0.475, 0.345, 0.014, 0.05),
             "heads": {"theory": (0.866,), "measured": (0.525, 0.4825, 0.44)}},
}
HEAD_X = 0.03  # headings start left of the maps' boxes, over the β axis's label
# The maps' β ticks: three short labels, so that with their gap beyond the marker ring the β axis's label
# still fits left of them at every aspect.
BETA_TICKS = ((0.0, "0"), (0.5, "0.5"), (1.0, "1"))


def beta_label(mode: str) -> str:
    """The β axis's label: short where two maps are stacked, each too low for the long one."""
    return "\u03b2" if mode == "both" else "\u03b2  (momentum)"


def panels(mode: str) -> list[tuple[str, Panel]]:
    """(which map, its panel) for the mode, top first."""
    return [(kind, Panel(box, (0.0, AL_MAX), (0.0, 1.0))) for kind, box in LAYOUT[mode]["maps"]]


@lru_cache(maxsize=1)
def measured_map() -> dict:
    """The measured map on its grid (rows: β, columns: αλ), the closed form there, and their distance.
    It depends on nothing the user sets, so it is computed once per process (arrays read-only)."""
    import sim
    from sim import landscapes, theory

    al_axis = (np.arange(N_AL) + 0.5) * AL_MAX / N_AL
    b_axis = (np.arange(N_B) + 0.5) / N_B
    res = sim.sweep(landscapes.Quadratic([[1.0]]), [[1.0]], "SGD", {"lr": al_axis, "momentum": b_axis},
                    steps=STEPS, reduce="rate")
    measured = np.ascontiguousarray(res.values[..., 0].T)
    if not np.all(np.isfinite(measured)):
        raise RuntimeError("the measured rate map has non-finite points")
    closed = theory.momentum_rate(al_axis[None, :], b_axis[:, None], 1.0)
    band = boundary_band(theory.regime(al_axis[None, :], b_axis[:, None]))
    err = np.abs(measured - closed)
    agreement = {"grid": [N_AL, N_B], "steps": STEPS, "cell": [AL_MAX / N_AL, 1.0 / N_B],
                 "band_points": int(band.sum()), "band_fraction": float(band.mean()),
                 "max_error_outside_band": float(err[~band].max()),
                 "max_error_in_band": float(err[band].max()) if band.any() else 0.0}
    for a in (measured, al_axis, b_axis, band):
        a.setflags(write=False)
    return {"grid": measured, "al_axis": al_axis, "b_axis": b_axis, "band": band, "agreement": agreement}


def boundary_band(regimes: np.ndarray) -> np.ndarray:
    """True where one of the 8 neighbours (no wrap-around) is in another regime."""
    band = np.zeros(regimes.shape, dtype=bool)
    n, m = regimes.shape
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            a = regimes[max(di, 0): n + min(di, 0), max(dj, 0): m + min(dj, 0)]
            b = regimes[max(-di, 0): n + min(-di, 0), max(-dj, 0): m + min(-dj, 0)]
            band[max(di, 0): n + min(di, 0), max(dj, 0): m + min(dj, 0)] |= a != b
    return band


def headings(mode: str, agreement: dict | None) -> dict[str, tuple[str, ...]]:
    """The lines over each map: what it is and, over the measured one, how far it is from the closed form."""
    out = {}
    if mode == "both":
        out["theory"] = ("closed form: rate = max |\u03c3|",)
    if mode != "theory":
        a = agreement
        share = 100.0 * a["band_fraction"]
        out["measured"] = (f"measured in {a['grid'][0]} \u00d7 {a['grid'][1]} runs of {a['steps']} steps",
                           f"{fmt(100.0 - share, 1)}% of points: within {fmt(a['max_error_outside_band'], 4)} "
                           "of closed form",
                           f"{fmt(share, 1)}% next to a boundary: within {fmt(a['max_error_in_band'], 4)}")
    return out


def sentence(mode: str, agreement: dict | None) -> str:
    """What the setup beat says is drawn, and for a measured map how close it is to the closed form."""
    if mode == "theory":
        return "The map of rates over \u03b1\u03bb and \u03b2 is drawn"
    a = agreement
    where = " below the closed form's" if mode == "both" else ""
    return (f"The rates measured in {a['grid'][0]} \u00d7 {a['grid'][1]} runs are drawn{where}: within "
            f"{fmt(a['max_error_outside_band'], 4)} of the closed form off its boundaries, "
            f"{fmt(a['max_error_in_band'], 4)} next to them")


def heat_rgba(data: dict, theme, kind: str = "theory") -> np.ndarray:
    """A rate map ("theory": the closed form, "measured": by simulation) as an RGBA image, top row =
    largest beta; rate >= 1 in the divergence colour."""
    import matplotlib
    from matplotlib.colors import to_rgba

    rate = data["rate_grid" if kind == "theory" else "measured_grid"][::-1]
    rgba = matplotlib.colormaps[theme.heat](np.clip(rate, 0.0, 1.0))
    rgba[rate >= 1.0] = to_rgba(diverge_color(theme))
    return (rgba * 255).round().astype(np.uint8)


def diverge_color(theme) -> str:
    from matplotlib.colors import to_hex, to_rgb

    w = 0.55 if theme.name == "dark" else 0.35
    c = w * np.array(to_rgb(theme.gd)) + (1 - w) * np.array(to_rgb(theme.background))
    return to_hex(c)


def bar_rgba(theme, n: int = 256) -> np.ndarray:
    import matplotlib

    rgba = matplotlib.colormaps[theme.heat](np.linspace(1.0, 0.0, n))[:, None, :]
    return (np.repeat(rgba, 4, axis=1) * 255).round().astype(np.uint8)
