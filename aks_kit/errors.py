"""Every error aks-kit expects, each with its exit code: one exit path, and the CLI never guesses.

The exit codes are documented in the README ("Exit codes").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aks_kit.presets.findings import Finding

EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_INVALID = 3
EXIT_NOT_FOUND = 4
EXIT_ENGINE = 5
EXIT_PREREQUISITE = 6
EXIT_INTERRUPTED = 130


class AksKitError(Exception):
    """An expected failure: printed as one message, never as a traceback."""

    exit_code = EXIT_UNEXPECTED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(AksKitError):
    """Malformed flags, e.g. `--set` without `=`."""

    exit_code = EXIT_USAGE


class SpecError(AksKitError):
    """The spec cannot be read or resolved (bad YAML, cycle, lock broken, bad `--set` path)."""

    exit_code = EXIT_INVALID


class SpecInvalid(AksKitError):
    """The resolved spec breaks rules: carries every error finding, not just the first."""

    exit_code = EXIT_INVALID

    def __init__(self, findings: list[Finding]) -> None:
        errors = [f for f in findings if f.level == "error"]
        super().__init__("\n".join(f.render() for f in errors))
        self.findings = findings


class Declined(AksKitError):
    """The user said no (a prompt, a name that did not match): nothing was changed."""

    exit_code = EXIT_UNEXPECTED


class Blocked(AksKitError):
    """A preview or plan that must not be applied as it is (e.g. it replaces a cluster)."""

    exit_code = EXIT_INVALID


class Interrupted(AksKitError):
    """Ctrl-C: the engine cancels the running update itself; say how to resume."""

    exit_code = EXIT_INTERRUPTED


class NotFound(AksKitError):
    """A preset, file or stack that does not exist."""

    exit_code = EXIT_NOT_FOUND


class Prerequisite(AksKitError):
    """Something aks-kit needs is not there (pulumi CLI, Azure credentials)."""

    exit_code = EXIT_PREREQUISITE


class EngineFailed(AksKitError):
    """The engine or Azure refused or failed an operation."""

    exit_code = EXIT_ENGINE


class Reported(AksKitError):
    """The command already printed its report (findings, failed checks): exit with its code."""

    def __init__(self, exit_code: int) -> None:
        super().__init__("")
        self.exit_code = exit_code
