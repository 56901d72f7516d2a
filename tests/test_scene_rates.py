"""rates: the map's regimes, its rates and its divergence edge, checked against a plain heavy-ball loop."""
from __future__ import annotations

import numpy as np
import pytest

from scenes import rates, rates_draw
from scenes import get
from scenes.kit.theme import THEMES
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
        img = rates_draw.heat_rgba(data, theme)
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


def roots_rate(al: float, beta: float) -> tuple[float, np.ndarray]:
    """The closed form: the largest |z| over the roots of z² − (1 + β − αλ) z + β = 0, and the roots."""
    z = np.roots([1.0, -(1.0 + beta - al), beta])
    return float(np.max(np.abs(z))), z


def own_regime(al: float, beta: float) -> str:
    """The regime from the roots: diverging, complex (ripples), or real with the dominant one's sign."""
    rate, z = roots_rate(al, beta)
    if al == 1.0 and beta == 0.0:
        return "1-step convergence"
    if rate >= 1.0:
        return "divergence"
    if np.any(np.abs(z.imag) > 1e-12):
        return "ripples"
    return "monotonic" if z[np.argmax(np.abs(z))].real >= 0 else "oscillation"


def check_stop_numbers(stop: dict, steps: int, ylim: float) -> None:
    """One stop's printed numbers against the closed form and a hand-written heavy-ball loop."""
    al, b = stop["alpha_lambda"], stop["beta"]
    rate, _ = roots_rate(al, b)
    assert stop["rate"] == pytest.approx(rate, abs=1e-9)
    assert stop["regime"] == own_regime(al, b)
    assert stop["measured_rate"] == pytest.approx(rate, abs=5e-3)
    xs = heavy_ball(al, b, steps)
    assert stop["zero_crossings"] == sum(1 for u, v in zip(xs[:-1], xs[1:]) if u * v < 0)
    assert stop["last_abs_x"] == pytest.approx(abs(xs[-1]), rel=1e-9, abs=1e-300)
    out = [k for k, x in enumerate(xs) if abs(x) > ylim]
    assert stop["exit_step"] == (out[0] if out else None)


def test_story_numbers_at_each_stop_are_the_closed_form_and_the_runs(data):
    numbers = data["story"]["numbers"]
    assert [(s["alpha_lambda"], s["beta"]) for s in numbers["stops"]] == [tuple(p) for p in rates.TOUR]
    for stop in numbers["stops"]:
        check_stop_numbers(stop, data["steps"], data["ylim"])
    converging = sum(roots_rate(al, b)[0] < 1 for al, b in rates.TOUR)
    assert numbers["converging"] == converging and numbers["points"] == len(rates.TOUR)
    assert f"{converging} of {len(rates.TOUR)}" in data["title"]


@pytest.mark.parametrize("al,b", [(3.5, 0.2), (0.5, 0.6), (1.0, 0.0), (0.2, 0.01), (1.8, 0.05), (0.01, 0.99)])
def test_a_chosen_point_is_described_by_its_own_regime(al, b):
    d = rates.make_data(defaults(alpha_lambda=al, beta=b))
    s = d["story"]
    (stop,) = s["numbers"]["stops"]
    check_stop_numbers(stop, d["steps"], d["ylim"])
    rate, _ = roots_rate(al, b)
    regime = own_regime(al, b)
    if rate >= 1:
        assert "diverges" in s["title"] and f"{rate:.3f}" in s["title"]
        assert "grows" in s["beats"][1]["caption"]
    elif regime == "1-step convergence":
        assert "one step" in s["title"]
    else:
        assert f"({regime})" in s["title"] and f"{rate:.3f}" in s["title"] and "diverges" not in s["title"]
    assert [b["name"] for b in s["beats"]] == ["setup", "stop 1"] and regime in s["beats"][1]["caption"]
    assert f"{al:.2f}" in s["title"] and f"{b:.2f}" in s["title"]


def test_divergent_point_says_so_beyond_the_stability_line():
    # alpha lambda >= 2 + 2 beta diverges: the words and the readout follow the closed form.
    for al, b in [(3.5, 0.2), (2.5, 0.2), (2.41, 0.2)]:
        d = rates.make_data(defaults(alpha_lambda=al, beta=b))
        assert (al >= 2 + 2 * b) == ("diverges" in d["title"])


def test_readout_matches_the_story_at_each_stop(data):
    t = rates.LEAD
    for j in range(len(data["stops"])):
        t += rates._block(data, j)
        st = rates.frame_state(data, t - 1e-3)
        assert not st["moving"] and st["stop"] == j
        al, b = data["stops"][j]
        lines = rates.readout(data, st)
        assert lines[0] == f"\u03b1\u03bb = {al:.2f}   \u03b2 = {b:.2f}"
        rate, _ = roots_rate(al, b)
        assert lines[1] == f"rate {rate:.3f}   {own_regime(al, b)}"
        assert lines[2].endswith(f"{data['story']['numbers']['stops'][j]['measured_rate']:.3f}")
        assert set(lines) <= set(data["story"]["labels"])
        assert st["diverged"] == (rate > 1.0)


def test_while_the_marker_moves_the_readout_names_the_regime_under_it_and_its_target(data):
    for t in np.linspace(0.0, rates.duration(data), 97):
        st = rates.frame_state(data, t)
        assert st["rate"] == pytest.approx(roots_rate(st["al"], st["beta"])[0], abs=1e-9)
        # The readout's sample is the one nearest the marker on its path.
        assert np.hypot(st["marker"][0] - st["al"], st["marker"][1] - st["beta"]) < 3.0 / rates.PATH_SAMPLES
        if st["moving"]:
            lines = rates.readout(data, st)
            al, b = data["stops"][st["stop"]]
            assert lines[0] == f"\u2192 \u03b1\u03bb = {al:.2f}   \u03b2 = {b:.2f}"
            assert lines[1] == own_regime(st["al"], st["beta"]) and lines[2] == ""


def test_the_beats_follow_the_stops(data):
    s = data["story"]
    assert s["beats"][0]["name"] == "setup" and s["beats"][0]["end"] == pytest.approx(rates.LEAD)
    assert len(s["beats"]) == 1 + len(rates.TOUR)
    for j, (beat, (al, b)) in enumerate(zip(s["beats"][1:], rates.TOUR)):
        # Each stop's beat covers the moment its run finishes playing.
        t = rates.LEAD + sum(rates._block(data, i) for i in range(j + 1)) - 1e-3
        assert beat["start"] <= t <= beat["end"]
        assert own_regime(al, b) in beat["caption"] and f"{roots_rate(al, b)[0]:.3f}" in beat["caption"]


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
    side = sidecar(path)
    for stop in side["story"]["numbers"]["stops"]:
        check_stop_numbers(stop, 24, side["story"]["numbers"]["x_panel_limit"])
    out = side["outcome"]
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
