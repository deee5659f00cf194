"""`aks-kit presets show NAME -o json` for each built-in, pinned.

Regenerate after an intended change with `python -m pytest tests/golden --update-golden`
and review the diff; CI never regenerates.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

GOLDEN = Path(__file__).resolve().parent / "presets"
BUILTINS = ["standard", "automatic", "standard-large"]


@pytest.mark.parametrize("name", BUILTINS)
def test_presets_show_json(name: str, cli: Callable[..., Any], update_golden: bool) -> None:
    result = cli("presets", "show", name, "-o", "json")
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / f"{name}.json"
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8")
    assert path.exists(), f"missing golden file {path.name}: run with --update-golden"
    assert result.stdout == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", BUILTINS)
def test_golden_files_hold_no_machine_details(name: str) -> None:
    text = (GOLDEN / f"{name}.json").read_text(encoding="utf-8")
    for leak in ("/work/", "/home/", "/tmp/", "site-packages"):
        assert leak not in text
