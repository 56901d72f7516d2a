"""Storyboards: every scene computes a well-formed story, and the sidecar carries it."""
from __future__ import annotations

import json

import pytest

import scenes
from scenes.kit import story
from scenes.kit.params import resolve
from tests.helpers import render_file, sidecar


def _story(name: str, case: dict):
    spec = scenes.get(name)
    data = spec.make_data(resolve(spec.params, case, spec.name))
    return spec, data, spec.story(data)


@pytest.mark.parametrize("name", scenes.names())
def test_every_scene_tells_a_story_that_tiles_its_clip(name):
    spec = scenes.get(name)
    for case in [{}] + [dict(e) for e in spec.examples]:
        _, data, s = _story(name, case)
        story.check(s, float(spec.duration(data)))
        assert s["labels"] or s["numbers"], f"{name} {case}: a story with no labels and no numbers"
        json.dumps(s)  # plain JSON, as the sidecar stores it


@pytest.mark.parametrize("name", scenes.names())
def test_an_outcome_changing_example_changes_the_words(name):
    spec = scenes.get(name)
    assert spec.examples, f"{name} declares no parameter set that changes its outcome"
    _, _, default = _story(name, {})
    for case in spec.examples:
        _, _, other = _story(name, dict(case))
        words = lambda s: (s["title"], [b["caption"] for b in s["beats"]], s["labels"])  # noqa: E731
        assert words(other) != words(default), f"{name} {case}: same words as at the defaults"


def test_sidecar_carries_the_story(tmp_path):
    out = render_file(tmp_path, "valley", sets={"momentum": 0.3})
    side = sidecar(out)
    _, _, expected = _story("valley", {"momentum": 0.3})
    assert side["story"] == json.loads(json.dumps(expected))


def test_check_rejects_broken_storyboards():
    good = story.make_story("T", [story.beat("a", 0, 1, "A."), story.beat("b", 1, 2, "B.")])
    story.check(good, 2.0)
    with pytest.raises(story.StoryError):
        story.check(good, 3.0)  # does not reach the end of the clip
    with pytest.raises(story.StoryError):
        story.make_story("T", [story.beat("a", 0, 2, "A."), story.beat("b", 1, 3, "B.")])  # overlap
    with pytest.raises(story.StoryError):
        story.make_story("T", [story.beat("a", 0, 1, "")])  # no caption
    with pytest.raises(story.StoryError):
        story.make_story(" ", [story.beat("a", 0, 1, "A.")])  # no title
    assert story.beat_at(good, 0.5)["name"] == "a" and story.beat_at(good, 1.5)["name"] == "b"
    assert story.beat_at(good, 9.0)["name"] == "b"
    assert story.fmt(-0.001) == "0.00" and story.fmt(0.126) == "0.13"


# ------------------------------------------------------------------------------- reading time, by hand

@pytest.mark.parametrize("chars", [1, 20, 84, 85, 200])
def test_reading_time_and_what_a_caption_needs(chars):
    text = "x" * chars
    assert story.reading_time(text) == pytest.approx(chars / 20)
    assert story.reading_time("a  b\n c") == pytest.approx(5 / 20)  # whitespace collapsed
    extra = 1.0 if chars > 84 else 0.0  # two lines of 42: one cue; more cues, a second for a short last one
    assert story.needed(text) == pytest.approx(chars / 20 + extra)
    assert story.fits(text, chars / 20 + extra) and not story.fits(text, chars / 20 + extra - 0.01)
    assert story.at_least(0.5, text) == pytest.approx(max(0.5, chars / 20 + extra))
    assert story.at_least(100.0, text) == 100.0
    assert story.at_least(0.0, text, "y" * 20, spare=0.6) == pytest.approx(chars / 20 + extra + 1.0 + 0.6)


def test_grouped_first_fitting_and_capital():
    plural = {"overshoots": "overshoot"}
    named = [("a", "overshoots"), ("b", "creeps"), ("c", "overshoots"), ("d", "creeps")]
    assert story.grouped(named, plural) == ["a and c overshoot", "b creeps", "d creeps"]
    assert story.grouped([("a", "overshoots")], plural) == ["a overshoots"]
    assert story.first_fitting(1.0, "x" * 21, "y" * 20, "z") == "y" * 20
    assert story.first_fitting(0.1, "x" * 21, "y" * 20) == "y" * 20  # none fits: the last
    assert story.capital("plain SGD") == "Plain SGD" and story.capital("\u03b2 = 0.9") == "\u03b2 = 0.9"
