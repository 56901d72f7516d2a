"""Chapters from the storyboard: one chapter per beat, carried by MP4, WebM and MOV files.

The chapters are handed to ffmpeg as an FFMETADATA file (a second input whose chapters are mapped
into the output), in milliseconds: chapter i runs from beat i's start to its end, the last one to the
end of the video (`video_end` = frames / fps, one frame longer than the clip's last frame time).
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from scenes.output.files import safe_files

FORMATS = ("mp4", "webm", "mov")  # containers with chapters; a GIF has none


def chapters(story: dict, video_end: float) -> list[dict]:
    """[{"title": beat name, "start": s, "end": s}] per beat, in seconds rounded to the millisecond."""
    beats = story["beats"]
    out = []
    for i, b in enumerate(beats):
        end = video_end if i == len(beats) - 1 else min(float(b["end"]), video_end)
        start = min(float(b["start"]), end)
        out.append({"title": b["name"], "start": round(start, 3), "end": round(end, 3)})
    return out


def _escape(text: str) -> str:
    """FFMETADATA escapes '=', ';', '#', '\\' and newlines with a backslash."""
    for ch in ("\\", "=", ";", "#", "\n"):
        text = text.replace(ch, "\\" + ch)
    return text


def ffmetadata(items: list[dict]) -> str:
    lines = [";FFMETADATA1"]
    for c in items:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={int(round(c['start'] * 1000))}",
                  f"END={int(round(c['end'] * 1000))}", f"title={_escape(c['title'])}"]
    return "\n".join(lines) + "\n"


@contextmanager
def metadata_file(items: list[dict] | None, beside: Path):
    """The FFMETADATA file for ffmpeg, as one of this tool's temporaries in `beside`'s folder (so an
    interrupt removes it, and the next render sweeps it if the process was killed), removed afterwards;
    yields None when there are no chapters."""
    if not items:
        yield None
        return
    path = safe_files.temp_path(beside)
    try:
        path.write_text(ffmetadata(items), encoding="utf-8")
        yield path
    finally:
        safe_files.discard(path)
