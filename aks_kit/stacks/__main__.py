"""Entry point for `pulumi up` run inside stacks/: what to deploy is in the stack's config."""

from aks_kit.stacks.program import run_program

run_program()
