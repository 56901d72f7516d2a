"""An option the output format would ignore (a frame rate for a still; the video's backend, quality, frame
rate, aspect and captions for an explorable page) is refused in one line wherever it is given explicitly:
on the command line (tests/test_options_modes.py), in a batch file's render and in the Python API. A batch
file's [defaults] lie beneath the renders they fit and are left out of the others, so one [defaults] table
serves videos, stills and pages alike."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

import scenes
from render import RenderError, render
from scenes.kit.params import ParamError
from scenes.output.plan import batch

# each ignored option with a value away from its default, as a batch key and as an API keyword
SET = {"fps": 5, "backend": "mpl", "quality": "low", "aspect": "9:16", "captions": "files"}
EXPLORABLE = [n for n in scenes.names() if scenes.get(n).web is not None]
CASES = [("png", "valley", "fps")] + [("html", scene, key) for scene in EXPLORABLE[:3] for key in SET if key != "fps"] \
    + [("html", EXPLORABLE[-1], "fps")]


def _args(tmp_path):
    return SimpleNamespace(out=str(tmp_path / "out"), force=False, cache_dir=None, given=frozenset())


def _batch(tmp_path, text: str):
    path = tmp_path / "b.toml"
    path.write_text(text)
    (tmp_path / "out").mkdir(exist_ok=True)
    return batch.read_file(str(path), _args(tmp_path))


@pytest.mark.parametrize("fmt,scene,key", CASES)
def test_a_batch_render_that_gives_it_is_refused(tmp_path, fmt, scene, key):
    value = f'"{SET[key]}"' if isinstance(SET[key], str) else SET[key]
    with pytest.raises(ParamError) as err:
        _batch(tmp_path, f'[[render]]\nscene = "{scene}"\nformat = "{fmt}"\n{key} = {value}\n')
    line = str(err.value)
    assert "\n" not in line and f"render 1 ({scene}): {key} does not apply to format {fmt}" in line


@pytest.mark.parametrize("fmt,scene,key", CASES)
def test_a_default_that_does_not_fit_is_left_out_of_that_render(tmp_path, fmt, scene, key):
    value = f'"{SET[key]}"' if isinstance(SET[key], str) else SET[key]
    video = "sine" if key != "captions" else "valley"
    jobs = _batch(tmp_path, f'[defaults]\n{key} = {value}\n\n[[render]]\nscene = "{scene}"\nformat = "{fmt}"\n\n'
                            f'[[render]]\nscene = "{video}"\nformat = "mp4"\n')
    flag = "--" + key
    ignored, applied = jobs[0].argv, jobs[1].argv
    assert flag not in ignored  # the page or the still is planned without it
    assert applied[applied.index(flag) + 1] == str(SET[key])  # the video takes it


@pytest.mark.parametrize("fmt,scene,key", CASES)
def test_the_api_refuses_it_in_one_line_before_any_work(tmp_path, fmt, scene, key):
    out = tmp_path / f"x.{fmt}"
    with pytest.raises(RenderError) as err:
        render(scene, fmt=fmt, out=out, **{key: SET[key]})
    assert "\n" not in str(err.value) and str(err.value).startswith(f"{key}=") and f"fmt={fmt!r}" in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_a_scene_without_an_explorable_page_keeps_the_video_options(tmp_path):
    plain = next(n for n in scenes.names() if scenes.get(n).web is None)
    jobs = _batch(tmp_path, f'[[render]]\nscene = "{plain}"\nformat = "html"\nbackend = "mpl"\nquality = "low"\n')
    argv = jobs[0].argv
    assert argv[argv.index("--backend") + 1] == "mpl" and argv[argv.index("--quality") + 1] == "low"
