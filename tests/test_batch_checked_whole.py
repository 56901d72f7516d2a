"""A batch is checked whole before any render starts: every output and companion of every render is
distinct, every folder can take files, and a cluster that cannot be asked for (a malformed address, no
scale extra) is one line; nothing is rendered or made in any of these cases."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from disk_faults import tmpfs

ROOT = Path(__file__).resolve().parent.parent
FIRST = '[[render]]\nscene = "valley"\nbackend = "mpl"\nquality = "low"\n'


def _batch(tmp_path: Path, text: str, *extra: str) -> subprocess.CompletedProcess:
    path = tmp_path / "b.toml"
    path.write_text(text)
    return subprocess.run([sys.executable, str(ROOT / "render.py"), "batch", str(path), "--out",
                           str(tmp_path / "out"), *extra], capture_output=True, text=True, cwd=tmp_path, timeout=300)


def _one_line(proc, *words):
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert len(lines[0]) <= 300, lines[0]
    for w in words:
        assert w in lines[0], lines[0]


CLASHES = {  # (render 1's keys, render 2's keys); a render's companions here: its sidecar and a video's poster
    "output is another's poster": (f'{FIRST}out = "OUT/a.mp4"\n', 'format = "png"\nout = "OUT/a.mp4.poster.png"'),
    "poster is another's output": (f'{FIRST}format = "png"\nout = "OUT/b.gif.poster.png"\n',
                                   'format = "gif"\nout = "OUT/b.gif"'),
    "posters of a captioned video": (f'{FIRST}out = "OUT/c.webm"\ncaptions = "files"\n',
                                     'format = "png"\nout = "OUT/c.webm.poster.png"'),
    "same output": (f'{FIRST}format = "png"\nout = "OUT/same.png"\n', 'format = "png"\nout = "OUT/same.png"'),
    "a default name taken": (f'{FIRST}format = "png"\nout = "OUT/ravine-dark-low.png"\n', 'format = "png"'),
}


@pytest.mark.parametrize("case", list(CLASHES))
def test_no_file_is_written_by_two_renders(tmp_path, case):
    one, two = CLASHES[case]
    out = tmp_path / "out"
    text = one + '\n[[render]]\nscene = "ravine"\nbackend = "mpl"\nquality = "low"\n' + two + "\n"
    _one_line(_batch(tmp_path, text.replace("OUT", str(out))), "renders 1 and 2 both write")
    assert not out.exists()


def test_an_unwritable_folder_for_a_later_render_stops_the_batch_before_the_first(tmp_path):
    with tmpfs(tmp_path / "ro", readonly=True) as made:
        if not made:
            pytest.skip("mounting a tmpfs is not allowed here")
        text = (f'{FIRST}format = "png"\nout = "{tmp_path}/ok/a.png"\n\n[[render]]\nscene = "ravine"\n'
                f'format = "png"\nbackend = "mpl"\nout = "{tmp_path}/ro/sub/b.png"\n')
        proc = _batch(tmp_path, text)
        _one_line(proc, "render 2", "not writable")
        assert not (tmp_path / "ok").exists()


def test_a_file_in_the_way_of_a_folder_stops_the_batch(tmp_path):
    (tmp_path / "afile").write_text("")
    text = f'{FIRST}format = "png"\nout = "{tmp_path}/ok/a.png"\n\n[[render]]\nscene = "ravine"\nformat = "png"\n' \
           f'out = "{tmp_path}/afile/sub/b.png"\n'
    _one_line(_batch(tmp_path, text), "render 2", "not a folder")
    assert not (tmp_path / "ok").exists()


@pytest.mark.parametrize("address", ["tcp://localhost", "tcp://host:99999", "::::", "http://h:8786",
                                     "tcp://my host:1"])
@pytest.mark.parametrize("mode", ["batch", "all"])
def test_a_malformed_scheduler_address_is_one_line_at_once(tmp_path, address, mode):
    if mode == "batch":
        proc = _batch(tmp_path, FIRST + 'format = "png"\n', "--scheduler", address)
    else:
        proc = subprocess.run([sys.executable, str(ROOT / "render.py"), "all", "--out", str(tmp_path / "out"),
                               "--scheduler", address], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    _one_line(proc, "address")
    assert not (tmp_path / "out").exists()
