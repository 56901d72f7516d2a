"""Typed scene parameters: a default, bounds, and parsing of `--set KEY=VALUE` strings."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


class ParamError(ValueError):
    """A parameter value a user typed is unusable; the message is one line meant for them."""


@dataclass(frozen=True)
class Param:
    """One scene parameter.

    kind is "float", "int", "bool", "choice" or "text". Numbers must lie in [low, high]; choices in
    `choices`. A text is any non-empty string that `validate(text) -> value` accepts (it raises ValueError
    with a one-line reason, which the error message quotes after the parameter's name).
    A default of None is shown as "auto": the scene picks the value from its other parameters.
    """

    name: str
    kind: str
    default: Any
    help: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    validate: Callable[[str], Any] | None = None

    def default_text(self) -> str:
        return "auto" if self.default is None else str(self.default)

    def bounds_text(self) -> str:
        if self.kind == "choice":
            return "{" + ", ".join(self.choices) + "}"
        if self.kind == "bool":
            return "true|false"
        if self.kind == "text":
            return "text"
        return f"[{_fmt(self.low)}, {_fmt(self.high)}]"

    def parse(self, text: str) -> Any:
        """Turn the text after `KEY=` into a checked value, or raise ParamError."""
        raw = text.strip()
        if raw == "":
            raise ParamError(f"{self.name} needs a value ({self.kind} in {self.bounds_text()})")
        if self.default is None and raw.lower() == "auto":
            return None
        if self.kind == "bool":
            low = raw.lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise ParamError(f"{self.name} must be true or false, not {raw!r}")
        if self.kind == "choice":
            if raw not in self.choices:
                raise ParamError(f"{self.name} must be one of {', '.join(self.choices)}, not {raw!r}")
            return raw
        if self.kind == "text":
            try:
                return raw if self.validate is None else self.validate(raw)
            except ValueError as err:
                raise ParamError(f"{self.name}: {err}") from None
        try:
            number = float(raw)
        except ValueError:
            raise ParamError(f"{self.name} must be a number, not {raw!r}") from None
        return self.check(number)

    def check(self, value: Any) -> Any:
        """Validate a Python value (from the CLI or from code) and return it in the right type."""
        if value is None and self.default is None:
            return None
        if self.kind in ("bool", "choice", "text"):
            if self.kind == "bool" and isinstance(value, bool):
                return value
            if self.kind == "text" and not isinstance(value, str):
                raise ParamError(f"{self.name} must be text, not {value!r}")
            return self.parse(str(value))
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParamError(f"{self.name} must be a number, not {value!r}")
        if not math.isfinite(value):
            raise ParamError(f"{self.name} must be a finite number, not {value}")
        if self.kind == "int":
            if value != int(value):
                raise ParamError(f"{self.name} must be a whole number, not {value}")
            value = int(value)
        else:
            value = float(value)
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            raise ParamError(f"{self.name}={_fmt(value)} is out of bounds {self.bounds_text()}")
        return value


def _fmt(x: float | None) -> str:
    if x is None:
        return "-inf"
    return f"{x:g}"


def resolve(params: tuple[Param, ...], overrides: dict[str, Any], scene: str) -> dict[str, Any]:
    """Defaults updated by overrides (strings are parsed, other values checked)."""
    by_name = {p.name: p for p in params}
    values = {p.name: p.default for p in params}
    for key, value in overrides.items():
        if key not in by_name:
            known = ", ".join(by_name) or "none"
            raise ParamError(f"scene {scene!r} has no parameter {key!r}; its parameters are: {known}")
        p = by_name[key]
        values[key] = p.parse(value) if isinstance(value, str) else p.check(value)
    return values


def parse_assignments(items: list[str]) -> dict[str, str]:
    """['lr=0.1', 'steps=50'] -> {'lr': '0.1', 'steps': '50'}."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ParamError(f"--set expects KEY=VALUE, not {item!r}")
        out[key.strip()] = value
    return out
