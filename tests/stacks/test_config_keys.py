"""The stack config keys the engine writes are the ones the Pulumi project declares."""

from __future__ import annotations

from importlib.resources import files

import yaml

from aks_kit.stacks import config_keys


def test_pulumi_project_declares_exactly_the_config_keys() -> None:
    project = yaml.safe_load(files("aks_kit.stacks").joinpath("Pulumi.yaml").read_text())
    assert set(project["config"]) == set(config_keys.ALL_CONFIG)
