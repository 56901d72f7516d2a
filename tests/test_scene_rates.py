"""rates: the map's regimes, its rates and its divergence edge, checked against a plain heavy-ball loop."""
from __future__ import annotations

import numpy as np
import pytest

from scenes import rates
from scenes.registry import get
from scenes.theme import THEMES
from sim import theory
from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar


def defaults(**over) -> dict:
    spec = get(rates.NAME)
    return {**{p.name: p.default for p in spec.params}, **over}


@pytest.fixture(scope="module")
def data() -> dict:
    return rates.make_data(defaults())


def heavy_ball(al: float, beta: float, steps: int, x0: float = 1.0) -> np.ndarray:
    """z <- beta z + lambda x, x <- x - alpha z with lambda = 1, written out by hand."""
    x, z, xs = x0, 0.0, [x0]
    for _ in range(steps):
        z = beta * z + x
        x = x - al * z
        xs.append(x)
    return np.array(xs)


def measured_rate(al: float, beta: float, window: int = 40) -> float:
    """Per-step contraction of |x_k|, from its largest value in an early and in a late window.

    Window maxima step over the ripples' phase; the run is as long as it can be without underflow.
    """
    guess = max(float(theory.momentum_rate(al, beta, 1.0)), 1e-3)
    span = int(np.clip(200.0 / abs(np.log10(guess)), 100, 3000)) if guess != 1 else 1000
    xs = np.abs(heavy_ball(al, beta, span + 2 * window))
    early, late = xs[window:2 * window].max(), xs[span:span + window].max()
    return float((late / early) ** (1.0 / (span - window)))


def eig_rate(al: float, beta: float) -> float:
    """Spectral radius of the iteration on (z, x), from numpy's eigenvalues."""
    R = np.array([[beta, 1.0], [-al * beta, 1.0 - al]])
    return float(np.max(np.abs(np.linalg.eigvals(R))))


def test_labels_sit_in_their_regimes():
    for lab in rates.LABELS:
        al, b = lab["point"]
        if lab["regime"] == "one step":
            assert bool(theory.one_step(al, b))
            assert heavy_ball(al, b, 1)[1] == 0.0
        else:
            assert str(theory.regime(al, b)) == lab["regime"], lab
        assert 0.0 <= al <= rates.AL_MAX and 0.0 <= b < 1.0
    # Boxed labels without an arrow: the whole neighbourhood of the text centre is in the regime.
    for lab in rates.LABELS:
        if lab["point"] == lab["at"]:
            al, b = lab["at"]
            grid = np.array([(al + da, b + db) for da in (-0.3, 0, 0.3) for db in (-0.04, 0, 0.04)])
            assert set(map(str, theory.regime(grid[:, 0], grid[:, 1]))) == {lab["regime"]}


def test_tour_visits_every_regime(data):
    assert data["tour"]
    names = set(data["stop_regime"])
    assert {"monotonic", "ripples", "1-step convergence", "oscillation", "divergence"} <= names


def test_trajectories_are_the_heavy_ball(data):
    for (al, b), xs in zip(data["stops"], data["stop_x"]):
        np.testing.assert_allclose(xs, heavy_ball(al, b, data["steps"]), rtol=1e-12, atol=1e-12)


def test_measured_contraction_matches_the_rate_at_each_stop(data):
    for (al, b), rate in zip(data["stops"], data["stop_rate"]):
        assert rate == pytest.approx(eig_rate(al, b), abs=1e-9)
        if rate == 0.0:  # one step: x_1 = 0 and it stays there
            assert np.all(heavy_ball(al, b, 20)[1:] == 0.0)
            continue
        assert measured_rate(al, b) == pytest.approx(rate, rel=1e-3)


@pytest.mark.parametrize("al,b", [(0.1, 0.3), (0.8, 0.5), (1.5, 0.02), (2.6, 0.6), (3.5, 0.9), (0.5, 0.05)])
def test_measured_contraction_matches_the_rate_off_the_tour(al, b):
    rate = float(theory.momentum_rate(al, b, 1.0))
    assert measured_rate(al, b) == pytest.approx(rate, rel=1e-3)


def test_beyond_the_stability_line_runs_diverge():
    rng = np.random.default_rng(0)
    for _ in range(40):
        b = rng.uniform(0.0, 0.95)
        al = rng.uniform(2 + 2 * b + 0.05, rates.AL_MAX + 0.5)
        xs = heavy_ball(al, b, 400)
        assert abs(xs[-1]) > 1e6, (al, b)
        inside = rng.uniform(0.05, 2 + 2 * b - 0.05)
        assert abs(heavy_ball(inside, b, 400)[-1]) < 0.5, (inside, b)


def test_map_colours_divergence_exactly_beyond_the_line(data):
    al, b = np.meshgrid(data["al_axis"], data["b_axis"])
    diverges = data["rate_grid"] >= 1.0
    margin = np.abs(al - (2 + 2 * b)) > 1e-9
    np.testing.assert_array_equal(diverges[margin], (al > 2 + 2 * b)[margin])
    for theme in THEMES.values():
        img = rates.heat_rgba(data, theme)
        assert img.shape == data["rate_grid"].shape + (4,)
        flipped = diverges[::-1]
        colours = np.unique(img[flipped].reshape(-1, 4), axis=0)
        assert len(colours) == 1, "the divergence region has one flat colour"
        assert not np.any(np.all(img[~flipped] == colours[0], axis=-1)), "and only it has that colour"


def test_boundary_curves(data):
    # Critical damping is where the discriminant (1 + beta - al)^2 - 4 beta vanishes.
    disc = (1 + data["crit_b"] - data["crit_al"]) ** 2 - 4 * data["crit_b"]
    np.testing.assert_allclose(disc, 0.0, atol=1e-12)
    np.testing.assert_allclose(data["stab_al"], 2 + 2 * data["stab_b"])


def test_readout_matches_the_data_at_each_stop(data):
    t = rates.LEAD
    for j in range(len(data["stops"])):
        t += rates._block(data, j)
        st = rates.frame_state(data, t - 1e-3)
        assert not st["moving"] and st["stop"] == j
        al, b = data["stops"][j]
        line1, line2 = rates.readout(st)
        assert line1 == f"\u03b1\u03bb = {al:.2f}   \u03b2 = {b:.2f}"
        rate = float(theory.momentum_rate(al, b, 1.0))
        assert line2.startswith(f"rate {rate:.3f}")
        assert st["regime"] == data["stop_regime"][j]
        assert st["diverged"] == (rate > 1.0)


def test_readout_agrees_with_theory_while_the_marker_moves(data):
    for t in np.linspace(0.0, rates.duration(data), 97):
        st = rates.frame_state(data, t)
        assert st["rate"] == pytest.approx(float(theory.momentum_rate(st["al"], st["beta"], 1.0)), abs=1e-12)
        assert st["regime"] == rates.regime_name(st["al"], st["beta"])
        # The readout's sample is the one nearest the marker on its path.
        assert np.hypot(st["marker"][0] - st["al"], st["marker"][1] - st["beta"]) < 3.0 / rates.PATH_SAMPLES


def test_stable_point_is_never_called_diverged():
    d = rates.make_data(defaults(alpha_lambda=3.5, beta=0.9, steps=60))
    assert d["stop_rate"][0] < 1.0
    assert np.max(np.abs(d["stop_x"][0])) <= d["ylim"]
    for t in np.linspace(0, rates.duration(d), 60):
        st = rates.frame_state(d, t)
        assert not st["diverged"]
        for k, y in (st["faint"], st["envelope"]):
            assert np.all(np.isfinite(y)) and np.all(np.abs(y) <= d["ylim"] + 1e-12)


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_renders_a_still(tmp_path, backend):
    path = render_file(tmp_path, rates.NAME, backend=backend, fmt="png")
    assert_not_blank(read_png(path))
    out = sidecar(path)["outcome"]
    assert out["tour"] is True
    assert [s["regime"] for s in out["stops"]][-1] == "divergence"
    assert out["stops"][-1]["diverged_in_view"] is True
    assert set(out["labels"]) == {"ripples", "monotonic", "oscillation", "divergence", "one step"}


def test_video_moves(tmp_path):
    path = render_file(tmp_path, rates.NAME, backend="mpl", fmt="mp4", sets={"steps": 6, "speed": 30})
    frames, _ = read_video(path)
    assert len(frames) > 10
    diffs = [np.abs(frames[0].astype(int) - f.astype(int)).mean() for f in frames[1:]]
    assert max(diffs) > 0.5
