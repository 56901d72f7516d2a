"""render.py around the render: a closed or full stdout, Ctrl-C while starting, an interrupted batch that
says what it wrote, outputs into /proc or /sys, and the rules tying parameters together in --list.
"""
from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

import scenes
from tests.disk_faults import ROOT, cli

# Runs `render.py all` in a real process whose children are stand-ins: each writes its file and prints
# its path, except the one named in argv[2], which interrupts the batch (SIGINT to its parent) instead.
FAKE_BATCH = r"""
import sys
from pathlib import Path
import render
from scenes.output.plan import cli

CHILD = ("import os, signal, sys, time\n"
         "if sys.argv[2] == sys.argv[3]:\n"
         "    os.kill(os.getppid(), signal.SIGINT); time.sleep(60)\n"
         "open(sys.argv[1], 'w').write('x'); print(sys.argv[1])\n")
out, stop = Path(sys.argv[1]), sys.argv[2]
cli._child_args = lambda args, scene, out_dir: [sys.executable, "-c", CHILD, str(out_dir / f"{scene}.png"), scene, stop]
sys.exit(render.main(["all", "--jobs", "1", "--backend", "mpl", "--out", str(out)]))
"""


def closed_pipe() -> int:
    read, write = os.pipe()
    os.close(read)
    return write


@pytest.mark.parametrize("stdout", ["closed pipe", "/dev/full"])
def test_a_closed_or_full_stdout_does_not_fail_a_written_render(tmp_path, stdout):
    out = tmp_path / "v.png"
    sink = closed_pipe() if stdout == "closed pipe" else os.open("/dev/full", os.O_WRONLY)
    try:
        proc = subprocess.run(cli("valley", "--backend", "mpl", "--quality", "low", "-o", str(out),
                                  "--cache-dir", str(tmp_path / "cache")),
                              stdout=sink, stderr=subprocess.PIPE, text=True, timeout=300)
    finally:
        os.close(sink)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    assert out.is_file() and Path(str(out) + ".json").is_file()
    assert str(out) in proc.stderr  # the path the user could not see on stdout


def test_all_with_a_closed_stdout_finishes_the_batch(tmp_path):
    sink = closed_pipe()
    try:
        proc = subprocess.run([sys.executable, "-c", FAKE_BATCH, str(tmp_path), "no scene stops it"],
                              stdout=sink, stderr=subprocess.PIPE, text=True, timeout=300, cwd=ROOT)
    finally:
        os.close(sink)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.png" for n in scenes.names())


def test_interrupting_all_says_which_scenes_were_written(tmp_path):
    names = scenes.names()
    stop = names[2]
    proc = subprocess.run([sys.executable, "-c", FAKE_BATCH, str(tmp_path), stop], capture_output=True,
                          text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 130, proc.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(f"{n}.png" for n in names[:2])
    last = proc.stderr.strip().splitlines()[-1]
    assert "nothing was written" not in last and "Traceback" not in proc.stderr
    for name in names:
        assert (str(tmp_path / f"{name}.png") in last) == (name in names[:2]), last


# Sends a real SIGINT to the process itself at the moment `argv[1]` is first imported, then runs
# render.py as a script: Ctrl-C while the program is still loading.
CTRL_C_WHILE_LOADING = r"""
import builtins, os, runpy, signal, sys

target, real = sys.argv[1], builtins.__import__

def hook(name, *args, **kwargs):
    if name == target:
        builtins.__import__ = real
        os.kill(os.getpid(), signal.SIGINT)
    return real(name, *args, **kwargs)

builtins.__import__ = hook
sys.argv = [sys.argv[2], "--list"]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


@pytest.mark.parametrize("module", ["argparse", "scenes", "numpy"])
def test_ctrl_c_while_loading_exits_130_without_a_traceback(module):
    proc = subprocess.run([sys.executable, "-c", CTRL_C_WHILE_LOADING, module, str(ROOT / "render.py")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr.strip() == "interrupted; nothing was written"


@pytest.mark.parametrize("folder", ["/proc", "/sys"])
def test_out_into_proc_or_sys_fails_before_rendering(tmp_path, folder):
    if not Path(folder).is_dir():
        pytest.skip(f"no {folder} here")
    proc = subprocess.run(cli("valley", "--backend", "mpl", "--quality", "low", "-o", f"{folder}/v.png",
                              "--cache-dir", str(tmp_path / "cache")), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert folder in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "cache").exists()  # the simulation never ran


def test_list_prints_the_rules_that_tie_parameters_together(monkeypatch, capsys):
    from scenes.output.plan import cli
    from scenes.kit import registry

    rule = "drop_at must be below steps"
    spec = scenes.get("conventions")
    monkeypatch.setitem(registry._REGISTRY, "conventions", dataclasses.replace(spec, notes=spec.notes + (rule,)))
    cli.print_list()
    blocks = {block.split()[0]: block.splitlines() for block in capsys.readouterr().out.strip().split("\n\n")}
    assert set(blocks) == set(scenes.names())
    for name, lines in blocks.items():
        spec = scenes.get(name)
        notes = [line.strip() for line in lines if line.strip().startswith("note:")]
        assert notes == [f"note: {note}" for note in spec.notes]
        last_param = max(i for i, line in enumerate(lines) if line.split()[0] in {p.name for p in spec.params})
        assert all(i > last_param for i, line in enumerate(lines) if line.strip().startswith("note:"))
    assert f"note: {rule}" in "\n".join(blocks["conventions"])
