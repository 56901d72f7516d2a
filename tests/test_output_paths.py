"""Output paths are checked before any work, and refused in one short line that elides a long name: on
the command line (exit 2), in Python (RenderError) and in a batch file (the render named)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from disk_faults import tmpfs

ROOT = Path(__file__).resolve().parent.parent
MAX_LINE = 200


def _defects(tmp_path: Path) -> dict[str, tuple[str, str]]:
    (tmp_path / "a-file").write_text("")
    return {
        "5000-character name": (str(tmp_path / ("x" * 5000 + ".png")), "longer than"),
        "300-byte folder name": (str(tmp_path / ("y" * 300) / "v.png"), "longer than"),
        "256-byte file name": (str(tmp_path / ("z" * 252 + ".png")), "longer than"),
        "name whose sidecar is too long": (str(tmp_path / ("w" * 250 + ".png")), "sidecar"),
        "path over the system limit": (str(tmp_path / "/".join(["p" * 250] * 20) / "v.png"), "longer than"),
        "file in the way of a folder": (str(tmp_path / "a-file" / "v.png"), "not a folder"),
    }


def _cli(*args, cwd):
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def _one_short_line(err: str, words: str, where: str = ""):
    lines = err.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) <= MAX_LINE and "Traceback" not in err, err[:600]
    assert words in lines[0] and where in lines[0], lines[0]


def test_on_the_command_line(tmp_path):
    for case, (out, words) in _defects(tmp_path).items():
        proc = _cli("valley", "--backend", "mpl", "--format", "png", "--quality", "low", "-o", out, cwd=tmp_path)
        assert proc.returncode == 2, (case, proc.stderr[:500])
        _one_short_line(proc.stderr, words)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_in_python_before_any_work(tmp_path):
    from scenes.output.plan.api import RenderError, render

    cases = dict(_defects(tmp_path), nul=(str(tmp_path / "a\0b.png"), "NUL"))
    for case, (out, words) in cases.items():
        with pytest.raises(RenderError) as info:
            render("valley", out=out, backend="mpl", quality="low", cache_dir=tmp_path / "cache")
        msg = str(info.value)
        assert "\n" not in msg and len(msg) <= MAX_LINE and words in msg, (case, msg[:300])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]  # no cache entry: no data was computed


def test_in_a_batch_file(tmp_path):
    for i, (case, (out, words)) in enumerate(_defects(tmp_path).items()):
        batch = tmp_path / f"b{i}.toml"
        batch.write_text('[[render]]\nscene = "ravine"\nformat = "png"\n\n'
                         f'[[render]]\nscene = "valley"\nformat = "png"\nout = "{out}"\n')
        proc = _cli("batch", str(batch), "--out", str(tmp_path / "out"), cwd=tmp_path)
        assert proc.returncode == 2, (case, proc.stderr[:500])
        _one_short_line(proc.stderr, words, "render 2")
    assert not (tmp_path / "out").exists()


def test_a_read_only_folder_is_refused_before_any_work(tmp_path):
    with tmpfs(tmp_path / "ro", readonly=True) as made:
        if not made:
            pytest.skip("mounting a tmpfs is not allowed here")
        proc = _cli("valley", "--format", "png", "-o", str(tmp_path / "ro" / "v.png"), cwd=tmp_path)
        assert proc.returncode == 2
        _one_short_line(proc.stderr, "not writable")
