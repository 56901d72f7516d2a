"""The paths a render prints on stdout, one a line, for scripts to read; a closed or full stdout costs the
line, not the render."""
from __future__ import annotations

import os
import sys


_stdout_lost = False


def emit(line: str) -> None:
    """Print a line on stdout. A closed pipe or a full stdout costs the line, not the render: a warning
    on stderr, and stdout goes to /dev/null so that Python's own flush at exit cannot fail either."""
    global _stdout_lost
    if _stdout_lost:
        return
    try:
        print(line, flush=True)
    except OSError as exc:  # BrokenPipeError, ENOSPC on /dev/full
        _stdout_lost = True
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        try:
            print(f"warning: stdout is closed or full ({exc.strerror or exc}); written: {line}",
                  file=sys.stderr, flush=True)
        except OSError:
            pass
