"""The fenced code blocks of README.md and of every page under docs/ (found anew each run, so a new
page is covered the moment it exists): their language, text and line, and whether a
`<!-- skip: next (why) -->` comment just above keeps a Python block from running (it is still compiled).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ("python", "py")
SHELL = ("sh", "bash", "shell", "console")
_FENCE = re.compile(r"^(`{3,}|~{3,})\s*([^\s`]*)")
_SKIP = re.compile(r"<!--\s*skip:\s*next\b")
_SAVE_AS = re.compile(r"[Ss]ave this as `([\w.-]+\.py)`")


@dataclass(frozen=True)
class Block:
    doc: Path
    line: int  # the fence's line, 1-based
    lang: str
    text: str
    skip: bool = False
    save_as: str | None = None  # "Save this as `race_scene.py`" in the prose just above

    @property
    def where(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}"


GENERATED = ("gallery",)  # docs/gallery/ is written by the site build from the registry (docs/_ext)


def documents() -> list[Path]:
    """README.md and every .md under docs/, leaving out build output, the generated gallery and folders
    named with _ or ."""
    pages = [p for p in sorted((ROOT / "docs").rglob("*.md"))
             if not any(part.startswith(("_", ".")) or part in GENERATED
                        for part in p.relative_to(ROOT / "docs").parts[:-1])]
    return [ROOT / "README.md", *pages]


def blocks(doc: Path) -> list[Block]:
    lines = doc.read_text(encoding="utf-8").splitlines()
    out: list[Block] = []
    i = 0
    prose: list[str] = []
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            prose.append(lines[i])
            i += 1
            continue
        fence, lang = m.group(1), m.group(2).lower()
        j = i + 1
        while j < len(lines) and not lines[j].startswith(fence):
            j += 1
        before = [ln for ln in prose[-8:] if ln.strip()]
        skip = bool(before) and bool(_SKIP.search(before[-1]))
        saved = _SAVE_AS.findall("\n".join(prose[-4:]))
        out.append(Block(doc, i + 1, lang, "\n".join(lines[i + 1:j]) + "\n", skip, saved[-1] if saved else None))
        prose = []
        i = j + 1
    return out


def all_blocks(langs: tuple[str, ...]) -> list[Block]:
    return [b for doc in documents() for b in blocks(doc) if b.lang in langs]


def commands(block: Block) -> list[tuple[int, str]]:
    """(line, command) for each command of a shell block: continuation lines joined, comments and blank
    lines dropped, a `$ ` prompt taken off."""
    out: list[tuple[int, str]] = []
    pending, start = "", 0
    for k, raw in enumerate(block.text.splitlines()):
        line = raw.rstrip()
        if not pending:
            start = block.line + 1 + k
            if line.lstrip().startswith("#") or not line.strip():
                continue
            line = line.lstrip().removeprefix("$ ")
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        out.append((start, pending + line))
        pending = ""
    return out
