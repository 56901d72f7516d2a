#!/usr/bin/env python
"""What the lecture outputs cost, for the valley at 1280x720, against the plain MP4 render of the same run.

    python benchmarks/lecture.py [--backend manim|mpl] [--repeat 2]

Each render runs through the real pipeline in this process (the scene's data cached by a first warm-up
render, so every contender draws and encodes the same frames):
  mp4       the plain video (every video now also gets its poster and chapters)
  slides    --format slides: the same frames cut into one MP4 per beat, then the reveal.js page
  pptx      --format pptx: the same, then PowerPoint
  captions  --captions: the video plus WebVTT and SRT files
  burned    --captions burn: the video with the captions drawn in a strip
The poster and caption files are also timed on their own (one PNG and two small text files), since
their share of an end-to-end difference drowns in the render's own noise.
Targets: slides <= 1.5x the plain MP4; poster + captions < 5% of it.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(request_kwargs: dict, folder: Path, name: str, repeat: int) -> float:
    from scenes.output.plan.pipeline import RenderRequest, render

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        render(RenderRequest(scene="valley", quality="medium", out=str(folder / name), force=True,
                             progress=False, cache_dir=str(folder / "cache"), **request_kwargs))
        times.append(time.perf_counter() - start)
    return min(times)


def extras_alone(folder: Path, repeat: int = 5) -> float:
    """Seconds to write the poster (a 1280x720 PNG of the video's frame) and both caption files."""
    import json

    import numpy as np

    from scenes.output.formats import captions, encode
    from tests.helpers import read_png

    video = folder / "plain.mp4"
    frame = read_png(video.with_name(video.name + ".poster.png"))
    story = json.loads(video.with_name(video.name + ".json").read_text())["story"]
    duration = story["beats"][-1]["end"]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        encode.write_png_to(np.ascontiguousarray(frame), folder / "poster-alone.png", False)
        (folder / "alone.vtt").write_text(captions.webvtt(story, duration))
        (folder / "alone.srt").write_text(captions.srt(story, duration))
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("manim", "mpl"), default="manim")
    parser.add_argument("--repeat", type=int, default=2, help="runs per contender; the fastest counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        common = {"backend": args.backend}
        timed(common, folder, "warmup.mp4", 1)  # the data cache, Manim's formula cache, imports
        plain = timed(common, folder, "plain.mp4", args.repeat)
        rows = [("mp4", plain)]
        rows.append(("slides", timed({**common, "fmt": "slides"}, folder, "deck.slides.html", args.repeat)))
        rows.append(("pptx", timed({**common, "fmt": "pptx"}, folder, "deck.pptx", args.repeat)))
        rows.append(("captions", timed({**common, "captions": "files"}, folder, "cap.mp4", args.repeat)))
        rows.append(("burned", timed({**common, "captions": "burn"}, folder, "burn.mp4", args.repeat)))
        alone = extras_alone(folder)
    print(f"valley, 1280x720, {args.backend} backend, fastest of {args.repeat}")
    for name, seconds in rows:
        print(f"  {name:<9} {seconds:7.2f} s   {seconds / plain:5.2f}x the plain MP4")
    print(f"  poster + caption files alone: {alone * 1000:.1f} ms = {alone / plain:.2%} of the plain MP4")
    slides_ratio = rows[1][1] / plain
    ok = slides_ratio <= 1.5 and alone / plain < 0.05
    print(f"targets: slides <= 1.5x ({slides_ratio:.2f}x), poster + captions < 5% ({alone / plain:.2%}): "
          + ("met" if ok else "NOT met"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
