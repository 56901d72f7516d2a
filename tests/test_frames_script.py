"""scripts/frames.py: pulls chosen frames of a video out as PNGs; bad input gets one line and exit 2."""
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]


def frames_cmd(*args, cwd=None):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "frames.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=60, cwd=cwd)


def write_clip(path: Path, n: int = 11, size=(64, 48)) -> None:
    """A clip whose frame k is flat grey at level 20*k, so a PNG tells which frame it came from."""
    with av.open(str(path), "w") as box:
        stream = box.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        for k in range(n):
            image = np.full((size[1], size[0], 3), 20 * k, dtype=np.uint8)
            box.mux(stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")))
        box.mux(stream.encode())


def test_extracts_the_chosen_frames(tmp_path):
    clip = tmp_path / "clip.mp4"
    write_clip(clip)
    proc = frames_cmd(clip, tmp_path / "out", "--at", 0, 0.5, 1)
    assert proc.returncode == 0, proc.stderr
    paths = [Path(line) for line in proc.stdout.split()]
    assert [p.name for p in paths] == ["clip_mp4-0000.png", "clip_mp4-0005.png", "clip_mp4-0010.png"]
    levels = []
    for path in paths:
        image = np.asarray(Image.open(path))
        assert image.shape == (48, 64, 4)
        levels.append(float(image[..., :3].mean()))
    np.testing.assert_allclose(levels, [0, 100, 200], atol=6)


@pytest.mark.parametrize("args, words", [
    (["missing.mp4"], "cannot read"),
    (["notes.txt"], "cannot read"),
    (["clip.mp4", "--at", "1.5"], "from 0 to 1"),
    (["clip.mp4", "--at", "half"], "must be a number"),
    (["clip.mp4", "notes.txt"], "exists"),
    ([], "required"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, words):
    write_clip(tmp_path / "clip.mp4", n=2)
    (tmp_path / "notes.txt").write_text("not a video")
    before = sorted(p.name for p in tmp_path.iterdir())
    proc = frames_cmd(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and words in proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before
