"""The lecture options of a render request: `--at` (a still's moment) and `--captions`, checked before
any work, and their part in a render's identity."""
from __future__ import annotations

from typing import Any, Callable

from scenes.kit.params import ParamError
from scenes.output.formats import poster, slides

CAPTIONS = ("files", "burn")


def check(req, fmt: str) -> None:
    """--at only for a still, in a form that can name a moment; --captions only for a video; slides
    only with the slides extra. Raises ParamError (one line, exit code 2)."""
    if req.at is not None:
        if fmt != "png":
            raise ParamError(f"--at picks the moment of a still; it needs --format png, not {fmt}")
        poster.parse_at(req.at)
    if fmt in slides.FORMATS:
        from scenes.output.plan import extras

        extras.require("slides", f"--format {fmt}", slides.MODULES[fmt])
    if req.captions is not None:
        if req.captions not in CAPTIONS:
            raise ParamError(f"unknown --captions {req.captions!r}; choose one of {', '.join(CAPTIONS)}")
        if fmt == "png":
            raise ParamError("--captions needs a video; a still has no timeline (use --format mp4 or webm)")
        if fmt in slides.FORMATS and req.captions == "files":
            raise ParamError("slides carry each beat's caption as its speaker note; "
                             "use --captions burn to draw them on the slides")


def check_moment(spec, params: dict, at: str | None, data_for: Callable[[], dict]) -> None:
    """An --at that names a beat or a time is checked against the clip (its data from `data_for`, the
    cached simulation) before anything is written."""
    if at is None or at == "end":
        return
    data = data_for()
    poster.moment(at, spec.story(data), float(spec.duration(data)))


OPTIONAL = ("at", "captions")  # the keys `identity` sets only when asked


def identity(fmt: str, req) -> dict[str, Any]:
    """The lecture options, part of a render's identity only when set (earlier sidecars stay valid)."""
    out: dict[str, Any] = {}
    if fmt == "png" and req.at not in (None, "end"):
        out["at"] = req.at
    if req.captions is not None:
        out["captions"] = req.captions
    return out
