"""The optional installs (the package's extras) and the one line that names the missing one.

The package is not on the package index yet, so the line gives what works: from a checkout,
``pip install ".[EXTRA]"``; from a wheel that ``python -m build`` made, the wheel's path with ``[EXTRA]``.
"""
from __future__ import annotations

import importlib
from types import ModuleType


DISTRIBUTIONS = {"pptx": "python-pptx", "sklearn": "scikit-learn", "manim_slides": "manim-slides",
                 "distributed": "distributed"}  # module -> what pip installs, where the names differ


class MissingExtra(ImportError):
    """An optional module is not installed; the message is one line that names the extra to install."""


def install_hint(extra: str) -> str:
    """How to install `extra`, from a checkout or from a built wheel."""
    return f'pip install ".[{extra}]" in a checkout (or the built wheel with [{extra}])'


def need(module: str, extra: str | None, what: str) -> ModuleType:
    """Import `module`, or raise MissingExtra: "`what` needs the EXTRA extra (MODULE is not installed): pip ...".
    `extra` None: no extra brings it, and the line says to pip install the module's distribution by name."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        missing = (exc.name or module).split(".")[0] if isinstance(exc, ModuleNotFoundError) else module
        missing = DISTRIBUTIONS.get(missing.split(".")[0], missing.split(".")[0])
        if extra is None:
            raise MissingExtra(f"{what} needs {missing}, which no extra installs: pip install {missing}",
                               name=missing) from None
        raise MissingExtra(f"{what} needs the {extra} extra ({missing} is not installed): {install_hint(extra)}",
                           name=missing) from None
