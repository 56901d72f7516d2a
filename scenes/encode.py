"""Frames in, a finished file out: MP4 (H.264), GIF (palette), WebM (VP9), MOV (ProRes 4444), PNG.

Frames are RGBA uint8 arrays. Video frames are piped to the ffmpeg that imageio-ffmpeg ships, in its
own process, from a writer thread: rasterizing the next frame overlaps with encoding this one.
Output goes to a hidden temporary file beside the target and is renamed over it only once complete,
so a failed or interrupted render never leaves a half-written file or touches an earlier one.
"""
from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

import numpy as np

FORMATS = ("mp4", "gif", "webm", "mov", "png")
ALPHA_FORMATS = ("webm", "mov", "png")
PROBE_CODECS = {"mp4": "libx264", "gif": "gif", "webm": "libvpx-vp9", "mov": "prores_ks"}


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


_PENDING: set[Path] = set()  # temporary files of this process not yet renamed into place


@contextlib.contextmanager
def _signals_deferred():
    """Hold Ctrl-C and SIGTERM back for a few statements, so nothing is made unrecorded.

    Python runs signal handlers in the main thread whichever thread the kernel picked, so blocking
    the signals in this thread alone is not enough: the handlers themselves are swapped for ones that
    only note the signal, and a noted signal is raised again once the block is left.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # handlers never run here; the main thread's own interrupt cannot land in this block
        return
    caught: list[int] = []
    watched = (signal.SIGINT, signal.SIGTERM)
    old = {sig: signal.signal(sig, lambda signum, frame: caught.append(signum)) for sig in watched}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
        for sig in dict.fromkeys(caught):
            signal.raise_signal(sig)


def temp_path(target: Path) -> Path:
    """A fresh hidden file beside `target` (same folder, so the final rename is atomic).

    Every such file is recorded until it is committed, so `remove_pending()` can delete what an
    interrupted render leaves, wherever the interrupt landed.
    """
    with _signals_deferred():
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.close(fd)
        _PENDING.add(Path(name))
    return Path(name)


def commit(tmp: Path, target: Path) -> None:
    """Atomically put a finished temporary file in place, with the permissions a new file would get."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, target)
    _PENDING.discard(tmp)


def remove_pending() -> None:
    """Delete every temporary file this process made and did not commit."""
    for path in list(_PENDING):
        path.unlink(missing_ok=True)
        _PENDING.discard(path)


def write_png(frame: np.ndarray, target: Path, transparent: bool) -> None:
    from PIL import Image

    tmp = temp_path(target)
    try:
        image = Image.fromarray(frame if transparent else frame[..., :3])
        image.save(tmp, format="PNG")
        commit(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class VideoWriter:
    """Pipe RGBA frames into ffmpeg; `close()` finishes the file, `abort()` removes every trace.

    Use as a context manager: leaving the block by an exception aborts.
    """

    def __init__(self, target: Path, fmt: str, width: int, height: int, fps: float,
                 transparent: bool = False, queue_size: int = 8):
        self.target = Path(target)
        self.size = (width, height)
        self.frames = 0
        self._tmp = temp_path(self.target)
        self._proc = None
        try:
            self._log = tempfile.TemporaryFile()
            cmd = [ffmpeg_exe(), "-y", "-nostdin", "-loglevel", "error",
                   "-f", "rawvideo", "-pix_fmt", "rgba", "-s", f"{width}x{height}", "-framerate", f"{fps}",
                   "-i", "pipe:0", *codec_args(fmt, transparent), str(self._tmp)]
            # A session of its own: Ctrl-C reaches us, and we decide what happens to the encoder.
            # Recorded before any interrupt can act: an encoder left running would recreate its file.
            with _signals_deferred():
                self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                              stderr=self._log, start_new_session=True)
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

    def close(self) -> Path:
        self._queue.put(None)
        self._thread.join()
        try:
            self._proc.stdin.close()
        except OSError:
            pass
        code = self._proc.wait()
        if code != 0 or self._error is not None:
            self._fail()
        commit(self._tmp, self.target)
        self._log.close()
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
