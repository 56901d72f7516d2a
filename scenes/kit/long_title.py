"""A long title on a tall frame: two lines where that gives larger type than one shrunk line.

A title set at `pt` points that is `one` wide on one line, as a fraction of the frame's width, is shrunk to
fit the `room` the frame leaves it: pt·min(1, room / one). Broken in two (`scenes.kit.layout.two_lines`),
its longer line is `two` wide, so it keeps pt·min(1, room / two), at most `most` points (what the header's
height allows two lines). The larger type wins. Only a frame at least as tall as wide breaks a title; the
room is the frame less the title's left margin on both sides, so the title sits centred in its margins.
"""
from __future__ import annotations

from scenes.kit.layout import map_point, two_lines

LINE = 1.2  # a line's height, in units of its font size


def room(x: float) -> float:
    """The widest a title whose left edge is at design x may be, as a fraction of the current frame's width."""
    return 1.0 - 2.0 * map_point(x, 0.5)[0]


def fit(pt: float, one: float, two: float | None, room: float, most: float) -> tuple[bool, float]:
    """(on two lines?, size in points); `two` None where the title has no second line."""
    size_one = pt * min(1.0, room / one)
    size_two = min(pt * min(1.0, room / two), most) if two else 0.0
    return size_two > size_one, max(size_one, size_two)


def most(height_in: float) -> float:
    """The largest type, in points, that two lines may take within `height_in` inches."""
    return 72.0 * height_in / (2 * LINE)


def mpl(fig, title, x: float, most_pt: float) -> bool:
    """Set the matplotlib text `title` (one line at its design size, left edge at design x) on one line or
    two, at the size `fit` picks for the current frame; returns whether it took two lines."""
    words, pt = title.get_text(), title.get_fontsize()
    renderer = fig.canvas.get_renderer()
    one, two = title.get_window_extent(renderer).width / fig.bbox.width, None
    lines = two_lines(words)
    if lines[1] and fig.bbox.height >= fig.bbox.width:
        title.set_text("\n".join(lines))
        two = title.get_window_extent(renderer).width / fig.bbox.width
    broken, size = fit(pt, one, two, room(x), most_pt)
    title.set_text("\n".join(lines) if broken else words)
    title.set_fontsize(size)
    return broken


def manim(make, words: str, x: float, most_pt: float, pt: float):
    """(the title as a Manim mobject, on one line or two, at the size `fit` picks; whether it took two lines).
    `make(s)` draws one line at the design size, which matches `pt` matplotlib points."""
    import manim as mn

    fw, fh = mn.config.frame_width, mn.config.frame_height
    line = make(words)
    first, rest = two_lines(words)
    pair = None
    if rest and fh >= fw:
        pair = mn.VGroup(make(first), make(rest)).arrange(mn.DOWN, aligned_edge=mn.LEFT, buff=0.2 * line.height)
    broken, size = fit(pt, line.width / fw, pair.width / fw if pair is not None else None, room(x), most_pt)
    return (pair if broken else line).scale(size / pt), broken
