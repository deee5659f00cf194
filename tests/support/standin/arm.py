"""A small Azure Resource Manager kept in a JSON file: what the stand-in provider talks to.

Each engine run starts a new plugin process, and fleet runs start several at once, so every
read-modify-write holds an exclusive `flock` on the state file's lock. What it models:

- PUT, GET and DELETE by ARM id, with cascading deletes (a resource group takes everything in
  it; a resource takes its children and the extension resources scoped to it);
- AKS and Fleet bodies judged against the Azure SDK models (`arm_judge`), 400 when they do
  not fit;
- updates of fields ARM cannot change refused with AKS's own error (400
  PropertyChangeNotAllowed, https://learn.microsoft.com/azure/aks/resize-node-pool: "you
  can't resize a node pool in place");
- one operation at a time on a cluster and its agent pools: another PUT or DELETE while one
  runs gets 409 OperationNotAllowed
  (https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes-service/create-upgrade-delete/operationnotallowed-error);
- faults a test writes to `faults.json` beside the state: 429 with Retry-After, a
  long-running operation that fails, or one that takes a while.

Every request is appended to `requests.jsonl` so tests can see what ARM received.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUBSCRIPTION = "00000000-0000-0000-0000-0000000000aa"
TENANT = "00000000-0000-0000-0000-0000000000bb"
DEPLOYER_OBJECT_ID = "00000000-0000-0000-0000-0000000000cc"
DEPLOYER_CLIENT_ID = "00000000-0000-0000-0000-0000000000dd"
HOST = "https://management.azure.com"

CLUSTER = "Microsoft.ContainerService/managedClusters"
POOL = "Microsoft.ContainerService/managedClusters/agentPools"

# Fields AKS refuses to change after creation (AKS REST spec 2026-08-01 and the docs above).
POOL_IMMUTABLE = (
    "vmSize",
    "availabilityZones",
    "maxPods",
    "osType",
    "osDiskType",
    "osDiskSizeGB",
    "vnetSubnetID",
    "podSubnetID",
    "enableFIPS",
    "kubeletDiskType",
    "enableEncryptionAtHost",
    "gpuInstanceProfile",
    "nodePublicIPPrefixID",
)
CLUSTER_IMMUTABLE = (
    ("dnsPrefix",),
    ("fqdnSubdomain",),
    ("networkProfile", "serviceCidr"),
    ("networkProfile", "dnsServiceIP"),
    ("apiServerAccessProfile", "enablePrivateCluster"),
)


@dataclass
class ArmError(Exception):
    """An ARM error response, formatted as the Azure SDK for Go (azcore) prints it."""

    method: str
    arm_id: str
    status: int
    code: str
    message: str
    retry_after: int | None = None

    def __str__(self) -> str:
        reason = {400: "Bad Request", 404: "Not Found", 409: "Conflict", 429: "Too Many Requests"}
        body = json.dumps({"error": {"code": self.code, "message": self.message}}, indent=2)
        rule = "-" * 80
        return (
            f"{self.method} {HOST}{self.arm_id}\n{rule}\n"
            f"RESPONSE {self.status}: {self.status} {reason.get(self.status, 'Error')}\n"
            f"ERROR CODE: {self.code}\n{rule}\n{body}\n{rule}"
        )


def _models() -> dict[str, type]:
    from azure.mgmt.containerservice import models
    from azure.mgmt.containerservicefleet import models as fleet

    return {
        CLUSTER: models.ManagedCluster,
        POOL: models.AgentPool,
        f"{CLUSTER}/maintenanceConfigurations": models.MaintenanceConfiguration,
        "Microsoft.ContainerService/fleets": fleet.Fleet,
        "Microsoft.ContainerService/fleets/members": fleet.FleetMember,
        "Microsoft.ContainerService/fleets/updateStrategies": fleet.FleetUpdateStrategy,
        "Microsoft.ContainerService/fleets/autoUpgradeProfiles": fleet.AutoUpgradeProfile,
    }


def _key(arm_id: str) -> str:
    return arm_id.lower().rstrip("/")


def _cluster_of(arm_id: str) -> str | None:
    """The cluster whose operation lock a request takes: a cluster's own PUT or DELETE, or
    one of its agent pools' (extension resources scoped to a cluster take none)."""
    lower = _key(arm_id)
    marker = "/providers/microsoft.containerservice/managedclusters/"
    if marker not in lower:
        return None
    head, _, tail = lower.partition(marker)
    parts = tail.split("/")
    if len(parts) == 1 or (len(parts) == 3 and parts[1] == "agentpools"):
        return head + marker + parts[0]
    return None


def _guid(*parts: str) -> str:
    return str(uuid.UUID(hashlib.sha256("/".join(parts).encode()).hexdigest()[:32]))


class Arm:
    """The ARM state in `directory/arm.json`, faults in `directory/faults.json`."""

    def __init__(self, directory: Path, lro_seconds: float = 0.2) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.state_path = directory / "arm.json"
        self.lock_path = directory / "arm.lock"
        self.faults_path = directory / "faults.json"
        self.log_path = directory / "requests.jsonl"
        self.lro_seconds = lro_seconds

    # --- storage -------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[dict[str, Any]]:
        with open(self.lock_path, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                state = self._load()
                yield state
                draft = self.state_path.with_suffix(f".{os.getpid()}.tmp")
                draft.write_text(json.dumps(state, indent=1, sort_keys=True))
                draft.replace(self.state_path)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _load(self) -> dict[str, Any]:
        if self.state_path.exists():
            state: dict[str, Any] = json.loads(self.state_path.read_text() or "{}")
        else:
            state = {}
        state.setdefault("resources", {})
        state.setdefault("operations", {})
        return state

    def snapshot(self) -> dict[str, Any]:
        with self._locked() as state:
            copied: dict[str, Any] = json.loads(json.dumps(state["resources"]))
            return copied

    def _log(self, method: str, arm_id: str, status: int, code: str = "") -> None:
        entry = {"method": method, "id": arm_id, "status": status, "code": code}
        with open(self.log_path, "a") as handle:
            handle.write(json.dumps(entry) + "\n")

    # --- faults ----------------------------------------------------------------------------

    def _fault(self, method: str, arm_type: str, arm_id: str) -> dict[str, Any] | None:
        """The first matching fault in faults.json (its `times` counted down under the lock).

        A fault: {"method": "PUT", "type": "<ARM type>", "name": "<last id segment>",
        "status": 429, "retryAfter": 1} or {"lro": "Failed", "code": ..., "message": ...}
        or {"delay": seconds}; `times` (default 1, -1 forever) says how often it fires.
        """
        with open(self.lock_path, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                if not self.faults_path.exists():
                    return None
                faults: list[dict[str, Any]] = json.loads(self.faults_path.read_text() or "[]")
                for fault in faults:
                    if fault.get("method", method) != method:
                        continue
                    if fault.get("type", arm_type).lower() != arm_type.lower():
                        continue
                    if fault.get("name") and not arm_id.endswith("/" + fault["name"]):
                        continue
                    times = int(fault.get("times", 1))
                    if times == 0:
                        continue
                    fault["times"] = times - 1 if times > 0 else times
                    self.faults_path.write_text(json.dumps(faults, indent=1))
                    return fault
                return None
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    # --- requests ----------------------------------------------------------------------------

    def put(
        self, arm_id: str, arm_type: str, body: dict[str, Any], *, judged: bool = True
    ) -> dict[str, Any]:
        """Create or update; returns the stored resource with what ARM computes. `judged`:
        the body has ARM's shape (a typed resource's flat SDK shape is not judged)."""
        fault = self._fault("PUT", arm_type, arm_id)
        if fault and fault.get("status"):
            error = ArmError(
                "PUT",
                arm_id,
                int(fault["status"]),
                str(fault.get("code", "TooManyRequests")),
                str(fault.get("message", "The request is being throttled.")),
                retry_after=int(fault.get("retryAfter", 1)),
            )
            self._log("PUT", arm_id, error.status, error.code)
            raise error
        model = _models().get(arm_type) if judged else None
        if model is not None:
            from arm_judge import judge

            problems = judge(body, model)
            if problems:
                self._log("PUT", arm_id, 400, "InvalidRequestContent")
                raise ArmError(
                    "PUT",
                    arm_id,
                    400,
                    "InvalidRequestContent",
                    "The request content was invalid: " + "; ".join(problems),
                )
        cluster = _cluster_of(arm_id)
        duration = float(fault.get("delay", 0)) if fault else 0.0
        duration += self.lro_seconds if cluster is not None else 0.0
        with self._locked() as state:
            old = state["resources"].get(_key(arm_id))
            if old is not None:
                self._refuse_immutable(arm_id, arm_type, old["body"], body)
            if cluster is not None:
                self._begin(state, cluster, arm_id, "PUT", duration)
        try:
            time.sleep(duration)
            failed = bool(fault and fault.get("lro") == "Failed")
            with self._locked() as state:
                resource = {
                    "id": arm_id,
                    "type": arm_type,
                    "name": arm_id.rsplit("/", 1)[-1],
                    "body": body,
                    "computed": computed(arm_id, arm_type, body, failed),
                }
                state["resources"][_key(arm_id)] = resource
        finally:
            if cluster is not None:
                with self._locked() as state:
                    state["operations"].pop(cluster, None)
        if failed:
            assert fault is not None
            code = str(fault.get("code", "InternalOperationError"))
            self._log("PUT", arm_id, 200, f"lro:{code}")
            raise ArmError(
                "PUT",
                arm_id,
                200,
                code,
                str(fault.get("message", "The long-running operation failed.")),
            )
        self._log("PUT", arm_id, 200)
        return resource

    def _begin(
        self, state: dict[str, Any], cluster: str, arm_id: str, method: str, duration: float
    ) -> None:
        running = state["operations"].get(cluster)
        if running and running["until"] > time.time():
            self._log(method, arm_id, 409, "OperationNotAllowed")
            raise ArmError(
                method,
                arm_id,
                409,
                "OperationNotAllowed",
                "Operation is not allowed because there's an in progress "
                f"{running['what']} operation on the managed cluster. Please wait for it to "
                "finish before starting a new operation.",
            )
        kind = "agent pool" if "/agentpools/" in _key(arm_id) else "managed cluster"
        state["operations"][cluster] = {
            "what": f"{'update' if method == 'PUT' else 'delete'} {kind}",
            "until": time.time() + duration + 1,
        }

    def _refuse_immutable(
        self, arm_id: str, arm_type: str, old: dict[str, Any], new: dict[str, Any]
    ) -> None:
        changed: list[str] = []
        if arm_type.lower() == POOL.lower():
            before, after = old.get("properties", {}), new.get("properties", {})
            changed = [f for f in POOL_IMMUTABLE if f in before and before.get(f) != after.get(f)]
        elif arm_type.lower() == CLUSTER.lower():
            before, after = old.get("properties", {}), new.get("properties", {})
            for path in CLUSTER_IMMUTABLE:
                if _dig(before, path) is not None and _dig(before, path) != _dig(after, path):
                    changed.append(".".join(path))
            pools = {p.get("name"): p for p in before.get("agentPoolProfiles") or []}
            for pool in after.get("agentPoolProfiles") or []:
                was = pools.get(pool.get("name"))
                if was is not None:
                    changed += [f for f in POOL_IMMUTABLE if f in was and was[f] != pool.get(f)]
        if old.get("location") and new.get("location") and old["location"] != new["location"]:
            changed.append("location")
        if changed:
            self._log("PUT", arm_id, 400, "PropertyChangeNotAllowed")
            raise ArmError(
                "PUT",
                arm_id,
                400,
                "PropertyChangeNotAllowed",
                f"Changing property '{changed[0]}' is not allowed.",
            )

    def get(self, arm_id: str) -> dict[str, Any] | None:
        with self._locked() as state:
            found: dict[str, Any] | None = state["resources"].get(_key(arm_id))
        self._log("GET", arm_id, 200 if found else 404)
        return found

    def delete(self, arm_id: str, arm_type: str = "") -> None:
        fault = self._fault("DELETE", arm_type, arm_id)
        cluster = _cluster_of(arm_id)
        duration = float(fault.get("delay", 0)) if fault else 0.0
        duration += self.lro_seconds if cluster is not None else 0.0
        with self._locked() as state:
            if _key(arm_id) not in state["resources"]:
                self._log("DELETE", arm_id, 204)
                return
            if cluster is not None:
                self._begin(state, cluster, arm_id, "DELETE", duration)
        try:
            time.sleep(duration)
            with self._locked() as state:
                key = _key(arm_id)
                for other in list(state["resources"]):
                    if other == key or other.startswith(key + "/"):
                        del state["resources"][other]
        finally:
            if cluster is not None:
                with self._locked() as state:
                    state["operations"].pop(cluster, None)
        self._log("DELETE", arm_id, 200)

    def change(self, arm_id: str, path: tuple[str, ...], value: Any) -> None:
        """Change a stored body behind the engine's back (as the portal or autoscaler would)."""
        with self._locked() as state:
            body = state["resources"][_key(arm_id)]["body"]
            for key in path[:-1]:
                body = body.setdefault(key, {})
            body[path[-1]] = value

    def find(self, suffix: str) -> str:
        """The id of the one stored resource whose id ends with `suffix`."""
        matches = [r["id"] for r in self.snapshot().values() if r["id"].endswith(suffix)]
        if len(matches) != 1:
            raise KeyError(f"{suffix}: {len(matches)} resources")
        return str(matches[0])


def _dig(value: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def computed(arm_id: str, arm_type: str, body: dict[str, Any], failed: bool) -> dict[str, Any]:
    """What ARM adds to a body (ARM shape: under `properties`, `identity`)."""
    state = "Failed" if failed else "Succeeded"
    props: dict[str, Any] = {"provisioningState": state}
    out: dict[str, Any] = {"properties": props}
    given = body.get("properties") or {}
    location = str(body.get("location") or "eastus2")
    name = arm_id.rsplit("/", 1)[-1]
    if arm_type.lower() == CLUSTER.lower():
        rg = arm_id.split("/")[4]
        prefix = given.get("dnsPrefix") or name
        props["fqdn"] = f"{prefix}-{_guid(arm_id)[:8]}.hcp.{location}.azmk8s.io"
        props["nodeResourceGroup"] = given.get("nodeResourceGroup") or f"MC_{rg}_{name}_{location}"
        props["currentKubernetesVersion"] = given.get("kubernetesVersion") or "1.33.2"
        props["identityProfile"] = {
            "kubeletidentity": {
                "resourceId": f"/subscriptions/{SUBSCRIPTION}/resourceGroups/"
                f"{props['nodeResourceGroup']}/providers/Microsoft.ManagedIdentity/"
                f"userAssignedIdentities/{name}-agentpool",
                "clientId": _guid(arm_id, "kubelet-client"),
                "objectId": _guid(arm_id, "kubelet-object"),
            }
        }
        props["oidcIssuerProfile"] = {
            "enabled": bool((given.get("oidcIssuerProfile") or {}).get("enabled")),
            "issuerURL": f"https://{location}.oic.prod-aks.azure.com/{TENANT}/{_guid(arm_id)}/",
        }
    if (body.get("identity") or {}).get("type", "").startswith("SystemAssigned"):
        out["identity"] = {"principalId": _guid(arm_id, "principal"), "tenantId": TENANT}
    if arm_type.lower() == "microsoft.managedidentity/userassignedidentities":
        props.update(
            principalId=_guid(arm_id, "principal"),
            clientId=_guid(arm_id, "client"),
            tenantId=TENANT,
        )
    return out


def kubeconfig(cluster: dict[str, Any], exec_format: bool) -> str:
    """A user kubeconfig for a stored cluster, base64 as ARM returns it."""
    name = cluster["name"]
    fqdn = cluster["computed"]["properties"]["fqdn"]
    if exec_format:
        user = (
            "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
            "      command: kubelogin\n      args: [get-token, --login, azurecli, --server-id,"
            " 6dae42f8-4368-4678-94ff-3960e28e3630]\n"
        )
    else:
        user = f"    token: standin-{_guid(cluster['id'], 'user-token')}\n"
    text = (
        "apiVersion: v1\nkind: Config\n"
        f"clusters:\n- name: {name}\n  cluster:\n    server: https://{fqdn}:443\n"
        f"    certificate-authority-data: {base64.b64encode(b'standin-ca').decode()}\n"
        f"contexts:\n- name: {name}\n  context:\n    cluster: {name}\n    user: clusterUser_{name}\n"
        f"current-context: {name}\n"
        f"users:\n- name: clusterUser_{name}\n  user:\n{user}"
    )
    return base64.b64encode(text.encode()).decode()
