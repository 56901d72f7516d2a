"""What every scene's web page is made of: the slider grid, its panels and layers, compact numbers.

A page's data is a grid of real `sim` runs, one per slider combination, computed at export time in one
`sim.simulate` call: the runs of a batch share a landscape and a start, and each has its own α and β
(`sim.SGD` takes one value per run), exactly as if it were run alone.

A page (`page(...)`) is a plain JSON-able dict read by the player in `scenes.output.formats.web`:

    sliders  [{key, label, values, index}]: the grid's axes; point i of `points` is the row-major index
             over the sliders' value indices (the first slider varies slowest)
    panels   [{box, narrow, x, y, log_y, equal, x_label, y_label, layers, and optionally axes, y_ticks}]:
             boxes are (left, top, width, height) in fractions of the canvas (`narrow`: the layout below
             560 px); layers are static lines and markers drawn under the runs
    points   [{title, verdict, numbers: [[label, text, value]], series: [{panel, x, y, color, label}],
             and optionally lines and marks of that point alone, each with its panel, and layers: lines
             drawn with the axes, as indices into `shared` (a landscape that a slider changes)}]
    steps    the runs' steps: the player's scrubber goes from 0 to steps (a point's own `steps`, where it
             has one, overrides it: a slider that sets the number of samples; so does its `speed`)
    shared   series and lines that several points draw (`Shared`): a point names one by its index
    pad      optional {panel, label, points: [[x, y, {slider key: value}]]}: the panel that draws an (x, y)
             map becomes a two-dimensional control; a click or drag picks the listed point nearest the
             pointer (in pixels) and sets each named slider, arrow keys move to the neighbouring point,
             `label` is its accessible name
    presets  optional [{label, values: {slider key: value}}]: one button each, setting those sliders
"""
from __future__ import annotations

import itertools
import math
from typing import Any, Iterable

import numpy as np

NARROW_PX = 560  # below this width the player stacks the panels (the `narrow` boxes)


def slider(key: str, label: str, values: Iterable[float], default: float | None, digits: int = 2,
           significant: bool = False) -> dict:
    """One slider: its grid values, with `default` added where it is not one of them (a value the reader
    asked for with --set is simulated, not snapped away), and the index of `default` (the first if None).
    The player shows a value with `digits` decimals, or `digits` significant digits if `significant`."""
    values = sorted(float(v) for v in values)
    if default is not None and min(abs(v - float(default)) for v in values) > 1e-12:
        values = sorted(values + [float(default)])
    index = 0 if default is None else int(np.argmin([abs(v - float(default)) for v in values]))
    return {"key": key, "label": label, "values": values, "index": index, "digits": digits,
            "significant": significant}


def combos(sliders: list[dict]) -> list[dict[str, float]]:
    """Every slider combination, row-major (the first slider varies slowest), as {key: value}."""
    keys = [s["key"] for s in sliders]
    return [dict(zip(keys, vals)) for vals in itertools.product(*(s["values"] for s in sliders))]


def nums(a, digits: int = 5) -> list:
    """A float array as a JSON list with `digits` significant digits; inf and nan become None (a gap)."""
    out = []
    for v in np.asarray(a, dtype=np.float64).ravel():
        out.append(float(f"{v:.{digits}g}") if math.isfinite(v) else None)
    return out


def series(panel: int, x, y, color: str, label: str = "", ball: bool = True, trail: bool = True,
           digits: int = 5, style: str = "path") -> dict:
    """A run drawn step by step: point k of (x, y) is where it is at step k. Style "path": `trail`
    draws the path up to the current step and `ball` a big dot on it (else a small one); "bars": a bar
    from 0 to y_k grows at step k; "dots": a dot at each (x_k, y_k) reached."""
    return {"panel": panel, "x": nums(x, digits), "y": nums(y, digits), "color": color, "label": label,
            "ball": ball, "trail": trail, "style": style}


class Shared:
    """Entries drawn by several grid points, stored once: `ref(key, make)` is the index of the entry made
    by `make()` the first time `key` is asked for (a run that depends on fewer sliders than the grid)."""

    def __init__(self):
        self.items: list[dict] = []
        self._index: dict = {}

    def ref(self, key, make) -> int:
        if key not in self._index:
            self._index[key] = len(self.items)
            self.items.append(make())
        return self._index[key]


def scene_points(make_data, params: dict, grid: list[dict]) -> list[dict]:
    """The scene's own `make_data` at every grid point (for the scenes whose data is a few short 1-D
    loops, where the whole scene's computation per point costs less than a frame of video)."""
    return [make_data({**params, **g}) for g in grid]


def line(x, y, color: str, width: float = 2.0, dash: bool = False, digits: int = 5, alpha: float = 1.0) -> dict:
    """A static polyline drawn under the runs (`alpha` < 1: see-through, a contour under the paths)."""
    out = {"kind": "line", "x": nums(x, digits), "y": nums(y, digits), "color": color, "width": width,
           "dash": dash}
    if alpha != 1.0:
        out["alpha"] = float(alpha)
    return out


def mark(x: float, y: float, color: str, label: str = "") -> dict:
    """A static marker (a small ring) with an optional label."""
    return {"kind": "mark", "x": float(x), "y": float(y), "color": color, "label": label}


def panel(box, x_range, y_range, narrow=None, log_y: bool = False, equal: bool = False, x_label: str = "",
          y_label: str = "", layers: list | None = None, axes: bool = True, y_ticks=None) -> dict:
    """One panel. `x_label` is written under it, `y_label` (its title) above it, each wrapped to the
    panel's width; `axes=False`: a drawing with no frame and no ticks (a graph's layout); `y_ticks`:
    [(value, name)], the y axis' ticks named (p̄₁ … p̄₆) instead of numbered."""
    out = {"box": list(box), "narrow": list(narrow or box), "x": list(map(float, x_range)),
           "y": list(map(float, y_range)), "log_y": log_y, "equal": equal, "x_label": x_label,
           "y_label": y_label, "layers": list(layers or [])}
    if not axes:
        out["axes"] = False
    if y_ticks is not None:
        out["y_ticks"] = [[float(v), str(name)] for v, name in y_ticks]
    return out


def number(label: str, text: str, value: Any = None) -> list:
    """A row of the numbers table: what it is, as printed, and the value a test compares."""
    return [label, text, value]


def page(scene: str, steps: int, sliders: list[dict], panels: list[dict], points: list[dict],
         aspect: float = 16 / 9, narrow_aspect: float = 0.8, speed: float = 12.0, legend=(),
         note: str = "", click: dict | None = None, shared: Shared | None = None, pad: dict | None = None,
         presets: list[dict] | None = None, scrub: tuple[str, str] = ("step", "step")) -> dict:
    """The page's data (see the module docstring); `click` = {panel, x, y}: clicking that panel sets the
    sliders named x and y to the grid values nearest the point clicked; `pad` and `presets` as there;
    `scrub`: the player's scrubber's label and its counter's word ("step 12 / 40"), other words where a
    slider of the page also counts steps."""
    total = math.prod(len(s["values"]) for s in sliders)
    if len(points) != total:
        raise ValueError(f"{len(points)} points for a grid of {total}")
    out = {"scene": scene, "steps": int(steps), "sliders": sliders, "panels": panels, "points": points,
           "aspect": aspect, "narrow_aspect": narrow_aspect, "speed": float(speed), "legend": list(legend),
           "note": note, "click": click, "shared": [] if shared is None else shared.items,
           "scrub": {"label": scrub[0], "counter": scrub[1]}}
    if pad is not None:
        out["pad"] = pad
    if presets:
        out["presets"] = list(presets)
    check_controls(out)
    return out


def pad(panel: int, label: str, points: Iterable) -> dict:
    """A two-dimensional control over panel `panel`: points are (x, y, {slider key: value})."""
    return {"panel": int(panel), "label": label,
            "points": [[float(x), float(y), {k: float(v) for k, v in values.items()}] for x, y, values in points]}


def preset(label: str, values: dict) -> dict:
    """A button that sets the sliders named in `values` to their grid values nearest these."""
    return {"label": label, "values": {k: float(v) for k, v in values.items()}}


def check_controls(data: dict) -> None:
    """A page's pad and presets name only its sliders and panels (ValueError otherwise)."""
    keys = {s["key"] for s in data["sliders"]}
    named = [p["values"] for p in data.get("presets") or []]
    if data.get("pad") is not None:
        pad_ = data["pad"]
        if not 0 <= pad_["panel"] < len(data["panels"]) or not pad_["label"] or not pad_["points"]:
            raise ValueError("the pad needs a panel of the page, a label and at least one point")
        named += [q[2] for q in pad_["points"]]
    for values in named:
        if not set(values) <= keys:
            raise ValueError(f"the pad or a preset sets {sorted(set(values) - keys)}, which are not sliders")
