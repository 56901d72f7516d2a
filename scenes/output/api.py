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
from scenes.output import extras, pipeline
from scenes.output.output_files import sidecar_path
from scenes.output.pipeline import RenderRequest

EMBED_LIMIT_BYTES = 10 * 1024 * 1024
"""Files up to this size are embedded in a notebook as base64 data URIs (so the notebook carries them);
larger ones are shown from the file on disk by a link, which keeps the notebook small."""

_MIME = {"mp4": "video/mp4", "webm": "video/webm", "mov": "video/quicktime", "gif": "image/gif",
         "png": "image/png"}
_BROWSER_VIDEO = ("mp4", "webm")  # H.264 and VP9 play in every current browser; ProRes (mov) does not


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
        return self.path.suffix.lower().lstrip(".")

    def __repr__(self) -> str:
        s = self.sidecar
        size = f"{s.get('width')}x{s.get('height')}"
        frames = s.get("frames")
        return (f"Clip({str(self.path)!r}, scene={self.scene!r}, {size} {self.format}, "
                f"{frames} frame{'' if frames == 1 else 's'})")

    def _source(self) -> tuple[str, bool]:
        """(src for HTML, embedded?): a base64 data URI up to EMBED_LIMIT_BYTES, else the file's address:
        relative to the working folder when inside it (Jupyter serves it from there), else a file:// URI."""
        size = self.path.stat().st_size
        if size <= EMBED_LIMIT_BYTES:
            data = base64.b64encode(self.path.read_bytes()).decode("ascii")
            return f"data:{_MIME[self.format]};base64,{data}", True
        try:
            return Path(os.path.relpath(self.path.resolve(), Path.cwd())).as_posix(), False
        except ValueError:  # another drive on Windows
            return self.path.resolve().as_uri(), False

    def _repr_html_(self) -> str:
        src, embedded = self._source()
        name = html.escape(self.path.name)
        width = self.sidecar.get("width")
        style = f' style="max-width:100%;width:{int(width)}px"' if isinstance(width, int) else ' style="max-width:100%"'
        if self.format in _BROWSER_VIDEO:
            media = f'<video controls loop{style} src="{html.escape(src)}"></video>'
        elif self.format == "mov":  # browsers cannot play ProRes: offer the file
            media = f'<a href="{html.escape(src)}" download="{name}">{name}</a> (QuickTime ProRes)'
        else:
            media = f'<img{style} src="{html.escape(src)}" alt="{name}">'
        if not embedded and self.format != "mov":
            media += f'<br><a href="{html.escape(src)}">{name}</a>'
        title = self.story.get("title") or self.scene
        caption = f'<div style="font-size:90%;opacity:0.8">{html.escape(str(title))} &middot; {name}</div>'
        return f"<div>{media}{caption}</div>"

    def _repr_png_(self) -> bytes | None:
        """The still itself, for front ends without HTML (a PNG up to EMBED_LIMIT_BYTES)."""
        if self.format == "png" and self.path.stat().st_size <= EMBED_LIMIT_BYTES:
            return self.path.read_bytes()
        return None


def render(scene: str | os.PathLike, *, backend: str = "manim", fmt: str | None = None, quality: str = "medium",
           out: str | os.PathLike | None = None, theme: str = "dark", fps: float | None = None,
           transparent: bool = False, force: bool = False, cache_dir: str | os.PathLike | None = None,
           verbose: bool = False, progress: bool | None = None, params: dict[str, Any] | None = None,
           **more_params: Any) -> Clip:
    """Render `scene` (a name, `my_scene.py` or `my_scenes.py:NAME`) and return the Clip.

    The keywords are render.py's options (`fmt` is --format); everything else is a scene parameter, as a
    Python value (`momentum=0.3`, `experiment="article"`) or the text --set takes. `params={...}` passes
    parameters whose names are also option names. `progress` shows a bar on stderr (default: only when
    stderr is a terminal, so not in a notebook). Raises RenderError with render.py's one-line message.
    """
    if progress is None:
        progress = _isatty(sys.stderr)
    overrides = {**(params or {}), **more_params}
    req = RenderRequest(scene=os.fspath(scene) if isinstance(scene, os.PathLike) else scene, backend=backend, fmt=fmt, quality=quality, fps=fps,
                        out=None if out is None else os.fspath(out), overrides=overrides, theme=theme,
                        transparent=transparent, verbose=verbose,
                        cache_dir=None if cache_dir is None else os.fspath(cache_dir), force=force,
                        progress=progress)
    return render_request(req)


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
