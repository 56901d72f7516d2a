"""Output file names made from a render's options: `SCENE[-THEME][-QUALITY][-ASPECT][-PARAMS].EXT`.

A single render without `--out` (or with `--out FOLDER`) leaves out the options at their defaults (theme
dark, quality medium, aspect 16:9, no parameters given), so `render.py valley` writes `media/valley.mp4`
and `render.py valley --set momentum=0.3` writes `media/valley-XXXXXXXX.mp4` beside it. A batch render
always names its theme and quality (`scenes/output/plan/batch.py`). PARAMS is the same short hash in both.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any, Mapping

DEFAULT_THEME = "dark"
DEFAULT_QUALITY = "medium"
DEFAULT_ASPECT = "16:9"


def params_hash(params: Mapping[str, Any]) -> str:
    """Eight hex digits that stand for the parameters given: their values, whatever their order."""
    key = json.dumps(dict(params), sort_keys=True, default=str).encode()
    return hashlib.sha256(key).hexdigest()[:8]


def output_name(scene: str, ext: str, *, theme: str = DEFAULT_THEME, quality: str = DEFAULT_QUALITY,
                aspect: str = DEFAULT_ASPECT, params: Mapping[str, Any] | None = None,
                keep_defaults: bool = False) -> str:
    """The file name of a render; `keep_defaults` names the theme and quality even at their defaults."""
    parts = [scene]
    if keep_defaults or theme != DEFAULT_THEME:
        parts.append(theme)
    if keep_defaults or quality != DEFAULT_QUALITY:
        parts.append(quality)
    if aspect != DEFAULT_ASPECT:
        parts.append(aspect.replace(":", "x"))
    if params:
        parts.append(params_hash(params))
    return "-".join(parts) + "." + ext
