"""Frames from a scene's Manim drawing: the pipeline sets the clock to each frame time and pulls the frame.

The scene is built once in a private media folder (seeded from the shared cache of typeset formulas, see
`scenes.output.frames.manim_cache`); each frame redraws only the mobjects that have updaters over a saved image
of the static ones.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import manim as mn
from manim.renderer.cairo_renderer import CairoRenderer

from scenes.kit import layout
from scenes.kit.layout import Canvas
from scenes.kit.theme import Theme
from scenes.output.frames import manim_cache


def render_frames(scene_cls: type, data: dict, theme: Theme, width: int, height: int, fps: float,
                  times: Iterable[float], transparent: bool = False, cache_dir: Path | None = None,
                  verbose: bool = False, canvas: Canvas | None = None):
    """Yield one (height, width, 4) uint8 RGBA frame per time in `times`, on `canvas` (an aspect and the
    scene's flow; default the 16:9 design)."""
    for scene, moving, static in scene_states(scene_cls, data, theme, width, height, fps, times,
                                              transparent, cache_dir, verbose, canvas=canvas):
        scene.renderer.update_frame(scene, mobjects=moving or static)
        yield scene.renderer.get_frame()


def scene_states(scene_cls: type, data: dict, theme: Theme, width: int, height: int, fps: float,
                 times: Iterable[float], transparent: bool = False, cache_dir: Path | None = None,
                 verbose: bool = False, static_image: bool = True, canvas: Canvas | None = None):
    """Build the scene once, then yield (scene, moving, static) with the clock set to each time in
    `times` and every updater run: what a frame at that time would show (the layout check reads it)."""
    canvas = canvas or Canvas()
    frame_width, frame_height = canvas.frame
    options = {
        "pixel_width": width,
        "pixel_height": height,
        "frame_width": frame_width,
        "frame_height": frame_height,
        "frame_rate": fps,
        "background_color": theme.background,
        "transparent": transparent,
        "dry_run": True,
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "INFO" if verbose else "ERROR",
    }
    # Always a private folder: Manim's own default would write into the working folder, and it rewrites
    # its files in place, so it never gets the shared cache itself.
    shared = Path(cache_dir) / "manim" if cache_dir is not None else None
    with private_media_dir(shared) as media:
        options["media_dir"] = str(media)
        with layout.use(canvas):
            yield from _states(scene_cls, data, theme, times, options, static_image)


CACHED_SUBDIRS = manim_cache.CACHED_SUBDIRS


def private_media_dir(shared: Path | None):
    """A private media folder seeded with copies of the shared cache `shared` (see scenes.output.frames.manim_cache)."""
    return manim_cache.private_media_dir(shared)


def _states(scene_cls: type, data: dict, theme: Theme, times: Iterable[float], options: dict,
            static_image: bool):
    with mn.tempconfig(options):
        scene = scene_cls(renderer=CairoRenderer())
        scene.data, scene.theme = data, theme
        clock = scene.build()
        if layout.current().zone_maps:
            fit_widths(scene.mobjects)
        renderer = scene.renderer
        moving, static = _split(scene, renderer, static_image)
        clock.static_changed = False
        for t in times:
            clock.set_value(t)
            scene.update_mobjects(0)
            if getattr(clock, "static_changed", False):  # a reveal settled (scenes.kit.reveal_manim)
                clock.static_changed = False
                moving, static = _split(scene, renderer, static_image)
            yield scene, moving, static


def _split(scene, renderer, static_image: bool) -> tuple[list, list]:
    """The mobjects redrawn every frame (with updaters, unless `settled`) and the rest, which the
    renderer keeps as one static image."""
    moving = [m for m in scene.mobjects if m.get_family_updaters() and not getattr(m, "settled", False)]
    static = [m for m in scene.mobjects if m not in moving]
    renderer.static_image = None
    if static and static_image:
        renderer.update_frame(scene, mobjects=static)
        renderer.static_image = renderer.get_frame()
    return moving, static


MARGIN = 0.015  # the least space a reflowed text keeps from the frame's sides, as a fraction of its width


def fit_widths(mobjects) -> None:
    """Shrink each static text that a narrower canvas pushes past a side of the frame until it fits,
    keeping the edge that stays inside (a long title on 9:16), as `scenes.kit.mpl.draw` does."""
    from scenes.kit.manim import LiveText

    kinds = (mn.Text, mn.MarkupText, mn.Paragraph, mn.SingleStringMathTex, mn.MathTex, mn.Tex)
    half = mn.config.frame_width / 2
    lo, hi = -half * (1 - 2 * MARGIN), half * (1 - 2 * MARGIN)
    for mob in texts(mobjects, kinds):
        if isinstance(mob, LiveText) or mob.width <= 0:
            continue
        x0, x1 = mob.get_left()[0], mob.get_right()[0]
        if x0 >= lo and x1 <= hi:
            continue
        if x0 >= lo:
            mob.scale((hi - x0) / mob.width, about_edge=mn.LEFT)
        elif x1 <= hi:
            mob.scale((x1 - lo) / mob.width, about_edge=mn.RIGHT)
        else:
            mob.scale((hi - lo) / mob.width).set_x(0)


def texts(mobjects, kinds):
    """Every text mobject among `mobjects` and their children (one of `kinds`, or marked `is_text`)."""
    for mob in mobjects:
        if isinstance(mob, kinds) or getattr(mob, "is_text", False):
            yield mob
        else:
            yield from texts(mob.submobjects, kinds)
