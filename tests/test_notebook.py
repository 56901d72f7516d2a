"""The shipped notebook, executed for real (nbclient and an ipykernel): its cells render a still and a
short clip with the Python API, and their outputs carry the media for Jupyter to show."""
from __future__ import annotations

import base64
import json
import os
import re
from pathlib import Path

import pytest

from scenes.output.plan.names import output_name

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "examples" / "quickstart.ipynb"


def _html_outputs(cell) -> list[str]:
    return [o["data"]["text/html"] for o in cell.get("outputs", []) if "text/html" in o.get("data", {})]


def _embedded(html: str, mime: str) -> bytes:
    found = re.search(rf'src="data:{re.escape(mime)};base64,([A-Za-z0-9+/=]+)"', html)
    assert found, f"no embedded {mime} in {html[:200]}"
    return base64.b64decode(found.group(1))


def test_quickstart_notebook_runs_and_shows_a_still_and_a_clip(tmp_path, monkeypatch):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "ship it without outputs"
    # The kernel inherits this environment: the checkout on its path, a private cache.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=240,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()

    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
    html = [h for c in nb.cells if c.cell_type == "code" for h in _html_outputs(c)]
    images = [h for h in html if "<img" in h]
    videos = [h for h in html if re.search(r"<video controls loop\b", h)]
    assert len(images) == 1 and len(videos) == 1, html

    # The media in the outputs are the files the notebook wrote beside itself, byte for byte.
    # Each is named by its run: quality low and the parameters given are in the name.
    still = tmp_path / "media" / output_name("valley", "png", quality="low", params={"momentum": 0.6})
    clip = tmp_path / "media" / output_name("valley", "mp4", quality="low", params={"steps": 20})
    assert _embedded(images[0], "image/png") == still.read_bytes()
    assert _embedded(videos[0], "video/mp4") == clip.read_bytes()
    assert still.read_bytes().startswith(b"\x89PNG") and clip.read_bytes()[4:8] == b"ftyp"

    # The storyboard cell printed the clip's title, and the bad-input cell the one-line message.
    printed = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", [])
                      if o.get("output_type") == "stream" and o.get("name") == "stdout")
    story = json.loads(Path(str(clip) + ".json").read_text())["story"]
    assert story["title"] in printed
    assert "momentum=1.5 is out of bounds" in printed
