"""Every --set parameter of every scene, and every option, with bad values: one line, exit 2, no file."""
from __future__ import annotations

import pytest

import render
import scenes



def bad_values(p) -> list[str]:
    if p.kind == "bool":
        return ["maybe", ""]
    if p.kind == "choice":
        return ["no-such-choice", ""]
    if p.kind == "text":
        return ["", "((", "no_such_name", "1,2,3,"]
    values = ["abc", "nan", "inf", "-inf", "", "1e9", "1e400"]
    values.append(repr(p.low - max(1.0, abs(p.low))))  # below the lower bound
    if p.high < 1e9:
        values.append(repr(p.high * 10 + 1))
    if p.kind == "int":
        values.append(repr(p.low + 0.5))
    return values


CASES = [(name, p.name, v) for name in scenes.names() for p in scenes.get(name).params for v in bad_values(p)]


def run_main(args, capsys) -> tuple[int, str]:
    try:
        code = render.main(args)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    return code, capsys.readouterr().err


@pytest.mark.parametrize("scene, key, value", CASES)
def test_bad_parameter_value(tmp_path, capsys, scene, key, value):
    code, err = run_main([scene, "--set", f"{key}={value}", "--out", str(tmp_path) + "/", "--backend", "mpl",
                          "--cache-dir", str(tmp_path / "cache")], capsys)
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ") and key in err
    assert "Traceback" not in err
    assert not any(p.name != "cache" for p in tmp_path.iterdir())


@pytest.mark.parametrize("scene", scenes.names())
def test_unknown_parameter(tmp_path, capsys, scene):
    code, err = run_main([scene, "--set", "no_such_param=1", "--out", str(tmp_path) + "/"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    for p in scenes.get(scene).params:
        assert p.name in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("option, values", [
    ("--backend", ["", "opengl", "MPL"]),
    ("--format", ["", "avi", "MP4"]),
    ("--quality", ["", "ultra", "1080p"]),
    ("--theme", ["", "blue"]),
    ("--fps", ["", "abc", "nan", "inf", "-5", "0", "1e9"]),
    ("--jobs", ["", "x", "0", "-1", "1e9"]),
    ("--out", ["", "clip.avi", "clip"]),
])
def test_bad_option_value(tmp_path, capsys, monkeypatch, option, values):
    monkeypatch.chdir(tmp_path)
    for value in values:
        code, err = run_main(["valley", option, value], capsys)
        assert code == 2, (option, value, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, (option, value, err)
    assert list(tmp_path.iterdir()) == []
