"""The Python API: `render(scene, **params) -> Clip`, the same render as `render.py`, from code or a notebook.

    from render import render
    clip = render("valley", backend="mpl", fmt="png", quality="low", momentum=0.3)
    clip.path, clip.story["title"]      # the file, and the storyboard from its sidecar
    clip                                # in Jupyter: the video or image itself, with its title

Everything that goes wrong is a `RenderError` whose message is the line `render.py` prints after
"error: ": `code` 2 for bad input (nothing was rendered), 1 for a render that failed (the original
exception is its `__cause__`). Nothing is printed on stdout; the skip notice and the progress bar go to
stderr.
"""
from __future__ import annotations

import base64
import html
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scenes.kit.params import ParamError
from scenes.output.plan import extras, pipeline
from scenes.output.files.output_files import sidecar_path
from scenes.output.plan.pipeline import RenderRequest

EMBED_LIMIT_BYTES = 10 * 1024 * 1024
"""Files up to this size are embedded in a notebook as base64 data URIs (so the notebook carries them);
larger ones are shown from the file on disk by a link, which keeps the notebook small."""

_MIME = {"mp4": "video/mp4", "webm": "video/webm", "mov": "video/quicktime", "gif": "image/gif",
         "png": "image/png", "html": "text/html", "slides": "text/html",
         "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
_BROWSER_VIDEO = ("mp4", "webm")  # H.264 and VP9 play in every current browser; ProRes (mov) does not
_PAGES = ("html", "slides")  # self-contained pages, shown in a frame
_DOWNLOADS = {"mov": "QuickTime ProRes", "pptx": "PowerPoint"}  # nothing a browser shows: a link


class RenderError(Exception):
    """A render that did not happen. `str(exc)` is one line; `code` is render.py's exit code for it
    (2: bad input, 1: the render itself failed, the original exception chained as `__cause__`)."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


@dataclass(repr=False)
class Clip:
    """A rendered file and its sidecar. In Jupyter it displays itself (`_repr_html_`)."""

    path: Path
    sidecar: dict[str, Any]
    scene: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def open(cls, path: str | os.PathLike) -> Clip:
        """The clip at `path`, read back from its sidecar (`PATH.json`)."""
        path = Path(path)
        sidecar = json.loads(sidecar_path(path).read_text())
        return cls(path, sidecar, sidecar.get("scene", ""), dict(sidecar.get("params", {})))

    @property
    def story(self) -> dict[str, Any]:
        """The storyboard: title, beats (name, start, end, caption), labels and the numbers on screen."""
        return self.sidecar.get("story") or {}

    @property
    def format(self) -> str:
        """mp4, gif, webm, mov, png, html, slides or pptx (the sidecar's, else the file's extension)."""
        return self.sidecar.get("format") or self.path.suffix.lower().lstrip(".")

    def __repr__(self) -> str:
        s = self.sidecar
        w, h = s.get("width"), s.get("height")
        size = f"{w}x{h} " if isinstance(w, int) and isinstance(h, int) else ""
        frames = s.get("frames")
        count = f", {frames} frame{'' if frames == 1 else 's'}" if isinstance(frames, int) else ""
        return f"Clip({str(self.path)!r}, scene={self.scene!r}, {size}{self.format}{count})"

    def _companion(self, key: str, field_name: str) -> Path | None:
        """A file the sidecar lists beside the output (`poster`: the poster frame; `captions`: WebVTT)."""
        entry = self.sidecar.get(key)
        name = entry.get(field_name) if isinstance(entry, dict) else None
        if not isinstance(name, str):
            return None
        path = self.path.with_name(name)
        return path if path.is_file() else None

    @property
    def poster(self) -> Path | None:
        """A video's poster frame (PNG), written beside it; None for other formats."""
        return self._companion("poster", "file")

    @property
    def captions(self) -> Path | None:
        """A video's WebVTT captions, when rendered with captions="files"; else None."""
        return self._companion("captions", "webvtt")

    def _repr_html_(self) -> str:
        embedded = self.path.stat().st_size <= EMBED_LIMIT_BYTES
        src = html.escape(_address(self.path, _MIME.get(self.format), embedded))
        name = html.escape(self.path.name)
        width = self.sidecar.get("width")
        style = f' style="max-width:100%;width:{int(width)}px"' if isinstance(width, int) else ' style="max-width:100%"'
        if self.format in _BROWSER_VIDEO:
            poster = self.poster and f' poster="{html.escape(_address(self.poster, "image/png", embedded))}"'
            track = self.captions and (f'<track kind="captions" label="captions" default '
                                       f'src="{html.escape(_address(self.captions, "text/vtt", embedded))}">')
            media = f'<video controls loop{style}{poster or ""} src="{src}">{track or ""}</video>'
        elif self.format in _DOWNLOADS:
            media = f'<a href="{src}" download="{name}">{name}</a> ({_DOWNLOADS[self.format]})'
        elif self.format in _PAGES:
            height = self.sidecar.get("height") if isinstance(self.sidecar.get("height"), int) else 480
            media = f'<iframe src="{src}" title="{name}" style="width:100%;height:{height + 200}px;border:0"></iframe>'
        else:
            media = f'<img{style} src="{src}" alt="{name}">'
        if not embedded and self.format not in _DOWNLOADS:
            media += f'<br><a href="{src}">{name}</a>'
        title = self.story.get("title") or self.scene
        caption = f'<div style="font-size:90%;opacity:0.8">{html.escape(str(title))} &middot; {name}</div>'
        return f"<div>{media}{caption}</div>"

    def _repr_png_(self) -> bytes | None:
        """The still itself, for front ends without HTML (a PNG up to EMBED_LIMIT_BYTES)."""
        if self.format == "png" and self.path.stat().st_size <= EMBED_LIMIT_BYTES:
            return self.path.read_bytes()
        return None


def _address(path: Path, mime: str | None, embed: bool) -> str:
    """A file as HTML sees it: a base64 data URI when embedded, else its address: relative to the working
    folder when inside it (Jupyter serves files from there), else a file:// URI."""
    if embed:
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"data:{mime or 'application/octet-stream'};base64,{data}"
    try:
        return Path(os.path.relpath(path.resolve(), Path.cwd())).as_posix()
    except ValueError:  # another drive on Windows
        return path.resolve().as_uri()


def render(scene: str | os.PathLike, *, backend: str = "manim", fmt: str | None = None, quality: str = "medium",
           out: str | os.PathLike | None = None, theme: str = "dark", fps: float | None = None,
           transparent: bool = False, force: bool = False, cache_dir: str | os.PathLike | None = None,
           aspect: str = "16:9", at: str | float | None = None, captions: str | None = None,
           embed: bool = False, verbose: bool = False, progress: bool | None = None,
           params: dict[str, Any] | None = None, **more_params: Any) -> Clip:
    """Render `scene` (a name, `my_scene.py` or `my_scenes.py:NAME`) and return the Clip.

    The keywords are render.py's options (`fmt` is --format; `at` is seconds, a beat's name or "end");
    every other keyword is a scene parameter, as a Python value (`momentum=0.3`, `experiment="article"`)
    or the text --set takes. `params={...}` passes parameters whose names are also option names.
    `progress` shows a bar on stderr (default: only when stderr is a terminal, so not in a notebook).
    Raises RenderError with render.py's one-line message.
    """
    if progress is None:
        progress = _isatty(sys.stderr)
    _check_format(scene, fmt, out, backend=backend, quality=quality, fps=fps, aspect=aspect, captions=captions)
    overrides = {**(params or {}), **more_params}
    req = RenderRequest(scene=os.fspath(scene) if isinstance(scene, os.PathLike) else scene,
                        backend=backend, fmt=fmt, quality=quality, fps=fps,
                        out=None if out is None else os.fspath(out), overrides=overrides, theme=theme,
                        transparent=transparent, verbose=verbose,
                        cache_dir=None if cache_dir is None else os.fspath(cache_dir), force=force,
                        progress=progress, aspect=aspect, at=None if at is None else str(at),
                        captions=captions, embed=embed)
    return render_request(req)


_DEFAULTS = {"backend": "manim", "quality": "medium", "fps": None, "aspect": "16:9", "captions": None}


def _check_format(scene, fmt, out, **options) -> None:
    """Refuse an option set away from its default that the format would ignore (`fps` with a still, the
    video's options with an explorable page), as render.py does."""
    from types import SimpleNamespace

    from scenes.output.plan import modes

    name = modes.output_format(SimpleNamespace(fmt=fmt, out=None if out is None else os.fspath(out)))
    for key in modes.ignored_by(name, scene if isinstance(scene, str) else None):
        if options[key] != _DEFAULTS[key]:
            raise RenderError(f"{key}={options[key]!r} does not apply to fmt={name!r}: {modes.reason(key, name)}")


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed
        return False


def render_request(req: RenderRequest) -> Clip:
    """Render a RenderRequest (what render.py builds from its options); raises RenderError only."""
    if not isinstance(req.scene, str):
        raise RenderError(f"scene must be a name or a file path, not {req.scene!r}")
    try:
        extras.require("render", "rendering")
        return Clip.open(pipeline.render(req))
    except ParamError as exc:
        raise RenderError(str(exc), 2) from None
    except Exception as exc:  # a bug or a broken install
        raise RenderError(f"render failed: {type(exc).__name__}: {exc}", 1) from exc
