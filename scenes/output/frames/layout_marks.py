"""What a frame draws besides its text, for the layout check: curves, markers, balls, arrows, heat maps.

Each drawn thing becomes a `Mark` in pixels of the output frame (y up, as `layout_check.TextBox`):
- strokes (a curve, a trail, an arrow's shaft, a dashed line) are segments, each `pad` pixels either side
  of its centre line (half the line width);
- solid shapes (a ball, a marker, an arrow's head, a heat map) are boxes.

What is not data is left out, the same in both backends: the frame's furniture (axes, ticks, spines,
panel borders, reference lines: a straight line parallel to an axis with at most five corners is
furniture), contour lines and filled contour bands (the map under the runs), large or translucent filled areas (a
band, a background, a shaded span; matplotlib's patches), and whatever has faded out (opacity below
`MIN_OPACITY`).

A text clashes with a mark when a segment, widened by its pad, crosses the text's box shrunk by `tol` on
every side, or when a box overlaps it by more than `tol` both ways; a filled box that holds the whole
text is the text's ground (a label on a map, a backing plate), not a clash.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MIN_OPACITY = 0.05
SMALL = 0.02  # a filled shape smaller than this fraction of the frame is a mark (a ball); larger is ground
SOLID = 0.5  # and so is one fainter than this (a shaded span)


@dataclass(frozen=True)
class Mark:
    name: str
    segments: np.ndarray = field(default_factory=lambda: np.zeros((0, 2, 2)))  # (k, 2, 2) pixel segments
    pad: float = 0.0
    boxes: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))  # (k, 4) x0, y0, x1, y1 pixels


def _furniture(pts: np.ndarray) -> bool:
    """A straight line parallel to an axis, or a box of such lines: ticks, spines, borders, reference lines."""
    if len(pts) < 2 or len(pts) > 5:
        return False
    d = np.abs(np.diff(pts, axis=0))
    scale = max(float(np.ptp(pts[:, 0])), float(np.ptp(pts[:, 1])), 1.0)
    return bool(np.all(np.min(d, axis=1) <= 1e-3 * scale))


def polyline_mark(name: str, pts, pad: float, arrow: bool = False) -> Mark | None:
    """A stroke through (n, 2) pixel points (non-finite points break it), or None for furniture (an
    arrow's straight shaft is not furniture)."""
    pts = np.asarray(pts, dtype=float).reshape(-1, 2)
    ok = np.all(np.isfinite(pts), axis=1)
    if ok.sum() < 2 or (ok.all() and not arrow and _furniture(pts)):
        return None
    seg = np.stack([pts[:-1], pts[1:]], axis=1)
    seg = seg[ok[:-1] & ok[1:]]
    return Mark(name, segments=seg, pad=float(pad)) if len(seg) else None


def _segments_cross(seg: np.ndarray, box) -> np.ndarray:
    """Which (k, 2, 2) segments pass through the box (x0, y0, x1, y1): Liang-Barsky clipping."""
    x0, y0, x1, y1 = box
    p, q = seg[:, 0], seg[:, 1]
    d = q - p
    lo, hi = np.zeros(len(seg)), np.ones(len(seg))
    inside = np.ones(len(seg), dtype=bool)
    for k, (a, b) in enumerate(((x0, x1), (y0, y1))):
        dk, pk = d[:, k], p[:, k]
        flat = np.abs(dk) < 1e-12
        inside &= ~flat | ((pk >= a) & (pk <= b))
        with np.errstate(divide="ignore", invalid="ignore"):
            ta, tb = (a - pk) / dk, (b - pk) / dk
        t_in, t_out = np.where(flat, -np.inf, np.minimum(ta, tb)), np.where(flat, np.inf, np.maximum(ta, tb))
        lo, hi = np.maximum(lo, t_in), np.minimum(hi, t_out)
    return inside & (lo <= hi)


def clashes(box, marks, tol: float) -> list[str]:
    """Names of the marks that the text box (x0, y0, x1, y1) clashes with (see the module docstring)."""
    x0, y0, x1, y1 = box
    out = []
    for m in marks:
        if len(m.segments):
            grown = (x0 + tol - m.pad, y0 + tol - m.pad, x1 - tol + m.pad, y1 - tol + m.pad)
            if grown[0] < grown[2] and grown[1] < grown[3] and _segments_cross(m.segments, grown).any():
                out.append(m.name)
                continue
        for bx0, by0, bx1, by1 in m.boxes:
            holds = bx0 <= x0 and by0 <= y0 and bx1 >= x1 and by1 >= y1
            if not holds and min(x1, bx1) - max(x0, bx0) > tol and min(y1, by1) - max(y0, by0) > tol:
                out.append(m.name)
                break
    return out


def _clip_boxes(boxes: np.ndarray, clip) -> np.ndarray:
    if clip is None or not len(boxes):
        return boxes
    cx0, cy0, cx1, cy1 = clip
    b = np.column_stack([np.maximum(boxes[:, 0], cx0), np.maximum(boxes[:, 1], cy0),
                         np.minimum(boxes[:, 2], cx1), np.minimum(boxes[:, 3], cy1)])
    return b[(b[:, 2] > b[:, 0]) & (b[:, 3] > b[:, 1])]


def _clip_segments(seg: np.ndarray, clip) -> np.ndarray:
    """Segments cut to the clip box (x0, y0, x1, y1); those wholly outside dropped."""
    if clip is None or not len(seg):
        return seg
    keep = _segments_cross(seg, clip)
    seg = seg[keep]
    x0, y0, x1, y1 = clip
    p, d = seg[:, 0], seg[:, 1] - seg[:, 0]
    lo, hi = np.zeros(len(seg)), np.ones(len(seg))
    for k, (a, b) in enumerate(((x0, x1), (y0, y1))):
        with np.errstate(divide="ignore", invalid="ignore"):
            ta, tb = (a - p[:, k]) / d[:, k], (b - p[:, k]) / d[:, k]
        flat = np.abs(d[:, k]) < 1e-12
        lo = np.maximum(lo, np.where(flat, 0.0, np.minimum(ta, tb)))
        hi = np.minimum(hi, np.where(flat, 1.0, np.maximum(ta, tb)))
    return np.stack([p + lo[:, None] * d, p + hi[:, None] * d], axis=1)


# ------------------------------------------------------------------------------------------ matplotlib

def mpl_marks(fig, renderer) -> list[Mark]:
    """The data a drawn matplotlib figure shows: its lines and markers (legends' too), arrows, scatter
    points and images; not axis furniture (spines, ticks, grids), contour line collections or patches."""
    from matplotlib.collections import PathCollection
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    furniture = set()
    for ax in fig.axes:
        for axis in ax._axis_map.values():
            furniture.update(id(a) for a in axis.findobj())
    from matplotlib.text import Annotation

    marks = []
    found = fig.findobj()
    # an annotation's arrow is drawn with it, but is not among its children
    found += [a.arrow_patch for a in found if isinstance(a, Annotation) and a.arrow_patch is not None
              and _mpl_shown(a) and a.get_window_extent() is not None]
    for artist in found:
        if id(artist) in furniture or not _mpl_shown(artist):
            continue
        clip = _mpl_clip(artist)
        name = f"line ({_colour(artist)})"
        if isinstance(artist, Line2D):
            marks += _mpl_line(artist, name, clip, fig.dpi)
        elif isinstance(artist, FancyArrowPatch):
            path = artist.get_transform().transform_path(artist.get_path())
            for pts in path.to_polygons(closed_only=False):  # the shaft and the head, each on its own
                poly = polyline_mark("arrow", pts, artist.get_linewidth() * fig.dpi / 144, arrow=True)
                if poly is not None:
                    marks.append(poly)
        elif isinstance(artist, PathCollection):
            offsets = artist.get_offset_transform().transform(artist.get_offsets())
            sizes = np.sqrt(np.broadcast_to(artist.get_sizes(), (len(offsets),))) * fig.dpi / 72 / 2
            boxes = np.column_stack([offsets - sizes[:, None], offsets + sizes[:, None]])
            marks.append(Mark("scatter", boxes=_clip_boxes(boxes, clip)))
        elif isinstance(artist, AxesImage):
            e = artist.get_window_extent(renderer)
            marks.append(Mark("image", boxes=_clip_boxes(np.array([[e.x0, e.y0, e.x1, e.y1]]), clip)))
    return [m for m in marks if len(m.segments) or len(m.boxes)]


def _colour(artist) -> str:
    from matplotlib.colors import to_hex

    try:
        return to_hex(artist.get_color())
    except (AttributeError, ValueError):
        return "?"


def _mpl_shown(artist) -> bool:
    if not artist.get_visible():
        return False
    alpha = artist.get_alpha()
    if alpha is not None and alpha < MIN_OPACITY:
        return False
    parent = getattr(artist, "axes", None)
    return not hasattr(parent, "get_visible") or parent.get_visible()


def _mpl_clip(artist):
    if not artist.get_clip_on() or artist.get_clip_box() is None:
        return None
    b = artist.get_clip_box()
    return (b.x0, b.y0, b.x1, b.y1)


def _mpl_line(line, name: str, clip, dpi: float) -> list[Mark]:
    xy = np.asarray(line.get_xydata(), dtype=float).reshape(-1, 2)
    if not len(xy):
        return []
    with np.errstate(invalid="ignore", divide="ignore"):
        pts = line.get_transform().transform(xy)
    out = []
    if line.get_linestyle() not in ("None", "", " ", "none") and line.get_linewidth() > 0:
        poly = polyline_mark(name, pts, line.get_linewidth() * dpi / 144)
        if poly is not None:
            out.append(Mark(name, segments=_clip_segments(poly.segments, clip), pad=poly.pad))
    marker = line.get_marker()
    if marker not in (None, "None", "", " ", "none") and line.get_markersize() > 0:
        r = (line.get_markersize() + line.get_markeredgewidth()) * dpi / 72 / 2
        fine = pts[np.all(np.isfinite(pts), axis=1)]
        boxes = np.column_stack([fine - r, fine + r])
        out.append(Mark(name + " marker", boxes=_clip_boxes(boxes, clip)))
    return out


# ----------------------------------------------------------------------------------------------- Manim

def manim_marks(mobjects, text_ids: set[int], width: int, height: int) -> list[Mark]:
    """The data a Manim frame shows: every stroked or small filled mobject that is not text, not marked
    `backdrop` (contour maps), not an Axes or NumberLine, and not furniture; images as boxes."""
    import manim as mn

    frame_w, frame_h = mn.config.frame_width, mn.config.frame_height
    sx, sy = width / frame_w, height / frame_h

    def px(points):
        return np.column_stack([(points[:, 0] + frame_w / 2) * sx, (points[:, 1] + frame_h / 2) * sy])

    marks = []

    def visit(mob):
        if id(mob) in text_ids or getattr(mob, "backdrop", False) or isinstance(mob, (mn.Axes, mn.NumberLine)):
            return
        name = f"{type(mob).__name__} ({mob.get_color()})" if isinstance(mob, mn.VMobject) else type(mob).__name__
        if isinstance(mob, mn.ImageMobject):
            if float(getattr(mob, "opacity", 1.0)) >= MIN_OPACITY:
                corners = px(mob.points) if len(mob.points) else np.zeros((0, 2))
                if len(corners):
                    marks.append(Mark("image", boxes=np.array([[*corners.min(axis=0), *corners.max(axis=0)]])))
        elif isinstance(mob, mn.VMobject) and len(mob.points):
            arrow = isinstance(mob, mn.TipableVMobject) and mob.has_tip()
            marks.extend(_manim_own(mob, "arrow" if arrow else name, px, sx, arrow))
        for sub in mob.submobjects:
            visit(sub)

    for mob in mobjects:
        visit(mob)
    return marks


def _manim_own(mob, name: str, px, sx: float, arrow: bool) -> list[Mark]:
    out = []
    pts = mob.points
    stroke = mob.get_stroke_width() if len(mob.get_stroke_opacities()) else 0.0
    stroke_alpha = float(np.max(mob.get_stroke_opacities())) if len(mob.get_stroke_opacities()) else 0.0
    fill_alpha = float(np.max(mob.get_fill_opacities())) if len(mob.get_fill_opacities()) else 0.0
    if fill_alpha >= SOLID:
        corners = px(pts)
        (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
        import manim as mn
        area = (x1 - x0) * (y1 - y0) / (mn.config.frame_width * mn.config.frame_height * sx * sx)
        if area < SMALL:
            out.append(Mark(name, boxes=np.array([[x0, y0, x1, y1]])))
    if stroke > 0 and stroke_alpha >= MIN_OPACITY:
        pad = stroke * 0.01 * sx / 2
        for sub in mob.get_subpaths():
            anchors = px(np.vstack([sub[0::4], sub[-1:]]))  # each cubic piece as the chord of its anchors
            poly = polyline_mark(name, anchors, pad, arrow)
            if poly is not None:
                out.append(poly)
    return out

