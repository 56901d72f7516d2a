"""The scene kit: everything a scene file needs, importable from one place.

    from scenes.kit import SceneSpec, register, Param, story, Panel, fig_point, fade, step_at

A scene is a `SceneSpec` registered under a name: `make_data(params)` computes its data and storyboard
with `sim`, `draw_mpl(fig, data, theme)` draws it with matplotlib and returns `update(t)`, and
`manim_scene()` returns a `scenes.kit.manim.DataScene` subclass that draws the same data with Manim.
Both backends share one clock: the frame at time t shows the same state in each.

What lives where (each module's docstring has the details):
    registry   SceneSpec, register
    params     Param (a typed, bounded parameter), ParamError (one-line bad-input message)
    story      beat, make_story, fmt: the storyboard (title, beats, labels, numbers)
    theme      Theme, DARK, LIGHT, THEMES
    layout     the shared 16:9 design canvas: Panel, fig_point, at, text_size, tex_size; Canvas, ASPECTS
    reflow     Flow, Zone: how a scene's 16:9 design moves onto a 4:3, 1:1 or 9:16 canvas
    timeline   duration, step_at, at_step, fade: one clock for both backends
    reveal     the setup beat: title, axes, curve and balls revealed in turn (reveal_mpl, reveal_manim
               apply it to each backend)
    mpl        panel_axes and the matplotlib style
    manim      DataScene, text, formula, LiveText, live, spines, set_polyline, show_polyline (imports Manim,
               so it is not imported here: the matplotlib path never loads Manim)
    contour, plot1d, race   drawing helpers for contour maps and 1-D plots, and run rankings (contour_mpl and
               contour_manim draw the contour maps in each backend)
    grid_web, race_web      the grid of runs behind a scene's web page, and the race scenes' share of it
"""
from __future__ import annotations

from scenes.kit import story
from scenes.kit.layout import FRAME_H, FRAME_W, Panel, at, fig_point, tex_size, text_size
from scenes.kit.mpl import panel_axes
from scenes.kit.params import Param, ParamError
from scenes.kit.registry import SceneSpec, register
from scenes.kit.story import beat, fmt, make_story
from scenes.kit.theme import DARK, LIGHT, THEMES, Theme
from scenes.kit.timeline import at_step, duration, fade, step_at

__all__ = [
    "story", "FRAME_H", "FRAME_W", "Panel", "at", "fig_point", "tex_size", "text_size", "panel_axes",
    "Param", "ParamError", "SceneSpec", "register", "beat", "fmt", "make_story", "DARK", "LIGHT", "THEMES",
    "Theme", "at_step", "duration", "fade", "step_at",
]
