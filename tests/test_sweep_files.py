"""The files a sweep writes: modes that follow the umask, no temporaries left for long after a SIGKILL,
and an output path refused in one short line before any work."""

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from sim import sweep
from sim.sweep import files
from sim.sweep.grid import SweepError

ROOT = Path(__file__).resolve().parent.parent
SMALL = ["--landscape", "ravine", "--grid", "lr=0.01:0.1:4", "--starts", "3", "--steps", "20",
         "--reduce", "final_loss"]
# about a few seconds of work, in many chunks, so that a kill lands while values are arriving
BIG = ["--landscape", "ravine", "--grid", "lr=0.001:0.1:60", "--grid", "momentum=0:0.99:60", "--starts", "400",
       "--steps", "400", "--reduce", "final_loss", "--chunk", "2000"]


def _cli(args, cwd, umask=None, **kw):
    pre = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.Popen([sys.executable, "-m", "sim.sweep", *args], cwd=cwd, preexec_fn=pre,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600), (0o002, 0o664)])
def test_a_result_takes_the_mode_the_umask_asks_for(tmp_path, umask, mode):
    proc = _cli([*SMALL, "--out", "s.npz"], tmp_path, umask)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert stat.S_IMODE((tmp_path / "s.npz").stat().st_mode) == mode
    assert _temporaries(tmp_path) == []


@pytest.mark.alone
@pytest.mark.parametrize("moment", ["values arriving", "early", "late"])
def test_a_sweep_killed_outright_leaves_nothing_once_the_next_one_runs(tmp_path, moment):
    earlier = tmp_path / "keep.npz"
    proc = _cli([*SMALL, "--out", str(earlier)], tmp_path)
    assert proc.wait(timeout=120) == 0
    before = earlier.read_bytes()
    proc = _cli([*BIG, "--out", "s.npz"], tmp_path)
    deadline = time.monotonic() + 120
    while not any(n.endswith(".values.npy") for n in _temporaries(tmp_path)):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.005)
    time.sleep({"values arriving": 0.0, "early": 0.3, "late": 1.5}[moment])
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    stranded = _temporaries(tmp_path)
    assert stranded, "the kill landed after the sweep had finished; nothing was tested"
    nxt = _cli([*SMALL, "--out", "t.npz"], tmp_path)
    assert nxt.wait(timeout=120) == 0, nxt.communicate()
    assert _temporaries(tmp_path) == []
    assert earlier.read_bytes() == before and not (tmp_path / "s.npz").exists()


def test_only_the_temporaries_of_sweeps_that_are_gone_are_removed(tmp_path):
    now = time.time()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    host = files._HOST
    other = "0" * 6 if host != "0" * 6 else "1" * 6
    names = {
        f".sweep-{host}-{dead}-0123abcd.values.npy": True,      # its process is gone
        f".sweep-{host}-{dead}-0123abcd.done.npy": True,
        f".sweep-{host}-{os.getpid()}-89abcdef.values.npy": False,  # alive (this process)
        f".sweep-{host}-1-aaaabbbb.npz.tmp": False,             # pid 1 is alive
        f".sweep-{other}-{dead}-ccccdddd.values.npy": False,    # another host's, fresh
        ".old.npz.abcd1234.values.npy": False,                  # an older version's, fresh
        "results.npz": False,
        ".sweep-notes.txt": False,
    }
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    removed = {p.name for p in files.remove_stale(tmp_path, now)}
    assert removed == {n for n, gone in names.items() if gone}
    removed_later = {p.name for p in files.remove_stale(tmp_path, now + files.STALE_AGE + 1)}
    assert removed_later == {f".sweep-{host}-{os.getpid()}-89abcdef.values.npy", f".sweep-{host}-1-aaaabbbb.npz.tmp",
                             f".sweep-{other}-{dead}-ccccdddd.values.npy", ".old.npz.abcd1234.values.npy"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".sweep-notes.txt", "results.npz"]


def _bad_outputs(tmp_path: Path):
    (tmp_path / "a-file").write_text("")
    (tmp_path / "folder.npz").mkdir()
    return {
        "long name": (str(tmp_path / ("x" * 5000 + ".npz")), "longer than"),
        "long component": (str(tmp_path / ("y" * 300) / "s.npz"), "longer than"),
        "long path": (str(tmp_path / "/".join(["z" * 200] * 25) / "s.npz"), "longer than"),
        "missing folder": (str(tmp_path / "nowhere" / "s.npz"), "does not exist"),
        "file as folder": (str(tmp_path / "a-file" / "s.npz"), "does not exist"),
        "a folder": (str(tmp_path / "folder.npz"), "is a folder"),
        "not npz": (str(tmp_path / "s.csv"), ".npz"),
    }


def test_bad_output_paths_are_refused_in_one_short_line_on_the_command_line(tmp_path):
    for case, (out, words) in _bad_outputs(tmp_path).items():
        proc = _cli([*BIG, "--out", out], tmp_path)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 2, (case, err)
        assert err.count("\n") == 1 and len(err) <= 200 and words in err, (case, err)
        assert "Traceback" not in err
    assert _temporaries(tmp_path) == []


def test_bad_output_paths_are_refused_before_any_work_in_python(tmp_path, monkeypatch):
    def no_work(*a, **k):
        raise AssertionError("the sweep started")

    monkeypatch.setattr("sim.sweep.run._execute", no_work)
    cases = dict(_bad_outputs(tmp_path), nul=(str(tmp_path / "a\0b.npz"), "NUL"))
    for case, (out, words) in cases.items():
        with pytest.raises(SweepError) as info:
            sweep("ravine", np.zeros((2, 2)), "SGD", {"lr": [0.01, 0.1]}, 10, "final_loss", out=out)
        msg = str(info.value)
        assert isinstance(info.value, ValueError) and len(msg) <= 200 and "\n" not in msg and words in msg, case


def test_a_long_name_is_shown_elided_in_the_middle():
    text = files.shown("/data/" + "q" * 1000 + "/end.npz")
    assert len(text) <= files.MAX_SHOWN + 1 and text.startswith("'/data/q") and text.endswith("end.npz'")
    assert "…" in text
