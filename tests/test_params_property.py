"""Property tests: random values thrown at every scene's parameter validation, and at make_data."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scenes

from scenes.kit.params import ParamError, resolve

SCENES = scenes.names()
ANY_TEXT = st.one_of(
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-10**12, max_value=10**12).map(str),
    st.sampled_from(["nan", "inf", "-inf", "1e9", "1e-400", "", " ", "true", "auto", "0x10", "1_000"]),
)


def in_bounds(value, p) -> bool:
    if p.kind == "bool":
        return isinstance(value, bool)
    if p.kind == "choice":
        return value in p.choices
    if p.kind == "text":
        return (value is None and p.default is None) or (isinstance(value, str) and value == p.parse(value))
    if value is None:
        return p.default is None
    return math.isfinite(value) and p.low <= value <= p.high and (p.kind != "int" or value == int(value))


@pytest.mark.parametrize("scene", SCENES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_parse_accepts_only_valid_values(scene, data):
    spec = scenes.get(scene)
    for p in spec.params:
        text = data.draw(ANY_TEXT)
        try:
            value = p.parse(text)
        except ParamError as exc:
            assert str(exc) and "\n" not in str(exc)
        else:
            assert in_bounds(value, p), (p.name, text, value)


@pytest.mark.parametrize("scene", SCENES)
@settings(max_examples=20, deadline=None)
@given(key=st.text(min_size=1, max_size=10))
def test_unknown_keys_are_refused_by_name(scene, key):
    spec = scenes.get(scene)
    if key in {p.name for p in spec.params}:
        return
    with pytest.raises(ParamError, match="has no parameter"):
        resolve(spec.params, {key: "1"}, scene)


def value_for(p):
    """A strategy of valid values for one parameter."""
    if p.kind == "bool":
        return st.booleans()
    if p.kind == "choice":
        return st.sampled_from(p.choices)
    if p.kind == "text":
        return st.just(p.default)
    if p.kind == "int":
        high = min(int(p.high), int(p.low) + 200)  # keep the simulations short
        return st.integers(min_value=int(p.low), max_value=high)
    return st.floats(min_value=p.low, max_value=p.high, allow_nan=False)


def finite_arrays(obj) -> bool:
    if isinstance(obj, dict):
        return all(finite_arrays(v) for v in obj.values())
    if isinstance(obj, (list, tuple)):
        return all(finite_arrays(v) for v in obj)
    if isinstance(obj, np.ndarray) and obj.dtype.kind == "f":
        return bool(np.all(np.isfinite(obj)))
    return True


@pytest.mark.parametrize("scene", SCENES)
@settings(max_examples=6, deadline=None)
@given(data=st.data())
def test_valid_parameters_never_crash_make_data(scene, data):
    """Any in-bounds values either give data the drawing code can use, or a one-line ParamError."""
    spec = scenes.get(scene)
    overrides = {p.name: data.draw(value_for(p), label=p.name) for p in spec.params if p.name != "recompute"}
    params = resolve(spec.params, overrides, scene)
    try:
        out = spec.make_data(params)
    except ParamError:
        return
    assert spec.duration(out) > 0
    spec.outcome(out)
    assert finite_arrays({k: v for k, v in out.items() if not k.startswith("raw_")}), \
        "NaN or inf would reach a frame"


BOUNDARY_CASES = [(name, p.name, v) for name in SCENES for p in scenes.get(name).params
                  if p.kind in ("int", "float") and p.name not in ("epochs",) for v in (p.low, p.high)]


@pytest.mark.parametrize("scene, key, value", BOUNDARY_CASES)
def test_parameter_bounds_are_safe(scene, key, value):
    """Each parameter at its own bounds (a large lr, momentum near 1, most steps): usable data or a ParamError."""
    spec = scenes.get(scene)
    params = resolve(spec.params, {key: value}, scene)
    try:
        out = spec.make_data(params)
    except ParamError as exc:
        assert "\n" not in str(exc)
        return
    assert spec.duration(out) > 0
    drawn = {k: v for k, v in out.items() if not k.startswith("raw_")}  # raw_*: kept for the sidecar, never drawn
    assert finite_arrays(drawn), "NaN or inf would reach a frame"
