"""Compare's data: `make_data` runs `sim` and returns the arrays and words the scene shows; its length and outcome, and what moves at each moment."""
from __future__ import annotations

import numpy as np

from scenes.compare import story as S
from scenes.compare import tune as T
from scenes.kit import contour as C, race
from scenes.kit.timeline import duration as timeline_duration


NAME = "compare"
SECONDS = 8.0  # seconds of motion when speed is auto
N_LEVELS = 12


def _window(landscape, x0) -> tuple[tuple[float, float], tuple[float, float]]:
    """The landscape's plotting bounds, widened to hold the start with a margin."""
    (x_lo, x_hi), (y_lo, y_hi) = landscape.bounds
    mx, my = 0.08 * (x_hi - x_lo), 0.08 * (y_hi - y_lo)
    return ((min(x_lo, x0[0] - mx), max(x_hi, x0[0] + mx)), (min(y_lo, x0[1] - my), max(y_hi, x0[1] + my)))


def make_data(p: dict) -> dict:
    from sim import simulate

    landscape = T.make_landscape(p["landscape"])
    x0 = T.start_point(landscape, p["start"])
    names = p["optimizers"].split(",")
    steps, tune = int(p["steps"]), bool(p["tune"])
    xlim, ylim = _window(landscape, x0)
    xs, ys, z = C.sample(landscape, xlim, ylim, n=161)
    grids = {n: T.run_grid(landscape, x0, n, steps) for n in names} if tune else {}
    named = p["landscape"] in T.LANDSCAPE_NAMES
    if len(landscape.minima):
        f_ref, source = float(landscape.value(landscape.minima[0])), "the landscape's global minimum"
        minimum = [float(v) for v in landscape.minima[0]]
    else:
        f_ref = min([float(z[np.isfinite(z)].min())] + [T.lowest_seen(v) for v in grids.values()])
        source, minimum = "the lowest value on the map or along a run", None
    # A best lr on its grid's edge widens that optimizer's grid (T.widen); a formula's f* may then drop.
    lrs = {}
    for name in grids:
        lrs[name], grids[name] = T.widen(landscape, x0, name, steps, grids[name], f_ref)
    if minimum is None and grids:
        f_ref = min([f_ref] + [T.lowest_seen(v) for v in grids.values()])
    settings = []
    for name in names:
        k = T.kind(name)
        s = T.pick(name, grids[name], f_ref, lrs[name]) if tune else \
            T.untuned(name, float(p["lr"]), float(p["momentum"]))
        settings.append({**s, "second_name": k.second, "symbol": k.symbol})
    runs = [simulate(landscape, x0, T.kind(n).make(s["lr"], s["second"]), steps) for n, s in zip(names, settings)]
    raw_values = np.stack([r.values for r in runs])
    raw_positions = np.stack([r.positions for r in runs])
    if minimum is None and not tune:
        f_ref = min(f_ref, T.lowest_seen(raw_values.T))

    tail = T.tail_length(steps)
    sc = T.scores(raw_values.T, f_ref)
    gone = [bool(g) for g in sc["bad"]]
    positions, left = C.clamp_runs(raw_positions, xlim, ylim, gone)

    zg = z - f_ref
    finite = zg[np.isfinite(zg) & (zg > 0)]
    low = max(float(np.percentile(finite, 1)), 1e-12 * float(finite.max())) if finite.size else 1e-3
    high = float(np.percentile(finite, 90)) if finite.size else 1.0
    levels = C.geometric_levels(low, max(high, 10 * low), N_LEVELS)
    loss_ylim = _loss_limits(raw_values - f_ref, gone)
    data = {
        "landscape": p["landscape"], "named": named,
        "labels": [T.kind(n).label for n in names], "optimizers": names,
        "steps": steps, "start": [float(v) for v in x0], "tune": tune,
        "lr": float(p["lr"]), "momentum": float(p["momentum"]),
        "settings": settings, "grid": T.grid_record() if tune else None,
        "f_ref": f_ref, "f_ref_source": source,
        "raw_positions": raw_positions, "raw_values": raw_values,
        "positions": positions, "left_window": [int(v) for v in left],
        "gaps": np.clip(np.nan_to_num(raw_values - f_ref, nan=loss_ylim[1], posinf=loss_ylim[1]),
                        loss_ylim[0] * 0.5, loss_ylim[1]),
        "end_loss": [float(v) for v in sc["end"]], "reach": [int(v) for v in sc["reach"]],
        "tol": sc["tol"], "diverged": gone, "tail": tail,
        "xlim": xlim, "ylim": ylim, "minimum": minimum,
        "levels": levels, "lines": C.contour_lines(xs, ys, zg, levels),
        "loss_ylim": loss_ylim,
        "speed": float(p["speed"]) if p["speed"] is not None else max(2.0, steps / SECONDS),
    }
    data["off_map"] = [race.strays(r, xlim, ylim) for r in raw_positions]
    data["title"] = S.title(data)
    data["story"] = S.make_story(data, duration(data))
    return data


def _loss_limits(gaps: np.ndarray, gone) -> tuple[float, float]:
    """Whole decades around the runs' f − f* (the diverged runs' start only), at most 12 of them."""
    kept = [g[np.isfinite(g) & (g > 0)] for g, d in zip(gaps, gone) if not d] + [gaps[:, 0][gaps[:, 0] > 0]]
    values = np.concatenate(kept) if kept else np.array([1.0])
    values = values[np.isfinite(values) & (values > 0)]
    if values.size == 0:
        values = np.array([1.0])
    top = int(np.ceil(np.log10(values.max()) + 1e-9))
    bottom = max(int(np.floor(np.log10(values.min()))), top - 12)
    return 10.0 ** min(bottom, top - 2), 10.0 ** top


def duration(data: dict) -> float:
    return timeline_duration(data["steps"], data["speed"], S.LEAD, S.HOLD)


def outcome(data: dict) -> dict:
    return {
        "f_ref": data["f_ref"], "f_ref_source": data["f_ref_source"],
        "winners": [data["labels"][i] for i in S.winners(data)],
        "settings": {lab: {k: s[k] for k in ("lr", "second", "second_name", "stable", "grid_end_loss",
                                              "lr_grid", "at_edge")}
                     for lab, s in zip(data["labels"], data["settings"])},
        "grid": data["grid"],
        "end_loss": dict(zip(data["labels"], data["end_loss"])),
        "reach": dict(zip(data["labels"], data["reach"])), "tol": data["tol"],
        "final_position": {lab: [float(v) for v in pos[-1]] for lab, pos in zip(data["labels"], data["raw_positions"])},
        "diverged": dict(zip(data["labels"], data["diverged"])),
    }
