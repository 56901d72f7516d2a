"""A video and what comes with it: chapters in the file, its poster, captions (as files or burned in),
or the same frames cut into slides.

`write` pulls the frames once and sends them to the encoder (or to the slide segments), picking the
poster frame on the way, so the extras cost one PNG and two small text files, not another render.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from scenes.kit.params import ParamError
from scenes.kit.theme import THEMES
from scenes.output.formats import captions, chapters, encode, poster, slides
from scenes.output.formats.companions import Companions


def write(fmt: str, story: dict | None, times: np.ndarray, duration: float, size: tuple[int, int], fps: float,
          theme: str, transparent: bool, burn: bool, poster_beat: str | None,
          make_source: Callable[[int, int], Iterable[np.ndarray]], out_tmp: Path, extras: Companions,
          bar) -> tuple[int, dict]:
    """Render into `out_tmp` and the companions' temporaries; (frames, what the sidecar says)."""
    width, height = size
    if (burn or ".vtt" in extras.targets) and not story:
        raise ParamError("this scene has no storyboard (SceneSpec.story), so it has no captions")
    if fmt in slides.FORMATS and not story:
        raise ParamError("this scene has no storyboard (SceneSpec.story), so it has no beats to make slides of")
    if burn:
        inner = captions.inner_size(width, height)
        source = captions.burn(make_source(*inner), story, times, THEMES[theme], width, height, transparent)
    else:
        source = make_source(width, height)
    if fmt in slides.FORMATS:
        info = slides.render(source, story, times, fmt, out_tmp, width, height, fps,
                             THEMES[theme].background, bar)
        return info.pop("frames"), info

    video_end = len(times) / fps
    marks = chapters.chapters(story, video_end) if story and fmt in chapters.FORMATS else None
    poster_t = poster.poster_time(poster_beat, story, duration)
    poster_k = poster.frame_index(times, poster_t)
    poster_frame = None
    with chapters.metadata_file(marks, out_tmp) as metadata:
        with encode.VideoWriter(out_tmp, fmt, width, height, fps, transparent, tmp=out_tmp,
                                metadata=metadata) as writer:
            for k, frame in enumerate(source):
                if k == poster_k:
                    poster_frame = frame.copy()
                writer.write(frame)
                bar.update(1)
            writer.close(commit=False)
            count = writer.frames
    if poster_frame is None:
        raise encode.EncodeError("the frames ended before the poster's moment")
    encode.write_png_to(poster_frame, extras.temp(poster.POSTER_SUFFIX), transparent)
    info: dict = {"poster": {"file": extras.names()[poster.POSTER_SUFFIX], "time_s": round(float(times[poster_k]), 4)}}
    if marks:
        info["chapters"] = marks
    if ".vtt" in extras.targets:
        extras.write_text(".vtt", captions.webvtt(story, video_end))
        extras.write_text(".srt", captions.srt(story, video_end))
        info["captions"] = {"webvtt": extras.names()[".vtt"], "srt": extras.names()[".srt"]}
    if burn:
        info["captions_burned"] = True
    return count, info
