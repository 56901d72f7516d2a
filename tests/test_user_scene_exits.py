"""A scene file cannot end or hijack the process: sys.exit() or a KeyboardInterrupt that the file raises
itself while loading is one line (exit 2 on the command line, RenderError in Python, the render named in a
batch), while a real Ctrl-C during loading still interrupts."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXITS = {
    "exit 0": ("import sys\nsys.exit(0)\n", "sys.exit(0)"),
    "exit 1": ("import sys\nsys.exit(1)\n", "sys.exit(1)"),
    "exit message": ("raise SystemExit('bye')\n", "sys.exit('bye')"),
    "exit None": ("import sys\nsys.exit()\n", "sys.exit(None)"),
    "quit": ("quit()\n", "sys.exit(None)"),
    "os-less interrupt": ("raise KeyboardInterrupt\n", "KeyboardInterrupt"),
    "exit after registering": ("from scenes.kit import register\nimport sys\nsys.exit(3)\n", "sys.exit(3)"),
}


def _cli(*args, cwd):
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


@pytest.mark.parametrize("case", list(EXITS))
def test_on_the_command_line(tmp_path, case):
    source, words = EXITS[case]
    (tmp_path / "quits.py").write_text(source)
    proc = _cli("quits.py", "--format", "png", "--backend", "mpl", "--quality", "low", cwd=tmp_path)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "quits.py" in lines[0] and words in lines[0], proc.stderr
    assert not (tmp_path / "media").exists()


@pytest.mark.parametrize("case", ["exit 0", "os-less interrupt"])
def test_in_python(tmp_path, case):
    from scenes.output.plan.api import RenderError, render

    path = tmp_path / f"quits_{case.replace(' ', '_').replace('-', '_')}.py"
    path.write_text(EXITS[case][0])
    with pytest.raises(RenderError, match=EXITS[case][1].replace("(", r"\(").replace(")", r"\)")):
        render(str(path), out=str(tmp_path / "x.png"), backend="mpl", quality="low")
    assert not (tmp_path / "x.png").exists()


def test_in_a_batch_the_render_is_named_and_nothing_runs(tmp_path):
    (tmp_path / "quits.py").write_text(EXITS["exit 0"][0])
    batch = tmp_path / "b.toml"
    batch.write_text('[[render]]\nscene = "valley"\nformat = "png"\nbackend = "mpl"\nquality = "low"\n\n'
                     '[[render]]\nscene = "quits.py"\nformat = "png"\n')
    proc = _cli("batch", str(batch), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "quits.py" in lines[0] and "sys.exit(0)" in lines[0], proc.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_real_interrupt_while_a_file_loads_still_stops_the_render(tmp_path):
    (tmp_path / "slow.py").write_text("import time\nopen('loading', 'w').close()\ntime.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, str(ROOT / "render.py"), "slow.py", "--format", "png"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (tmp_path / "loading").exists():
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "sys.exit" not in err and "KeyboardInterrupt" not in err
