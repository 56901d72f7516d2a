#!/usr/bin/env python
"""How fast the valley renders at 1280x720, against two baselines measured in the same run.

    python benchmarks/render_speed.py [--repeat 2] [--skip-manim]

Each contender runs as a fresh process, so start-up imports count, and makes the same number of frames:
  ours      `render.py valley --backend mpl --quality medium` (blitting, canvas buffer -> ffmpeg pipe)
  textbook  matplotlib's FuncAnimation + FFMpegWriter without blitting, redrawing the figure per frame
  floor     pre-made frames encoded with libx264 through PyAV: the cost of encoding alone
Then the Manim valley at medium quality, against the length of the video it makes (real-time factor).
Targets: ours >= 4x the textbook way, and within 1.5x of the encode floor; Manim faster than real time.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def textbook(out: str, frames: int) -> None:
    """The usual way: a ball in the bumped valley, FuncAnimation (no blit) + FFMpegWriter, 1280x720 @ 30."""
    import imageio_ffmpeg
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.animation import FFMpegWriter, FuncAnimation

    plt.rcParams["animation.ffmpeg_path"] = imageio_ffmpeg.get_ffmpeg_exe()
    X = np.arange(0, 1, 1e-2)
    y = 0.2 * (X - 0.5) ** 2
    y[25] += 2e-3
    pos, vel, path = 0, 0.0, [0]
    for _ in range(frames):
        g = (y[pos + 1] - y[pos]) / (X[pos + 1] - X[pos])
        vel = 0.6 * vel + 0.4 * g
        if vel < 0 and pos < len(X) - 2:
            pos += 1
        path.append(pos)
    fig, ax = plt.subplots(figsize=(12.8, 7.2), dpi=100)
    ax.plot(X, y, c="C0", lw=3)
    ball, = ax.plot([], [], "o", c="C3", ms=18)
    trail, = ax.plot([], [], c="C1", lw=2)
    title = ax.set_title("")

    def update(i):
        p = path[i]
        ball.set_data([X[p]], [y[p]])
        trail.set_data(X[path[: i + 1]], y[path[: i + 1]])
        title.set_text(f"step {i}")
        return ball, trail, title

    FuncAnimation(fig, update, frames=frames).save(out, writer=FFMpegWriter(fps=30))


def floor(out: str, frames: int) -> None:
    """Encode pre-made 1280x720 frames with libx264 (PyAV): no drawing at all."""
    import imageio.v3 as iio
    import numpy as np

    base = np.full((720, 1280, 3), 255, np.uint8)
    base[300:420] = 40
    made = []
    for i in range(frames):
        f = base.copy()
        x = 40 + (i * 7) % 1200
        f[330:390, x:x + 60] = (200, 30, 30)
        made.append(f)
    with iio.imopen(out, "w", plugin="pyav") as w:
        w.init_video_stream("libx264", fps=30)
        for f in made:
            w.write_frame(f)


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"benchmark step failed: {' '.join(cmd)}\n{proc.stderr.strip()[-2000:]}")
    return elapsed


def best_of(cmd: list[str], repeat: int) -> float:
    return min(timed(cmd) for _ in range(repeat))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2, help="runs per contender; the best counts (default 2)")
    ap.add_argument("--skip-manim", action="store_true", help="skip the Manim real-time measurement")
    ap.add_argument("--mode", choices=("textbook", "floor"), help=argparse.SUPPRESS)
    ap.add_argument("--frames", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.mode:
        (textbook if args.mode == "textbook" else floor)(args.out, args.frames)
        return

    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        ours_out = f"{tmp}/ours.mp4"
        ours_cmd = [py, "render.py", "valley", "--backend", "mpl", "--quality", "medium", "--out", ours_out,
                    "--force", "--cache-dir", f"{tmp}/cache"]
        t_ours = best_of(ours_cmd, args.repeat)
        frames = json.loads(Path(ours_out + ".json").read_text())["frames"]
        me = [py, str(Path(__file__).resolve())]
        t_text = best_of(me + ["--mode", "textbook", "--frames", str(frames), "--out", f"{tmp}/t.mp4"],
                         args.repeat)
        t_floor = best_of(me + ["--mode", "floor", "--frames", str(frames), "--out", f"{tmp}/f.mp4"],
                          args.repeat)
        print(f"valley, {frames} frames at 1280x720, best of {args.repeat}, each a fresh process:")
        print(f"  ours (mpl backend)            {t_ours:7.2f} s  {frames / t_ours:6.1f} frames/s")
        print(f"  textbook FuncAnimation        {t_text:7.2f} s  {frames / t_text:6.1f} frames/s")
        print(f"  encode floor (libx264 only)   {t_floor:7.2f} s  {frames / t_floor:6.1f} frames/s")
        print(f"  speedup over textbook         {t_text / t_ours:7.2f}x   (target >= 4x)")
        print(f"  ours / encode floor           {t_ours / t_floor:7.2f}x   (target <= 1.5x)")
        if not args.skip_manim:
            m_out = f"{tmp}/manim.mp4"
            t_manim = best_of([py, "render.py", "valley", "--quality", "medium", "--out", m_out, "--force",
                               "--cache-dir", f"{tmp}/cache"], 1)
            meta = json.loads(Path(m_out + ".json").read_text())
            print(f"  manim valley, medium          {t_manim:7.2f} s  for {meta['duration_s']:.2f} s of video: "
                  f"{meta['duration_s'] / t_manim:.2f}x real time (target > 1x)")


if __name__ == "__main__":
    main()
