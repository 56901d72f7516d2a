"""From a render request to a finished file: parameters -> sim data -> frames -> encoder -> sidecar.

`render(RenderRequest(...))` is what `render.py` calls; it raises `UsageError` for anything the user
typed wrong (render.py turns it into one line on stderr and exit code 2).
"""
from __future__ import annotations

import dataclasses

import math
import os
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from scenes.output import cache, encode, output_files, safe_files, scene_ref
from scenes.output import companions, lecture, poster, slides
from sim.sweep.files import shown
from scenes.kit import registry
from scenes.output.output_files import sidecar_path  # noqa: F401  (the sidecar's name, for callers)
from scenes.kit.layout import ASPECTS, Canvas
from scenes.kit.params import ParamError, resolve
from scenes.kit.theme import THEMES

QUALITIES = {
    "low": (854, 480, 15),
    "medium": (1280, 720, 30),
    "high": (1920, 1080, 60),
    "4k": (3840, 2160, 60),
}
BACKENDS = ("manim", "mpl")
MAX_FPS = 120
MAX_FRAMES = 36_000  # ten minutes at 60 fps; a longer render is a typo, not a lecture clip
OUTPUT_FORMATS = encode.FORMATS + slides.FORMATS + ("html",)  # html: the interactive page (scenes.output.web)
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
    at: str | None = None  # a still's moment: seconds, a beat name or 'end' (scenes.output.poster)
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
    path, fmt = _output(req, spec.name)
    if fmt == "html" and spec.web is None:
        raise UsageError(f"scene {spec.name!r} has no web page; the scenes with one are: "
                         + ", ".join(n for n, s in registry.all_registered().items() if s.web is not None))
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


def _output(req: RenderRequest, scene: str) -> tuple[Path, str]:
    fmt = req.fmt
    if req.out == "":
        raise UsageError("--out needs a file or folder name")
    if req.out is None:
        fmt = fmt or "mp4"
        return Path("media") / f"{scene}.{FILE_SUFFIX.get(fmt, fmt)}", fmt
    output_files.check_name(req.out)
    out = Path(req.out)
    if out.is_dir() or req.out.endswith(("/", os.sep)):
        fmt = fmt or "mp4"
        return out / f"{scene}.{FILE_SUFFIX.get(fmt, fmt)}", fmt
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


def versions() -> dict[str, str]:
    out = {}
    for name in ("momentum-anim", "manim", "matplotlib", "numpy"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "unknown"
    return out


def _identity(p: Plan, req: RenderRequest) -> dict[str, Any]:
    """What makes two renders the same render (the sidecar fields compared to skip a re-render)."""
    return {
        "scene": p.spec.name,
        "params": p.params,
        "backend": req.backend,
        "quality": req.quality,
        "format": p.fmt,
        "width": p.width,
        "height": p.height,
        "fps": p.fps,
        "theme": req.theme,
        "aspect": req.aspect,
        "transparent": req.transparent,
        "versions": versions(),
        "code_version": cache.code_version(sys.modules[p.spec.make_data.__module__].__file__),
        **({"embed": req.embed, "player_version": _web().version()} if p.fmt == "html" else {}),
    }


def _web():
    from scenes.output import web

    return web


def _jsonable(x: Any) -> Any:
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        return _jsonable(x.tolist())
    if isinstance(x, (np.floating, float)):
        x = float(x)
        return x if math.isfinite(x) else str(x)
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.bool_):
        return bool(x)
    return x


def make_data(spec: registry.SceneSpec, params: dict[str, Any], cache_dir: Path | None):
    module_file = sys.modules[spec.make_data.__module__].__file__
    return cache.cached(cache_dir, spec.name, params, module_file, lambda: spec.make_data(dict(params)),
                        data_files=spec.data_files)


def frames(p: Plan, req: RenderRequest, data: dict, times: np.ndarray, cache_dir: Path | None):
    theme = THEMES[req.theme]
    if req.backend == "mpl":
        from scenes.output import mpl_frames

        return mpl_frames.render_frames(p.spec.draw_mpl, data, theme, p.width, p.height, times,
                                         transparent=req.transparent, canvas=Canvas(req.aspect, p.spec.flow))
    from scenes.output import manim_frames

    return manim_frames.render_frames(p.spec.manim_scene(), data, theme, p.width, p.height, p.fps, times,
                                       transparent=req.transparent, cache_dir=cache_dir,
                                       canvas=Canvas(req.aspect, p.spec.flow),
                                       verbose=req.verbose)


def render(req: RenderRequest, log=sys.stderr) -> Path:
    """Render one scene to a file and its JSON sidecar; return the file's path.

    Both are written to temporaries made before any work (so a folder that takes no file fails first),
    checked, and committed together (`output_files.commit`); on any failure both temporaries go.
    """
    p = plan(req)
    lecture.check_moment(p.spec, p.params, req.at, lambda: make_data(p.spec, p.params, _cache_dir(req))[0])
    identity = {**_identity(p, req), **lecture.identity(p.fmt, req)}
    extras = companions.Companions(p.path, companion_suffixes(req, p.fmt), possible_suffixes(p.fmt))
    if not req.force and output_files.up_to_date(p.path, identity, lecture.OPTIONAL) and extras.present():
        print(f"{p.path} is up to date (same scene, parameters and version); --force renders it again",
              file=log)
        return p.path
    output_files.prepare_folder(p.path.parent)
    out_tmp, side_tmp = output_files.reserve(p.path)
    safe_files.sweep(p.path.parent)  # what killed renders left here
    try:
        extras.reserve()
        _render_to(p, req, identity, out_tmp, side_tmp, extras)
        extras.commit(lambda: output_files.commit(out_tmp, p.path, side_tmp))
    finally:
        safe_files.discard(out_tmp)
        safe_files.discard(side_tmp)
        extras.discard()
    return p.path


def _render_to(p: Plan, req: RenderRequest, identity: dict, out_tmp: Path, side_tmp: Path,
               extras: companions.Companions | None = None) -> None:
    """Render into the output's temporary (and its companions') and write the sidecar's, each checked
    complete."""
    if p.fmt == "html":
        return _web().render_to(p.spec, p.params, req.theme, identity, out_tmp, side_tmp,
                                extras or companions.Companions(p.path, ()))
    cache_dir = Path(req.cache_dir) if req.cache_dir else cache.default_dir()
    data, _hit = make_data(p.spec, p.params, cache_dir)
    duration = float(p.spec.duration(data))
    times = frame_times(duration, p.fps)
    story = p.spec.story(data)
    lecture: dict[str, Any] = {}
    if p.fmt == "png":
        times = times[-1:] if req.at in (None, "end") else np.array([poster.moment(req.at, story, duration)])
        if req.at not in (None, "end"):
            lecture["moment_s"] = round(float(times[0]), 4)
    if len(times) > MAX_FRAMES:
        raise UsageError(f"{len(times)} frames is too many (at most {MAX_FRAMES}); lower steps or --fps")

    bar = _progress(len(times), f"{p.spec.name} [{req.backend}]", req.progress)
    try:
        if p.fmt == "png":
            (last,) = list(frames(p, req, data, times, cache_dir))  # running the source to its end cleans up
            encode.write_png_to(last, out_tmp, req.transparent)
            bar.update(1)
            count = 1
        else:
            from dataclasses import replace

            from scenes.output import video_outputs

            # The frames come at the size the video needs: smaller with burned captions.
            count, lecture = video_outputs.write(
                p.fmt, story, times, duration, (p.width, p.height), p.fps, req.theme, req.transparent,
                req.captions == "burn", p.spec.poster_beat,
                lambda w, h: frames(replace(p, width=w, height=h), req, data, times, cache_dir), out_tmp,
                extras or companions.Companions(p.path, ()), bar)
    finally:
        bar.close()
    size, sha256 = output_files.digest(out_tmp)
    if size == 0:
        raise encode.EncodeError(f"the encoder wrote an empty {p.fmt} file")
    sidecar = {
        **identity,
        "output_bytes": size,
        "output_sha256": sha256,
        "frames": count,
        "duration_s": round(count / p.fps, 4) if p.fmt != "png" else 0.0,
        "outcome": p.spec.outcome(data),
        "story": story,
        **lecture,
    }
    output_files.write_sidecar(side_tmp, _jsonable(sidecar))


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, desc: str, enabled: bool):
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    # Shown only once the render has taken more than a second.
    return tqdm(total=total, desc=desc, unit="frame", file=sys.stderr, delay=1.0, leave=False,
                dynamic_ncols=True)
