"""Every Python block of README.md and of every page under docs/ runs (tests/docs_runner.py: one process
per page, the blocks in order in one namespace, renders made cheap), and the values a block's comment
states as a literal (`clip.path   # PosixPath('media/valley-low-00a49793.mp4')`) are what it gives."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.doc_blocks import PYTHON, ROOT, all_blocks, blocks, documents

PAGES = [doc for doc in documents() if any(b.lang in PYTHON for b in blocks(doc))]


def run_page(doc: Path, cwd: Path) -> list[dict]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / "cache"), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "docs_runner.py"), str(doc)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


@pytest.mark.parametrize("doc", PAGES, ids=[str(d.relative_to(ROOT)) for d in PAGES])
def test_every_python_block_runs(doc, tmp_path):
    results = run_page(doc, tmp_path)
    wanted = [b.where for b in blocks(doc) if b.lang in PYTHON]
    assert [r["where"] for r in results] == wanted  # each block reported, none lost to a crash
    failed = [f"{r['where']}: {r['error']}" for r in results if not r["ok"]]
    assert failed == []
    for r in results:
        for reason in r["skipped"]:  # only a block marked skip, or a one-line 'install ...' for an absent module
            assert "marked skip" in reason or "install" in reason, reason


def test_the_collector_finds_every_page_and_block():
    docs = documents()
    assert docs[0].name == "README.md" and ROOT / "docs" / "api.md" in docs
    assert all("_build" not in d.parts for d in docs)
    on_disk = {p for p in (ROOT / "docs").rglob("*.md") if "_build" not in p.parts}
    assert {d for d in docs if d.name != "README.md"} == {p for p in on_disk if not any(
        part.startswith(("_", ".")) or part == "gallery" for part in p.relative_to(ROOT / "docs").parts[:-1])}
    python = all_blocks(PYTHON)
    assert any(b.save_as == "race_scene.py" for b in python)  # writing-a-scene.md's whole scene file
    assert len({b.where for b in python}) == len(python)


def test_the_documented_signature_is_the_functions_own():
    import ast
    import inspect

    from scenes.output.plan import api

    (block,) = [b for b in all_blocks(PYTHON) if b.skip and b.text.startswith("def render(")]
    doc = ast.parse(block.text).body[0].args
    real = inspect.signature(api.render).parameters
    kwonly = {a.arg: ast.literal_eval(d) for a, d in zip(doc.kwonlyargs, doc.kw_defaults)}
    assert [a.arg for a in doc.args] == [n for n, p in real.items() if p.kind is p.POSITIONAL_OR_KEYWORD]
    assert kwonly == {n: p.default for n, p in real.items() if p.kind is p.KEYWORD_ONLY}
    assert doc.kwarg.arg == next(n for n, p in real.items() if p.kind is p.VAR_KEYWORD)
