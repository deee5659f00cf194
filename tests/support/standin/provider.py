"""The stand-in azure-native plugin: Pulumi's ResourceProvider gRPC service over the small ARM.

Started by the engine as `pulumi-resource-azure-native <engine address>`; prints its port on
the first line of stdout, as every plugin does. It behaves as azure-native does where aks-kit
can tell: path parameters and location force a replacement; previews return the outputs ARM
computes as unknowns; 429 is retried after Retry-After (the Azure SDK's retry policy); ARM's
errors come back as the operation's error, in the Azure SDK's format.

Environment: AKS_STANDIN_DIR (required) holds the ARM state and faults;
AKS_STANDIN_LRO_SECONDS (default 0.2) is how long a cluster or pool operation runs.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime.proto import plugin_pb2, provider_pb2, provider_pb2_grpc

from .arm import DEPLOYER_CLIENT_ID, DEPLOYER_OBJECT_ID, SUBSCRIPTION, TENANT, Arm, ArmError
from .arm import kubeconfig as kubeconfig_of
from .resources import AUTONAMED, Located, computed_keys, locate, outputs, path_params, supported

VERSION = os.environ.get("AKS_STANDIN_VERSION", "3.29.0")
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
MAX_RETRIES = 3  # azcore's default retry policy
Kind = provider_pb2.PropertyDiff


def _plain(value: Any) -> Any:
    """Struct numbers are doubles: whole ones back to int, as ARM's JSON has them."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def unpack(struct: struct_pb2.Struct) -> dict[str, Any]:
    return _plain(json_format.MessageToDict(struct))  # type: ignore[no-any-return]


def pack(value: dict[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(value)
    return struct


def _has_unknown(value: Any) -> bool:
    if value == UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(_has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_unknown(v) for v in value)
    return False


def _token(urn: str) -> str:
    return urn.split("::")[2].split("$")[-1]


def _fill_unknown(keys: dict[str, Any], into: dict[str, Any]) -> dict[str, Any]:
    out = dict(into)
    for key, nested in keys.items():
        if isinstance(nested, dict):
            base = out.get(key)
            out[key] = _fill_unknown(nested, base if isinstance(base, dict) else {})
        elif key not in out:
            out[key] = UNKNOWN
    return out


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _project(template: Any, source: Any) -> Any:
    """Inputs as ARM now holds them: the keys of the old inputs, the values from ARM."""
    if isinstance(template, dict) and isinstance(source, dict):
        return {k: _project(v, source[k]) if k in source else v for k, v in template.items()}
    return source


class Provider(provider_pb2_grpc.ResourceProviderServicer):
    def __init__(self, arm: Arm) -> None:
        self.arm = arm
        self.subscription = os.environ.get("AKS_STANDIN_SUBSCRIPTION", SUBSCRIPTION)

    # --- plugin and configuration ------------------------------------------------------------

    def GetPluginInfo(self, request: Any, context: Any) -> plugin_pb2.PluginInfo:
        return plugin_pb2.PluginInfo(version=VERSION)

    def CheckConfig(self, request: Any, context: Any) -> provider_pb2.CheckResponse:
        return provider_pb2.CheckResponse(inputs=request.news)

    def DiffConfig(self, request: Any, context: Any) -> provider_pb2.DiffResponse:
        same = unpack(request.olds) == unpack(request.news)
        changes = (
            provider_pb2.DiffResponse.DIFF_NONE if same else provider_pb2.DiffResponse.DIFF_SOME
        )
        return provider_pb2.DiffResponse(changes=changes)

    def Configure(self, request: Any, context: Any) -> provider_pb2.ConfigureResponse:
        args = unpack(request.args) if request.HasField("args") else {}
        variables = dict(request.variables)
        subscription = args.get("subscriptionId") or variables.get(
            "azure-native:config:subscriptionId"
        )
        if subscription and subscription != UNKNOWN:
            self.subscription = str(subscription)
        return provider_pb2.ConfigureResponse(
            acceptSecrets=False, supportsPreview=True, acceptResources=False
        )

    def Cancel(self, request: Any, context: Any) -> empty_pb2.Empty:
        return empty_pb2.Empty()

    # --- resources -----------------------------------------------------------------------------

    def Check(self, request: Any, context: Any) -> provider_pb2.CheckResponse:
        token = _token(request.urn)
        if not supported(token):
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"stand-in: unknown type {token}")
        news = unpack(request.news)
        olds = unpack(request.olds)
        name_key = AUTONAMED.get(token)
        if name_key and name_key not in news:
            news[name_key] = olds.get(name_key) or str(uuid.uuid4())
        failures = [
            provider_pb2.CheckFailure(property=key, reason=f"missing required property '{key}'")
            for key in path_params(token)
            if key not in news and key != "parentResourcePath"
        ]
        return provider_pb2.CheckResponse(inputs=pack(news), failures=failures)

    def Diff(self, request: Any, context: Any) -> provider_pb2.DiffResponse:
        token = _token(request.urn)
        old = unpack(request.old_inputs) if request.HasField("old_inputs") else {}
        if not old:
            old = unpack(request.olds)
        new = unpack(request.news)
        params = set(path_params(token)) | {"location"}
        detailed: dict[str, provider_pb2.PropertyDiff] = {}
        replaces: list[str] = []
        for key in sorted(set(old) | set(new)):
            if key in old and key in new and old[key] == new[key]:
                continue
            replace = key in params
            if key not in old:
                kind = Kind.ADD_REPLACE if replace else Kind.ADD
            elif key not in new:
                kind = Kind.DELETE_REPLACE if replace else Kind.DELETE
            else:
                kind = Kind.UPDATE_REPLACE if replace else Kind.UPDATE
            detailed[key] = provider_pb2.PropertyDiff(kind=kind, inputDiff=True)
            if replace:
                replaces.append(key)
        changes = (
            provider_pb2.DiffResponse.DIFF_SOME if detailed else provider_pb2.DiffResponse.DIFF_NONE
        )
        return provider_pb2.DiffResponse(
            changes=changes,
            replaces=replaces,
            diffs=list(detailed),
            detailedDiff=detailed,
            hasDetailedDiff=True,
            deleteBeforeReplace=False,
        )

    def Create(self, request: Any, context: Any) -> provider_pb2.CreateResponse:
        token = _token(request.urn)
        inputs = unpack(request.properties)
        if request.preview or _has_unknown(inputs):
            located = self._locate_preview(token, inputs)
            predicted = _fill_unknown(computed_keys(located), located.body) if located else {}
            return provider_pb2.CreateResponse(id="", properties=pack(predicted))
        located = locate(token, inputs, self.subscription)
        stored = self._put(context, located)
        return provider_pb2.CreateResponse(
            id=located.arm_id, properties=pack(outputs(located, stored))
        )

    def _locate_preview(self, token: str, inputs: dict[str, Any]) -> Located | None:
        try:
            return locate(token, inputs, self.subscription)
        except KeyError:
            return None

    def Update(self, request: Any, context: Any) -> provider_pb2.UpdateResponse:
        token = _token(request.urn)
        inputs = unpack(request.news)
        located = locate(token, inputs, self.subscription)
        if request.preview or _has_unknown(inputs):
            predicted = _merge(unpack(request.olds), located.body)
            return provider_pb2.UpdateResponse(properties=pack(predicted))
        stored = self._put(context, located)
        return provider_pb2.UpdateResponse(properties=pack(outputs(located, stored)))

    def _put(self, context: Any, located: Located) -> dict[str, Any]:
        for attempt in range(MAX_RETRIES + 1):
            try:
                return self.arm.put(
                    located.arm_id, located.arm_type, located.body, judged=not located.flat
                )
            except ArmError as error:
                if error.status == 429 and attempt < MAX_RETRIES:
                    time.sleep(error.retry_after or 1)
                    continue
                context.abort(grpc.StatusCode.UNKNOWN, str(error))
        raise AssertionError("unreachable")

    def Read(self, request: Any, context: Any) -> provider_pb2.ReadResponse:
        token = _token(request.urn)
        inputs = unpack(request.inputs)
        stored = self.arm.get(request.id)
        if stored is None:
            return provider_pb2.ReadResponse(id="")
        located = locate(token, inputs, self.subscription) if inputs else None
        flat = located.flat if located else token != "azure-native:resources:Resource"
        shape = located or Located(request.id, stored["type"], stored["body"], flat)
        current = outputs(shape, stored)
        now_inputs = {**inputs, **_project(shape.body, stored["body"])} if inputs else {}
        return provider_pb2.ReadResponse(
            id=request.id, properties=pack(current), inputs=pack(now_inputs)
        )

    def Delete(self, request: Any, context: Any) -> empty_pb2.Empty:
        token = _token(request.urn)
        arm_type = ""
        inputs = unpack(request.old_inputs) if request.HasField("old_inputs") else {}
        if inputs:
            try:
                arm_type = locate(token, inputs, self.subscription).arm_type
            except KeyError:
                arm_type = ""
        try:
            self.arm.delete(request.id, arm_type)
        except ArmError as error:
            context.abort(grpc.StatusCode.UNKNOWN, str(error))
        return empty_pb2.Empty()

    # --- invokes -------------------------------------------------------------------------------

    def Invoke(self, request: Any, context: Any) -> provider_pb2.InvokeResponse:
        args = unpack(request.args)
        if request.tok == "azure-native:authorization:getClientConfig":
            result = {
                "clientId": DEPLOYER_CLIENT_ID,
                "objectId": DEPLOYER_OBJECT_ID,
                "subscriptionId": self.subscription,
                "tenantId": TENANT,
            }
            return _invoked(result)
        if request.tok == "azure-native:containerservice:listManagedClusterUserCredentials":
            arm_id = (
                f"/subscriptions/{self.subscription}/resourceGroups/{args['resourceGroupName']}"
                f"/providers/Microsoft.ContainerService/managedClusters/{args['resourceName']}"
            )
            cluster = self.arm.get(arm_id)
            if cluster is None:
                error = ArmError(
                    "POST",
                    f"{arm_id}/listClusterUserCredential",
                    404,
                    "ResourceNotFound",
                    f"The Resource '{CLUSTER_TYPE}/{args['resourceName']}' under resource "
                    f"group '{args['resourceGroupName']}' was not found.",
                )
                context.abort(grpc.StatusCode.UNKNOWN, str(error))
            assert cluster is not None  # abort raises
            value = kubeconfig_of(cluster, args.get("format") == "exec")
            listed: dict[str, Any] = {"kubeconfigs": [{"name": "clusterUser", "value": value}]}
            return _invoked(listed)
        context.abort(grpc.StatusCode.UNIMPLEMENTED, f"stand-in: no invoke {request.tok}")
        raise AssertionError("unreachable")


CLUSTER_TYPE = "Microsoft.ContainerService/managedClusters"


def _invoked(value: dict[str, Any]) -> provider_pb2.InvokeResponse:
    response = provider_pb2.InvokeResponse()
    getattr(response, "return").CopyFrom(pack(value))  # `return` is a Python keyword
    return response


def serve() -> None:
    directory = Path(os.environ["AKS_STANDIN_DIR"])
    lro = float(os.environ.get("AKS_STANDIN_LRO_SECONDS", "0.2"))
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=32),
        options=[
            ("grpc.max_receive_message_length", 400 * 1024 * 1024),
            ("grpc.max_send_message_length", 400 * 1024 * 1024),
        ],
    )
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(Provider(Arm(directory, lro)), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    server.wait_for_termination()


if __name__ == "__main__":
    serve()


def _debug(*parts: Any) -> None:  # pragma: no cover - for working on the stand-in
    with open(Path(os.environ["AKS_STANDIN_DIR"]) / "provider.log", "a") as handle:
        handle.write(json.dumps(parts, default=str) + "\n")
