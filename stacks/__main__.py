"""Entry point for `pulumi up` run inside stacks/: the spec is in stack config `aks-kit:spec`."""

from aks_kit.stacks.program import cluster_from_config

cluster_from_config()
