"""The tables and the command-line summary of the README and the docs say what the program does: the
README's scene table lists exactly the scenes `render.py --list` prints, getting started's extras table
exactly pyproject's extras, the command-line page's quality table the sizes and rates a render uses and
its summary every option of `render.py --help` with its choices, and the web pages' list of explorable
pages the scenes that have one."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest

from tests.doc_blocks import ROOT

README = (ROOT / "README.md").read_text()
DOCS = ROOT / "docs"


def section(title: str, text: str = README) -> str:
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert m, f"no section {title!r}"
    return m.group(1)


def page(name: str) -> str:
    return (DOCS / name).read_text()


def first_column(text: str) -> list[str]:
    return re.findall(r"^\| `([^`]+)` \|", text, re.M)


@pytest.fixture(scope="module")
def listed() -> list[str]:
    proc = subprocess.run([sys.executable, str(ROOT / "render.py"), "--list"], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return [line.split()[0] for line in proc.stdout.splitlines() if line and not line[0].isspace()]


@pytest.fixture(scope="module")
def help_text() -> str:
    proc = subprocess.run([sys.executable, str(ROOT / "render.py"), "--help"], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0
    return proc.stdout


def test_the_scene_table_lists_every_scene_and_no_other(listed):
    rows = first_column(section("Scenes"))
    assert len(rows) == len(set(rows))
    missing, extra = sorted(set(listed) - set(rows)), sorted(set(rows) - set(listed))
    assert (missing, extra) == ([], []), f"README's scene table lacks {missing}, has no such scene {extra}"
    for name in rows:  # each row's picture is the gallery's
        assert f"assets/gallery/{name}.gif" in README and (ROOT / "assets" / "gallery" / f"{name}.gif").is_file()


def test_the_extras_table_lists_pyprojects_extras():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    rows = first_column(section("Install", page("getting-started.md")))
    assert sorted(rows) == sorted(extras)


def test_the_quality_table_is_the_renders_own():
    from scenes.output.plan.request import QUALITIES

    rows = re.findall(r"^\| (\w+)(?: \(default\))? \| (\d+)×(\d+) \| (\d+) \|", page("command-line.md"), re.M)
    assert {q: (int(w), int(h), int(f)) for q, w, h, f in rows} == QUALITIES


def _summary() -> str:
    return re.search(r"```\n(python render\.py .*?)```", page("command-line.md"), re.S).group(1)


def test_the_summary_names_every_option_of_help_and_no_other(help_text):
    from scenes.output.plan.args import build_parser

    summary = _summary()
    documented = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-z])\b", summary))
    actions = [a for a in build_parser()._actions if a.option_strings and "--help" not in a.option_strings]
    options = {s for a in actions for s in a.option_strings}
    assert documented == options
    assert all(o in help_text for o in options)
    for action in actions:  # the choices the summary offers are the parser's, in full
        if action.choices:
            flag = action.option_strings[-1]
            shown = re.search(rf"{flag} \[?([\w:|]+)", summary).group(1).split("|")
            assert shown == list(action.choices), flag


def test_the_summary_names_each_mode(listed):
    summary = _summary()
    for mode in ("SCENE", "all", "batch FILE", "--list", "--check", "--check-layout"):
        assert re.search(rf"^python render\.py .*{re.escape(mode)}", summary, re.M), mode


def test_the_explorable_pages_are_the_scenes_with_one(listed):
    import scenes

    line = re.search(r"^Explorable pages: (.*?)\. Any other scene", page("web-pages.md"), re.S | re.M).group(1)
    named = re.split(r",\s*|\s+and\s+", " ".join(line.split()))
    assert sorted(named) == sorted(n for n in listed if scenes.get(n).web is not None)
