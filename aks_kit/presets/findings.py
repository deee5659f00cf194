"""Findings: the one shape every rule reports in, so plan and validate print them alike."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Literal

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    level: Level
    code: str
    path: str
    value: Any
    layer: str
    message: str

    def render(self) -> str:
        """`spec.x = v (from layer): message`, the one-line form."""
        return printable(self._render())

    def _render(self) -> str:
        value = format_value(self.value)
        where = f" (from {self.layer})" if self.layer else ""
        if self.path and self.value is not None:
            return f"{self.path} = {value}{where}: {self.message}"
        if self.path:
            return f"{self.path}{where}: {self.message}"
        return self.message

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Escape control characters from user input, so a value cannot steer the terminal."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str | int | float):
        return str(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def has_errors(findings: list[Finding]) -> bool:
    return any(f.level == "error" for f in findings)
