"""A run that leaves a contour scene's drawn window is drawn leaving it: an arrow in its colour, outward
from the edge where it first left, shown from that step on; a run that stays inside gets none.

The expected exits come from the raw (unclipped) positions with this file's own loop: the first step
that is not finite or lies beyond the window, and the side the step from the last point inside reaches
first. Both backends are checked over parameter points where runs leave and where they stay.
"""
from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import to_hex

import scenes
from scenes.kit.params import resolve
from scenes.kit.theme import THEMES

DARK = THEMES["dark"]


def expected_exit(run, xlim, ylim):
    """(step, side) of a run's first step outside the window, or None; side in left/right/bottom/top."""
    sides = (("left", 0, xlim[0]), ("right", 0, xlim[1]), ("bottom", 1, ylim[0]), ("top", 1, ylim[1]))
    for j, q in enumerate(run):
        inside = bool(np.all(np.isfinite(q))) and xlim[0] <= q[0] <= xlim[1] and ylim[0] <= q[1] <= ylim[1]
        if inside:
            continue
        if j == 0:  # starts outside: the side it is furthest beyond, in fractions of the window
            width = (xlim[1] - xlim[0], ylim[1] - ylim[0])
            beyond = [((value - q[a]) if name in ("left", "bottom") else (q[a] - value)) / width[a]
                      for name, a, value in sides]
            return 0, sides[int(np.argmax(beyond))][0]
        p = run[j - 1]
        best, side = np.inf, None
        for name, a, value in sides:
            if not np.isfinite(q[a]):
                continue
            beyond = q[a] < value if name in ("left", "bottom") else q[a] > value
            if beyond:
                t = (value - p[a]) / (q[a] - p[a])
                if t < best:
                    best, side = t, name
        if side is None:  # a jump to a non-finite point: the side nearest to p
            gaps = [abs(p[a] - value) / ((xlim, ylim)[a][1] - (xlim, ylim)[a][0]) for name, a, value in sides]
            side = sides[int(np.argmin(gaps))][0]
        return j, side
    return None


OUT = {"left": (-1, 0), "right": (1, 0), "bottom": (0, -1), "top": (0, 1)}


def windows(name, data):
    """Each run's (xlim, ylim)."""
    if name == "compare":
        return [(tuple(data["xlim"]), tuple(data["ylim"]))] * len(data["raw_positions"])
    mod = __import__(f"scenes.{name.replace('-', '_')}.data", fromlist=["XLIM"])
    return [(mod.XLIM, mod.YLIM)] * len(data["raw_positions"])


def run_colours(name, data, theme):
    if name == "ravine":
        return [theme.gd, theme.momentum]
    if name == "flavours":
        return [theme.series(i) for i in range(len(data["raw_positions"]))]
    if name == "momentum-rate":
        from scenes.momentum_rate.layout import colors_of
        return list(colors_of(theme))
    if name == "compare":
        from scenes.compare.layout import colors
        return list(colors(theme))[:len(data["raw_positions"])]
    from scenes.escape.layout import run_colors
    return list(run_colors(theme))


CASES = [
    ("ravine", {"lr": 0.1}), ("ravine", {"lr": 0.07}), ("ravine", {}), ("ravine", {"momentum": 0.99}),
    ("ravine", {"lr": 0.5, "steps": 20}),
    ("flavours", {"lr": 0.06}), ("flavours", {"lr": 0.1, "steps": 20}), ("flavours", {}),
    ("momentum-rate", {"lr": 0.1}), ("momentum-rate", {}), ("momentum-rate", {"large": 0.99}),
    ("compare", {"tune": False, "lr": 0.1}), ("compare", {"tune": False, "lr": 0.5}), ("compare", {}),
    ("escape", {"lr": 0.05, "momentum": 0.95, "start_x": 1.95}), ("escape", {}), ("escape", {"start_y": 1.1}),
]
_DATA: dict = {}


def _data(name, case):
    key = (name, tuple(sorted(case.items())))
    if key not in _DATA:
        spec = scenes.get(name)
        _DATA[key] = spec.make_data(resolve(spec.params, case, name))
    return _DATA[key]


def expected(name, data):
    return [expected_exit(run, *win) for run, win in zip(data["raw_positions"], windows(name, data))]


def test_the_sweep_has_runs_that_leave_and_runs_that_stay():
    found = [e for name, case in CASES for e in expected(name, _data(name, case))]
    assert any(e is None for e in found) and sum(e is not None for e in found) >= 10
    assert {e[1] for e in found if e is not None} >= {"bottom", "top", "left"}


def _check(name, data, arrows, at_end: bool):
    """`arrows`: (colour, tail, head, opacity) in data units of the run's window, one per arrow drawn."""
    want = expected(name, data)
    colours = [to_hex(c) for c in run_colours(name, data, DARK)]
    shown = [a for a in arrows if a[3] > 0.5]
    assert len(shown) == sum(e is not None for e in want), (want, shown)
    for e, colour, (xlim, ylim) in zip(want, colours, windows(name, data)):
        if e is None:
            continue
        step, side = e
        mine = [a for a in shown if a[0] == colour]
        assert mine, (colour, shown)
        direction = np.array(OUT[side])
        size = np.array([xlim[1] - xlim[0], ylim[1] - ylim[0]])
        lo, hi = np.array([xlim[0], ylim[0]]), np.array([xlim[1], ylim[1]])
        ok = False
        for _, tail, head, _ in mine:  # the head on the side's line, within the window, pointing outward
            on_edge = abs(head[abs(direction[1])] - (hi if direction.sum() > 0 else lo)[abs(direction[1])]) \
                < 1e-6 * size.max()
            along = np.all(head >= lo - 1e-9 * size) and np.all(head <= hi + 1e-9 * size)
            d = (head - tail) / size
            outward = d @ direction > 0.02 and abs(d @ direction[::-1]) < 1e-9
            ok |= bool(on_edge and along and outward)
        assert ok, (name, side, mine)


@pytest.mark.parametrize("item", CASES, ids=[f"{n}-{c}" for n, c in CASES])
def test_mpl_draws_an_arrow_for_each_run_that_leaves(item):
    import matplotlib
    from matplotlib.patches import FancyArrowPatch

    from scenes.kit.mpl import _rc, draw, make_figure

    name, case = item
    spec, data = scenes.get(name), _data(name, case)
    with matplotlib.rc_context(_rc(DARK)):
        fig = make_figure(854, 480, DARK)
        update = draw(spec.draw_mpl, fig, data, DARK)
        update(float(spec.duration(data)))
        arrows = [(to_hex(a.get_edgecolor()), *np.array(a._posA_posB), a.get_alpha() or 0.0)
                  for ax in fig.axes for a in ax.patches if isinstance(a, FancyArrowPatch)]
        _check(name, data, arrows, True)
        update(0.0)  # before the run starts, no arrow shows
        assert all((a.get_alpha() or 0.0) == 0.0 for ax in fig.axes for a in ax.patches
                   if isinstance(a, FancyArrowPatch))


MANIM_CASES = [("ravine", {"lr": 0.07}), ("escape", {"lr": 0.05, "momentum": 0.95, "start_x": 1.95}),
               ("compare", {"tune": False, "lr": 0.1})]


@pytest.mark.parametrize("item", MANIM_CASES, ids=[f"{n}-{c}" for n, c in MANIM_CASES])
def test_manim_draws_an_arrow_for_each_run_that_leaves(item):
    import manim as mn

    from scenes.output.frames.manim_frames import scene_states

    name, case = item
    spec, data = scenes.get(name), _data(name, case)
    panels = _panels(name, data)
    end = float(spec.duration(data))
    for t, (scene, _m, _s) in zip([end], scene_states(spec.manim_scene(), data, DARK, 854, 480, 15, [end],
                                                       static_image=False)):
        found = [m for m in _family(scene.mobjects) if isinstance(m, mn.Arrow)]
        arrows = []
        for arrow in found:
            a, b = arrow.get_start(), arrow.get_end()
            panel = next(p for p in panels if _inside_box(p, b))
            arrows.append((to_hex(arrow.get_color().to_hex()), _to_data(panel, a), _to_data(panel, b),
                           float(np.max(arrow.get_stroke_opacities()))))
        _check(name, data, arrows, True)


def _family(mobjects):
    for m in mobjects:
        yield m
        yield from _family(m.submobjects)


def _panels(name, data):
    if name == "ravine":
        from scenes.ravine.layout import CONTOUR
        return [CONTOUR]
    if name == "escape":
        from scenes.escape.layout import MAPS
        return list(MAPS)
    from scenes.compare.layout import map_panel
    return [map_panel(data)]


def _to_data(panel, point):
    """A Manim point back to the panel's data units (16:9: the panel maps data linearly)."""
    (x0, y0, _), (x1, y1, _) = panel.c2p(panel.xlim[0], panel.ylim[0]), panel.c2p(panel.xlim[1], panel.ylim[1])
    fx, fy = (point[0] - x0) / (x1 - x0), (point[1] - y0) / (y1 - y0)
    return np.array([panel.xlim[0] + fx * (panel.xlim[1] - panel.xlim[0]),
                     panel.ylim[0] + fy * (panel.ylim[1] - panel.ylim[0])])


def _inside_box(panel, point, slack=1e-6):
    x, y = _to_data(panel, point)
    (a, b), (c, d) = panel.xlim, panel.ylim
    w, h = b - a, d - c
    return a - slack * w <= x <= b + slack * w and c - slack * h <= y <= d + slack * h
