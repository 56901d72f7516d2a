"""training: the scene's claims checked in the shipped torch traces, plus one tiny recompute."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scenes import training
from scenes.training import layout as training_draw
from scenes.training import data as training_data, layout as training_layout
from scenes.kit.params import ParamError, resolve
from scenes import get
from sim.training.traces import load_traces
from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar

ROOT = Path(__file__).resolve().parent.parent
SUPER = {"\u207b": "-", "\u2070": "0", "\u00b9": "1", "\u00b2": "2", "\u00b3": "3", "\u2074": "4", "\u2075": "5",
         "\u2076": "6", "\u2077": "7", "\u2078": "8", "\u2079": "9"}


def defaults(**over) -> dict:
    spec = get(training.NAME)
    return {**{p.name: p.default for p in spec.params}, **over}


@pytest.fixture(scope="module")
def data() -> dict:
    return training.make_data(defaults())


@pytest.fixture(scope="module")
def seed003() -> dict:
    return load_traces(ROOT / "scenes" / "data" / "seed003.npz")


@pytest.fixture(scope="module")
def digits() -> dict:
    return load_traces(ROOT / "scenes" / "data" / "digits.npz")


def pick(traces: dict, variant: str, key: str) -> np.ndarray:
    return np.asarray(traces[key][[str(v) for v in traces["variants"]].index(variant)], dtype=float)


def naive_flips(y) -> int:
    """Direction changes of a curve, counted one epoch at a time."""
    count = 0
    for k in range(1, len(y) - 1):
        before, after = y[k] - y[k - 1], y[k + 1] - y[k]
        if (before > 0 and after < 0) or (before < 0 and after > 0):
            count += 1
    return count


def parse_number(s: str) -> float:
    """'0' or '2.1×10⁻⁴' (as the scene prints numbers) back to a float."""
    if "\u00d710" not in s:
        return float(s)
    mant, exp = s.split("\u00d710")
    return float(mant) * 10.0 ** int("".join(SUPER[c] for c in exp))


SEED003 = ("sgd", "manual", "torch", "nesterov", "article_as_run", "sgd_effective_lr")
SIDECAR = {"sgd": "sgd", "manual": "manual", "torch": "momentum", "nesterov": "nesterov",
           "article_as_run": "article_as_run", "sgd_effective_lr": "sgd_effective_lr"}


def drawn_text(data: dict) -> list[str]:
    """Every string the scene draws besides tick labels and the formula."""
    return [data["story"]["title"], *data["story"]["labels"]]


def test_the_scene_reads_the_shipped_traces(data, seed003, digits):
    settings = seed003["meta"]["settings"]
    assert data["source"] == "shipped"
    assert data["n"] == settings["epochs"] >= 100
    assert seed003["step_loss"].shape == (6, settings["epochs"] * settings["steps_per_epoch"])
    for v in SEED003:
        np.testing.assert_array_equal(data["loss"][v], pick(seed003, v, "epoch_loss"))
    # epoch loss = mean of that epoch's minibatch losses, as the article computes it
    steps = pick(seed003, "sgd", "step_loss").reshape(settings["epochs"], -1)
    np.testing.assert_allclose(data["loss"]["sgd"], steps.mean(axis=1), rtol=1e-6)
    assert data["beta"] == settings["momentum"] == 0.9 and data["lr"] == settings["lr"]
    assert f"\\beta = {settings['momentum']:g}" in data["formula"]
    assert data["seeds"] == [int(s) for s in digits["seeds"]] and len(data["seeds"]) >= 2


def test_final_losses_are_printed_and_in_the_sidecar_numbers(data, seed003):
    settings = seed003["meta"]["settings"]
    per = settings["steps_per_epoch"]
    numbers = data["story"]["numbers"]
    assert set(numbers["final_loss"]) == set(SIDECAR.values())
    for v in SEED003:
        steps = pick(seed003, v, "step_loss")
        last = sum(float(x) for x in steps[-per:]) / per  # the last epoch's mean, one batch at a time
        assert numbers["final_loss"][SIDECAR[v]] == pytest.approx(last, rel=1e-6)
    labels = data["story"]["labels"]
    for v in ("sgd", "torch", "article_as_run", "sgd_effective_lr"):  # the end labels of the main panel
        assert f"{numbers['final_loss'][SIDECAR[v]]:.4f}" in labels
    assert training.outcome(data)["final_loss"] == numbers["final_loss"]


def test_momentum_is_about_a_step_of_lr_over_one_minus_beta(data, seed003):
    """What momentum adds beyond a bigger step: little, on the article's problem."""
    beta, lr = seed003["meta"]["settings"]["momentum"], seed003["meta"]["settings"]["lr"]
    final = {v: float(pick(seed003, v, "epoch_loss")[-1]) for v in SEED003}
    gap = final["sgd"] - final["torch"]
    assert gap > 0.01  # momentum at lr beats plain SGD at lr
    assert abs(final["torch"] - final["sgd_effective_lr"]) <= 0.1 * gap  # ... and ties SGD at lr/(1 - beta)
    factor = 1 / (1 - beta)
    assert data["story"]["title"] == f"Momentum {beta:g} \u2248 plain SGD at a {factor:.3g}\u00d7 step"
    assert data["story"]["numbers"]["effective_lr"] == pytest.approx(lr / (1 - beta))
    assert data["words"]["legend"]["sgd_effective_lr"].startswith("plain SGD, lr 10\u207b\u2074")


def test_the_article_loop_as_it_ran_ends_above_torchs_momentum(data, seed003):
    """The article's loop under an in-place zero_grad has no momentum: it ends between SGD and momentum."""
    beta = seed003["meta"]["settings"]["momentum"]
    final = {v: float(pick(seed003, v, "epoch_loss")[-1]) for v in SEED003}
    assert final["torch"] < final["article_as_run"] < final["sgd"]
    assert final["article_as_run"] - final["torch"] > 0.1 * (final["sgd"] - final["torch"])
    notes = data["words"]["notes"]
    assert f"{2 * beta:g}\u00b7lr\u00b7g steps" in notes[1]
    assert notes[2] == (f"ending at {final['article_as_run']:.4f} vs torch's {final['torch']:.4f}: "
                        "the article's \"works better\"")
    assert data["story"]["numbers"]["article_step_factor"] == pytest.approx(2 * beta)
    assert data["story"]["beats"][-1]["caption"].endswith(
        f"ends above torch's momentum ({final['article_as_run']:.4f} vs {final['torch']:.4f}).")


def test_momentum_trains_faster_on_seed003(seed003):
    sgd = pick(seed003, "sgd", "epoch_loss")
    for v in ("torch", "manual", "nesterov"):
        mom = pick(seed003, v, "epoch_loss")
        assert mom[-1] < sgd[-1] - 0.005, v
        assert mom.mean() < sgd.mean(), v


def test_digits_momentum_and_sgd_at_the_effective_lr(digits, data):
    sgd_loss, mom_loss = pick(digits, "sgd", "train_loss"), pick(digits, "momentum", "train_loss")
    eff_loss = pick(digits, "sgd_effective_lr", "train_loss")
    sgd_acc, mom_acc = pick(digits, "sgd", "test_acc"), pick(digits, "momentum", "test_acc")
    assert np.all(mom_loss[:, -1] < sgd_loss[:, -1])  # every seed
    assert mom_acc[:, -1].mean() > sgd_acc[:, -1].mean()
    assert abs(eff_loss[:, -1].mean() / mom_loss[:, -1].mean() - 1) < 0.05
    # the panel shows the seed mean and its min-max band (loss on a log10 scale)
    np.testing.assert_allclose(data["acc"]["momentum"]["mean"], mom_acc.mean(axis=0))
    np.testing.assert_allclose(data["acc"]["sgd"]["lo"], sgd_acc.min(axis=0))
    np.testing.assert_allclose(10 ** data["dloss"]["sgd"]["hi"], sgd_loss.max(axis=0), rtol=1e-12)
    np.testing.assert_allclose(10 ** data["dloss"]["sgd_effective_lr"]["mean"], eff_loss.mean(axis=0), rtol=1e-12)
    nums = data["story"]["numbers"]["digits"]
    for v in ("sgd", "momentum", "sgd_effective_lr"):
        assert nums["final_train_loss_mean"][v] == pytest.approx(float(np.mean(pick(digits, v, "train_loss")[:, -1])))
        assert nums["final_test_acc_mean"][v] == pytest.approx(float(np.mean(pick(digits, v, "test_acc")[:, -1])))
    lr = digits["meta"]["settings"]["lr"]
    assert data["words"]["digits_title"][1] == f"lr {lr:g}; dashed: SGD at lr/(1\u2212\u03b2) = {lr / 0.1:.3g}"


def test_hand_written_loop_is_torchs_momentum(data, seed003):
    manual, torch_ = pick(seed003, "manual", "step_loss"), pick(seed003, "torch", "step_loss")
    diff = float(np.max(np.abs(manual - torch_)))
    assert diff == 0.0  # bit for bit
    assert data["manual_diff"] == diff
    m = re.search(r"max \|\u0394loss\| = (\S+) over (\d+) steps: one run$", data["words"]["notes"][0])
    assert m, data["words"]["notes"][0]
    assert parse_number(m.group(1)) == pytest.approx(diff, rel=0.05, abs=0.0)
    assert int(m.group(2)) == manual.size
    # Nesterov's trace is a different rule: close to momentum's at this tiny lr, but not the same numbers
    assert 0.0 < data["nesterov_diff"] < 1e-3


def test_momentum_formula_is_torchs_update():
    """The update on screen, v <- beta v + g, w <- w - lr v, against torch.optim.SGD(momentum=beta) itself."""
    torch = pytest.importorskip("torch")
    beta, lr = 0.9, 0.1
    A = np.diag([1.0, 10.0])
    w = np.array([1.0, 1.0])
    v = np.zeros(2)
    p = torch.tensor(w.copy(), requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr, momentum=beta)
    for _ in range(25):
        g = A @ w
        v = beta * v + g
        w = w - lr * v
        opt.zero_grad()
        (0.5 * p @ torch.tensor(A) @ p).backward()
        opt.step()
        np.testing.assert_allclose(p.detach().numpy(), w, rtol=1e-12, atol=1e-12)


def test_zoom_is_the_middle_window_and_the_shares_cover_every_window(data):
    sgd, mom = data["loss"]["sgd"], data["loss"]["torch"]
    n, width, a = len(sgd), data["zoom_width"], data["zoom_start"]
    assert width == training_data.ZOOM_EPOCHS
    assert (n - (a + width)) - a in (0, 1)  # centred: as many epochs before the window as after it (+1)
    fs, fm = naive_flips(sgd[a:a + width]), naive_flips(mom[a:a + width])
    assert (data["zoom"]["sgd"]["flips"], data["zoom"]["torch"]["flips"]) == (fs, fm)
    gaps = [naive_flips(sgd[b:b + width]) - naive_flips(mom[b:b + width]) for b in range(n - width + 1)]
    more = sum(g > 0 for g in gaps) / len(gaps)
    equal = sum(g == 0 for g in gaps) / len(gaps)
    fewer = sum(g < 0 for g in gaps) / len(gaps)
    nums = data["story"]["numbers"]["zoom"]
    assert nums["windows"] == len(gaps) == n - width + 1
    assert (nums["percent_sgd_more"], nums["percent_equal"], nums["percent_sgd_fewer"]) == tuple(
        int(round(100 * x)) for x in (more, equal, fewer))
    # the middle window is not the most extreme one: the old rule picked the maximum gap
    assert fs - fm < max(gaps)
    for v, y in (("sgd", sgd), ("momentum", mom)):
        steps = [abs(y[k + 1] - y[k]) for k in range(a, a + width - 1)]
        assert nums["mean_abs_change"][v] == pytest.approx(sum(steps) / len(steps), rel=1e-9)
    # what the panel says
    assert data["words"]["zoom_labels"]["sgd"].startswith(f"SGD: {fs} flips")
    assert data["words"]["zoom_labels"]["torch"].startswith(f"momentum: {fm} flips")
    assert data["words"]["zoom_title"] == f"Zoom: middle {width} epochs ({a + 1}\u2013{a + width})"
    notes = data["words"]["zoom_notes"]
    assert notes[1] == f"whole run: SGD {naive_flips(sgd)}, momentum {naive_flips(mom)}"
    assert notes[2] == f"all {len(gaps)} windows of {width}: SGD flips more"
    assert notes[3] == (f"in {round(100 * more)}%, as often in {round(100 * equal)}%, "
                        f"less in {round(100 * fewer)}%")
    for v in ("sgd", "torch"):
        y = data["loss"][v][a:a + width]
        np.testing.assert_allclose(data["zoom"][v]["dev"], 1e3 * (y - y.mean()))
        assert np.max(np.abs(data["zoom"][v]["dev"])) < data["axes"]["zoom"]["y"]["range"][1]


def test_frames_draw_the_run_in_order(data):
    end = training.duration(data)
    first = training_layout.frame_state(data, 0.0)
    assert first["epoch"] == 1 and len(first["main"]["sgd"][0]) == 1
    last = training_layout.frame_state(data, end)
    assert training_layout.counter_text(data, last) == (f"epoch {data['n']} / {data['n']} \u00b7 "
                                                 f"digits {data['nd']} / {data['nd']}")
    np.testing.assert_array_equal(last["main"]["torch"][1], data["loss"]["torch"])
    np.testing.assert_array_equal(last["main"]["sgd_effective_lr"][1], data["loss"]["sgd_effective_lr"])
    assert len(last["marks"][0]) == len(data["marks"]) and last["outro"] == 1.0
    np.testing.assert_array_equal(last["zoom"]["sgd"][1], data["zoom"]["sgd"]["dev"])
    epochs = [training_layout.frame_state(data, t)["epoch"] for t in np.linspace(0, end, 200)]
    assert epochs == sorted(epochs)
    # the zoom window's epochs are drawn slowly enough to see: ZOOM_TIME of the drawing time
    a, w = data["zoom_start"], data["zoom_width"]
    us = np.linspace(0, 1, 20001)
    s = np.array([training_layout.epoch_at(data, u) for u in us])
    inside = us[(s >= a + 1) & (s <= a + w)]
    assert inside[-1] - inside[0] == pytest.approx(training_draw.ZOOM_TIME, abs=1e-3)
    # the zoom beat is the time the zoom window is drawn
    zoom_beat = next(b for b in data["story"]["beats"] if b["name"] == "zoom")
    for t in (zoom_beat["start"] + 0.01, zoom_beat["end"] - 0.01):
        assert a + 1 <= training_layout.frame_state(data, t)["epoch"] <= a + w
    # the legend's corner (upper right) is free of curves
    (xlo, xhi), (ylo, yhi) = data["axes"]["main"]["x"]["range"], data["axes"]["main"]["y"]["range"]
    corner = data["x"] >= xlo + (1 - training_layout.LEG_W) * (xhi - xlo)
    for v in training_layout.SERIES:
        assert np.all((data["loss"][v][corner] - ylo) / (yhi - ylo) < 1 - training_layout.LEG_H)
        assert np.all(data["loss"][v] > ylo) and np.all(data["loss"][v] < yhi)


def test_end_labels_are_stacked_apart_and_inside(data):
    labels = training_layout.end_labels(data)
    lo, hi = data["axes"]["main"]["y"]["range"]
    ys = sorted(y for _, y, _ in labels)
    assert all(b - a >= training_draw.END_GAP * (hi - lo) - 1e-12 for a, b in zip(ys, ys[1:]))
    assert lo < ys[0] and ys[-1] < hi


def test_a_few_epochs_change_the_verdict(seed003):
    """Over the first 5 epochs momentum still builds its velocity: the 10x step is ahead, and the title says so."""
    short = training.make_data(defaults(upto=5))
    final = {v: float(pick(seed003, v, "epoch_loss")[4]) for v in SEED003}
    assert final["sgd_effective_lr"] < final["torch"] - 0.1 * (final["sgd"] - final["torch"])
    assert short["story"]["title"] == "Plain SGD at a 10\u00d7 step beats momentum 0.9"
    assert short["n"] == 5 and short["zoom_width"] == 5 and short["zoom_start"] == 0
    assert short["words"]["zoom_notes"][2] == "the 1 window of 5: SGD flips more"
    # The zoom covers every epoch; the pause after the last one reads the final standings ("late").
    assert [b["name"] for b in short["story"]["beats"]] == ["setup", "zoom", "late", "verdict"]
    assert {"upto": 5} in get(training.NAME).examples


def test_missing_trace_file_names_the_command(monkeypatch, tmp_path):
    monkeypatch.setitem(training.TRACE_FILES, "seed003", tmp_path / "seed003.npz")
    with pytest.raises(ParamError, match=r"python -m sim\.training --experiment seed003"):
        training.make_data(defaults())


def test_epochs_are_bounded():
    spec = get(training.NAME)
    for bad in ("1", "2001", "0"):
        with pytest.raises(ParamError):
            resolve(spec.params, {"epochs": bad}, training.NAME)
    with pytest.raises(ParamError):
        resolve(spec.params, {"device": "tpu"}, training.NAME)
    for bad in ("1", "2001", "x"):
        with pytest.raises(ParamError):
            resolve(spec.params, {"upto": bad}, training.NAME)


def test_recompute_tiny_run_matches_the_shipped_format(data, seed003, digits):
    pytest.importorskip("torch")
    pytest.importorskip("sklearn")
    small = training.make_data(defaults(recompute=True, epochs=2, device="cpu"))
    assert small["source"] == "recomputed"
    assert set(small) == set(data)
    assert set(training.outcome(small)) == set(training.outcome(data))
    assert small["n"] == small["nd"] == 2
    for v in SEED003:
        assert small["loss"][v].shape == (2,)
        # same seed, same code: the first epochs of the shipped run
        np.testing.assert_allclose(small["loss"][v], data["loss"][v][:2], rtol=1e-5)
    for v in ("sgd", "momentum", "sgd_effective_lr"):
        for key in ("acc", "dloss"):
            assert {k: a.shape for k, a in small[key][v].items()} == {"mean": (2,), "lo": (2,), "hi": (2,)}
        np.testing.assert_allclose(small["acc"][v]["mean"], data["acc"][v]["mean"][:2], rtol=1e-5)
    assert small["manual_diff"] < 1e-6
    assert small["total_steps"] == 2 * seed003["meta"]["settings"]["steps_per_epoch"]
    assert small["seeds"] == data["seeds"]
    for t in np.linspace(0, training.duration(small), 7):
        training_layout.frame_state(small, t)


def test_recompute_on_a_missing_device_is_a_one_line_error(tmp_path):
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    with pytest.raises(ParamError, match="cuda"):
        training.make_data(defaults(recompute=True, device="cuda"))
    proc = subprocess.run([sys.executable, "render.py", "training", "--backend", "mpl", "--format", "png",
                           "--set", "recompute=true", "--set", "device=cuda", "--out", str(tmp_path / "x.png"),
                           "--cache-dir", str(tmp_path / "cache")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "cuda" in lines[0]
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_renders_a_still(tmp_path, backend):
    path = render_file(tmp_path, training.NAME, backend=backend, fmt="png")
    assert_not_blank(read_png(path))
    out = sidecar(path)["outcome"]
    assert out["source"] == "shipped"
    final = out["final_loss"]
    assert set(final) == {"sgd", "momentum", "manual", "nesterov", "article_as_run", "sgd_effective_lr"}
    assert final["momentum"] < final["article_as_run"] < final["sgd"]
    assert out["seed003"]["manual_vs_torch_max_abs_diff"] == 0.0
    assert out["zoom"]["windows"] == out["seed003"]["epochs"] - out["zoom"]["width"] + 1
    assert sidecar(path)["story"]["numbers"]["final_loss"] == final
    assert out["digits"]["final_test_acc_mean"]["momentum"] > out["digits"]["final_test_acc_mean"]["sgd"]
    assert out["digits"]["final_train_loss_mean"]["momentum"] < out["digits"]["final_train_loss_mean"]["sgd"]


def test_video_moves(tmp_path):
    path = render_file(tmp_path, training.NAME, backend="mpl", fmt="mp4", sets={"seconds": 2})
    frames, info = read_video(path)
    assert len(frames) > 20
    diffs = [np.abs(frames[0].astype(int) - f.astype(int)).mean() for f in frames[1:]]
    assert max(diffs) > 0.5
    middle = len(frames) // 2
    assert np.abs(frames[middle].astype(int) - frames[-1].astype(int)).mean() > 0.1
