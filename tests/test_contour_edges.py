"""A run that leaves a contour scene's drawn window is drawn leaving it: an arrow in its colour, outward
from the edge where it left, shown while it is outside; a run that comes back loses its arrow when it is
back inside, so at the end only the runs that end outside carry one, and a run that stays inside gets none.

The expected arrows come from the raw (unclipped) positions with this file's own loop: at the step shown,
whether the run is outside (not finite or beyond the window) and, if so, the side that the step into this
stretch outside (from the last point inside) reaches first. Both backends are checked over parameter
points where runs leave for good, leave and come back, stall off the map, diverge, and stay inside, at
the end and at moments during the run.
"""
from __future__ import annotations

import numpy as np
import pytest
from matplotlib.colors import to_hex

import scenes
from scenes.kit.params import resolve
from scenes.kit.theme import THEMES

DARK = THEMES["dark"]


def is_outside(q, xlim, ylim):
    return not (bool(np.all(np.isfinite(q))) and xlim[0] <= q[0] <= xlim[1] and ylim[0] <= q[1] <= ylim[1])


def expected_exit(run, xlim, ylim, at=None):
    """(step, side) of the stretch outside the window that step `at` (default: the last) lies in, or None
    if the run is inside at that step; side in left/right/bottom/top."""
    at = len(run) - 1 if at is None else at
    if not is_outside(run[at], xlim, ylim):
        return None
    j = at
    while j > 0 and is_outside(run[j - 1], xlim, ylim):
        j -= 1
    sides = (("left", 0, xlim[0]), ("right", 0, xlim[1]), ("bottom", 1, ylim[0]), ("top", 1, ylim[1]))
    q = run[j]
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


def returns(run, xlim, ylim):
    """Whether the run leaves the window and is inside again later."""
    out = [is_outside(q, xlim, ylim) for q in run]
    return any(a and not b for a, b in zip(out, out[1:]))


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
    ("flavours", {"dampening": 1.0}), ("flavours", {"dampening": 1.0, "lr": 0.01}),
    ("compare", {"landscape": "rosenbrock", "optimizers": "sgd,momentum,nesterov,adam"}),
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


def expected(name, data, at=None):
    return [expected_exit(run, *win, at) for run, win in zip(data["raw_positions"], windows(name, data))]


def test_the_sweep_has_runs_that_leave_come_back_and_stay():
    found = [e for name, case in CASES for e in expected(name, _data(name, case))]
    assert any(e is None for e in found) and sum(e is not None for e in found) >= 8
    sides = {expected_exit(run, *win, k)[1] for name, case in CASES
             for run, win in zip(_data(name, case)["raw_positions"], windows(name, _data(name, case)))
             for k in range(len(run)) if is_outside(run[k], *win)}
    assert sides >= {"bottom", "top", "left"}
    back = [(name, case) for name, case in CASES
            for run, win in zip(_data(name, case)["raw_positions"], windows(name, _data(name, case)))
            if returns(run, *win) and expected_exit(run, *win) is None]
    assert len(back) >= 3, back  # runs that leave and come back: no arrow at their end
    run = _data("flavours", {"dampening": 1.0})["raw_positions"][3]  # τ = 1: it coasts to a stop off the map
    assert expected_exit(run, *windows("flavours", _data("flavours", {"dampening": 1.0}))[0]) is not None
    assert np.all(np.isfinite(run)) and np.linalg.norm(run[-1] - run[-2]) < 1e-4


def step_shown(name, data, t):
    """The fractional step the scene shows at time t (its own clock)."""
    room = "layout" if name == "compare" else "data"
    mod = __import__(f"scenes.{name.replace('-', '_')}.{room}", fromlist=["frame_state"])
    return float(mod.frame_state(data, t)["s"])


def moments(name, spec, data, n=5):
    """(t, step shown) at whole steps (the arrows fully in or out): n spread over the run, and for each run
    that leaves, its first step outside and the step it is back inside (if it comes back); then the end."""
    end = float(spec.duration(data))
    want = set(np.linspace(1, data["steps"] - 1, n).astype(int))
    for run, win in zip(data["raw_positions"], windows(name, data)):
        out = [is_outside(q, *win) for q in run]
        first = next((k for k, o in enumerate(out) if o and k > 0), None)
        if first is not None:
            want.add(first)
            back = next((k for k in range(first, len(out)) if not out[k]), None)
            if back is not None and back < data["steps"]:
                want.add(back)
    grid = [(float(t), step_shown(name, data, float(t))) for t in np.linspace(0.0, end, 3000)]
    found = {}
    for t, s in grid:
        k = int(round(s))
        if k in want and abs(s - k) < 0.2 and k not in found:
            found[k] = t
    return sorted(((t, k) for k, t in found.items()), key=lambda x: x[1]) + [(end, None)]


def _check(name, data, arrows, at=None):
    """`arrows`: (colour, tail, head, opacity) in data units of the run's window, one per arrow drawn;
    `at` the step shown (None: the last)."""
    want = expected(name, data, at)
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
        for t, step in moments(name, spec, data):
            update(t)
            arrows = [(to_hex(a.get_edgecolor()), *np.array(a._posA_posB), a.get_alpha() or 0.0)
                      for ax in fig.axes for a in ax.patches if isinstance(a, FancyArrowPatch)]
            _check(name, data, arrows, step)
        update(0.0)  # before the run starts, no arrow shows
        assert all((a.get_alpha() or 0.0) == 0.0 for ax in fig.axes for a in ax.patches
                   if isinstance(a, FancyArrowPatch))


MANIM_CASES = [("ravine", {"lr": 0.07}), ("escape", {"lr": 0.05, "momentum": 0.95, "start_x": 1.95}),
               ("compare", {"tune": False, "lr": 0.1}),
               ("compare", {"landscape": "rosenbrock", "optimizers": "sgd,momentum,nesterov,adam"})]


@pytest.mark.parametrize("item", MANIM_CASES, ids=[f"{n}-{c}" for n, c in MANIM_CASES])
def test_manim_draws_an_arrow_for_each_run_that_leaves(item):
    import manim as mn

    from scenes.output.frames.manim_frames import scene_states

    name, case = item
    spec, data = scenes.get(name), _data(name, case)
    panels = _panels(name, data)
    times = moments(name, spec, data, 1)
    for (t, step), (scene, _m, _s) in zip(times, scene_states(spec.manim_scene(), data, DARK, 854, 480, 15,
                                                              [t for t, _ in times], static_image=False)):
        found = [m for m in _family(scene.mobjects) if isinstance(m, mn.Arrow)]
        arrows = []
        for arrow in found:
            a, b = arrow.get_start(), arrow.get_end()
            panel = next(p for p in panels if _inside_box(p, b))
            arrows.append((to_hex(arrow.get_color().to_hex()), _to_data(panel, a), _to_data(panel, b),
                           float(np.max(arrow.get_stroke_opacities()))))
        _check(name, data, arrows, step)


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
