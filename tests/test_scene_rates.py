"""rates: the map's regimes, its rates and its divergence edge, checked against a plain heavy-ball loop."""
from __future__ import annotations

import numpy as np
import pytest

from scenes import rates
from scenes.rates import maps as rates_draw
from scenes.rates import data as rates_data
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


@pytest.mark.parametrize("mode", rates_draw.MODES)
def test_labels_sit_in_their_regimes(mode):
    labels = rates_data.map_labels(mode)
    assert {lab["regime"] for lab in labels} == {"ripples", "monotonic", "oscillation", "divergence", "one step"}
    for lab in labels:
        al, b = lab["point"]
        if lab["regime"] == "one step":
            assert bool(theory.one_step(al, b))
            assert heavy_ball(al, b, 1)[1] == 0.0
        else:
            assert str(theory.regime(al, b)) == lab["regime"], lab
        assert 0.0 <= al <= rates.AL_MAX and 0.0 <= b < 1.0
    # Boxed labels without an arrow: the whole neighbourhood of the text centre is in the regime.
    for lab in labels:
        if lab["point"] == lab["at"]:
            al, b = lab["at"]
            grid = np.array([(al + da, b + db) for da in (-0.3, 0, 0.3) for db in (-0.04, 0, 0.04)])
            assert set(map(str, theory.regime(grid[:, 0], grid[:, 1]))) == {lab["regime"]}


def test_tour_visits_every_regime(data):
    assert data["tour"]
    names = set(data["stop_regime"])
    assert {"monotonic", "ripples", "one-step convergence", "oscillation", "divergence"} <= names


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
        return "one-step convergence"
    if abs(al - (2.0 + 2.0 * beta)) <= 1e-9:  # the stability line, the scene's stated tolerance
        return "edge of stability"
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
    assert [(s["alpha_lambda"], s["beta"]) for s in numbers["stops"]] == [tuple(p) for p in rates_data.TOUR]
    for stop in numbers["stops"]:
        check_stop_numbers(stop, data["steps"], data["ylim"])
    converging = sum(roots_rate(al, b)[0] < 1 for al, b in rates_data.TOUR)
    assert numbers["converging"] == converging and numbers["points"] == len(rates_data.TOUR)
    assert f"{converging} of {len(rates_data.TOUR)}" in data["title"]


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
    elif regime == "one-step convergence":
        assert "one step" in s["title"]
    else:
        assert f"({regime})" in s["title"] and f"{rate:.3f}" in s["title"] and "diverges" not in s["title"]
    assert [b["name"] for b in s["beats"]] == ["setup", "stop 1", "taxonomy"] and regime in s["beats"][1]["caption"]
    assert f"{al:.2f}" in s["title"] and f"{b:.2f}" in s["title"]


def test_divergent_point_says_so_beyond_the_stability_line():
    # alpha lambda >= 2 + 2 beta diverges: the words and the readout follow the closed form.
    for al, b in [(3.5, 0.2), (2.5, 0.2), (2.41, 0.2)]:
        d = rates.make_data(defaults(alpha_lambda=al, beta=b))
        assert (al >= 2 + 2 * b) == ("diverges" in d["title"])


def test_readout_matches_the_story_at_each_stop(data):
    t = data["lead"]
    for j in range(len(data["stops"])):
        t += rates_data._block(data, j)
        st = rates_data.frame_state(data, t - 1e-3)
        assert not st["moving"] and st["stop"] == j
        al, b = data["stops"][j]
        lines = rates_data.readout(data, st)
        assert lines[0] == f"\u03b1\u03bb = {al:.2f}   \u03b2 = {b:.2f}"
        rate, _ = roots_rate(al, b)
        assert lines[1] == f"rate {rate:.3f}   {own_regime(al, b)}"
        assert lines[2].endswith(f"{data['story']['numbers']['stops'][j]['measured_rate']:.3f}")
        assert set(lines) <= set(data["story"]["labels"])
        assert st["diverged"] == (rate > 1.0)


def test_while_the_marker_moves_the_readout_names_the_regime_under_it_and_its_target(data):
    for t in np.linspace(0.0, rates.duration(data), 97):
        st = rates_data.frame_state(data, t)
        assert st["rate"] == pytest.approx(roots_rate(st["al"], st["beta"])[0], abs=1e-9)
        # The readout's sample is the one nearest the marker on its path.
        assert np.hypot(st["marker"][0] - st["al"], st["marker"][1] - st["beta"]) < 3.0 / rates_data.PATH_SAMPLES
        if st["moving"]:
            lines = rates_data.readout(data, st)
            al, b = data["stops"][st["stop"]]
            assert lines[0] == f"\u2192 \u03b1\u03bb = {al:.2f}   \u03b2 = {b:.2f}"
            assert lines[1] == own_regime(st["al"], st["beta"]) and lines[2] == ""


def test_the_beats_follow_the_stops(data):
    s = data["story"]
    assert s["beats"][0]["name"] == "setup" and s["beats"][0]["end"] == pytest.approx(data["lead"])
    assert len(s["beats"]) == 2 + len(rates_data.TOUR) and s["beats"][-1]["name"] == "taxonomy"
    for j, (beat, (al, b)) in enumerate(zip(s["beats"][1:], rates_data.TOUR)):
        # Each stop's beat covers the moment its run finishes playing.
        t = data["lead"] + sum(rates_data._block(data, i) for i in range(j + 1)) - 1e-3
        assert beat["start"] <= t <= beat["end"]
        assert own_regime(al, b) in beat["caption"] and f"{roots_rate(al, b)[0]:.3f}" in beat["caption"]


def test_stable_point_is_never_called_diverged():
    d = rates.make_data(defaults(alpha_lambda=3.5, beta=0.9, steps=60))
    assert d["stop_rate"][0] < 1.0
    assert np.max(np.abs(d["stop_x"][0])) <= d["ylim"]
    for t in np.linspace(0, rates.duration(d), 60):
        st = rates_data.frame_state(d, t)
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
    path = render_file(tmp_path, rates.NAME, backend="mpl", fmt="mp4", sets={"steps": 6, "speed": 30}, fps=2)
    frames, _ = read_video(path)
    assert len(frames) > 10
    diffs = [np.abs(frames[0].astype(int) - f.astype(int)).mean() for f in frames[1:]]
    assert max(diffs) > 0.5


# ------------------------------------------------------------------------ the measured map (map=...)

@pytest.fixture(scope="module")
def both() -> dict:
    return rates.make_data(defaults(map="both"))


def grid_axes(numbers: dict) -> tuple[np.ndarray, np.ndarray]:
    """The measured map's grid as documented: pixel centres over αλ in [0, 4] and β in [0, 1]."""
    n_al, n_b = numbers["grid"]
    return (np.arange(n_al) + 0.5) * 4.0 / n_al, (np.arange(n_b) + 0.5) / n_b


def envelope_rate(al: float, beta: float, steps: int) -> float:
    """Per-step contraction of max |x_k| over the last quarter of a run against the quarter before it:
    the envelope steps over the ripples."""
    xs = np.abs(heavy_ball(al, beta, steps))
    q = steps // 4
    late, early = xs[3 * q:].max(), xs[2 * q:3 * q].max()
    return float((late / early) ** (1.0 / q))


def own_band(regimes: np.ndarray) -> np.ndarray:
    """Points with a neighbour (8 around, none past the edge) in another regime, by plain loops."""
    n, m = regimes.shape
    band = np.zeros((n, m), dtype=bool)
    for i in range(n):
        for j in range(m):
            near = regimes[max(i - 1, 0): i + 2, max(j - 1, 0): j + 2]
            band[i, j] = np.any(near != regimes[i, j])
    return band


def test_the_measured_map_is_the_heavy_balls_rate_at_grid_points(both):
    numbers = both["story"]["numbers"]["measured_map"]
    al_axis, b_axis = grid_axes(numbers)
    measured = both["measured_grid"]
    assert measured.shape == (len(b_axis), len(al_axis))
    rng = np.random.default_rng(3)
    picks = [(int(rng.integers(len(b_axis))), int(rng.integers(len(al_axis)))) for _ in range(12)]
    for j, i in picks + [(0, 0), (len(b_axis) - 1, len(al_axis) - 1), (10, 100)]:
        al, b = al_axis[i], b_axis[j]
        rate, _ = roots_rate(al, b)
        if abs(rate - 1.0) < 0.02:  # the edge of stability: a finite run cannot tell
            continue
        steps = 1000 if rate > 1 else int(np.clip(120.0 / max(-np.log10(max(rate, 1e-6)), 1e-9), 40, 1000))
        assert measured[j, i] == pytest.approx(envelope_rate(al, b, steps), abs=0.01), (al, b)
        assert (measured[j, i] > 1.0) == (rate > 1.0), (al, b)


def test_the_printed_distance_from_the_closed_form_is_recomputed(both):
    s = both["story"]
    numbers = s["numbers"]["measured_map"]
    al_axis, b_axis = grid_axes(numbers)
    closed = np.empty((len(b_axis), len(al_axis)))
    regimes = np.empty(closed.shape, dtype=object)
    for j, b in enumerate(b_axis):
        for i, al in enumerate(al_axis):
            closed[j, i] = roots_rate(al, b)[0]
            regimes[j, i] = own_regime(al, b)
    band = own_band(regimes)
    err = np.abs(both["measured_grid"] - closed)
    assert numbers["band_fraction"] == pytest.approx(band.mean(), abs=1e-12)
    assert numbers["band_points"] == band.sum()
    assert numbers["cell"] == pytest.approx([al_axis[1] - al_axis[0], b_axis[1] - b_axis[0]])
    assert numbers["max_error_outside_band"] == pytest.approx(err[~band].max(), abs=1e-9)
    assert numbers["max_error_in_band"] == pytest.approx(err[band].max(), abs=1e-9)
    # The band is thin, and off it the measured map is close to the closed form.
    assert band.mean() < 0.1 and err[~band].max() < 0.01
    # What is printed says these numbers.
    out, inside = f"{err[~band].max():.4f}", f"{err[band].max():.4f}"
    share = 100 * band.mean()
    said = [line for line in s["labels"] if "closed form" in line or "boundary" in line]
    assert any(out in line and f"{100 - share:.1f}%" in line for line in said), said
    assert any(inside in line and f"{share:.1f}%" in line for line in said), said
    assert f"{len(al_axis)} \u00d7 {len(b_axis)} runs of {numbers['steps']} steps" in " ".join(s["labels"])
    setup = s["beats"][0]["caption"]
    assert out in setup and inside in setup and "below the closed form" in setup
    assert f"{len(al_axis)} \u00d7 {len(b_axis)} runs" in setup


def test_the_closed_form_map_says_nothing_of_a_measured_one(data):
    s = data["story"]
    assert data["map"] == "theory" and "measured_map" not in s["numbers"]
    assert "simulation" not in s["beats"][0]["caption"]
    measured = rates.make_data(defaults(map="measured"))
    assert "rates measured in" in measured["story"]["beats"][0]["caption"]
    assert "below" not in measured["story"]["beats"][0]["caption"]
    # The stops, their words and the title do not depend on the map shown.
    assert measured["title"] == data["title"]
    assert [(b["name"], b["caption"]) for b in measured["story"]["beats"][1:]] == [(b["name"], b["caption"])
                                                                                  for b in s["beats"][1:]]


def test_an_unknown_map_is_one_clear_line():
    from scenes.kit.params import ParamError

    (param,) = [p for p in get(rates.NAME).params if p.name == "map"]
    with pytest.raises(ParamError, match="map must be one of theory, measured, both"):
        param.parse("measure")


def test_both_maps_are_drawn_from_their_own_grids(both):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    theme = THEMES["dark"]
    fig = plt.figure(figsize=(12.8, 7.2))
    try:
        rates.draw_mpl(fig, both, theme)
        images = [ax.images[0].get_array() for ax in fig.axes if ax.images and ax.get_xlim() == (0.0, 4.0)]
        assert len(images) == 2
        top, bottom = images
        assert top.shape[:2] == both["rate_grid"].shape and bottom.shape[:2] == both["measured_grid"].shape
        np.testing.assert_array_equal(np.asarray(bottom), rates_draw.heat_rgba(both, theme, "measured"))
    finally:
        plt.close(fig)


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_a_still_of_both_maps_shows_the_same_colours_off_the_boundaries(tmp_path, backend):
    from scenes.rates import maps as rates_maps

    path = render_file(tmp_path, rates.NAME, backend=backend, fmt="png", sets={"map": "both"})
    img = read_png(path)[..., :3].astype(int)
    h, w = img.shape[:2]
    side = sidecar(path)
    assert side["story"]["numbers"]["measured_map"]["max_error_outside_band"] < 0.01
    (_, top), (_, bottom) = rates_maps.LAYOUT["both"]["maps"]

    def pixel(box, al, b):
        x = box[0] + box[2] * al / 4.0
        y = box[1] + box[3] * b
        return img[int(round((1 - y) * h)), int(round(x * w))]

    # Points inside regimes, away from the boundary curves, the labels and the marker's stops.
    points = [(0.3, 0.9), (3.7, 0.5), (3.0, 0.85), (3.0, 0.6), (3.8, 0.6), (0.05, 0.3)]
    diffs = [np.abs(pixel(top, al, b) - pixel(bottom, al, b)).max() for al, b in points]
    assert max(diffs) <= 16, diffs
    # And the maps are not one flat colour: slow (β = 0.9) and divergent points differ.
    assert np.abs(pixel(bottom, 0.3, 0.9) - pixel(bottom, 3.7, 0.5)).max() > 60


EDGE_BETAS = [0.0, 0.05, 0.2, 0.37, 0.5, 0.66, 0.8, 0.9, 0.95, 0.99]


@pytest.mark.parametrize("b", EDGE_BETAS)
def test_on_the_stability_line_x_neither_converges_nor_diverges(b):
    # On alpha lambda = 2 + 2 beta the roots are -1 and -beta: x_k = (-1)^k (C + D beta^k) with
    # C = (1 + beta)/(1 - beta), D = -2 beta/(1 - beta). It swings for ever: neither side of the verdict.
    al = 2.0 + 2.0 * b
    d = rates.make_data(defaults(alpha_lambda=al, beta=b))
    s = d["story"]
    (stop,) = s["numbers"]["stops"]
    check_stop_numbers(stop, d["steps"], d["ylim"])
    xs = heavy_ball(al, b, d["steps"])
    c = (1 + b) / (1 - b)
    for k, x in enumerate(xs):
        assert x == pytest.approx((-1) ** k * (c - 2 * b / (1 - b) * b ** k), rel=1e-9, abs=1e-12)
    assert stop["regime"] == "edge of stability" and stop["edge_amplitude"] == pytest.approx(c, rel=1e-12)
    assert stop["zero_crossings"] == d["steps"]  # it flips sign every step
    assert "neither converges nor diverges" in s["title"] and "momentum diverges" not in s["title"]
    caption = s["beats"][1]["caption"]
    assert "grows" not in caption and "leaves the panel" not in caption and f"{c:.2f}" in caption
    # Drawn whole: the panel holds the run, and no frame calls it diverged.
    assert stop["exit_step"] is None and max(abs(x) for x in xs) <= d["ylim"]
    assert "diverges" not in s["labels"]
    for t in np.linspace(0.0, rates.duration(d), 25):
        assert not rates_data.frame_state(d, t)["diverged"]
    assert s["numbers"]["converging"] == 0


@pytest.mark.parametrize("b", [0.0, 0.3, 0.7, 0.95])
@pytest.mark.parametrize("side", [-1, 1])
def test_just_off_the_stability_line_the_verdict_takes_its_side(b, side):
    al = 2.0 + 2.0 * b + side * 1e-3
    d = rates.make_data(defaults(alpha_lambda=al, beta=b))
    rate, _ = roots_rate(al, b)
    assert (rate > 1) == (side > 0)
    title = d["story"]["title"]
    if side > 0:
        assert "momentum diverges" in title
    else:
        assert "momentum converges" in title and d["story"]["numbers"]["converging"] == 1
    assert "neither" not in title
