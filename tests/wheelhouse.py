"""A wheelhouse for installing the project into a fresh virtual environment without the network.

Every dependency a requirement needs, transitively, is already installed in the environment running the
tests; `repack` zips each one back into a wheel from the files its RECORD lists, under the tags its WHEEL
file names, so `pip install --no-index --find-links HOUSE` installs the very versions tested here.
"""
from __future__ import annotations

import email
import importlib.metadata as md
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from packaging.requirements import Requirement

# what an installer writes about itself, not part of a wheel
_INSTALLER_FILES = {"INSTALLER", "REQUESTED", "RECORD", "direct_url.json"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


PROJECT = "momentum-anim"


def closure(requirements: list[str], own: list[str]) -> dict[str, md.Distribution]:
    """The installed distributions that `requirements` need, transitively, extras and markers applied;
    `own` is the project's Requires-Dist (an extra may name another of the project's extras)."""
    found: dict[str, md.Distribution] = {}
    todo = [(Requirement(r), "") for r in requirements]
    seen: set[tuple[str, str]] = set()
    while todo:
        req, via_extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": via_extra}):
            continue
        name = canonical(req.name)
        for extra in sorted(req.extras) or [""]:
            if (name, extra) in seen:
                continue
            seen.add((name, extra))
            if name == PROJECT:
                todo += [(Requirement(r), extra) for r in own]
                continue
            dist = found.setdefault(name, md.distribution(name))
            todo += [(Requirement(r), extra) for r in dist.requires or []]
    return found


def repack(dist: md.Distribution, house: Path) -> Path:
    """Zip an installed distribution back into a wheel in `house` (stored, not compressed: it is read once)."""
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    tags = [line.split(":", 1)[1].strip().split("-") for line in dist.read_text("WHEEL").splitlines()
            if line.startswith("Tag:")]
    # the compressed tag set of the file name, e.g. py2.py3-none-any
    tag = "-".join(".".join(dict.fromkeys(t[i] for t in tags)) for i in range(3))
    wheel = house / f"{name}-{dist.version}-{tag}.whl"
    members = []
    for f in dist.files or []:
        parts = f.parts
        if parts[0] == ".." or "__pycache__" in parts:  # console scripts (pip makes them again), bytecode
            continue
        if parts[0].endswith(".dist-info") and parts[-1] in _INSTALLER_FILES:
            continue
        members.append(f)
    dist_info = next(f.parts[0] for f in dist.files if f.parts[0].endswith(".dist-info"))
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_STORED) as zf:
        for f in members:
            zf.write(f.locate(), f.as_posix())
        zf.writestr(f"{dist_info}/RECORD", "".join(f"{f.as_posix()},,\n" for f in members)
                    + f"{dist_info}/RECORD,,\n")
    return wheel


def project_wheel(root: Path, work: Path, house: Path) -> Path:
    """Build the project's wheel from a copy of its sources (so no build folder lands in the tree) with the
    command the README gives, `python -m build --wheel`; `--no-isolation` builds with the setuptools
    installed here instead of downloading one."""
    src = work / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("sim", "scenes"):
        shutil.copytree(root / folder, src / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "render.py"):
        shutil.copy2(root / name, src / name)
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(house),
                           str(src)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return next(house.glob("momentum_anim-*.whl"))


def requires_dist(wheel: Path) -> list[str]:
    """The Requires-Dist lines of a wheel's METADATA."""
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    return email.message_from_string(text).get_all("Requires-Dist") or []


def build(root: Path, work: Path, extras: list[str]) -> tuple[Path, Path]:
    """A wheelhouse holding the project's wheel and every dependency of its core and `extras`."""
    house = work / "wheels"
    house.mkdir(parents=True)
    wheel = project_wheel(root, work, house)
    extra_list = ",".join(extras)
    for dist in closure([f"{PROJECT}[{extra_list}]" if extras else PROJECT], requires_dist(wheel)).values():
        repack(dist, house)
    return house, wheel
