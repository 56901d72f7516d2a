"""`render.py FILE --check-layout`: the layout check on a user's scene file, from the command line. A file
whose texts overlap (or leave the frame) on purpose fails with exit 1 and one line naming the texts; a
tidy one passes with exit 0; options the check cannot use are refused in one line (exit 2)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The texts sit at figure fractions (x, y) that the parameters move: `gap` is the distance between the
# two labels' left edges, in figure widths; `right` the second label's left edge once `gap` is applied.
SCENE = '''
from scenes.kit import Param, SceneSpec, beat, make_story, register

def make_data(p):
    title = "Two labels " + ("apart" if p["gap"] >= 0.3 else "close")
    return {"gap": p["gap"], "y": p["y"], "story": make_story(title, [beat("one", 0.0, 1.0, "c")])}

def draw_mpl(fig, data, theme):
    fig.text(0.1, data["y"], "first label here", fontsize=20, color=theme.foreground, va="center")
    fig.text(0.1 + data["gap"], data["y"], "second label", fontsize=20, color=theme.foreground, va="center")
    return lambda t: None

register(SceneSpec(name="labels", description="two labels", params=(
    Param("gap", "float", 0.5, "distance between labels", 0.0, 0.9), Param("y", "float", 0.5, "height", 0.0, 1.0)),
    make_data=make_data, duration=lambda d: 1.0, draw_mpl=draw_mpl, examples=EXAMPLES))
'''


def scene_file(folder: Path, examples: str = "()") -> Path:
    path = folder / "labels.py"
    path.write_text(SCENE.replace("EXAMPLES", examples))
    return path


def check(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *args], capture_output=True, text=True,
                          cwd=folder, timeout=120)


def text_width_fraction(text: str) -> float:
    """The test's own measure of a 20 pt label's width in figure widths, from matplotlib's text path."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    from scenes.kit import text_size
    from scenes.kit.layout import FIG_W

    path = TextPath((0, 0), text, size=text_size(20), prop=FontProperties(family="DejaVu Sans"))
    return path.get_extents().width / 72 / FIG_W


def test_a_tidy_file_passes(tmp_path):
    scene_file(tmp_path)
    proc = check(tmp_path, "labels.py", "--check-layout")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("layout ok: ") and proc.stderr == ""


@pytest.mark.parametrize("gap", [0.0, 0.05, 0.1])
def test_overlapping_labels_fail_in_one_line(tmp_path, gap):
    assert gap < text_width_fraction("first label here")  # the second label starts inside the first
    scene_file(tmp_path)
    proc = check(tmp_path, "labels.py", "--check-layout", "--set", f"gap={gap}", "--backend", "mpl")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert lines[0].startswith("error: layout: labels [gap = ") and "(mpl, 16:9)" in lines[0]
    assert "'first label here' overlaps 'second label'" in lines[0]


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_a_label_off_the_frame_fails(tmp_path, aspect):
    scene_file(tmp_path)
    proc = check(tmp_path, "labels.py", "--check-layout", "--set", "y=1.0", "--aspect", aspect)
    assert proc.returncode == 1 and "leaves the frame" in proc.stderr and proc.stderr.count("\n") == 1


def test_an_example_that_overlaps_fails_though_the_defaults_pass(tmp_path):
    scene_file(tmp_path, examples='({"gap": 0.3}, {"gap": 0.02})')
    proc = check(tmp_path, "labels.py:labels", "--check-layout")
    assert proc.returncode == 1 and "labels [gap = 0.02]" in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1


@pytest.mark.parametrize("argv,words", [
    (["labels.py", "--check-layout", "--format", "png"], "--format does not apply to --check-layout"),
    (["labels.py", "--check-layout", "--force"], "--force does not apply to --check-layout"),
    (["--check-layout"], "--check-layout checks one scene"),
    (["all", "--check-layout"], "--check-layout checks one scene"),
    (["labels.py", "--check-layout", "--set", "gap=2"], "out of bounds"),
    (["nope.py", "--check-layout"], "nope.py"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, argv, words):
    scene_file(tmp_path)
    proc = check(tmp_path, *argv)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and words in proc.stderr, proc.stderr
    assert not (tmp_path / "media").exists()


@pytest.mark.parametrize("aspect,code", [("16:9", 0), ("1:1", 0), ("9:16", 1)])
def test_the_guides_scene_as_the_guide_says(tmp_path, aspect, code):
    """docs/writing-a-scene.md: its scene passes at 16:9 and 1:1; at 9:16 its y label leaves the frame."""
    import re

    guide = (ROOT / "docs" / "writing-a-scene.md").read_text()
    (tmp_path / "race_scene.py").write_text(re.search(r"```python\n(.*?)```", guide, re.S).group(1))
    proc = check(tmp_path, "race_scene.py", "--check-layout", "--backend", "mpl", "--aspect", aspect)
    assert proc.returncode == code, proc.stderr
    if code:
        assert proc.stderr.startswith("error: layout: my-race [defaults] (mpl, 9:16)") and "'log10 loss' leaves" in proc.stderr
        assert f"--aspect {aspect}   # exit 1: the y label leaves the frame" in guide
