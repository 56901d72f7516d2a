"""What the escape scene says, computed from where its four runs went.

The scene runs gradient descent and the heavy ball from two starts on the double well
f(x, y) = (x² − 1)² + t x + ½ k y²: one above the ridge (f(start) > f(ridge)), one inside the shallow
well (f(start) < f(ridge), right of the ridge). The shallow well's basin is the region
{x > x_ridge, f < f(ridge)}: a ball in it with no speed cannot climb out, since every step of gradient
descent lowers f; a ball that enters it with speed may.

Each run ends 'shallow' or 'deep' (its last point within SETTLED of that minimum), 'diverged', or
'moving' (anywhere else). The title, the beat captions, the panel headings and the end verdicts are built
here from those outcomes and the runs' values, and every number they print is in `numbers`.
"""
from __future__ import annotations

import numpy as np

from scenes.kit import race, reveal, story
from scenes.kit.story import fmt as plain_fmt

SETTLED = 0.25
RUNS = ("gradient descent", "momentum")
PLACES = {"shallow": "in the shallow well", "deep": "in the deep well", "moving": "between the wells",
          "off": "off the map", "diverged": "nowhere (it diverged)"}


def fmt(v: float) -> str:
    """A value as the scene prints it, with a minus sign rather than a hyphen."""
    return plain_fmt(v).replace("-", "\u2212")


def where_it_ends(position: np.ndarray, values: np.ndarray, wells: dict, off: bool = False) -> str:
    """'shallow' or 'deep' if the last point is within SETTLED of that minimum; 'diverged' if the run grows
    without bound (`scenes.kit.race.diverged`); 'off' if it ends outside the drawn window (`off`); else
    'moving'."""
    if not np.all(np.isfinite(position)) or race.diverged(values):
        return "diverged"
    if off:
        return "off"
    dist = {name: float(np.linalg.norm(position - m)) for name, m in wells.items()}
    name = min(dist, key=dist.get)
    return name if dist[name] < SETTLED else "moving"


def in_shallow_basin(points: np.ndarray, values: np.ndarray, ridge: np.ndarray, ridge_f: float) -> np.ndarray:
    """Which points lie in the shallow well's basin: right of the ridge and below the ridge's value."""
    return (points[..., 0] > ridge[0]) & (values < ridge_f)


def trip(path: np.ndarray, values: np.ndarray, ridge_x: float) -> dict | None:
    """A run's visit to the other side of the ridge (x = ridge_x) from the side it started on: the first
    step there, the lowest f it reached there, and whether it ended back on its starting side (None if it
    never crossed)."""
    x = np.asarray(path, dtype=float)[:, 0]
    with np.errstate(invalid="ignore"):
        right = x > ridge_x
    other = np.isfinite(x) & (right != right[0])
    if not other.any():
        return None
    return {"first_step": int(np.argmax(other)), "lowest_f": float(np.min(np.asarray(values)[other])),
            "deep_side": bool(right[0]), "back": bool(np.isfinite(x[-1]) and right[-1] == right[0])}


def trip_text(t: dict | None) -> str:
    """' (it crosses the ridge into the deep well at step 12, down to f = -0.5, and comes back)' or ''."""
    if t is None or not t["back"]:
        return ""
    where = "the deep well" if t["deep_side"] else "the shallow well's side"
    return f", after crossing the ridge into {where} at step {t['first_step']} (down to f = {fmt(t['lowest_f'])}) and back"


def start_place(f0: float, inside: bool, ridge_f: float) -> str:
    if inside:
        return "inside the shallow well"
    return "above the ridge" if f0 > ridge_f else "below the ridge, outside the shallow well"


def verdict(end: str, value: float) -> str:
    """One run's closing line: where it ended and the loss it reached there."""
    if end == "diverged":
        return "diverged"
    return f"ends {PLACES[end]}, f = {fmt(value)}"


def headline(ends: dict, through: bool, back: bool = False) -> str:
    """The title, from where momentum ended from each start (and whether it passed through the shallow
    well on its way from above, or crossed into the deep well and came back)."""
    above, inside = ends["above"][1], ends["inside"][1]
    if above == "deep" and inside == "shallow":
        return ("Momentum rolls through the shallow well, not out of it" if through
                else "Momentum reaches the deep well from above, not from inside")
    if back and above == "shallow":
        return ("Momentum visits the deep well and comes back to the shallow one" if inside == "shallow" else
                f"Momentum visits the deep well and comes back from above; from inside it ends {PLACES[inside]}")
    if above == inside and above in ("shallow", "deep"):
        return f"Momentum ends {PLACES[above]} from both starts"
    return f"Momentum ends {PLACES[above]} from above, {PLACES[inside]} from inside"


def off_text(e: dict | None) -> str:
    """', after leaving the map at step 4 (for 1 step, out to (−2.1, 0.17))' for a run that strays beyond
    the drawn window and comes back; ', leaving the map at step 4' for one that ends outside; else ''."""
    if e is None:
        return ""
    if e["ends_outside"]:
        return f", leaving the map at step {e['first_step']}"
    n = f"{e['steps']} step{'s' if e['steps'] != 1 else ''}"
    return f", after leaving the map at step {e['first_step']} (for {n}, out to {race.point_text(*e['furthest'])})"


def _both(ends: tuple[str, str], finals: tuple[float, float], trips=(None, None), offs=(None, None)) -> str:
    """'both end in the shallow well' or 'gradient descent ends ..., momentum ...' for one panel, with any
    trip over the ridge and back, and any stretch off the map, a run made on the way."""
    if ends[0] == ends[1] and ends[0] != "diverged" and not any(trip_text(t) for t in trips) \
            and not any(offs):
        return f"both end {PLACES[ends[0]]} (f = {fmt(finals[0])} and {fmt(finals[1])})"
    parts = [f"{name} " + ("diverges" if e == "diverged" else
                           f"ends {PLACES[e]} at f = {fmt(v)}{trip_text(t)}{off_text(o)}")
             for name, e, v, t, o in zip(RUNS, ends, finals, trips, offs)]
    return " and ".join(parts)


def _journey(ends: tuple[str, str], through: bool, lowest: float | None, t: dict | None = None) -> str:
    """What momentum's ball from above does on its way, as the viewer sees it."""
    if trip_text(t) and ends[1] != "diverged":
        return (f"momentum crosses the ridge into the deep well at step {t['first_step']} (down to "
                f"f = {fmt(t['lowest_f'])}), comes back and ends {PLACES[ends[1]]}")
    if through and ends[1] == "deep":
        return (f"momentum rolls into the shallow well (down to f = {fmt(lowest)}) and on over the ridge "
                f"into the deep well")
    if through and ends[1] == "shallow":
        return "momentum rolls into the shallow well and ends there"
    if through:
        return f"momentum rolls into the shallow well (down to f = {fmt(lowest)}) and ends {PLACES[ends[1]]}"
    if ends[1] == "diverged":
        return "momentum diverges"
    return f"momentum skirts the shallow well and ends {PLACES[ends[1]]}"


def make(data: dict, times: dict, drawn: list[str]) -> dict:
    """The storyboard. `times` holds the setup's length `lead`, `motion_end` (the motion and its rest) and
    `verdict`, the least length of the closing beat (seconds); `drawn` the scene's other texts (formulas,
    settings, the slow-motion note). The balls rest after the motion until its words are read, and the
    verdict lasts as long as its own words need."""
    ends, finals, f0 = data["ends"], data["finals"], data["start_f"]
    ridge_f, lowest, through = data["ridge_f"], data["lowest_in_basin"], data["through"]
    places = {k: start_place(f0[k], data["start_inside"][k], ridge_f) for k in ("above", "inside")}
    trips = data.get("trips", {"above": (None, None), "inside": (None, None)})
    offs = data.get("off_map", {"above": (None, None), "inside": (None, None)})
    title = headline(ends, through, bool(trip_text(trips["above"][1])))
    opening = story.first_fitting(  # where each starts is also in its panel's heading
        times["lead"], f"Both optimizers wait at rest, at f = {fmt(f0['above'])} {places['above']} (left) and at "
                       f"f = {fmt(f0['inside'])} {places['inside']} (right).",
        f"Both wait at rest: left at f = {fmt(f0['above'])}, right at f = {fmt(f0['inside'])}.")
    gd_above = ("gradient descent " + ("diverges" if ends["above"][0] == "diverged"
                                       else f"slides down and ends {PLACES[ends['above'][0]]}"
                                       + trip_text(trips["above"][0])))
    slow = f" (the first {data['slow']} steps at a quarter of the speed)" if data["slow"] > 0 else ""
    rolling = f"On the left{slow}, {gd_above} while {_journey(ends['above'], through, lowest, trips['above'][1])}."
    closing = (f"Left: {_both(ends['above'], finals['above'], trips['above'], offs['above'])}; "
               f"right: {_both(ends['inside'], finals['inside'], trips['inside'], offs['inside'])}.")
    rolled = times["lead"] + story.at_least(times["motion_end"] - times["lead"], rolling)
    beats = [reveal.setup_beat(opening, times["lead"]),
             story.beat("rolling", times["lead"], rolled, rolling),
             story.beat("verdict", rolled, rolled + story.at_least(times["verdict"], closing), closing)]
    labels = [*RUNS, *data["headings"], *data["well_names"],
              *(verdict(e, v) for k in ("above", "inside") for e, v in zip(ends[k], finals[k])), *drawn]
    numbers = {
        "lr": data["lr"], "beta": data["beta"], "steps": data["steps"],
        "tilt": data["tilt"], "y_curvature": data["y_curvature"],
        "ridge_f": ridge_f, "start_f": dict(f0),
        "final_f": {k: list(v) for k, v in finals.items()},
        "lowest_f_in_shallow_well": lowest,
        "ridge_crossings": {k: {name: t for name, t in zip(("gradient_descent", "momentum"), trips[k]) if t}
                            for k in ("above", "inside")},
        "off_map": {k: {name: e for name, e in zip(("gradient_descent", "momentum"), offs[k]) if e}
                    for k in ("above", "inside")},
    }
    return story.make_story(title, beats, labels, numbers)


def headings(data: dict) -> list[str]:
    """The two panel headings: where each start lies and its f (and the ridge's)."""
    f0, ridge_f = data["start_f"], data["ridge_f"]
    out = []
    for k in ("above", "inside"):
        place = start_place(f0[k], data["start_inside"][k], ridge_f)
        tail = f" (ridge f = {fmt(ridge_f)})" if k == "above" else ""
        out.append(f"start {place}, f = {fmt(f0[k])}{tail}")
    return out
