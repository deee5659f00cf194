"""`aks-kit init` writes a valid, commented file; `validate` resolves Fleet members."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.mark.parametrize("preset", ["standard", "automatic", "standard-large"])
def test_init_writes_a_file_that_validates(
    preset: str, cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "prod.yaml"
    result = cli("init", "--preset", preset, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text()
    assert text.startswith("# yaml-language-server: $schema=./aks-kit.schema.json")
    assert f"extends: {preset}" in text
    assert "name: aks-prod" in text
    assert cli("presets", "validate", str(out)).exit_code == 0


def test_init_refuses_to_overwrite(cli: Callable[..., Any], tmp_path: Path) -> None:
    out = tmp_path / "cluster.yaml"
    out.write_text("keep me")
    result = cli("init", "--out", str(out))
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert out.read_text() == "keep me"


def test_init_to_stdout(cli: Callable[..., Any]) -> None:
    result = cli("init", "--preset", "automatic", "--out", "-")
    assert result.exit_code == 0
    assert "extends: automatic" in result.stdout


def test_init_unknown_preset_exits_4(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("init", "--preset", "nope", "--out", str(tmp_path / "x.yaml"))
    assert result.exit_code == 4
    assert not (tmp_path / "x.yaml").exists()


FLEET = """\
apiVersion: aks-kit/v1
kind: Fleet
metadata: {name: shop, location: westeurope}
spec:
  members:
    - name: weu
      extends: automatic
    - name: neu
      extends: standard
      metadata: {location: northeurope}
      spec:
        nodePools:
          - {name: user, maxCount: %s}
"""


def test_validate_fleet_members(cli: Callable[..., Any], write: Callable[..., Path]) -> None:
    good = write("fleet.yaml", FLEET % 30)
    result = cli("presets", "validate", str(good), "-o", "json")
    assert result.exit_code == 0, result.stdout
    [report] = result.json()
    assert report["kind"] == "Fleet"


def test_validate_fleet_names_the_member(
    cli: Callable[..., Any], write: Callable[..., Path]
) -> None:
    bad = write("fleet.yaml", FLEET % 1500)
    result = cli("presets", "validate", str(bad))
    assert result.exit_code == 3
    assert "members[neu]: spec.nodePools[user].maxCount = 1500" in result.stdout
    assert "fleet.yaml members[neu], line 13" in result.stdout


def test_init_extends_a_preset_file_relative_to_the_output(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    presets = tmp_path / "presets"
    presets.mkdir()
    (presets / "team.yaml").write_text("apiVersion: aks-kit/v1\nkind: Preset\nextends: standard\n")
    out = tmp_path / "clusters" / "prod.yaml"
    out.parent.mkdir()
    result = cli("init", "--preset", str(presets / "team.yaml"), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "extends: ../presets/team.yaml" in out.read_text()
    assert cli("presets", "validate", str(out)).exit_code == 0
