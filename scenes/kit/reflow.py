"""Reflow: how a scene's 16:9 design moves onto a 4:3, 1:1 or 9:16 canvas.

Every scene is designed once on the 16:9 canvas (`scenes.kit.layout`), in figure fractions. For another
aspect it declares a `Flow`: its design cut into zones (the title, the legend, each plot with its
headings), and for each aspect the rows those zones go in, top to bottom. `Flow.arrange` places them:

- a row is as tall as its tallest fixed zone; rows holding a plot share the height the fixed rows leave;
- zones keep their order in a row, `align="left"` ones from the left edge, `"right"` ones from the right;
  a row whose zones are too wide for the canvas wraps onto the next row (so panels stack on 9:16);
- a zone keeps its design size in inches (`fit="fixed"`, text), scales uniformly to its slot
  (`fit="scale"`, plots whose data units must stay square) or fills it (`fit="stretch"`, other plots).

Each zone's move maps figure fractions axis by axis, linearly (piecewise for a stretched plot, whose
margins keep their inches); a point belongs to the zone that contains it (or the nearest one), a plot
to the zone that contains its box's centre. Font sizes never change: a zone's text is as large at
every aspect (only a text the narrower canvas would cut is shrunk to fit, `scenes.kit.mpl.draw`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

DESIGN_IN = (12.8, 7.2)  # the design canvas, in inches (theme.FIG_W x FIG_H)
MIN_PLOT_IN = 2.4  # the narrowest a stretched plot's box gets beside a scaled one, in inches
SQUEEZE = {"stretch": 0.5, "scale": 0.5}  # the least share of its design width a plot zone takes before its row wraps


@dataclass(frozen=True)
class Zone:
    """A part of the 16:9 design: rect = (x0, y0, x1, y1) in its figure fractions."""

    name: str
    rect: tuple[float, float, float, float]
    fit: str = "fixed"  # fixed | scale | stretch
    align: str = "left"  # left | right
    inner: tuple[float, float, float, float] | None = None  # stretch: the part that stretches (the plot's
    # box, x0, y0, x1, y1); the margins around it, where tick labels sit, keep their size in inches
    min_in: float | None = None  # stretch: the least width of that box, in inches (default MIN_PLOT_IN)
    min_h: float = 0.0  # stretch: the least height of that box, in inches

    def inches(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.rect
        return (x1 - x0) * DESIGN_IN[0], (y1 - y0) * DESIGN_IN[1]


@dataclass(frozen=True)
class Flow:
    """A scene's zones and, per aspect ("4:3", "1:1", "9:16"), its rows of zone names, top row first.
    An aspect without rows stacks every zone in its own row (tall canvases) or keeps the design's rows
    (wider ones), wrapping where needed."""

    zones: tuple[Zone, ...]
    rows: dict = field(default_factory=dict)

    def zone(self, name: str) -> Zone:
        return next(z for z in self.zones if z.name == name)

    def rows_for(self, aspect: str, width_in: float, height_in: float) -> list[list[Zone]]:
        if aspect in self.rows:
            rows = [[self.zone(n) for n in row] for row in self.rows[aspect]]
        elif height_in > width_in:
            rows = [[z] for z in sorted(self.zones, key=lambda z: (-z.rect[3], z.rect[0]))]
        else:
            rows = _design_rows(self.zones)
        return [part for row in rows for part in _wrap(row, width_in)]

    def arrange(self, aspect: str, width_in: float, height_in: float) -> dict[str, tuple]:
        """Zone name -> (x knots, their images, y knots, their images): that zone's map (`apply`)."""
        rows = self.rows_for(aspect, width_in, height_in)
        heights = _row_heights(rows, height_in)
        gap = 0.0 if any(z.fit != "fixed" for row in rows for z in row) else \
            max(height_in - sum(heights), 0.0) / (len(rows) + 1)
        maps, top = {}, height_in - gap
        for row, row_h in zip(rows, heights):
            for z, (left, width) in zip(row, _columns(row, width_in)):
                maps[z.name] = _affine(z, left, top, width, row_h, width_in, height_in)
            top -= row_h + gap
        return maps


def _row_heights(rows: list[list[Zone]], height_in: float) -> list[float]:
    """Each row's height in inches: a row of text zones is as tall as its tallest; rows holding a plot
    share what is left in proportion to their design heights, each at least as tall as its text zones."""
    flexible = [any(z.fit != "fixed" for z in row) for row in rows]
    natural = [max(z.inches()[1] for z in row) for row in rows]
    least = [max([_least_height(z) for z in row], default=0.0) for row in rows]
    heights = [0.0 if f else h for h, f in zip(natural, flexible)]
    free = [i for i, f in enumerate(flexible) if f]
    while free:
        spare = height_in - sum(heights[i] for i in range(len(rows)) if i not in free)
        total = sum(natural[i] for i in free)
        short = [i for i in free if spare * natural[i] / total < least[i]]
        if not short:
            for i in free:
                heights[i] = spare * natural[i] / total
            break
        for i in short:
            heights[i] = least[i]
        free = [i for i in free if i not in short]
    return heights


def _design_rows(zones) -> list[list[Zone]]:
    """Zones grouped into rows by overlapping heights, top row first, left to right within a row."""
    rows: list[list[Zone]] = []
    for z in sorted(zones, key=lambda z: -z.rect[3]):
        for row in rows:
            if min(r.rect[3] for r in row) > z.rect[1] + 1e-9 and z.rect[3] > max(r.rect[1] for r in row) + 1e-9:
                row.append(z)
                break
        else:
            rows.append([z])
    return [sorted(row, key=lambda z: z.rect[0]) for row in rows]


def _need(z: Zone) -> float:
    w = z.inches()[0]
    return w if z.fit == "fixed" else SQUEEZE[z.fit] * w


def _wrap(row: list[Zone], width_in: float) -> list[list[Zone]]:
    out, cur = [], []
    for z in row:
        if cur and sum(_need(c) for c in cur) + _need(z) > width_in + 1e-9:
            out.append(cur)
            cur = []
        cur.append(z)
    return out + [cur] if cur else out


def _columns(row: list[Zone], width_in: float) -> list[tuple[float, float]]:
    """(left, width) in inches for each zone of a row: fixed zones at their width, plots sharing the rest."""
    fixed = sum(z.inches()[0] for z in row if z.fit == "fixed")
    flex = sum(z.inches()[0] for z in row if z.fit != "fixed")
    share = max(width_in - fixed, 0.0) / flex if flex else 0.0
    widths = [min(z.inches()[0], width_in) if z.fit == "fixed" else z.inches()[0] * share for z in row]
    # A stretched plot's box keeps its least width (`min_in`), taken from the plots that scale (a contour
    # map) and from what other stretched plots have beyond theirs.
    need = [_margins(z) + (z.min_in or MIN_PLOT_IN) if z.fit == "stretch" else 0.0 for z in row]
    give = [w if z.fit == "scale" else max(w - n, 0.0) if z.fit == "stretch" else 0.0
            for z, w, n in zip(row, widths, need)]
    deficit = sum(max(n - w, 0.0) for n, w in zip(need, widths))
    if deficit > 0 and sum(give) > 0:  # as much as the others can give
        got = min(deficit, sum(give))
        widths = [w + (n - w) * got / deficit if w < n else w - g * got / sum(give)
                  for w, n, g in zip(widths, need, give)]
    lefts, x = [0.0] * len(row), 0.0
    for i, z in enumerate(row):
        if z.align != "right":
            lefts[i], x = x, x + widths[i]
    x = width_in
    for i in reversed(range(len(row))):
        if row[i].align == "right":
            x -= widths[i]
            lefts[i] = x
    if len(row) == 1 and row[0].fit == "fixed" and row[0].align == "center":
        lefts[0] = (width_in - widths[0]) / 2
    return list(zip(lefts, widths))


def _least_height(z: Zone) -> float:
    """A text zone's height; a stretched plot's margins above and below its box plus its least height."""
    if z.fit == "fixed":
        return z.inches()[1]
    if z.fit == "stretch":
        _, j0, _, j1 = z.inner or z.rect
        return (j0 - z.rect[1] + z.rect[3] - j1) * DESIGN_IN[1] + z.min_h
    return 0.0


def _margins(z: Zone) -> float:
    """The inches left and right of a stretched zone's plot box."""
    i0, _, i1, _ = z.inner or z.rect
    return (i0 - z.rect[0] + z.rect[2] - i1) * DESIGN_IN[0]


def _affine(z: Zone, left: float, top: float, width: float, height: float, W: float, H: float) -> tuple:
    """The map taking the zone's design rect into the slot (left, top, width, height in inches): for
    each axis, design fractions (knots) and where they land in this canvas's fractions; between and
    beyond the knots the map is linear."""
    x0, y0, x1, y1 = z.rect
    DW, DH = DESIGN_IN
    if z.fit == "stretch":
        i0, j0, i1, j1 = z.inner or z.rect
        right, bottom = left + width, top - height
        xs = ((x0, i0, i1, x1), (left / W, (left + (i0 - x0) * DW) / W, (right - (x1 - i1) * DW) / W, right / W))
        ys = ((y0, j0, j1, y1), (bottom / H, (bottom + (j0 - y0) * DH) / H, (top - (y1 - j1) * DH) / H, top / H))
        return xs + ys
    zw, zh = z.inches()
    s = min(width / zw, height / zh) if z.fit == "scale" else 1.0
    if z.fit == "scale":  # centred in its slot
        left += (width - zw * s) / 2
        top -= (height - zh * s) / 2
    return ((x0, x1), (left / W, (left + zw * s) / W), (y0, y1), ((top - zh * s) / H, top / H))


def apply(knots_in, knots_out, v):
    """The piecewise-linear map through the knots, extended linearly beyond the first and last."""
    import numpy as np

    v = np.asarray(v, dtype=float)
    kin, kout = np.asarray(knots_in), np.asarray(knots_out)
    out = np.interp(v, kin, kout)
    lo_slope = (kout[1] - kout[0]) / (kin[1] - kin[0])
    hi_slope = (kout[-1] - kout[-2]) / (kin[-1] - kin[-2])
    out = np.where(v < kin[0], kout[0] + (v - kin[0]) * lo_slope, out)
    return np.where(v > kin[-1], kout[-1] + (v - kin[-1]) * hi_slope, out)


def zone_at(flow: Flow, fx: float, fy: float, names=None) -> Zone:
    """The zone containing a design point, or the nearest one, among `names` (default: all); zones an
    aspect does not use may overlap the ones it does."""
    def distance(z: Zone) -> float:
        x0, y0, x1, y1 = z.rect
        return max(x0 - fx, 0.0, fx - x1) + max(y0 - fy, 0.0, fy - y1)

    return min((z for z in flow.zones if names is None or z.name in names), key=distance)
