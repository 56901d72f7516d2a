"""The flavours scene: plain SGD, heavy ball, Nesterov and dampening, each exactly torch.optim.SGD's step."""
from __future__ import annotations

import numpy as np
import pytest

from scenes import flavours as fl
from scenes.flavours import data as fl_data, story as fl_story
from scenes.kit.params import resolve
from scenes.output.plan.pipeline import QUALITIES
from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar

W, H, FPS = QUALITIES["low"]


def data_for(**overrides) -> dict:
    return fl.make_data(resolve(fl.PARAMS, overrides, fl.NAME))


def torch_sgd(kappa, lr, steps, momentum=0.0, dampening=0.0, nesterov=False) -> np.ndarray:
    """The loop of torch.optim.SGD's documentation, written out on f = ½ (x² + κ y²) from (−2.5, 1)."""
    lam = np.array([1.0, kappa])
    x, b = np.array([-2.5, 1.0]), None
    path = [x.copy()]
    for _ in range(steps):
        g = lam * x
        if momentum != 0:
            b = g.copy() if b is None else momentum * b + (1 - dampening) * g
            g = g + momentum * b if nesterov else b
        x = x - lr * g
        path.append(x.copy())
    return np.array(path)


def loss(path, kappa):
    return 0.5 * (path[:, 0] ** 2 + kappa * path[:, 1] ** 2)


def by_hand(d) -> dict:
    """{name: {"first_below", "stays_below"}} for the five flavours, from `torch_sgd` loops."""
    mu, tau, target = d["momentum"], d["dampening"], d["target"]
    flags = {"plain SGD": {}, "heavy ball": {"momentum": mu}, "Nesterov": {"momentum": mu, "nesterov": True},
             "dampening": {"momentum": mu, "dampening": tau},
             "Nesterov + dampening": {"momentum": mu, "dampening": tau, "nesterov": True}}
    out = {}
    for name, f in flags.items():
        with np.errstate(over="ignore", invalid="ignore"):
            f_k = loss(torch_sgd(30.0, d["lr"], d["steps"], **f), 30.0)
        below = [bool(v < target) for v in f_k]
        first = below.index(True) if True in below else None
        stays = None
        if below[-1]:
            stays = len(below)
            while stays > 0 and below[stays - 1]:
                stays -= 1
        out[name] = {"first_below": first, "stays_below": stays}
    return out


def table_order(d) -> list[str]:
    rows = fl_story.table_rows(d)[1:]
    return [name for _, name in sorted(zip([-y for _, y in rows], fl_story.NAMES))]


@pytest.mark.parametrize("overrides", [{}, {"momentum": 0.7, "dampening": 0.3, "lr": 0.02}])
def test_each_flavour_is_torch_sgd_with_its_flags(overrides):
    d = data_for(**overrides)
    mu, tau = d["momentum"], d["dampening"]
    expected = [torch_sgd(30.0, d["lr"], d["steps"]),
                torch_sgd(30.0, d["lr"], d["steps"], momentum=mu),
                torch_sgd(30.0, d["lr"], d["steps"], momentum=mu, nesterov=True),
                torch_sgd(30.0, d["lr"], d["steps"], momentum=mu, dampening=tau),
                torch_sgd(30.0, d["lr"], d["steps"], momentum=mu, dampening=tau, nesterov=True)]
    for raw, path in zip(d["raw_positions"], expected):
        np.testing.assert_allclose(raw, path, rtol=1e-9, atol=1e-12)
    assert d["flags"] == [{}, {"momentum": mu}, {"momentum": mu, "nesterov": True},
                          {"momentum": mu, "dampening": tau}, {"momentum": mu, "dampening": tau, "nesterov": True}]


def test_nesterov_with_dampening_is_the_seed_formula():
    # g + μ(μb + (1 − τ)g) after the first step, whose buffer is g (undamped).
    d = data_for(steps=20)
    mu, tau, lr = d["momentum"], d["dampening"], d["lr"]
    lam = np.array([1.0, 30.0])
    x0 = np.array([-2.5, 1.0])
    g0 = lam * x0
    x1 = x0 - lr * (g0 + mu * g0)
    g1 = lam * x1
    x2 = x1 - lr * (g1 + mu * (mu * g0 + (1 - tau) * g1))
    np.testing.assert_allclose(d["raw_positions"][4][1:3], [x1, x2], rtol=1e-12)


@pytest.mark.parametrize("overrides", [{}, {"momentum": 0.5}, {"lr": 0.06}, {"dampening": 1.0},
                                       {"momentum": 0.99}])
def test_steps_to_target_in_the_story_are_recomputed_by_hand(overrides):
    d = data_for(**overrides)
    expected = by_hand(d)
    assert d["story"]["numbers"]["steps_to_target"] == expected
    key = [expected[n]["stays_below"] for n in fl_story.NAMES]
    true_order = sorted(range(5), key=lambda i: (key[i] is None, key[i] or 0, i))
    assert table_order(d) == [fl_story.NAMES[i] for i in true_order]


def test_counts_of_the_issue_and_the_order_on_screen():
    d = data_for()
    hand = by_hand(d)
    assert {n: hand[n]["stays_below"] for n in ("heavy ball", "Nesterov", "dampening")} == \
        {"heavy ball": 94, "Nesterov": 57, "dampening": 98}
    # Dampening first dips below before the heavy ball does, but stays below later: the table puts
    # the heavy ball above it.
    assert hand["dampening"]["first_below"] < hand["heavy ball"]["first_below"]
    order = table_order(d)
    assert order.index("heavy ball") < order.index("dampening") and order[-1] == "plain SGD"
    # Nesterov with and without dampening both stay below from step 57: the title says they tie.
    assert hand["Nesterov + dampening"]["stays_below"] == 57
    assert d["title"] == "Five flavours of SGD: Nesterov and Nesterov + dampening tie"
    assert data_for(momentum=0.5)["title"] == "Five flavours of SGD: heavy ball is fastest"
    slow = data_for(lr=0.06)
    assert slow["title"] == "Five flavours of SGD: plain SGD is fastest"
    assert table_order(slow)[-2:] == ["Nesterov", "Nesterov + dampening"]  # the two that diverge


def test_nesterov_beats_the_heavy_ball_and_plain_sgd_is_slowest():
    d = data_for()
    final = d["raw_values"][:, -1]
    plain, heavy, nesterov, damp, _ = d["hits"]
    assert final[2] <= final[1]
    assert None not in d["hits"]
    assert nesterov < heavy and plain > max(heavy, nesterov, damp)
    # The heavy ball keeps swinging across the ravine; Nesterov's look-ahead damps the steep direction.
    y_heavy, y_nest = np.abs(d["raw_positions"][1][10:, 1]), np.abs(d["raw_positions"][2][10:, 1])
    assert y_heavy.max() > 0.3 and y_nest.max() < y_heavy.max() / 10


def test_dampening_scales_the_buffer_input():
    # On a constant slope the buffer settles at (1 − τ)/(1 − μ) gradients instead of 1/(1 − μ).
    d = data_for(steps=20)
    mu, tau = d["momentum"], d["dampening"]
    b, g = None, 1.0
    for _ in range(400):
        b = g if b is None else mu * b + (1 - tau) * g
    assert b == pytest.approx((1 - tau) / (1 - mu), rel=1e-6)


def test_formula_strings_follow_the_flags():
    assert fl_data.update_tex() == r"x \leftarrow x - \alpha g"
    heavy = fl_data.update_tex(momentum=0.9)
    assert r"\mu b + g" in heavy and r"x - \alpha b" in heavy and r"\tau" not in heavy
    nest = fl_data.update_tex(momentum=0.9, nesterov=True)
    assert r"(g + \mu b)" in nest
    both = fl_data.update_lines(momentum=0.9, dampening=0.5, nesterov=True)
    assert r"(1-\tau)\,g" in both[0] and r"(g + \mu b)" in both[1]
    damp = fl_data.update_tex(momentum=0.9, dampening=0.5)
    assert r"(1-\tau)\,g" in damp and r"x - \alpha b" in damp
    d = data_for()
    assert d["formulas"] == [fl_data.update_lines(**f) for f in d["flags"]]
    assert [fl_story.flags_text(f) for f in d["flags"]] == ["momentum=0", "momentum=0.9", "nesterov=True",
                                                      "dampening=0.5", "nesterov=True, dampening=0.5"]
    s = fl_story.settings_text(d)
    assert f"{d['lr']:.3g}" in s and r"\mu = 0.9" in s and r"\tau = 0.5" in s


def test_a_diverging_flavour_stays_drawable():
    d = data_for(lr=0.06)  # Nesterov's look-ahead makes it unstable first
    assert d["diverged"] == [False, False, True, False, True]
    assert np.all(np.isfinite(d["positions"])) and np.all(np.isfinite(d["values"]))
    st = fl_data.frame_state(d, fl.duration(d))
    assert all(np.all(np.isfinite(a)) for a in st["trails"] + st["curves"])


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_still_renders(tmp_path, backend):
    path = render_file(tmp_path, "flavours", backend=backend, fmt="png", theme="light" if backend == "mpl" else "dark")
    image = read_png(path)
    assert image.shape == (H, W, 4)
    assert_not_blank(image)
    out = sidecar(path)["outcome"]
    side = sidecar(path)["story"]["numbers"]
    assert side["steps_to_target"] == out["steps_to_target"] == by_hand(
        {"momentum": side["momentum"], "dampening": side["dampening"], "lr": side["alpha"],
         "steps": side["steps"], "target": side["target"]})
    assert out["final_loss"]["nesterov"] <= out["final_loss"]["heavy_ball"]
    assert not any(out["diverged"].values())


def test_video_moves(tmp_path):
    path = render_file(tmp_path, "flavours", backend="mpl", fmt="mp4", sets={"steps": 24, "speed": 24})
    frames, info = read_video(path)
    assert (info["width"], info["height"]) == (W, H)
    changed = np.abs(frames[0].astype(int) - frames[len(frames) // 2].astype(int)).sum(axis=2) > 60
    assert changed.mean() > 0.002
