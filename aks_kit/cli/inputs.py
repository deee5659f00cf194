"""The spec a command was given (--preset, -f, --set, --preset-dir, --name, --location).

One place decides whether `-f` is a Fleet, refuses flags that only mean something for one
cluster, reads the file (or stdin) exactly once, and resolves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aks_kit.errors import UsageError

if TYPE_CHECKING:
    from aks_kit.presets.fleet import ResolvedFleet
    from aks_kit.presets.resolve import Resolved


@dataclass
class SpecInputs:
    command: str
    preset: str | None
    file: str | None
    sets: list[str] | None
    preset_dirs: list[Path] | None
    name: str | None
    location: str | None
    file_text: str | None = None

    def __post_init__(self) -> None:

        if self.preset is None and self.file is None:
            raise UsageError(f"{self.command} needs --preset NAME or -f FILE")
        if self.file is not None:
            from aks_kit.presets.loading import read_user_file

            self.file_text = read_user_file(self.file)

    def fleet(self, **cluster_only: Any) -> ResolvedFleet | None:
        """The fleet, when `-f` names a Fleet file; flags that only mean something for one
        cluster (given as name=value) are refused: a fleet is planned and deployed whole."""
        from aks_kit.presets.fleet import load_fleet
        from aks_kit.presets.loading import file_kind

        if self.file is None or file_kind(self.file, self.file_text) != "Fleet":
            return None
        flags = {
            "preset": self.preset,
            "set": self.sets,
            "name": self.name,
            "location": self.location,
            **cluster_only,
        }
        given = ["--" + flag.replace("_", "-") for flag, value in flags.items() if value]
        if given:
            verb = "does" if len(given) == 1 else "do"
            raise UsageError(
                f"-f {self.file} is a Fleet: {', '.join(given)} {verb} not apply to a fleet, "
                "which is planned and deployed whole (preview, up and destroy take --member "
                "NAME for one member)"
            )
        return load_fleet(self.file, self.preset_dirs or (), self.file_text)

    def resolve(self) -> Resolved:
        from aks_kit.presets.resolve import resolve

        return resolve(
            preset=self.preset,
            file=self.file,
            sets=self.sets or (),
            preset_dirs=self.preset_dirs or (),
            name=self.name,
            location=self.location,
            file_text=self.file_text,
        )
