"""The clips behind a scene's generic page: the clip as asked for, and one per example of the scene, each a
small WebM (VP9) file whose bytes the page inlines.

The page has a byte budget (`BUDGET`, the whole page); each clip's bit rate is capped at its share of
it, rate = 8 · share / duration, and should the encoder overshoot, the clips are encoded again at the
rate scaled by budget / total.
"""
from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from scenes.kit.layout import Canvas
from scenes.kit.params import ParamError, resolve
from scenes.kit.theme import THEMES
from scenes.output.formats.encode import EncodeError, ffmpeg_exe

HEIGHT = 480        # the 16:9 clip's height in pixels (854 x 480); other aspects keep as many pixels
FPS = 12.0
BUDGET = 1_500_000  # bytes for the whole page, clips inlined as base64 (4 bytes per 3)
MAX_RATE = 400_000  # bits per second: enough for a flat-coloured diagram at this size
MAX_CLIPS = 6


@dataclass
class Clip:
    label: str
    params: dict[str, Any]
    story: dict
    outcome: dict
    duration: float
    frames: int = 0
    webm: bytes = b""


def label_for(overrides: dict[str, Any]) -> str:
    """'momentum = 0, lr = 0.5': the parameters a clip sets; 'defaults' where it sets none."""
    return ", ".join(f"{k} = {_value(v)}" for k, v in overrides.items()) or "defaults"


def _value(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def variants(spec, params: dict[str, Any], given: dict[str, Any], most: int | None = MAX_CLIPS
             ) -> list[tuple[str, dict[str, Any]]]:
    """(label, parameters): the parameters asked for first (`given`: those set), then each of the scene's
    examples (over the defaults) that its bounds accept, each set once; `most` of them at most."""
    out = [(label_for(given), dict(params))]
    for example in spec.examples:
        try:
            values = resolve(spec.params, dict(example), spec.name)
        except ParamError:
            continue
        if all(values != p for _, p in out):
            out.append((label_for(dict(example)), values))
    return out[:most]


def prepare(spec, chosen: list[tuple[str, dict[str, Any]]]) -> list[tuple[Clip, dict]]:
    """Each clip's data (the scene's make_data) and storyboard."""
    out = []
    for label, params in chosen:
        data = spec.make_data(dict(params))
        story = spec.story(data) or {"title": spec.description, "beats": []}
        out.append((Clip(label, params, story, spec.outcome(data), float(spec.duration(data))), data))
    return out


def size(aspect: str, flow=None) -> tuple[int, int]:
    return Canvas(aspect, flow).pixels(HEIGHT)


def encode_all(spec, prepared: list[tuple[Clip, dict]], backend: str, theme: str, aspect: str) -> list[Clip]:
    """Every clip drawn and encoded within the page's budget (`BUDGET`, less `room` for the page itself)."""
    room = BUDGET * 3 // 4 - 60_000  # base64 and the page's own text
    total_s = sum(max(c.duration, 0.5) for c, _ in prepared)
    rate = min(MAX_RATE, int(8 * room / total_s))
    for _attempt in range(3):
        for clip, data in prepared:
            clip.frames, clip.webm = _encode(spec, data, clip.duration, backend, theme, aspect, rate)
        total = sum(len(c.webm) for c, _ in prepared)
        if total <= room:
            return [c for c, _ in prepared]
        rate = int(rate * room / total * 0.9)
    raise EncodeError(f"the page's clips take {total} bytes, over the page's budget of {BUDGET} bytes")


def times_for(duration: float, fps: float = FPS) -> np.ndarray:
    """n evenly spaced times from 0 to `duration` inclusive, n = round(duration · fps) + 1."""
    return np.linspace(0.0, duration, max(2, int(round(duration * fps)) + 1))


def _frames(spec, data, duration, backend, theme, aspect, width, height):
    canvas = Canvas(aspect, spec.flow)
    times = times_for(duration)
    if backend == "manim" and spec.manim_scene is not None:
        from scenes.output.frames import manim_frames

        return manim_frames.render_frames(spec.manim_scene(), data, THEMES[theme], width, height, FPS, times,
                                          canvas=canvas)
    from scenes.output.frames import mpl_frames

    return mpl_frames.render_frames(spec.draw_mpl, data, THEMES[theme], width, height, times, canvas=canvas)


def _encode(spec, data, duration, backend, theme, aspect, rate) -> tuple[int, bytes]:
    width, height = size(aspect, spec.flow)
    with tempfile.TemporaryDirectory(prefix="momentum-anim-clip-") as tmp:
        target = Path(tmp) / "clip.webm"
        cmd = [ffmpeg_exe(), "-y", "-nostdin", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgba",
               "-s", f"{width}x{height}", "-framerate", f"{FPS}", "-i", "pipe:0",
               "-c:v", "libvpx-vp9", "-pix_fmt", "yuv420p", "-b:v", str(rate), "-crf", "36",
               "-deadline", "good", "-cpu-used", "5", "-row-mt", "1", "-an", "-f", "webm", str(target)]
        log = tempfile.TemporaryFile()
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log)
        count = 0
        try:
            for frame in _frames(spec, data, duration, backend, theme, aspect, width, height):
                proc.stdin.write(np.ascontiguousarray(frame).tobytes())
                count += 1
            proc.stdin.close()
            code = proc.wait()
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        if code != 0 or not target.is_file():
            log.seek(0)
            tail = log.read().decode(errors="replace").strip().splitlines()[-2:]
            raise EncodeError("ffmpeg failed: " + " | ".join(tail))
        log.close()
        return count, target.read_bytes()
