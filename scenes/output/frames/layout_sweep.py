"""The layout check over many renders: every scene (or those named) at its defaults and its examples, at
the aspects and in the backends asked for, at a few moments of each clip; one line per finding.

    python -m scenes.output.frames.layout_sweep                       # every scene, 16:9 and 9:16, both backends
    python -m scenes.output.frames.layout_sweep valley training --backend mpl --aspect 9:16

It checks what `layout_check.problems` checks, with the drawn data (`layout_marks`) and the least text
size of the quality (`min_text_px`); the exit status is 1 when anything was found.
"""
from __future__ import annotations

import argparse
import sys

from scenes.output.frames.layout_check import manim_frames, min_text_px, mpl_frames, problems

QUALITY_SHORT = 480  # the low quality's 16:9 frame height: the smallest, where text is smallest in pixels


def cases(spec) -> list[dict]:
    """The defaults, then the scene's examples."""
    return [{}, *(dict(e) for e in spec.examples)]


def check(spec, case: dict, backend: str, aspect: str, moments: int = 5, cache_dir=None) -> list[str]:
    """Findings for one scene, parameter set, backend and aspect, at `moments` evenly spaced times."""
    from scenes.kit.layout import Canvas
    from scenes.kit.params import resolve
    from scenes.kit.theme import THEMES

    data = spec.make_data(resolve(spec.params, case, spec.name))
    canvas = Canvas(aspect, spec.flow)
    w, h = canvas.pixels(QUALITY_SHORT)
    d = float(spec.duration(data))
    times = [d * i / (moments - 1) for i in range(moments)]
    theme = THEMES["dark"]
    if backend == "mpl":
        frames = mpl_frames(spec.draw_mpl, data, theme, w, h, times, canvas=canvas)
    else:
        frames = manim_frames(spec.manim_scene(), data, theme, w, h, 15, times, cache_dir=cache_dir, canvas=canvas)
    out = []
    for t, boxes, marks in frames:
        for line in problems(boxes, w, h, marks=marks, min_size=min_text_px(QUALITY_SHORT)):
            if not any(line == seen.split(": ", 1)[1] for seen in out):
                out.append(f"t={t:.1f}s: {line}")
    return out


def main(argv=None) -> int:
    import scenes
    from scenes.kit.params import ParamError

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scenes", nargs="*", help="scene names (default: every scene)")
    ap.add_argument("--backend", action="append", choices=("mpl", "manim"))
    ap.add_argument("--aspect", action="append", choices=("16:9", "4:3", "1:1", "9:16"))
    ap.add_argument("--moments", type=int, default=5, help="moments of each clip checked (default 5)")
    ap.add_argument("--cache-dir", default=None, help="typeset text cache for Manim")
    args = ap.parse_args(argv)
    names = args.scenes or scenes.names()
    unknown = [n for n in names if n not in scenes.names()]
    if unknown:
        print(f"unknown scene {unknown[0]!r}; choose from {', '.join(scenes.names())}", file=sys.stderr)
        return 2
    found = 0
    for name in names:
        spec = scenes.get(name)
        for case in cases(spec):
            for aspect in args.aspect or ["16:9", "9:16"]:
                for backend in args.backend or ["mpl", "manim"]:
                    settings = ", ".join(f"{k}={v}" for k, v in case.items()) or "defaults"
                    label = f"{name} [{settings}] {aspect} {backend}"
                    try:
                        lines = check(spec, case, backend, aspect, max(2, args.moments), args.cache_dir)
                    except ParamError as exc:
                        lines = [f"refused: {exc}"]
                    for line in lines:
                        print(f"{label} {line}", flush=True)
                    found += len(lines)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
