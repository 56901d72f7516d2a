"""rates: the taxonomy of convergence (Distill figure 7), the beats' reading speed, the markers against the
map's tick labels, and the page's taxonomy panels. Every printed number is recomputed here with numpy's eig
of R = [[beta, lambda], [-alpha beta, 1 - alpha lambda]] and a hand-written loop of the heavy ball."""
from __future__ import annotations

import numpy as np
import pytest

from scenes import get, rates
from scenes.kit.theme import THEMES
from scenes.rates import data as rates_data
from tests.test_scene_rates import data, defaults  # noqa: F401  (data is a fixture)


LAM = 100.0
PRESETS = [("ripples", 0.0015, 0.9), ("monotonic decrease", 0.0015, 0.125), ("one-step convergence", 0.01, 0.00001),
           ("monotonic oscillations", 0.02, 0.05), ("divergence", 0.025, 0.235)]


def eig_R(alpha: float, beta: float, lam: float = LAM) -> np.ndarray:
    return np.linalg.eig(np.array([[beta, lam], [-alpha * beta, 1.0 - alpha * lam]]))[0]


def error_run(alpha: float, beta: float, steps: int = 40, lam: float = LAM) -> np.ndarray:
    """x - x* from -1 with z = 0: z <- beta z + lam x, x <- x - alpha z, by hand."""
    x, z, out = -1.0, 0.0, [-1.0]
    for _ in range(steps):
        z = beta * z + lam * x
        x = x - alpha * z
        out.append(x)
    return np.array(out)


def own_panel(al: float, beta: float) -> int:
    """The panel a point drives, from numpy's eigenvalues: complex -> ripples, real with alpha lambda < 1
    -> monotonic, one exact step -> one step, real and bounded past alpha lambda = 1 -> oscillations, else
    divergence."""
    ev = eig_R(al / LAM, beta)
    rate = float(np.max(np.abs(ev)))
    if al == 1.0 and beta == 0.0:
        return 2
    if abs(al - (2 + 2 * beta)) <= 1e-9:
        return 3
    if rate >= 1.0:
        return 4
    if np.any(np.abs(ev.imag) > 1e-12):
        return 0
    return 1 if al < 1.0 else 3


def test_the_taxonomy_numbers_are_the_closed_form_and_a_plain_loop(data):
    story = data["story"]
    panels = story["numbers"]["taxonomy"]
    assert story["numbers"]["taxonomy_lambda"] == LAM and f"\u03bb = {LAM:g}" in story["beats"][-1]["caption"]
    assert [(p["name"], p["alpha"], p["beta"]) for p in panels] == PRESETS
    said = " | ".join(story["labels"])
    for i, (p, (name, a, b)) in enumerate(zip(panels, PRESETS)):
        ev = eig_R(a, b)
        rate = float(np.max(np.abs(ev)))
        assert p["rate"] == pytest.approx(rate, rel=1e-9) and p["alpha_lambda"] == pytest.approx(a * LAM)
        complex_roots = bool(np.any(np.abs(ev.imag) > 0))
        assert p["complex"] == complex_roots
        if complex_roots:  # erratum E2: the modulus is sqrt(beta) (det R = beta), not 2 sqrt(beta)
            assert rate == pytest.approx(np.sqrt(b), rel=1e-9) and f"\u221a\u03b2 = {rate:.3g}" in said
            assert np.linalg.det(np.array([[b, LAM], [-a * b, 1 - a * LAM]])) == pytest.approx(b, rel=1e-9)
        else:
            assert f"rate {rate:.3g}" in said
        xs = error_run(a, b)
        assert p["last_abs_error"] == pytest.approx(abs(xs[-1]), rel=1e-9, abs=1e-15)
        assert p["y_limit"] >= np.max(np.abs(xs)), "every iterate inside its panel"
        assert f"{rate:.3g}" in story["beats"][-1]["caption"]
    # The one-step preset lands on the minimum after one step, then moves by O(beta).
    xs = error_run(0.01, 0.00001)
    assert xs[1] == 0.0 and np.max(np.abs(xs[2:])) < 1e-4
    assert error_run(0.025, 0.235)[-1] ** 2 > 1.0 and np.max(np.abs(error_run(0.0015, 0.9)[20:])) < 1.0


def test_each_beat_can_be_read_at_20_characters_a_second():
    spec = get(rates.NAME)
    for case in ({},) + tuple(spec.examples) + ({"alpha_lambda": 2.0, "beta": 0.0}, {"map": "measured"}):
        d = rates.make_data(defaults(**case))
        beats = d["story"]["beats"]
        assert beats[-1]["end"] == pytest.approx(rates.duration(d), abs=1e-3)
        for beat in beats:
            seconds = beat["end"] - beat["start"]
            assert seconds >= 1.0 and len(" ".join(beat["caption"].split())) / seconds <= 20.2, (case, beat)


def _mpl_frames(d, times, aspect):
    """The matplotlib figure of `d` drawn at each time in turn (one figure, as the frame loop does)."""
    import matplotlib

    from scenes.kit import layout
    from scenes.kit.mpl import _rc, draw, make_figure

    spec = get(rates.NAME)
    canvas = layout.Canvas(aspect, spec.flow)
    with matplotlib.rc_context(_rc(THEMES["dark"])), layout.use(canvas):
        w, h = canvas.pixels(480)
        fig = make_figure(w, h, THEMES["dark"])
        update = draw(spec.draw_mpl, fig, d, THEMES["dark"])
        for t in times:
            update(t)
            fig.canvas.draw()
            for artist in sorted((a for a in fig.findobj() if a.get_animated()), key=lambda a: a.get_zorder()):
                fig.draw_artist(artist)
            yield t, fig


def _mpl_figure(d, t, aspect):
    return next(_mpl_frames(d, [t], aspect))[1]


@pytest.mark.parametrize("aspect,case", [("16:9", {}), ("9:16", {}), ("1:1", {"alpha_lambda": 0.01, "beta": 0.0}),
                                         ("9:16", {"alpha_lambda": 4.0, "beta": 0.99}),
                                         ("16:9", {"alpha_lambda": 0.01, "beta": 0.5})])
def test_no_marker_covers_a_tick_label_of_the_map(aspect, case):
    """The ring on the map (at the stops, and at points on its edges), the one-step dot and the taxonomy's
    numbered marks stay clear of the map's tick labels, in pixels of the drawn frame."""
    d = rates.make_data(defaults(**case))
    times = [d["lead"] + sum(rates_data._block(d, i) for i in range(j + 1)) - 1e-3 for j in range(len(d["stops"]))]
    for t, fig in _mpl_frames(d, times + [rates.duration(d)], aspect):
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        ticks = [lab.get_window_extent(renderer) for lab in ax.get_xticklabels() + ax.get_yticklabels()
                 if lab.get_visible() and lab.get_text()]
        assert len(ticks) >= 8
        rings, digits = [], []
        for line in ax.get_lines():
            if line.get_marker() == "o" and line.get_visible() and len(line.get_xdata()) == 1 and (
                    line.get_alpha() is None or line.get_alpha() > 0.05):
                px = ax.transData.transform((line.get_xdata()[0], line.get_ydata()[0]))
                reach = (line.get_markersize() + line.get_markeredgewidth()) / 2 * fig.dpi / 72
                rings.append((px, reach))
        for text in ax.texts:
            if text.get_text().isdigit() and text.get_visible() and (text.get_alpha() or 1) > 0.05:
                digits.append(text.get_window_extent(renderer))
        assert rings and (digits or t < rates.duration(d))
        for (cx, cy), r in rings:
            for e in ticks:
                dx = max(e.x0 - cx, 0.0, cx - e.x1)
                dy = max(e.y0 - cy, 0.0, cy - e.y1)
                assert np.hypot(dx, dy) >= r * 0.999, (case, t, (cx, cy), e)
        for g in digits:
            for e in ticks:
                assert not (g.x0 < e.x1 and e.x0 < g.x1 and g.y0 < e.y1 and e.y0 < g.y1), (case, t, g, e)


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_the_taxonomy_panels_draw_the_runs_and_their_words_fit(aspect, data):
    from scenes.output.frames.layout_check import mpl_boxes, problems
    from scenes.kit import layout

    spec = get(rates.NAME)
    end = rates.duration(data)
    before = _mpl_figure(data, data["tax_start"] - 0.05, aspect)
    after = _mpl_figure(data, end, aspect)
    small = [ax for ax in after.axes if ax.get_xlim() == (-1.0, 41.0)]
    assert len(small) == 5
    assert not any(ax.get_visible() for ax in before.axes if ax.get_xlim() == (-1.0, 41.0))
    W, H = after.canvas.get_width_height()
    for ax, (_, a, b) in zip(small, PRESETS):
        xs = error_run(a, b)
        segs = ax.collections[-1].get_segments()
        assert len(segs) == 41
        np.testing.assert_allclose([s[1][1] for s in segs], xs, rtol=1e-9, atol=1e-12)
        box = ax.get_window_extent()
        assert box.x0 >= 0 and box.x1 <= W and box.y0 >= 0 and box.y1 <= H
    canvas = layout.Canvas(aspect, spec.flow)
    w, h = canvas.pixels(480)
    for t, boxes in mpl_boxes(spec.draw_mpl, data, THEMES["dark"], w, h, [end, data["tax_start"] - 0.05], canvas=canvas):
        assert problems(boxes, w, h) == [], t


@pytest.fixture(scope="module")
def page() -> dict:
    from scenes.output.formats import web
    from scenes.kit.params import resolve

    spec = get(rates.NAME)
    return web.page_data(spec, resolve(spec.params, {}, rates.NAME))


def test_the_page_panels_follow_the_point_chosen(page):
    import json

    from scenes.output.formats import web

    sliders = page["sliders"]
    betas, als = sliders[0]["values"], sliders[1]["values"]
    rng = np.random.default_rng(5)
    picks = {(0.0, 1.0), (0.0, 2.0), (0.95, 3.9), (0.05, 2.1), (0.7, 0.5)}
    picks |= {(float(rng.choice(betas)), float(rng.choice(als))) for _ in range(25)}
    for b, al in sorted(picks):
        i = betas.index(b) * len(als) + als.index(al)
        pt = page["points"][i]
        nums = {row[0]: row for row in pt["numbers"]}
        want = own_panel(al, b)
        assert nums["taxonomy panel"][1] == PRESETS[want][0], (al, b)
        series = [page["shared"][e] if isinstance(e, int) else e for e in pt["series"]]
        tax = [s for s in series if s["panel"] >= 2]
        assert [s["panel"] for s in tax] == [2, 3, 4, 5, 6]
        assert [s["color"] for s in tax] == ["momentum" if j == want else "muted" for j in range(5)]
        xs = error_run(al / LAM, b)
        ys = tax[want]["y"]
        for got, x in zip(ys, xs):  # to a hundredth (half of it, and a float's last bit)
            assert got == pytest.approx(x, rel=5e-3, abs=5.1e-3)
        assert nums["|x\u2084\u2080 \u2212 x*| at \u03bb = 100"][2] == pytest.approx(abs(xs[-1]), rel=1e-6, abs=1e-12)
        for j, (_, a, bb) in enumerate(PRESETS):
            if j != want:
                assert tax[j]["y"] == pytest.approx(error_run(a, bb), rel=5e-3, abs=5.1e-3)
    # The map's top lies above beta = 1, so its label sits off the heat map.
    assert page["panels"][0]["y"][1] > 1.0 and page["panels"][0]["layers"][0]["y"] == [0.0, 1.0]
    size = len(json.dumps(page, separators=(",", ":"), ensure_ascii=False).encode())
    size += sum((web.HERE / name).stat().st_size for name in web.FILES)
    assert size <= 1_500_000, size


@pytest.mark.parametrize("aspect,case", [("9:16", {"alpha_lambda": 0.01, "beta": 0.0}), ("16:9", {})])
def test_no_marker_covers_a_tick_label_in_manim(aspect, case, tmp_path_factory):
    """Manim: the marker ring (radius 0.13 with a 9-wide background edge, 0.175 scene units in all) at
    points on the map's edges stays clear of every visible tick label of the map."""
    import manim as mn

    from scenes.kit.layout import Canvas
    from scenes.output.frames.manim_frames import scene_states

    spec = get(rates.NAME)
    d = rates.make_data(defaults(**case))
    times = [d["lead"] + sum(rates_data._block(d, i) for i in range(j + 1)) - 1e-3 for j in range(len(d["stops"]))]
    canvas = Canvas(aspect, spec.flow)
    w, h = canvas.pixels(480)
    names = {"0", "1", "2", "3", "4", "0.25", "0.5", "0.75"}
    checked = 0
    for (scene, _, _), t in zip(scene_states(spec.manim_scene(), d, THEMES["dark"], w, h, 15, times,
                                             cache_dir=tmp_path_factory.getbasetemp() / "manim-cache",
                                             static_image=False, canvas=canvas), times):
        mobs = [m for top in scene.mobjects for m in top.get_family()]
        rings = [m for m in mobs if isinstance(m, mn.Circle) and abs(m.width / 2 - 0.13) < 0.01
                 and m.get_stroke_opacity() > 0.05]
        labels = [m for m in mobs if isinstance(m, mn.Text) and m.text in names
                  and max(g.get_fill_opacity() for g in m.family_members_with_points()) > 0.05]
        assert rings and len(labels) >= 8
        for ring in rings:
            cx, cy = ring.get_center()[:2]
            for lab in labels:
                (x0, y0), (x1, y1) = lab.get_corner(mn.DL)[:2], lab.get_corner(mn.UR)[:2]
                gap = np.hypot(max(x0 - cx, 0.0, cx - x1), max(y0 - cy, 0.0, cy - y1))
                assert gap >= 0.175, (case, t, lab.text, gap)
                checked += 1
    assert checked


@pytest.mark.parametrize("aspect", ["16:9", "1:1", "9:16"])
@pytest.mark.parametrize("case", [{}, {"alpha_lambda": 3.7, "beta": 0.5}, {"alpha_lambda": 2.0 + 2 * 0.45, "beta": 0.45},
                                  {"alpha_lambda": 0.5, "beta": 0.6, "map": "both"}])
def test_the_title_is_whole_inside_the_frame_and_readable(aspect, case):
    """The drawn title says the story's title word for word, lies inside the frame, and is set at no less
    than 15 points (at 9:16 a long title takes two lines rather than shrink below that)."""
    d = rates.make_data(defaults(**case))
    fig = _mpl_figure(d, rates.duration(d), aspect)
    renderer = fig.canvas.get_renderer()
    W, H = fig.canvas.get_width_height()
    title = next(t for t in fig.texts if t.get_weight() == "bold" and t.get_text().replace("\n", " ") == d["title"])
    box = title.get_window_extent(renderer)
    assert box.x0 >= 0 and box.x1 <= W and box.y0 >= 0 and box.y1 <= H, (aspect, case, box)
    assert title.get_fontsize() >= 15.0, (aspect, case, title.get_fontsize())
    lines = title.get_text().split("\n")
    assert len(lines) <= 2 and (len(lines) == 1 or aspect != "16:9")
