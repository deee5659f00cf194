"""Help that reads as words: an Examples section for every command, and placeholders such
as `PATH=VALUE` or `FILE` instead of type names. Applied once to the built command tree."""

from __future__ import annotations

from typing import Any, Final

PLACEHOLDERS: Final = {
    "--preset": "NAME",
    "--file": "FILE",
    "--set": "PATH=VALUE",
    "--preset-dir": "DIR",
    "--name": "NAME",
    "--location": "REGION",
    "--out": "FILE",
    "--against": "FILE",
    "--stack": "NAME",
    "--backend": "URL",
    "--secrets-provider": "URL",
    "--subscription": "ID",
    "--target": "URN",
    "--member": "NAME",
    "--parallel": "N",
    "--kubeconfig": "FILE",
    "--resource-group": "NAME",
}
"""Option -> the word shown after it; other valued options show their name in capitals."""

EXAMPLES: Final[dict[str, list[str]]] = {
    "": [
        "aks-kit init --preset standard            # write cluster.yaml",
        "aks-kit plan -f cluster.yaml              # offline: what would be created",
        "aks-kit up -f cluster.yaml                # deploy (asks first)",
        "aks-kit COMMAND --help                    # each command's options and examples",
        'eval "$(aks-kit completion bash)"         # shell completion (zsh, fish too)',
    ],
    "plan": [
        "aks-kit plan --preset standard",
        "aks-kit plan -f cluster.yaml --set spec.tier=standard",
        "aks-kit plan -f cluster.yaml -o json > plan.json",
        "aks-kit plan -f cluster.yaml --against plan.json",
        "aks-kit plan -f fleet.yaml -o markdown",
    ],
    "capacity": [
        "aks-kit capacity --preset standard-large",
        "aks-kit capacity -f cluster.yaml -o json",
    ],
    "preview": [
        "aks-kit preview -f cluster.yaml",
        "aks-kit preview -f cluster.yaml --backend azblob://state --diff",
    ],
    "up": [
        "aks-kit up -f cluster.yaml",
        "aks-kit up -f cluster.yaml --yes",
        "aks-kit up -f fleet.yaml --member eastus-1",
    ],
    "destroy": [
        "aks-kit destroy -f cluster.yaml",
        "aks-kit destroy -f cluster.yaml --unprotect",
    ],
    "refresh": ["aks-kit refresh -f cluster.yaml"],
    "outputs": ["aks-kit outputs aks-prod", "aks-kit outputs aks-prod -o json"],
    "kubeconfig": [
        "aks-kit kubeconfig aks-prod",
        "aks-kit kubeconfig aks-prod --out ./aks-prod.kubeconfig",
    ],
    "doctor": ["aks-kit doctor", "aks-kit doctor --subscription SUBSCRIPTION_ID -o json"],
    "versions": ["aks-kit versions --location eastus2", "aks-kit versions -l westeurope -o json"],
    "preflight": [
        "aks-kit preflight -f cluster.yaml",
        "aks-kit preflight -f fleet.yaml --subscription SUBSCRIPTION_ID -o json",
    ],
    "status": ["aks-kit status aks-prod -g rg-aks-prod", "aks-kit status aks-prod -o json"],
    "init": [
        "aks-kit init",
        "aks-kit init --preset automatic --name aks-web --out web.yaml",
        "aks-kit init --preset ./presets/team.yaml --out - | less",
    ],
    "version": ["aks-kit version", "aks-kit --version"],
    "completion": [
        'eval "$(aks-kit completion bash)"      # in ~/.bashrc',
        'eval "$(aks-kit completion zsh)"       # in ~/.zshrc, after compinit',
        "aks-kit completion fish > ~/.config/fish/completions/aks-kit.fish",
    ],
    "presets": [
        "aks-kit presets list",
        "aks-kit presets show standard",
        "aks-kit presets validate cluster.yaml",
    ],
    "stacks": ["aks-kit stacks list --backend azblob://state"],
    "presets list": ["aks-kit presets list", "aks-kit presets list --preset-dir ./presets"],
    "presets show": [
        "aks-kit presets show standard",
        "aks-kit presets show standard --set spec.tier=standard -o yaml",
    ],
    "presets diff": ["aks-kit presets diff standard standard-large"],
    "presets validate": [
        "aks-kit presets validate cluster.yaml",
        "aks-kit presets validate presets/*.yaml -o json",
    ],
    "presets schema": ["aks-kit presets schema --out aks-kit.schema.json"],
    "stacks list": ["aks-kit stacks list", "aks-kit stacks list --backend azblob://state"],
}
"""Command path (without `aks-kit`) -> example command lines."""


def examples_epilog(lines: list[str]) -> str:
    r"""An Examples section; `\b` keeps click from re-wrapping the lines."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def polish(command: Any, path: str = "") -> None:
    """Give every command under `command` its examples and every parameter a placeholder
    word (a click command tree, as Typer builds it)."""
    for param in getattr(command, "params", []):
        _placeholder(param)
    if path in EXAMPLES and not getattr(command, "epilog", None):
        command.epilog = examples_epilog(EXAMPLES[path])
    for name, sub in (getattr(command, "commands", None) or {}).items():
        polish(sub, f"{path} {name}".strip())


def _placeholder(param: Any) -> None:
    if param.metavar is not None or getattr(param, "is_flag", False):
        return
    descriptor = getattr(param, "type_descriptor", None)
    choice = getattr(descriptor, "is_choice", False)  # Typer shows them: `<json|yaml>`
    if param.param_type_name == "argument":
        word = (param.name or "value").upper()
        param.metavar = word
        usage = word if param.required else f"[{word}]"
        usage += "..." if param.nargs != 1 else ""
        # The usage line as click writes it (`NAME`, `[NAME]`, `FILES...`), not `{NAME}`,
        # and no type name after the word in the list of arguments.
        param._usage_display_name = lambda: usage
        if not choice:
            param.display_type_rich = lambda ctx: None
        return
    if choice:
        return
    longs = [opt for opt in param.opts if opt.startswith("--")]
    if longs:
        param.metavar = PLACEHOLDERS.get(longs[0], longs[0].lstrip("-").upper())
