"""The installed package: the wheel in fresh virtual environments, with only the core and with [render].

Each environment is made by `python -m venv` (no system site-packages) and filled by pip from a wheelhouse
of the project's wheel and the dependencies this test environment already has (tests/wheelhouse.py), so
nothing is downloaded. Commands run from a folder outside the source tree, with no PYTHONPATH.
"""
from __future__ import annotations

import hashlib
import json
import os
import shlex
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests import wheelhouse

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "matplotlib", "manim", "scipy", "PIL", "tqdm", "sklearn")


@pytest.fixture(scope="module")
def house(tmp_path_factory):
    """The project's wheel and the wheels of every dependency of its core and [render]."""
    return wheelhouse.build(ROOT, tmp_path_factory.mktemp("build"), ["render"])


def make_venv(house, folder: Path, extras: str) -> Path:
    """A fresh virtual environment in `folder`/venv holding the wheel with `extras`, and a work folder."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder / "venv")], check=True, timeout=120)
    wheels, wheel = house
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(folder / "venv" / "bin" / "python"),
                           "install", "-q", "--no-index", "--find-links", str(wheels), "--no-compile",
                           f"{wheel}{extras}"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    (folder / "work").mkdir()
    return folder


@pytest.fixture(scope="module")
def core(house, tmp_path_factory):
    return make_venv(house, tmp_path_factory.mktemp("core"), "")


@pytest.fixture(scope="module")
def full(house, tmp_path_factory):
    return make_venv(house, tmp_path_factory.mktemp("render"), "[render]")


def run(env: Path, program: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """`program` from the environment's bin folder, run in its work folder with its own caches."""
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    clean.update(XDG_CACHE_HOME=str(env / "cache"), MPLCONFIGDIR=str(env / "mpl"))
    return subprocess.run([str(env / "venv" / "bin" / program), *args], cwd=env / "work", env=clean,
                          capture_output=True, text=True, timeout=timeout)


def one_line_error(proc: subprocess.CompletedProcess, needle: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert needle in proc.stderr


def test_the_wheel_ships_every_file_of_the_packages(house):
    """Data next to the code (traces, web and slide assets) is package data: in the wheel, so found after
    a non-editable install."""
    wheels, wheel = house
    src = wheels.parent / "src"  # the sources the wheel was built from
    shipped = {p.relative_to(src).as_posix() for folder in ("sim", "scenes") for p in (src / folder).rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")}
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    assert {"scenes/data/seed003.npz", "scenes/data/digits.npz", "render.py"} <= names
    assert shipped - names == set()


# --- core only ------------------------------------------------------------------------------------

SIM_SCRIPT = """
import json, sys
import sim
from sim import landscapes
bowl = landscapes.Expression("x**2 + 10*y**2")
plain = sim.simulate(bowl, [1.0, 1.0], sim.SGD(lr=0.04), 30)
heavy = sim.simulate(bowl, [1.0, 1.0], sim.SGD(lr=0.04, momentum=0.9), 30)
print(json.dumps({"plain": plain.positions.tolist(), "heavy": heavy.positions.tolist(),
                  "sim": sim.__file__, "modules": sorted(sys.modules)}))
"""


def heavy_ball(h: float, lr: float, m: float, steps: int) -> np.ndarray:
    """x_k from x_0 = 1 under torch's momentum on f = h x^2 / 2: b' = m b + h x, x' = x - lr b'."""
    step = np.array([[m, h], [-lr * m, 1.0 - lr * h]])
    return np.array([(np.linalg.matrix_power(step, k) @ [0.0, 1.0])[1] for k in range(steps + 1)])


def test_core_runs_sim_from_the_installed_wheel(core):
    proc = run(core, "python", "-c", SIM_SCRIPT)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert Path(out["sim"]).is_relative_to(core / "venv")
    k = np.arange(31)
    # plain gradient descent on curvature h: x_k = (1 - lr h)^k; here h = 2 and 20
    np.testing.assert_allclose(np.array(out["plain"]), np.stack([0.92 ** k, 0.2 ** k], axis=1), rtol=1e-12,
                               atol=1e-300)
    expected = np.stack([heavy_ball(2.0, 0.04, 0.9, 30), heavy_ball(20.0, 0.04, 0.9, 30)], axis=1)
    np.testing.assert_allclose(np.array(out["heavy"]), expected, rtol=1e-9, atol=1e-12)
    assert not [m for m in out["modules"] if m.split(".")[0] in HEAVY]


def test_core_is_numpy_and_sympy_only(core):
    cfg = (core / "venv" / "pyvenv.cfg").read_text()
    assert "include-system-site-packages = false" in cfg
    probe = "import importlib.util as u, json; print(json.dumps({m: bool(u.find_spec(m)) for m in %r}))"
    found = json.loads(run(core, "python", "-c", probe % (HEAVY + ("pytest", "numpy", "sympy"),)).stdout)
    assert found == {**{m: False for m in HEAVY + ("pytest",)}, "numpy": True, "sympy": True}


def test_core_says_which_extra_rendering_and_training_need(core):
    one_line_error(run(core, "momentum-anim", "valley", "--backend", "mpl", "--format", "png", "-o", "v.png"),
                   'pip install ".[render]"')
    one_line_error(run(core, "python", "-m", "sim.training", "--experiment", "digits", "--out", "new/d.npz"),
                   'pip install ".[training]"')
    assert sorted(os.listdir(core / "work")) == []
    proc = run(core, "python", "-c", "import sim.training\nfrom sim.training import run_digits")
    assert proc.returncode == 1 and 'pip install ".[training]"' in proc.stderr.strip().splitlines()[-1]
    listing = run(core, "momentum-anim", "--list")
    assert listing.returncode == 0, listing.stderr
    assert "valley" in listing.stdout and "training" in listing.stdout
    assert run(core, "python", "-m", "render", "--list").stdout == listing.stdout


# --- core and [render] ----------------------------------------------------------------------------

def check_still(path: Path) -> dict:
    """The PNG is the size its sidecar states, 480 rows at low quality, and not one flat colour."""
    side = json.loads(path.with_name(path.name + ".json").read_text())
    image = np.asarray(Image.open(path).convert("RGB"))
    assert image.shape[:2] == (side["height"], side["width"]) and side["height"] == 480
    assert len(np.unique(image.reshape(-1, 3), axis=0)) > 100 and image.std() > 10
    assert side["output_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert side["versions"]["momentum-anim"] == version and side["story"]["title"]
    return side


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_render_extra_renders_a_still(full, backend):
    proc = run(full, "momentum-anim", "valley", "--backend", backend, "--format", "png", "--quality", "low",
               "-o", f"out/valley-{backend}.png")
    assert proc.returncode == 0, proc.stderr
    path = full / "work" / proc.stdout.strip().splitlines()[-1]
    side = check_still(path)
    assert side["scene"] == "valley" and side["backend"] == backend


def test_render_extra_finds_the_shipped_traces(full):
    where = run(full, "python", "-c", "from scenes.training.traces import TRACE_FILES as t; print(t['seed003'])")
    installed = Path(where.stdout.strip())
    assert installed.is_relative_to(full / "venv")
    for name in ("seed003.npz", "digits.npz"):
        assert (installed.parent / name).read_bytes() == (ROOT / "scenes" / "data" / name).read_bytes()

    proc = run(full, "momentum-anim", "training", "--backend", "mpl", "--format", "png", "--quality", "low")
    assert proc.returncode == 0, proc.stderr
    numbers = check_still(full / "work" / proc.stdout.strip().splitlines()[-1])["story"]["numbers"]
    with np.load(ROOT / "scenes" / "data" / "seed003.npz") as f:
        variants = [str(v) for v in f["variants"]]
        assert numbers["final_loss"]["sgd"] == pytest.approx(float(f["epoch_loss"][variants.index("sgd")][-1]))
    with np.load(ROOT / "scenes" / "data" / "digits.npz") as f:
        row = [str(v) for v in f["variants"]].index("momentum")
        assert numbers["digits"]["final_train_loss_mean"]["momentum"] == pytest.approx(
            float(np.mean(f["train_loss"][row, :, -1])))


def test_render_extra_leaves_torch_out(full):
    proc = run(full, "python", "-c", "import importlib.util as u; print(u.find_spec('torch'), u.find_spec('pytest'))")
    assert proc.stdout.split() == ["None", "None"]


# --- sim.training's command line (in the test environment, which has torch) ------------------------

def test_training_out_creates_its_folders(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "sim.training", "--experiment", "digits", "--epochs", "1",
                           "--seeds", "1", "--out", "a/b/d.npz"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "a/b/d.npz"
    with np.load(tmp_path / "a" / "b" / "d.npz") as f:
        assert f["train_loss"].shape == (3, 1, 1)


def test_failed_run_removes_only_the_folders_it_made(tmp_path):
    from sim.training.__main__ import make_folders, remove_folders

    (tmp_path / "kept").mkdir()
    made = make_folders(str(tmp_path / "kept" / "x" / "y" / "d.npz"))
    assert [Path(p) for p in made] == [tmp_path / "kept" / "x", tmp_path / "kept" / "x" / "y"]
    remove_folders(made)
    assert os.listdir(tmp_path) == ["kept"] and os.listdir(tmp_path / "kept") == []


def test_missing_trace_message_writes_the_file_the_scene_reads():
    from scenes.training.traces import MAKE_COMMANDS, TRACE_FILES

    for name, command in MAKE_COMMANDS.items():
        words = shlex.split(command)
        assert words[:3] == ["python", "-m", "sim.training"]
        assert Path(words[words.index("--out") + 1]) == TRACE_FILES[name]


def test_an_extra_is_missing_when_any_distribution_it_lists_is(monkeypatch):
    from scenes.kit.params import ParamError
    from scenes.output.plan import extras

    requires = ["numpy>=1.26", 'manim<0.23,>=0.22; extra == "render"', 'tqdm>=4.60; extra == "render"',
                'momentum-anim[render]; extra == "slides"', 'python-pptx>=1.0; extra == "slides"']
    installed = {"numpy", "tqdm"}

    def version(name):
        if name not in installed:
            raise extras.metadata.PackageNotFoundError(name)
        return "1"

    monkeypatch.setattr(extras.metadata, "requires", lambda name: requires)
    monkeypatch.setattr(extras.metadata, "version", version)
    assert extras.missing("render") == ["manim"]
    assert extras.missing("slides") == ["manim", "python-pptx"]
    with pytest.raises(ParamError, match=r"^rendering needs momentum-anim\[slides\] \(manim, python-pptx not "
                                         r'installed\): pip install "\.\[slides\]" in a checkout \(or the built wheel with \[slides\]\)$'):
        extras.require("slides", "rendering")
    installed |= {"manim", "python-pptx"}
    extras.require("slides", "rendering")  # nothing missing: no error

    def not_installed(name):
        raise extras.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(extras.metadata, "requires", not_installed)
    assert extras.missing("render") == []  # a source tree never installed is not checked


# --- what the wheel carries besides code, found and used from the installed package ----------------

def _data_files(top: Path) -> dict[str, bytes]:
    """Every file under sim/ and scenes/ that is not Python: templates, scripts, styles, reveal.js, traces, fonts."""
    return {p.relative_to(top).as_posix(): p.read_bytes() for folder in ("sim", "scenes") for p in (top / folder).rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
            and not p.name.startswith(".")}


def test_the_installed_package_holds_every_data_file_and_uses_it(house, full):
    wheels, _ = house
    where = run(full, "python", "-c", "import scenes, pathlib; print(pathlib.Path(scenes.__file__).parent.parent)")
    site = Path(where.stdout.strip())
    assert site.is_relative_to(full / "venv")
    source = _data_files(wheels.parent / "src")
    assert {"scenes/output/formats/revealjs/dist/reveal.js", "scenes/output/formats/web/player.js",
            "scenes/output/formats/clip_page/clip.js", "scenes/data/seed003.npz"} <= set(source)
    assert _data_files(site) == source  # each one installed, byte for byte
    probe = ("from scenes.output.formats import slides, web, clip_page\n"
             "print(slides.ASSETS, web.HERE, clip_page.HERE, sep='\\n')")
    for folder in run(full, "python", "-c", probe).stdout.split():
        assert Path(folder).is_relative_to(site) and any(Path(folder).iterdir())


USER_SCENE = '''
import numpy as np
from scenes.kit import Param, SceneSpec, beat, make_story, register

def make_data(p):
    xs = p["rate"] ** np.arange(9)
    return {"xs": xs, "story": make_story(f"x ends at {xs[-1]:.3g}", [beat("fall", 0.0, 1.0, "x shrinks.")])}

def draw_mpl(fig, data, theme):
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    line = ax.plot(data["xs"], color=theme.gd, lw=5, animated=True)[0]
    return lambda t: line.set_data(np.arange(9)[: 1 + int(8 * t)], data["xs"][: 1 + int(8 * t)])

register(SceneSpec(name="shrink", description="x times a rate", params=(Param("rate", "float", 0.5, "rate", 0.0, 1.0),),
                   make_data=make_data, duration=lambda d: 1.0, draw_mpl=draw_mpl, examples=({"rate": 0.9},)))
'''


@pytest.mark.parametrize("scene", ["valley", "shrink.py"])
def test_the_installed_package_writes_web_pages_from_outside_the_checkout(full, scene):
    """valley's explorable page (web/'s player) and a user's scene file's clip page (clip_page/'s player)."""
    (full / "work" / "shrink.py").write_text(USER_SCENE)
    drawn = ["--backend", "mpl"] if scene.endswith(".py") else []  # an explorable page is drawn by the browser
    proc = run(full, "momentum-anim", scene, "--format", "html", *drawn, "-o", "pages/")
    assert proc.returncode == 0, proc.stderr
    page = full / "work" / proc.stdout.strip().splitlines()[-1]
    text = page.read_text()
    side = json.loads(page.with_name(page.name + ".json").read_text())
    assert side["output_sha256"] == hashlib.sha256(page.read_bytes()).hexdigest() and page.stat().st_size < 1_500_000
    assert "<script" in text and "src=\"http" not in text and "href=\"http" not in text
    if scene == "shrink.py":
        assert [c["story"]["title"] for c in side["clips"]] == [f"x ends at {0.5 ** 8:.3g}", f"x ends at {0.9 ** 8:.3g}"]
        assert (ROOT / "scenes" / "output" / "formats" / "clip_page" / "clip.js").read_text() in text
    else:
        assert len(side["points"]) > 1 and side["scene"] == "valley"
