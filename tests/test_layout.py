"""The layout check, for every scene in both backends: at the defaults, at the extremes of each parameter
and at the parameter sets that change the outcome (`SceneSpec.examples`), no two pieces of text overlap
and none leaves the frame, at the start, the middle and the end of the clip; and at the defaults at every
other aspect (4:3, 1:1, 9:16)."""
from __future__ import annotations

import pytest

import scenes

from scenes.kit.layout import Canvas
from scenes.output.frames.layout_check import manim_boxes, mpl_boxes, problems
from scenes.kit.params import ParamError, resolve
from scenes.output.plan.pipeline import QUALITIES
from scenes.kit.theme import THEMES

W, H, FPS = QUALITIES["low"]

# Parameters whose extremes only change what work is done, not what is drawn (and would retrain a
# network with torch): the training scene's retraining switches.
NOT_DRAWN = {("training", "recompute"), ("training", "epochs"), ("training", "device")}


def cases_for(spec) -> list[dict]:
    """The defaults, each parameter at its bounds (every choice, both booleans) and the scene's examples."""
    cases = [{}]
    for p in spec.params:
        if (spec.name, p.name) in NOT_DRAWN:
            continue
        if p.kind == "choice":
            values = [c for c in p.choices if c != p.default]
        elif p.kind == "bool":
            values = [not p.default]
        else:
            values = [v for v in (p.low, p.high) if v is not None and v != p.default]
        cases += [{p.name: v} for v in values]
    cases += [dict(e) for e in spec.examples]
    return cases


CASES = [(name, case) for name in scenes.names() for case in cases_for(scenes.get(name))]


def _id(item) -> str:
    name, case = item
    return name + ("[" + ",".join(f"{k}={v}" for k, v in case.items()) + "]" if case else "[defaults]")


def _data(spec, case):
    """The scene's data, or None where the scene refuses the parameters with one clear line. Worked out
    once per case in a process: both backends' checks of a case read the same data."""
    key = (spec.name, _key(case))
    if key not in _DATA:
        try:
            _DATA[key] = spec.make_data(resolve(spec.params, case, spec.name))
        except ParamError as exc:
            message = str(exc)
            assert message and "\n" not in message
            _DATA[key] = None
    return _DATA[key]


_DATA: dict = {}
_BOXES: dict = {}  # (backend, scene, case) -> [(t, boxes)]: a case listed twice is measured once


def _key(case: dict) -> tuple:
    return tuple(sorted(case.items()))


def _measured(key, measure, *args, **kwargs) -> list:
    """`measure(*args, **kwargs)` read to its end, once per key in a process."""
    if key not in _BOXES:
        _BOXES[key] = list(measure(*args, **kwargs))
    return _BOXES[key]


def _times(spec, data) -> list[float]:
    d = float(spec.duration(data))
    return [0.0, d / 2, d]


@pytest.mark.parametrize("item", CASES, ids=[_id(c) for c in CASES])
def test_matplotlib_text_fits(item):
    name, case = item
    spec = scenes.get(name)
    data = _data(spec, case)
    if data is None:
        return
    seen = 0
    for t, boxes in _measured(("mpl", name, _key(case)), mpl_boxes, spec.draw_mpl, data, THEMES["dark"], W, H,
                              _times(spec, data)):
        seen += len(boxes)
        assert problems(boxes, W, H) == [], f"{_id(item)} at t={t:.2f}s (matplotlib)"
    assert seen > 0, "no text was measured"


@pytest.mark.parametrize("item", CASES, ids=[_id(c) for c in CASES])
def test_manim_text_fits(item, run_tmp):
    name, case = item
    spec = scenes.get(name)
    data = _data(spec, case)
    if data is None:
        return
    cache = run_tmp / "layout-cache"  # typeset text, shared by every worker of the run
    seen = 0
    for t, boxes in _measured(("manim", name, _key(case)), manim_boxes, spec.manim_scene(), data, THEMES["dark"],
                              W, H, FPS, _times(spec, data), cache_dir=cache):
        seen += len(boxes)
        assert problems(boxes, W, H) == [], f"{_id(item)} at t={t:.2f}s (Manim)"
    assert seen > 0, "no text was measured"


# Every scene at the other aspects, at its defaults: the reflowed layout (`scenes.kit.reflow`) keeps the
# same promise.
ASPECT_CASES = [(name, aspect) for name in scenes.names() for aspect in ("4:3", "1:1", "9:16")]


def _aspect_id(item) -> str:
    return f"{item[0]}[{item[1]}]"


@pytest.mark.parametrize("item", ASPECT_CASES, ids=[_aspect_id(c) for c in ASPECT_CASES])
def test_matplotlib_text_fits_at_every_aspect(item):
    name, aspect = item
    spec = scenes.get(name)
    data = _data(spec, {})
    canvas = Canvas(aspect, spec.flow)
    w, h = canvas.pixels(H)
    seen = 0
    for t, boxes in mpl_boxes(spec.draw_mpl, data, THEMES["dark"], w, h, _times(spec, data), canvas=canvas):
        seen += len(boxes)
        assert problems(boxes, w, h) == [], f"{_aspect_id(item)} at t={t:.2f}s (matplotlib)"
    assert seen > 0, "no text was measured"


@pytest.mark.parametrize("item", ASPECT_CASES, ids=[_aspect_id(c) for c in ASPECT_CASES])
def test_manim_text_fits_at_every_aspect(item, run_tmp):
    name, aspect = item
    spec = scenes.get(name)
    data = _data(spec, {})
    canvas = Canvas(aspect, spec.flow)
    w, h = canvas.pixels(H)
    cache = run_tmp / "layout-cache"
    seen = 0
    for t, boxes in manim_boxes(spec.manim_scene(), data, THEMES["dark"], w, h, FPS, _times(spec, data),
                                cache_dir=cache, canvas=canvas):
        seen += len(boxes)
        assert problems(boxes, w, h) == [], f"{_aspect_id(item)} at t={t:.2f}s (Manim)"
    assert seen > 0, "no text was measured"


def test_the_manim_check_saves_what_it_typeset(tmp_path):
    """The check reads the scene's states to their end, where the private media folder's typeset text
    and formulas are published to the shared cache: the next check of the scene starts warm."""
    spec = scenes.get("valley")
    data = _data(spec, {})
    cache = tmp_path / "cache"
    measured = list(manim_boxes(spec.manim_scene(), data, THEMES["dark"], W, H, FPS, [0.0], cache_dir=cache))
    assert [t for t, _ in measured] == [0.0] and measured[0][1]
    saved = [p.name for p in (cache / "manim").rglob("*") if p.is_file()]
    assert any(name.endswith(".svg") for name in saved), saved
