"""Escape's data: `make_data` runs `sim` and returns the arrays and words the scene shows; its length and outcome, and what moves at each moment."""
from __future__ import annotations

import numpy as np

from scenes.kit import contour as C, race, reveal
from scenes.escape import story as S
from scenes.kit.story import beat_named, clip_end
from scenes.kit.timeline import fade


NAME = "escape"
LEAD, HOLD = reveal.SETUP, reveal.HOLD + 2.0  # the setup beat; a pause after the motion, then the verdicts
XLIM, YLIM = (-2.0, 2.0), (-1.2, 1.2)
STARTS = ("above", "inside")

FORMULAS = (r"x \leftarrow x - \alpha\,\nabla f(x)",
            r"v \leftarrow \beta v + \nabla f(x);\ \ x \leftarrow x - \alpha v")
SLOW_TEXT = "slow motion (\u00bc speed)"


def landscape_tex(tilt: float, k: float) -> str:
    ky = r"\frac{1}{2}" if k == 1 else rf"\frac{{{k:g}}}{{2}}"
    return rf"f(x, y) = (x^2 - 1)^2 + {tilt:g}\,x + {ky}\,y^2"


def make_data(p: dict) -> dict:
    """Gradient descent and momentum from both starts, where each ended, and the landscape's contours."""
    from sim import SGD, landscapes, simulate

    well = landscapes.DoubleWell()
    lr, beta, steps = float(p["lr"]), float(p["momentum"]), int(p["steps"])
    ridge, ridge_f = np.asarray(well.barrier), float(well.value(well.barrier))
    starts = {"above": np.array([float(p["start_x"]), float(p["start_y"])]),
              "inside": np.array([float(p["inside_x"]), float(p["inside_y"])])}
    start_f = {k: float(well.value(s)) for k, s in starts.items()}
    start_inside = {k: bool(S.in_shallow_basin(s, start_f[k], ridge, ridge_f)) for k, s in starts.items()}
    runs = [simulate(well, starts[k], SGD(lr, momentum=b), steps) for k in STARTS for b in (0.0, beta)]
    raw = np.stack([r.positions for r in runs])
    values = np.stack([r.values for r in runs])
    gone = [C.diverged(r.values) for r in runs]
    positions, _ = C.clamp_runs(raw, XLIM, YLIM, gone)
    wells = {"shallow": np.asarray(well.shallow_min), "deep": np.asarray(well.deep_min)}
    offs = [race.strays(r, XLIM, YLIM) for r in raw]
    ends = [S.where_it_ends(r.positions[-1], r.values, wells, bool(o and o["ends_outside"]))
            for r, o in zip(runs, offs)]
    hb_above = runs[1]
    with np.errstate(invalid="ignore"):
        in_basin = S.in_shallow_basin(hb_above.positions, hb_above.values, ridge, ridge_f)
    through = bool(in_basin.any())

    xs, ys, z = C.sample(well, XLIM, YLIM)
    zmin = float(well.value(well.deep_min))
    levels = zmin + C.geometric_levels(0.04, 0.8 * (float(z.max()) - zmin), 12)
    data = {
        "lr": lr, "beta": beta, "steps": steps, "speed": float(p["speed"]), "slow": min(int(p["slow"]), steps),
        "tilt": well.tilt, "y_curvature": well.y_curvature,
        "starts": starts, "start_f": start_f, "start_inside": start_inside,
        "wells": wells, "ridge": ridge, "ridge_f": ridge_f,
        "raw_positions": raw, "positions": positions,
        "ends": {k: tuple(ends[2 * i:2 * i + 2]) for i, k in enumerate(STARTS)},
        "finals": {k: tuple(float(v) if np.isfinite(v) else None for v in values[2 * i:2 * i + 2, -1])
                   for i, k in enumerate(STARTS)},
        "through": through,
        "off_map": {k: tuple(offs[2 * i:2 * i + 2]) for i, k in enumerate(STARTS)},
        "lowest_in_basin": float(hb_above.values[in_basin].min()) if through else None,
        "levels": levels,
        "lines": C.contour_lines(xs, ys, z, levels),
        "regions": C.sublevel_regions(xs, ys, z, levels),
        "ridge_line": C.contour_lines(xs, ys, z, [ridge_f])[0],
        "formulas": FORMULAS,
        "landscape_tex": landscape_tex(well.tilt, well.y_curvature),
        "labels": S.RUNS,
        "well_names": ("deep", "ridge", "shallow"),
    }
    with np.errstate(invalid="ignore"):
        trips = [S.trip(r.positions, r.values, float(ridge[0])) for r in runs]
    data["trips"] = {k: tuple(trips[2 * i:2 * i + 2]) for i, k in enumerate(STARTS)}
    data["headings"] = S.headings(data)
    data["verdicts"] = [S.verdict(e, v) for k in STARTS for e, v in zip(data["ends"][k], data["finals"][k])]
    data["story"] = S.make(data, {"lead": LEAD, "motion_end": motion_end(data) + reveal.HOLD,
                                  "verdict": HOLD - reveal.HOLD},
                           [*FORMULAS, *settings_text(data), data["landscape_tex"], SLOW_TEXT])
    data["title"] = data["story"]["title"]
    return data


def slow_end(data: dict) -> float:
    """When the slow-motion opening ends (seconds): its steps run at a quarter of the speed."""
    return LEAD + data["slow"] / (data["speed"] / 4.0)


def motion_end(data: dict) -> float:
    return slow_end(data) + (data["steps"] - data["slow"]) / data["speed"]


def duration(data: dict) -> float:
    """The setup, the motion, a rest (longer where the motion's words need it), then the verdicts for at
    least HOLD - reveal.HOLD seconds, longer where their words need it: the story's last beat ends the clip."""
    return clip_end(data["story"])


def verdict_time(data: dict) -> float:
    """When the closing verdicts fade in: as the story's verdict beat starts."""
    return float(beat_named(data["story"], "verdict")["start"])


def step_at(data: dict, t: float) -> float:
    """The fractional step shown at time t: slow motion for the first `slow` steps, then full speed."""
    if t <= slow_end(data):
        s = (t - LEAD) * data["speed"] / 4.0
    else:
        s = data["slow"] + (t - slow_end(data)) * data["speed"]
    return float(np.clip(s, 0.0, data["steps"]))


def outcome(data: dict) -> dict:
    names = ("gradient_descent", "momentum")
    return {
        "lr": data["lr"],
        "beta": data["beta"],
        "ends_in": {k: dict(zip(names, data["ends"][k])) for k in STARTS},
        "final_loss": {k: dict(zip(names, data["finals"][k])) for k in STARTS},
        "final_position": {k: {n: data["raw_positions"][2 * i + j, -1].tolist() for j, n in enumerate(names)}
                           for i, k in enumerate(STARTS)},
        "momentum_entered_shallow_well": data["through"],
        "shallow_min": data["wells"]["shallow"].tolist(),
        "deep_min": data["wells"]["deep"].tolist(),
    }


def frame_state(data: dict, t: float) -> dict:
    """Everything that moves at time t: step, trails, balls, the closing verdicts, the slow-motion note."""
    s = step_at(data, t)
    trails = [C.trail(run, s) for run in data["positions"]]
    slow = float(data["slow"] > 0 and t < slow_end(data) + 0.4) * (1.0 - fade(t, slow_end(data), 0.4))
    return {"s": s, "step": int(round(s)), "trails": trails, "heads": [tr[-1] for tr in trails],
            "outro": fade(t, verdict_time(data), reveal.VERDICT_FADE), "slow_motion": slow}


def settings_text(data: dict) -> tuple[str, str]:
    return rf"\alpha = {data['lr']:g}", rf"\alpha = {data['lr']:g},\ \ \beta = {data['beta']:g}"
