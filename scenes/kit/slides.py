"""A scene under Manim's own CLI and under manim-slides: parameters and theme from the environment,
and one slide per beat.

    MOMENTUM_ANIM_SET="momentum=0.3;steps=80" MOMENTUM_ANIM_THEME=light manim -qm scenes/valley/manim.py ValleyScene
    manim-slides render scenes/valley/manim.py ValleyScene && manim-slides ValleyScene

`MOMENTUM_ANIM_SET` holds `KEY=VALUE` assignments separated by ';' (the same keys, values and checks as
`render.py --set`), `MOMENTUM_ANIM_THEME` is `dark` or `light`. A bad value ends the run with one line
on stderr and exit code 2.

When Manim's CLI renders a scene file (`manim ...` or `python -m manim ...`, which is what
`manim-slides render` runs) and manim-slides is installed, every `DataScene` is a `manim_slides.Slide`:
`construct` then plays the clip beat by beat, each beat a slide whose speaker note is its caption, so
the presentation pauses at every beat. Elsewhere (render.py, tests, notebooks) it is a plain Scene.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Mapping

SET_VAR = "MOMENTUM_ANIM_SET"
THEME_VAR = "MOMENTUM_ANIM_THEME"


def settings_from_env(spec, environ: Mapping[str, str] = os.environ) -> tuple[dict[str, Any], Any]:
    """(resolved parameters, theme) from MOMENTUM_ANIM_SET and MOMENTUM_ANIM_THEME; raises ParamError."""
    from scenes.kit.params import ParamError, parse_assignments, resolve
    from scenes.kit.theme import THEMES

    items = [s.strip() for s in environ.get(SET_VAR, "").split(";") if s.strip()]
    try:
        params = resolve(spec.params, parse_assignments(items), spec.name)
    except ParamError as exc:
        raise ParamError(f"{SET_VAR}: {exc}") from None
    theme = environ.get(THEME_VAR, "dark").strip() or "dark"
    if theme not in THEMES:
        raise ParamError(f"{THEME_VAR}={theme!r}: choose one of {', '.join(THEMES)}")
    return params, THEMES[theme]


def data_from_env(spec) -> tuple[dict, Any]:
    """The scene's data and theme for Manim's CLI; bad settings: one line on stderr and exit code 2."""
    from scenes.kit.params import ParamError

    try:
        params, theme = settings_from_env(spec)
        return spec.make_data(params), theme
    except ParamError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def under_manim_cli(argv: list[str] | None = None) -> bool:
    """Is this process Manim's own command line (`manim ...`, `python -m manim ...`)?"""
    argv = sys.argv if argv is None else argv
    if not argv or not argv[0]:
        return False
    first = Path(argv[0])
    return first.name == "manim" or (first.name == "__main__.py" and first.parent.name == "manim")


def scene_base() -> type:
    """The base class of `DataScene`: manim_slides.Slide under Manim's CLI when manim-slides is
    installed, else manim.Scene."""
    import manim as mn

    if under_manim_cli():
        try:
            from manim_slides import Slide
        except ImportError:
            return mn.Scene
        return _compatible(Slide)
    return mn.Scene


def _compatible(slide: type) -> type:
    """manim_slides.Slide made to run on Manim 0.22, which dropped options its Slide sets or reads:
    `write_to_movie` (the CLI writes the movie anyway), `flush_cache` (only the Slide's own flag is
    left), and an infinite `max_files_cached` (-1 means unlimited now). The rest is manim-slides' code."""
    import manim as mn

    if hasattr(type(mn.config), "write_to_movie"):
        return slide

    class Slide(slide):
        def __init__(self, *args, **kwargs):
            super(slide, self).__init__(*args, **kwargs)

        def render(self, *args, **kwargs) -> None:
            config = mn.config
            kept = config["max_files_cached"]
            config["max_files_cached"] = -1  # the slides are cut from every partial movie file
            try:
                super(slide, self).render(*args, **kwargs)
            finally:
                config["max_files_cached"] = kept
            self._save_slides(use_cache=not (config["disable_caching"] or self.disable_caching),
                              flush_cache=self.flush_cache, skip_reversing=self.skip_reversing)

        @property
        def _background_color(self) -> str:  # the scenes set the camera's colour as a hex string
            return mn.ManimColor(self.renderer.camera.background_color).to_hex()

    return Slide


def is_slide(scene) -> bool:
    return callable(getattr(scene, "next_slide", None))


def play(scene, clock, story: dict | None, duration: float) -> None:
    """Play the clock from 0 to `duration`: in one go, or, for a Slide, one slide per beat (its caption
    the speaker note; each beat's segment ends at the next beat's start, the last at `duration`)."""
    import manim as mn

    beats = (story or {}).get("beats") or []
    if not is_slide(scene) or not beats:
        scene.play(clock.animate.set_value(duration), run_time=duration, rate_func=mn.linear)
        return
    t = 0.0
    for i, b in enumerate(beats):
        end = duration if i == len(beats) - 1 else min(float(b["end"]), duration)
        scene.next_slide(notes=b["caption"])
        if end > t:
            scene.play(clock.animate.set_value(end), run_time=end - t, rate_func=mn.linear)
        else:  # a beat shorter than nothing still gets its slide: a still frame
            scene.wait(1 / mn.config.frame_rate)
        t = max(t, end)
