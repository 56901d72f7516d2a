"""Every file the toolkit leaves behind takes the mode a new file gets under the user's umask: outputs,
sidecars, posters, captions, pages and their fragments, cache entries, sweep results."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(args, cwd, umask):
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600,
                          preexec_fn=lambda: os.umask(umask))
    assert proc.returncode == 0, proc.stderr[-1500:]


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_every_kind_of_file_follows_the_umask(tmp_path, umask):
    render = [sys.executable, str(ROOT / "render.py")]
    cache = ["--cache-dir", str(tmp_path / "cache")]
    _run(render + ["valley", "--backend", "mpl", "--quality", "low", "--captions", "files", "-o",
                   str(tmp_path / "v.mp4"), *cache], tmp_path, umask)
    _run(render + ["valley", "--format", "html", "--embed", "-o", str(tmp_path / "p.html"), *cache], tmp_path, umask)
    _run(render + ["ravine", "--backend", "mpl", "--format", "png", "--quality", "low", "-o", str(tmp_path / "r.png"),
                   *cache], tmp_path, umask)
    _run([sys.executable, "-m", "sim.sweep", "--grid", "lr=0.01:0.1:3", "--starts", "4", "--steps", "10",
          "--out", str(tmp_path / "s.npz")], tmp_path, umask)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    kinds = {p.name.split(".", 1)[-1] for p in files}
    for kind in ("mp4", "mp4.json", "mp4.poster.png", "mp4.vtt", "mp4.srt", "html", "html.embed.html", "html.json",
                 "png", "npz", "data"):
        assert kind in kinds, (kind, sorted(kinds))
    want = 0o666 & ~umask
    wrong = {str(p.relative_to(tmp_path)): oct(stat.S_IMODE(p.stat().st_mode)) for p in files
             if stat.S_IMODE(p.stat().st_mode) != want}
    assert wrong == {}, f"want {oct(want)}"
