"""A user's own scene file renders with `render.py FILE` (and `FILE:NAME`): the first code block of
docs/writing-a-scene.md is saved to a file and rendered in both backends, and every way a scene file can
be wrong gets one line and exit code 2."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import assert_not_blank, read_png

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "writing-a-scene.md"


def doc_scene() -> str:
    """The first ```python block of the guide: a whole scene file."""
    return re.search(r"```python\n(.*?)```", DOC.read_text(), re.S).group(1)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def one_line_error(proc: subprocess.CompletedProcess, *fragments: str) -> str:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def first_below(lr: float, momentum: float, steps: int, target: float = 1e-6) -> int | None:
    """The test's own heavy ball on f(x) = x²/2 from x = 1 (torch's SGD: b = g first, then b = m b + g)."""
    x, b = 1.0, None
    for k in range(steps + 1):
        if 0.5 * x * x < target:
            return k
        g = x
        b = g if b is None or momentum == 0 else momentum * b + g
        x -= lr * b
    return None


@pytest.fixture(scope="module")
def scene_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("user")
    path = folder / "race_scene.py"
    path.write_text(doc_scene())
    return path


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_the_guides_scene_renders_from_its_file(scene_file, backend, tmp_path):
    out = tmp_path / f"race-{backend}.png"
    proc = run(scene_file.name, "--backend", backend, "--format", "png", "--quality", "low", "-o", str(out),
               "--cache-dir", str(tmp_path / "cache"), cwd=scene_file.parent)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == str(out)
    image = read_png(out)
    assert image.shape[:2] == (480, 854)
    assert_not_blank(image)
    side = json.loads(Path(str(out) + ".json").read_text())
    assert side["scene"] == "my-race"
    reached = side["story"]["numbers"]["steps_to_1e-6"]
    assert reached == {"gradient descent": first_below(0.02, 0.0, 120), "momentum": first_below(0.02, 0.8, 120)}
    assert reached["momentum"] is not None and reached["gradient descent"] is None
    assert side["story"]["title"].startswith("Momentum reaches 1e-6 first")


def test_its_words_follow_a_parameter_and_the_cache_knows_the_file(scene_file, tmp_path):
    out = tmp_path / "race.png"
    common = ["--backend", "mpl", "--format", "png", "--quality", "low", "-o", str(out),
              "--cache-dir", str(tmp_path / "cache")]
    proc = run(f"{scene_file}:my-race", "--set", "lr=0.5", *common, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    story = json.loads(Path(str(out) + ".json").read_text())["story"]
    assert story["title"].startswith("Gradient descent reaches 1e-6 first")
    assert story["numbers"]["steps_to_1e-6"]["gradient descent"] == first_below(0.5, 0.0, 120)
    again = run(f"{scene_file}:my-race", "--set", "lr=0.5", *common, cwd=tmp_path)
    assert "up to date" in again.stderr
    edited = tmp_path / "edited.py"
    edited.write_text(scene_file.read_text().replace('"momentum": sim.SGD', '"heavy ball": sim.SGD'))
    proc = run(str(edited), "--set", "lr=0.5", *common, cwd=tmp_path)
    assert proc.returncode == 0 and "up to date" not in proc.stderr, proc.stderr
    assert "heavy ball" in json.loads(Path(str(out) + ".json").read_text())["story"]["labels"]


def test_a_file_with_several_scenes_needs_a_name(scene_file, tmp_path):
    two = tmp_path / "two.py"
    second = scene_file.read_text().replace('NAME = "my-race"', 'NAME = "my-race-2"')
    two.write_text(scene_file.read_text() + "\n\n" + "\n".join(
        line for line in second.splitlines() if not line.startswith(("import", "from"))))
    one_line_error(run(str(two), "--format", "png", cwd=tmp_path), "several scenes", "my-race, my-race-2")
    one_line_error(run(f"{two}:nope", "--format", "png", cwd=tmp_path), "no scene 'nope'", "my-race-2")
    out = tmp_path / "second.png"
    proc = run(f"{two}:my-race-2", "--backend", "mpl", "--format", "png", "--quality", "low", "-o", str(out),
               "--cache-dir", str(tmp_path / "cache"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(Path(str(out) + ".json").read_text())["scene"] == "my-race-2"


@pytest.mark.parametrize("source, fragments", [
    (None, ["no scene file"]),
    ("def broken(:\n", ["cannot load scene file", "line 1", "SyntaxError"]),
    ("import sim\nraise RuntimeError('boom')\n", ["cannot load scene file", "line 2", "RuntimeError: boom"]),
    ("import numpy\n", ["registers no scene"]),
])
def test_a_bad_scene_file_gets_one_line(tmp_path, source, fragments):
    path = tmp_path / "bad.py"
    if source is not None:
        path.write_text(source)
    one_line_error(run(str(path), "--format", "png", cwd=tmp_path), *fragments)
    assert not list(tmp_path.glob("media"))


def test_a_scene_named_like_a_built_in_is_refused(scene_file, tmp_path):
    clash = tmp_path / "clash.py"
    clash.write_text(scene_file.read_text().replace('NAME = "my-race"', 'NAME = "valley"'))
    one_line_error(run(str(clash), "--format", "png", cwd=tmp_path), "clash.py", "'valley'", "another name")


def test_in_one_process_an_edited_file_is_loaded_again_and_the_newest_file_wins(scene_file, tmp_path):
    """A notebook renders a scene file, the user edits it and renders again; then another file reuses the
    scene's name. Each render shows the file as it is at that moment, and its cached data is not reused."""
    from render import render

    work = tmp_path / "mine.py"
    work.write_text(scene_file.read_text())
    options = dict(backend="mpl", fmt="png", quality="low", cache_dir=str(tmp_path / "cache"))
    first = render(str(work), out=str(tmp_path / "a.png"), **options)
    assert "momentum" in first.story["labels"]
    work.write_text(scene_file.read_text().replace('"momentum": sim.SGD', '"heavy ball": sim.SGD'))
    second = render(str(work), out=str(tmp_path / "a.png"), **options)
    assert "heavy ball" in second.story["labels"] and "momentum" not in second.story["labels"]
    assert second.sidecar["code_version"] != first.sidecar["code_version"]
    other = tmp_path / "other.py"
    other.write_text(scene_file.read_text().replace('"gradient descent": sim.SGD', '"plain GD": sim.SGD'))
    third = render(str(other), out=str(tmp_path / "b.png"), **options)
    assert third.scene == "my-race" and "plain GD" in third.story["labels"]
