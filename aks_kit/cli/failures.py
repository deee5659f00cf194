"""How a failure reads: one message on stderr, in plain words, and with `-o json` or `-o yaml`
also one document on stdout, so a script that parses stdout always gets exactly one.

    {"error": {"message": "...", "exitCode": 3, "kind": "SpecError", "findings": [...]}}
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

FORMATS = ("json", "yaml")


def requested_format(args: Sequence[str]) -> str | None:
    """The `-o`/`--output` value among a command line's arguments (last one wins), if it
    is a document format; read from the raw arguments, so it works when parsing failed."""
    found: str | None = None
    items = list(args)
    for index, arg in enumerate(items):
        if arg == "--":
            break
        value: str | None = None
        if arg in ("-o", "--output") and index + 1 < len(items):
            value = items[index + 1]
        elif arg.startswith("--output="):
            value = arg.split("=", 1)[1]
        elif arg.startswith("-o") and len(arg) > 2 and not arg.startswith("--"):
            value = arg[2:].lstrip("=")
        if value is not None:
            found = value.lower()
    return found if found in FORMATS else None


def error_document(
    message: str, exit_code: int, kind: str, findings: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    error: dict[str, Any] = {"message": message, "exitCode": exit_code, "kind": kind}
    if findings:
        error["findings"] = findings
    return {"error": error}


def write_document(document: dict[str, Any], fmt: str) -> None:
    from .application import render_text

    try:
        sys.stdout.write(render_text(document, fmt))
        sys.stdout.flush()
    except (BrokenPipeError, OSError):  # the reader went away: the exit code still says it
        pass


_CHOICES = re.compile(r"^(?:Value error, )?'(?P<value>[^']*)' is not one of (?P<choices>.+?)\.?$")


def plain_usage(message: str) -> str:
    """Click's and pydantic's wording in plain words: `'yml' is not one of 'table', 'json'.`
    becomes `'yml' is not a choice: table, json`; `Value error, ` goes."""
    match = _CHOICES.match(message)
    if match:
        choices = ", ".join(c.strip().strip("'") for c in match.group("choices").split(","))
        return f"'{match.group('value')}' is not a choice: use {choices}"
    return message.removeprefix("Value error, ")
