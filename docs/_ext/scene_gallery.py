"""Sphinx extension: the gallery, one page per registered scene, written at build time from the registry.

Nothing here is written by hand per scene: a new scene gets its page from its `SceneSpec` (description,
parameters, examples, source, page) and from what `make gallery` rendered (the GIF, its poster and
sidecar, the examples' stills; see `gallery_pictures`). A picture that is missing is rendered into the
build's own cache folder. Interactive pages are rendered into that cache too (`render.py NAME --format
html`, skipped when up to date) and copied into the site under `_pages/`, where each scene's page embeds
its own in a frame.
"""
from __future__ import annotations

import html
import shutil
from pathlib import Path

import gallery_pictures as pictures

PAGES = "_pages"


def _cache(app) -> Path:
    path = Path(app.outdir).parent / "gallery-cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _rel(path: Path, src: Path) -> str:
    """`path` as a link from a page in docs/gallery/."""
    import os

    return os.path.relpath(path, src / "gallery").replace(os.sep, "/")


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _param_table(spec) -> list[str]:
    rows = ["| parameter | kind | default | values | what it does |", "|---|---|---|---|---|"]
    for p in spec.params:
        rows.append(f"| `{p.name}` | {p.kind} | `{_cell(p.default_text())}` | `{_cell(p.bounds_text())}` "
                    f"| {_cell(p.help)} |")
    return rows


def _story_lines(story: dict | None) -> list[str]:
    if not story:
        return ["*(no storyboard)*"]
    lines = [f"**{_cell(story['title'])}**", ""]
    for b in story.get("beats", []):
        lines.append(f"1. *{b['name']}* ({b['start']:.1f}–{b['end']:.1f} s): {b['caption']}")
    return lines


def _defaults_story(app, name: str) -> tuple[Path, dict | None]:
    """The GIF at the defaults and its storyboard, rendered into the cache when `make gallery` has not."""
    gif = pictures.gif(name)
    if gif.exists() and pictures.sidecar(gif):
        return gif, pictures.sidecar(gif)["story"]
    from render import render

    still = _cache(app) / f"{name}.png"
    if not still.exists():
        render(name, backend="mpl", fmt="png", quality="low", out=still, at="end")
    return still, (pictures.sidecar(still) or {}).get("story")


def _example(app, name: str, index: int, params: dict) -> tuple[Path, dict | None]:
    path = pictures.example_still(name, index)
    if not path.exists():
        path = _cache(app) / path.name
        if not path.exists():
            pictures.render_example(name, index, params, path)
    return path, (pictures.sidecar(path) or {}).get("story")


def _web_page(app, name: str) -> Path:
    from render import render

    out = _cache(app) / "pages" / f"{name}.html"
    render(name, fmt="html", out=out)
    return out


def _scene_page(app, spec, src: Path) -> str:
    name = spec.name
    picture, story = _defaults_story(app, name)
    lines = [f"# {name}", "", spec.description + ".", ""]
    if spec.source:
        lines += [f"*Comes from:* {spec.source}", ""]
    poster = picture.with_name(picture.name + ".poster.png")
    if picture.suffix == ".gif":
        if poster.exists():
            lines += [f"```{{image}} {_rel(poster, src)}", f":alt: {name}: the poster, the setup before the verdict",
                      ":class: gallery-still", "```", ""]
        lines += [f"```{{image}} {_rel(picture, src)}", f":alt: {name} at its defaults (GIF)",
                  ":class: gallery-gif", "```", ""]
    else:
        lines += [f"```{{image}} {_rel(picture, src)}", f":alt: {name} at its defaults, the last frame",
                  ":class: gallery-still", "```", ""]
    lines += ["## The storyboard at the defaults", ""] + _story_lines(story) + [""]
    lines += ["## Parameters", ""] + _param_table(spec) + [""]
    if spec.notes:
        lines += [f"- {n}" for n in spec.notes] + [""]
    if spec.web is not None:
        _web_page(app, name)
        lines += ["## The interactive page", "",
                  f'<iframe class="scene-page" src="../{PAGES}/{name}.html" '
                  f'title="{html.escape(name)}: the interactive page" loading="lazy"></iframe>', "",
                  f'<p><a href="../{PAGES}/{name}.html">Open the page on its own</a></p>', ""]
    base_captions = {b["caption"] for b in (story or {}).get("beats", [])}
    if spec.examples:
        lines += ["## Examples", ""]
    for i, params in enumerate(spec.examples):
        still, ex_story = _example(app, name, i, dict(params))
        lines += [f"### `{pictures.set_args(params)}`", "",
                  f"```{{image}} {_rel(still, src)}", f":alt: {name} with {pictures.set_args(params)}, the end",
                  ":class: gallery-still", "```", ""]
        if ex_story:
            lines += [f"**{_cell(ex_story['title'])}**", ""]
            lines += [f"- {b['caption']}" for b in ex_story.get("beats", []) if b["caption"] not in base_captions]
            lines.append("")
    lines += ["## Commands", "", "```sh"]
    commands = [("", "MP4, Manim, 1280x720"), ("--format gif --quality low", "a small GIF"),
                ("--format png --at end", "a still of the last frame"),
                ("--captions files", "MP4 with .vtt and .srt captions"),
                ("--format slides", "reveal.js deck, one slide per beat"), ("--format pptx", "PowerPoint"),
                ("--aspect 9:16 --format gif --quality low", "for a phone")]
    if spec.web is not None:
        commands.append(("--format html --embed", "the page and a fragment to paste"))
    width = max(len(f"python render.py {name} {opts}") for opts, _ in commands) + 2
    lines += [f"python render.py {name} {opts}".strip().ljust(width) + f"# {what}" for opts, what in commands]
    for params in spec.examples:
        lines.append(f"python render.py {name} {pictures.set_args(params)}")
    lines += ["```", ""]
    return "\n".join(lines)


def _index(specs, src: Path) -> str:
    lines = ["# Gallery", "",
             "Every scene that `python render.py --list` shows, with its poster and its one-line description. "
             "Each page shows the scene at its defaults and at its examples, its storyboard, its parameters "
             "and the commands that make each output.", "", "```{toctree}", ":hidden:", ""]
    lines += [spec.name for spec in specs] + ["```", "", "::::{container} scene-grid", ""]
    for spec in specs:
        gif = pictures.gif(spec.name)
        poster = gif.with_name(gif.name + ".poster.png")
        lines += [":::{container} scene-card", ""]
        if poster.exists():
            lines += [f"```{{image}} {_rel(poster, src)}", f":alt: {spec.name}", f":target: {spec.name}.html",
                      ":width: 427px", "```", ""]
        lines += [f"**[{spec.name}]({spec.name}.md)**: {spec.description}.", "", ":::", ""]
    lines += ["::::", ""]
    return "\n".join(lines)


def generate(app) -> None:
    import scenes

    src = Path(app.srcdir)
    folder = src / "gallery"
    folder.mkdir(exist_ok=True)
    specs = [scenes.get(name) for name in scenes.names()]
    wanted = {f"{spec.name}.md" for spec in specs} | {"index.md"}
    for stale in folder.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()
    _write(folder / "index.md", _index(specs, src))
    for spec in specs:
        _write(folder / f"{spec.name}.md", _scene_page(app, spec, src))


def _write(path: Path, text: str) -> None:
    # unchanged pages keep their time stamp, so Sphinx does not rebuild them
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def copy_pages(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    pages = _cache(app) / "pages"
    target = Path(app.outdir) / PAGES
    target.mkdir(exist_ok=True)
    for page in pages.glob("*.html"):
        shutil.copyfile(page, target / page.name)


def setup(app):
    app.connect("builder-inited", generate)
    app.connect("build-finished", copy_pages)
    return {"version": "1", "parallel_read_safe": True}
