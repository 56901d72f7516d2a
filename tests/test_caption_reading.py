"""Captions people can read: every cue of every scene, at the defaults and at each of its examples, is
shown at no more than about 20 characters per second, for about a second at least, in at most two lines
of about 42 characters; burned pages alike. The rates are measured here from the cue files' own text
and timings (parsed back from the WebVTT the render writes), and the worst is printed."""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pytest

import scenes
from scenes.kit.params import resolve
from scenes.kit.story import READING_CPS
from scenes.output.formats import captions

LIMIT = READING_CPS * 1.01  # "about 20": a beat's end is rounded to 0.1 ms
SHORTEST = 0.95  # seconds: "about one second"
WORST: dict[str, tuple] = {}


def _parse_vtt(text: str) -> list[tuple[float, float, list[str]]]:
    out = []
    for block in text.strip().split("\n\n")[1:]:
        lines = block.split("\n")
        m = re.fullmatch(r"(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})", lines[1])
        assert m, block
        g = [int(x) for x in m.groups()]
        out.append((g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000, g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000,
                    lines[2:]))
    return out


@lru_cache(maxsize=None)
def _cached(name: str) -> tuple:
    spec = scenes.get(name)
    out = []
    for example in ({},) + tuple(spec.examples):
        data = spec.make_data(resolve(spec.params, dict(example), name))
        story = spec.story(data)
        if story:
            out.append((example, story, float(spec.duration(data))))
    return tuple(out)


def _runs(name: str):
    """(example, story, duration) at the defaults and each example, made once per scene."""
    return _cached(name)


def _unescape(line: str) -> str:
    return line.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@pytest.mark.parametrize("name", scenes.names())
def test_every_cue_can_be_read(name):
    worst = (0.0, 0.0, "", None)
    shortest = (float("inf"), "", None)
    for example, story, duration in _runs(name):
        cues = _parse_vtt(captions.webvtt(story, duration))
        words = " ".join(" ".join(_unescape(s) for s in lines) for _, _, lines in cues)
        assert words == " ".join(" ".join(b["caption"].split()) for b in story["beats"]), "no word lost or added"
        for a, b, lines in cues:
            assert 1 <= len(lines) <= 2, lines
            for line in lines:  # a line is longer only where one word alone is
                assert len(_unescape(line)) <= 42 or " " not in line.replace(" = ", "=").strip(), line
            text = " ".join(_unescape(s) for s in lines)
            rate = len(text) / (b - a)
            if rate > worst[0]:
                worst = (rate, b - a, text, example)
            if b - a < shortest[0]:
                shortest = (b - a, text, example)
    WORST[name] = worst
    print(f"\n{name}: worst {worst[0]:.1f} characters per second ({worst[1]:.2f} s) at {worst[3]}: {worst[2]!r}")
    assert worst[0] <= LIMIT, (f"{name} at {worst[3]}: {worst[0]:.1f} characters per second "
                               f"for {worst[1]:.2f} s: {worst[2]!r}")
    assert shortest[0] >= SHORTEST, f"{name} at {shortest[2]}: a cue shows for {shortest[0]:.2f} s: {shortest[1]!r}"


@pytest.mark.parametrize("name", scenes.names())
@pytest.mark.parametrize("size", [(854, 480), (480, 854)])
def test_every_burned_page_can_be_read(name, size):
    """Burned pages at 16:9 and 9:16, low quality: each shows for about a second at least, and no faster
    than the limit; the page shown at a time is the one whose span holds it (sampled every 20 ms)."""
    width, height = size
    for example, story, duration in _runs(name):
        for beat in story["beats"]:
            pages = captions.pages(beat["caption"], width, height)
            start, end = float(beat["start"]), float(beat["end"])
            shown = {}
            for t in np.arange(start, end, 0.02) if len(pages) > 1 else (start, end - 0.02):
                shown.setdefault(captions.page_index(pages, beat, t), []).append(t)
            assert sorted(shown) == list(range(len(pages))), "every page is shown, in order"
            for k, times in shown.items():
                seconds = times[-1] - times[0] + 0.02
                chars = len(" ".join(pages[k].lines))
                assert seconds >= SHORTEST - 0.03, f"{name} at {example}: page {pages[k].lines} for {seconds:.2f} s"
                assert chars / seconds <= LIMIT * 1.02, (f"{name} at {example}: {chars / seconds:.1f} characters "
                                                         f"per second: {pages[k].lines}")


def test_the_rule_by_hand():
    """A 206-character caption over 5 s is split into cues of at most 2 lines of 42 characters, timed by
    their characters (each at the beat's rate, here above the limit); a 6-character tail gets at least a second."""
    words = ("alpha beta gamma delta " * 9).strip()  # 206 characters
    story = {"beats": [{"name": "a", "start": 0.0, "end": 5.0, "caption": words},
                       {"name": "b", "start": 5.0, "end": 6.0, "caption": "x"}]}
    cues = captions.cues(story, 6.0)
    mine = [c for c in cues if c[1] <= 5.0 + 1e-9]
    assert len(mine) == 3  # 206 characters: 5 lines of at most 42, three cues of at most two lines
    shown = sum(len(text.replace("\n", " ")) for _, _, text in mine)  # the spaces between cues are not shown
    assert shown == len(words) - 2
    for a, b, text in mine:
        assert abs(len(text.replace("\n", " ")) / (b - a) - shown / 5.0) < 1e-6
    tail = captions.timed([100, 6], 10.0, 13.0)
    assert tail[1] == (12.0, 13.0) and tail[0] == (10.0, 12.0)
    squeezed = captions.timed([100, 6, 6], 0.0, 2.0)  # no room for a second each: equal shares
    assert [round(b - a, 6) for a, b in squeezed] == [round(2 / 3, 6)] * 3


def test_worst_is_reported():
    """Print the worst rate over every scene measured above (run with -s to see it)."""
    if not WORST:
        pytest.skip("run with the scene tests of this file to collect their rates")
    name, (rate, seconds, text, example) = max(WORST.items(), key=lambda kv: kv[1][0])
    print(f"\nworst of all: {name} at {example}: {rate:.1f} characters per second for {seconds:.2f} s: {text!r}")
    assert rate <= LIMIT
