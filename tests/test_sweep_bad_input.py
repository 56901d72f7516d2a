"""The sweep's command line and loader refuse bad input with one line, never a traceback or a crash."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from disk_faults import fill, tmpfs
from sim.sweep import load
from sim.sweep.store import BadSweepFile

ROOT = Path(__file__).resolve().parent.parent
BASE = ["--landscape", "ravine", "--grid", "lr=0.01:0.1:3", "--starts", "5", "--steps", "10"]


def _sweep(*args, cwd=None, timeout=60):
    return subprocess.run([sys.executable, "-m", "sim.sweep", *args], cwd=cwd or ROOT, capture_output=True,
                          text=True, timeout=timeout)


BAD = {
    "axis too large to build": (["--grid", "lr=0:1:100000000000"], "at most"),
    "axis of nan": (["--grid", "momentum=nan:0.9:3"], "finite"),
    "too many starts": (["--starts", "100000000000000"], "memory"),
    "negative seed": (["--seed", "-1"], "--seed"),
    "timeout nan": (["--connect-timeout", "nan"], "timeout"),
    "timeout negative": (["--connect-timeout", "-3"], "timeout"),
    "timeout infinite": (["--connect-timeout", "inf"], "timeout"),
    "address without port": (["--scheduler", "tcp://localhost"], "address"),
    "address with a bad port": (["--scheduler", "tcp://localhost:99999"], "address"),
    "address of colons": (["--scheduler", "::::"], "address"),
    "address with a space": (["--scheduler", "tcp://my host:8786"], "address"),
    "address of another protocol": (["--scheduler", "http://localhost:8786"], "address"),
    "address with workers": (["--scheduler", "tcp://localhost:8786", "--workers", "2"], "not both"),
    "zero steps": (["--steps", "0"], "steps"),
    "zero chunk": (["--chunk", "0"], "chunk"),
    "long out name": (["--out", "x" * 5000 + ".npz"], "longer than"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_gets_one_line_and_exit_2(case, tmp_path):
    args, words = BAD[case]
    out = _sweep(*BASE, *args, cwd=tmp_path, timeout=30)  # the timeout only guards a hang
    assert out.returncode == 2, (case, out.stderr[-500:])
    assert out.stderr.count("\n") == 1 and len(out.stderr) <= 200, (case, out.stderr[-500:])
    assert words in out.stderr and "Traceback" not in out.stderr, (case, out.stderr)
    assert list(tmp_path.iterdir()) == []


def test_an_out_file_in_a_read_only_folder_is_refused_before_work(tmp_path):
    with tmpfs(tmp_path / "ro", readonly=True) as made:
        if not made:
            pytest.skip("mounting a tmpfs is not allowed here")
        out = _sweep(*BASE, "--out", str(tmp_path / "ro" / "s.npz"))
        assert out.returncode == 2 and out.stderr.count("\n") == 1 and "not writable" in out.stderr, out.stderr


@pytest.mark.parametrize("fills_at", ["values", "result"])
def test_a_disk_that_fills_mid_write_gets_one_line_and_leaves_nothing(tmp_path, fills_at):
    with tmpfs(tmp_path / "small", size="2m") as made:
        if not made:
            pytest.skip("mounting a tmpfs is not allowed here")
        folder = tmp_path / "small"
        need = 10 * 3000 * 9  # float64 values and a bool mask per run
        fill(folder, 2 * need + 4096)  # passes the check before work, which counts the values twice
        args = ["--landscape", "ravine", "--grid", "lr=0.01:0.1:10", "--starts", "3000", "--steps", "5",
                "--out", str(folder / "s.npz")]
        # "result": the values fit, the result's start points do not. "values": another program takes the
        # space after the check, before the values are reserved.
        late = f"open({str(folder / 'late')!r}, 'wb').write(bytes({need}))" if fills_at == "values" else "pass"
        code = ("import runpy, sys\nfrom sim.sweep import store\norig = store.Buffer.__init__\n"
                f"def init(self, shape, out):\n    {late}\n    orig(self, shape, out)\n"
                "store.Buffer.__init__ = init\nsys.argv = ['sim.sweep', *sys.argv[1:]]\n"
                "runpy.run_module('sim.sweep', run_name='__main__')")
        out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                             timeout=120)
        assert out.returncode == 1, out.stderr[-800:]
        assert out.stderr.count("\n") == 1 and "No space left" in out.stderr, out.stderr[-800:]
        left = sorted(p.name for p in folder.iterdir())
        assert left == (["filler", "late"] if fills_at == "values" else ["filler"])


def _npz(path: Path, **arrays):
    with zipfile.ZipFile(path, "w") as z:
        for name, arr in arrays.items():
            with z.open(name + ".npy", "w") as fh:
                np.lib.format.write_array(fh, np.asanyarray(arr), allow_pickle=True)


def _meta(dims=("lr", "run")):
    return np.frombuffer(json.dumps(dict(dims=list(dims), attrs={}, failures=[])).encode(), dtype=np.uint8)


def _bad_files(tmp_path: Path):
    good = dict(meta=_meta(), values=np.zeros((3, 2)), done=np.ones((3, 2), bool),
                coord_lr=np.arange(3.0), coord_run=np.arange(2))
    objects = np.empty((3, 2), dtype=object)
    objects[:] = "x"
    cases = {
        "object values": dict(good, values=objects),
        "object done": dict(good, done=objects),
        "object coordinate": dict(good, coord_lr=np.array([1.0, "a", None], dtype=object)),
        "object meta": dict(good, meta=np.array([{"dims": ["lr"]}], dtype=object)),
        "integer values": dict(good, values=np.zeros((3, 2), int)),
        "done of another shape": dict(good, done=np.ones((2, 2), bool)),
        "values of another shape": dict(good, values=np.zeros((4, 2))),
        "meta not json": dict(good, meta=np.frombuffer(b"{not json", dtype=np.uint8)),
        "meta without dims": dict(good, meta=np.frombuffer(b"{}", dtype=np.uint8)),
        "no values": {k: v for k, v in good.items() if k != "values"},
    }
    paths = {}
    for name, arrays in cases.items():
        paths[name] = tmp_path / (name.replace(" ", "-") + ".npz")
        _npz(paths[name], **arrays)
    paths["not a zip"] = tmp_path / "text.npz"
    paths["not a zip"].write_text("hello")
    _npz(tmp_path / "good.npz", **good)
    return paths


def test_a_file_that_is_not_a_sweep_is_refused_in_one_line(tmp_path):
    paths = _bad_files(tmp_path)
    assert load(tmp_path / "good.npz").values.shape == (3, 2)
    # in a child process: an object array mapped from a file would crash the interpreter, not raise
    code = ("import sys\nfrom sim.sweep import load\nfrom sim.sweep.store import BadSweepFile\n"
            "for p in sys.argv[1:]:\n"
            "    for mmap in (True, False):\n"
            "        try:\n            load(p, mmap=mmap)\n"
            "        except BadSweepFile as e:\n            print(len(str(e)), '\\n' in str(e))\n"
            "        else:\n            print('loaded', p)\n")
    out = subprocess.run([sys.executable, "-c", code, *map(str, paths.values())], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-1000:]
    lines = out.stdout.splitlines()
    assert len(lines) == 2 * len(paths) and all(line.split()[1] == "False" and int(line.split()[0]) <= 200
                                                for line in lines), out.stdout
    for path in paths.values():
        with pytest.raises(BadSweepFile):
            load(path, mmap=False)
    assert issubclass(BadSweepFile, ValueError)


BLOCK_DASK = ("import sys, runpy\n"
              "class Block:\n"
              "    def find_spec(self, name, path=None, target=None):\n"
              "        if name == 'dask' or name.startswith(('dask.', 'distributed')):\n"
              "            raise ImportError(f'No module named {name!r}')\n"
              "sys.meta_path.insert(0, Block())\n"
              "sys.argv = ['sim.sweep', *sys.argv[1:]]\n"
              "runpy.run_module('sim.sweep', run_name='__main__')\n")


@pytest.mark.parametrize("option", [["--scheduler", "tcp://127.0.0.1:8786"], ["--workers", "2"]])
def test_without_the_scale_extra_a_cluster_is_refused_in_one_line(tmp_path, option):
    out = subprocess.run([sys.executable, "-c", BLOCK_DASK, *BASE, *option, "--out", str(tmp_path / "s.npz")],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2, out.stderr[-800:]
    assert out.stderr.count("\n") == 1 and ".[scale]" in out.stderr and "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []


def test_progress_is_on_by_default_in_a_notebook_only(monkeypatch, capsys):
    from sim import sweep
    from sim.sweep import run

    seen = []
    real = run._Progress

    class Spy(real):
        def __init__(self, total, enabled):
            super().__init__(total, enabled)
            seen.append((enabled, self.bar is not None))

    monkeypatch.setattr(run, "_Progress", Spy)
    # Outside a notebook, even where this process imported ipykernel already (test_notebook's collection does)
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    args = ("ravine", np.zeros((2, 2)), "SGD", {"lr": [0.01, 0.1]}, 5, "final_loss")
    sweep(*args)
    monkeypatch.setitem(sys.modules, "ipykernel", type(sys)("ipykernel"))
    sweep(*args)
    sweep(*args, progress=False)
    assert seen == [(False, False), (True, True), (False, False)]
    assert capsys.readouterr().err == ""  # a sweep shorter than two seconds shows nothing
