"""The stack configuration keys aks-kit writes and its Pulumi program reads, defined once.

`stacks/Pulumi.yaml` declares the same keys for `pulumi up` run by hand; a test keeps the two
in step.
"""

from __future__ import annotations

from typing import Final

NAMESPACE: Final = "aks-kit"
SPEC_KEY: Final = "spec"
"""The resolved cluster document (JSON) of a cluster's stack."""
FLEET_KEY: Final = "fleet"
"""The fleet outline (JSON) of a fleet's own stack."""
MEMBER_KEY: Final = "fleetMember"
"""A member stack's fleet membership (JSON)."""

SPEC_CONFIG: Final = f"{NAMESPACE}:{SPEC_KEY}"
FLEET_CONFIG: Final = f"{NAMESPACE}:{FLEET_KEY}"
MEMBER_CONFIG: Final = f"{NAMESPACE}:{MEMBER_KEY}"
ALL_CONFIG: Final = (SPEC_CONFIG, FLEET_CONFIG, MEMBER_CONFIG)
