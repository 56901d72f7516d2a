"""An output and its sidecar change together: a failed, interrupted or racing render never leaves a new file
beside an old sidecar, and the skip check believes only what it has verified.

Reference renders of each request are made first, into their own folder; each test then compares the
bytes on disk with the reference that the sidecar names.
"""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

import render as render_py
from scenes.output.plan.pipeline import RenderRequest, render
from tests.disk_faults import cli, fill, leftovers, sha, tmpfs
from tests.helpers import read_png

MOMENTA = ("0.5", "0.9")


def request(out: Path, momentum: str, backend: str = "mpl", cache: Path | None = None,
            force: bool = True) -> RenderRequest:
    return RenderRequest(scene="valley", backend=backend, fmt="png", quality="low", out=str(out),
                         overrides={"momentum": momentum, "steps": "40"}, progress=False, force=force,
                         cache_dir=str(cache or out.parent / "cache"))


def args(out: Path, momentum: str, backend: str = "mpl", cache: Path | None = None) -> list[str]:
    return cli("valley", "--backend", backend, "--quality", "low", "--set", f"momentum={momentum}",
               "--set", "steps=40", "-o", str(out), "--cache-dir", str(cache or out.parent / "cache"))


@pytest.fixture(scope="module")
def refs(tmp_path_factory) -> dict[str, str]:
    """SHA-256 of the PNG of each momentum, rendered alone."""
    folder = tmp_path_factory.mktemp("refs")
    return {m: sha(render(request(folder / f"{m}.png", m))) for m in MOMENTA}


def pair(out: Path) -> tuple[str, str]:
    """(momentum the sidecar names, momentum whose reference the file is)."""
    side = json.loads(Path(str(out) + ".json").read_text())
    return str(side["params"]["momentum"]), sha(out)


def assert_pair_matches(out: Path, refs: dict[str, str]) -> None:
    named, digest = pair(out)
    assert digest == refs[named], f"the file is not the render its sidecar names ({named})"


def test_a_folder_at_the_sidecar_path_leaves_the_earlier_pair(tmp_path):
    out = tmp_path / "v.png"
    assert subprocess.run(args(out, "0.5"), capture_output=True).returncode == 0
    before = sha(out)
    Path(str(out) + ".json").unlink()
    Path(str(out) + ".json").mkdir()
    proc = subprocess.run(args(out, "0.9"), capture_output=True, text=True)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "sidecar" in proc.stderr and "Traceback" not in proc.stderr
    assert sha(out) == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_full_disk_at_the_sidecar_leaves_the_earlier_pair(tmp_path, refs, monkeypatch, backend):
    """The new output fits on the disk, its sidecar does not: the earlier file and sidecar stay.

    The earlier file also has a second name (a hard link, as a backup tool makes), so replacing it
    frees no space before the sidecar is written.
    """
    reference = render(request(tmp_path / "ref" / "v.png", "0.9", backend, cache=tmp_path / "cache"))
    with tmpfs(tmp_path / "disk", size="2m") as mounted:
        out = tmp_path / "disk" / "v.png"
        render(request(out, "0.5", cache=tmp_path / "cache"))
        before = (sha(out), Path(str(out) + ".json").read_text())
        os.link(out, out.parent / "backup.png")
        if mounted:
            fill(out.parent, reference.stat().st_size)  # room for the new PNG, not one page more
            proc = subprocess.run(args(out, "0.9", backend, cache=tmp_path / "cache") + ["--force"],
                                  capture_output=True, text=True)
            assert proc.returncode == 1 and "No space left" in proc.stderr, proc.stderr
            assert "Traceback" not in proc.stderr
            (out.parent / "filler").unlink()
        else:  # no tmpfs here: the same write fails the same way
            def full(*a, **k):
                raise OSError(28, "No space left on device")

            monkeypatch.setattr(json, "dumps", full)
            with pytest.raises(OSError):
                render(request(out, "0.9", backend, cache=tmp_path / "cache"))
            monkeypatch.undo()
        assert (sha(out), Path(str(out) + ".json").read_text()) == before
        assert leftovers(out.parent) == []


def test_a_250_byte_name_renders_and_a_251_byte_name_fails_first(tmp_path):
    ok = tmp_path / ("v" * 246 + ".png")  # its sidecar's name is 255 bytes, the most a name can be
    proc = subprocess.run(args(ok, "0.5"), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert read_png(ok).shape[:2] == (480, 854) and json.loads(Path(str(ok) + ".json").read_text())
    too_long = tmp_path / "long" / ("v" * 247 + ".png")
    cache = tmp_path / "fresh-cache"
    proc = subprocess.run(args(too_long, "0.5", cache=cache), capture_output=True, text=True)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "bytes" in proc.stderr and "Traceback" not in proc.stderr
    assert not cache.exists() and not too_long.parent.exists()  # nothing was rendered


def test_a_render_racing_into_the_same_path_ends_with_a_matching_pair(tmp_path, refs, monkeypatch):
    """B starts while A is between its two renames, and A waits for B there as long as B needs."""
    out = tmp_path / "v.png"
    real_replace = os.replace
    racer: list[subprocess.Popen] = []

    def replace(src, dst, *a, **k):
        real_replace(src, dst, *a, **k)
        if Path(dst) == out and not racer:
            racer.append(subprocess.Popen(args(out, "0.9") + ["--force"], stderr=subprocess.PIPE))
            _wait_until_finished_or_stuck(racer[0], tmp_path)

    monkeypatch.setattr(os, "replace", replace)
    render(request(out, "0.5"))
    monkeypatch.undo()
    _, err = racer[0].communicate(timeout=120)
    assert racer[0].returncode == 0, err
    assert_pair_matches(out, refs)
    assert pair(out)[0] == "0.9"  # the later commit wins, whole
    assert leftovers(tmp_path) == []


def _wait_until_finished_or_stuck(proc: subprocess.Popen, folder: Path, settle: float = 2.0) -> None:
    """Until `proc` exits, or has two finished temporaries (output and sidecar) that do not move."""
    deadline, seen, since = time.time() + 60, None, time.time()
    while time.time() < deadline and proc.poll() is None:
        full = sorted((p.name, p.stat().st_size) for p in folder.iterdir()
                      if p.suffix == ".part" and str(proc.pid) in p.name and p.stat().st_size > 0)
        if full != seen:
            seen, since = full, time.time()
        elif len(full) >= 2 and time.time() - since > settle:
            return  # waiting for our commit to finish
        time.sleep(0.05)


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)],
                         ids=["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_between_the_two_renames_leaves_a_matching_pair(tmp_path, refs, monkeypatch, capsys, sig, code):
    out = tmp_path / "v.png"
    render(request(out, "0.5"))
    real_replace = os.replace

    def replace(src, dst, *a, **k):
        real_replace(src, dst, *a, **k)
        if Path(dst) == out:
            signal.raise_signal(sig)

    old = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    monkeypatch.setattr(os, "replace", replace)
    try:
        result = render_py.main(["valley", "--backend", "mpl", "--quality", "low", "--set", "momentum=0.9",
                                 "--set", "steps=40", "-o", str(out), "--cache-dir", str(tmp_path / "cache")])
    finally:
        monkeypatch.undo()
        for s, handler in old.items():
            signal.signal(s, handler)
    err = capsys.readouterr().err
    assert result == code, err
    assert_pair_matches(out, refs)
    named, _ = pair(out)
    assert named == "0.9" and str(out) in err and "nothing was written" not in err
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("damage", ["empty", "truncated", "one byte changed"])
def test_a_damaged_output_with_a_matching_sidecar_is_rendered_again(tmp_path, refs, damage):
    out = tmp_path / "v.png"
    render(request(out, "0.5", force=False))
    raw = out.read_bytes()
    out.write_bytes({"empty": b"", "truncated": raw[: len(raw) // 2],
                     "one byte changed": raw[:-5] + bytes([raw[-5] ^ 1]) + raw[-4:]}[damage])
    log = io.StringIO()
    render(request(out, "0.5", force=False), log=log)
    assert "up to date" not in log.getvalue()
    assert sha(out) == refs["0.5"]
    # Now intact: the next identical request is skipped.
    render(request(out, "0.5", force=False), log=log)
    assert "up to date" in log.getvalue()


@pytest.mark.parametrize("text", ["[]", "null", "42", '"valley"', "{", "\xff"])
def test_a_sidecar_that_is_not_an_object_counts_as_none(tmp_path, refs, text):
    out = tmp_path / "v.png"
    render(request(out, "0.5", force=False))
    Path(str(out) + ".json").write_bytes(text.encode("latin-1"))
    log = io.StringIO()
    render(request(out, "0.5", force=False), log=log)
    assert "up to date" not in log.getvalue()
    assert_pair_matches(out, refs)
