"""The scene registry: each scene module registers a `SceneSpec` under its name.

The built-in scene modules are imported by `scenes.load_all()`; a user's scene file registers its scenes
when `scenes.output.plan.scene_ref` imports it. Nothing scans the file system.
"""
from __future__ import annotations

import inspect
import sys
from dataclasses import dataclass, field
from typing import Any, Callable

from scenes.kit.params import Param


@dataclass(frozen=True)
class SceneSpec:
    """Everything the pipeline needs to render one scene.

    Its fields::

        make_data(params) -> dict     pure numpy data from `sim` (the only place physics happens)
        duration(data) -> float       seconds of animation; frame i of n shows time t_i = duration * i / (n - 1)
        draw_mpl(fig, data, theme)    builds artists once and returns update(t) -> None
        manim_scene() -> type         returns the `scenes.kit.manim.DataScene` subclass drawing the same
                                      data (built on first use, so the matplotlib path never imports Manim)
        outcome(data) -> dict         a short JSON-able summary for the sidecar (where each ball ended, ...)
        story(data) -> dict           the storyboard (`scenes.kit.story`): title, beats, labels and printed
                                      numbers, computed from the outcome; by default `data["story"]`
        examples                      parameter sets that change the outcome (`{"momentum": 0.3}`, ...):
                                      the layout tests render each, and the docs can show them
        notes                         one-line rules that tie parameters together ("drop_at must be below
                                      steps"), shown by `render.py --list`
        web(params) -> dict           the grid of runs behind the scene's interactive web page
                                      (`scenes.kit.grid_web.page`), or None where it has no page
        poster_beat                   the beat whose end a video's poster shows (default: the first beat,
                                      the setup before the verdict)
        data_files                    files make_data reads (shipped traces): their contents are part of the
                                      cache key, so regenerating them invalidates cached data
        source                        where the scene's idea comes from (a seed article, a Distill figure),
                                      one sentence that the documentation's gallery shows
    """

    name: str
    description: str
    params: tuple[Param, ...]
    make_data: Callable[[dict[str, Any]], dict[str, Any]]
    duration: Callable[[dict[str, Any]], float]
    draw_mpl: Callable[..., Callable[[float], None]]
    manim_scene: Callable[[], type] | None = None
    outcome: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda data: {})
    data_files: tuple = ()
    story: Callable[[dict[str, Any]], dict[str, Any] | None] = field(default=lambda data: data.get("story"))
    examples: tuple[dict[str, Any], ...] = ()
    notes: tuple[str, ...] = ()
    poster_beat: str | None = None
    web: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    flow: Any = None  # scenes.kit.reflow.Flow: how the 16:9 design reflows at other aspects
    source: str = ""


_REGISTRY: dict[str, SceneSpec] = {}
_ORIGIN: dict[str, str] = {}  # scene name -> the module that registered it


USER_MODULE_PREFIX = "momentum_anim_user_"  # the module names `scenes.output.plan.scene_ref` gives users' files


def register(spec: SceneSpec) -> SceneSpec:
    """Add a scene; the first registration of a name wins.

    Manim's own CLI loads a scene file as a second module object, which registers the same scene again
    from the same file: that is allowed. Two different files claiming one name is an error, except that
    a user's scene file loaded again (it was edited) or another user's file reusing the name replaces the
    earlier user's scene: the newest wins, as in a notebook where the file is edited between renders.
    """
    existing = _REGISTRY.get(spec.name)
    caller = sys._getframe(1).f_globals.get("__name__", "")
    if existing is not None and not (caller.startswith(USER_MODULE_PREFIX)
                                     and _ORIGIN.get(spec.name, "").startswith(USER_MODULE_PREFIX)):
        if inspect.getsourcefile(existing.make_data) != inspect.getsourcefile(spec.make_data):
            raise ValueError(f"scene {spec.name!r} is registered twice")
        return existing
    _REGISTRY[spec.name] = spec
    _ORIGIN[spec.name] = caller
    return spec


def lazy(module: str, name: str) -> Callable[[], Any]:
    """A callable that imports `module` when first called and returns what its `name` returns: how a scene
    package names its Manim scene without importing the module that builds it (Manim's CLI may be loading
    that module as the package is imported)."""
    def call():
        import importlib

        return getattr(importlib.import_module(module), name)()

    call.__qualname__ = call.__name__ = f"lazy_{name}"
    return call


def unregister(name: str) -> None:
    """Forget the scene `name` (a user's scene file about to be loaded again)."""
    _REGISTRY.pop(name, None)
    _ORIGIN.pop(name, None)


def registered(name: str) -> SceneSpec:
    """The scene registered under `name` by a module already imported (Manim's CLI imports the file)."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no scene {name!r} has been registered") from None


def origin(name: str) -> str:
    """The name of the module that registered the scene `name`."""
    return _ORIGIN[name]


def all_registered() -> dict[str, SceneSpec]:
    """Every scene registered so far, by name, in the order they registered."""
    return dict(_REGISTRY)
