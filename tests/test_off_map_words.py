"""A run that strays beyond the drawn window without diverging is drawn held on its edge; the words say so,
with when, for how long and how far out it went, and, for a run that ends off the map, where it ends and
whether it has come to rest there (a run that stalls off the map is not called diverged). Checked over many (α, μ, τ, β) with our own torch-style SGD
loops on (x² + κy²)/2 from (−2.5, 1) and the window |x| <= 3, |y| <= 1.5."""
from __future__ import annotations

import itertools
import math

import pytest

from scenes import flavours, get, momentum_rate, ravine
from tests.test_run_fates import own_diverged as own_loss_diverged

XMAX, YMAX = 3.0, 1.5


def own_sgd(kappa, lr, steps, momentum=0.0, dampening=0.0, nesterov=False):
    """torch.optim.SGD's step on (x² + κy²)/2: buf = g at first, then μ buf + (1 − τ) g; Nesterov steps
    along g + μ buf."""
    x, y = -2.5, 1.0
    buf = None
    path = [(x, y)]
    for _ in range(steps):
        g = (x, kappa * y)
        if momentum:
            buf = g if buf is None else tuple(momentum * b + (1 - dampening) * gi for b, gi in zip(buf, g))
            d = tuple(gi + momentum * b for gi, b in zip(g, buf)) if nesterov else buf
        else:
            d = g
        x, y = x - lr * d[0], y - lr * d[1]
        path.append((x, y))
    return path


def own_stray(path):
    outside = [k for k, (x, y) in enumerate(path)
               if math.isfinite(x) and math.isfinite(y) and (abs(x) > XMAX or abs(y) > YMAX)]
    if not outside:
        return None
    far = max(outside, key=lambda k: max(abs(path[k][0]) - XMAX, abs(path[k][1]) - YMAX))
    return outside[0], len(outside), path[far]


def own_diverged(path, kappa):
    """Grows without bound, by `tests.test_run_fates.own_diverged`'s rule, on our own losses."""
    return own_loss_diverged([0.5 * (x * x + kappa * y * y) for x, y in path])


def point(x, y):
    return f"({x:.2g}, {y:.2g})".replace("-", "\u2212")


def own_rest(path):
    w = max(1, (len(path) - 1) // 5)
    xe, ye = path[-1]
    return all(math.hypot(x - xe, y - ye) < 1e-3 * math.hypot(2 * XMAX, 2 * YMAX) for x, y in path[-w - 1:])


def check(caption: str, numbers: dict, name: str, path, kappa) -> None:
    e = own_stray(path)
    if e is None or own_diverged(path, kappa):
        assert name not in numbers["off_map"]
        return
    first, n, (x, y) = e
    xe, ye = path[-1]
    if abs(xe) > XMAX or abs(ye) > YMAX:  # ends off the map: where, and whether it is at rest there
        how = f"comes to rest off it at {point(xe, ye)}" if own_rest(path) else \
            f"is off it at the end, at {point(xe, ye)}, still moving"
        said = f"{name} leaves the map at step {first} and {how}"
        assert said.lower() in caption.lower(), (name, said, caption)
        assert f"{name} blows up" not in caption
    else:
        said = f"strays off the map at step {first} (for {n} step{'s' if n != 1 else ''}, out to {point(x, y)})"
        assert said in caption, (name, said, caption)
    assert numbers["off_map"][name]["first_step"] == first and numbers["off_map"][name]["steps"] == n


@pytest.mark.parametrize("frac,mu,tau", list(itertools.product([0.15, 0.5, 1.0, 1.5, 1.9], [0.5, 0.9, 0.99], [0.0, 0.5, 0.9, 1.0])))
def test_flavours_say_where_a_run_strays(frac, mu, tau):
    p = {**{q.name: q.default for q in get(flavours.NAME).params}, "lr": frac / 30, "momentum": mu, "dampening": tau}
    d = flavours.make_data(p)
    caption, numbers = d["story"]["beats"][1]["caption"], d["story"]["numbers"]
    flags = [{}, {"momentum": mu}, {"momentum": mu, "nesterov": True}, {"momentum": mu, "dampening": tau},
             {"momentum": mu, "dampening": tau, "nesterov": True}]
    for name, f in zip(flavours.story.NAMES, flags):
        check(caption, numbers, name, own_sgd(p["kappa"], p["lr"], p["steps"], **f), p["kappa"])


@pytest.mark.parametrize("frac,beta", list(itertools.product([0.5, 1.0, 1.9, 2.05], [0.5, 0.9, 0.99])))
def test_ravine_says_where_a_run_strays(frac, beta):
    p = {**{q.name: q.default for q in get(ravine.NAME).params}, "lr": frac / 31, "momentum": beta}
    d = ravine.make_data(p)
    caption, numbers = d["story"]["beats"][1]["caption"], d["story"]["numbers"]
    for name, b in zip(("gradient descent", "momentum"), (0.0, beta)):
        check(caption, numbers, name, own_sgd(p["kappa"], p["lr"], p["steps"], momentum=b), p["kappa"])


@pytest.mark.parametrize("frac,large", list(itertools.product([0.5, 1.0, 1.9], [0.9, 0.99])))
def test_momentum_rate_says_where_a_run_strays(frac, large):
    p = {**{q.name: q.default for q in get(momentum_rate.NAME).params}, "lr": frac / 30, "large": large,
         "momentum": 0.5}
    d = momentum_rate.make_data(p)
    caption, numbers = d["story"]["beats"][1]["caption"], d["story"]["numbers"]
    for name, b in zip(d["labels"], (p["small"], 0.5, large)):
        check(caption, numbers, name, own_sgd(p["kappa"], p["lr"], p["steps"], momentum=b), p["kappa"])
