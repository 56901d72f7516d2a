"""Races to a target loss: when each run gets below it, when it stays below, the true order, the words.

A run "first reaches" the target at the first step k with f_k < target. An oscillating run can go back
above it, so the count a race is decided by is the step it **stays** below from:

    stays_below = min { n : f_k < target for every simulated step k >= n }     (None if f_last >= target)

Runs are ranked by stays_below, fastest first; runs that never stay below come after them and runs that
diverge last; equal counts are a tie and keep their given order. Every table, title and caption of the
contour race scenes (ravine, momentum-rate, flavours) is worded from this ranking.
"""
from __future__ import annotations

import numpy as np

NEVER = 10 ** 9  # the sort key of a run that never stays below the target


def first_below(values, target: float) -> int | None:
    """The first step whose loss is below target, or None."""
    hit = np.nonzero(np.asarray(values, dtype=float) < target)[0]
    return int(hit[0]) if hit.size else None


def stays_below(values, target: float) -> int | None:
    """The first step from which every loss up to the last simulated step is below target, or None."""
    below = np.asarray(values, dtype=float) < target  # nan and inf compare False: a blown-up run is above
    if not below[-1]:
        return None
    above = np.nonzero(~below)[0]
    return int(above[-1]) + 1 if above.size else 0


def counts(values, target: float) -> list[dict]:
    """Per run (rows of `values`): {"first_below": n, "stays_below": n}, None where never."""
    return [{"first_below": first_below(v, target), "stays_below": stays_below(v, target)} for v in values]


def sort_key(count: dict, diverged: bool) -> tuple[int, int]:
    if diverged and count["stays_below"] is None:
        return (2, NEVER)
    if count["stays_below"] is None:
        return (1, NEVER)
    return (0, count["stays_below"])


def order(cnts: list[dict], diverged) -> list[int]:
    """Run indices, fastest first (a stable sort, so tied runs keep their order)."""
    return sorted(range(len(cnts)), key=lambda i: sort_key(cnts[i], diverged[i]))


def ranks(cnts: list[dict], diverged) -> list[int]:
    """Each run's line in the table, 0 at the top: its position in `order`."""
    out = [0] * len(cnts)
    for line, i in enumerate(order(cnts, diverged)):
        out[i] = line
    return out


def winners(cnts: list[dict], diverged) -> list[int]:
    """The runs tied for the fewest steps to stay below (empty if none stays below)."""
    done = [i for i in order(cnts, diverged) if cnts[i]["stays_below"] is not None]
    return [i for i in done if cnts[i]["stays_below"] == cnts[done[0]]["stays_below"]] if done else []


def row_text(count: dict, diverged: bool) -> str:
    """A run's entry in the table: '21', '94 (first 74)', 'diverged', 'ends above (first 74)' or
    'not reached'."""
    first, stays = count["first_below"], count["stays_below"]
    if stays is not None:
        return f"{stays}" if first == stays else f"{stays} (first {first})"
    if diverged:
        return "diverged"
    return "not reached" if first is None else f"ends above (first {first})"


def row_step(count: dict, diverged: bool, left: int, steps: int) -> int:
    """The step at which the row appears: when the run gets below for good, or leaves the window
    (diverges), or else at the end."""
    if count["stays_below"] is not None:
        return int(count["stays_below"])
    if diverged and left >= 0:
        return int(left)
    return int(steps)


def heading(target: float) -> str:
    return f"steps until loss stays < {target:g}"


def table(labels, data: dict, top: float, dy: float, sep: str = ": ") -> list[tuple[str, float]]:
    """The 'steps to target' table: (text, y) for the heading, then one line per run in the runs' own
    order, each at the height of its rank (fastest right under the heading)."""
    rank = ranks(data["counts"], data["diverged"])
    rows = [(heading(data["target"]), top)]
    for i, (label, (txt, _)) in enumerate(zip(labels, data["events"])):
        rows.append((f"{label}{sep}{txt}", top - dy * (rank[i] + 1)))
    return rows


GROWTH = 2.0  # how much the loss's recent peak must exceed the one before for a run to count as diverging
STILL = 1e-3   # a run moving less than this share of the window's diagonal over its last window is at rest


def end_window(n: int) -> int:
    """The length w of the windows the end of a run of n points is judged on: a fifth of its steps."""
    return max(1, (n - 1) // 5)


def diverged(values) -> bool:
    """Whether a run grows without bound: its loss ends non-finite, or it ends above where it started and
    is still growing geometrically. Growing: with u_k = f_k - min f (so a landscape with negative values
    is measured the same way) and w = `end_window`, the peak of u over the last w steps is at least GROWTH
    times the peak over the w steps before. A run that stalls, or settles, above its start has not
    diverged: its loss stops growing."""
    v = np.asarray(values, dtype=float)
    if not np.isfinite(v[-1]):
        return True
    if not v[-1] > v[0]:
        return False
    w = end_window(len(v))
    if len(v) < 2 * w + 1:
        return True
    u = v - np.min(v)
    before, last = float(np.max(u[-2 * w:-w])), float(np.max(u[-w:]))
    return last > 0 and last >= GROWTH * before


def outside(positions, xlim, ylim) -> np.ndarray:
    """Per point (steps+1, 2): not finite, or beyond the window."""
    pos = np.asarray(positions, dtype=float)
    lo, hi = np.array([xlim[0], ylim[0]]), np.array([xlim[1], ylim[1]])
    with np.errstate(invalid="ignore"):
        return ~np.all(np.isfinite(pos) & (pos >= lo) & (pos <= hi), axis=1)


def at_rest(positions, xlim, ylim) -> bool:
    """Whether a run has stopped: over its last `end_window` steps every point lies within STILL of the
    window's diagonal from its last point."""
    pos = np.asarray(positions, dtype=float)
    w = end_window(len(pos))
    diag = float(np.hypot(xlim[1] - xlim[0], ylim[1] - ylim[0]))
    with np.errstate(invalid="ignore"):
        return bool(np.all(np.isfinite(pos[-w - 1:]))
                    and np.max(np.linalg.norm(pos[-w - 1:] - pos[-1], axis=1)) < STILL * diag)


def strays(positions, xlim, ylim) -> dict | None:
    """Where a run (steps+1, 2) goes beyond the drawn window: the first step outside, how many steps it
    spends there, and its point furthest outside (None if it stays inside or never returns a finite
    point). "ends_outside" says whether its last point is outside; then "end" is that point and "rests"
    whether it has stopped there (`at_rest`). The drawing holds such a run on the window's edge; the words
    say where it really went."""
    pos = np.asarray(positions, dtype=float)
    lo, hi = np.array([xlim[0], ylim[0]]), np.array([xlim[1], ylim[1]])
    with np.errstate(invalid="ignore"):
        finite = np.all(np.isfinite(pos), axis=1)
        beyond = np.maximum(lo - pos, pos - hi).max(axis=1)
    out = finite & (beyond > 0)
    if not out.any():
        return None
    far = int(np.argmax(np.where(out, beyond, -np.inf)))
    ends = bool(outside(pos, xlim, ylim)[-1])
    return {"first_step": int(np.argmax(out)), "steps": int(out.sum()),
            "furthest": [float(pos[far, 0]), float(pos[far, 1])], "ends_outside": ends,
            "end": [float(v) for v in pos[-1]] if ends else None,
            "rests": at_rest(pos, xlim, ylim) if ends else False}


def point_text(x: float, y: float) -> str:
    """'(3.4, −0.2)': two significant digits, with minus signs."""
    return f"({x:.2g}, {y:.2g})".replace("-", "\u2212")


def stray_text(e: dict) -> str:
    """' and strays off the map at step 12 (for 3 steps, out to (3.4, −0.2))' for a run that comes back;
    ' and leaves the map at step 2, coming to rest off it at (−1.7, −9)' (or '..., still moving at ...'
    at the last step) for one that ends outside."""
    if e["ends_outside"]:
        return f" and {off_map_text(e)}"
    steps = f"{e['steps']} step{'s' if e['steps'] != 1 else ''}"
    return f" and strays off the map at step {e['first_step']} (for {steps}, out to {point_text(*e['furthest'])})"


def off_map_text(e: dict) -> str:
    """'leaves the map at step 2 and comes to rest off it at (−1.7, −9)' or '... and is still moving off it
    at the end, at (…)', for a run that ends outside the window without diverging."""
    where = point_text(*e["end"])
    how = f"comes to rest off it at {where}" if e["rests"] else f"is off it at the end, at {where}, still moving"
    return f"leaves the map at step {e['first_step']} and {how}"


def divergence_step(values) -> int | None:
    """The step from which a diverging run's loss stays above where it started (a non-finite loss counts
    as above); None for a run that has not diverged (`diverged`)."""
    v = np.asarray(values, dtype=float)
    if not diverged(v):
        return None
    with np.errstate(invalid="ignore"):
        above = ~np.isfinite(v) | (v > v[0])
    j = len(v) - 1
    while j > 0 and above[j - 1]:
        j -= 1
    return j


def final_losses(names, raw_values) -> dict:
    """The sidecar's record of how each run ended, from its own losses (never the plotted, clipped ones):
    "final_loss" is the last loss, None for a run that diverged, and "diverged_at" the step from which a
    diverging run's loss stays above its start (None for the others)."""
    at = {n: divergence_step(v) for n, v in zip(names, raw_values)}
    return {"final_loss": {n: None if at[n] is not None else float(v[-1]) for n, v in zip(names, raw_values)},
            "diverged_at": at}


def numbers(labels, cnts: list[dict]) -> dict:
    """The sidecar's `steps_to_target`: {label: {"first_below": n, "stays_below": n}}."""
    return {str(label): dict(c) for label, c in zip(labels, cnts)}


def sentence(text: str) -> str:
    """The text with its first letter capitalised, unless it starts with a symbol such as β."""
    return text[0].upper() + text[1:] if text[:1].isascii() else text


def fit_size(text: str, size: float, max_chars: int, smallest: float = 15.0) -> float:
    """A font size for a one-line title: `size` up to `max_chars` characters, smaller in proportion
    beyond that (down to `smallest`), so a long computed title stays inside its space."""
    return max(smallest, min(size, size * max_chars / max(len(text), 1)))


def joined(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def standings(labels, cnts: list[dict], diverged, target: float | None = None) -> str:
    """One clause per run, fastest first: 'momentum stays below loss 0.001 from step 21, gradient descent
    from step 74, ...', with the runs that never do at the end; the first clause that speaks of getting
    below names the `target` loss (when given)."""
    parts, said, named = [], False, target is None

    def loss() -> str:
        nonlocal named
        if named:
            return ""
        named = True
        return f" loss {target:g}"

    for i in order(cnts, diverged):
        c = cnts[i]
        if c["stays_below"] is not None:
            parts.append(f"{labels[i]} " + ("from step" if said else f"stays below{loss()} from step")
                         + f" {c['stays_below']}")
            said = True
        elif diverged[i]:
            parts.append(f"{labels[i]} diverges")
        elif c["first_below"] is not None:
            parts.append(f"{labels[i]} dips below{loss()} at step {c['first_below']} but ends above")
        else:
            parts.append(f"{labels[i]} never gets below{loss()}")
    return joined(parts)


def result(labels, cnts: list[dict], diverged, target: float, steps: int) -> str:
    """The closing sentence: who is fastest to stay below the target, or that nobody is, or a tie."""
    win = winners(cnts, diverged)
    if not win:
        return f"No run stays below loss {target:g} within the {steps} steps."
    n = cnts[win[0]]["stays_below"]
    if len(win) == len(labels):
        return f"A tie: {'both' if len(win) == 2 else 'all'} runs stay below loss {target:g} from step {n}."
    who = joined([labels[i] for i in win])
    verb = "is fastest" if len(win) == 1 else "tie for fastest"
    return f"{sentence(who)} {verb}, below loss {target:g} for good from step {n}; the table " \
           "lists the runs in that order."


def overshoots(positions: np.ndarray) -> bool:
    """Whether a run crosses the minimum (at the origin) along the ravine's long axis x."""
    x = np.asarray(positions, dtype=float)[:, 0]
    x = x[np.isfinite(x) & (x != 0)]
    return bool(np.any(np.diff(np.sign(x)) != 0))


def zig_zags(positions: np.ndarray, steps: int = 10) -> bool:
    """Whether a run flips sides across the ravine (its y changes sign) on most of its first steps."""
    y = np.asarray(positions, dtype=float)[: steps + 1, 1]
    return bool(np.count_nonzero(np.diff(np.sign(y)) != 0) > len(y) // 2)
