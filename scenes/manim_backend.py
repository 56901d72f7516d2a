"""The Manim backend: precompute, then animate with one ValueTracker as the clock.

A scene subclasses `DataScene` and implements `build()`: it adds its mobjects (reading `self.data` and
`self.theme`), attaches updaters that index the precomputed data by the clock's value (seconds), and
returns the clock. Standalone, `manim -ql scenes/valley.py ValleyScene` plays the clock from 0 to the
scene's duration in a single `self.play`. The pipeline instead sets the clock to each frame time itself and
pulls frames from the renderer, so that both backends share one timeline, the still of the final frame
costs one frame, and nothing is written to disk but the cache of typeset formulas.
"""
from __future__ import annotations

import shutil
import sys
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import manim as mn
from manim.renderer.cairo_renderer import CairoRenderer

from scenes.theme import DARK, FONT, Theme


@lru_cache(maxsize=1)
def latex_available() -> bool:
    return shutil.which("latex") is not None and shutil.which("dvisvgm") is not None


@lru_cache(maxsize=1)
def _warn_no_latex() -> None:
    print("warning: LaTeX or dvisvgm not found; formulas are typeset with matplotlib's mathtext",
          file=sys.stderr)


def formula(tex: str, color: str, font_size: float = 36) -> mn.VMobject:
    """Typeset `tex` (mathtext-compatible LaTeX, no surrounding $) with MathTex, or mathtext without LaTeX."""
    if latex_available():
        return mn.MathTex(tex, color=color, font_size=font_size)
    _warn_no_latex()
    return _mathtext_svg(tex, color, font_size)


def _mathtext_svg(tex: str, color: str, font_size: float) -> mn.VMobject:
    import hashlib

    import matplotlib
    from matplotlib import mathtext
    from matplotlib.font_manager import FontProperties

    folder = Path(mn.config.media_dir) / "mathtext"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (hashlib.sha1(tex.encode()).hexdigest()[:16] + ".svg")
    if not path.exists():
        with matplotlib.rc_context({"svg.fonttype": "path", "mathtext.fontset": "cm"}):
            mathtext.math_to_image(f"${tex}$", str(path), prop=FontProperties(size=20), format="svg")
    mob = mn.SVGMobject(str(path), height=None, fill_color=color, stroke_width=0)
    # 20 pt mathtext in SVG points -> scene units, matched to MathTex's size at the same font_size.
    mob.scale(0.0255 * font_size / 48)
    mob.set_color(color)
    return mob


def text(s: str, color: str, font_size: float = 28, weight: str = mn.NORMAL) -> mn.Text:
    return mn.Text(s, font=FONT, color=color, font_size=font_size, weight=weight)


class DataScene(mn.Scene):
    """A Manim scene that draws precomputed `sim` data; see the module docstring."""

    scene_name: str = ""
    data: dict | None = None
    theme: Theme = DARK

    def build(self) -> mn.ValueTracker:  # pragma: no cover - every scene overrides it
        raise NotImplementedError

    def construct(self) -> None:
        from scenes import registry

        spec = registry.get(self.scene_name)
        if self.data is None:
            self.data = spec.make_data({p.name: p.default for p in spec.params})
        self.camera.background_color = self.theme.background
        clock = self.build()
        duration = spec.duration(self.data)
        self.play(clock.animate.set_value(duration), run_time=duration, rate_func=mn.linear)


def render_frames(scene_cls: type, data: dict, theme: Theme, width: int, height: int, fps: float,
                  times: Iterable[float], transparent: bool = False, cache_dir: Path | None = None,
                  verbose: bool = False):
    """Yield one (height, width, 4) uint8 RGBA frame per time in `times`."""
    options = {
        "pixel_width": width,
        "pixel_height": height,
        "frame_rate": fps,
        "background_color": theme.background,
        "transparent": transparent,
        "dry_run": True,
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "INFO" if verbose else "ERROR",
    }
    if cache_dir is not None:
        options["media_dir"] = str(Path(cache_dir) / "manim")
    with mn.tempconfig(options):
        scene = scene_cls(renderer=CairoRenderer())
        scene.data, scene.theme = data, theme
        clock = scene.build()
        renderer = scene.renderer
        moving = [m for m in scene.mobjects if m.get_family_updaters()]
        static = [m for m in scene.mobjects if m not in moving]
        renderer.static_image = None
        if static:
            renderer.update_frame(scene, mobjects=static)
            renderer.static_image = renderer.get_frame()
        for t in times:
            clock.set_value(t)
            scene.update_mobjects(0)
            renderer.update_frame(scene, mobjects=moving or static)
            yield renderer.get_frame()
