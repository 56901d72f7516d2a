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
