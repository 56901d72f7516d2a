#!/usr/bin/env python
"""Pull the start, middle and end frames of a video out as PNGs, to look at them.

    python scripts/frames.py media/valley.mp4 [OUT_DIR] [--at 0.1 0.5 0.9]
"""
import argparse
from pathlib import Path

import av
import numpy as np
from PIL import Image


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("video")
    ap.add_argument("out", nargs="?", help="folder for the PNGs (default: beside the video)")
    ap.add_argument("--at", nargs="+", type=float, default=[0.0, 0.5, 1.0],
                    help="fractions of the clip to extract (default: 0 0.5 1)")
    args = ap.parse_args()
    with av.open(args.video) as box:
        frames = [f.to_ndarray(format="rgba") for f in box.decode(video=0)]
    out = Path(args.out) if args.out else Path(args.video).parent
    out.mkdir(parents=True, exist_ok=True)
    stem = Path(args.video).name.replace(".", "_")
    for frac in args.at:
        i = int(round(frac * (len(frames) - 1)))
        path = out / f"{stem}-{i:04d}.png"
        Image.fromarray(np.asarray(frames[i])).save(path)
        print(path)


if __name__ == "__main__":
    main()
