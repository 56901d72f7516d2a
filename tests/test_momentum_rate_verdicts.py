"""momentum-rate: a panel's label never contradicts what its run did. "too little" is said only of a run with
less momentum than the fastest that creeps (no overshoot, no blow-up); "too much" only of one with more that
overshoots, blows up or never stays below. Checked over many (κ, α, β) against plain heavy-ball loops."""
from __future__ import annotations

import itertools
import math

import pytest

from scenes import get, momentum_rate


def own_run(kappa: float, lr: float, beta: float, steps: int) -> tuple[list[float], list[float]]:
    """torch's SGD on (x² + κy²)/2 from (−2.5, 1): the x coordinates and the losses, steps 0..steps."""
    x, y, bx, by = -2.5, 1.0, 0.0, 0.0
    xs, fs = [x], [0.5 * (x * x + kappa * y * y)]
    for _ in range(steps):
        bx, by = beta * bx + x, beta * by + kappa * y
        x, y = x - lr * bx, y - lr * by
        xs.append(x)
        fs.append(0.5 * (x * x + kappa * y * y))
    return xs, fs


def own_stays_below(fs: list[float], target: float) -> int | None:
    if not fs[-1] < target:
        return None
    k = len(fs) - 1
    while k > 0 and fs[k - 1] < target:
        k -= 1
    return k


POINTS = [(k, f, sm, lg) for k, f, sm, lg in itertools.product([4, 10, 30], [0.3, 1.0, 1.5, 1.9], [0.0, 0.2, 0.5],
                                                              [0.9, 0.99])]


@pytest.mark.parametrize("kappa,frac,small,large", POINTS)
def test_labels_name_a_cause_only_where_the_run_shows_it(kappa, frac, small, large):
    spec = get(momentum_rate.NAME)
    p = {**{q.name: q.default for q in spec.params}, "kappa": kappa, "lr": frac / kappa, "small": small,
         "large": large}
    d = momentum_rate.make_data(p)
    target, steps = p["target"], p["steps"]
    runs = [own_run(kappa, p["lr"], b, steps) for b in d["betas"]]
    reach = [own_stays_below(fs, target) for _, fs in runs]
    done = [r for r in reach if r is not None]
    fastest = [i for i, r in enumerate(reach) if done and r == min(done)]
    for i, (label, b, (xs, fs)) in enumerate(zip(d["verdicts"], d["betas"], runs)):
        nz = [v for v in xs if math.isfinite(v) and v != 0]
        overshoots = any((u < 0) != (v < 0) for u, v in zip(nz, nz[1:]))
        blows_up = not math.isfinite(fs[-1]) or fs[-1] > fs[0]
        if i in fastest:
            assert label in ("fastest", "tied fastest"), label
            continue
        if label.startswith("too little"):
            assert fastest and b < min(d["betas"][j] for j in fastest)
            assert not overshoots and not blows_up, (label, b)
        if label.startswith("too much"):
            assert fastest and b > max(d["betas"][j] for j in fastest)
            assert overshoots or blows_up or reach[i] is None, (label, b)
        if fastest and b < min(d["betas"][j] for j in fastest):
            assert label.startswith("too little") or label.startswith("less \u03b2, yet"), label
        if fastest and b > max(d["betas"][j] for j in fastest):
            assert label.startswith("too much") or label.startswith("more \u03b2, yet"), label


def own_rate(al: float, beta: float, lams) -> float:
    """The heavy ball's rate on a quadratic: the largest |σ| over σ² − (1 + β − αλ)σ + β = 0, over λ."""
    import cmath

    worst = 0.0
    for lam in lams:
        t = 1 + beta - al * lam
        d = cmath.sqrt(t * t - 4 * beta)
        worst = max(worst, abs((t + d) / 2), abs((t - d) / 2))
    return worst


@pytest.mark.parametrize("kappa,frac,small,large", POINTS)
def test_the_beta_star_label_and_the_measured_winner_are_both_told(kappa, frac, small, large):
    spec = get(momentum_rate.NAME)
    p = {**{q.name: q.default for q in spec.params}, "kappa": kappa, "lr": frac / kappa, "small": small,
         "large": large}
    d = momentum_rate.make_data(p)
    runs = [own_run(kappa, p["lr"], b, p["steps"]) for b in d["betas"]]
    reach = [own_stays_below(fs, p["target"]) for _, fs in runs]
    done = [r for r in reach if r is not None]
    fastest = [i for i, r in enumerate(reach) if done and r == min(done)]
    rates = [own_rate(p["lr"], b, (1.0, kappa)) for b in d["betas"]]
    star = "\\beta^*" in d["story"]["labels"][2]
    caption = d["story"]["beats"][-1]["caption"]
    if star and fastest and 1 not in fastest:
        assert f"has the lowest rate in theory ({rates[1]:.3f}, against" in caption
        assert all(f"{rates[i]:.3f}" in caption for i in fastest)
    else:
        assert "has the lowest rate in theory" not in caption
