#!/usr/bin/env python
"""The web pages against the issue's goals, each measured in this run:

    python benchmarks/web.py [--scenes valley ravine ...] [--no-video]

  size         page bytes: the valley (20-value beta slider, 120 steps) <= 1.5 MB, every page <= 3 MB;
               `points`: the grid points behind the sliders (the product of their value counts)
  export       `render.py SCENE --format html` against the same scene's MP4 at 720p
               (`--backend mpl --quality medium`, the faster backend), both as fresh processes: ratio <= 1
  first paint  performance.now() when the player first drew, in headless Chromium: < 1000 ms
  fps          frames the player drew per second while playing (requestAnimationFrame): >= 50
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT = ("valley", "ravine", "momentum-rate", "rates", "sine", "decay", "conventions", "compare")


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "render.py"), *args, "--force"], capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise SystemExit(f"render.py {' '.join(args)} failed: {done.stderr.strip()}")
    return time.perf_counter() - start


def in_browser(browser, page_path: Path, play_s: float = 2.0) -> tuple[float, float]:
    """(first paint in ms, frames drawn per second while playing), measured by the page itself."""
    page = browser.new_page(viewport={"width": 960, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(page_path.resolve().as_uri())
    # each widget is an <ma-explorable> with its own shadow root and its own measurements (maPerf);
    # Playwright's CSS selectors reach into open shadow roots
    widget = "document.querySelector('ma-explorable')"
    page.wait_for_function(f"{widget} && {widget}.maPerf && {widget}.maPerf.firstPaint !== null")
    first = page.evaluate(f"{widget}.maPerf.firstPaint")
    page.select_option(".ma-speed", "0.25")
    page.click(".ma-play")
    page.wait_for_timeout(play_s * 1000)
    frames = page.evaluate(f"{widget}.maPerf.frames")
    page.close()
    fps = (len(frames) - 1) / ((frames[-1] - frames[0]) / 1000) if len(frames) > 1 else 0.0
    return first, fps


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenes", nargs="+", default=None)
    ap.add_argument("--no-video", action="store_true", help="skip the MP4 baselines (export time)")
    args = ap.parse_args()
    from sim.extras import MissingExtra, need

    try:  # a headless browser measures the pages; it comes with the dev extra
        sync_playwright = need("playwright.sync_api", "dev", "benchmarks/web.py").sync_playwright
    except MissingExtra as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    import scenes

    names = args.scenes or [n for n in DEFAULT if n in scenes.names() and scenes.get(n).web is not None]

    failures = 0
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        print(f"{'scene':15} {'points':>6} {'bytes':>10} {'goal':>10} {'html s':>7} {'mp4 s':>7} {'ratio':>6} "
              f"{'paint ms':>9} {'fps':>6}")
        for name in names:
            page = Path(tmp) / f"{name}.html"
            html_s = timed([name, "--format", "html", "-o", str(page)])
            mp4_s = None if args.no_video else timed([name, "--backend", "mpl", "--quality", "medium", "--format",
                                                      "mp4", "-o", str(Path(tmp) / f"{name}.mp4")])
            size = page.stat().st_size
            points = len(json.loads(Path(str(page) + ".json").read_text())["points"])
            goal = 1_500_000 if name == "valley" else 3_000_000
            first, fps = in_browser(browser, page)
            ratio = None if mp4_s is None else html_s / mp4_s
            ok = size <= goal and first < 1000 and fps >= 50 and (ratio is None or ratio <= 1)
            failures += not ok
            print(f"{name:15} {points:>6} {size:>10,} {goal:>10,} {html_s:>7.2f} "
                  f"{'-' if mp4_s is None else f'{mp4_s:.2f}':>7} {'-' if ratio is None else f'{ratio:.2f}':>6} "
                  f"{first:>9.0f} {fps:>6.1f}  {'ok' if ok else 'MISSES A GOAL'}")
        browser.close()
    print("goals: bytes <= goal, html s / mp4 s <= 1, first paint < 1000 ms, fps >= 50")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
