"""rates: a still taken at any beat's end (`--at BEAT`, a slide per beat, the poster) shows one state.

At the end of stop j's beat the drawn header reads stop j's setting, the drawn regime line its rate and
regime, the marker sits on stop j and the x_k panel holds stop j's run; at the clip's end the points the
title speaks of are on the map: the tour's stops (as many converge as the title counts) or the chosen
point. Everything is read from the drawn matplotlib figure and checked against the story's numbers,
numpy's roots and a hand-written loop of the heavy ball.
"""
from __future__ import annotations

import re

import numpy as np
import pytest

from scenes import rates
from scenes.output.formats.poster import moment
from tests.test_rates_taxonomy import _mpl_frames
from tests.test_scene_rates import defaults, heavy_ball, own_regime, roots_rate

SETTING = re.compile(r"^(\u2192 )?\u03b1\u03bb = (-?[\d.]+)\s+\u03b2 = (-?[\d.]+)$")
CASES = [{}, {"steps": 5, "speed": 60.0}, {"steps": 13, "speed": 7.3}, {"steps": 80, "speed": 37.0},
         {"alpha_lambda": 3.7, "beta": 0.5}, {"alpha_lambda": 1.0, "beta": 0.0}, {"alpha_lambda": 0.01, "beta": 0.99},
         {"alpha_lambda": 2.4, "beta": 0.2, "steps": 9, "speed": 2.0}, {"alpha_lambda": 4.0, "beta": 0.0}]


def _visible(artist) -> bool:
    return artist.get_visible() and (artist.get_alpha() is None or artist.get_alpha() > 0.5)


def _rings(fig) -> list[tuple[float, float]]:
    """The marker's rings on the top map (17-point circles), as data points."""
    ax = fig.axes[0]
    pts = []
    for line in ax.get_lines():
        if line.get_marker() == "o" and line.get_markersize() == 17 and _visible(line):
            pts += list(zip(np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)))
    return sorted(set(pts))


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts if _visible(t) and t.get_text()]


@pytest.mark.parametrize("case", CASES)
def test_every_beat_end_shows_one_state(case):
    d = rates.make_data(defaults(**case))
    story, end = d["story"], rates.duration(d)
    numbers = story["numbers"]
    stops = [b for b in story["beats"] if b["name"].startswith("stop ")]
    assert len(stops) == len(numbers["stops"]) == (5 if not case.get("alpha_lambda") else 1)
    times = [moment(b["name"], story, end) for b in stops]
    for (t, fig), beat, stop in zip(_mpl_frames(d, times, "16:9"), stops, numbers["stops"]):
        al, b = stop["alpha_lambda"], stop["beta"]
        rings = _rings(fig)
        assert len(rings) == 1 and rings[0] == pytest.approx((al, b), abs=1e-12), (case, beat["name"], rings)
        heads = [m for m in map(SETTING.match, _texts(fig)) if m]
        assert len(heads) == 1 and not heads[0].group(1), (case, beat["name"], _texts(fig))
        assert (heads[0].group(2), heads[0].group(3)) == (f"{al:.2f}", f"{b:.2f}"), (case, beat["name"])
        rate, _ = roots_rate(al, b)
        assert f"rate {rate:.3f}   {own_regime(al, b)}" in _texts(fig), (case, beat["name"])
        # The x_k panel: stop j's run, played to its last step (or to where it leaves the panel).
        tx = next(ax for ax in fig.axes if ax.get_xlim() == (0.0, float(d["steps"])))
        played = max((ln for ln in tx.get_lines() if ln.get_linewidth() == 3), key=lambda ln: len(ln.get_xdata()))
        xs = heavy_ball(al, b, d["steps"])
        ks, ys = np.asarray(played.get_xdata()), np.asarray(played.get_ydata())
        inside = np.abs(xs) <= numbers["x_panel_limit"]
        whole = int(np.argmin(inside)) if not inside.all() else len(xs)
        assert len(ks) >= whole and np.allclose(ys[:whole], xs[:whole], rtol=1e-9, atol=1e-12), (case, beat["name"])


@pytest.mark.parametrize("case", CASES)
def test_the_end_frame_shows_the_points_its_title_speaks_of(case):
    d = rates.make_data(defaults(**case))
    story = d["story"]
    stops = [(s["alpha_lambda"], s["beta"]) for s in story["numbers"]["stops"]]
    fig = next(_mpl_frames(d, [rates.duration(d)], "16:9"))[1]
    rings = _rings(fig)
    assert len(rings) == len(stops) and np.allclose(rings, sorted(stops), rtol=0, atol=1e-12), (case, rings)
    if len(stops) > 1:
        ok = sum(1 for al, b in stops if roots_rate(al, b)[0] < 1.0 and abs(al - (2 + 2 * b)) > 1e-9)
        assert f"{ok} of {len(stops)} points do" in story["title"]
    else:
        (al, b), = stops
        assert f"\u03b1\u03bb = {al:.2f}, \u03b2 = {b:.2f}" in story["title"]
    # The taxonomy's own points are there too, numbered, and none of them is taken for the title's.
    digits = sorted(t.get_text() for t in fig.axes[0].texts if t.get_text().isdigit() and _visible(t))
    assert digits == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize("case", [{}, {"alpha_lambda": 1.0, "beta": 0.0}, {"alpha_lambda": 1.0, "beta": 0.0, "map": "both"},
                                  {"alpha_lambda": 2.0, "beta": 0.0}])
def test_one_step_is_named_one_way(case):
    """Every word of the story (title, captions, labels) names the exact step one way: 'one-step
    convergence' for the regime, 'one step' for short; never '1-step' or '1 step'."""
    d = rates.make_data(defaults(**case))
    story = d["story"]
    words = [story["title"], *(b["caption"] for b in story["beats"]), *story["labels"]]
    assert not [w for w in words if re.search(r"\b1[- ]step\b", w)], case
    for s in story["numbers"]["stops"]:
        one = s["alpha_lambda"] == 1.0 and s["beta"] == 0.0 and heavy_ball(1.0, 0.0, 1)[1] == 0.0
        assert (s["regime"] == "one-step convergence") == one, (case, s)
    if any(s["regime"] == "one-step convergence" for s in story["numbers"]["stops"]):
        assert "one step" in story["title"] or story["numbers"]["points"] > 1


def test_manim_keeps_the_titles_points_on_the_map(tmp_path_factory):
    """Manim: at the end of 'stop 2' one ring, on stop 2, and its run drawn in full colour; at the clip's
    end one ring on each of the tour's stops, where the map's own coordinates put them."""
    import manim as mn

    from scenes import get
    from scenes.kit.layout import Canvas
    from scenes.kit.theme import THEMES
    from scenes.output.frames.manim_frames import scene_states
    from scenes.rates import maps

    spec = get(rates.NAME)
    d = rates.make_data(defaults())
    story, end = d["story"], rates.duration(d)
    times = [moment("stop 2", story, end), end]
    canvas = Canvas("16:9", spec.flow)
    w, h = canvas.pixels(480)
    stops = [(s["alpha_lambda"], s["beta"]) for s in story["numbers"]["stops"]]
    box = maps.LAYOUT["theory"]["maps"][0][1]
    seen = []
    for (scene, _, _), t in zip(scene_states(spec.manim_scene(), d, THEMES["dark"], w, h, 15, times,
                                             cache_dir=tmp_path_factory.getbasetemp() / "manim-cache",
                                             static_image=False, canvas=canvas), times):
        rings = [m for top in scene.mobjects for m in top.get_family() if isinstance(m, mn.Circle)
                 and abs(m.width / 2 - 0.13) < 0.01 and m.get_stroke_opacity() > 0.5
                 and m.get_stroke_width() < 6]  # the foreground ring of each marker
        fw, fh = mn.config.frame_width, mn.config.frame_height
        # Scene point -> map coordinates, from the map's box in figure fractions (16:9: no reflow).
        pts = sorted((round((c[0] / fw + 0.5 - box[0]) / box[2] * 4.0, 6), round((c[1] / fh + 0.5 - box[1]) / box[3], 6))
                     for c in (r.get_center() for r in rings))
        seen.append(pts)
        if t < end:  # the stop's run, played whole, in full colour (not only its faint preview)
            played = [m for top in scene.mobjects for m in top.get_family() if type(m) is mn.VMobject
                      and m.get_stroke_width() == 5 and m.get_stroke_opacity() > 0.9]
            assert len(played) == 1, len(played)
            corners = np.asarray(played[0].get_anchors())
            xs = heavy_ball(*stops[1], d["steps"])
            assert len(np.unique(np.round(corners[:, 0], 6))) == len(xs)
    assert np.allclose(seen[0], [stops[1]], atol=1e-3), seen[0]
    assert len(seen[1]) == len(stops) and np.allclose(seen[1], sorted(stops), atol=1e-3), seen[1]
