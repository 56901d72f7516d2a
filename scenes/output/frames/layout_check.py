"""The layout check: at a moment of a clip, no two pieces of text overlap, none leaves the frame, none lies
on what is drawn (a curve, a marker, a ball, an arrow, a heat map: `layout_marks`), and none is smaller than
the least readable size.

Both backends are measured in pixels of the output frame, y growing upwards:
- matplotlib: every visible `Text` artist's window extent (figure texts, axes texts and titles, axis
  labels, the tick labels actually drawn, legends), after a full draw at that moment;
- Manim: the bounding box of every visible text mobject (`Text`, `MathTex`, `Tex`, `LiveText`, numbers,
  and the mathtext fallback), after the scene's updaters ran at that moment.

Text whose opacity is below `MIN_OPACITY` (faded out, not yet revealed) is not on screen and is skipped.
`problems()` names each overlap, each escape, each clash with a mark and each text too small to read, with
a tolerance of `TOL` pixels: glyph boxes that merely touch are fine. A text's size is its font size (the
em) in pixels; the least is `MIN_TEXT_PX` on the 480-pixel-high frame of the low quality and grows in
proportion with the quality (`min_text_px`): every aspect of a quality has the same pixels per inch.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np

MIN_OPACITY = 0.05
TOL = 1.5
MIN_TEXT_PX = 9.0  # the least font size, in pixels, on the low quality's 480-pixel-high 16:9 frame
LOW_SHORT = 480


def min_text_px(short: int) -> float:
    """The least font size in pixels at a quality whose 16:9 frame is `short` pixels high:
    MIN_TEXT_PX · short / 480 (9 px at low, 13.5 at medium, 20.25 at high, 40.5 at 4k)."""
    return MIN_TEXT_PX * short / LOW_SHORT


@dataclass(frozen=True)
class TextBox:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float | None = None  # the font size (em) in pixels, where known

    def overlap(self, other: "TextBox") -> tuple[float, float]:
        return (min(self.x1, other.x1) - max(self.x0, other.x0), min(self.y1, other.y1) - max(self.y0, other.y0))


def problems(boxes: Iterable[TextBox], width: int, height: int, tol: float = TOL, marks=(),
             min_size: float | None = None) -> list[str]:
    """One line per pair of overlapping texts and per text leaving the width x height frame; with
    `marks` (`layout_marks.Mark`), one per text lying on a mark; with `min_size`, one per text whose
    font size is below it (pixels)."""
    from scenes.output.frames.layout_marks import clashes

    boxes = list(boxes)
    out = []
    for b in boxes:
        hit = clashes((b.x0, b.y0, b.x1, b.y1), marks, tol)
        if hit:
            out.append(f"{b.text!r} lies on what is drawn: {', '.join(sorted(set(hit)))}")
        if min_size is not None and b.size is not None and b.size < min_size - 1e-6:
            out.append(f"{b.text!r} is {b.size:.1f} px high, below the least {min_size:.1f} px")
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
    for t, boxes, _marks in mpl_frames(draw_mpl, data, theme, width, height, times, canvas):
        yield t, boxes


def mpl_frames(draw_mpl, data: dict, theme, width: int, height: int, times: Iterable[float], canvas=None):
    """Yield (t, [TextBox], [Mark]) for each time: the texts and the drawn data of a matplotlib frame."""
    import matplotlib
    from matplotlib.text import Text

    from scenes.kit import layout
    from scenes.kit.mpl import _rc, draw, make_figure
    from scenes.output.frames.layout_marks import mpl_marks

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
                e = Text.get_window_extent(artist, renderer)  # an annotation's own text, without its arrow
                if e.width <= 0 or e.height <= 0 or not np.all(np.isfinite(e.get_points())):
                    continue
                boxes.append(TextBox(artist.get_text(), e.x0, e.y0, e.x1, e.y1,
                                     artist.get_fontsize() * fig.dpi / 72))
            yield t, boxes, mpl_marks(fig, renderer)


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
    for t, boxes, _marks in manim_frames(scene_cls, data, theme, width, height, fps, times, cache_dir, canvas):
        yield t, boxes


def manim_frames(scene_cls: type, data: dict, theme, width: int, height: int, fps: float,
                 times: Iterable[float], cache_dir=None, canvas=None):
    """Yield (t, [TextBox], [Mark]) for each time: the texts and the drawn data of a Manim frame."""
    import manim as mn

    from scenes.kit.layout import UNITS_PER_INCH
    from scenes.kit.manim import LiveText
    from scenes.output.frames.layout_marks import manim_marks
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
        boxes, text_ids = [], set()
        sx, sy = width / frame_w, height / frame_h
        for mob in _texts(scene.mobjects, kinds):
            text_ids.update(id(m) for m in mob.get_family())
            points = [m.points for m in mob.family_members_with_points() if _mob_opacity(m) >= MIN_OPACITY]
            if not points:
                continue
            pts = np.concatenate(points)
            (x0, y0), (x1, y1) = pts[:, :2].min(axis=0), pts[:, :2].max(axis=0)
            size = _manim_points(mob, LiveText)
            boxes.append(TextBox(_label(mob), (x0 + frame_w / 2) * sx, (y0 + frame_h / 2) * sy,
                                 (x1 + frame_w / 2) * sx, (y1 + frame_h / 2) * sy,
                                 None if size is None else size * UNITS_PER_INCH / 72 * sx))
        yield t, boxes, manim_marks(scene.mobjects, text_ids, width, height)


def _manim_points(mob, live_text) -> float | None:
    """A text mobject's size as the matplotlib point size it matches (`scenes.kit.layout.text_size` and
    `tex_size` undone), after any scaling; None where unknown (the mathtext fallback)."""
    import manim as mn

    from scenes.kit.layout import TEX_SCALE, TEXT_SCALE

    if isinstance(mob, live_text):
        return mob.size_ / TEXT_SCALE
    size = getattr(type(mob), "font_size", None)
    if not isinstance(size, property) or mob.height <= 0:
        return None
    # font_size comes from the height, which a quarter turn (a y axis label) makes the width: a text runs
    # from its first glyph to its last
    glyphs = mob.family_members_with_points()
    run = glyphs[-1].get_center() - glyphs[0].get_center() if len(glyphs) >= 2 else np.zeros(3)
    fs = mob.font_size * (mob.width / mob.height if abs(run[1]) > abs(run[0]) else 1.0)
    tex = isinstance(mob, (mn.SingleStringMathTex, mn.MathTex, mn.Tex))
    return fs / (TEX_SCALE if tex else TEXT_SCALE)


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
