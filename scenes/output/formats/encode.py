"""Frames in, a finished file out: MP4 (H.264), GIF (palette), WebM (VP9), MOV (ProRes 4444), PNG.

Frames are RGBA uint8 arrays. Video frames are piped to the ffmpeg that imageio-ffmpeg ships, in its
own process, from a writer thread: rasterizing the next frame overlaps with encoding this one.
Output goes to a hidden temporary file beside the target and is renamed over it only once complete,
so a failed or interrupted render never leaves a half-written file or touches an earlier one.
"""
from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from scenes.output.files.safe_files import commit, remove_pending, signals_deferred, temp_path  # noqa: F401

FORMATS = ("mp4", "gif", "webm", "mov", "png")
ALPHA_FORMATS = ("webm", "mov", "png")
PROBE_CODECS = {"mp4": "libx264", "gif": "gif", "webm": "libvpx-vp9", "mov": "prores_ks"}


_commit = commit  # `VideoWriter.close` has an argument of that name


class EncodeError(RuntimeError):
    """ffmpeg failed; the message carries the end of its log."""


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def codec_args(fmt: str, transparent: bool) -> list[str]:
    """ffmpeg output options for each format."""
    if fmt == "mp4":
        # yuv420p + faststart: plays in browsers, on phones and in slide software.
        return ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "veryfast", "-crf", "20", "-tune", "animation",
                "-movflags", "+faststart", "-f", "mp4"]
    if fmt == "gif":
        # One palette for the whole clip; only changed rectangles are re-dithered, which keeps it small.
        graph = ("[0:v]split[a][b];[a]palettegen=stats_mode=diff[p];"
                 "[b][p]paletteuse=dither=bayer:bayer_scale=4:diff_mode=rectangle")
        return ["-filter_complex", graph, "-loop", "0", "-f", "gif"]
    if fmt == "webm":
        return ["-c:v", "libvpx-vp9", "-pix_fmt", "yuva420p" if transparent else "yuv420p",
                "-b:v", "0", "-crf", "34", "-deadline", "good", "-cpu-used", "5", "-row-mt", "1",
                "-f", "webm"]
    if fmt == "mov":
        if transparent:
            return ["-c:v", "prores_ks", "-profile:v", "4444", "-pix_fmt", "yuva444p10le", "-f", "mov"]
        return ["-c:v", "prores_ks", "-profile:v", "3", "-pix_fmt", "yuv422p10le", "-f", "mov"]
    raise ValueError(f"not a video format: {fmt}")


def chapter_args(metadata: Path | None) -> list[str]:
    """ffmpeg options that take the chapters of an FFMETADATA file (`scenes.output.formats.chapters`) as a
    second input."""
    if metadata is None:
        return []
    return ["-f", "ffmetadata", "-i", str(metadata), "-map", "0:v", "-map_chapters", "1"]


# Temporary files and commits live in scenes.output.files.safe_files; these names stay for callers of this module.
_signals_deferred = signals_deferred


@lru_cache(maxsize=1)
def _prctl():
    """libc's prctl, looked up before any fork (the child may only call it), or None off Linux."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _die_with_parent(parent: int, prctl):
    """For the encoder's preexec_fn: SIGKILL when the render dies, even by kill -9.

    On its stdin's EOF ffmpeg would finish a file nobody wants; killed, it leaves a temporary that
    `safe_files.sweep` removes. The signal follows the thread that started the encoder, which is the
    thread that owns the writer for the whole render.
    """
    def setup() -> None:
        prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the render died before the line above
            os._exit(1)
    return setup


def write_png(frame: np.ndarray, target: Path, transparent: bool) -> None:
    """Write a PNG to a temporary file and rename it over `target`."""
    tmp = temp_path(target)
    try:
        write_png_to(frame, tmp, transparent)
        commit(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_png_to(frame: np.ndarray, path: Path, transparent: bool) -> None:
    """Write a PNG to `path` (a temporary the caller commits) and flush it to the disk."""
    from PIL import Image

    image = Image.fromarray(frame if transparent else frame[..., :3])
    with open(path, "wb") as f:
        image.save(f, format="PNG")
        f.flush()
        os.fsync(f.fileno())


class VideoWriter:
    """Pipe RGBA frames into ffmpeg; `close()` finishes the file, `abort()` removes every trace.

    Use as a context manager: leaving the block by an exception aborts. With `tmp` (a temporary the
    caller made with `temp_path`), `close(commit=False)` leaves the finished file there for the caller
    to commit, together with its sidecar.
    """

    def __init__(self, target: Path, fmt: str, width: int, height: int, fps: float,
                 transparent: bool = False, queue_size: int = 8, tmp: Path | None = None,
                 metadata: Path | None = None):
        self.target = Path(target)
        self.size = (width, height)
        self.frames = 0
        self._tmp = Path(tmp) if tmp is not None else temp_path(self.target)
        self._proc = None
        try:
            self._log = tempfile.TemporaryFile()
            cmd = [ffmpeg_exe(), "-y", "-nostdin", "-loglevel", "error",
                   "-f", "rawvideo", "-pix_fmt", "rgba", "-s", f"{width}x{height}", "-framerate", f"{fps}",
                   "-i", "pipe:0", *chapter_args(metadata), *codec_args(fmt, transparent), str(self._tmp)]
            # A session of its own: Ctrl-C reaches us, and we decide what happens to the encoder.
            # Recorded before any interrupt can act: an encoder left running would recreate its file.
            prctl = _prctl()
            setup = _die_with_parent(os.getpid(), prctl) if prctl is not None else None
            with signals_deferred():
                self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                              stderr=self._log, start_new_session=True, preexec_fn=setup)
            self._queue: queue.Queue = queue.Queue(maxsize=queue_size)
            self._error: BaseException | None = None
            self._thread = threading.Thread(target=self._pump, name="frame-writer", daemon=True)
            self._thread.start()
        except BaseException:  # an interrupt can land here too: leave no temporary file behind
            if self._proc is not None:
                self._proc.kill()
                self._proc.wait()
            self._tmp.unlink(missing_ok=True)
            raise

    def _pump(self) -> None:
        while True:
            frame = self._queue.get()
            if frame is None:
                break
            if self._error is not None:
                continue
            try:
                self._proc.stdin.write(memoryview(frame).cast("B"))
            except (BrokenPipeError, OSError) as exc:
                self._error = exc

    def write(self, frame: np.ndarray) -> None:
        """Queue one (height, width, 4) uint8 frame; the writer owns it afterwards."""
        w, h = self.size
        if frame.shape != (h, w, 4) or frame.dtype != np.uint8:
            raise ValueError(f"frame has shape {frame.shape} {frame.dtype}, expected ({h}, {w}, 4) uint8")
        if self._error is not None:
            self._fail()
        self._queue.put(np.ascontiguousarray(frame))
        self.frames += 1

    def close(self, commit: bool = True) -> Path:
        """Finish the file; rename it over the target (`commit`), else return the finished temporary."""
        self._queue.put(None)
        self._thread.join()
        try:
            self._proc.stdin.close()
        except OSError:
            pass
        code = self._proc.wait()
        if code != 0 or self._error is not None:
            self._fail()
        self._log.close()
        if not commit:
            return self._tmp
        _commit(self._tmp, self.target)
        return self.target

    def _fail(self) -> None:
        self._log.seek(0)
        tail = self._log.read().decode(errors="replace").strip().splitlines()[-3:]
        self.abort()
        raise EncodeError("ffmpeg failed: " + (" | ".join(tail) or str(self._error)))

    def abort(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        # Unblock and end the writer thread.
        try:
            while True:
                self._queue.get_nowait()
        except queue.Empty:
            pass
        self._queue.put(None)
        self._thread.join(timeout=5)
        self._tmp.unlink(missing_ok=True)
        if not self._log.closed:
            self._log.close()

    def __enter__(self) -> "VideoWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.abort()
