"""The generic web page of a scene without a page of its own (a user's scene file, or a built-in scene
whose page is not written): the scene's clip with its storyboard.

The page plays the clip (`clips`: small WebM files, inlined as base64) and shows the storyboard beside
it: the title, each beat as a chapter (a button that seeks to its start), and the current beat's caption
as text. Buttons switch between the clip as asked for and one clip per example of the scene. Everything
is in the one file (`page.html` with `clip.css` and `clip.js` inlined): no server, no network, no font to
fetch. Keys: space plays or pauses, ←/→ the previous or next beat, 1–9 pick a clip.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import string
from pathlib import Path

from scenes.kit.theme import THEMES
from scenes.output.files import output_files
from scenes.output.formats import companions
from scenes.output.formats.clip_page import clips

HERE = Path(__file__).resolve().parent
FILES = ("clip.js", "clip.css", "page.html")
FONT = '"DejaVu Sans", "Helvetica Neue", Arial, sans-serif'
EMBED_SUFFIX = ".embed.html"


def _read(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def version() -> str:
    """A digest of the page's own files."""
    sha = hashlib.sha256()
    for name in FILES + ("clips.py",):
        sha.update((HERE / name).read_bytes())
    return sha.hexdigest()[:16]


def _json(data) -> str:
    # "<" escaped so that no "</script>" in a user's caption can end the script element early.
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False).replace("<", "\\u003c")


def page_data(spec, made: list[clips.Clip], theme: str) -> dict:
    return {"scene": spec.name, "description": spec.description, "theme": theme,
            "clips": [{"label": c.label, "title": c.story.get("title", ""),
                       "beats": [{"name": b["name"], "start": b["start"], "end": b["end"], "caption": b["caption"]}
                                 for b in c.story.get("beats", [])],
                       "duration": c.duration,
                       "src": "data:video/webm;base64," + base64.b64encode(c.webm).decode("ascii")}
                      for c in made]}


def _css(theme: str) -> str:
    t = THEMES[theme]
    return (f".mc-page{{--mc-bg:{t.background};--mc-fg:{t.foreground};--mc-muted:{t.muted};--mc-grid:{t.grid};"
            f"--mc-accent:{t.curve};--mc-font:{FONT}}}\n" + _read("clip.css"))


def fragment(data: dict, theme: str, heading: str = "h2") -> str:
    """The embeddable part: the page's root `<div>` (style, controls, data) and its script; the title is a
    `heading` (h2 in someone's post, h1 on the page of its own)."""
    first = data["clips"][0]
    e = html.escape
    uid = "mc-" + hashlib.sha256(_json(data).encode()).hexdigest()[:10]
    choices = "".join(
        f'<button type="button" class="mc-choice" data-index="{i}" aria-pressed="{str(i == 0).lower()}">'
        f'<kbd>{i + 1}</kbd> {e(c["label"])}</button>' for i, c in enumerate(data["clips"]))
    return (
        f'<div class="mc-page" id="{uid}" tabindex="-1" aria-label="{e(data["scene"])}">\n'
        f"<style>\n{_css(theme)}</style>\n"
        f'<{heading} class="mc-title" aria-live="polite">{e(first["title"])}</{heading}>\n'
        f'<p class="mc-description">{e(data["description"])}</p>\n'
        f'<video class="mc-video" muted playsinline preload="auto" aria-label="{e(first["title"])}"></video>\n'
        '<div class="mc-player">\n'
        '<button type="button" class="mc-play" aria-pressed="false">Play</button>\n'
        '<label>time <input type="range" class="mc-scrub" min="0" max="1000" value="0"></label>\n'
        '<output class="mc-time" aria-live="off">0.0 s</output>\n'
        "</div>\n"
        f'<p class="mc-caption" aria-live="polite"></p>\n'
        f'<div class="mc-choices" role="group" aria-label="clips">{choices}</div>\n'
        '<ol class="mc-chapters" aria-label="beats"></ol>\n'
        '<p class="mc-note">Space plays or pauses, arrow keys go to the previous or next beat, '
        f'number keys pick a clip.</p>\n'
        f'<script type="application/json" class="mc-data">{_json(data)}</script>\n'
        "</div>\n"
        f"<script>\n{_read('clip.js')}</script>\n"
    )


def page(data: dict, theme: str) -> str:
    return string.Template(_read("page.html")).substitute(
        title=html.escape(data["clips"][0]["title"]), background=THEMES[theme].background,
        fragment=fragment(data, theme, heading="h1"))


def render_to(spec, params: dict, theme: str, identity: dict, out_tmp: Path, side_tmp: Path,
              extras: companions.Companions) -> None:
    """Write the page to `out_tmp` (its fragment to the companion's temporary when --embed asked for it)
    and its sidecar to `side_tmp`: the identity, and each clip's parameters, storyboard and outcome."""
    defaults = {p.name: p.default for p in spec.params}
    given = {k: v for k, v in params.items() if defaults.get(k) != v}
    prepared = clips.prepare(spec, clips.variants(spec, params, given))
    made = clips.encode_all(spec, prepared, identity.get("backend", "mpl"), theme, identity.get("aspect", "16:9"))
    data = page_data(spec, made, theme)
    raw = page(data, theme).encode("utf-8")
    with open(out_tmp, "wb") as f:
        f.write(raw)
        f.flush()
    size, sha256 = output_files.digest(out_tmp)
    if size != len(raw):
        raise OSError(f"the page {out_tmp.name} did not read back as written")
    width, height = clips.size(identity.get("aspect", "16:9"), spec.flow)
    sidecar = {**identity, "output_bytes": size, "output_sha256": sha256, "page": "clips",
               "page_version": version(), "clip_size": [width, height], "clip_fps": clips.FPS,
               "clips": [{"label": c.label, "params": c.params, "duration_s": c.duration, "frames": c.frames,
                          "bytes": len(c.webm), "story": c.story, "outcome": c.outcome} for c in made],
               "story": made[0].story, "companions": extras.names()}
    if EMBED_SUFFIX in extras.targets:
        extras.write_text(EMBED_SUFFIX, fragment(data, theme))
    output_files.write_sidecar(side_tmp, _plain(sidecar))


def _plain(x):
    """numpy scalars and arrays as JSON's own types (numpy's `tolist`)."""
    return json.loads(json.dumps(x, default=lambda v: v.tolist() if hasattr(v, "tolist") else str(v)))
