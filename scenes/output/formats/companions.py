"""Files that travel with an output (its poster, its captions), committed together with it.

Each companion is named after the output (`valley.mp4` -> `valley.mp4.poster.png`, `valley.mp4.vtt`),
reserved as a temporary before any work (so a folder that takes no file fails first), written there,
and put in place in one step with the output and its sidecar (`commit`): the companions first, each
earlier one kept aside, then the output pair; if anything fails, the earlier companions come back.
A failed or interrupted render therefore leaves every earlier file as it was, and no temporary.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from scenes.output.files import output_files, safe_files
from sim import paths


def path_for(output: Path, suffix: str) -> Path:
    return output.with_name(output.name + suffix)


def check_names(output: Path, suffixes: tuple[str, ...]) -> None:
    """Refuse an output whose companions' names would be too long for its folder (one line, exit 2)."""
    for suffix in suffixes:
        companion = path_for(output, suffix)
        limit = paths.limit(output.parent, "PC_NAME_MAX", paths.NAME_MAX)
        size = len(os.fsencode(companion.name))
        if size > limit:
            raise output_files.OutputError(f"--out: the file name is too long for its {suffix} companion "
                                           f"({size} bytes; this folder allows at most {limit})")
        if companion.is_dir():
            raise output_files.OutputError(f"{str(companion)!r} is a folder; move it away or choose another --out")


class Companions:
    """The companion files of one render, by suffix."""

    def __init__(self, output: Path, suffixes: tuple[str, ...], possible: tuple[str, ...] = ()):
        """`possible`: every companion an output of this name may have; those this render does not write
        (captions asked for last time, not now) are removed in the same commit, never left describing
        another run."""
        self.targets = {s: path_for(output, s) for s in suffixes}
        self.stale = [path_for(output, s) for s in possible if s not in self.targets]
        self.temps: dict[str, Path] = {}

    def reserve(self) -> None:
        try:
            for suffix, target in self.targets.items():
                self.temps[suffix] = safe_files.temp_path(target)
        except OSError as exc:
            self.discard()
            raise output_files.OutputError(f"cannot write in output folder {str(next(iter(self.targets.values())).parent)!r}: "
                                           f"{exc.strerror or exc}") from None

    def write_text(self, suffix: str, text: str) -> None:
        with open(self.temps[suffix], "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())

    def temp(self, suffix: str) -> Path:
        return self.temps[suffix]

    def present(self) -> bool:
        """Every companion is on disk (an up-to-date output without them is rendered again)."""
        return all(t.is_file() for t in self.targets.values())

    def names(self) -> dict[str, str]:
        """The companions' file names, for the sidecar."""
        return {s: t.name for s, t in self.targets.items()}

    def discard(self) -> None:
        for tmp in self.temps.values():
            safe_files.discard(tmp)

    def commit(self, commit_output: Callable[[], None]) -> None:
        """Put every companion in place, then the output and its sidecar (`commit_output`); on any
        failure put the earlier companions back (or remove new ones that had none)."""
        placed: list[tuple[Path, Path | None]] = []
        with safe_files.signals_deferred():
            try:
                for suffix, target in self.targets.items():
                    placed.append((target, _keep_aside(target)))
                    safe_files.commit(self.temps[suffix], target)
                for target in self.stale:  # kept aside too: a failure puts them back
                    earlier = _keep_aside(target)
                    if earlier is not None:
                        placed.append((target, earlier))
                        os.unlink(target)
                commit_output()
            except BaseException:
                for target, earlier in placed:
                    if earlier is not None:
                        os.replace(earlier, target)
                        safe_files.discard(earlier)
                    else:
                        Path(target).unlink(missing_ok=True)
                raise
            finally:
                for _target, earlier in placed:
                    if earlier is not None:
                        safe_files.discard(earlier)


def _keep_aside(target: Path) -> Path | None:
    """A hard link to the earlier file at `target` (a temporary), or None when there is none."""
    if not os.path.isfile(target):
        return None
    aside = safe_files.temp_path(target)
    try:
        os.unlink(aside)
        os.link(target, aside)
    except OSError:
        safe_files.discard(aside)
        return None
    return aside
