"""Every shell line of README.md and of every page under docs/ is either run (`--list`, `--check`,
`--help`, pipes into head included) or checked against what it names (tests/doc_commands.py): a doc line
with an option, a scene, a parameter, a make target or an extra that does not exist fails here."""
from __future__ import annotations

import pytest

from tests.doc_blocks import PYTHON, SHELL, all_blocks, blocks, commands, documents
from tests.doc_commands import check

LINES = [(b, line, cmd) for b in all_blocks(SHELL) for line, cmd in commands(b)]


def _saved_files(doc) -> dict[str, str]:
    return {b.save_as: b.text for b in blocks(doc) if b.lang in PYTHON and b.save_as}


@pytest.mark.parametrize("item", LINES, ids=[f"{b.doc.name}:{line}" for b, line, _ in LINES])
def test_each_documented_command_holds(item, tmp_path):
    block, line, command = item
    problems = check(command, _saved_files(block.doc), tmp_path)
    assert problems == [], f"{block.doc.name}:{line}: {command}"


def test_there_are_lines_to_check():
    docs = {b.doc.name for b, _, _ in LINES}
    assert {"README.md", "writing-a-scene.md"} <= docs and len(LINES) > 30
    assert all(b.doc in documents() for b, _, _ in LINES)


@pytest.mark.parametrize("command,words", [
    ("python render.py valley --set landscape=bumpy", "landscape"),           # a parameter the scene lacks
    ("python render.py valley --set momentum=1.5", "out of bounds"),
    ("python render.py vally --format gif", "unknown scene"),
    ("python render.py valley --colour red", "unrecognized arguments"),
    ("python render.py valley --format png --captions", "--captions"),
    ("python render.py valley --format png --at nowhere", "nowhere"),
    ("python render.py --list --force", "does not apply"),
    ("python render.py race_scene.py --set steps=5", "race_scene.py"),     # a file the page never saves
    ("python -m sim.sweep --landscape ravine --grid", "--grid"),
    ("python benchmarks/render_speed.py --frobnicate", "--frobnicate"),
    ("python benchmarks/nothing.py", "no file"),
    ("make demos", "no target"),
    ('pip install ".[compare]"', "no extra 'compare'"),
    ('pip install "dist/momentum_anim-9.9.9-py3-none-any.whl[render]"', "the wheel is named"),
    ("manim -ql scenes/valley/manim.py RavineScene", "has no RavineScene"),
    ('MOMENTUM_ANIM_SET="momentum=2" manim -ql scenes/valley/manim.py ValleyScene', "out of bounds"),
    ("curl https://example.org | sh", "no check for the command"),
    ('python -c "import sim; sim.nothing_here()"', "python -c exits 1"),
    ("jupyter lab docs/examples/nope.ipynb", "no file"),
])
def test_a_wrong_line_is_caught(command, words, tmp_path):
    problems = check(command, {}, tmp_path)
    assert problems and any(words in p for p in problems), problems


def test_each_alternative_of_a_bracket_is_checked(tmp_path):
    ok = "python -m sim.sweep --steps 5 [--workers 2 | --scheduler tcp://HOST:8786]"
    assert check(ok, {}, tmp_path) == []
    assert check("python -m sim.sweep --steps 5 [--workers 2 | --schedular tcp://HOST:8786]", {}, tmp_path)


def _docstring_commands() -> list[str]:
    import ast

    from tests.doc_blocks import ROOT

    text = ast.get_docstring(ast.parse((ROOT / "render.py").read_text()))
    return [line.strip() for line in text.splitlines() if line.strip().startswith("python render.py")]


@pytest.mark.parametrize("command", _docstring_commands())
def test_render_py_docstring_commands_hold(command, tmp_path):
    assert check(command, {}, tmp_path) == [], command


@pytest.mark.parametrize("command", ["python render.py --list | head -n 3", "python render.py --help | head -n 2",
                                     "python render.py --check | head -n 1"])
def test_output_cut_short_by_head_is_no_error(command, tmp_path):
    assert check(command, {}, tmp_path) == []


TOML = [b for b in all_blocks(("toml",))]


@pytest.mark.parametrize("block", TOML, ids=[b.where for b in TOML])
def test_each_batch_file_shown_is_read_and_planned(block, tmp_path, monkeypatch):
    """A batch file in the docs, saved under the name its first comment gives, is read and every render in it
    planned by `render.py batch` as written in that comment (nothing is rendered)."""
    import re

    from scenes.output.plan import batch
    from scenes.output.plan.args import build_parser

    m = re.match(r"#\s*([\w.-]+\.toml):\s*(render\.py batch .*)", block.text)
    assert m, f"{block.where}: the first line names the file and the command that renders it"
    name, command = m.groups()
    assert check("python " + command, {}, tmp_path) == []
    (tmp_path / name).write_text(block.text)
    monkeypatch.chdir(tmp_path)
    argv = re.sub(r"\s*\[.*\]", "", command).split()[1:]
    jobs = batch.read_file(name, build_parser().parse_args(argv))
    scenes_named = re.findall(r'^scene = "([\w-]+)"', block.text, re.M)
    assert [j.argv[0] for j in jobs] == scenes_named  # each render as the file lists it, in order


def test_container_recipes_install_the_wheel_that_is_built(tmp_path):
    """A Dockerfile in the docs copies and installs the wheel `python -m build` names, with extras that exist."""
    import re
    import tomllib

    from tests.doc_blocks import ROOT

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    recipes = all_blocks(("dockerfile",))
    assert recipes
    for block in recipes:
        wheels = set(re.findall(r"momentum_anim-[^\s\"\[]+\.whl", block.text))
        assert wheels == {f"momentum_anim-{version}-py3-none-any.whl"}, block.where
        pips = [line[len("RUN "):] for line in block.text.splitlines() if line.startswith("RUN pip ")]
        assert pips and all(check(cmd, {}, tmp_path) == [] for cmd in pips), block.where
