"""Run the Python blocks of one documentation page, in order, in one namespace, in the working folder
given: `python tests/docs_runner.py PAGE.md` prints one JSON line per block.

Renders are made cheap, never skipped: `render()` draws with matplotlib at low quality, videos at 2
frames per second (the story, the names and the files are the same as at full cost); `sim.sweep` keeps
the first 8 starts of each sweep. A statement that needs an optional module that is not installed
counts only when it says so in one line naming what to install (then the block goes on). A block saved
as a file by the page ("Save this as `race_scene.py`") is written there and rendered as a still; a block
marked `<!-- skip: next -->` is compiled only.
"""
from __future__ import annotations

import ast
import contextlib
import io
import json
import re
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.doc_blocks import PYTHON, blocks  # noqa: E402

VIDEO_FPS = 2
KEEP_STARTS = 8


def cheapen() -> None:
    import sim.sweep
    from scenes.output.plan import api

    full_render, full_sweep = api.render, sim.sweep.sweep

    def render(scene, **kwargs):
        kwargs.update(backend="mpl", quality="low")
        fmt = kwargs.get("fmt") or Path(str(kwargs.get("out") or "x.mp4")).suffix.lstrip(".")
        if fmt in ("mp4", "gif", "webm", "mov", "slides", "pptx"):
            kwargs["fps"] = VIDEO_FPS
        return full_render(scene, **kwargs)

    def sweep(landscape, starts, *args, **kwargs):
        return full_sweep(landscape, starts[:KEEP_STARTS], *args, **kwargs)

    api.render = render
    sim.sweep.sweep = sweep


def missing_extra(exc: BaseException) -> bool:
    """An ImportError for a module that is really absent, said in one line that names how to install it."""
    import importlib.util

    name = getattr(exc, "name", None) or ""
    text = str(exc)
    return (isinstance(exc, ImportError) and "\n" not in text and "install" in text
            and bool(name) and importlib.util.find_spec(name.split(".")[0]) is None)


_LITERAL = re.compile(r"""#\s*(PosixPath\('[^']*'\)|'[^']*'|"[^"]*"|\([\d, ]+\)|-?\d+(?:\.\d+)?)\s*(?:[:;,]|$)""")


def stated_value(stmt, lines: list[str]):
    """The value a single expression's comment states as a literal (`x.shape   # (201, 1000, 2)`), or None."""
    if not isinstance(stmt, ast.Expr) or isinstance(stmt.value, (ast.Tuple, ast.Call)):
        return None
    found = _LITERAL.search(lines[stmt.end_lineno - 1][stmt.end_col_offset:])
    if not found:
        return None
    text = found.group(1)
    return Path(ast.literal_eval(text[len("PosixPath("):-1])) if text.startswith("PosixPath(") else ast.literal_eval(text)


def run_block(block, namespace: dict) -> dict:
    result = {"where": block.where, "ok": True, "skipped": [], "output": ""}
    try:
        tree = ast.parse(block.text, filename=block.where)
    except SyntaxError as exc:
        return {**result, "ok": False, "error": f"SyntaxError: {exc}"}
    if block.skip:
        return {**result, "skipped": ["the whole block (marked skip), compiled only"]}
    if block.save_as:
        Path(block.save_as).write_text(block.text)
        code = f"from render import render\n__clip = render({block.save_as!r}, fmt='png', force=True)\n"
        tree = ast.parse(code)
    out = io.StringIO()
    lines = block.text.splitlines()
    for stmt in tree.body:
        stated = stated_value(stmt, lines)
        code = compile(ast.Module([stmt], []), block.where, "exec")
        try:
            with contextlib.redirect_stdout(out):
                if stated is None:
                    exec(code, namespace)
                else:
                    value = eval(compile(ast.Expression(stmt.value), block.where, "eval"), namespace)
                    if value != stated:
                        return {**result, "ok": False, "output": out.getvalue(),
                                "error": f"line {block.line + stmt.lineno}: gives {value!r}, the comment says {stated!r}"}
        except Exception as exc:  # noqa: BLE001 (reported, with the statement's line)
            if missing_extra(exc):
                result["skipped"].append(f"line {block.line + stmt.lineno}: {exc}")
                continue
            tail = traceback.format_exception_only(type(exc), exc)[-1].strip()
            return {**result, "ok": False, "output": out.getvalue(),
                    "error": f"line {block.line + stmt.lineno}: {tail}"}
    result["output"] = out.getvalue()
    return result


def main(page: str) -> int:
    cheapen()
    namespace: dict = {"__name__": "__doc_block__"}
    for block in blocks(Path(page)):
        if block.lang in PYTHON:
            print(json.dumps(run_block(block, namespace)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
