"""What the contour scenes say each run did, and the arrows they draw at the end, swept over parameter points
where runs stall off the map, stray off it and come back, leave it for good, diverge and stay inside.

Everything expected comes from this file's own loops over the raw positions and losses: a run diverged when
its last loss is not finite, or when it ends above its start with the peak of f − min f over the last fifth
of its steps at least twice the peak over the fifth before; it is off the map at a step when a coordinate is
not finite or lies beyond the window. A run that ends off the map without diverging is said to leave the map
(at its first step outside); one that comes back is said to stray (at that step); one that diverges is
said to; no other run is. At the end an arrow is drawn for exactly the runs that end outside.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pytest
from matplotlib.colors import to_hex

import scenes
from scenes.kit.params import resolve
from scenes.kit.theme import THEMES

DARK = THEMES["dark"]


def own_diverged(values) -> bool:
    v = [float(x) for x in values]
    if not math.isfinite(v[-1]):
        return True
    if v[-1] <= v[0]:
        return False
    w = max(1, (len(v) - 1) // 5)
    low = min(v)
    last, before = max(x - low for x in v[-w:]), max(x - low for x in v[-2 * w:-w])
    return last > 0 and last >= 2 * before


def own_outside(run, xlim, ylim) -> list[bool]:
    return [not (math.isfinite(x) and math.isfinite(y) and xlim[0] <= x <= xlim[1] and ylim[0] <= y <= ylim[1])
            for x, y in run]


def window(name, data):
    if name == "compare":
        return tuple(data["xlim"]), tuple(data["ylim"])
    mod = __import__(f"scenes.{name.replace('-', '_')}.data", fromlist=["XLIM"])
    return mod.XLIM, mod.YLIM


def values_of(name, data):
    if name == "escape":
        from sim import landscapes
        well = landscapes.DoubleWell()
        return [well.value(np.asarray(r)) for r in data["raw_positions"]]
    return list(data["raw_values"])


POINTS = [
    ("flavours", {"dampening": 1.0}), ("flavours", {"dampening": 1.0, "lr": 0.01}),
    ("flavours", {"dampening": 1.0, "lr": 0.002}), ("flavours", {"lr": 0.06}), ("flavours", {"lr": 0.1, "steps": 30}),
    ("ravine", {"lr": 0.066}), ("ravine", {"lr": 0.07}), ("ravine", {"momentum": 0.99}), ("ravine", {}),
    ("momentum-rate", {"lr": 0.066}), ("momentum-rate", {"large": 0.99}),
    ("compare", {"tune": False, "lr": 0.1}), ("compare", {"tune": False, "lr": 0.03}),
    ("escape", {"lr": 0.05, "momentum": 0.95, "start_x": 1.95}), ("escape", {"lr": 0.05, "momentum": 0.9, "start_x": 1.95, "start_y": 1.1}),
    ("escape", {}),
]
_DATA: dict = {}


def data_of(name, case):
    key = (name, tuple(sorted(case.items())))
    if key not in _DATA:
        spec = scenes.get(name)
        _DATA[key] = spec.make_data(resolve(spec.params, case, name))
    return _DATA[key]


def fates(name, data):
    """Per run: (diverged, first step outside or None, ends outside)."""
    xlim, ylim = window(name, data)
    out = []
    for run, vals in zip(data["raw_positions"], values_of(name, data)):
        off = own_outside(run, xlim, ylim)
        finite_off = [k for k, o in enumerate(off) if o and all(math.isfinite(c) for c in run[k])]
        out.append((own_diverged(vals), finite_off[0] if finite_off else None, off[-1]))
    return out


def test_the_sweep_covers_every_fate():
    seen = [f for name, case in POINTS for f in fates(name, data_of(name, case))]
    assert any(d for d, _, _ in seen), "a run that diverges"
    assert any(not d and e for d, _, e in seen), "a run that ends off the map without diverging"
    assert any(not d and s is not None and not e for d, s, e in seen), "a run that strays and comes back"
    assert any(not d and s is None for d, s, _ in seen), "a run that stays inside"


def said(name, data) -> str:
    return " ".join(b["caption"] for b in data["story"]["beats"])


def names_of(name, data):
    if name == "escape":
        return ["gradient descent", "momentum"] * 2
    return list(data["labels"])


@pytest.mark.parametrize("item", POINTS, ids=[f"{n}-{c}" for n, c in POINTS])
def test_words_say_what_each_run_did(item):
    name, case = item
    data = data_of(name, case)
    text = said(name, data)
    if name == "escape":  # the closing beat speaks of the left panel, then the right
        left, right = data["story"]["beats"][-1]["caption"].split("; right: ")
    for i, (gone, first, ends_out) in enumerate(fates(name, data)):
        who = names_of(name, data)[i]
        if name in ("flavours", "ravine", "momentum-rate"):
            assert bool(data["diverged"][i]) == gone, (who, gone)
            says_diverges = re.search(r"(^|, |and |\. )" + re.escape(who) + " diverges", text, re.I)
            assert bool(says_diverges) == gone, (who, gone, text)
        if name == "escape" and gone:
            continue
        if name == "compare" and data["diverged"][i]:
            continue
        where = text if name != "escape" else (left if i < 2 else right)
        if first is None:
            assert f"{who} leaves the map" not in where and f"{who} strays off the map" not in where
        elif ends_out and not gone:
            assert re.search(re.escape(who) + r" (\w+ )?leaves the map at step " + str(first) + r"\b", where, re.I) \
                or (name == "escape" and f"leaving the map at step {first}" in where), (who, where)
            assert not re.search(r"(^|, |and )" + re.escape(who) + " (blows up|diverges)", where, re.I)
        elif not gone:
            assert f"strays off the map at step {first}" in where or \
                f"stray off the map (at steps" in where or f"leaving the map at step {first} (" in where, (who, where)


@pytest.mark.parametrize("item", [p for p in POINTS if p[0] != "compare"] + [("compare", {"tune": False, "lr": 0.1})],
                         ids=lambda p: f"{p[0]}-{p[1]}")
def test_arrows_at_the_end_mark_exactly_the_runs_that_end_outside(item):
    import matplotlib
    from matplotlib.patches import FancyArrowPatch

    from scenes.kit.mpl import _rc, draw, make_figure

    name, case = item
    spec, data = scenes.get(name), data_of(name, case)
    with matplotlib.rc_context(_rc(DARK)):
        fig = make_figure(854, 480, DARK)
        update = draw(spec.draw_mpl, fig, data, DARK)
        update(float(spec.duration(data)))
        shown = [to_hex(a.get_edgecolor()) for ax in fig.axes for a in ax.patches
                 if isinstance(a, FancyArrowPatch) and (a.get_alpha() or 0.0) > 0.5]
    ending_out = [e for _, _, e in fates(name, data)]
    assert len(shown) == sum(ending_out), (ending_out, shown)
