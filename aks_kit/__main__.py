"""`python -m aks_kit` runs the CLI."""

from aks_kit.cli.main import run

run()
