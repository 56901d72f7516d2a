"""The sidecar says only what the request, the code and the outcome determine, and the skip check
re-renders when the code changed."""
from __future__ import annotations

import io
import json
import uuid
from pathlib import Path

from scenes.output.files import cache
from scenes.output.plan.pipeline import RenderRequest, render
from tests.helpers import render_file

SCENES = Path(cache.__file__).resolve().parents[2]


def test_rendering_twice_gives_the_same_file_and_sidecar(tmp_path):
    first = render_file(tmp_path, "valley", sets={"momentum": 0.5})
    side = Path(str(first) + ".json")
    png, text = first.read_bytes(), side.read_text()
    again = render_file(tmp_path, "valley", sets={"momentum": 0.5}, force=True)
    assert again == first
    assert again.read_bytes() == png
    assert side.read_text() == text
    assert "render_seconds" not in json.loads(text) and "data_cache_hit" not in json.loads(text)


def _render_logged(tmp_path, out: Path) -> str:
    log = io.StringIO()
    render(RenderRequest(scene="valley", backend="mpl", fmt="png", quality="low", out=str(out),
                         cache_dir=str(tmp_path / "cache"), progress=False), log=log)
    return log.getvalue()


def test_a_sidecar_from_other_code_is_rendered_again(tmp_path):
    out = tmp_path / "v.png"
    side = Path(str(out) + ".json")
    assert "up to date" not in _render_logged(tmp_path, out)
    inode = out.stat().st_ino
    assert "up to date" in _render_logged(tmp_path, out)
    assert out.stat().st_ino == inode
    old = json.loads(side.read_text())
    old["code_version"] = "0" * 16
    side.write_text(json.dumps(old))
    assert "up to date" not in _render_logged(tmp_path, out)
    assert out.stat().st_ino != inode
    assert json.loads(side.read_text())["code_version"] == cache.code_version(str(SCENES / "valley" / "data.py"))


def test_code_version_covers_every_module_of_the_scenes_package():
    module = str(SCENES / "valley" / "data.py")
    before = cache._code_version.__wrapped__(module, None)
    probe = SCENES / f"_probe_{uuid.uuid4().hex}.py"
    try:
        probe.write_text("# a helper module a scene might import\n")
        assert cache._code_version.__wrapped__(module, None) != before
    finally:
        probe.unlink()
    assert cache._code_version.__wrapped__(module, None) == before
