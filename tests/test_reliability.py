"""A render either makes a correct file or says why; it never harms earlier output.

Interruption is tested with real signals sent to a real child process, the race with two real processes.
"""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import scenes
from scenes.output.files import cache
from tests.helpers import read_png, read_video, render_file, sidecar

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, cwd: Path | None = None) -> list[str]:
    return [sys.executable, str(ROOT / "render.py"), *args]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.suffix == ".part")


@pytest.mark.parametrize("backend", ["mpl", "manim"])
@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 128 + signal.SIGTERM),
                                       (signal.SIGHUP, 128 + signal.SIGHUP)], ids=["SIGINT", "SIGTERM", "SIGHUP"])
@pytest.mark.alone
def test_interrupted_render_leaves_earlier_output_untouched(tmp_path, backend, sig, code):
    out = tmp_path / "valley.mp4"
    out.write_bytes(b"yesterday's render")
    (tmp_path / "valley.mp4.json").write_text("{}")
    before = digest(out)
    proc = subprocess.Popen(cli("valley", "--backend", backend, "--quality", "low", "--out", str(out),
                                "--set", "steps=2000", "--cache-dir", str(tmp_path / "cache")),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    # Wait until the encoder has written into its temporary file: the render is really under way.
    def encoding() -> bool:
        return any(p.suffix == ".part" and p.stat().st_size > 0 for p in tmp_path.iterdir())

    deadline = time.time() + 120
    while time.time() < deadline and not encoding():
        time.sleep(0.05)
    assert encoding(), "the render never started"
    time.sleep(0.5)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "Traceback" not in err
    assert digest(out) == before
    assert (tmp_path / "valley.mp4.json").read_text() == "{}"
    assert leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "valley.mp4", "valley.mp4.json"]


def test_failed_encode_leaves_nothing(tmp_path, monkeypatch):
    from scenes.output.formats import encode

    monkeypatch.setattr(encode, "codec_args", lambda fmt, transparent: ["-c:v", "no-such-codec", "-f", "mp4"])
    with pytest.raises(encode.EncodeError):
        render_file(tmp_path, "valley", backend="mpl", fmt="mp4", sets={"steps": 10})
    assert [p.name for p in tmp_path.iterdir()] == ["cache"]


def test_two_renders_of_one_output_at_once(tmp_path):
    out = tmp_path / "valley.mp4"
    args = cli("valley", "--backend", "mpl", "--quality", "low", "--out", str(out), "--set", "steps=40",
               "--cache-dir", str(tmp_path / "cache"), "--force")
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [r[1] for r in results]
    frames, info = read_video(out)
    assert len(frames) == sidecar(out)["frames"] and info["codec"] == "h264"
    assert leftovers(tmp_path) == []


def test_missing_output_folder_is_created(tmp_path):
    out = tmp_path / "a" / "b" / "valley.png"
    proc = subprocess.run(cli("valley", "--backend", "mpl", "--quality", "low", "--out", str(out),
                              "--cache-dir", str(tmp_path / "cache")), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert out.is_file()


def test_unwritable_output_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    proc = subprocess.run(cli("valley", "--backend", "mpl", "--out", str(blocker / "sub" / "valley.png")),
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "output folder" in proc.stderr and "Traceback" not in proc.stderr


def test_output_folder_works_as_a_folder(tmp_path):
    proc = subprocess.run(cli("valley", "--backend", "mpl", "--format", "png", "--quality", "low", "--out",
                              str(tmp_path), "--cache-dir", str(tmp_path / "cache")), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "valley-low.png").is_file()


def test_manim_leaves_nothing_in_the_working_folder(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    proc = subprocess.run(cli("valley", "--quality", "low", "--set", "steps=10", "--out", str(tmp_path / "v.mp4"),
                              "--cache-dir", str(tmp_path / "cache")), capture_output=True, text=True, cwd=work)
    assert proc.returncode == 0, proc.stderr
    assert list(work.iterdir()) == []


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_same_command_same_picture(tmp_path, backend):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = render_file(tmp_path / "a", "valley", backend=backend, fmt="png")
    b = render_file(tmp_path / "b", "valley", backend=backend, fmt="png")
    assert np.array_equal(read_png(a), read_png(b))


def test_same_parameters_same_trajectory_bits():

    spec = scenes.get("valley")
    params = {p.name: p.default for p in spec.params}
    one, two = spec.make_data(dict(params)), spec.make_data(dict(params))
    for key in ("xs", "ys", "velocity", "curve_y"):
        assert one[key].tobytes() == two[key].tobytes()


def test_cache_hit_and_corrupt_entry_is_recomputed(tmp_path):
    calls = []

    def compute():
        calls.append(1)
        return {"x": np.arange(5.0)}

    value, hit = cache.cached(tmp_path, "valley", {"a": 1}, __file__, compute)
    assert not hit and len(calls) == 1
    value2, hit2 = cache.cached(tmp_path, "valley", {"a": 1}, __file__, compute)
    assert hit2 and len(calls) == 1 and np.array_equal(value2["x"], value["x"])
    entry = next((tmp_path / "data").glob("valley-*.data"))
    raw = entry.read_bytes()
    for damaged in (raw[: len(raw) // 2], raw[:-1] + bytes([raw[-1] ^ 0xFF]), b""):
        entry.write_bytes(damaged)
        value3, hit3 = cache.cached(tmp_path, "valley", {"a": 1}, __file__, compute)
        assert not hit3 and np.array_equal(value3["x"], value["x"])
    assert len(calls) == 4
    # Other parameters are another entry.
    _, hit4 = cache.cached(tmp_path, "valley", {"a": 2}, __file__, compute)
    assert not hit4


def test_rerender_with_same_sidecar_is_skipped_and_force_renders(tmp_path):
    args = cli("valley", "--backend", "mpl", "--format", "png", "--quality", "low", "--out", str(tmp_path / "v.png"),
               "--cache-dir", str(tmp_path / "cache"))
    first = subprocess.run(args, capture_output=True, text=True)
    assert first.returncode == 0
    mtime = (tmp_path / "v.png").stat().st_mtime_ns
    again = subprocess.run(args, capture_output=True, text=True)
    assert again.returncode == 0 and "up to date" in again.stderr
    assert (tmp_path / "v.png").stat().st_mtime_ns == mtime
    assert again.stdout.strip().splitlines()[-1] == str(tmp_path / "v.png")
    forced = subprocess.run(args + ["--force"], capture_output=True, text=True)
    assert forced.returncode == 0 and (tmp_path / "v.png").stat().st_mtime_ns != mtime
    changed = subprocess.run(args + ["--set", "steps=50"], capture_output=True, text=True)
    assert changed.returncode == 0 and "up to date" not in changed.stderr


def test_cache_follows_the_data_files_a_scene_reads(tmp_path):
    trace = tmp_path / "trace.npz"
    trace.write_bytes(b"first")
    reads = []

    def compute():
        reads.append(trace.read_bytes())
        return {"x": np.zeros(1)}

    cache.cached(tmp_path, "training", {}, __file__, compute, data_files=(trace,))
    _, hit = cache.cached(tmp_path, "training", {}, __file__, compute, data_files=(trace,))
    assert hit and reads == [b"first"]
    trace.write_bytes(b"regenerated")
    _, hit = cache.cached(tmp_path, "training", {}, __file__, compute, data_files=(trace,))
    assert not hit and reads == [b"first", b"regenerated"]


@pytest.mark.alone
def test_interrupting_all_stops_the_children_and_leaves_nothing(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen(cli("all", "--jobs", "2", "--backend", "mpl", "--quality", "low", "--out", str(out),
                                "--cache-dir", str(tmp_path / "cache")),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and not (out.is_dir() and any(p.suffix == ".part" for p in out.iterdir())):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert leftovers(out) == []


@pytest.mark.parametrize("where", ["encoder start", "temporary file"])
def test_signal_in_a_critical_moment_leaves_nothing(tmp_path, monkeypatch, where):
    """A SIGTERM that lands while the temporary file or the encoder is being made must still be cleaned up.

    The encoder is started in a thread-safe way: a signal arriving in the middle is held until the process
    is recorded, so the abort can stop it before removing its file (an orphaned ffmpeg would recreate it).
    """
    from scenes.output.formats import encode

    real_popen, real_mkstemp = subprocess.Popen, encode.tempfile.mkstemp
    started = []

    def popen_then_signal(cmd, **kwargs):
        proc = real_popen(cmd, **kwargs)
        if "pipe:0" in cmd:  # the encoder, not a probe
            started.append(proc)
            signal.raise_signal(signal.SIGTERM)
        return proc

    def mkstemp_then_signal(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        signal.raise_signal(signal.SIGTERM)
        return made

    if where == "encoder start":
        monkeypatch.setattr(encode.subprocess, "Popen", popen_then_signal)
    else:
        monkeypatch.setattr(encode.tempfile, "mkstemp", mkstemp_then_signal)

    def terminate(signum, frame):
        raise SystemExit(128 + signum)

    old = signal.signal(signal.SIGTERM, terminate)
    try:
        with pytest.raises(SystemExit):
            with encode.VideoWriter(tmp_path / "v.mp4", "mp4", 64, 64, 10) as writer:
                writer.write(np.zeros((64, 64, 4), np.uint8))
                writer.close()
    finally:
        signal.signal(signal.SIGTERM, old)
        encode.remove_pending()
    for proc in started:  # what the exiting process would do: its end of the pipe closes
        proc.stdin.close()
        proc.wait(timeout=30)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
