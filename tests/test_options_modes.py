"""No option is silently ignored: every command-line option against every mode (one scene, a user's
file, all, batch, --list, --check) is either applied or refused in one line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scenes.kit.params import ParamError
from scenes.output.plan import batch, cli, modes
from scenes.output.plan.args import build_parser

ROOT = Path(__file__).resolve().parent.parent
OPTIONS = {
    "backend": ["--backend", "mpl"], "fmt": ["--format", "png"], "quality": ["--quality", "low"],
    "fps": ["--fps", "10"], "out": ["-o", "OUTDIR/"], "sets": ["--set", "steps=20"], "embed": ["--embed"],
    "at": ["--at", "end"], "captions": ["--captions", "files"], "theme": ["--theme", "light"],
    "aspect": ["--aspect", "9:16"], "transparent": ["--transparent"], "cache_dir": ["--cache-dir", "CACHE"],
    "force": ["--force"], "jobs": ["--jobs", "1"], "scheduler": ["--scheduler", "tcp://127.0.0.1:1"],
    "workers": ["--workers", "1"], "verbose": ["--verbose"],
}
USER_FILE = ('import sim\nfrom scenes.kit import Param, SceneSpec, beat, make_story, register\n'
             'register(SceneSpec(name="tiny-user", description="a user scene", params=(Param("n", "int", 1, "n", 0, 2),),'
             ' make_data=lambda p: {"story": make_story("t", [beat("a", 0, 1, "c")])}, duration=lambda d: 1.0,'
             ' draw_mpl=lambda fig, d, th: (lambda t: None)))\n')


@pytest.fixture(scope="module")
def where(tmp_path_factory):
    folder = tmp_path_factory.mktemp("modes")
    (folder / "mine.py").write_text(USER_FILE)
    (folder / "b.toml").write_text('[[render]]\nscene = "valley"\n\n[[render]]\nscene = "ravine"\nquality = "high"\n')
    return folder


def _modes(folder: Path) -> dict[str, list[str]]:
    return {"scene": ["valley"], "user file": [str(folder / "mine.py")], "all": ["all"],
            "batch": ["batch", str(folder / "b.toml")], "list": ["--list"], "check": ["--check"]}


def _args(folder: Path, mode_argv: list[str], option: str):
    tokens = [t.replace("OUTDIR", str(folder / "out")).replace("CACHE", str(folder / "cache"))
              for t in OPTIONS[option]]
    if option in ("at", "transparent") and mode_argv[0] in ("batch", "all"):
        tokens += ["--format", "png"]  # both need a still (or a format with alpha) to mean anything
    return build_parser().parse_args(mode_argv + tokens)


CASES = [(m, o) for m in ("scene", "user file", "all", "batch", "list", "check") for o in OPTIONS]


@pytest.mark.parametrize("mode,option", CASES)
def test_each_option_is_applied_or_refused(where, mode, option):
    args = _args(where, _modes(where)[mode], option)
    takes = modes.TAKES[modes.mode(args)]
    if option not in takes:
        with pytest.raises(ParamError, match="does not apply to"):
            modes.check(args)
        return
    modes.check(args)  # taken: and applied, as far as the mode can show it here
    tokens = [t for t in OPTIONS[option] if t.startswith("-")]
    if mode == "batch" and option in modes.BATCH_KEYS:
        jobs = batch.read_file(args.batch_file, args)
        value = str(getattr(args, option)).lower() if option != "transparent" else None
        first, second = jobs[0].argv, jobs[1].argv
        if option == "transparent":
            assert "--transparent" in first
        else:
            flag = tokens[0]
            assert flag in first and first[first.index(flag) + 1].lower() == value, first
        if option == "quality":  # the file's own value wins over the command line's
            assert second[second.index("--quality") + 1] == "high"
    if mode == "all" and option in modes.RENDER:
        argv = cli._child_args(args, "valley", where / "out")
        assert tokens[0] in argv or (option == "out" and "--out" in argv), (option, argv)


@pytest.mark.parametrize("mode", ["scene", "all", "batch", "list", "check"])
def test_a_refused_option_is_one_line_and_exit_2_on_the_command_line(where, mode):
    refused = next(o for o in OPTIONS if o not in modes.TAKES[{"scene": "scene"}.get(mode, mode)])
    argv = _modes(where)[mode] + [t.replace("OUTDIR", str(where / "o")).replace("CACHE", str(where / "c"))
                                   for t in OPTIONS[refused]]
    proc = subprocess.run([sys.executable, str(ROOT / "render.py"), *argv], capture_output=True, text=True,
                          cwd=where, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "does not apply" in proc.stderr


def test_list_shows_a_user_files_scenes_and_one_named_scene(where):
    proc = subprocess.run([sys.executable, str(ROOT / "render.py"), "--list", str(where / "mine.py")],
                          capture_output=True, text=True, cwd=where, timeout=120)
    assert proc.returncode == 0 and proc.stdout.startswith("tiny-user"), proc.stderr
    proc = subprocess.run([sys.executable, str(ROOT / "render.py"), "--list", "ravine"], capture_output=True,
                          text=True, cwd=where, timeout=120)
    assert proc.returncode == 0 and proc.stdout.startswith("ravine") and "valley" not in proc.stdout


# ------------------------------------------------------------------------------ every flag x every format

FLAGS = {
    "backend": ["--backend", "mpl"], "quality": ["--quality", "low"], "fps": ["--fps", "10"],
    "out": ["-o", "OUTDIR/"], "sets": ["--set", "steps=20"], "embed": ["--embed"], "at": ["--at", "end"],
    "captions": ["--captions", "files"], "captions burn": ["--captions", "burn"], "theme": ["--theme", "light"],
    "aspect": ["--aspect", "9:16"], "transparent": ["--transparent"], "cache_dir": ["--cache-dir", "CACHE"],
    "force": ["--force"], "verbose": ["--verbose"],
}
FORMATS = ("mp4", "gif", "webm", "mov", "png", "html", "slides", "pptx")
_VIDEO_REFUSES = {"at", "embed"}
# What each format cannot use, for a built-in scene with an explorable page (valley): written out here.
REFUSES = {
    "mp4": _VIDEO_REFUSES | {"transparent"}, "gif": _VIDEO_REFUSES | {"transparent"},
    "webm": _VIDEO_REFUSES, "mov": _VIDEO_REFUSES,
    "png": {"fps", "captions", "captions burn", "embed"},
    "html": {"backend", "quality", "fps", "aspect", "captions", "captions burn", "at", "transparent"},
    "slides": _VIDEO_REFUSES | {"transparent", "captions"}, "pptx": _VIDEO_REFUSES | {"transparent", "captions"},
}


def _plan(folder: Path, argv: list[str]):
    """What the command line does before any work: the mode's checks, then the plan (as cli does)."""
    from scenes.kit.params import parse_assignments
    from scenes.output.plan.request import RenderRequest, plan

    args = build_parser().parse_args(argv)
    modes.check(args)
    return args, plan(RenderRequest(
        scene=args.scene, backend=args.backend, fmt=args.fmt, quality=args.quality, fps=args.fps, out=args.out,
        overrides=parse_assignments(args.sets), theme=args.theme, transparent=args.transparent,
        verbose=args.verbose, cache_dir=args.cache_dir, force=args.force, embed=args.embed, aspect=args.aspect,
        at=args.at, captions=args.captions))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("flag", list(FLAGS))
def test_each_flag_is_applied_or_refused_by_each_format(where, fmt, flag):
    tokens = [t.replace("OUTDIR", str(where / "o")).replace("CACHE", str(where / "c")) for t in FLAGS[flag]]
    argv = ["valley", "--format", fmt, *tokens]
    if flag != "out":
        argv += ["-o", str(where / "o") + "/"]
    if flag in REFUSES[fmt]:
        with pytest.raises(ParamError) as refused:
            _plan(where, argv)
        assert "\n" not in str(refused.value) and tokens[0] in str(refused.value)
        return
    args, p = _plan(where, argv)
    assert p.fmt == fmt
    # applied: what the plan can show of it
    if flag == "quality":
        assert min(p.width, p.height) == 480
    if flag == "fps":
        assert p.fps == 10
    if flag == "aspect":
        assert p.height > p.width
    if flag == "sets":
        assert p.params["steps"] == 20
    if flag == "out":
        assert p.path.parent == where / "o"
    if flag == "captions":
        from scenes.output.plan.request import companion_suffixes

        assert ".vtt" in companion_suffixes(_request(args), fmt)
    if flag == "embed":
        from scenes.output.plan.request import companion_suffixes

        assert companion_suffixes(_request(args), fmt) == (".embed.html",)


def _request(args):
    from scenes.output.plan.request import RenderRequest

    return RenderRequest(scene=args.scene, fmt=args.fmt, captions=args.captions, embed=args.embed)


@pytest.mark.parametrize("argv", [
    ["valley", "--format", "html", "--captions", "files"], ["valley", "-o", "p.html", "--captions"],
    ["ravine", "--format", "html", "--backend", "mpl"], ["rates", "--format", "html", "--quality", "high"],
    ["valley", "--format", "html", "--aspect", "9:16"], ["valley", "--format", "png", "--fps", "24"],
    ["valley", "-o", "still.png", "--fps", "24"], ["all", "--format", "html", "--captions", "burn"],
])
def test_flags_a_format_ignores_exit_2_in_one_line(where, argv):
    proc = subprocess.run([sys.executable, str(ROOT / "render.py"), *argv], capture_output=True, text=True,
                          cwd=where, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "does not apply to --format" in proc.stderr, proc.stderr
    assert not any(where.glob("*.html")) and not any(where.glob("*.png")), "nothing is written"


def test_the_format_is_the_one_the_plan_writes(where):
    """modes.output_format reads --format, else --out's name, as the plan does (checked against it)."""
    from scenes.output.plan.request import RenderRequest, plan

    for out in ("a.mp4", "a.gif", "b.PNG", "c.slides.html", "d.html", "e.pptx", "f.webm", "g.mov", "dir/"):
        path = f"{where}/{out}"
        args = build_parser().parse_args(["valley", "-o", path])
        assert modes.output_format(args) == plan(RenderRequest(scene="valley", out=path)).fmt, out
    assert modes.output_format(build_parser().parse_args(["valley"])) == "mp4"
