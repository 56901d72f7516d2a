"""render.py --format html [--embed]: the files it writes, what it refuses, and what a failure leaves."""
from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


class TopLevel(HTMLParser):
    """The tags of the top-level elements of an HTML fragment."""

    VOID = {"meta", "br", "img", "input", "link", "hr", "source"}

    def __init__(self):
        super().__init__()
        self.depth, self.tags = 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.tags.append(tag)
        if tag not in self.VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        self.depth -= 1


def test_page_fragment_and_sidecar(tmp_path):
    result = run("valley", "--format", "html", "--embed", "-o", "out/valley.html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page, fragment = tmp_path / "out/valley.html", tmp_path / "out/valley.html.embed.html"
    assert result.stdout.strip().splitlines()[-1] == "out/valley.html"
    text, frag = page.read_text(), fragment.read_text()
    # Self-contained: nothing is loaded from anywhere (no src or href at all, no url() or @import).
    for doc in (text, frag):
        assert not re.search(r"""\s(src|href)\s*=""", doc), "a resource is linked"
        assert "@import" not in doc and "url(" not in doc
    top = TopLevel()
    top.feed(frag)
    assert top.tags == ["ma-explorable", "script"] and top.depth == 0
    # The page is the fragment in a document, its title one level up (the page's one h1).
    assert frag.replace('<h2 class="ma-title">', '<h1 class="ma-title">', 1).replace("</h2>", "</h1>", 1) in text
    side = json.loads((tmp_path / "out/valley.html.json").read_text())
    assert side["format"] == "html" and side["embed"] is True
    assert side["companions"] == {".embed.html": "valley.html.embed.html"}
    assert side["output_bytes"] == page.stat().st_size
    grid = [s["values"] for s in side["sliders"]]
    assert len(side["points"]) == math.prod(len(values) for values in grid)
    default = next(p for p in side["points"]
                   if all(p["params"][s["key"]] == s["default"] for s in side["sliders"]))
    assert f'<h1 class="ma-title">{default["title"]}</h1>' in text
    assert f'<h2 class="ma-title">{default["title"]}</h2>' in frag
    # The fragment is part of what makes the page up to date: without it the page is written again.
    fragment.unlink()
    again = run("valley", "--format", "html", "--embed", "-o", "out/valley.html", cwd=tmp_path)
    assert again.returncode == 0 and "up to date" not in again.stderr and fragment.read_text() == frag
    again = run("valley", "--format", "html", "--embed", "-o", "out/valley.html", cwd=tmp_path)
    assert again.returncode == 0 and "up to date" in again.stderr


def test_embed_without_a_page_is_one_line_and_exit_2(tmp_path):
    # (a scene without an explorable page gets the clip page: tests/test_clip_page.py)
    result = run("valley", "--embed", "--format", "png", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "--format html" in result.stderr
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").iterdir())


def test_failed_page_leaves_the_earlier_one_untouched(tmp_path):
    assert run("sine", "--format", "html", "-o", "sine.html", cwd=tmp_path).returncode == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    # The valley's page refuses the article's toy rule: one line, exit 2, after the output was planned.
    result = run("valley", "--format", "html", "-o", "sine.html", "--set", "experiment=article", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert after == before  # the page and its sidecar as they were, and no temporaries


def test_every_example_builds_a_page_or_says_why():
    """Each scene's example parameter sets: a page whose data is plain JSON and whose slider defaults are
    the values asked for, or one ParamError line (the valley's article experiment has no page)."""
    import scenes
    from scenes.kit.params import ParamError, resolve
    from scenes.output.formats import web

    for name in scenes.names():
        spec = scenes.get(name)
        if spec.web is None:
            continue
        for example in spec.examples:
            params = resolve(spec.params, {k: str(v) for k, v in example.items()}, name)
            try:
                data = web.page_data(spec, params)
            except ParamError as exc:
                assert "\n" not in str(exc) and name == "valley" and example.get("experiment") == "article"
                continue
            json.dumps(data, allow_nan=False)
            for s in data["sliders"]:
                if s["key"] in example:
                    assert s["values"][s["index"]] == float(example[s["key"]]), (name, example, s["key"])
            assert all(p["title"].strip() and p["verdict"].strip() for p in data["points"])
