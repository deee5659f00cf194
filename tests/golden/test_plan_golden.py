"""`aks-kit plan --preset NAME -o json` for each built-in, pinned (see test_presets_golden)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

GOLDEN = Path(__file__).resolve().parent / "plan"
BUILTINS = ["standard", "automatic", "standard-large"]


@pytest.mark.parametrize("name", BUILTINS)
def test_plan_json(name: str, cli: Callable[..., Any], update_golden: bool) -> None:
    result = cli("plan", "--preset", name, "-o", "json")
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / f"{name}.json"
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8")
    assert path.exists(), f"missing golden file {path.name}: run with --update-golden"
    assert result.stdout == path.read_text(encoding="utf-8")
    for leak in ("/work/", "/home/", "/tmp/", "site-packages"):
        assert leak not in result.stdout
