"""The valley end to end: every backend x format, checked by decoding what was written."""
from __future__ import annotations

import numpy as np
import pytest

import scenes
from scenes import valley
from scenes.valley import data as valley_data
from scenes.output.plan.pipeline import QUALITIES, frame_times
from scenes.kit.theme import THEMES
from tests.helpers import assert_not_blank, read_png, read_video, render_file, sidecar

SHORT = {"steps": 30}
W, H, FPS = QUALITIES["low"]


def frame_at(n: int, t: float) -> int:
    """The frame of an n-frame valley clip (SHORT) nearest time t: frame i is at duration * i / (n - 1)."""
    spec = scenes.get("valley")
    duration = spec.duration(spec.make_data({p.name: p.default for p in spec.params} | SHORT))
    return int(round(t / duration * (n - 1)))


def expected_frames(sets: dict) -> int:
    spec = scenes.get("valley")
    params = {p.name: p.default for p in spec.params} | sets
    return len(frame_times(spec.duration(spec.make_data(params)), FPS))


def color_centroid(frame: np.ndarray, hex_color: str, tol: int = 45, solid: int = 0) -> np.ndarray | None:
    """Centre of the pixels close to a colour, inside the plot area (below the header). With `solid`,
    only pixels whose whole (2 solid + 1)^2 neighbourhood has the colour count: a ball, not the thin
    strokes of a label in the same colour."""
    rgb = np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)])
    top = int(frame.shape[0] * 0.3)
    near = np.abs(frame[top:, :, :3].astype(int) - rgb).sum(axis=2) < tol
    if solid:
        windows = np.lib.stride_tricks.sliding_window_view(near, (2 * solid + 1, 2 * solid + 1))
        near = np.pad(windows.all(axis=(2, 3)), solid)
    if near.sum() < 10:
        return None
    ys, xs = np.nonzero(near)
    return np.array([xs.mean(), ys.mean() + top])


@pytest.mark.parametrize("backend", ["mpl", "manim"])
@pytest.mark.parametrize("fmt, codec, pix_fmt", [
    ("mp4", "h264", "yuv420p"),
    ("webm", "vp9", "yuv420p"),
    ("gif", "gif", None),
])
def test_video_formats(tmp_path, backend, fmt, codec, pix_fmt):
    path = render_file(tmp_path, "valley", backend=backend, fmt=fmt, sets=SHORT)
    frames, info = read_video(path)
    n = expected_frames(SHORT)
    assert len(frames) == n
    assert (info["width"], info["height"]) == (W, H)
    assert info["codec"] == codec
    if pix_fmt:
        assert info["pix_fmt"] == pix_fmt
    if info["duration"] is not None:
        assert info["duration"] == pytest.approx(n / FPS, abs=0.15)
    meta = sidecar(path)
    assert meta["frames"] == n and meta["backend"] == backend and meta["quality"] == "low"
    assert meta["params"]["steps"] == 30
    assert set(meta["versions"]) >= {"momentum-anim", "manim", "matplotlib"}
    assert meta["outcome"]["final_x"]["momentum"] > meta["outcome"]["final_x"]["gradient_descent"]

    # The balls move: the momentum ball's colour is somewhere else later in the roll. (At step 0 both
    # balls share the start point and the plain one hides it; before it the setup beat grows them.)
    theme = THEMES["dark"]
    motion = SHORT["steps"] / meta["params"]["speed"]
    early, late = (frame_at(n, valley_data.LEAD + u * motion) for u in (0.3, 0.8))
    if fmt != "gif":  # the GIF palette may merge nearby colours; its frames are checked below instead
        a, b = color_centroid(frames[early], theme.momentum), color_centroid(frames[late], theme.momentum)
        assert a is not None and b is not None
        assert np.linalg.norm(a - b) > 20, (a, b)
    changed = np.abs(frames[0].astype(int) - frames[n // 2].astype(int)).sum(axis=2) > 60
    assert changed[int(H * 0.3):].mean() > 0.0005


@pytest.mark.parametrize("backend", ["mpl", "manim"])
@pytest.mark.parametrize("theme", ["dark", "light"])
def test_png_still_is_the_final_frame(tmp_path, backend, theme):
    path = render_file(tmp_path, "valley", backend=backend, fmt="png", theme=theme)
    image = read_png(path)
    assert image.shape == (H, W, 4)
    assert_not_blank(image)
    th = THEMES[theme]
    # Final frame: the momentum ball sits near the bottom of the valley, right of the plain ball.
    mom, gd = color_centroid(image, th.momentum, solid=2), color_centroid(image, th.gd, solid=2)
    assert mom is not None and gd is not None
    assert mom[0] > gd[0] + 0.2 * W


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_transparent_png_and_webm_have_alpha(tmp_path, backend):
    png = read_png(render_file(tmp_path, "valley", backend=backend, fmt="png", transparent=True))
    assert png[0, 0, 3] == 0, "the background should be transparent"
    assert png[..., 3].max() == 255, "the drawing should be opaque"
    webm = render_file(tmp_path, "valley", backend=backend, fmt="webm", transparent=True, sets=SHORT)
    import av

    with av.open(str(webm)) as box:
        stream = box.streams.video[0]
        # VP9 alpha travels as a side stream flagged ALPHA_MODE in the Matroska track.
        assert stream.metadata.get("alpha_mode") == "1" or stream.metadata.get("ALPHA_MODE") == "1"


def test_mov_prores_with_alpha(tmp_path):
    path = render_file(tmp_path, "valley", backend="mpl", fmt="mov", transparent=True, sets=SHORT)
    frames, info = read_video(path)
    assert info["codec"] == "prores" and info["pix_fmt"].startswith("yuva444")
    assert len(frames) == expected_frames(SHORT)


def test_gif_is_small_and_loops(tmp_path):
    path = render_file(tmp_path, "valley", backend="manim", fmt="gif")
    assert path.stat().st_size < 3 * 1024 * 1024
    from PIL import Image

    with Image.open(path) as gif:
        assert gif.info.get("loop") == 0  # 0 = forever
        assert gif.n_frames == expected_frames({})


def test_article_experiment_is_one_set_away(tmp_path):
    path = render_file(tmp_path, "valley", backend="mpl", fmt="png", sets={"experiment": "article"})
    meta = sidecar(path)
    assert meta["outcome"]["momentum_crossed_bump"] is True
    data = scenes.get("valley").make_data(meta["params"])
    assert data["beta"] == 0.6
    assert_not_blank(read_png(path))


def test_small_momentum_still_tells_the_truth(tmp_path):
    # The reproduction: at momentum 0.3 the momentum ball stops in the dip like the plain one.
    path = render_file(tmp_path, "valley", backend="mpl", fmt="png", sets={"momentum": 0.3})
    meta = sidecar(path)
    assert meta["outcome"]["momentum_crossed_bump"] is False
    story = meta["story"]
    assert story["title"] == "Momentum stops at the bump too"
    ends = [s for s in story["labels"] if s.startswith("stuck in the dip")]
    end = meta["outcome"]["final_x"]
    assert ends == [f"stuck in the dip, x = {end['gradient_descent']:.2f}",
                    f"stuck in the dip, x = {end['momentum']:.2f}"]
