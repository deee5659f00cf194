"""Identity and sign-in rules: Entra ID, Azure RBAC, local accounts, managed identities."""

from __future__ import annotations

from collections.abc import Iterator

from ..attribution import finding_at
from ..findings import Finding
from ..layering import Provenance
from ..model import ClusterDocument


def identity_and_auth(doc: ClusterDocument, provenance: Provenance) -> Iterator[Finding]:
    sec, ident = doc.spec.security, doc.spec.identity
    if sec.azure_rbac and not sec.entra_id:
        yield finding_at(
            provenance,
            "error",
            "auth",
            "spec.security.azureRbac",
            True,
            "Azure RBAC requires entraId: true",
        )
    if not sec.local_accounts and not sec.entra_id:
        yield finding_at(
            provenance,
            "error",
            "auth",
            "spec.security.localAccounts",
            False,
            "turning local accounts off requires entraId: true, or nobody can sign in",
        )
    if sec.workload_identity and not sec.oidc_issuer:
        yield finding_at(
            provenance,
            "error",
            "auth",
            "spec.security.workloadIdentity",
            True,
            "workload identity requires oidcIssuer: true",
        )
    if (doc.spec.access.admins or doc.spec.access.admin_groups) and not sec.entra_id:
        yield finding_at(
            provenance,
            "error",
            "auth",
            "spec.access",
            None,
            "admins and adminGroups need entraId: true",
        )
    if ident.kubelet == "userAssigned" and ident.control_plane != "userAssigned":
        yield finding_at(
            provenance,
            "error",
            "identity",
            "spec.identity.kubelet",
            "userAssigned",
            "a user-assigned kubelet identity requires controlPlane: userAssigned",
        )
    if doc.spec.network.vnet is not None and ident.control_plane != "userAssigned":
        yield finding_at(
            provenance,
            "error",
            "identity",
            "spec.identity.controlPlane",
            ident.control_plane,
            "a custom VNet needs controlPlane: userAssigned, so its Network Contributor "
            "grant on the subnets exists before the cluster is created",
        )
    zone = doc.spec.api_server.private_dns_zone
    if zone not in (None, "system", "none") and ident.control_plane != "userAssigned":
        yield finding_at(
            provenance,
            "error",
            "identity",
            "spec.identity.controlPlane",
            ident.control_plane,
            "your own private DNS zone needs controlPlane: userAssigned (it is granted "
            "Private DNS Zone Contributor on the zone)",
        )
    if doc.spec.access.admins and not sec.azure_rbac:
        yield finding_at(
            provenance,
            "error",
            "auth",
            "spec.access.admins",
            doc.spec.access.admins,
            "admins are granted an Azure RBAC role: needs security.azureRbac: true",
        )
