"""The compare scene: the grid search picks the grid's best, the printed numbers and the words follow the
runs (recomputed here with loops of our own), bad input is one line and exit 2, and the still shows trails."""
from __future__ import annotations

import math

import numpy as np
import pytest

import render
from scenes import compare as cmp, compare as draw  # noqa: F811
from scenes.compare import layout as draw_layout, manim as draw_manim, story as draw_story
from scenes.kit import story
from scenes.kit.params import ParamError, resolve
from scenes.kit.theme import DARK
from tests.helpers import assert_not_blank, read_png, render_file, sidecar

KAPPA = 25.0  # the default landscape, "ravine": f = ½ (x² + 25 y²)
START = np.array([-2.5, 1.0])
LRS = 10.0 ** (np.arange(-15, 2) / 3)
MOMENTA = np.array([0.5, 0.8, 0.9, 0.95, 0.99])


def data_for(**overrides) -> dict:
    return cmp.make_data(resolve(cmp.PARAMS, overrides, cmp.NAME))


def ravine_loss(x):
    return 0.5 * (x[..., 0] ** 2 + KAPPA * x[..., 1] ** 2)


def heavy_ball(lr, mu, steps):
    """torch.optim.SGD with momentum (b ← μ b + g, x ← x − lr b) on the ravine, for arrays of (lr, μ)."""
    lam = np.array([1.0, KAPPA])
    lr, mu = np.asarray(lr, float)[:, None], np.asarray(mu, float)[:, None]
    x = np.tile(START, (lr.shape[0], 1))
    b = np.zeros_like(x)
    losses = [ravine_loss(x)]
    with np.errstate(all="ignore"):
        for _ in range(steps):
            b = mu * b + lam * x
            x = x - lr * b
            losses.append(ravine_loss(x))
    return np.array(losses)  # (steps + 1, runs)


def adam(lr, beta1, steps, beta2=0.999, eps=1e-8):
    """Adam's textbook loop with bias corrections, on the ravine."""
    lam = np.array([1.0, KAPPA])
    x, m, v = START.copy(), np.zeros(2), np.zeros(2)
    losses = [ravine_loss(x)]
    for t in range(1, steps + 1):
        g = lam * x
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        x = x - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v) / math.sqrt(1 - beta2 ** t) + eps)
        losses.append(ravine_loss(x))
    return np.array(losses)


def judge(losses, f_star=0.0):
    """Per run (losses: steps+1 x runs): end loss, reach step and divergence, by the rule the scene states."""
    steps = losses.shape[0] - 1
    n = math.ceil(steps / 10)
    tol = 1e-10 * abs(losses[0, 0] - f_star)
    with np.errstate(all="ignore"):
        end = (losses[-n:] - f_star).mean(axis=0)
        gone = ~np.isfinite(losses).all(axis=0) | ~(losses[-n:].mean(axis=0) <= losses[0])
    reach = []
    for run in (losses - f_star).T:
        k = steps + 1
        if run[-1] < tol:
            k = steps
            while k > 0 and run[k - 1] < tol:
                k -= 1
        reach.append(k)
    return end, np.array(reach), gone, tol


def test_tuning_picks_the_grid_best_for_momentum():
    d = data_for(optimizers="momentum")
    assert d["grid"]["lr"] == pytest.approx(LRS.tolist(), rel=1e-12)
    assert d["grid"]["momentum"] == MOMENTA.tolist()
    assert d["story"]["numbers"]["grid_lr"] == pytest.approx([LRS[0], LRS[-1], len(LRS)], rel=1e-12)
    lr, mu = np.repeat(LRS, len(MOMENTA)), np.tile(MOMENTA, len(LRS))  # lr-major, as the sidecar says
    end, reach, gone, tol = judge(heavy_ball(lr, mu, d["steps"]))
    ok = np.nonzero(~gone)[0]
    best = min(ok, key=lambda i: (max(end[i], tol), reach[i], i))
    s = d["settings"][0]
    assert (s["lr"], s["second"]) == pytest.approx((lr[best], mu[best]), rel=1e-12)
    recorded = np.array([np.nan if v is None else v for v in s["grid_end_loss"]])
    assert np.array_equal(np.isnan(recorded), gone)
    np.testing.assert_allclose(recorded[~gone], end[~gone], rtol=1e-6, atol=1e-30)


def test_printed_numbers_and_words_follow_our_own_runs():
    d = data_for(optimizers="momentum,adam")
    nums = d["story"]["numbers"]
    hb = d["settings"][0]
    ad = d["settings"][1]
    losses = np.column_stack([heavy_ball([hb["lr"]], [hb["second"]], d["steps"])[:, 0],
                              adam(ad["lr"], ad["second"], d["steps"])])
    end, reach, gone, tol = judge(losses)
    assert nums["tol"] == pytest.approx(tol, rel=1e-12)
    assert nums["settings"]["momentum"] == {"lr": hb["lr"], "momentum": hb["second"]}
    assert not gone.any()
    for i, label in enumerate(("momentum", "Adam")):
        assert nums["end_loss"][label] == pytest.approx(end[i], rel=1e-6, abs=1e-30)
        if end[i] < tol:
            assert nums["reach"][label] == reach[i]
    # the title names whoever gets within tol first (or the lower end loss), by our count
    there = [i for i in range(2) if end[i] < tol]
    if there:
        first = min(reach[i] for i in there)
        win = [("momentum", "Adam")[i] for i in there if reach[i] == first]
        assert d["title"].lower().startswith(" and ".join(win).lower())
        assert "first" in d["title"]
    else:
        assert d["title"].lower().startswith(("momentum", "adam")[int(np.argmin(end))].lower())
    texts = " ".join(d["story"]["labels"])
    assert f"lr {hb['lr']:.3g}, μ {hb['second']:.3g}" in texts


def test_untuned_runs_share_the_given_settings_and_divergence_is_said():
    d = data_for(tune=False, lr=0.05, momentum=0.8)
    assert d["grid"] is None
    assert [s["lr"] for s in d["settings"]] == [0.05] * 3
    assert [s["second"] for s in d["settings"]] == [None, 0.8, 0.8]
    bad = data_for(tune=False, lr=1.0, optimizers="sgd,momentum")  # lr·λmax = 25: both blow up
    assert bad["diverged"] == [True, True]
    assert bad["title"] == "All 2 optimizers diverge on the ravine"
    assert all(v is None for v in bad["story"]["numbers"]["end_loss"].values())
    assert "diverged" in bad["story"]["labels"]


@pytest.mark.parametrize("case", [{}, {"tune": False}, {"optimizers": "adagrad"},
                                  {"tune": False, "lr": 1.0, "optimizers": "sgd"},
                                  {"landscape": "x**2+10*y**2", "start": "1,-1"}])
def test_story_tiles_the_clip(case):
    d = data_for(**case)
    story.check(d["story"], cmp.duration(d))
    for text in (d["title"], *[b["caption"] for b in d["story"]["beats"]]):
        assert "nan" not in text and "None" not in text
    setup = d["story"]["beats"][0]
    assert setup["name"] == "setup" and ("each with" in setup["caption"]) == (len(d["labels"]) > 1)


def test_a_formula_is_a_landscape_with_its_lowest_value_as_f_star():
    d = data_for(landscape="(x-1)**2+4*(y+0.5)**2", start="-1,1", optimizers="sgd,adam")
    assert d["minimum"] is None and d["f_ref"] <= 1e-6  # the true minimum is 0 at (1, -0.5)
    assert d["start"] == [-1.0, 1.0]
    assert "f = (x-1)**2+4*(y+0.5)**2" in d["title"]


@pytest.mark.parametrize("key, value, words", [
    ("landscape", "x**", "does not parse"),
    ("landscape", "x+z", "unknown variable 'z'"),
    ("landscape", "foo(x)", "unknown function 'foo'"),
    ("landscape", "9**9**9**9", "power of a power"),
    ("landscape", "x**100", "exponents above 64"),
    ("optimizers", "sgd,lion", "sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad"),
    ("optimizers", "adam,adam", "twice"),
    ("start", "1", "two numbers"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, key, value, words):
    code = render.main(["compare", "--set", f"{key}={value}", "--backend", "mpl", "--format", "png",
                        "--out", str(tmp_path / "x.png"), "--cache-dir", str(tmp_path / "cache")])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert key in err and words in err
    assert not (tmp_path / "x.png").exists()


def test_not_finite_at_the_start_is_refused(tmp_path, capsys):
    with pytest.raises(ParamError, match="not finite at the start"):
        data_for(landscape="log(x)+y**2", start="-1,0")
    code = render.main(["compare", "--set", "landscape=sqrt(x)", "--set", "start=-1,1", "--backend", "mpl",
                        "--out", str(tmp_path / "x.png"), "--cache-dir", str(tmp_path / "cache")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "not finite" in err


def colour_pixels(img, box, colour, tol=40):
    """How many pixels inside a figure-fraction box are within tol (sum of |ΔRGB|) of a colour."""
    h, w = img.shape[:2]
    l, b, bw, bh = box
    crop = img[int((1 - b - bh) * h):int((1 - b) * h), int(l * w):int((l + bw) * w), :3].astype(int)
    target = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(crop - target).sum(axis=-1) < tol).sum())


def test_the_still_shows_each_trail_on_the_map_and_each_curve_in_the_loss_panel(tmp_path):
    out = render_file(tmp_path, "compare", sets={"optimizers": "sgd,momentum,adam"})
    img = read_png(out)
    assert_not_blank(img)
    d = data_for(optimizers="sgd,momentum,adam")
    colours = draw_layout.colors(DARK)[:3]
    map_box, loss_box = draw_layout.map_panel(d).box, draw_layout.LOSS_BOX
    for c in colours:
        assert colour_pixels(img, map_box, c) > 30, f"no trail of colour {c} on the map"
        assert colour_pixels(img, loss_box, c) > 20, f"no loss curve of colour {c}"
    side = sidecar(out)
    assert side["story"]["title"] == d["title"]
    assert set(side["outcome"]["settings"]) == {"SGD", "momentum", "Adam"}


def test_at_the_start_nothing_has_moved():
    from scenes.output.frames.mpl_frames import render_frames

    d = data_for(optimizers="sgd,momentum")
    start, end = render_frames(draw.draw_mpl, d, DARK, 640, 360, [0.0, cmp.duration(d)])
    for c in draw_layout.colors(DARK)[:2]:
        assert colour_pixels(start, draw_layout.LOSS_BOX, c) < colour_pixels(end, draw_layout.LOSS_BOX, c)
        assert colour_pixels(start, draw_layout.map_panel(d).box, c) < colour_pixels(end, draw_layout.map_panel(d).box, c)


def test_the_balls_rest_before_the_end_loss_column_fades_in_both_backends(tmp_path):
    """The run's last step, then a still hold with no end losses shown, then the verdict's column: the
    same texts at the same moments in matplotlib and Manim."""
    from scenes.kit import reveal
    from scenes.output.frames.layout_check import manim_boxes, mpl_boxes

    d = data_for(optimizers="sgd,adam")
    beats = {b["name"]: b for b in d["story"]["beats"]}
    assert [b["name"] for b in d["story"]["beats"]] == ["setup", "race", "result"]
    moved = beats["setup"]["end"] + d["steps"] / d["speed"]  # the last step is shown from here
    assert beats["race"]["end"] == pytest.approx(moved + reveal.HOLD)
    assert beats["result"]["end"] == pytest.approx(cmp.duration(d))
    times = [moved + 0.05, beats["race"]["end"] - 0.05, beats["result"]["start"] + reveal.VERDICT_FADE + 0.05]
    squeeze = lambda text: "".join(text.split())  # noqa: E731 (Manim's Text keeps no spaces)
    ends = {squeeze(draw_story.result_text(d, i)) for i in range(2)}
    counter = squeeze(f"step {d['steps']} / {d['steps']}")
    words = {squeeze(w) for w in d["story"]["labels"]} | {counter}
    seen = {}
    for backend, boxes in (("mpl", mpl_boxes(draw.draw_mpl, d, DARK, 854, 480, times)),
                           ("manim", manim_boxes(draw_manim.manim_scene(), d, DARK, 854, 480, 15, times,
                                                 cache_dir=tmp_path))):
        seen[backend] = [{squeeze(b.text) for b in shown} & words for _, shown in boxes]
    assert seen["mpl"] == seen["manim"]
    hold_start, hold_end, verdict = seen["mpl"]
    assert counter in hold_start and hold_start == hold_end
    assert not ends & hold_end and ends <= verdict
