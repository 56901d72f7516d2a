"""Checks for the shell lines of the docs (`tests/test_docs_shell.py`): each command is taken apart and
held against what it names. `render.py` lines go through the real parser, the modes' option checks, the
scene's parameters and the plan of the render (everything short of rendering), and each option must be in
`render.py --help`; `--list`, `--check` and `--help` lines are run as written. Other programs: `python -m
sim.sweep` and `sim.training` by their parsers, scripts and benchmarks by their `--help`, `make` by the
Makefile's targets, `pip install` by pyproject's extras and version, `manim`/`manim-slides` by the file and
the class it defines. A command no check knows is an error, so a new kind of line needs a new check.
"""
from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.doc_blocks import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIPE_OK = {"head", "tail", "less", "grep"}
# commands about the reader's own machine that claim nothing about the project (a folder to make or enter,
# a file to look at or open, a clone): nothing to hold them against
MACHINE = {"cd", "mkdir", "ls", "cat", "cp", "mv", "echo", "export", "open", "xdg-open", "ffprobe", "ffplay", "git"}


def variants(command: str) -> list[str]:
    """`cmd [--a 1 | --b 2]` -> the command without the bracket and with each alternative."""
    m = re.search(r"(?<=\s)\[(\s*-[^\[\]]*)\]", command)  # [--a 1 | --b 2], not ".[render]"
    if not m:
        return [command]
    head, tail = command[:m.start()], command[m.end():]
    out = variants(head + tail)
    for alt in m.group(1).split("|"):
        out += variants(head + alt.strip() + tail)
    return out


def simple_commands(command: str) -> list[tuple[list[str], dict[str, str]]]:
    """(argv, environment assignments) for each command of a line joined by &&, ; or |."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars="|&;")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    out, argv = [], []
    for token in list(lexer) + ["&&"]:
        if token in ("&&", "||", "|", ";", "&"):
            env = {}
            while argv and re.match(r"^[A-Z_][A-Z0-9_]*=", argv[0]):
                key, _, value = argv.pop(0).partition("=")
                env[key] = value
            if argv:
                out.append((argv, env))
            argv = []
        else:
            argv.append(token)
    return out


@functools.cache
def help_text(*argv: str) -> str:
    proc = subprocess.run([sys.executable, *argv, "--help"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, f"{' '.join(argv)} --help failed: {proc.stderr[-300:]}"
    return proc.stdout


def options_in(argv: list[str]) -> list[str]:
    return [a.split("=")[0] for a in argv if a.startswith("--") or re.fullmatch(r"-[a-zA-Z]", a)]


def parse_with(parser, argv: list[str]):
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            return parser.parse_args(argv), None
    except SystemExit:
        return None, err.getvalue().strip() or "the parser refused it"


def check(command: str, files: dict[str, str], workdir: Path) -> list[str]:
    """Every problem with one documented command line ([] when none). `files`: name -> text of the files
    the page has the reader save (its scene file), written into `workdir` where a command names them."""
    problems = []
    for variant in variants(command):
        try:
            parts = simple_commands(variant)
        except ValueError as exc:
            problems.append(f"cannot split {variant!r}: {exc}")
            continue
        for argv, env in parts:
            problems += [f"{' '.join(argv)}: {p}" for p in _check_one(argv, env, files, workdir, len(parts) > 1)]
    return problems


def _check_one(argv, env, files, workdir, piped) -> list[str]:
    prog = argv[0]
    if prog in ("python", "python3", ".venv/bin/python"):
        rest = argv[1:]
        if rest[:1] == ["render.py"]:
            return check_render(rest[1:], files, workdir, piped)
        if rest[:1] == ["-m"]:
            return check_module(rest[1], rest[2:])
        if rest and rest[0] in files:  # a file the page has the reader save
            return []
        if rest[:1] == ["-c"]:  # run as written, in a folder of its own
            proc = subprocess.run([sys.executable, *rest], capture_output=True, text=True, cwd=workdir, timeout=120,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
            return [f"python -c exits {proc.returncode}: {proc.stderr.strip()[-300:]}"] if proc.returncode else []
        if rest and rest[0].endswith(".py"):
            script = ROOT / rest[0]
            if not script.is_file():
                return [f"no file {rest[0]}"]
            text = help_text(rest[0])
            return [f"{o} is not in {rest[0]} --help" for o in options_in(rest[1:]) if o not in text]
        return ["no check for this python command"]
    if prog == "momentum-anim":
        if PYPROJECT["project"]["scripts"].get("momentum-anim") != "render:main":
            return ["momentum-anim is not the package's command for render.main"]
        return check_render(argv[1:], files, workdir, piped)
    if prog == "make":
        targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.M))
        return [f"make has no target {t!r}" for t in argv[1:] if "=" not in t and t not in targets]
    if prog == "pip":
        return check_pip(argv[1:])
    if prog in ("manim", "manim-slides"):
        return check_manim(argv, env, files)
    if prog in (".", "source"):
        return [] if argv[1:] == [".venv/bin/activate"] else [f"unknown environment {argv[1:]}"]
    if prog in ("sudo", "apt-get"):
        words = argv[1:] if prog == "sudo" else argv
        return [] if words[:2] == ["apt-get", "install"] else ["only apt-get install is documented"]
    if (prog in PIPE_OK and piped) or prog in MACHINE:
        return []
    if prog == "jupyter":
        return [f"no file {a}" for a in argv[2:] if not a.startswith("-") and not (ROOT / a).exists()]
    return [f"no check for the command {prog!r}"]


def check_module(module: str, args: list[str]) -> list[str]:
    if module in ("sim.sweep", "sim.training"):
        main = __import__(f"{module}.__main__", fromlist=["build_parser"])
        _, error = parse_with(main.build_parser(), args)
        return [error] if error else []
    if module == "render":
        return check_render(args, {}, ROOT, False)
    if module == "build":
        dev = " ".join(PYPROJECT["project"]["optional-dependencies"]["dev"])
        return [] if re.search(r"\bbuild\b", dev) else ["'build' is not in the dev extra"]
    if module == "ipykernel":
        import importlib.util

        return [] if importlib.util.find_spec("ipykernel") else ["ipykernel is not installed"]
    return [f"no check for python -m {module}"]


def check_pip(args: list[str]) -> list[str]:
    if args[:1] != ["install"]:
        return ["only pip install is documented"]
    extras = set(PYPROJECT["project"]["optional-dependencies"])
    version = PYPROJECT["project"]["version"]
    out = []
    skip_next = False
    for arg in args[1:]:
        if skip_next or arg.startswith("-"):
            skip_next = arg in ("--index-url", "-i", "--extra-index-url")
            continue
        m = re.fullmatch(r"(.*?)(?:\[([\w,-]+)\])?", arg)
        target, wanted = m.group(1), (m.group(2) or "").split(",")
        if target.endswith(".whl"):
            name = f"momentum_anim-{version}-py3-none-any.whl"
            if Path(target).name != name:
                out.append(f"the wheel is named {name}, not {Path(target).name}")
        elif target in (".", "momentum-anim") or target.startswith("./"):
            pass
        elif m.group(2):
            out.append(f"extras on a package that is not this one: {arg}")
            continue
        else:
            continue  # another package by its index name (torch from PyTorch's index, xarray)
        out += [f"no extra {e!r} in pyproject.toml" for e in wanted if e and e not in extras]
    return out


def _scene_of_file(path: str):
    import scenes

    folder = Path(path).parent.name
    for name in scenes.names():
        spec = scenes.get(name)
        if spec.make_data.__module__.split(".")[1:2] == [folder]:
            return spec
    return None


def check_manim(argv: list[str], env: dict[str, str], files: dict[str, str]) -> list[str]:
    from scenes.kit.params import parse_assignments, resolve
    from scenes.kit.theme import THEMES

    words = [a for a in argv[1:] if not a.startswith("-")]
    if argv[0] == "manim-slides" and words[:1] == ["render"]:
        words = words[1:]
    elif argv[0] == "manim-slides" and len(words) == 1:  # manim-slides NAME: present what was rendered
        return [] if any(re.search(rf"class {words[0]}\(", p.read_text()) for p in ROOT.glob("scenes/*/manim.py")) \
            else [f"no scene class {words[0]}"]
    if len(words) != 2 or not ((ROOT / words[0]).is_file() or words[0] in files):
        return [f"expected FILE CLASS, got {words}"]
    text = files[words[0]] if words[0] in files else (ROOT / words[0]).read_text()
    out = [] if re.search(rf"^\s*(class {words[1]}\(|{words[1]} = )", text, re.M) else [f"{words[0]} has no {words[1]}"]
    spec = _scene_of_file(words[0])
    if "MOMENTUM_ANIM_SET" in env and spec is not None:
        try:
            resolve(spec.params, parse_assignments(env["MOMENTUM_ANIM_SET"].split(";")), spec.name)
        except Exception as exc:  # noqa: BLE001 (ParamError: the line says what is wrong)
            out.append(str(exc))
    if env.get("MOMENTUM_ANIM_THEME", "dark") not in THEMES:
        out.append(f"no theme {env['MOMENTUM_ANIM_THEME']!r}")
    return out


@functools.cache
def _run(argv: tuple[str, ...], piped: bool) -> str | None:
    cmd = [sys.executable, str(ROOT / "render.py"), *argv]
    if piped:  # `render.py --list | head`: the reader stops early
        proc = subprocess.run(f"{shlex.join(cmd)} | head -n 3", shell=True, capture_output=True, text=True,
                              cwd=ROOT, timeout=120, executable="/bin/bash")
        code = int(subprocess.run(f"set -o pipefail; {shlex.join(cmd)} | head -n 3 >/dev/null", shell=True,
                                  executable="/bin/bash", cwd=ROOT, timeout=120).returncode)
    else:
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)
        code = proc.returncode
    if code not in (0, 141) or "Traceback" in proc.stderr or (piped and proc.stderr):  # 141: SIGPIPE's status
        return f"exit {code}: {proc.stderr.strip()[-300:]}"
    return None


def check_render(argv: list[str], files: dict[str, str], workdir: Path, piped: bool) -> list[str]:
    from scenes.kit.params import ParamError, parse_assignments, resolve
    from scenes.output.plan import modes, scene_ref
    from scenes.output.plan.args import build_parser

    out = [f"{o} is not in render.py --help" for o in options_in(argv) if o not in help_text("render.py")]
    if "-h" in argv or "--help" in argv:
        ran = _run(tuple(argv), piped)
        return out + ([ran] if ran else [])
    args, error = parse_with(build_parser(), argv)
    if error:
        return out + [error]
    try:
        modes.check(args)
    except ParamError as exc:
        return out + [str(exc)]
    mode = modes.mode(args)
    if mode in ("list", "check"):
        ran = _run(tuple(argv), piped)
        return out + ([ran] if ran else [])
    if args.scene in ("all", "batch"):
        return out
    ref = args.scene
    if scene_ref.is_file_ref(ref):
        name = scene_ref.split_ref(ref)[0].name
        if name not in files and not (ROOT / name).is_file():
            return out + [f"{name} is neither a file here nor one the page has the reader save"]
        if name in files:
            (workdir / name).write_text(files[name])
            ref = str(workdir / ref)
    try:
        spec = scene_ref.spec_for(ref)
        params = resolve(spec.params, parse_assignments(args.sets), spec.name)
    except (ParamError, ValueError) as exc:
        return out + [str(exc)]
    if mode == "layout":
        return out
    return out + _plan(args, ref, spec, params)


def _plan(args, ref, spec, params) -> list[str]:
    """The render's plan, made as the command line makes it (nothing is written), and its --at moment."""
    from scenes.kit.params import parse_assignments
    from scenes.output.formats import poster
    from scenes.output.plan.request import RenderRequest, plan

    req = RenderRequest(scene=ref, backend=args.backend, fmt=args.fmt, quality=args.quality, fps=args.fps,
                        out=args.out, overrides=parse_assignments(args.sets), theme=args.theme,
                        transparent=args.transparent, cache_dir=args.cache_dir, embed=args.embed,
                        aspect=args.aspect, at=args.at, captions=args.captions)
    cwd = os.getcwd()
    try:
        os.chdir(Path(ref).parent if Path(ref).is_absolute() else ROOT)
        plan(req)
        if args.at not in (None, "end"):
            data = spec.make_data(dict(params))
            poster.moment(args.at, spec.story(data), float(spec.duration(data)))
    except Exception as exc:  # noqa: BLE001 (UsageError and friends: one line each)
        return [str(exc)]
    finally:
        os.chdir(cwd)
    return []
