"""ravine: the one-line description in --list says what the runs do at the defaults, as the caption does.
Checked against our own heavy-ball loops on (x² + κy²)/2 from (−2.5, 1)."""
from __future__ import annotations

import numpy as np

from scenes import get, ravine


def own_path(kappa: float, lr: float, beta: float, steps: int) -> np.ndarray:
    x, y, bx, by, out = -2.5, 1.0, 0.0, 0.0, [(-2.5, 1.0)]
    for _ in range(steps):
        bx, by = beta * bx + x, beta * by + kappa * y
        x, y = x - lr * bx, y - lr * by
        out.append((x, y))
    return np.array(out)


def own_best_beta(lr: float, kappa: float) -> float:
    betas = np.linspace(0.0, 0.99, 9901)
    worst = np.zeros_like(betas)
    for lam in (1.0, kappa):
        t = 1.0 + betas - lr * lam
        disc = t * t - 4.0 * betas
        rate = np.where(disc < 0, np.sqrt(betas), 0.5 * (np.abs(t) + np.sqrt(np.maximum(disc, 0.0))))
        worst = np.maximum(worst, rate)
    return float(betas[np.argmin(worst)])


def zig_zags(path: np.ndarray, steps: int = 10) -> bool:
    flips = sum(1 for a, b in zip(path[:steps], path[1:steps + 1]) if (a[1] < 0) != (b[1] < 0))
    return flips > steps // 2


def loss_stays_below_from(path: np.ndarray, kappa: float, target: float) -> int | None:
    f = 0.5 * (path[:, 0] ** 2 + kappa * path[:, 1] ** 2)
    if not f[-1] < target:
        return None
    k = len(f) - 1
    while k > 0 and f[k - 1] < target:
        k -= 1
    return k


def test_the_description_matches_the_runs_at_the_defaults():
    spec = get(ravine.NAME)
    p = {q.name: q.default for q in spec.params}
    kappa = p["kappa"]
    lr = 2.0 / (1.0 + kappa)
    beta = own_best_beta(lr, kappa)
    gd, mom = own_path(kappa, lr, 0.0, p["steps"]), own_path(kappa, lr, beta, p["steps"])
    text = spec.description
    caption = " ".join(b["caption"] for b in ravine.make_data(p)["story"]["beats"])
    assert zig_zags(gd) and "gradient descent zig-zags" in text
    if zig_zags(mom):
        assert "zig-zags too" in text and "momentum zig-zags too" in caption
        assert "runs along its floor" not in text
    first = [loss_stays_below_from(r, kappa, p["target"]) for r in (gd, mom)]
    assert first[1] < first[0] and "momentum" in text.split(";")[1] and "first" in text
