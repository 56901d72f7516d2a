"""A user's own `scenes.py` or `sim.py` (or a `scenes/` or `sim/` package of their own) in the working folder
comes before the toolkit's packages on sys.path; `from render import render` and `python -m render` then name
the file that shadows which package and say to rename it, in one line (exit 2 on the command line)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# what the user has in their working folder -> (the path the message names, the package it shadows)
CASES = {
    "scenes.py": ("scenes.py", "scenes"),
    "sim.py": ("sim.py", "sim"),
    "scenes/__init__.py": ("scenes", "scenes"),
    "sim/__init__.py": ("sim", "sim"),
    "scenes/__init__.py+sim.py": ("scenes", "scenes"),  # both: the first one found is named
}


def _run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # after the working folder, as an install's path is
    return subprocess.run([sys.executable, *args], cwd=folder, env=env, capture_output=True, text=True, timeout=120)


def _make(folder: Path, files: str) -> None:
    for name in files.split("+"):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("print('a user module')\n")


@pytest.mark.parametrize("files", CASES)
def test_the_python_import_names_the_shadowing_file(tmp_path, files):
    _make(tmp_path, files)
    shown, package = CASES[files]
    proc = _run(tmp_path, "-c", "try:\n from render import render\nexcept ImportError as exc:\n print(exc)\n"
                                "else:\n print('imported')")
    assert proc.returncode == 0, proc.stderr
    line = proc.stdout.strip().splitlines()[-1]
    assert line.startswith(str(tmp_path / shown) + " shadows momentum-anim's package " + repr(package)), line
    assert "rename it" in line and str(ROOT / package) in line


@pytest.mark.parametrize("files", CASES)
@pytest.mark.parametrize("argv", [["valley", "--backend", "mpl"], ["--list"], ["--help"]])
def test_the_command_line_says_it_in_one_line_and_exits_2(tmp_path, files, argv):
    _make(tmp_path, files)
    shown, package = CASES[files]
    proc = _run(tmp_path, "-m", "render", *argv)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert proc.stderr.startswith(f"error: {tmp_path / shown} shadows momentum-anim's package {package!r}")
    assert "Traceback" not in proc.stderr and "a user module" not in proc.stdout  # the user's code never ran
    assert not (tmp_path / "media").exists()


@pytest.mark.parametrize("files", ["scenes/notes.txt", "sim/data.csv", "scenes_extra.py", "my_sim.py"])
def test_what_does_not_shadow_is_left_alone(tmp_path, files):
    """A folder without `__init__.py` is a namespace package, which comes after the toolkit's packages."""
    _make(tmp_path, files)
    proc = _run(tmp_path, "-c", "import render; print(render.shadowing()); render.render; print('imported')")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["None", "imported"]
