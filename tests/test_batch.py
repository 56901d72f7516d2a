"""render.py batch FILE and all --scheduler: a batch on a two-worker LocalCluster writes the same files and
sidecars as the same renders one by one; up-to-date renders are skipped; bad batch files are one line and
exit 2; a stop request ends a worker's render and leaves no temporaries."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import render
from scenes.output.plan import batch

distributed = pytest.importorskip("distributed")

BATCH = """
[defaults]
backend = "mpl"
quality = "low"
fps = 1

[[render]]
scene = "sine"
params = { periods = 1, speed = 1000 }
format = "gif"

[[render]]
scene = "valley"
params = { steps = 10, speed = 120 }
theme = "light"
format = "mp4"
out = "{tmp}/one-by-one-names/valley.mp4"

[[render]]
scene = "ravine"
params = { steps = 20 }
aspect = "1:1"
format = "png"

[[render]]
scene = "decay"
format = "mp4"
"""


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as c:
        yield c


def _entries(tmp: Path) -> list[dict]:
    import tomllib

    data = tomllib.loads(BATCH.replace("{tmp}", str(tmp)))
    return [{**data["defaults"], **e} for e in data["render"]]


def _one_by_one_argv(entry: dict, out: Path, cache: Path) -> list[str]:
    """The command line a user would type for one entry (written here, not by the batch code)."""
    argv = [entry["scene"], "--backend", entry["backend"], "--quality", entry["quality"], "--format",
            entry["format"], "--out", str(out), "--cache-dir", str(cache)]
    if entry["format"] != "png":  # a still has no frame rate: the file's default fps is not for it
        argv += ["--fps", str(entry["fps"])]
    argv += ["--theme", entry.get("theme", "dark"), "--aspect", entry.get("aspect", "16:9")]
    return argv + [f"--set={k}={v}" for k, v in entry.get("params", {}).items()]


@pytest.mark.slow
def test_a_batch_on_the_cluster_equals_the_renders_one_by_one(cluster, tmp_path, capsys):
    spec = tmp_path / "course.toml"
    spec.write_text(BATCH.replace("{tmp}", str(tmp_path / "batch")))
    code = render.main(["batch", str(spec), "--out", str(tmp_path / "batch"), "--scheduler",
                        cluster.scheduler_address, "--cache-dir", str(tmp_path / "cache-b")])
    written = capsys.readouterr().out.split()
    assert code == 0 and len(written) == 4
    for entry in _entries(tmp_path / "batch"):
        (match,) = [Path(p) for p in written if Path(p).name.startswith(entry["scene"])]
        alone = tmp_path / "alone" / match.name  # the same name: the sidecar names its poster
        assert render.main(_one_by_one_argv(entry, alone, tmp_path / "cache-a")) == 0
        assert match.read_bytes() == alone.read_bytes(), entry["scene"]
        side = json.loads(Path(f"{match}.json").read_text())
        assert side == json.loads(Path(f"{alone}.json").read_text())
        assert side["scene"] == entry["scene"] and side["backend"] == "mpl" and side["format"] == entry["format"]
    capsys.readouterr()
    # again: every render is up to date, so no file is written anew
    inodes = {p: Path(p).stat().st_ino for p in written}
    code = render.main(["batch", str(spec), "--out", str(tmp_path / "batch"), "--scheduler",
                        cluster.scheduler_address, "--cache-dir", str(tmp_path / "cache-b")])
    assert code == 0 and {p: Path(p).stat().st_ino for p in written} == inodes
    leftovers = [p.name for p in (tmp_path / "batch").rglob("*") if ".tmp" in p.name or p.name.startswith(".")]
    assert leftovers == []


@pytest.mark.parametrize("text, words", [
    ('[[render]]\nscene = "valley"\ncolour = "red"\n', "render 1: unknown key 'colour'"),
    ('[[render]]\nparams = { momentum = 0.5 }\n', "render 1: needs scene"),
    ('[[render]]\nscene = "valley"\nparams = { momentum = 5 }\n', "render 1 (valley): "),
    ('[[render]]\nscene = "nope"\n', "render 1 (nope): "),
    ('[[render]]\nscene = "valley"\nbackend = "mpl"\n[[render]]\nscene = "valley"\nbackend = "mpl"\n',
     "renders 1 and 2 both write"),
    ('[[render]\nscene = "valley"\n', "is not valid TOML"),
    ('title = "x"\n', "expected [[render]] tables"),
])
def test_bad_batch_files_are_one_line_and_exit_2(tmp_path, capsys, text, words):
    spec = tmp_path / "bad.toml"
    spec.write_text(text)
    assert render.main(["batch", str(spec), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


@pytest.mark.alone
def test_a_stop_request_ends_a_workers_render_and_leaves_no_temporaries(cluster, tmp_path):
    out = tmp_path / "stopped"
    entry = {"scene": "valley", "backend": "mpl", "quality": "low", "format": "mp4"}
    job = batch.job_from_entry(entry, "test", out, force=False, cache_dir=str(tmp_path / "cache"))
    with distributed.Client(cluster, set_as_default=False) as client:
        stop = distributed.Event("stop-test", client=client)
        stop.set()
        early = client.submit(batch_task(), job.argv, "stop-test", False, pure=False).result()
        assert early == (130, "", "not started: interrupted")
        stop.clear()
        out.mkdir()
        running = client.submit(batch_task(), job.argv, "stop-test", False, pure=False)
        deadline = time.monotonic() + 60
        while not any(out.iterdir()) and time.monotonic() < deadline:  # the render reserved its temporaries
            time.sleep(0.2)
        stop.set()
        code, path, err = running.result(timeout=90)
    assert code == 143 and path == ""
    assert list(out.iterdir()) == []  # no output, no sidecar, no temporary


def batch_task():
    from scenes.output.plan.distributed import render_task

    return render_task


def test_a_failed_render_is_one_line_exit_1_and_the_others_are_written(tmp_path, capsys):
    """Here, without a scheduler: a user's scene file whose data step raises, beside a good render."""
    import re

    guide = (Path(render.__file__).parent / "docs" / "writing-a-scene.md").read_text()
    code = re.search(r"```python\n(.*?)```", guide, re.S).group(1)
    broken = tmp_path / "broken_scene.py"
    broken.write_text(code.replace("def make_data(p):\n", "def make_data(p):\n    raise RuntimeError('broken on purpose')\n"))
    spec = tmp_path / "b.toml"
    spec.write_text(f'renders = [\n  {{ scene = "{broken}", backend = "mpl", quality = "low", format = "png" }},\n'
                    '  { scene = "sine", backend = "mpl", quality = "low", format = "png" },\n]\n')
    code = render.main(["batch", str(spec), "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "c"),
                        "--jobs", "2"])
    out, err = capsys.readouterr()
    assert code == 1
    failed = [line for line in err.splitlines() if " failed: " in line]
    assert len(failed) == 1 and "broken on purpose" in failed[0]
    assert out.split() == [str((tmp_path / "out" / "sine-dark-low.png").resolve())]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["sine-dark-low.png", "sine-dark-low.png.json"]


def test_all_on_a_scheduler_is_one_job_per_scene_with_the_options_of_all(tmp_path):
    import scenes
    from scenes.output.plan import cli
    from scenes.output.plan.args import build_parser

    args = build_parser().parse_args(["all", "--backend", "mpl", "--quality", "low", "--theme", "light",
                                      "--format", "png", "--aspect", "1:1", "--scheduler", "tcp://h:1",
                                      "--cache-dir", "rel-cache"])
    jobs = batch.all_jobs(args, tmp_path, cli._child_args)
    assert [j.argv[0] for j in jobs] == scenes.names()
    for job in jobs:
        argv = job.argv
        assert argv[argv.index("--out") + 1] == str(tmp_path.resolve()) + "/"
        assert argv[argv.index("--cache-dir") + 1] == str(Path("rel-cache").resolve())
        for flag, value in (("--backend", "mpl"), ("--quality", "low"), ("--theme", "light"),
                            ("--format", "png"), ("--aspect", "1:1")):
            assert argv[argv.index(flag) + 1] == value


@pytest.mark.alone
def test_ctrl_c_stops_the_workers_renders_and_leaves_no_temporaries(cluster, tmp_path):
    import signal
    import subprocess
    import sys

    spec = tmp_path / "long.toml"
    spec.write_text('renders = [\n'
                    '  { scene = "valley", backend = "mpl", quality = "low", format = "mp4" },\n'
                    '  { scene = "ravine", backend = "mpl", quality = "low", format = "mp4" },\n'
                    '  { scene = "decay", backend = "mpl", quality = "low", format = "mp4" },\n]\n')
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, str(Path(render.__file__)), "batch", str(spec), "--out", str(out),
                             "--scheduler", cluster.scheduler_address, "--cache-dir", str(tmp_path / "c")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not (out.exists() and any(p.name.startswith(".") for p in out.iterdir())):
        time.sleep(0.2)  # until a worker's render has reserved its temporaries
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr.splitlines()[-1] and "Traceback" not in stderr
    # Nothing half-written. A render that finished in the moment before the signal may stay, whole: its
    # output and sidecar both, and its path on stdout.
    left = sorted(p.name for p in out.iterdir())
    assert not [name for name in left if name.startswith(".")], left
    finished = [name for name in left if not name.endswith(".json") and not name.endswith(".poster.png")]
    assert len(finished) < 3
    for name in finished:
        assert f"{name}.json" in left
    assert sorted(Path(line).name for line in stdout.split()) == finished


def test_an_unreachable_scheduler_is_named():
    from scenes.output.plan.distributed import SchedulerUnreachable, connect

    with pytest.raises(SchedulerUnreachable) as err:
        connect("tcp://127.0.0.1:9", None, timeout=1)
    assert "tcp://127.0.0.1:9" in str(err.value) and "\n" not in str(err.value)


def test_a_batch_on_an_unreachable_scheduler_is_one_line_and_makes_no_folder(tmp_path):
    import subprocess
    import sys

    spec = tmp_path / "one.toml"
    spec.write_text('renders = [\n  { scene = "sine", backend = "mpl", quality = "low", format = "png" },\n]\n')
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, str(Path(render.__file__)), "batch", str(spec), "--out", str(out),
                           "--scheduler", "tcp://127.0.0.1:9"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "tcp://127.0.0.1:9" in lines[0] and "Traceback" not in proc.stderr
    assert not out.exists()
