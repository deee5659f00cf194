"""Every shipped example and preset validates (warnings allowed, no errors)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted(
    [*REPO.glob("examples/*.yaml"), *REPO.glob("examples/*/*.yaml"), *REPO.glob("presets/*.yaml")]
)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(REPO)))
def test_shipped_yaml_validates(path: Path, cli: Callable[..., Any]) -> None:
    result = cli("presets", "validate", str(path), "-o", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    [report] = result.json()
    assert report["ok"] is True
    assert not [f for f in report["findings"] if f["level"] == "error"]


def test_there_are_examples() -> None:
    assert len([p for p in SHIPPED if "examples" in p.parts]) >= 5
