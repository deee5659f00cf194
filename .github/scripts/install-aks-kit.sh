#!/usr/bin/env bash
# Install one aks-kit into ./.venv for a workflow: a directory holding its pyproject.toml (this
# repository's checkout) or a requirement such as "aks-kit==0.1.0" (a platform team's repository).
# Both sides of a comparison are planned with this one install.
set -euo pipefail

source="${1:?usage: install-aks-kit.sh DIRECTORY|REQUIREMENT}"
if [ -d "$source" ]; then
  source="$(cd "$source" && pwd)"  # a path, never a name pip would look up on an index
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check "$source"
.venv/bin/aks-kit version
