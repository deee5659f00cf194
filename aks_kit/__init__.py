"""aks-kit: Azure Kubernetes Service clusters from presets."""

import os as _os
import signal as _signal
import sys as _sys

__version__ = "0.1.0"


def _interrupted_while_starting(signum: int, frame: object) -> None:
    _os.write(2, b"error: interrupted\n")
    _os._exit(130)


if _sys.argv and _os.path.basename(_sys.argv[0]) == "aks-kit":
    # The console script is starting: Ctrl-C before the CLI's own handling is in place
    # (aks_kit/cli/entry.py restores Python's) exits 130 with one line, not a traceback.
    _signal.signal(_signal.SIGINT, _interrupted_while_starting)
