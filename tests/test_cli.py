"""render.py as a user meets it: exit codes, one-line errors, --list, and the path on the last stdout line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import scenes

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=300)


def assert_usage_error(proc: subprocess.CompletedProcess, *fragments: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {proc.stderr!r}"
    assert "Traceback" not in proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_list_names_every_scene_with_its_parameters():
    proc = run("--list")
    assert proc.returncode == 0
    for name in scenes.names():
        spec = scenes.get(name)
        assert any(line.startswith(name + " ") for line in proc.stdout.splitlines()), name
        for p in spec.params:
            assert p.name in proc.stdout and p.bounds_text() in proc.stdout
    assert "lr" in proc.stdout and "momentum" in proc.stdout and "steps" in proc.stdout


def test_unknown_scene_names_the_real_ones():
    assert_usage_error(run("nosuchscene"), "nosuchscene", "valley")


def test_unknown_option():
    assert_usage_error(run("valley", "--frobnicate"), "--frobnicate")


@pytest.mark.parametrize("args, fragment", [
    (["--backend", "povray"], "--backend"),
    (["--format", "avi"], "--format"),
    (["--quality", "8k"], "--quality"),
    (["--theme", "pink"], "--theme"),
    (["--fps", "abc"], "--fps"),
    (["--fps", "nan"], "--fps"),
    (["--fps", "0"], "--fps"),
    (["--fps", "inf"], "--fps"),
    (["--out", "clip.avi"], ".avi"),
    (["--out", "clip.gif", "--format", "mp4"], "contradicts"),
    (["--transparent"], "alpha"),
    (["--set", "lr"], "KEY=VALUE"),
])
def test_bad_option_values(args, fragment):
    assert_usage_error(run("valley", *args), fragment)


def test_unknown_set_key_names_the_parameters():
    assert_usage_error(run("valley", "--set", "learning_rate=0.1"), "learning_rate", "lr", "momentum", "steps")


@pytest.mark.parametrize("assignment, fragment", [
    ("lr=fast", "number"),
    ("lr=nan", "finite"),
    ("lr=inf", "finite"),
    ("lr=-1", "out of bounds"),
    ("momentum=1.5", "out of bounds"),
    ("steps=1e9", "out of bounds"),
    ("steps=12.5", "whole number"),
    ("steps=", "needs a value"),
    ("experiment=moon", "one of"),
])
def test_bad_parameter_values(assignment, fragment):
    assert_usage_error(run("valley", "--set", assignment), fragment)


def test_no_file_left_behind_after_a_usage_error(tmp_path):
    out = tmp_path / "clip.mp4"
    proc = run("valley", "--set", "steps=1e9", "--out", str(out))
    assert proc.returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_last_stdout_line_is_the_written_path(tmp_path):
    proc = run("valley", "--backend", "mpl", "--format", "png", "--quality", "low", "-o", str(tmp_path) + "/",
               "--cache-dir", str(tmp_path / "cache"))
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert Path(last) == tmp_path / "valley-low.png"  # quality low is in the name; medium is not
    assert Path(last).is_file() and Path(last + ".json").is_file()


def test_default_output_goes_to_media_folder(tmp_path):
    proc = run("valley", "--backend", "mpl", "--format", "png", "--quality", "low",
               "--cache-dir", str(tmp_path / "cache"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == str(Path("media") / "valley-low.png")
    assert (tmp_path / "media" / "valley-low.png").is_file()


def test_check_reports_each_item():
    proc = run("--check")
    assert proc.returncode == 0, proc.stdout
    for item in ("manim", "latex", "dvisvgm", "encoder for mp4", "encoder for webm", "torch"):
        assert item in proc.stdout


def test_all_renders_every_scene_in_parallel(tmp_path):
    proc = run("all", "--jobs", "2", "--backend", "mpl", "--format", "png", "--quality", "low",
               "--out", str(tmp_path), "--cache-dir", str(tmp_path / "cache"))
    assert proc.returncode == 0, proc.stderr
    written = {Path(line) for line in proc.stdout.strip().splitlines()}
    assert written == {tmp_path / f"{name}-low.png" for name in scenes.names()}
    assert all(path.is_file() and path.stat().st_size > 1000 for path in written)


def test_all_refuses_set_and_a_file_out(tmp_path):
    assert_usage_error(run("all", "--set", "lr=0.1"), "--set")
    assert_usage_error(run("all", "--out", str(tmp_path / "x.mp4")), "folder")


@pytest.mark.parametrize("flags", [["--list"], ["--check"], ["--help"], ["--list", "valley"]])
def test_a_reader_that_stops_early_gets_no_error(flags):
    """`render.py --list | head -n 1`: the first line, nothing on stderr, and SIGPIPE's status (141) or 0."""
    import shlex

    cmd = shlex.join([sys.executable, str(ROOT / "render.py"), *flags])
    proc = subprocess.run(f"set -o pipefail; {cmd} | head -n 1", shell=True, executable="/bin/bash",
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 141) and proc.stderr == "", proc.stderr
    assert len(proc.stdout.splitlines()) == 1
