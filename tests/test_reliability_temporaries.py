"""Temporaries never outlive a crash: ffmpeg dies with a render killed by SIGKILL, and what a killed render
left (its temporaries, its private Manim folder) is removed by the next render once stale.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scenes.output.files import safe_files
from tests.disk_faults import age, cli, dead_pid

# Runs the render as its child, as a subreaper: when the render is killed, its orphaned ffmpeg becomes
# this script's child, so the script can tell how ffmpeg ended (killed, or exited after finishing a file).
KILL_AND_WATCH = r"""
import ctypes, json, os, signal, subprocess, sys, time
from pathlib import Path

ctypes.CDLL(None, use_errno=True).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
cmd, folder = json.loads(sys.argv[1]), Path(sys.argv[2])
render = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def encoder():
    for task in Path(f"/proc/{render.pid}/task").iterdir():
        for pid in (task / "children").read_text().split():
            if b"pipe:0" in Path(f"/proc/{pid}/cmdline").read_bytes():  # the encoder, not a probe
                return int(pid)

ffmpeg, deadline = None, time.time() + 180
while time.time() < deadline and render.poll() is None:
    # Frames under way: with only a header, finishing on EOF takes ffmpeg microseconds, and could beat
    # the kernel's own ordering of closing the pipe and sending the parent-death signal.
    written = [p for p in folder.iterdir() if p.suffix == ".part" and p.stat().st_size > 16384]
    ffmpeg = ffmpeg or encoder()
    if ffmpeg and written:
        break
    time.sleep(0.05)
time.sleep(0.3)
os.kill(render.pid, signal.SIGKILL)
render.wait()
_, status = os.waitpid(ffmpeg, 0)
print(json.dumps({"killed_by": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                  "exit_code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None}))
"""


def backdate_tree(path: Path, seconds: float) -> None:
    for p in sorted(path.rglob("*"), reverse=True) if path.is_dir() else []:
        age(p, seconds)
    age(path, seconds)


@pytest.mark.alone
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc and a subreaper")
@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_kill_9_takes_ffmpeg_along_and_the_next_render_sweeps_the_leftovers(tmp_path, backend):
    out, cache, scratch = tmp_path / "out", tmp_path / "cache", tmp_path / "scratch"
    out.mkdir()
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}  # where private Manim folders go
    cmd = cli("valley", "--backend", backend, "--quality", "low", "--set", "steps=2000",
              "-o", str(out / "v.mp4"), "--cache-dir", str(cache))
    watch = subprocess.run([sys.executable, "-c", KILL_AND_WATCH, json.dumps(cmd), str(out)],
                           capture_output=True, text=True, timeout=300, env=env)
    assert watch.returncode == 0, watch.stderr
    ended = json.loads(watch.stdout)
    assert ended == {"killed_by": 9, "exit_code": None}, "ffmpeg outlived the render and finished its file"

    left = list(out.iterdir()) + list(scratch.iterdir()) + (
        list((cache / "manim").glob(".*")) if (cache / "manim").is_dir() else [])
    assert left, "the killed render left nothing: nothing to sweep"
    for p in left:
        backdate_tree(p, safe_files.STALE_AGE_S + 60)
    # What must survive a sweep: a live writer's old temporary, a dead writer's fresh one, a user's file.
    keep = [out / f"{safe_files.PREFIX}{os.getpid()}-livewrit.part",
            out / f"{safe_files.PREFIX}{dead_pid()}-freshtmp.part", out / ".notes.part"]
    for p in keep:
        p.write_bytes(b"x")
    age(keep[0], safe_files.STALE_AGE_S + 60)
    age(keep[2], safe_files.STALE_AGE_S + 60)

    again = subprocess.run(cli("valley", "--backend", backend, "--quality", "low", "--format", "png",
                               "-o", str(out / "v.png"), "--cache-dir", str(cache)),
                           capture_output=True, text=True, timeout=300, env=env)
    assert again.returncode == 0, again.stderr
    assert not [p.name for p in left if os.path.lexists(p)]
    assert all(p.exists() for p in keep)
    assert sorted(p.name for p in out.iterdir() if p not in keep) == ["v.png", "v.png.json"]


def test_sweep_removes_only_stale_temporaries_of_dead_writers(tmp_path):
    dead, old = dead_pid(), safe_files.STALE_AGE_S + 60
    stale_file = tmp_path / f"{safe_files.PREFIX}{dead}-abcd1234.part"
    stale_dir = tmp_path / f"{safe_files.PREFIX}{dead}-abcd1234.render"
    fresh = tmp_path / f"{safe_files.PREFIX}{dead}-ffff0000.part"
    alive = tmp_path / f"{safe_files.PREFIX}{os.getpid()}-eeee1111.part"
    legacy = tmp_path / ".render-x1y2z3"
    others = [tmp_path / ".valley.mp4.json", tmp_path / "notes.part", tmp_path / f".{safe_files.PREFIX}{dead}-a.txt"]
    for p in (stale_file, fresh, alive, *others):
        p.write_text("x")
    (stale_dir / "texts").mkdir(parents=True)
    (stale_dir / "texts" / "a.svg").write_text("<svg/>")
    (legacy / "Tex").mkdir(parents=True)
    for p in (stale_file, alive, legacy / "Tex", legacy, stale_dir / "texts" / "a.svg", stale_dir / "texts",
              stale_dir, *others):
        age(p, old)
    removed = safe_files.sweep(tmp_path)
    assert sorted(removed) == sorted([stale_file, stale_dir])
    assert fresh.exists() and alive.exists() and legacy.exists() and all(p.exists() for p in others)
    assert safe_files.sweep(tmp_path, legacy=True) == [legacy]
    # A private folder still being written to is not stale, however old the folder's own time.
    busy = tmp_path / f"{safe_files.PREFIX}{dead}-busy0000.render"
    (busy / "texts").mkdir(parents=True)
    age(busy, old)
    assert safe_files.sweep(tmp_path) == [] and busy.exists()
