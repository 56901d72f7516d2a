"""One-line messages: a long name or formula shown elided in the middle, so an error stays short."""

from __future__ import annotations

MAX_SHOWN = 60  # characters of a name shown in a message


def shown(text) -> str:
    """``text`` (a path, a name, a formula) repr'd for a message, at most about MAX_SHOWN characters,
    elided in the middle."""
    text = repr(str(text))
    if len(text) <= MAX_SHOWN:
        return text
    half = (MAX_SHOWN - 1) // 2
    return f"{text[:half]}…{text[-half:]}"
