"""Text that reaches a terminal or a data stream: never raw control characters, never an
encoding error.

User text (preset names, file names, spec values) can carry terminal escapes (clear the
screen, write the clipboard with OSC 52) or bidirectional overrides that make a line read
differently from what it is. Tables and messages print them escaped (`\\x1b`, `\\u202e`);
JSON and YAML escape them inside their strings, so the data is unchanged for a program
that parses it. When the output's encoding is not UTF-8 (`PYTHONIOENCODING=ascii`, a
Latin-1 terminal), JSON and YAML are written in ASCII with escapes, and other text
replaces what the encoding cannot show with backslash escapes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)
"""Control characters (but newline and tab), C1 controls, and invisible or
direction-changing format characters."""


def escape_controls(text: str) -> str:
    """`\\x1b`, `\\u202e`...: each unsafe character as a visible escape; newlines stay."""
    return UNSAFE.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def is_utf8(encoding: str | None) -> bool:
    return (encoding or "").lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig")


def json_text(data: Any, *, ascii_only: bool = False) -> str:
    """Indented JSON; unsafe characters as `\\uXXXX` escapes inside their strings."""
    text = json.dumps(data, indent=2, ensure_ascii=ascii_only)
    return UNSAFE.sub(_json_escape, text) + "\n"


def yaml_text(data: Any, *, ascii_only: bool = False) -> str:
    """Block-style YAML 1.2; strings with unsafe characters double-quoted and escaped."""
    import yaml

    text: str = yaml.dump(
        data,
        Dumper=_dumper(),
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=not ascii_only,
    )
    # Only double-quoted scalars can hold an unsafe character here (the representer
    # forces that style), and `\uXXXX` is an escape there.
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", text)


_DUMPER: Any = None


def _dumper() -> Any:
    global _DUMPER
    if _DUMPER is None:
        from aks_kit.presets.yamlio import DUMPER

        original = DUMPER.yaml_representers[str]

        class SafeDumper(DUMPER):  # type: ignore[misc]
            pass

        def represent_str(dumper: Any, value: str) -> Any:
            if UNSAFE.search(value):
                return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
            return original(dumper, value)

        SafeDumper.add_representer(str, represent_str)
        _DUMPER = SafeDumper
    return _DUMPER


_CONSOLE: Any = None


def safe_console(**options: Any) -> Console:
    """A rich Console that prints every piece of text escaped (`escape_controls`); its own
    styling codes are untouched."""
    global _CONSOLE
    if _CONSOLE is None:
        from rich.console import Console
        from rich.segment import Segment

        class SafeConsole(Console):
            def on_broken_pipe(self) -> None:
                # rich would exit 1 ("a bug"); the entry point exits 141 quietly instead
                raise BrokenPipeError(32, "stdout closed")

            def _render_buffer(self, buffer: Iterable[Segment]) -> str:
                return super()._render_buffer(
                    Segment(text if control else escape_controls(text), style, control)
                    for text, style, control in buffer
                )

        _CONSOLE = SafeConsole
    console: Console = _CONSOLE(**options)
    return console
