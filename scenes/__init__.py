"""Scenes: each module draws `sim` data with Manim and with matplotlib, and registers itself."""
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
)

_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    for module in SCENE_MODULES:
        importlib.import_module(module)
    _loaded = True
