"""compare: fair tuning is fair at the edges. A best lr on the edge of its grid widens the grid a third of a
decade at a time until it is inside or the next lr would pass 1e-8 .. 100; the words and the sidecar say
which. Checked with our own SGD and Adagrad loops and scoring on (x² + 25y²)/2 from (−2.5, 1) and on
(x² + 4y²)/2, over many step budgets."""
from __future__ import annotations

import math

import pytest

from scenes import compare, get


def own_lrs(lo_k: int = -15, hi_k: int = 1) -> list[float]:
    return [10.0 ** (k / 3) for k in range(lo_k, hi_k + 1)]


def own_losses(kind: str, lr: float, steps: int, ky: float) -> list[float]:
    x, y, sx, sy = -2.5, 1.0, 0.0, 0.0
    out = [0.5 * (x * x + ky * y * y)]
    for _ in range(steps):
        gx, gy = x, ky * y
        if kind == "adagrad":  # torch: sum += g², x -= lr g / (√sum + 1e-10)
            sx, sy = sx + gx * gx, sy + gy * gy
            x, y = x - lr * gx / (math.sqrt(sx) + 1e-10), y - lr * gy / (math.sqrt(sy) + 1e-10)
        else:
            x, y = x - lr * gx, y - lr * gy
        out.append(0.5 * (x * x + ky * y * y) if math.isfinite(x) and math.isfinite(y) else math.inf)
    return out


def own_key(f: list[float], steps: int):
    """(score, reach) as the scene's rule states it, or None for a diverged run (f* = 0)."""
    n = math.ceil(steps / 10)
    tol = 1e-10 * f[0]
    if not all(math.isfinite(v) for v in f) or not sum(f[-n:]) / n <= f[0]:
        return None
    below = [v < tol for v in f]
    reach = steps + 1
    if below[-1]:
        reach = len(f)
        while reach > 0 and below[reach - 1]:
            reach -= 1
    return (max(sum(f[-n:]) / n, tol), reach)


def own_pick(kind: str, steps: int, ky: float) -> tuple[float, list[float]]:
    """Our own widening search: the best lr and the grid it was found on."""
    lo, hi = -15, 1
    while True:
        lrs = own_lrs(lo, hi)
        keys = [own_key(own_losses(kind, lr, steps, ky), steps) for lr in lrs]
        ok = [i for i, k in enumerate(keys) if k is not None]
        i = min(ok, key=lambda j: (keys[j], j))
        if i == len(lrs) - 1 and 10.0 ** ((hi + 1) / 3) <= 100.0 * (1 + 1e-9):
            hi += 1
        elif i == 0 and 10.0 ** ((lo - 1) / 3) >= 1e-8 * (1 - 1e-9):
            lo -= 1
        else:
            return lrs[i], lrs


@pytest.mark.parametrize("steps", [20, 40, 80, 150, 300])
@pytest.mark.parametrize("landscape,ky", [("ravine", 25.0), ("x**2/2+2*y**2", 4.0)])
def test_a_best_lr_on_the_edge_widens_its_grid(steps, landscape, ky):
    spec = get(compare.NAME)
    p = {**{q.name: q.default for q in spec.params}, "landscape": landscape, "optimizers": "sgd,adagrad",
         "steps": steps, "start": "-2.5,1"}
    d = compare.make_data(p)
    out = spec.outcome(d)
    s = d["story"]
    caption = s["beats"][-1]["caption"]
    for label, kind in (("SGD", "sgd"), ("Adagrad", "adagrad")):
        lr, lrs = own_pick(kind, steps, ky)
        got = out["settings"][label]
        assert got["lr"] == pytest.approx(lr, rel=1e-9), (label, got["lr"], lr)
        assert len(got["lr_grid"]) == len(lrs)
        assert got["lr_grid"][0] == pytest.approx(lrs[0]) and got["lr_grid"][-1] == pytest.approx(lrs[-1])
        at_top = lr == lrs[-1] and len(lrs) > 1
        at_bottom = lr == lrs[0] and len(lrs) > 1
        assert got["at_edge"] == ("top" if at_top else "bottom" if at_bottom else None)
        if len(lrs) > 17:
            assert f"{label}'s lr grid was widened" in caption
            assert s["numbers"]["widened_lr_grid"][label][2] == len(lrs)
        else:
            assert f"{label}'s lr grid" not in caption
        if at_top or at_bottom:
            assert f"{label}'s best lr, {lr:.3g}, is still on the" in caption
            assert "(grid edge)" in " ".join(s["labels"])


def test_the_settings_line_gives_the_range_every_lr_came_from():
    spec = get(compare.NAME)
    p = {**{q.name: q.default for q in spec.params}, "optimizers": "sgd,adagrad", "start": "-2.5,1"}
    d = compare.make_data(p)
    lines = [t for t in d["story"]["labels"] if t.startswith("(")]
    _, lrs = own_pick("adagrad", p["steps"], 25.0)
    assert any(f"(1e-05 to {lrs[-1]:.3g}, widened at an edge)" in t for t in lines), lines
    for s in d["settings"]:  # every chosen lr lies within the printed range
        assert 1e-5 * (1 - 1e-9) <= s["lr"] <= lrs[-1] * (1 + 1e-9)
