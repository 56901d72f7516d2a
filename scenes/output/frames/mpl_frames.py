"""Frames from a scene's matplotlib drawing: artists built once, then blitted frame by frame.

Artists that change must be created with `animated=True`: the rest of the figure is drawn once and
restored from a saved background each frame. If a scene marks nothing as animated, the whole figure is
redrawn each frame (correct, only slower).
"""
from __future__ import annotations

from typing import Callable, Iterable

import numpy as np

from scenes.kit import layout
from scenes.kit.layout import Canvas
from scenes.kit.mpl import _rc, draw, make_figure
from scenes.kit.theme import Theme


def render_frames(draw_mpl: Callable, data: dict, theme: Theme, width: int, height: int,
                  times: Iterable[float], transparent: bool = False, canvas: Canvas | None = None):
    """Yield one (height, width, 4) uint8 RGBA frame per time in `times`, on `canvas` (an aspect and the
    scene's flow; default the 16:9 design)."""
    import matplotlib

    times = list(times)
    with matplotlib.rc_context(_rc(theme)), layout.use(canvas or Canvas()):
        fig = make_figure(width, height, theme, transparent)
        update = draw(draw_mpl, fig, data, theme)
        if transparent:
            for ax in fig.axes:
                ax.patch.set_alpha(0.0)
        canvas = fig.canvas
        update(times[0])
        animated = sorted((a for a in fig.findobj() if a.get_animated()), key=lambda a: a.get_zorder())
        canvas.draw()
        background = canvas.copy_from_bbox(fig.bbox) if animated else None
        fig.static_changed = False
        for t in times:
            update(t)
            if getattr(fig, "static_changed", False):  # a reveal settled (scenes.kit.reveal_mpl): draw it in
                fig.static_changed = False
                animated = sorted((a for a in fig.findobj() if a.get_animated()), key=lambda a: a.get_zorder())
                canvas.draw()
                background = canvas.copy_from_bbox(fig.bbox) if animated else None
            if animated:
                canvas.restore_region(background)
                for artist in animated:
                    if artist.get_alpha() != 0:  # fully faded-out text still costs a layout
                        fig.draw_artist(artist)
            else:
                canvas.draw()
            frame = np.asarray(canvas.buffer_rgba())
            yield _fit(frame, width, height).copy()


def _fit(frame: np.ndarray, width: int, height: int) -> np.ndarray:
    """Guard against a one-pixel rounding difference between the figure and the requested size."""
    h, w = frame.shape[:2]
    if (h, w) == (height, width):
        return frame
    out = np.zeros((height, width, 4), np.uint8)
    out[: min(h, height), : min(w, width)] = frame[:height, :width]
    return out
