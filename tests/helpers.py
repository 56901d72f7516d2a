"""Shared test helpers: render into a temporary folder and read back what was drawn."""
from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
from PIL import Image

from scenes.output.plan.pipeline import RenderRequest, render


def render_file(tmp_path: Path, scene: str, backend: str = "mpl", fmt: str = "png", theme: str = "dark",
                quality: str = "low", sets: dict | None = None, **kwargs) -> Path:
    """Render through the real pipeline (no progress bar, cache inside tmp_path) and return the file."""
    out = tmp_path / f"{scene}-{backend}-{theme}.{fmt}"
    request = RenderRequest(scene=scene, backend=backend, fmt=fmt, quality=quality, out=str(out), theme=theme,
                            overrides={k: str(v) for k, v in (sets or {}).items()},
                            cache_dir=str(tmp_path / "cache"), progress=False, **kwargs)
    return render(request)


def read_png(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGBA"))


def read_video(path: Path) -> tuple[list[np.ndarray], dict]:
    """All frames as RGB arrays, plus the stream's facts (size, pixel format, fps, duration)."""
    with av.open(str(path)) as box:
        stream = box.streams.video[0]
        info = {"width": stream.codec_context.width, "height": stream.codec_context.height,
                "pix_fmt": stream.codec_context.pix_fmt, "codec": stream.codec_context.name,
                "fps": float(stream.average_rate) if stream.average_rate else None,
                "duration": float(box.duration / av.time_base) if box.duration else None}
        frames = [f.to_ndarray(format="rgb24") for f in box.decode(video=0)]
    return frames, info


def sidecar(path: Path) -> dict:
    return json.loads(Path(str(path) + ".json").read_text())


def assert_not_blank(image: np.ndarray, min_colors: int = 8) -> None:
    """A still that shows something: many distinct colours and real contrast, not one flat fill."""
    rgb = image[..., :3].reshape(-1, 3)
    colors = np.unique(rgb[:: max(1, len(rgb) // 50000)], axis=0)
    assert len(colors) >= min_colors, f"only {len(colors)} colours: the still looks blank"
    assert rgb.std(axis=0).max() > 10, "no contrast: the still looks blank"
    background = np.median(rgb, axis=0)
    drawn = np.abs(rgb.astype(int) - background).sum(axis=1) > 60
    assert drawn.mean() > 0.01, f"only {drawn.mean():.2%} of pixels differ from the background"
