"""From a render request to a finished file: parameters -> sim data -> frames -> encoder -> sidecar.

`render(RenderRequest(...))` is what `render.py` calls; it raises `UsageError` for anything the user
typed wrong (render.py turns it into one line on stderr and exit code 2). The plan itself is made in
`scenes.output.plan.request`.
"""
from __future__ import annotations

import math
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from scenes.output.files import cache, output_files, safe_files
from scenes.output.formats import companions, encode, poster
from scenes.output.plan import lecture
from scenes.kit import registry
from scenes.kit.layout import Canvas
from scenes.kit.theme import THEMES
from scenes.output.plan.request import (  # noqa: F401  (QUALITIES and the planning names, for callers)
    MAX_FRAMES, QUALITIES, Plan, RenderRequest, UsageError, _cache_dir, companion_suffixes, frame_times, plan,
    possible_suffixes)


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
        **({"embed": req.embed, "player_version": _page(p.spec).version()} if p.fmt == "html" else {}),
    }


def _web():
    from scenes.output.formats import web

    return web


def _page(spec):
    """The page's module: the scene's own page (formats.web), else the generic clip page (formats.clip_page)."""
    from scenes.output.formats import clip_page

    return _web() if spec.web is not None else clip_page


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
        from scenes.output.frames import mpl_frames

        return mpl_frames.render_frames(p.spec.draw_mpl, data, theme, p.width, p.height, times,
                                         transparent=req.transparent, canvas=Canvas(req.aspect, p.spec.flow))
    from scenes.output.frames import manim_frames

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
        return _page(p.spec).render_to(p.spec, p.params, req.theme, identity, out_tmp, side_tmp,
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

            from scenes.output.formats import video_outputs

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
