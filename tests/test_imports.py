"""The import graph of sim/, scenes/ and render.py, read with `ast`: no circles, and every arrow runs down
the flow render.py -> scenes.output -> scene packages -> scenes.kit -> sim. Imports inside functions
count as much as those at the top of a file."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def tree_modules(root: Path, tops=("sim", "scenes", "render")) -> dict[str, Path]:
    """Every module of the tree under `root` whose first name is in `tops`, by dotted name."""
    found = {}
    for top in tops:
        if (root / f"{top}.py").is_file():
            found[top] = root / f"{top}.py"
        for path in sorted((root / top).rglob("*.py")) if (root / top).is_dir() else ():
            found[module_name(root, path)] = path
    return found


def arrows(root: Path, modules: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the modules of the tree it imports: `from a.b import c` names a.b.c where that is a module,
    else a.b; relative imports are resolved against the importing file's package."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                candidates = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[:len(anchor) - (node.level - 1)]
                    base = ".".join(anchor + ([base] if base else []))
                candidates = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            else:
                continue
            targets.update(c for c in candidates if c in modules and c != name)
        graph[name] = targets
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def layer(module: str) -> int | None:
    """0 sim, 1 scenes.kit, 2 the scene packages (and `scenes` itself), 3 scenes.output, 4 render.py."""
    if module == "sim" or module.startswith("sim."):
        return 0
    if module == "scenes.kit" or module.startswith("scenes.kit."):
        return 1
    if module == "scenes.output" or module.startswith("scenes.output."):
        return 3
    if module == "scenes" or module.startswith("scenes."):
        return 2
    if module == "render":
        return 4
    return None


def against_the_flow(graph: dict[str, set[str]]) -> list[str]:
    """Arrows to a higher layer, and arrows from a scene package's module to that package's __init__."""
    bad = []
    for a, targets in sorted(graph.items()):
        for b in sorted(targets):
            if layer(a) is not None and layer(b) is not None and layer(b) > layer(a):
                bad.append(f"{a} -> {b}")
            elif layer(a) == layer(b) == 2 and a.startswith(b + ".") and b != "scenes":
                bad.append(f"{a} -> {b} (its own package's __init__)")
    return bad


def test_no_import_circle():
    assert circles(arrows(ROOT, tree_modules(ROOT))) == []


def test_imports_flow_down():
    assert against_the_flow(arrows(ROOT, tree_modules(ROOT))) == []


def test_the_graph_sees_the_scene_packages():
    graph = arrows(ROOT, tree_modules(ROOT))
    assert "scenes.valley.data" in graph["scenes.valley"]
    assert "sim" in graph["scenes.valley.data"] or any(m.startswith("sim") for m in graph["scenes.valley.data"])


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_a_circle_made_on_purpose_is_caught(tmp_path):
    _write(tmp_path, {
        "sim/__init__.py": "",
        "sim/a.py": "from sim import b\n",
        "sim/b.py": "def f():\n    from sim.c import g  # inside a function: it counts\n",
        "sim/c.py": "from . import a\n",
        "sim/d.py": "import sim.a\n",
    })
    graph = arrows(tmp_path, tree_modules(tmp_path))
    assert circles(graph) == [["sim.a", "sim.b", "sim.c"]]
    assert against_the_flow(graph) == []


def test_an_arrow_against_the_flow_is_caught(tmp_path):
    _write(tmp_path, {
        "sim/__init__.py": "",
        "sim/physics.py": "def f():\n    from scenes.kit import theme\n",
        "scenes/__init__.py": "",
        "scenes/kit/__init__.py": "",
        "scenes/kit/theme.py": "",
        "scenes/valley/__init__.py": "from scenes.valley.data import make_data\n",
        "scenes/valley/data.py": "from scenes.valley import NAME\nfrom scenes.output import api\n",
        "scenes/output/__init__.py": "",
        "scenes/output/api.py": "",
    })
    graph = arrows(tmp_path, tree_modules(tmp_path))
    assert against_the_flow(graph) == [
        "scenes.valley.data -> scenes.output.api",
        "scenes.valley.data -> scenes.valley (its own package's __init__)",
        "sim.physics -> scenes.kit.theme",
    ]
    assert circles(graph) == [["scenes.valley", "scenes.valley.data"]]


def test_the_output_groups_import_in_order():
    """scenes.output's groups: plan -> formats -> frames -> files, never back."""
    order = ["plan", "formats", "frames", "files"]
    back = []
    for a, targets in arrows(ROOT, tree_modules(ROOT)).items():
        for b in targets:
            ga, gb = (m.split(".")[2] if m.startswith("scenes.output.") and m.count(".") >= 3 else None
                      for m in (a, b))
            if ga in order and gb in order and order.index(gb) < order.index(ga):
                back.append(f"{a} -> {b}")
    assert back == []
