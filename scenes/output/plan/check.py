"""`render.py --check`: probe everything rendering needs, one line per item, with the fix for what is missing.

Exit code 0 when the default path (Manim to MP4) works, 1 otherwise.
"""
from __future__ import annotations

import shutil
import subprocess
import sys

APT = "sudo apt-get install libcairo2-dev libpango1.0-dev pkg-config texlive-latex-base texlive-latex-extra dvisvgm"
PIP = 'pip install ".[{}]" in a checkout (or make setup)'


def _line(ok: bool, name: str, detail: str, fix: str = "", required: bool = True) -> bool:
    mark = "ok  " if ok else ("MISSING" if required else "optional")
    text = f"{mark:<8} {name:<22} {detail}"
    if not ok and fix:
        text += f"  ->  {fix}"
    print(text)
    return ok or not required


def run_checks() -> int:
    good = True
    try:
        import cairo  # noqa: F401
        import manimpango  # noqa: F401

        import manim

        good &= _line(True, "manim (cairo, pango)", f"manim {manim.__version__}")
    except Exception as exc:  # ImportError, or a missing shared library
        good &= _line(False, "manim (cairo, pango)", f"{type(exc).__name__}: {exc}",
                      f"{APT}; then {PIP.format('render')}")
    try:
        import matplotlib

        _line(True, "matplotlib", matplotlib.__version__)
    except ImportError as exc:
        good &= _line(False, "matplotlib", str(exc), PIP.format("render"))

    latex, dvisvgm = shutil.which("latex"), shutil.which("dvisvgm")
    _line(bool(latex), "latex", latex or "not found",
          "sudo apt-get install texlive-latex-base texlive-latex-extra (formulas fall back to mathtext)",
          required=False)
    _line(bool(dvisvgm), "dvisvgm", dvisvgm or "not found",
          "sudo apt-get install dvisvgm (formulas fall back to mathtext)", required=False)

    try:
        from scenes.output.formats.encode import PROBE_CODECS, ffmpeg_exe

        exe = ffmpeg_exe()
        listing = subprocess.run([exe, "-hide_banner", "-encoders"], capture_output=True, text=True,
                                 timeout=30).stdout
        for fmt, codec in PROBE_CODECS.items():
            present = f" {codec} " in listing
            good &= _line(present, f"encoder for {fmt}", codec if present else f"{codec} not in {exe}",
                          "pip install --upgrade imageio-ffmpeg", required=fmt == "mp4")
        _line(True, "encoder for png", "Pillow")
    except Exception as exc:
        good &= _line(False, "ffmpeg", f"{type(exc).__name__}: {exc}", "pip install imageio-ffmpeg")

    try:
        from importlib.metadata import version

        from sim.training import resolve_device

        _line(True, "torch (training traces)",
              f"torch {version('torch')}, device auto -> {resolve_device('auto').type}")
    except ImportError as exc:
        _line(False, "torch (training traces)", str(exc),
              PIP.format("training") + " (only `--set recompute=true` needs it)",
              required=False)

    import importlib.util

    qt = next((m for m in ("PySide6", "PyQt6") if importlib.util.find_spec(m)), None)
    _line(bool(qt), "Qt (manim-slides present)", qt or "no Qt binding", 
          'pip install ".[present]" in a checkout (make setup leaves Qt out: it is large)', required=False)

    print("ready: the default path (Manim to MP4) works" if good else "not ready: fix the MISSING lines above")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(run_checks())
