#!/usr/bin/env python
"""Pull the start, middle and end frames of a video out as PNGs, to look at them.

    python scripts/frames.py media/valley.mp4 [OUT_DIR] [--at 0.1 0.5 0.9]

Prints the path of each PNG. Bad input: one line on stderr and exit code 2.
"""
import argparse
import sys
from pathlib import Path


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line and exit 2, instead of usage + message
        self.exit(2, f"error: {message}\n")


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, not {text!r}") from None
    if not 0 <= value <= 1:  # also rejects nan
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, not {text}")
    return value


def read_frames(video: str) -> list:
    """Every frame of the first video stream as an RGBA array; ValueError if there is none to read."""
    import av

    try:
        with av.open(video) as box:
            if not box.streams.video:
                raise ValueError(f"{video!r} has no video stream")
            return [f.to_ndarray(format="rgba") for f in box.decode(video=0)]
    except (av.FFmpegError, OSError) as exc:
        raise ValueError(f"cannot read {video!r}: {getattr(exc, 'strerror', None) or exc}") from None


def main(argv: list[str] | None = None) -> int:
    ap = _Parser(description=__doc__.splitlines()[0], allow_abbrev=False)
    ap.add_argument("video")
    ap.add_argument("out", nargs="?", help="folder for the PNGs (default: beside the video)")
    ap.add_argument("--at", nargs="+", type=_fraction, default=[0.0, 0.5, 1.0],
                    help="fractions of the clip to extract, from 0 to 1 (default: 0 0.5 1)")
    args = ap.parse_args(argv)
    try:
        frames = read_frames(args.video)
        if not frames:
            raise ValueError(f"{args.video!r} has no frames")
        out = Path(args.out) if args.out else Path(args.video).parent
        out.mkdir(parents=True, exist_ok=True)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    from PIL import Image

    stem = Path(args.video).name.replace(".", "_")
    for frac in args.at:
        i = int(round(frac * (len(frames) - 1)))
        path = out / f"{stem}-{i:04d}.png"
        Image.fromarray(frames[i]).save(path)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
