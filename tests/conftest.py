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
- `--dist loadgroup` (what `make test` asks for) sends a test module that defines a module-scoped
  fixture (a built wheel, a browser, a Dask cluster, pages rendered once) to one worker whole, so that
  work is done once, and spreads every other test one by one.
"""
from __future__ import annotations

import ast
import contextlib
import fcntl
import os
import re
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


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    seen: dict = {}
    for item in items:
        if _in_check(item, seen):
            item.add_marker(pytest.mark.check)


MODULE_FIXTURE = re.compile(r"""@pytest\.fixture\([^)]*scope\s*=\s*["']module["']""")


def pytest_xdist_make_scheduler(config, log):
    """For `--dist loadgroup`: one work unit per test module with a module-scoped fixture of its own,
    one per test elsewhere. (xdist's own loadgroup reads `xdist_group` marks from node ids, which this
    pytest no longer lets it rename.)"""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    root, whole = config.rootpath, {}

    def keeps_together(path: str) -> bool:
        if path not in whole:
            try:
                whole[path] = bool(MODULE_FIXTURE.search((root / path).read_text()))
            except OSError:
                whole[path] = False
        return whole[path]

    class ByModuleFixtures(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if keeps_together(path) else nodeid

    return ByModuleFixtures(config, log)


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
