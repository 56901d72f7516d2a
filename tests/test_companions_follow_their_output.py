"""Companions never outlive their video: a render that no longer asks for captions (or a page that no
longer asks for its fragment) removes them in the same commit as the new output, and a render that fails
leaves the earlier output with all of its companions."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FAST = ["--backend", "mpl", "--quality", "low", "--set", "steps=12"]


def _render(tmp_path, *args):
    proc = subprocess.run([sys.executable, str(ROOT / "render.py"), "valley", *args, "--cache-dir",
                           str(tmp_path / "cache")], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    return proc


def _beside(tmp_path, name):
    return sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(name))


@pytest.mark.parametrize("fmt", ["gif", "mp4", "webm"])
def test_captions_asked_for_once_go_when_no_longer_asked(tmp_path, fmt):
    out = f"v.{fmt}"
    assert _render(tmp_path, *FAST, "-o", out, "--captions", "files").returncode == 0
    assert _beside(tmp_path, out) == sorted([out, f"{out}.json", f"{out}.poster.png", f"{out}.srt", f"{out}.vtt"])
    proc = _render(tmp_path, *FAST, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert "up to date" not in proc.stderr
    assert _beside(tmp_path, out) == sorted([out, f"{out}.json", f"{out}.poster.png"])
    assert "captions" not in json.loads((tmp_path / f"{out}.json").read_text())


def test_a_pages_fragment_goes_when_no_longer_asked(tmp_path):
    assert _render(tmp_path, "--format", "html", "-o", "p.html", "--embed").returncode == 0
    assert "p.html.embed.html" in _beside(tmp_path, "p.html")
    assert _render(tmp_path, "--format", "html", "-o", "p.html").returncode == 0
    assert _beside(tmp_path, "p.html") == ["p.html", "p.html.json"]


def test_a_failed_render_keeps_the_earlier_output_and_all_its_companions(tmp_path):
    assert _render(tmp_path, *FAST, "-o", "v.gif", "--captions", "files").returncode == 0
    before = {name: (tmp_path / name).read_bytes() for name in _beside(tmp_path, "v.gif")}
    # a render that fails (here: a parameter out of bounds) touches neither the output nor a companion
    assert _render(tmp_path, *FAST, "-o", "v.gif", "--set", "momentum=5").returncode == 2
    assert {name: (tmp_path / name).read_bytes() for name in _beside(tmp_path, "v.gif")} == before
