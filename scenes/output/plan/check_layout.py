"""`render.py SCENE --check-layout`: the layout check (`scenes.output.frames.layout_check`) on one scene, a
built-in one or a user's file (every scene it registers, or `FILE:NAME`), from the command line.

It measures every text at the start, the middle and the end of each beat, for the parameters asked for
(`--set`) and for each of the scene's examples, in both backends (or the one `--backend` names), at the
quality's size and `--aspect`. No text may overlap another or leave the frame. Exit 0 with one line on
stdout when none does; else exit 1 with one line on stderr naming the first problem and how many more.
"""
from __future__ import annotations

import sys
from pathlib import Path

from scenes.kit.layout import Canvas
from scenes.kit.params import ParamError, parse_assignments, resolve
from scenes.kit.theme import THEMES
from scenes.output.formats.clip_page.clips import variants
from scenes.output.plan import scene_ref
from scenes.output.plan.request import QUALITIES


def specs_for(ref: str) -> list:
    """The scenes `ref` names: a scene, `FILE:NAME`, or every scene a file registers."""
    try:
        if scene_ref.is_file_ref(ref) and scene_ref.split_ref(ref)[1] is None:
            names = scene_ref.load_file(scene_ref.split_ref(ref)[0])
            if not names:
                raise ParamError(f"{ref} registers no scene")
            return [scene_ref.spec_for(f"{ref}:{name}") for name in names]
        return [scene_ref.spec_for(ref)]
    except scene_ref.SceneRefError as exc:
        raise ParamError(str(exc)) from None


def cases(spec, asked: dict) -> list[tuple[str, dict]]:
    """(label, parameters): those asked for, then each example over the defaults (one that the scene's
    bounds refuse is left out), as the scene's page shows them."""
    params = resolve(spec.params, asked, spec.name)
    return [(f"[{label}]", values) for label, values in variants(spec, params, asked, most=None)]


def moments(story: dict | None, duration: float) -> list[float]:
    """The start, middle and end of each beat (or of the clip, without beats), each once, in order."""
    spans = [(b["start"], b["end"]) for b in (story or {}).get("beats", [])] or [(0.0, duration)]
    times = {round(min(max(t, 0.0), duration), 6) for a, b in spans for t in (a, (a + b) / 2, b)}
    return sorted(times)


def run(args) -> int:
    from scenes.output.files import cache
    from scenes.output.frames.layout_check import manim_boxes, mpl_boxes, problems

    if args.scene in (None, "all", "batch"):
        raise ParamError("--check-layout checks one scene or a scene file: name it (see --list)")
    asked = parse_assignments(args.sets)
    theme = THEMES[args.theme]
    found: list[str] = []
    measured = checks = 0
    for spec in specs_for(args.scene):
        backends = [args.backend] if "backend" in getattr(args, "given", ()) else ["mpl", "manim"]
        if "manim" in backends and spec.manim_scene is None:
            if args.backend == "manim" and "backend" in getattr(args, "given", ()):
                raise ParamError(f"scene {spec.name!r} has no Manim version; use --backend mpl")
            backends.remove("manim")
        canvas = Canvas(args.aspect, spec.flow)
        width, height = canvas.pixels(QUALITIES[args.quality][1])
        for label, params in cases(spec, asked):
            try:
                data = spec.make_data(dict(params))
            except ParamError as exc:
                if params == resolve(spec.params, asked, spec.name):
                    raise
                continue  # an example that the scene itself refuses, in one line, is not a layout
            times = moments(spec.story(data), float(spec.duration(data)))
            for backend in backends:
                if backend == "mpl":
                    boxes = mpl_boxes(spec.draw_mpl, data, theme, width, height, times, canvas=canvas)
                else:
                    boxes = manim_boxes(spec.manim_scene(), data, theme, width, height, QUALITIES[args.quality][2],
                                        times, cache_dir=Path(args.cache_dir) if args.cache_dir else cache.default_dir(),
                                        canvas=canvas)
                for t, texts in boxes:
                    checks += 1
                    measured += len(texts)
                    found += [f"{spec.name} {label} ({backend}, {args.aspect}) at t={t:.2f} s: {p}"
                              for p in problems(texts, width, height)]
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        print(f"error: layout: {found[0]}{more}", file=sys.stderr)
        return 1
    print(f"layout ok: {measured} texts at {checks} moments, none overlapping or leaving the "
          f"{width}x{height} frame")
    return 0
