"""Interactive web pages: one self-contained HTML file per scene, from a grid of real `sim` runs.

A scene with a page has `SceneSpec.web(params) -> dict` (`scenes.kit.grid_web.page`: sliders, panels, one
entry per grid point, and optionally a two-dimensional `pad` and `presets`). This module adds the themes
and inlines everything into one file: the player (a small hand-written canvas player, no framework and no
build step: `element.js` wraps the widget's parts `PARTS`), its style (`player.css`) and the data (JSON in
a script element), so the page needs no server and no network. The fonts are the reader's own (DejaVu
Sans where installed, else the system's sans-serif): nothing is fetched.

Each widget is one `<ma-explorable>` element whose declarative shadow root holds its style and controls:
a host page's rules do not reach in, its ids are its own, and its state is its own, so a fragment pasted
twice gives two independent widgets. The standalone page puts it in a `main` landmark with its title as
the page's one `h1`.

`--embed` also writes the fragment alone (`NAME.html.embed.html`, a companion committed with the page:
the `<ma-explorable>` element with its style and data, and the player's `<script>`) to paste into a blog
post.
"""
from __future__ import annotations

import hashlib
import html
import json
import string
from pathlib import Path

from scenes.kit.theme import THEMES
from scenes.output.formats import companions
from scenes.output.files import output_files

HERE = Path(__file__).resolve().parent
PARTS = ("player.js", "axes.js", "draw.js", "pad.js", "controls.js")  # one widget's body, in order
FILES = ("element.js", *PARTS, "player.css", "page.html")
FONT = '"DejaVu Sans", "Helvetica Neue", Arial, sans-serif'
EMBED_SUFFIX = ".embed.html"


def _read(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def version() -> str:
    """A digest of the player's files: part of a page's identity, so a new player re-renders pages."""
    sha = hashlib.sha256()
    for name in FILES:
        sha.update((HERE / name).read_bytes())
    return sha.hexdigest()[:16]


def embed_path(path: Path) -> Path:
    """valley.html -> valley.html.embed.html"""
    return companions.path_for(path, EMBED_SUFFIX)


def page_data(spec, params: dict) -> dict:
    """The scene's grid (`spec.web(params)`) with what the player needs from here: themes and font."""
    from scenes.kit.grid_web import NARROW_PX

    data = spec.web(dict(params))
    colours = {}
    for name, t in THEMES.items():
        colours[name] = {"background": t.background, "foreground": t.foreground, "muted": t.muted,
                         "grid": t.grid, "curve": t.curve, "gd": t.gd, "momentum": t.momentum,
                         "accent": t.accent, **{f"extra{i}": c for i, c in enumerate(t.extra)}}
    return {**data, "themes": colours, "font": FONT, "narrow_px": NARROW_PX}


def _css() -> str:
    rules = []
    for name, t in THEMES.items():
        rules.append(f".ma-explorable[data-theme={name}]{{--ma-bg:{t.background};--ma-fg:{t.foreground};"
                     f"--ma-muted:{t.muted};--ma-grid:{t.grid};--ma-accent:{t.curve};--ma-font:{FONT}}}")
    return "\n".join(rules) + "\n" + _read("player.css")


def _json(data: dict) -> str:
    # "<" escaped so that no "</script>" or "<!--" in a string can end the script element early.
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False).replace("<", "\\u003c")


def fragment(data: dict, theme: str, heading: int = 2) -> str:
    """The embeddable part: one `<ma-explorable>` element whose declarative shadow root holds the style and
    the controls (so the host page's rules neither reach in nor see its ids), its data, and the player's
    `<script>`. `heading` is the title's level: 1 on the standalone page, 2 in someone else's page."""
    point = data["points"][_default_index(data)]
    e = html.escape
    speeds = "".join(f'<option value="{v}"{" selected" if v == 1 else ""}>{v:g}\u00d7</option>'
                     for v in (0.25, 0.5, 1, 2, 4))
    h = f"h{int(heading)}"
    scrub = data.get("scrub") or {"label": "step", "counter": "step"}
    return (
        f'<ma-explorable data-theme="{e(theme)}" data-scene="{e(data["scene"])}">'
        '<template shadowrootmode="open">\n'
        f"<style>\n{_css()}</style>\n"
        f'<div class="ma-explorable" data-theme="{e(theme)}">\n'
        f'<{h} class="ma-title">{e(point["title"])}</{h}>\n'
        f'<div class="ma-stage"><canvas class="ma-canvas" role="img" aria-label="{e(point["title"])}">'
        f"</canvas></div>\n"
        '<ul class="ma-legend" aria-label="legend"></ul>\n'
        f'<p class="ma-verdict">{e(point["verdict"])}</p>\n'
        '<p class="ma-status" role="status"></p>\n'
        '<div class="ma-player">\n'
        '<button type="button" class="ma-play" aria-pressed="false"><span class="ma-icon" aria-hidden="true">'
        '\u25b6</span> Play</button>\n'
        f'<label>{e(scrub["label"])} <input type="range" class="ma-scrub" min="0" max="{data["steps"]}" '
        f'value="{data["steps"]}"></label>\n'
        f'<output class="ma-step">{e(scrub["counter"])} {data["steps"]} / {data["steps"]}</output>\n'
        f'<label class="ma-speed-label">speed <select class="ma-speed">{speeds}</select></label>\n'
        '<button type="button" class="ma-theme">Light theme</button>\n'
        "</div>\n"
        '<div class="ma-presets" role="group" aria-label="presets"></div>\n'
        '<div class="ma-sliders" role="group" aria-label="parameters"></div>\n'
        '<div class="ma-numbers" role="group" aria-label="numbers of this run"><dl></dl></div>\n'
        f'<p class="ma-note">{e(data.get("note", ""))} Arrow keys step, space plays.</p>\n'
        "</div></template>\n"
        f'<script type="application/json" class="ma-data">{_json(data)}</script>\n'
        "</ma-explorable>\n"
        f"<script>\n{player()}</script>\n"
    )


def player() -> str:
    """The player's script: the widget's parts (`PARTS`, in order) inside `element.js`'s function."""
    return _read("element.js").replace("/*PARTS*/", "\n".join(_read(name) for name in PARTS))


def _default_index(data: dict) -> int:
    i = 0
    for s in data["sliders"]:
        i = i * len(s["values"]) + s["index"]
    return i


def page(data: dict, theme: str) -> str:
    """The whole page: the fragment in a minimal HTML document."""
    title = data["points"][_default_index(data)]["title"]
    return string.Template(_read("page.html")).substitute(
        title=html.escape(title), background=THEMES[theme].background, fragment=fragment(data, theme, heading=1),
        body_themes="\n".join(f"html:has(ma-explorable[data-theme={n}]),html:has(ma-explorable[data-theme={n}]) "
                               f"body{{background:{t.background}}}" for n, t in THEMES.items()))


def sidecar_points(data: dict) -> list[dict]:
    """Per grid point, what the page says: slider values, title, verdict, and each printed number."""
    from scenes.kit.grid_web import combos

    return [{"params": g, "title": pt["title"], "verdict": pt["verdict"],
             "numbers": {label: {"text": text, "value": value} for label, text, value in pt["numbers"]}}
            for g, pt in zip(combos(data["sliders"]), data["points"])]


def render_to(spec, params: dict, theme: str, identity: dict, out_tmp: Path, side_tmp: Path,
              extras: companions.Companions) -> None:
    """Write the page to `out_tmp`, the fragment to its companion's temporary when --embed reserved one,
    and the sidecar to `side_tmp`."""
    data = page_data(spec, params)
    text = page(data, theme)
    raw = text.encode("utf-8")
    with open(out_tmp, "wb") as f:
        f.write(raw)
        f.flush()
    size, sha256 = output_files.digest(out_tmp)
    if size != len(raw):
        raise OSError(f"the page {out_tmp.name} did not read back as written")
    sidecar = {**identity, "output_bytes": size, "output_sha256": sha256, "steps": data["steps"],
               "sliders": [{"key": s["key"], "values": s["values"], "default": s["values"][s["index"]]}
                           for s in data["sliders"]],
               "points": sidecar_points(data), "companions": extras.names()}
    if EMBED_SUFFIX in extras.targets:
        extras.write_text(EMBED_SUFFIX, fragment(data, theme))
    output_files.write_sidecar(side_tmp, sidecar)
