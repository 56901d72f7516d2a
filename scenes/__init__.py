"""Scenes: one package per scene (`scenes/valley/`, ...), each drawing `sim` data with Manim and with
matplotlib; its `__init__` registers its spec.

`scenes.kit` is what a scene is made of (the spec, parameters, storyboard, themes, layout and the drawing
helpers of both backends); `scenes.output` is the machinery that turns a request into a file (plan,
formats, frames, files). Imports flow one way: output -> scenes -> kit -> sim (docs/architecture.md).
"""
from __future__ import annotations

import importlib

# One line per scene module, in the order `render.py --list` shows them.
SCENE_MODULES = (
    "scenes.valley",
    "scenes.ball_view",
    "scenes.ravine",
    "scenes.momentum_rate",
    "scenes.sine",
    "scenes.decay",
    "scenes.conventions",
    "scenes.derivatives",
    "scenes.flavours",
    "scenes.escape",
    "scenes.rates",
    "scenes.training",
    "scenes.compare",
    "scenes.milestones",
    "scenes.banana",
    "scenes.damping",
    "scenes.polynomial",
    "scenes.colorize",
    "scenes.graphs",
    "scenes.oracle",
    "scenes.stochastic",
)

_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    for module in SCENE_MODULES:
        importlib.import_module(module)
    _loaded = True


def get(name: str):
    """The built-in scene called `name` (a `scenes.kit.SceneSpec`)."""
    from scenes.kit import registry

    load_all()
    try:
        if name not in names():
            raise KeyError(name)
        return registry.registered(name)
    except KeyError:
        raise KeyError(f"unknown scene {name!r}; the scenes are: {', '.join(names())}") from None


def names() -> list[str]:
    """The built-in scenes' names, in the order `render.py --list` shows them."""
    from scenes.kit import registry

    load_all()
    order = {module: i for i, module in enumerate(SCENE_MODULES)}
    built_in = [(order[registry.origin(name)], name) for name in registry.all_registered()
                if registry.origin(name) in order]
    return [name for _, name in sorted(built_in)]
