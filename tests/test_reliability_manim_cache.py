"""The shared Manim cache: parallel renders never write through to it, a corrupt entry heals, and a cache
that cannot be used (read-only, full, a file in its path) costs one warning, never the render.
"""
from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from tests.disk_faults import age, cli, fill, sha, tmpfs
from tests.helpers import read_png


def manim_png(out: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(cli("valley", "--format", "png", "--quality", "low", "-o", str(out), *extra),
                          capture_output=True, text=True, timeout=300, env=env)


def snapshot(folder: Path) -> dict:
    """Every file under `folder`: (inode, modification time, contents digest)."""
    return {p.relative_to(folder): (p.stat().st_ino, p.stat().st_mtime_ns, sha(p))
            for p in folder.rglob("*") if p.is_file()}


def is_svg(path: Path) -> bool:
    try:
        return ET.parse(path).getroot().tag.endswith("svg")
    except (ET.ParseError, OSError):
        return False


def test_warm_renders_in_parallel_never_write_the_shared_cache(tmp_path):
    shared = tmp_path / "cache"
    first = manim_png(tmp_path / "first.png", "--cache-dir", str(shared))
    assert first.returncode == 0, first.stderr
    before = snapshot(shared / "manim")
    assert sum(p.suffix == ".svg" for p in before) >= 10
    procs = [subprocess.Popen(cli("valley", "--format", "png", "--quality", "low", "-o", str(tmp_path / f"{i}.png"),
                                  "--cache-dir", str(shared)), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for i in range(4)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err[-300:] for _, err in results]
    # Not one shared file was rewritten, replaced or added: the renders read copies.
    assert snapshot(shared / "manim") == before
    reference = read_png(tmp_path / "first.png")
    for i in range(4):
        assert np.array_equal(read_png(tmp_path / f"{i}.png"), reference)
    assert not [p.name for p in (shared / "manim").iterdir() if p.name.startswith(".")]


def test_corrupt_cache_entries_are_typeset_again(tmp_path):
    shared = tmp_path / "cache"
    assert manim_png(tmp_path / "ref.png", "--cache-dir", str(shared)).returncode == 0
    svgs = sorted((shared / "manim" / "texts").glob("*.svg")) + sorted((shared / "manim" / "Tex").glob("*.svg"))
    good = {p: p.read_bytes() for p in svgs}
    damaged = {svgs[0]: good[svgs[0]][: len(good[svgs[0]]) // 2], svgs[1]: b"\x00\x01 not an svg", svgs[2]: b"",
               svgs[-1]: good[svgs[-1]][:-20]}
    for p, raw in damaged.items():
        p.write_bytes(raw)
    # A private folder that a killed render of an earlier version left in the cache.
    legacy = shared / "manim" / ".render-k1ll3d"
    (legacy / "texts").mkdir(parents=True)
    (legacy / "texts" / "x.svg").write_text("<svg")
    for p in (legacy / "texts" / "x.svg", legacy / "texts", legacy):
        age(p, 3600)

    again = manim_png(tmp_path / "again.png", "--cache-dir", str(shared))
    assert again.returncode == 0, again.stderr
    assert np.array_equal(read_png(tmp_path / "again.png"), read_png(tmp_path / "ref.png"))
    assert all(is_svg(p) for p in damaged), "a damaged entry was not replaced by a whole one"
    assert not legacy.exists()


@pytest.mark.parametrize("kind", ["read-only", "full", "a file in XDG_CACHE_HOME's place"])
def test_an_unusable_cache_costs_one_warning_not_the_render(tmp_path, kind):
    env = {k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}
    with tmpfs(tmp_path / "disk", size="1m", readonly=kind == "read-only") as mounted:
        disk = tmp_path / "disk"
        if kind == "read-only":
            if not mounted:
                if os.geteuid() == 0:
                    pytest.skip("cannot mount a read-only tmpfs, and root ignores file modes")
                disk.chmod(0o555)
            extra = ["--cache-dir", str(disk)]
        elif kind == "full":
            if not mounted:
                pytest.skip("cannot mount a tmpfs to fill")
            (disk / "manim").mkdir()
            fill(disk, 0)
            extra = ["--cache-dir", str(disk)]
        else:
            (tmp_path / "xdg").write_text("a file where the cache folder's parent should be")
            env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
            extra = []
        proc = manim_png(tmp_path / "v.png", *extra, env=env)
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "cache" in warnings[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert read_png(tmp_path / "v.png").shape[:2] == (480, 854)


def test_cache_dir_naming_a_file_is_bad_input(tmp_path):
    (tmp_path / "cachefile").write_text("not a folder")
    proc = manim_png(tmp_path / "v.png", "--cache-dir", str(tmp_path / "cachefile"))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "--cache-dir" in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cachefile"]
