"""Every optional import, blocked in a fresh process (a sys.meta_path finder refuses it, as if it were not
installed), is named in one line with the extra that brings it and what works from a checkout
(`pip install ".[EXTRA]"`): exit 2 on the command line, before anything is written; an ImportError with
the same line from Python."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# argv: blocked top-level modules, then `-c CODE`, a script path, or a module to run as __main__
RUNNER = """import sys, runpy
blocked = set(sys.argv[1].split(','))
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in blocked:
            raise ModuleNotFoundError(f'No module named {name!r}', name=name)  # as when not installed
sys.meta_path.insert(0, Block())
target, sys.argv = sys.argv[2], sys.argv[2:]
if target == '-c':
    exec(sys.argv[1])
elif target.endswith('.py'):
    runpy.run_path(target, run_name='__main__')
else:
    runpy.run_module(target, run_name='__main__', alter_sys=True)
"""


def _blocked(modules: str, *argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", RUNNER, modules, *argv], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def _cli_cases(tmp: Path) -> dict[str, tuple[str, list[str], str]]:
    batch = tmp / "b.toml"
    batch.write_text('[[render]]\nscene = "sine"\nbackend = "mpl"\nquality = "low"\nformat = "png"\n')
    retrain = tmp / "r.toml"
    retrain.write_text('[[render]]\nscene = "training"\nbackend = "mpl"\nformat = "png"\n'
                       'params = { recompute = true }\n')
    render, out = str(ROOT / "render.py"), str(tmp / "out")
    mpl = ["--backend", "mpl", "--quality", "low"]
    return {  # case -> (blocked modules, the command, the extra it names)
        "training cli, torch": ("torch", ["sim.training", "--experiment", "digits", "--out", out + "/d.npz"], "training"),
        "training cli, sklearn": ("sklearn", ["sim.training", "--experiment", "seed003", "--out", out + "/s.npz"],
                                  "training"),
        "training scene recompute": ("torch", [render, "training", *mpl, "--format", "png", "--set", "recompute=true",
                                               "-o", out + "/t.png"], "training"),
        "training scene recompute, sklearn": ("sklearn", [render, "training", *mpl, "--format", "png", "--set",
                                                          "recompute=true", "-o", out + "/t.png"], "training"),
        "training scene recompute, page": ("torch", [render, "training", *mpl, "--format", "html", "--set",
                                                     "recompute=true", "-o", out + "/"], "training"),
        "training scene recompute, batch": ("torch", [render, "batch", str(retrain), "-o", out], "training"),
        "training scene recompute, layout": ("torch", [render, "training", "--check-layout", "--backend", "mpl",
                                                       "--set", "recompute=true"], "training"),
        "slides page": ("manim_slides", [render, "valley", *mpl, "--format", "slides", "-o", out + "/"], "slides"),
        "pptx, manim-slides": ("manim_slides", [render, "valley", *mpl, "--format", "pptx", "-o", out + "/"], "slides"),
        "pptx, python-pptx": ("pptx", [render, "valley", *mpl, "--format", "pptx", "-o", out + "/"], "slides"),
        "web benchmark": ("playwright", [str(ROOT / "benchmarks" / "web.py"), "--scenes", "valley", "--no-video"], "dev"),
        "all --scheduler": ("dask,distributed", [render, "all", *mpl, "--scheduler", "tcp://127.0.0.1:8786",
                                                 "-o", out], "scale"),
        "all --workers": ("dask,distributed", [render, "all", *mpl, "--workers", "2", "-o", out], "scale"),
        "batch --workers": ("dask,distributed", [render, "batch", str(batch), "--workers", "2", "-o", out], "scale"),
        "sweep --workers": ("dask,distributed", ["sim.sweep", "--landscape", "ravine", "--grid", "lr=0.01:0.1:3",
                                                 "--starts", "5", "--steps", "10", "--workers", "2",
                                                 "--out", str(tmp / "w.npz")], "scale"),
        "sweep --scheduler": ("dask,distributed", ["sim.sweep", "--landscape", "ravine", "--grid", "lr=0.01:0.1:3",
                                                   "--starts", "5", "--steps", "10", "--scheduler",
                                                   "tcp://127.0.0.1:8786", "--out", str(tmp / "s.npz")], "scale"),
    }


CLI = [
    "training cli, torch", "training cli, sklearn", "training scene recompute", "training scene recompute, sklearn",
    "training scene recompute, page", "training scene recompute, batch", "training scene recompute, layout",
    "slides page", "pptx, manim-slides", "pptx, python-pptx", "web benchmark", "all --scheduler", "all --workers",
    "batch --workers", "sweep --workers", "sweep --scheduler"]


@pytest.mark.parametrize("case", CLI)
def test_a_missing_extra_is_one_line_exit_2_and_nothing_made(tmp_path, case):
    modules, argv, extra = _cli_cases(tmp_path)[case]
    proc = _blocked(modules, *argv, cwd=tmp_path)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr[-1500:]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr[-1500:]
    assert f'pip install ".[{extra}]"' in lines[0], lines[0]
    # nothing made before refusing: no file, no output folder, no folder the output would have gone in
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["b.toml", "r.toml"]


PYTHON = {  # case -> (blocked modules, code, what the ImportError says)
    "to_xarray": ("xarray", "from sim.sweep.store import SweepResult\n"
                            "import numpy as np\n"
                            "SweepResult(np.zeros((2, 1)), ('lr', 'run'), {'lr': np.array([0.1, 0.2])}).to_xarray()",
                  "pip install xarray"),
    "sim.training": ("torch", "from sim.training import run_digits", 'pip install ".[training]"'),
    "render slides": ("manim_slides", "from render import render\n"
                                      "render('valley', backend='mpl', fmt='slides', quality='low', out='x/')",
                      'pip install ".[slides]"'),
    "render recompute": ("torch", "from render import render\n"
                                  "render('training', backend='mpl', fmt='png', out='x/t.png', recompute=True)",
                         'pip install ".[training]"'),
}


@pytest.mark.parametrize("case", PYTHON)
def test_from_python_the_import_error_names_the_install(tmp_path, case):
    modules, code, words = PYTHON[case]
    wrapped = (f"try:\n{''.join('    ' + line + chr(10) for line in code.splitlines())}"
               "except Exception as exc:\n    print(isinstance(exc, ImportError), exc)\n")
    api = case.startswith("render ")
    proc = _blocked(modules, "-c", wrapped, cwd=tmp_path if api else ROOT)
    assert proc.returncode == 0, proc.stderr[-1500:]
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], proc.stdout
    # sim raises an ImportError; the API raises its RenderError, with the line the command line prints
    assert lines[0].startswith("False" if api else "True"), lines[0]
    if api:
        assert list(tmp_path.iterdir()) == []  # refused before the output folder was made
