"""A single render in a folder is named by its run, SCENE[-THEME][-QUALITY][-ASPECT][-PARAMS].FORMAT with the
defaults left out, so renders with other options never replace each other; batch renders keep their names,
and PARAMS is the same hash in both."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scenes.output.plan import batch, names
from scenes.output.plan.pipeline import RenderRequest, plan

ROOT = Path(__file__).resolve().parent.parent


def _hash(params: dict) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:8]


H = _hash({"momentum": 0.3})

# (options of the request, the file name a folder gets)
CASES = [
    ({}, "valley.mp4"),
    ({"fmt": "png"}, "valley.png"),
    ({"fmt": "gif"}, "valley.gif"),
    ({"fmt": "slides"}, "valley.slides.html"),
    ({"theme": "dark", "quality": "medium", "aspect": "16:9"}, "valley.mp4"),  # the defaults, spelled out
    ({"theme": "light"}, "valley-light.mp4"),
    ({"quality": "low"}, "valley-low.mp4"),
    ({"quality": "4k"}, "valley-4k.mp4"),
    ({"aspect": "9:16"}, "valley-9x16.mp4"),
    ({"aspect": "1:1", "fmt": "png"}, "valley-1x1.png"),
    ({"overrides": {"momentum": "0.3"}}, f"valley-{H}.mp4"),
    ({"overrides": {"momentum": 0.3}}, f"valley-{H}.mp4"),  # the API's Python value: the same run
    ({"overrides": {"momentum": "0.30"}}, f"valley-{H}.mp4"),  # the value, not its spelling
    ({"theme": "light", "quality": "low", "aspect": "4:3", "overrides": {"momentum": "0.3"}, "fmt": "webm"},
     f"valley-light-low-4x3-{H}.webm"),
]


@pytest.mark.parametrize("options,name", CASES, ids=[n for _, n in CASES])
@pytest.mark.parametrize("where", ["default", "folder", "folder/"])
def test_a_single_render_in_a_folder_is_named_by_its_run(tmp_path, monkeypatch, options, name, where):
    monkeypatch.chdir(tmp_path)
    out = {"default": None, "folder": str(tmp_path), "folder/": str(tmp_path / "new") + "/"}[where]
    folder = {"default": Path("media"), "folder": tmp_path, "folder/": tmp_path / "new"}[where]
    assert plan(RenderRequest(scene="valley", backend="mpl", out=out, **options)).path == folder / name


@pytest.mark.parametrize("options", [{}, {"quality": "low"}, {"overrides": {"momentum": "0.3"}}])
def test_a_named_file_is_kept_as_given(tmp_path, options):
    out = tmp_path / "mine.png"
    assert plan(RenderRequest(scene="valley", backend="mpl", out=str(out), **options)).path == out


def test_other_parameters_other_names():
    a = plan(RenderRequest(scene="valley", backend="mpl", overrides={"momentum": "0.3"})).path
    b = plan(RenderRequest(scene="valley", backend="mpl", overrides={"momentum": "0.6"})).path
    c = plan(RenderRequest(scene="valley", backend="mpl", overrides={"momentum": "0.3", "steps": "20"})).path
    d = plan(RenderRequest(scene="valley", backend="mpl", overrides={"steps": "20", "momentum": "0.3"})).path
    assert len({a, b, c}) == 3 and c == d


@pytest.mark.parametrize("entry,name", [
    ({"scene": "valley"}, "valley-dark-medium.mp4"),
    ({"scene": "valley", "theme": "light", "quality": "low"}, "valley-light-low.mp4"),
    ({"scene": "valley", "aspect": "9:16"}, "valley-dark-medium-9x16.mp4"),
    ({"scene": "valley", "params": {"momentum": 0.6, "steps": 20}},
     f"valley-dark-medium-{_hash({'momentum': 0.6, 'steps': 20})}.mp4"),
])
def test_batch_names_are_unchanged_and_share_the_hash(entry, name):
    assert batch._default_name(entry, "mp4") == name
    if "params" in entry:
        single = plan(RenderRequest(scene="valley", backend="mpl", overrides=entry["params"])).path.name
        assert single == f"valley-{names.params_hash(entry['params'])}.mp4"
        assert names.params_hash(entry["params"]) in name


def test_two_runs_with_other_parameters_both_stay(tmp_path):
    def run(*extra: str) -> str:
        proc = subprocess.run([sys.executable, str(ROOT / "render.py"), "valley", "--backend", "mpl", "--format",
                               "png", "--quality", "low", "--set", "steps=10", *extra, "--cache-dir",
                               str(tmp_path / "cache")], capture_output=True, text=True, cwd=tmp_path, timeout=300)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.strip().splitlines()[-1]

    first, second = run(), run("--set", "momentum=0.3")
    assert first != second
    assert first == str(Path("media") / f"valley-low-{_hash({'steps': 10})}.png")
    assert second == str(Path("media") / f"valley-low-{_hash({'steps': 10, 'momentum': 0.3})}.png")
    assert (tmp_path / first).is_file() and (tmp_path / second).is_file()
    assert (tmp_path / (first + ".json")).is_file() and (tmp_path / (second + ".json")).is_file()
