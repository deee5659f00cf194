"""Install the stand-in where the engine looks for azure-native's exact version.

`$PULUMI_HOME/plugins/resource-azure-native-v<version>/pulumi-resource-azure-native`, a
script that runs the stand-in with this Python; the version is the installed
pulumi-azure-native's, which is the one its SDK asks the engine for.
"""

from __future__ import annotations

import shlex
import sys
from importlib.metadata import version
from pathlib import Path

SUPPORT = Path(__file__).resolve().parent.parent


def plugin_version() -> str:
    return version("pulumi_azure_native")


def install(pulumi_home: Path, python: str = sys.executable) -> Path:
    """Write the plugin into `pulumi_home` and return its executable."""
    release = plugin_version()
    directory = pulumi_home / "plugins" / f"resource-azure-native-v{release}"
    directory.mkdir(parents=True, exist_ok=True)
    executable = directory / "pulumi-resource-azure-native"
    executable.write_text(
        "#!/bin/sh\n"
        "# The aks-kit test stand-in for azure-native (tests/support/standin).\n"
        f"export AKS_STANDIN_VERSION={shlex.quote(release)}\n"
        f'export PYTHONPATH={shlex.quote(str(SUPPORT))}"${{PYTHONPATH:+:$PYTHONPATH}}"\n'
        f'exec {shlex.quote(python)} -m standin.provider "$@"\n'
    )
    executable.chmod(0o755)
    return executable
