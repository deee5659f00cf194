"""aks_kit.cloud sits between the CLI and the presets: it imports neither stacks nor cli."""

from __future__ import annotations

import ast
from pathlib import Path

CLOUD = Path(__file__).resolve().parents[2] / "aks_kit" / "cloud"


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_cloud_imports_no_stacks_or_cli() -> None:
    for path in CLOUD.glob("*.py"):
        bad = {
            n for n in imported(path) if n.startswith(("aks_kit.stacks", "aks_kit.cli", "pulumi"))
        }
        assert not bad, f"{path.name} imports {sorted(bad)}"
