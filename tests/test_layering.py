"""Imports flow one way: scenes.output -> scenes -> scenes.kit -> sim, and sim imports no plotting."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    """Every module an `import` or `from ... import` in the file names (inside functions too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def layer(module: str) -> int | None:
    """0 sim, 1 kit, 2 scenes, 3 output; None for anything else."""
    if module == "sim" or module.startswith("sim."):
        return 0
    if module.startswith("scenes.kit"):
        return 1
    if module.startswith("scenes.output"):
        return 3
    if module == "scenes" or module.startswith("scenes."):
        return 2
    return None


def files(pattern: str) -> list[Path]:
    return sorted(ROOT.glob(pattern))


def test_layers_import_only_downwards():
    offenders = []
    for path in files("sim/**/*.py") + files("scenes/**/*.py"):
        own = layer(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for module in imported_modules(path):
            other = layer(module)
            if other is not None and other > own:
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []
    assert len(files("scenes/kit/*.py")) >= 10 and len(files("scenes/output/**/*.py")) >= 10


def test_sim_imports_no_plotting_and_scenes_no_torch():
    for path in files("sim/**/*.py"):
        mods = imported_modules(path)
        assert not {m for m in mods if m.split(".")[0] in {"matplotlib", "manim"}}, path
    for path in files("scenes/**/*.py"):
        assert not {m for m in imported_modules(path) if m.split(".")[0] == "torch"}, path
