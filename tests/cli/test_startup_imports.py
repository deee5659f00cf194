"""Fast commands import no pulumi, azure-native or Azure SDK module (checked in a subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("pulumi", "pulumi_azure_native", "azure")

PROBE = """
import json, sys
from aks_kit.cli.main import app
from typer.testing import CliRunner
result = CliRunner().invoke(app, sys.argv[1:])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})
print(json.dumps({{"exit": result.exit_code, "heavy": heavy}}))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["presets", "list"],
        ["presets", "show", "automatic"],
        ["presets", "show", "standard", "-o", "json"],
        ["presets", "diff", "standard", "automatic"],
        ["plan", "--preset", "automatic"],
        ["plan", "--preset", "standard-large", "-o", "json"],
        ["version"],
        ["versions", "--help"],
        ["preflight", "--help"],
        ["status", "--help"],
    ],
    ids=lambda args: " ".join(args),
)
def test_fast_commands_stay_light(args: list[str]) -> None:
    code = PROBE.format(heavy=set(HEAVY))
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["exit"] == 0
    assert report["heavy"] == []
