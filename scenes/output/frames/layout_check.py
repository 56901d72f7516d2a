"""The layout check: at a moment of a clip, no two pieces of text overlap and none leaves the frame.

Both backends are measured in pixels of the output frame, y growing upwards:
- matplotlib: every visible `Text` artist's window extent (figure texts, axes texts and titles, axis
  labels, the tick labels actually drawn, legends), after a full draw at that moment;
- Manim: the bounding box of every visible text mobject (`Text`, `MathTex`, `Tex`, `LiveText`, numbers,
  and the mathtext fallback), after the scene's updaters ran at that moment.

Text whose opacity is below `MIN_OPACITY` (faded out, not yet revealed) is not on screen and is skipped.
`problems()` names each overlap and each escape, with a tolerance of `TOL` pixels: glyph boxes that
merely touch are fine.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np

MIN_OPACITY = 0.05
TOL = 1.5


@dataclass(frozen=True)
class TextBox:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlap(self, other: "TextBox") -> tuple[float, float]:
        return (min(self.x1, other.x1) - max(self.x0, other.x0), min(self.y1, other.y1) - max(self.y0, other.y0))


def problems(boxes: Iterable[TextBox], width: int, height: int, tol: float = TOL) -> list[str]:
    """One line per pair of overlapping texts and per text leaving the width x height frame."""
    boxes = list(boxes)
    out = []
    for b in boxes:
        if b.x0 < -tol or b.y0 < -tol or b.x1 > width + tol or b.y1 > height + tol:
            out.append(f"{b.text!r} leaves the frame: x {b.x0:.0f}..{b.x1:.0f} of {width}, "
                       f"y {b.y0:.0f}..{b.y1:.0f} of {height}")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            w, h = a.overlap(b)
            if w > tol and h > tol:
                out.append(f"{a.text!r} overlaps {b.text!r} by {w:.0f}x{h:.0f} px")
    return out


# ------------------------------------------------------------------------------------------ matplotlib

def mpl_boxes(draw_mpl, data: dict, theme, width: int, height: int, times: Iterable[float], canvas=None):
    """Yield (t, [TextBox]) for each time: the texts a matplotlib frame at t shows, on `canvas` (an
    aspect and the scene's flow, `scenes.kit.layout.Canvas`; default the 16:9 design)."""
    import matplotlib
    from matplotlib.text import Text

    from scenes.kit import layout
    from scenes.kit.mpl import _rc, draw, make_figure

    with matplotlib.rc_context(_rc(theme)), layout.use(canvas or layout.Canvas()):
        fig = make_figure(width, height, theme)
        update = draw(draw_mpl, fig, data, theme)
        for t in times:
            update(t)
            fig.canvas.draw()
            # Animated artists are drawn over the figure each frame (scenes.output.frames.mpl_frames): draw them too,
            # since drawing is what places an axis' label beside its tick labels.
            for artist in sorted((a for a in fig.findobj() if a.get_animated()), key=lambda a: a.get_zorder()):
                fig.draw_artist(artist)
            renderer = fig.canvas.get_renderer()
            hidden = _undrawn_tick_labels(fig)
            boxes = []
            for artist in fig.findobj(Text):
                if id(artist) in hidden or not _mpl_shown(artist):
                    continue
                e = artist.get_window_extent(renderer)
                if e.width <= 0 or e.height <= 0 or not np.all(np.isfinite(e.get_points())):
                    continue
                boxes.append(TextBox(artist.get_text(), e.x0, e.y0, e.x1, e.y1))
            yield t, boxes


def _mpl_shown(artist) -> bool:
    if not artist.get_text().strip() or not artist.get_visible():
        return False
    alpha = artist.get_alpha()
    if alpha is not None and alpha < MIN_OPACITY:
        return False
    parent = artist.axes
    return parent is None or parent.get_visible()


def _undrawn_tick_labels(fig) -> set[int]:
    """Tick label artists that exist but are not drawn (their ticks lie outside the view)."""
    hidden = set()
    for ax in fig.axes:
        for axis in ax._axis_map.values():
            drawn = {id(t) for t in axis._update_ticks()}
            for tick in axis.majorTicks + axis.minorTicks:
                if id(tick) not in drawn or not tick.get_visible():
                    hidden.update((id(tick.label1), id(tick.label2)))
    return hidden


# ----------------------------------------------------------------------------------------------- Manim

def manim_boxes(scene_cls: type, data: dict, theme, width: int, height: int, fps: float,
                times: Iterable[float], cache_dir=None, canvas=None):
    """Yield (t, [TextBox]) for each time: the texts a Manim frame at t shows, on `canvas` (default the
    16:9 design)."""
    import manim as mn

    from scenes.kit.manim import LiveText
    from scenes.output.frames.manim_frames import scene_states, texts as _texts

    kinds = (mn.Text, mn.MarkupText, mn.Paragraph, mn.SingleStringMathTex, mn.MathTex, mn.Tex,
             mn.DecimalNumber, LiveText)

    times = list(times)
    states = scene_states(scene_cls, data, theme, width, height, fps, times, cache_dir=cache_dir,
                          static_image=False, canvas=canvas)
    # strict: once the times run out the states are read to their end, which is where the text typeset
    # on the way is saved to the cache; a plain zip would drop the generator before that.
    for t, (scene, _moving, _static) in zip(times, states, strict=True):
        frame_w, frame_h = mn.config.frame_width, mn.config.frame_height
        boxes = []
        for mob in _texts(scene.mobjects, kinds):
            points = [m.points for m in mob.family_members_with_points() if _mob_opacity(m) >= MIN_OPACITY]
            if not points:
                continue
            pts = np.concatenate(points)
            (x0, y0), (x1, y1) = pts[:, :2].min(axis=0), pts[:, :2].max(axis=0)
            sx, sy = width / frame_w, height / frame_h
            boxes.append(TextBox(_label(mob), (x0 + frame_w / 2) * sx, (y0 + frame_h / 2) * sy,
                                 (x1 + frame_w / 2) * sx, (y1 + frame_h / 2) * sy))
        yield t, boxes


def _mob_opacity(m) -> float:
    fill = float(np.max(m.get_fill_opacities())) if len(m.get_fill_opacities()) else 0.0
    stroke = float(np.max(m.get_stroke_opacities())) if len(m.get_stroke_opacities()) else 0.0
    stroke = stroke if m.get_stroke_width() > 0 else 0.0
    return max(fill, stroke)


def _label(mob) -> str:
    for attr in ("string", "text", "tex_string", "original_text"):
        value = getattr(mob, attr, None)
        if isinstance(value, str) and value:
            return value
    return type(mob).__name__
