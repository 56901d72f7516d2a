#!/usr/bin/env python
"""Fingerprint every built-in scene's output, to check that a change to the code changes no picture.

    python scripts/frame_hashes.py record OUT.json [--jobs N] [--scene NAME ...] [--backend mpl|manim ...]
    python scripts/frame_hashes.py compare BEFORE.json AFTER.json

`record` renders each scene at low quality in both backends: a GIF at 2 frames per second (every frame of
the animation, thinned) and PNG stills at the start, the middle and the end. It writes the SHA-256 of each
file and of its sidecar JSON with `code_version` taken out (the digest of the source, which any move
changes), and the sidecar itself, so that a difference can be read. `compare` prints each render whose
hashes differ and exits 1 if any does, 0 if all are equal.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BACKENDS = ("mpl", "manim")
GIF_FPS = "2"


def scene_names() -> list[str]:
    sys.path.insert(0, str(ROOT))
    import scenes

    return scenes.names()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _render(scene: str, backend: str, fmt: str, out: Path, cache: Path, extra: list[str]) -> dict:
    cmd = [sys.executable, str(ROOT / "render.py"), scene, "--backend", backend, "--quality", "low",
           "--format", fmt, "-o", str(out), "--cache-dir", str(cache), "--force", *extra]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if run.returncode != 0:
        return {"error": (run.stderr or run.stdout).strip().splitlines()[-1:]}
    sidecar = json.loads(Path(f"{out}.json").read_text())
    sidecar.pop("code_version", None)
    canonical = json.dumps(sidecar, sort_keys=True).encode()
    return {"file": _sha256(out.read_bytes()), "sidecar": _sha256(canonical), "sidecar_json": sidecar}


def _one(scene: str, backend: str) -> dict[str, dict]:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        work, cache = Path(tmp), Path(tmp) / "cache"
        gif = _render(scene, backend, "gif", work / "anim.gif", cache, ["--fps", GIF_FPS])
        results[f"{scene}/{backend}/gif"] = gif
        duration = gif.get("sidecar_json", {}).get("duration_s", 0.0)
        for label, at in (("start", "0"), ("middle", f"{duration / 2:.3f}"), ("end", "end")):
            results[f"{scene}/{backend}/png@{label}"] = _render(
                scene, backend, "png", work / f"{label}.png", cache, ["--at", at])
    print(f"{scene} [{backend}] done", file=sys.stderr)
    return results


def record(out: str, jobs: int, names: list[str], backends: list[str]) -> int:
    pairs = [(scene, backend) for scene in names for backend in backends]
    hashes: dict[str, dict] = {}
    with ThreadPoolExecutor(jobs) as pool:
        for result in pool.map(lambda pair: _one(*pair), pairs):
            hashes.update(result)
    Path(out).write_text(json.dumps(dict(sorted(hashes.items())), indent=1, sort_keys=True) + "\n")
    failed = [key for key, value in hashes.items() if "error" in value]
    for key in failed:
        print(f"{key}: render failed: {hashes[key]['error']}", file=sys.stderr)
    print(f"{len(hashes)} renders, {len(failed)} failed -> {out}")
    return 1 if failed else 0


def compare(before: str, after: str) -> int:
    old, new = json.loads(Path(before).read_text()), json.loads(Path(after).read_text())
    differ = 0
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is None or b is None:
            print(f"{key}: only in {'the first' if b is None else 'the second'} file")
            differ += 1
            continue
        for part in ("file", "sidecar", "error"):
            if a.get(part) != b.get(part):
                print(f"{key}: {part} differs")
                differ += 1
    print(f"{len(set(old) | set(new))} renders compared, {differ} differences")
    return 1 if differ else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="render every scene and write the hashes")
    rec.add_argument("out")
    rec.add_argument("--jobs", type=int, default=2)
    rec.add_argument("--scene", action="append", help="only this scene (repeatable)")
    rec.add_argument("--backend", action="append", choices=BACKENDS, help="only this backend (repeatable)")
    cmp_ = sub.add_parser("compare", help="compare two hash files")
    cmp_.add_argument("before")
    cmp_.add_argument("after")
    args = parser.parse_args(argv)
    if args.command == "record":
        return record(args.out, args.jobs, args.scene or scene_names(), args.backend or list(BACKENDS))
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
