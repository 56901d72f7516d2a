"""A diverged run's loss is recorded as diverged, with the step it diverged at, never as the clipped value the
loss panel draws; a run that converges records its own last loss. Checked against plain heavy-ball loops on
our own copy of the ravine, f(x, y) = (x² + κy²)/2 from (−2.5, 1)."""
from __future__ import annotations

import math

import pytest

from scenes import flavours, get, momentum_rate, ravine


def defaults(name: str, **over) -> dict:
    return {**{p.name: p.default for p in get(name).params}, **over}


def own_losses(kappa: float, lr: float, beta: float, steps: int, tau: float = 0.0) -> list[float]:
    """torch's SGD (b = βb + (1 − τ)g, b = g at first; x -= lr b) on (x² + κy²)/2, its loss at steps
    0..steps."""
    x, y, bx, by = -2.5, 1.0, 0.0, 0.0
    out = [0.5 * (x * x + kappa * y * y)]
    for k in range(steps):
        keep = 1.0 if k == 0 else 1.0 - tau
        bx, by = beta * bx + keep * x, beta * by + keep * kappa * y
        x, y = x - lr * bx, y - lr * by
        out.append(0.5 * (x * x + kappa * y * y))
    return out


def own_record(losses: list[float]) -> tuple[float | None, int | None]:
    """(final loss or None, divergence step or None): it diverged if its loss ends non-finite, or ends above
    its start with its peak over the last fifth of the steps at least twice the peak over the fifth before
    (both measured from the lowest loss), and did so at the first step from which its loss stays above the
    start. A run that stalls above its start has a constant loss at the end: not diverged."""
    above = [not math.isfinite(v) or v > losses[0] for v in losses]
    if math.isfinite(losses[-1]):
        w = max(1, (len(losses) - 1) // 5)
        low = min(losses)
        last, before = max(v - low for v in losses[-w:]), max(v - low for v in losses[-2 * w:-w])
        if not (above[-1] and last > 0 and last >= 2 * before):
            return losses[-1], None
    j = len(losses) - 1
    while j > 0 and above[j - 1]:
        j -= 1
    return None, j


def check(out: dict, key: str, losses: list[float]) -> None:
    final, at = own_record(losses)
    assert out["diverged_at"][key] == at, (key, out["diverged_at"][key], at)
    assert out["diverged"][key] == (at is not None)
    if final is None:
        assert out["final_loss"][key] is None
    else:
        assert out["final_loss"][key] == pytest.approx(final, rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("lr", [0.02, 0.05, 0.066, 0.068, 0.09, 0.15])
@pytest.mark.parametrize("beta", [0.3, 0.9])
def test_ravine_records_each_run_as_it_ended(lr, beta):
    p = defaults(ravine.NAME, lr=lr, momentum=beta)
    out = get(ravine.NAME).outcome(ravine.make_data(p))
    for key, b in (("gradient_descent", 0.0), ("momentum", beta)):
        check(out, key, own_losses(p["kappa"], lr, b, p["steps"]))


@pytest.mark.parametrize("lr", [0.02, 0.06, 0.1, 0.2, 0.5])
def test_flavours_records_plain_and_heavy_ball_as_they_ended(lr):
    p = defaults(flavours.NAME, lr=lr)
    out = get(flavours.NAME).outcome(flavours.make_data(p))
    check(out, "plain", own_losses(p["kappa"], lr, 0.0, p["steps"]))
    check(out, "heavy_ball", own_losses(p["kappa"], lr, p["momentum"], p["steps"]))
    for key, v in out["final_loss"].items():  # the others: diverged, or a loss below the drawn ceiling's clip
        assert (v is None) == out["diverged"][key]


@pytest.mark.parametrize("lr", [0.01, 0.033, 0.07, 0.12])
def test_momentum_rate_records_each_beta_as_it_ended(lr):
    p = defaults(momentum_rate.NAME, lr=lr, momentum=0.5)
    d = momentum_rate.make_data(p)
    out = get(momentum_rate.NAME).outcome(d)
    for key, b in zip(("small", "middle", "large"), (p["small"], 0.5, p["large"])):
        check(out, key, own_losses(p["kappa"], lr, b, p["steps"]))


@pytest.mark.parametrize("lr", [0.02, 1 / 30, 0.05])
@pytest.mark.parametrize("tau", [0.5, 0.9, 1.0])
def test_flavours_records_a_damped_run_that_stalls_as_its_own_loss(lr, tau):
    """With τ = 1 every gradient after the first is ignored: the run coasts to a stop above its start, a
    finite loss, not a divergence."""
    p = defaults(flavours.NAME, lr=lr, dampening=tau)
    out = get(flavours.NAME).outcome(flavours.make_data(p))
    losses = own_losses(p["kappa"], lr, p["momentum"], p["steps"], tau)
    check(out, "dampening", losses)
    if tau == 1.0:
        assert losses[-1] > losses[0] and out["final_loss"]["dampening"] is not None
