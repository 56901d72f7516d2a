"""What the whole suite shares: a folder for one run, `make check`'s selection, and the rules for running
in parallel (pytest-xdist, `make test`).

- `run_tmp`: one folder per run that every worker process sees (caches that are safe to share, such as
  the layout check's typeset text); `tmp_path` stays private to each test.
- `check`: the inner loop (`make check`, `pytest -m check`): every test of `sim` (a test module that
  imports `sim` and neither `scenes` nor `render`), every story test (`test_story.py` and each test with
  "story" in its name) and one rendered clip per backend.
- `alone`: a test that must not share the machine with another test: it sends signals to a render or
  kills one at a moment it watches for, and a busy neighbour can move that moment. While it runs, the
  other workers wait between their tests; it waits for their current tests to end. Without xdist there
  is nothing to wait for.
- A test module with module-scoped fixtures (a built wheel, a browser, a Dask cluster, pages
  rendered once) runs on one worker (`xdist_group`, with `--dist loadgroup`), so that work is done once.
"""
from __future__ import annotations

import ast
import contextlib
import fcntl
import os
from pathlib import Path

import pytest

# One clip per backend, for `make check`.
CHECK_RENDERS = {
    "tests/test_render_valley.py::test_video_formats[mp4-h264-yuv420p-mpl]",
    "tests/test_render_valley.py::test_video_formats[mp4-h264-yuv420p-manim]",
}


def _top_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _tests_sim(path: Path, seen: dict) -> bool:
    if path not in seen:
        imports = _top_imports(path)
        seen[path] = "sim" in imports and not imports & {"scenes", "render"}
    return seen[path]


def _in_check(item, seen: dict) -> bool:
    path = Path(item.fspath)
    return (_tests_sim(path, seen) or path.name == "test_story.py" or "story" in item.name
            or item.nodeid in CHECK_RENDERS)


def _module_fixtures(item) -> bool:
    """Whether the test uses a module-scoped fixture (made once per module, on each worker that runs
    a test of the module)."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(d.scope == "module" for defs in info.name2fixturedefs.values() for d in defs)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    seen: dict = {}
    for item in items:
        if _in_check(item, seen):
            item.add_marker(pytest.mark.check)
        if _module_fixtures(item):
            item.add_marker(pytest.mark.xdist_group(Path(item.fspath).stem))


@pytest.fixture(scope="session")
def run_tmp(tmp_path_factory) -> Path:
    """A folder of this run's that all its worker processes share (each worker's own base folder sits
    in it); the folder itself without xdist."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _lock_dir(config) -> Path | None:
    if not os.environ.get("PYTEST_XDIST_WORKER") or not config.option.basetemp:
        return None
    return Path(config.option.basetemp).parent  # the run's folder: xdist gives each worker one inside it


@contextlib.contextmanager
def _flock(path: Path, how: int):
    with open(path, "a+") as f:
        fcntl.flock(f, how)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


@contextlib.contextmanager
def _turn(item):
    """A readers-writer lock across the workers: an `alone` test holds the run lock exclusively, any
    other test shares it. The gate in front keeps a waiting `alone` test from being starved by the
    stream of shared holders."""
    folder = _lock_dir(item.config)
    if folder is None:
        yield
        return
    gate, run = folder / "alone.gate", folder / "alone.lock"
    if item.get_closest_marker("alone"):
        with _flock(gate, fcntl.LOCK_EX), _flock(run, fcntl.LOCK_EX):
            yield
    else:
        with _flock(gate, fcntl.LOCK_SH):
            pass
        with _flock(run, fcntl.LOCK_SH):
            yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    with _turn(item):
        return (yield)
