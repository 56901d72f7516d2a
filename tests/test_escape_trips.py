"""escape: a run that crosses the ridge and comes back is said to, with the step and how low it went on the
other side, not only where it ends. Checked over many (lr, β, start) against our own heavy-ball loops on
f(x, y) = (x² − 1)² + 0.5x + y²/2."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from scenes import escape, get


def f(x, y):
    return (x * x - 1) ** 2 + 0.5 * x + 0.5 * y * y


def grad(x, y):
    return 4 * x * (x * x - 1) + 0.5, y


def own_run(x, y, lr, beta, steps):
    bx = by = 0.0
    out = [(x, y)]
    for _ in range(steps):
        gx, gy = grad(x, y)
        bx, by = beta * bx + gx, beta * by + gy
        x, y = x - lr * bx, y - lr * by
        out.append((x, y))
    return np.array(out)


def own_ridge_x() -> float:
    """The barrier between the wells: the root of f'(x) = 4x(x² − 1) + 0.5 between them, by bisection."""
    lo, hi = -0.5, 0.5
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if (4 * mid * (mid * mid - 1) + 0.5) > 0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


POINTS = list(itertools.product([0.01, 0.02, 0.035, 0.05], [0.0, 0.5, 0.9, 0.95], [(1.8, 0.3), (1.5, -0.6)]))


@pytest.mark.parametrize("lr,beta,start", POINTS)
def test_every_trip_over_the_ridge_and_back_is_told(lr, beta, start):
    spec = get(escape.NAME)
    p = {**{q.name: q.default for q in spec.params}, "lr": lr, "momentum": beta, "start_x": start[0],
         "start_y": start[1]}
    d = escape.make_data(p)
    s = d["story"]
    text = " ".join(b["caption"] for b in s["beats"])
    ridge = own_ridge_x()
    runs = {("above", 0): own_run(start[0], start[1], lr, 0.0, p["steps"]),
            ("above", 1): own_run(start[0], start[1], lr, beta, p["steps"]),
            ("inside", 0): own_run(p["inside_x"], p["inside_y"], lr, 0.0, p["steps"]),
            ("inside", 1): own_run(p["inside_x"], p["inside_y"], lr, beta, p["steps"])}
    for (k, i), path in runs.items():
        if not np.all(np.isfinite(path)):
            continue
        left = path[:, 0] < ridge
        name = ("gradient_descent", "momentum")[i]
        told = s["numbers"]["ridge_crossings"][k].get(name)
        if left.any() and not left[-1]:
            first = int(np.argmax(left))
            lowest = float(min(f(x, y) for x, y in path[left]))
            assert told is not None and told["first_step"] == first and told["back"]
            assert told["lowest_f"] == pytest.approx(lowest, abs=1e-9)
            assert f"into the deep well at step {first} (down to f = {lowest:.2f})".replace("-", "\u2212") in text  # a minus sign
        elif not left.any():
            assert told is None
    above_mom = runs[("above", 1)]
    if np.all(np.isfinite(above_mom)):
        left = above_mom[:, 0] < ridge
        if left.any() and not left[-1]:
            assert "visits the deep well and comes back" in s["title"]
        elif left[-1]:
            assert "visits the deep well" not in s["title"]
