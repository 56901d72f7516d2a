"""From what was asked to a plan: the request's options checked, the scene and its parameters resolved, and
the size, frame times and output path worked out (`plan`). A `UsageError` is anything the user typed wrong.
"""
from __future__ import annotations

import dataclasses
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from scenes.output.files import cache, output_files
from scenes.kit import registry
from scenes.kit.layout import ASPECTS, Canvas
from scenes.kit.params import ParamError, resolve
from scenes.kit.theme import THEMES
from scenes.output.formats import companions, encode, poster, slides
from scenes.output.plan import extras, lecture, names
from scenes.output.plan import scene_ref
from sim.messages import shown


QUALITIES = {
    "low": (854, 480, 15),
    "medium": (1280, 720, 30),
    "high": (1920, 1080, 60),
    "4k": (3840, 2160, 60),
}
BACKENDS = ("manim", "mpl")
MAX_FPS = 120
MAX_FRAMES = 36_000  # ten minutes at 60 fps; a longer render is a typo, not a lecture clip
OUTPUT_FORMATS = encode.FORMATS + slides.FORMATS + ("html",)  # html: the interactive page (scenes.output.formats.web)
FILE_SUFFIX = {"slides": "slides.html"}  # default file name endings, where not the format's name


class UsageError(ParamError):
    """Bad input from the user: one line, exit code 2."""


@dataclass
class RenderRequest:
    scene: str
    backend: str = "manim"
    fmt: str | None = None
    quality: str = "medium"
    fps: float | None = None
    out: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    theme: str = "dark"
    transparent: bool = False
    verbose: bool = False
    cache_dir: str | None = None
    force: bool = False
    progress: bool = True
    embed: bool = False  # html: also write the fragment to paste into a page
    at: str | None = None  # a still's moment: seconds, a beat name or 'end' (scenes.output.formats.poster)
    captions: str | None = None  # 'files': <out>.vtt and <out>.srt; 'burn': drawn in the frame
    aspect: str = "16:9"  # 16:9, 4:3, 1:1 or 9:16: the layout reflows (scenes.kit.reflow)


@dataclass
class Plan:
    spec: registry.SceneSpec
    params: dict[str, Any]
    path: Path
    fmt: str
    width: int
    height: int
    fps: float


def plan(req: RenderRequest) -> Plan:
    """Check every option and work out the output path; raises UsageError, touches nothing."""
    try:
        spec = scene_ref.spec_for(req.scene)
    except scene_ref.SceneRefError as exc:
        raise UsageError(str(exc)) from None
    if req.backend not in BACKENDS:
        raise UsageError(f"unknown backend {req.backend!r}; choose one of {', '.join(BACKENDS)}")
    if req.quality not in QUALITIES:
        raise UsageError(f"unknown quality {req.quality!r}; choose one of {', '.join(QUALITIES)}")
    if req.theme not in THEMES:
        raise UsageError(f"unknown theme {req.theme!r}; choose one of {', '.join(THEMES)}")
    if req.fmt is not None and req.fmt not in OUTPUT_FORMATS:
        raise UsageError(f"unknown format {req.fmt!r}; choose one of {', '.join(OUTPUT_FORMATS)}")
    if req.backend == "manim" and spec.manim_scene is None:
        raise UsageError(f"scene {spec.name!r} has no Manim version; use --backend mpl")
    if req.aspect not in ASPECTS:
        raise UsageError(f"unknown aspect {req.aspect!r}; choose one of {', '.join(ASPECTS)}")
    width, height = Canvas(req.aspect).pixels(QUALITIES[req.quality][1])
    fps = QUALITIES[req.quality][2]
    if req.fps is not None:
        if not (isinstance(req.fps, (int, float)) and math.isfinite(req.fps) and 1 <= req.fps <= MAX_FPS):
            raise UsageError(f"--fps must be a number from 1 to {MAX_FPS}, not {req.fps}")
        fps = req.fps
    params = resolve(spec.params, req.overrides, spec.name)
    extras.require_for(spec.name, params)  # an optional install a parameter needs, before anything is made
    path, fmt = _output(req, spec.name, {key: params[key] for key in req.overrides})
    if req.embed and fmt != "html":
        raise UsageError("--embed writes a web page's fragment; it needs --format html")
    output_files.check_path(path)
    if req.cache_dir is not None:
        if req.cache_dir == "":
            raise UsageError("--cache-dir needs a folder name")
        if os.path.exists(req.cache_dir) and not os.path.isdir(req.cache_dir):
            raise UsageError(f"--cache-dir {req.cache_dir!r} is a file, not a folder")
    if req.transparent and fmt not in encode.ALPHA_FORMATS:
        raise UsageError(f"{fmt} has no alpha channel; --transparent needs one of {', '.join(encode.ALPHA_FORMATS)}")
    lecture.check(req, fmt)
    companions.check_names(path, companion_suffixes(req, fmt))
    return Plan(spec, params, path, fmt, width, height, fps)


def companion_suffixes(req: RenderRequest, fmt: str) -> tuple[str, ...]:
    """The files written beside the output: every video's poster, and the captions when asked (a web
    page: its fragment, when --embed asks for it)."""
    if fmt == "html":
        return (".embed.html",) if req.embed else ()
    if fmt == "png" or fmt in slides.FORMATS:
        return ()
    return (poster.POSTER_SUFFIX,) + ((".vtt", ".srt") if req.captions == "files" else ())


def possible_suffixes(fmt: str) -> tuple[str, ...]:
    """Every companion an output of format `fmt` may have, whatever was asked."""
    return companion_suffixes(dataclasses.replace(RenderRequest(scene=""), captions="files", embed=True), fmt)


def _cache_dir(req: RenderRequest) -> Path:
    return Path(req.cache_dir) if req.cache_dir else cache.default_dir()


def default_name(req: RenderRequest, scene: str, fmt: str, given: dict[str, Any]) -> str:
    """A single render's file name in a folder: SCENE[-THEME][-QUALITY][-ASPECT][-PARAMS].EXT, each part
    only where it is not the default (`names`); `given`: the parameters set, with their checked values."""
    return names.output_name(scene, FILE_SUFFIX.get(fmt, fmt), theme=req.theme, quality=req.quality,
                             aspect=req.aspect, params=given)


def _output(req: RenderRequest, scene: str, given: dict[str, Any]) -> tuple[Path, str]:
    fmt = req.fmt
    if req.out == "":
        raise UsageError("--out needs a file or folder name")
    if req.out is None:
        fmt = fmt or "mp4"
        return Path("media") / default_name(req, scene, fmt, given), fmt
    output_files.check_name(req.out)
    out = Path(req.out)
    if out.is_dir() or req.out.endswith(("/", os.sep)):
        fmt = fmt or "mp4"
        return out / default_name(req, scene, fmt, given), fmt
    ext = out.suffix.lower().lstrip(".")
    if ext in FILE_SUFFIX:  # a format whose files end otherwise: NAME.slides is not a slide deck's name
        raise UsageError(f"--out {shown(req.out)}: name the file {shown(out.stem + '.' + FILE_SUFFIX[ext])}")
    if out.name.lower().endswith(".slides.html"):  # NAME.slides.html: slides; any other .html: a web page
        ext = "slides"
    if not ext:
        raise UsageError(f"--out {shown(req.out)} has no extension; name a file like {shown(req.out + '.mp4')} or an existing folder")
    if ext not in OUTPUT_FORMATS:
        raise UsageError(f"--out {shown(req.out)}: unknown extension .{ext}; use one of "
                         f"{', '.join(encode.FORMATS + ('html', 'pptx'))}")
    if fmt is not None and fmt != ext:
        raise UsageError(f"--format {fmt} contradicts the extension of --out {shown(req.out)}")
    return out, ext


def frame_times(duration: float, fps: float) -> np.ndarray:
    """n evenly spaced times from 0 to `duration` inclusive, n = round(duration * fps) + 1."""
    n = max(2, int(round(duration * fps)) + 1)
    return np.linspace(0.0, duration, n)
