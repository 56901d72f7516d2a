"""What a scene reference names: a built-in scene (`valley`), a user's scene file (`my_scene.py`), or one
scene of a file that holds several (`my_scenes.py:spiral`).

A scene file is imported once per process under a private module name; the scenes it registers (with
`scenes.kit.register`) are the ones it offers. Every failure is a `SceneRefError` with a one-line message,
including a file that calls `sys.exit()` or raises KeyboardInterrupt itself while loading.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import signal
import sys
import threading
import traceback
from pathlib import Path

import scenes
from scenes.kit import registry

_LOADED: dict[Path, tuple[str, list[str]]] = {}  # file -> (digest of its contents, its scenes)


class SceneRefError(ValueError):
    """A scene reference that names nothing renderable; the message is one line."""


def is_file_ref(ref: str) -> bool:
    """True when `ref` names a Python file, optionally followed by `:NAME`."""
    path = ref.rsplit(":", 1)[0] if ":" in ref and not ref.endswith(".py") else ref
    return path.endswith(".py") or ("/" in path or "\\" in path)


def split_ref(ref: str) -> tuple[Path, str | None]:
    """`path/to/file.py:NAME` -> (path, NAME); a plain path -> (path, None)."""
    if not ref.endswith(".py") and ":" in ref:
        path, name = ref.rsplit(":", 1)
        return Path(path), name or None
    return Path(ref), None


def load_file(path: Path) -> list[str]:
    """Import a scene file and return the names of the scenes it registered, in order. The file is
    imported again only when its contents changed since the last time (an edit between two renders)."""
    path = path.expanduser().resolve()
    if not path.is_file():
        raise SceneRefError(f"no scene file {str(path)!r}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if path in _LOADED and _LOADED[path][0] == digest:
        return _LOADED[path][1]
    for name in _LOADED.pop(path, (None, []))[1]:
        registry.unregister(name)
    scenes.load_all()  # built-ins first, so a clash is reported against the user's file
    module_name = registry.USER_MODULE_PREFIX + hashlib.sha256(str(path).encode()).hexdigest()[:12]
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise SceneRefError(f"cannot import {str(path)!r}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    signals: list[int] = []
    try:
        with _noting_signals(signals):
            spec.loader.exec_module(module)
    except ValueError as exc:
        if "registered twice" in str(exc):
            raise SceneRefError(f"{path.name}: {exc}; choose another name for the scene") from None
        raise SceneRefError(_import_failure(path, exc)) from None
    except Exception as exc:  # the user's code: any error becomes one line naming where it happened
        sys.modules.pop(module_name, None)
        raise SceneRefError(_import_failure(path, exc)) from None
    except (SystemExit, KeyboardInterrupt) as exc:
        sys.modules.pop(module_name, None)
        if signals:  # the user pressed Ctrl-C, or the process was told to stop: that goes on up
            raise
        for name in list(registry.all_registered()):  # what the file registered before it stopped
            if registry.origin(name) == module_name:
                registry.unregister(name)
        what = f"sys.exit({exc.code!r})" if isinstance(exc, SystemExit) else "KeyboardInterrupt"
        raise SceneRefError(_import_failure(path, exc, f"the file raised {what} while loading")) from None
    new = [name for name in registry.all_registered() if registry.origin(name) == module_name]
    for other, (_, names) in list(_LOADED.items()):  # names this file took over from another user's file
        _LOADED[other] = (_LOADED[other][0], [n for n in names if n not in new])
    _LOADED[path] = (digest, new)
    return new


@contextlib.contextmanager
def _noting_signals(arrived: list[int]):
    """While a scene file loads, note any SIGINT, SIGTERM or SIGHUP before its usual handler runs, so that
    an exit the file raises itself can be told from one the user asked for (main thread only; elsewhere
    every exit is taken as the user's)."""
    if threading.current_thread() is not threading.main_thread():
        arrived.append(0)
        yield
        return
    previous = {}

    def note(signum, frame):
        arrived.append(signum)
        handler = previous[signum]
        if callable(handler):
            return handler(signum, frame)
        if signum == signal.SIGINT and handler == signal.default_int_handler:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        previous[signum] = signal.getsignal(signum)
        if previous[signum] in (signal.SIG_IGN, None):
            del previous[signum]
            continue
        signal.signal(signum, note)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _import_failure(path: Path, exc: BaseException, what: str | None = None) -> str:
    line = ""
    if isinstance(exc, SyntaxError) and exc.lineno:
        line = f" (line {exc.lineno})"
    else:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == path]
        if frames:
            line = f" (line {frames[-1].lineno})"
    if what is not None:
        return f"cannot load scene file {path.name}{line}: {what}"
    message = str(exc).splitlines()[0] if str(exc) else ""
    return f"cannot load scene file {path.name}{line}: {type(exc).__name__}: {message}".rstrip(": ")


def spec_for(ref: str) -> registry.SceneSpec:
    """The scene `ref` names; raises SceneRefError with a one-line message."""
    if not is_file_ref(ref):
        try:
            return scenes.get(ref)
        except KeyError as exc:
            raise SceneRefError(exc.args[0]) from None
    path, name = split_ref(ref)
    offered = load_file(path)
    if not offered:
        raise SceneRefError(f"{path.name} registers no scene (call scenes.kit.register(SceneSpec(...)))")
    if name is None:
        if len(offered) > 1:
            raise SceneRefError(f"{path.name} holds several scenes; pick one with {path}:NAME, "
                                f"one of: {', '.join(offered)}")
        name = offered[0]
    if name not in offered:
        raise SceneRefError(f"{path.name} has no scene {name!r}; it holds: {', '.join(offered)}")
    return registry.registered(name)
