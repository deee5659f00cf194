"""The wheel ships everything: every module and package folder, every data file, the license."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "aks_kit"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The names in a wheel built from this checkout (no build isolation, no network)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps"),
            *("--no-build-isolation", "--no-index", "-w", str(out), str(REPO)),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("aks_kit-*.whl")
    with zipfile.ZipFile(built) as archive:
        return set(archive.namelist())


def on_disk(*patterns: str) -> set[str]:
    return {
        path.relative_to(REPO).as_posix()
        for pattern in patterns
        for path in PACKAGE.rglob(pattern)
        if "__pycache__" not in path.parts
    }


def test_every_package_folder_is_a_package_in_the_wheel(wheel: set[str]) -> None:
    folders = {path.parent.relative_to(REPO).as_posix() for path in PACKAGE.rglob("*.py")}
    shipped = {name.rsplit("/", 1)[0] for name in wheel if name.endswith(".py")}
    assert folders - shipped == set()


def test_every_module_is_in_the_wheel(wheel: set[str]) -> None:
    assert on_disk("*.py") - wheel == set()


def test_every_data_file_is_in_the_wheel(wheel: set[str]) -> None:
    data = on_disk("*.yaml", "*.json")
    assert {"aks_kit/stacks/Pulumi.yaml"} <= data
    assert any(name.endswith("schema.json") for name in data)
    assert sum(name.endswith("automatic.yaml") for name in data) == 1
    assert data - wheel == set()


def test_the_license_and_the_entry_point_ship(wheel: set[str]) -> None:
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in wheel)
    assert any(name.endswith(".dist-info/entry_points.txt") for name in wheel)
    assert not [name for name in wheel if name.startswith(("tests/", "benchmarks/"))]


def test_the_license_is_apache_2() -> None:
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text
