"""Azure's limits and AKS's cross-field rules, at their boundaries.

Each case starts from a built-in preset (or a small file) and changes one thing with `--set`.
Expected codes, levels, paths, layers and message fragments are literals; surge arithmetic
is worked out by hand in the comments.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_cases import Hit, check, matching, resolve_preset

from aks_kit.presets.resolve import resolve


def write_cluster(tmp_path: Path, body: str, name: str = "cluster.yaml") -> Path:
    """A Cluster file: `body` is the YAML after `kind: Cluster` (line 3 onwards)."""
    path = tmp_path / name
    path.write_text("apiVersion: aks-kit/v1\nkind: Cluster\n" + body, encoding="utf-8")
    return path


# A bare cluster whose `nodePools:` key is on line 6, so its findings name "-f FILE, line 6".
POOLS_HEADER = """\
spec:
  tier: {tier}
  network: {{plugin: azure, pluginMode: overlay, dataplane: cilium, policy: cilium, \
podCidr: 10.0.0.0/8, serviceCidr: 192.168.0.0/16, dnsServiceIP: 192.168.0.10}}
  nodePools:
"""


def pools_file(tmp_path: Path, pools: list[str], tier: str = "standard") -> Path:
    lines = "".join(f"    - {pool}\n" for pool in pools)
    return write_cluster(tmp_path, POOLS_HEADER.format(tier=tier) + lines)


STANDARD = "preset:standard, line *"


def test_the_presets_start_clean() -> None:
    for preset in ("standard", "automatic"):
        assert resolve_preset(preset).findings == []


# --------------------------------------------------------------------------- pool names

NAME_MSG = "pool names are 1-12 lowercase letters and digits, starting with a letter"
WINDOWS_MSG = "Windows pool names are at most 6 characters"


@pytest.mark.parametrize(
    ("name", "os_type", "message"),
    [
        pytest.param("a", "Linux", None, id="1-char"),
        pytest.param("abcdefghijkl", "Linux", None, id="12-chars"),
        pytest.param("abcdefghijklm", "Linux", NAME_MSG, id="13-chars"),
        pytest.param("web2", "Linux", None, id="letters-and-digits"),
        pytest.param("Web", "Linux", NAME_MSG, id="uppercase"),
        pytest.param("1web", "Linux", NAME_MSG, id="starts-with-digit"),
        pytest.param("web-1", "Linux", NAME_MSG, id="dash"),
        pytest.param("web_1", "Linux", NAME_MSG, id="underscore"),
        pytest.param("linux12", "Linux", None, id="linux-7-chars"),
        pytest.param("win123", "Windows", None, id="windows-6-chars"),
        pytest.param("win1234", "Windows", WINDOWS_MSG, id="windows-7-chars"),
        # a name that breaks the general rule gets only that message
        pytest.param("Win", "Windows", NAME_MSG, id="windows-uppercase"),
    ],
)
def test_pool_names(tmp_path: Path, name: str, os_type: str, message: str | None) -> None:
    body = f"""\
extends: standard
spec:
  nodePools:
    - {{name: "{name}", osType: {os_type}, count: 1}}
"""
    file = write_cluster(tmp_path, body)
    resolved = resolve(file=str(file))
    path = f"spec.nodePools[{name}].name"
    hit = None if message is None else Hit("error", name, f"-f {file}, line 6", message)
    check(resolved, "pool-name", path, hit)


def test_duplicate_pool_names_are_reported_once(tmp_path: Path) -> None:
    file = pools_file(
        tmp_path,
        [
            "{name: system, mode: system, count: 1}",
            "{name: web, count: 1}",
            "{name: web, count: 2}",
        ],
    )
    resolved = resolve(file=str(file))
    found = matching(resolved, "pool-name", "spec.nodePools[web].name")
    assert len(found) == 1, [f.render() for f in resolved.findings]
    assert found[0].level == "error"
    assert found[0].value == "web"
    assert found[0].message == "pool names must be unique"
    assert matching(resolved, "pool-name", "spec.nodePools[system].name") == []


def test_pool_name_with_a_trailing_newline_is_refused(tmp_path: Path) -> None:
    body = 'extends: standard\nspec:\n  nodePools:\n    - {name: "web\\n", count: 1}\n'
    resolved = resolve(file=str(write_cluster(tmp_path, body)))
    found = [f for f in resolved.findings if f.code == "pool-name"]
    assert len(found) == 1
    assert NAME_MSG in found[0].message


def test_bad_pool_name_from_set_names_the_set_layer() -> None:
    resolved = resolve_preset("standard", ["spec.nodePools[Web].count=1"])
    check(
        resolved,
        "pool-name",
        "spec.nodePools[Web].name",
        Hit("error", "Web", "--set spec.nodePools[Web].count", NAME_MSG),
    )


# --------------------------------------------------------------------------- pool counts

USER_RANGE = "user pools hold 0 to 1000 nodes"
SYSTEM_RANGE = "system pools hold 1 to 1000 nodes"


def set_layer(path: str) -> str:
    return f"--set {path}"


@pytest.mark.parametrize(
    ("sets", "path", "hit"),
    [
        # the standard user pool autoscales 2..20
        pytest.param(
            ["spec.nodePools[user].maxCount=1000"],
            "spec.nodePools[user].maxCount",
            None,
            id="user-maxCount-1000",
        ),
        pytest.param(
            ["spec.nodePools[user].maxCount=1001"],
            "spec.nodePools[user].maxCount",
            Hit("error", 1001, "--set spec.nodePools[user].maxCount", USER_RANGE),
            id="user-maxCount-1001",
        ),
        pytest.param(
            ["spec.nodePools[user].minCount=0"],
            "spec.nodePools[user].minCount",
            None,
            id="user-minCount-0",
        ),
        pytest.param(
            ["spec.nodePools[web].count=0"],
            "spec.nodePools[web].count",
            None,
            id="user-count-0",
        ),
        pytest.param(
            ["spec.nodePools[web].count=1000"],
            "spec.nodePools[web].count",
            None,
            id="user-count-1000",
        ),
        pytest.param(
            ["spec.nodePools[web].count=1001"],
            "spec.nodePools[web].count",
            Hit("error", 1001, "--set spec.nodePools[web].count", USER_RANGE),
            id="user-count-1001",
        ),
        pytest.param(
            ["spec.nodePools[system].count=0"],
            "spec.nodePools[system].count",
            Hit("error", 0, "--set spec.nodePools[system].count", SYSTEM_RANGE),
            id="system-count-0",
        ),
        pytest.param(
            ["spec.nodePools[system].count=1"],
            "spec.nodePools[system].count",
            None,
            id="system-count-1",
        ),
        pytest.param(
            ["spec.nodePools[system].count=1000"],
            "spec.nodePools[system].count",
            None,
            id="system-count-1000",
        ),
        pytest.param(
            ["spec.nodePools[system].count=1001"],
            "spec.nodePools[system].count",
            Hit("error", 1001, "--set spec.nodePools[system].count", SYSTEM_RANGE),
            id="system-count-1001",
        ),
        pytest.param(
            [
                "spec.nodePools[system].count=null",
                "spec.nodePools[system].minCount=0",
                "spec.nodePools[system].maxCount=3",
            ],
            "spec.nodePools[system].minCount",
            Hit("error", 0, "--set spec.nodePools[system].minCount", SYSTEM_RANGE),
            id="system-minCount-0",
        ),
        pytest.param(
            [
                "spec.nodePools[system].count=null",
                "spec.nodePools[system].minCount=1",
                "spec.nodePools[system].maxCount=3",
            ],
            "spec.nodePools[system].minCount",
            None,
            id="system-minCount-1",
        ),
        pytest.param(
            ["spec.nodePools[user].minCount=20"],
            "spec.nodePools[user].minCount",
            None,
            id="minCount-equals-maxCount",
        ),
        pytest.param(
            ["spec.nodePools[user].minCount=21"],
            "spec.nodePools[user].minCount",
            Hit(
                "error",
                21,
                "--set spec.nodePools[user].minCount",
                "minCount must be at most maxCount (20)",
            ),
            id="minCount-above-maxCount",
        ),
        pytest.param(
            ["spec.nodePools[user].count=1"],
            "spec.nodePools[user].count",
            Hit(
                "error",
                1,
                "--set spec.nodePools[user].count",
                "count must be between minCount (2) and maxCount (20)",
            ),
            id="count-below-minCount",
        ),
        pytest.param(
            ["spec.nodePools[user].count=2"],
            "spec.nodePools[user].count",
            None,
            id="count-at-minCount",
        ),
        pytest.param(
            ["spec.nodePools[user].count=20"],
            "spec.nodePools[user].count",
            None,
            id="count-at-maxCount",
        ),
        pytest.param(
            ["spec.nodePools[user].count=21"],
            "spec.nodePools[user].count",
            Hit(
                "error",
                21,
                "--set spec.nodePools[user].count",
                "count must be between minCount (2) and maxCount (20)",
            ),
            id="count-above-maxCount",
        ),
        pytest.param(
            ["spec.nodePools[user].maxCount=null"],
            "spec.nodePools[user].maxCount",
            Hit("error", None, STANDARD, "autoscaling needs both minCount and maxCount"),
            id="minCount-without-maxCount",
        ),
        pytest.param(
            ["spec.nodePools[user].minCount=null"],
            "spec.nodePools[user].minCount",
            Hit("error", None, STANDARD, "autoscaling needs both minCount and maxCount"),
            id="maxCount-without-minCount",
        ),
    ],
)
def test_pool_counts(sets: list[str], path: str, hit: Hit | None) -> None:
    check(resolve_preset("standard", sets), "pool-count", path, hit)


# --------------------------------------------------------------------------- max pods


@pytest.mark.parametrize(
    ("max_pods", "refused"),
    [(9, True), (10, False), (110, False), (250, False), (251, True)],
    ids=["9", "10", "110", "250", "251"],
)
def test_max_pods(max_pods: int, refused: bool) -> None:
    path = "spec.nodePools[user].maxPods"
    resolved = resolve_preset("standard", [f"{path}={max_pods}"])
    hit = Hit("error", max_pods, f"--set {path}", "maxPods must be 10 to 250") if refused else None
    check(resolved, "max-pods", path, hit)


# --------------------------------------------------------------------------- pool total


@pytest.mark.parametrize(("pools", "refused"), [(100, False), (101, True)], ids=["100", "101"])
def test_at_most_100_pools(tmp_path: Path, pools: int, refused: bool) -> None:
    entries = ["{name: system, mode: system, count: 1}"]
    entries += [f"{{name: p{i}, count: 0}}" for i in range(pools - 1)]
    file = pools_file(tmp_path, entries)
    resolved = resolve(file=str(file))
    hit = (
        Hit("error", 101, f"-f {file}, line 6", "a cluster has at most 100 node pools")
        if refused
        else None
    )
    check(resolved, "too-many-pools", "spec.nodePools", hit)


# --------------------------------------------------------------------------- cluster nodes

FIVE_THOUSAND = [
    "{name: system, mode: system, count: 1000}",
    "{name: u1, count: 1000}",
    "{name: u2, minCount: 0, maxCount: 1000}",  # autoscaled pools count at maxCount
    "{name: u3, count: 1000}",
    "{name: u4, minCount: 10, maxCount: 1000}",
]


@pytest.mark.parametrize(
    ("extra", "nodes"),
    [
        pytest.param([], 5000, id="5000"),
        pytest.param(["{name: u5, count: 0}"], 5000, id="5000-with-empty-pool"),
        pytest.param(["{name: u5, count: 1}"], 5001, id="5001"),
        pytest.param(["{name: u5, minCount: 0, maxCount: 1}"], 5001, id="5001-autoscaled"),
    ],
)
def test_at_most_5000_nodes(tmp_path: Path, extra: list[str], nodes: int) -> None:
    file = pools_file(tmp_path, FIVE_THOUSAND + extra)
    resolved = resolve(file=str(file))
    hit = (
        Hit(
            "error",
            nodes,
            f"-f {file}",  # a total: the layers that sized the pools, without a line
            f"pools may reach {nodes} nodes; a cluster holds at most 5000",
        )
        if nodes > 5000
        else None
    )
    check(resolved, "cluster-nodes", "spec.nodePools", hit)


FREE_WARN = "the free tier is meant for fewer than 10 and has no SLA (use standard)"
FREE_ERROR = "the free tier supports at most 1000 (use standard)"


@pytest.mark.parametrize(
    ("tier", "user_max", "hit"),
    [
        # nodes = system count 1 + the user pool's maxCount
        pytest.param("free", 9, None, id="free-10-nodes"),
        pytest.param(
            "free",
            10,
            Hit("warning", "free", "--set spec.tier", "pools may reach 11 nodes; " + FREE_WARN),
            id="free-11-nodes",
        ),
        pytest.param(
            "free",
            999,
            Hit("warning", "free", "--set spec.tier", "pools may reach 1000 nodes; " + FREE_WARN),
            id="free-1000-nodes",
        ),
        pytest.param(
            "free",
            1000,
            Hit("error", "free", "--set spec.tier", "pools may reach 1001 nodes; " + FREE_ERROR),
            id="free-1001-nodes",
        ),
        pytest.param("standard", 1000, None, id="standard-1001-nodes"),
        pytest.param("premium", 1000, None, id="premium-1001-nodes"),
    ],
)
def test_free_tier(tier: str, user_max: int, hit: Hit | None) -> None:
    sets = [
        f"spec.tier={tier}",
        "spec.nodePools[system].count=1",
        f"spec.nodePools[user].maxCount={user_max}",
    ]
    check(resolve_preset("standard", sets), "free-tier", "spec.tier", hit)


KUBENET = [
    "spec.network.plugin=kubenet",
    "spec.network.pluginMode=null",
    "spec.network.dataplane=azure",
    "spec.network.policy=none",
    "spec.nodePools[system].count=1",
]


@pytest.mark.parametrize(
    ("user_max", "hit"),
    [
        pytest.param(399, None, id="400-nodes"),
        pytest.param(
            400,
            Hit(
                "error",
                "kubenet",
                "--set spec.network.plugin",
                "pools may reach 401 nodes; kubenet supports at most 400 "
                "(use azure with pluginMode: overlay)",
            ),
            id="401-nodes",
        ),
    ],
)
def test_kubenet_node_limit(user_max: int, hit: Hit | None) -> None:
    sets = [*KUBENET, f"spec.nodePools[user].maxCount={user_max}"]
    check(resolve_preset("standard", sets), "kubenet-nodes", "spec.network.plugin", hit)


@pytest.mark.parametrize(
    ("policy", "user_max", "hit"),
    [
        pytest.param("azure", 249, None, id="npm-250-nodes"),
        pytest.param(
            "azure",
            250,
            Hit(
                "error",
                "azure",
                "--set spec.network.policy",
                "pools may reach 251 nodes; Azure network policy manager supports at most 250 "
                "(use cilium)",
            ),
            id="npm-251-nodes",
        ),
        pytest.param("calico", 250, None, id="calico-251-nodes"),
    ],
)
def test_azure_npm_node_limit(policy: str, user_max: int, hit: Hit | None) -> None:
    sets = [
        "spec.network.dataplane=azure",
        f"spec.network.policy={policy}",
        "spec.nodePools[system].count=1",
        f"spec.nodePools[user].maxCount={user_max}",
    ]
    check(resolve_preset("standard", sets), "npm-nodes", "spec.network.policy", hit)


# --------------------------------------------------------------------------- network plugin

WINDOWS_POOL = ["spec.nodePools[win].osType=Windows", "spec.nodePools[win].count=1"]


@pytest.mark.parametrize(
    ("sets", "path", "hit"),
    [
        pytest.param([], "spec.network.policy", None, id="standard-is-consistent"),
        pytest.param(
            ["spec.network.dataplane=azure"],
            "spec.network.policy",
            Hit(
                "error",
                "cilium",
                "--set spec.network.dataplane, with policy from preset:standard*",
                "cilium network policy requires dataplane: cilium",
            ),
            id="cilium-policy-azure-dataplane",
        ),
        pytest.param(
            ["spec.network.plugin=kubenet", "spec.network.dataplane=azure"],
            "spec.network.pluginMode",
            Hit(
                "error",
                "overlay",
                "--set spec.network.plugin, with pluginMode from preset:standard*",
                "overlay requires plugin: azure (plugin is kubenet)",
            ),
            id="overlay-with-kubenet",
        ),
        pytest.param(
            ["spec.network.plugin=none", "spec.network.dataplane=azure"],
            "spec.network.pluginMode",
            Hit(
                "error",
                "overlay",
                "--set spec.network.plugin, with pluginMode from preset:standard*",
                "overlay requires plugin: azure (plugin is none)",
            ),
            id="overlay-with-byo-cni",
        ),
        pytest.param(
            # Cilium runs with node-subnet IPAM too (azure-cni-powered-by-cilium).
            ["spec.network.pluginMode=null"],
            "spec.network.dataplane",
            None,
            id="cilium-with-node-subnet",
        ),
        pytest.param(
            [
                "spec.network.pluginMode=null",
                "spec.network.outboundType=userAssignedNATGateway",
                "spec.network.vnet={addressSpace: [10.10.0.0/16], "
                "nodeSubnet: {cidr: 10.10.0.0/20}, podSubnet: {cidr: 10.10.64.0/18}}",
            ],
            "spec.network.dataplane",
            None,
            id="cilium-with-pod-subnet",
        ),
        pytest.param(
            ["spec.network.plugin=kubenet", "spec.network.pluginMode=null"],
            "spec.network.dataplane",
            Hit(
                "error",
                "cilium",
                "--set spec.network.plugin, with dataplane from preset:standard*",
                "the cilium dataplane requires plugin: azure "
                "(https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium \u2020)",
            ),
            id="cilium-with-kubenet",
        ),
        pytest.param(
            [
                "spec.network.plugin=kubenet",
                "spec.network.pluginMode=null",
                "spec.network.dataplane=azure",
                "spec.network.policy=none",
                *WINDOWS_POOL,
            ],
            "spec.network.plugin",
            Hit(
                "error",
                "kubenet",
                "--set spec.network.plugin",
                "Windows pools require plugin: azure",
            ),
            id="windows-with-kubenet",
        ),
        pytest.param(WINDOWS_POOL, "spec.network.plugin", None, id="windows-with-azure"),
    ],
)
def test_network_plugin(sets: list[str], path: str, hit: Hit | None) -> None:
    check(resolve_preset("standard", sets), "network", path, hit)


# --------------------------------------------------------------------------- system pool


@pytest.mark.parametrize(
    ("sets", "path", "hit"),
    [
        pytest.param(
            ["spec.nodePools[system].mode=user"],
            "spec.nodePools",
            Hit("error", None, STANDARD, "sku: base needs at least one pool with mode: system"),
            id="no-system-pool",
        ),
        pytest.param(
            ["spec.nodePools[system].mode=gateway"],
            "spec.nodePools",
            Hit("error", None, STANDARD, "sku: base needs at least one pool with mode: system"),
            id="gateway-is-not-system",
        ),
        pytest.param(
            ["spec.nodePools[system].mode=user", "spec.nodePools[user].mode=system"],
            "spec.nodePools",
            None,
            id="another-pool-is-system",
        ),
        pytest.param(
            ["spec.nodePools[system].osType=Windows"],
            "spec.nodePools[system].osType",
            Hit(
                "error", "Windows", "--set spec.nodePools[system].osType", "system pools run Linux"
            ),
            id="windows-system-pool",
        ),
        pytest.param(
            ["spec.nodePools[system].spot=true"],
            "spec.nodePools[system].spot",
            Hit(
                "error",
                True,
                "--set spec.nodePools[system].spot",
                "system pools cannot be spot pools",
            ),
            id="spot-system-pool",
        ),
        pytest.param(
            ["spec.nodePools[user].spot=true"],
            "spec.nodePools[user].spot",
            None,
            id="spot-user-pool",
        ),
    ],
)
def test_system_pool(sets: list[str], path: str, hit: Hit | None) -> None:
    check(resolve_preset("standard", sets), "system-pool", path, hit)


def test_base_cluster_without_pools_needs_a_system_pool(tmp_path: Path) -> None:
    file = write_cluster(tmp_path, "spec: {sku: base}\n")
    resolved = resolve(file=str(file))
    # nothing set spec.nodePools: the finding falls back to the layer that set spec
    hit = Hit("error", None, f"-f {file}, line 3", "at least one pool with mode: system")
    check(resolved, "system-pool", "spec.nodePools", hit)


def test_automatic_cluster_needs_no_system_pool() -> None:
    assert matching(resolve_preset("automatic"), "system-pool", "spec.nodePools") == []


# --------------------------------------------------------------------------- spot settings

SPOT_ONLY = "only spot pools (spot: true) take this setting"


@pytest.mark.parametrize(
    ("sets", "path", "hit"),
    [
        pytest.param(
            ["spec.nodePools[user].spotMaxPrice=-1"],
            "spec.nodePools[user].spotMaxPrice",
            Hit("error", -1.0, "--set spec.nodePools[user].spotMaxPrice", SPOT_ONLY),
            id="max-price-without-spot",
        ),
        pytest.param(
            ["spec.nodePools[user].evictionPolicy=Delete"],
            "spec.nodePools[user].evictionPolicy",
            Hit("error", "Delete", "--set spec.nodePools[user].evictionPolicy", SPOT_ONLY),
            id="eviction-without-spot",
        ),
        pytest.param(
            [
                "spec.nodePools[user].spot=true",
                "spec.nodePools[user].spotMaxPrice=-1",
                "spec.nodePools[user].evictionPolicy=Deallocate",
            ],
            "spec.nodePools[user].spotMaxPrice",
            None,
            id="spot-pool-takes-both",
        ),
    ],
)
def test_spot_settings(sets: list[str], path: str, hit: Hit | None) -> None:
    check(resolve_preset("standard", sets), "spot", path, hit)


def test_spot_pool_takes_eviction_policy() -> None:
    sets = [
        "spec.nodePools[user].spot=true",
        "spec.nodePools[user].evictionPolicy=Delete",
        "spec.nodePools[user].maxSurge=null",  # Spot pools are upgraded without surge
    ]
    assert [f for f in resolve_preset("standard", sets).findings if f.code == "spot"] == []


def test_spot_pool_refuses_max_surge() -> None:
    sets = ["spec.nodePools[user].spot=true"]
    [finding] = [f for f in resolve_preset("standard", sets).findings if f.code == "spot"]
    assert (finding.level, finding.path) == ("error", "spec.nodePools[user].maxSurge")


# --------------------------------------------------------------------------- surge format

SURGE_FORMAT = "must be a node count (e.g. 1) or a percentage from 0% to 100% (e.g. 10%)"


SURGE_CASES: list[tuple[str, str, str, bool]] = [
    # (key, --set value, value as resolved, refused)
    ("maxSurge", "10%", "10%", False),
    ("maxSurge", "0%", "0%", False),
    ("maxSurge", "100%", "100%", False),
    ("maxSurge", "101%", "101%", True),
    ("maxSurge", "1", "1", False),  # YAML reads 1 as an int; the model makes it "1"
    ("maxSurge", "0", "0", False),
    ("maxSurge", "abc", "abc", True),
    ("maxSurge", "-1", "-1", True),
    ("maxSurge", "10.5%", "10.5%", True),
    ("maxSurge", "'%10'", "%10", True),
    ("maxUnavailable", "1", "1", False),
    ("maxUnavailable", "0", "0", False),
    ("maxUnavailable", "100%", "100%", False),
    ("maxUnavailable", "101%", "101%", True),
    ("maxUnavailable", "abc", "abc", True),
]


@pytest.mark.parametrize(
    ("key", "raw", "value", "refused"),
    SURGE_CASES,
    ids=[f"{key}={value}" for key, _, value, _ in SURGE_CASES],
)
def test_surge_format(key: str, raw: str, value: str, refused: bool) -> None:
    # the other setting is a non-zero count, so "both 0" never applies here
    other = "maxUnavailable" if key == "maxSurge" else "maxSurge"
    sets = [f"spec.nodePools[user].{key}={raw}", f"spec.nodePools[user].{other}=1"]
    path = f"spec.nodePools[user].{key}"
    hit = Hit("error", value, f"--set {path}", SURGE_FORMAT) if refused else None
    check(resolve_preset("standard", sets), "surge", path, hit)


BOTH_ZERO = "maxSurge and maxUnavailable cannot both be 0"


@pytest.mark.parametrize(
    ("surge", "unavailable", "refused"),
    [
        ("0", "0", True),
        ("0%", "0", True),
        ("0", "0%", True),
        ("0", "1", False),
        ("1", "0", False),
        ("0%", "10%", False),
    ],
    ids=["0-0", "0%-0", "0-0%", "0-1", "1-0", "0%-10%"],
)
def test_surge_and_unavailable_not_both_zero(surge: str, unavailable: str, refused: bool) -> None:
    sets = [
        f"spec.nodePools[user].maxSurge={surge}",
        f"spec.nodePools[user].maxUnavailable={unavailable}",
    ]
    path = "spec.nodePools[user].maxSurge"
    hit = Hit("error", surge, f"--set {path}", BOTH_ZERO) if refused else None
    check(resolve_preset("standard", sets), "surge", path, hit)


def test_zero_surge_with_default_unavailable_is_refused() -> None:
    path = "spec.nodePools[user].maxSurge"
    resolved = resolve_preset("standard", [f"{path}=0"])
    check(resolved, "surge", path, Hit("error", "0", f"--set {path}", BOTH_ZERO))


# --------------------------------------------------------------------------- surge at max


def pool_surge_hit(nodes: int, extra: int, value: str | None, layer: str) -> Hit:
    return Hit(
        "warning",
        value,
        layer,
        f"cannot upgrade at maximum size: {nodes} nodes + {extra} surge exceeds 1000 per pool "
        "(lower maxCount or maxSurge)",
    )


SURGE_LAYER = "--set spec.nodePools[user].maxSurge"


@pytest.mark.parametrize(
    ("max_count", "surge", "hit"),
    [
        # 909 * 10% = 90.9 -> ceil 91 -> 1000, not above 1000
        pytest.param(909, "10%", None, id="909-10%"),
        # 910 * 10% = 91 -> 1001 > 1000
        pytest.param(910, "10%", pool_surge_hit(910, 91, "10%", SURGE_LAYER), id="910-10%"),
        # 999 * 10% = 99.9 -> ceil 100 -> 1099 > 1000
        pytest.param(999, "10%", pool_surge_hit(999, 100, "10%", SURGE_LAYER), id="999-10%"),
        # 751 * 33% = 247.83 -> ceil 248 -> 999
        pytest.param(751, "33%", None, id="751-33%"),
        # 752 * 33% = 248.16 -> ceil 249 -> 1001 > 1000
        pytest.param(752, "33%", pool_surge_hit(752, 249, "33%", SURGE_LAYER), id="752-33%"),
        # a count: 999 + 1 = 1000
        pytest.param(999, "1", None, id="999-1"),
        # 1000 + 1 = 1001 > 1000
        pytest.param(1000, "1", pool_surge_hit(1000, 1, "1", SURGE_LAYER), id="1000-1"),
        # no surge nodes at all: 1000 + 0
        pytest.param(1000, "0%", None, id="1000-0%"),
        # 500 + 500 = 1000
        pytest.param(500, "100%", None, id="500-100%"),
        # 501 + 501 = 1002 > 1000
        pytest.param(501, "100%", pool_surge_hit(501, 501, "100%", SURGE_LAYER), id="501-100%"),
        # no maxSurge: Azure's 10% default; 910 * 10% = 91 -> 1001 (the finding's value is
        # None; nothing set maxSurge, so its layer is the --set that sized the pool)
        pytest.param(
            910,
            None,
            pool_surge_hit(910, 91, None, "--set spec.nodePools[user].maxCount, with maxSurge*"),
            id="910-default",
        ),
        pytest.param(909, None, None, id="909-default"),
        # a malformed surge is a format error only, never counted as surge
        pytest.param(1000, "abc", None, id="1000-malformed"),
    ],
)
def test_surge_at_pool_max(max_count: int, surge: str | None, hit: Hit | None) -> None:
    sets = [
        f"spec.nodePools[user].maxCount={max_count}",
        f"spec.nodePools[user].maxSurge={'null' if surge is None else surge}",
        # keep maxSurge 0% legal: with maxUnavailable 1 the pool still upgrades
        "spec.nodePools[user].maxUnavailable=1",
    ]
    resolved = resolve_preset("standard", sets)
    check(resolved, "surge-at-max", "spec.nodePools[user].maxSurge", hit)


def test_surge_at_max_for_a_fixed_count_pool() -> None:
    # system count 910 with maxSurge 10%: 91 surge -> 1001
    sets = ["spec.nodePools[system].count=910", "spec.nodePools[system].maxSurge=10%"]
    path = "spec.nodePools[system].maxSurge"
    hit = pool_surge_hit(910, 91, "10%", f"--set {path}")
    check(resolve_preset("standard", sets), "surge-at-max", path, hit)


def cluster_pools(last_surge: str) -> list[str]:
    # 5 pools of 990 + 40 = 4990 nodes; surge 2+2+2+2+1 = 9 plus the last pool's
    return [
        '{name: system, mode: system, count: 990, maxSurge: "2"}',
        '{name: u1, count: 990, maxSurge: "2"}',
        '{name: u2, count: 990, maxSurge: "2"}',
        '{name: u3, minCount: 0, maxCount: 990, maxSurge: "2"}',
        '{name: u4, count: 990, maxSurge: "1"}',
        f'{{name: u5, count: 40, maxSurge: "{last_surge}"}}',
    ]


@pytest.mark.parametrize(
    ("last_surge", "total"),
    [
        # 4990 + 9 + 1 = 5000: fits exactly
        pytest.param("1", None, id="4990+10=5000"),
        # 4990 + 9 + 2 = 5001 > 5000
        pytest.param("2", 5001, id="4990+11=5001"),
        # 40 * 10% = 4 -> 4990 + 13 = 5003
        pytest.param("10%", 5003, id="4990+13=5003"),
    ],
)
def test_surge_at_cluster_max(tmp_path: Path, last_surge: str, total: int | None) -> None:
    file = pools_file(tmp_path, cluster_pools(last_surge))
    resolved = resolve(file=str(file))
    hit = (
        None
        if total is None
        else Hit(
            "warning",
            4990,
            f"-f {file}",
            f"cannot upgrade at maximum size: 4990 nodes + surge = {total} exceeds 5000 "
            "per cluster",
        )
    )
    check(resolved, "surge-at-max", "spec.nodePools", hit)
    # no pool passes 1000 with its surge: 990 + 2 = 992
    assert [f for f in resolved.findings if f.code == "surge-at-max" and "[" in f.path] == []


def test_surge_at_cluster_max_at_exactly_5000_nodes() -> None:
    # standard-large: 6 + 554 * 9 = 4992 nodes; surge 20% of 6 -> ceil 1.2 = 2, and
    # 10% of 554 = 55.4 -> ceil 56 for each of 9 pools = 504 -> 4992 + 506 = 5498
    resolved = resolve_preset("standard-large")
    hit = Hit(
        "warning",
        4992,
        "preset:standard-large",  # it sets every count and surge of the pools
        "cannot upgrade at maximum size: 4992 nodes + surge = 5498 exceeds 5000 per cluster",
    )
    check(resolved, "surge-at-max", "spec.nodePools", hit)


def test_no_surge_warning_for_a_cluster_already_over_5000(tmp_path: Path) -> None:
    file = pools_file(tmp_path, [*FIVE_THOUSAND, "{name: u5, count: 1}"])
    resolved = resolve(file=str(file))
    # the cluster-nodes error says it; a surge warning on top would repeat it
    assert matching(resolved, "cluster-nodes", "spec.nodePools") != []
    check(resolved, "surge-at-max", "spec.nodePools", None)


# --------------------------------------------------------------------------- support plan


@pytest.mark.parametrize(
    ("plan", "tier", "refused"),
    [
        ("AKSLongTermSupport", "standard", True),
        ("AKSLongTermSupport", "free", True),
        ("AKSLongTermSupport", "premium", False),
        ("KubernetesOfficial", "standard", False),
        ("KubernetesOfficial", "premium", False),
    ],
    ids=["lts-standard", "lts-free", "lts-premium", "official-standard", "official-premium"],
)
def test_support_plan(plan: str, tier: str, refused: bool) -> None:
    resolved = resolve_preset("standard", [f"spec.supportPlan={plan}", f"spec.tier={tier}"])
    hit = (
        Hit(
            "error",
            "AKSLongTermSupport",
            "--set spec.supportPlan",
            "long-term support requires tier: premium",
        )
        if refused
        else None
    )
    check(resolved, "support-plan", "spec.supportPlan", hit)


# --------------------------------------------------------------------------- identity, auth

GUID = "11111111-2222-3333-4444-555555555555"
DNS_ZONE_ID = (
    "/subscriptions/sub/resourceGroups/rg/providers/"
    "Microsoft.Network/privateDnsZones/privatelink.eastus2.azmk8s.io"
)
VNET = "spec.network.vnet={addressSpace: [10.10.0.0/16], nodeSubnet: {cidr: 10.10.0.0/20}}"
NO_ENTRA = [
    "spec.security.entraId=false",
    "spec.security.azureRbac=false",
    "spec.security.localAccounts=true",
]


@pytest.mark.parametrize(
    ("sets", "code", "path", "hit"),
    [
        pytest.param(
            ["spec.security.entraId=false", "spec.security.localAccounts=true"],
            "auth",
            "spec.security.azureRbac",
            Hit("error", True, STANDARD, "Azure RBAC requires entraId: true"),
            id="rbac-without-entra",
        ),
        pytest.param(
            ["spec.security.entraId=false", "spec.security.azureRbac=false"],
            "auth",
            "spec.security.localAccounts",
            Hit(
                "error",
                False,
                STANDARD,
                "turning local accounts off requires entraId: true, or nobody can sign in",
            ),
            id="no-local-accounts-without-entra",
        ),
        pytest.param(NO_ENTRA, "auth", "spec.security.localAccounts", None, id="local-accounts"),
        pytest.param(
            ["spec.security.oidcIssuer=false"],
            "auth",
            "spec.security.workloadIdentity",
            Hit("error", True, STANDARD, "workload identity requires oidcIssuer: true"),
            id="workload-identity-without-oidc",
        ),
        pytest.param(
            [*NO_ENTRA, f"spec.access.admins=[{GUID}]"],
            "auth",
            "spec.access",
            Hit("error", None, STANDARD, "admins and adminGroups need entraId: true"),
            id="admins-without-entra",
        ),
        pytest.param(
            [*NO_ENTRA, f"spec.access.adminGroups=[{GUID}]"],
            "auth",
            "spec.access",
            Hit("error", None, STANDARD, "admins and adminGroups need entraId: true"),
            id="admin-groups-without-entra",
        ),
        pytest.param(
            [f"spec.access.admins=[{GUID}]"], "auth", "spec.access", None, id="admins-with-entra"
        ),
        pytest.param(
            ["spec.security.azureRbac=false", f"spec.access.admins=[{GUID}]"],
            "auth",
            "spec.access.admins",
            Hit(
                "error",
                [GUID],
                "--set spec.access.admins",
                "admins are granted an Azure RBAC role: needs security.azureRbac: true",
            ),
            id="admins-without-azure-rbac",
        ),
        pytest.param(
            ["spec.security.azureRbac=false", f"spec.access.adminGroups=[{GUID}]"],
            "auth",
            "spec.access.admins",
            None,
            id="admin-groups-without-azure-rbac",
        ),
        pytest.param(
            [VNET],
            "identity",
            "spec.identity.controlPlane",
            Hit(
                "error",
                "systemAssigned",
                STANDARD,
                "a custom VNet needs controlPlane: userAssigned, so its Network Contributor "
                "grant on the subnets exists before the cluster is created",
            ),
            id="custom-vnet-system-assigned",
        ),
        pytest.param(
            [VNET, "spec.identity.controlPlane=userAssigned"],
            "identity",
            "spec.identity.controlPlane",
            None,
            id="custom-vnet-user-assigned",
        ),
        pytest.param(
            ["spec.apiServer.privateCluster=true", f"spec.apiServer.privateDnsZone={DNS_ZONE_ID}"],
            "identity",
            "spec.identity.controlPlane",
            Hit(
                "error",
                "systemAssigned",
                STANDARD,
                "your own private DNS zone needs controlPlane: userAssigned",
            ),
            id="own-dns-zone-system-assigned",
        ),
        pytest.param(
            [
                "spec.apiServer.privateCluster=true",
                f"spec.apiServer.privateDnsZone={DNS_ZONE_ID}",
                "spec.identity.controlPlane=userAssigned",
            ],
            "identity",
            "spec.identity.controlPlane",
            None,
            id="own-dns-zone-user-assigned",
        ),
        pytest.param(
            ["spec.apiServer.privateCluster=true", "spec.apiServer.privateDnsZone=system"],
            "identity",
            "spec.identity.controlPlane",
            None,
            id="system-dns-zone-system-assigned",
        ),
        pytest.param(
            ["spec.apiServer.privateCluster=true", "spec.apiServer.privateDnsZone=none"],
            "identity",
            "spec.identity.controlPlane",
            None,
            id="no-dns-zone-system-assigned",
        ),
        pytest.param(
            ["spec.identity.kubelet=userAssigned"],
            "identity",
            "spec.identity.kubelet",
            Hit(
                "error",
                "userAssigned",
                "--set spec.identity.kubelet",
                "a user-assigned kubelet identity requires controlPlane: userAssigned",
            ),
            id="user-kubelet-with-system-control-plane",
        ),
        pytest.param(
            [
                "spec.identity.kubelet=userAssigned",
                "spec.identity.controlPlane=userAssigned",
            ],
            "identity",
            "spec.identity.kubelet",
            None,
            id="user-kubelet-with-user-control-plane",
        ),
    ],
)
def test_identity_and_auth(sets: list[str], code: str, path: str, hit: Hit | None) -> None:
    check(resolve_preset("standard", sets), code, path, hit)


# --------------------------------------------------------------------------- egress

SUBNET_ID = (
    "/subscriptions/sub/resourceGroups/rg/providers/"
    "Microsoft.Network/virtualNetworks/vnet/subnets/nodes"
)
EXISTING_VNET = f"spec.network.vnet={{nodeSubnet: {{id: {SUBNET_ID}}}}}"


@pytest.mark.parametrize(
    ("sets", "path", "hit"),
    [
        pytest.param([], "spec.network.outboundType", None, id="managed-nat-managed-vnet"),
        pytest.param(
            [VNET],
            "spec.network.outboundType",
            Hit(
                "error",
                "managedNATGateway",
                "--set spec.network.vnet, with outboundType from preset:standard*",
                "a managed NAT gateway needs the managed VNet; with a custom VNet use "
                "userAssignedNATGateway",
            ),
            id="managed-nat-custom-vnet",
        ),
        pytest.param(
            ["spec.network.outboundType=userAssignedNATGateway"],
            "spec.network.outboundType",
            Hit(
                "error",
                "userAssignedNATGateway",
                "--set spec.network.outboundType",
                "a user-assigned NAT gateway needs a custom VNet (spec.network.vnet)",
            ),
            id="user-nat-managed-vnet",
        ),
        pytest.param(
            ["spec.network.outboundType=userAssignedNATGateway", VNET],
            "spec.network.outboundType",
            None,
            id="user-nat-custom-vnet",
        ),
        pytest.param(
            ["spec.network.outboundType=userDefinedRouting", "spec.network.natGateway=null"],
            "spec.network.outboundType",
            Hit(
                "error",
                "userDefinedRouting",
                "--set spec.network.outboundType",
                "user-defined routing needs a custom VNet with a route table",
            ),
            id="udr-managed-vnet",
        ),
        pytest.param(
            ["spec.network.outboundType=userDefinedRouting", "spec.network.natGateway=null", VNET],
            "spec.network.outboundType",
            Hit(
                "error",
                "userDefinedRouting",
                "--set spec.network.outboundType",
                "user-defined routing needs a 0.0.0.0/0 route to a next hop, and the subnets of "
                "a VNet aks-kit creates have no route table: set spec.network.vnet.egressNextHop "
                "(your firewall's private IP; aks-kit renders the route table), or use existing "
                "subnets whose route table you manage "
                "(https://learn.microsoft.com/azure/aks/egress-udr)",
            ),
            id="udr-created-vnet-without-next-hop",
        ),
        pytest.param(
            [
                "spec.network.outboundType=userDefinedRouting",
                "spec.network.natGateway=null",
                VNET,
                "spec.network.vnet.egressNextHop=10.9.0.4",
            ],
            "spec.network.outboundType",
            None,
            id="udr-created-vnet-with-next-hop",
        ),
        pytest.param(
            ["spec.network.outboundType=loadBalancer"],
            "spec.network.natGateway",
            Hit(
                "error",
                None,
                "--set spec.network.outboundType, with natGateway from preset:standard*",
                "NAT gateway settings do nothing with outboundType: loadBalancer",
            ),
            id="nat-settings-with-load-balancer",
        ),
        pytest.param(
            ["spec.network.outboundType=userAssignedNATGateway", VNET],
            "spec.network.natGateway",
            None,
            id="nat-settings-with-user-nat",
        ),
        pytest.param(
            ["spec.network.outboundType=userAssignedNATGateway", EXISTING_VNET],
            "spec.network.natGateway",
            Hit(
                "error",
                None,
                STANDARD,
                "aks-kit creates a NAT gateway only in a VNet it creates; with existing subnets "
                "attach your NAT gateway to them and drop these settings",
            ),
            id="nat-settings-with-existing-subnets",
        ),
        pytest.param(
            [
                "spec.network.outboundType=userAssignedNATGateway",
                "spec.network.natGateway=null",
                EXISTING_VNET,
            ],
            "spec.network.natGateway",
            None,
            id="no-nat-settings-with-existing-subnets",
        ),
        pytest.param(
            ["spec.network.loadBalancer={outboundIPs: 2}"],
            "spec.network.loadBalancer",
            Hit(
                "error",
                None,
                "--set spec.network.loadBalancer",
                "load balancer outbound settings do nothing with outboundType: managedNATGateway",
            ),
            id="lb-settings-with-managed-nat",
        ),
        pytest.param(
            [
                "spec.network.outboundType=loadBalancer",
                "spec.network.natGateway=null",
                "spec.network.loadBalancer={outboundIPs: 2}",
            ],
            "spec.network.loadBalancer",
            None,
            id="lb-settings-with-load-balancer",
        ),
    ],
)
def test_egress(sets: list[str], path: str, hit: Hit | None) -> None:
    check(resolve_preset("standard", sets), "egress", path, hit)


@pytest.mark.parametrize(
    ("ports", "refused"),
    [(0, False), (7, True), (8, False), (12, True), (64000, False)],
    ids=["0", "7", "8", "12", "64000"],
)
def test_allocated_outbound_ports_multiple_of_8(ports: int, refused: bool) -> None:
    path = "spec.network.loadBalancer.allocatedOutboundPorts"
    sets = [
        "spec.network.outboundType=loadBalancer",
        "spec.network.natGateway=null",
        f"spec.network.loadBalancer={{allocatedOutboundPorts: {ports}}}",
    ]
    hit = Hit("error", ports, "--set spec.network.loadBalancer", "must be a multiple of 8")
    check(resolve_preset("standard", sets), "egress", path, hit if refused else None)


# --------------------------------------------------------------------------- API server

API_VNET = (
    "spec.network.vnet={addressSpace: [10.10.0.0/16], nodeSubnet: {cidr: 10.10.0.0/20}, "
    "apiServerSubnet: {cidr: 10.10.16.0/28}}"
)
ONLY_PRIVATE = "only used with privateCluster: true"


@pytest.mark.parametrize(
    ("sets", "path", "hit"),
    [
        pytest.param(
            ["spec.apiServer.privateDnsZone=system"],
            "spec.apiServer.privateDnsZone",
            Hit("error", "system", "--set spec.apiServer.privateDnsZone", ONLY_PRIVATE),
            id="dns-zone-public-cluster",
        ),
        pytest.param(
            ["spec.apiServer.privateDnsZone=system", "spec.apiServer.privateCluster=true"],
            "spec.apiServer.privateDnsZone",
            None,
            id="dns-zone-private-cluster",
        ),
        pytest.param(
            ["spec.apiServer.publicFqdn=false"],
            "spec.apiServer.publicFqdn",
            Hit("error", False, "--set spec.apiServer.publicFqdn", ONLY_PRIVATE),
            id="public-fqdn-public-cluster",
        ),
        pytest.param(
            ["spec.apiServer.publicFqdn=true", "spec.apiServer.privateCluster=true"],
            "spec.apiServer.publicFqdn",
            None,
            id="public-fqdn-private-cluster",
        ),
        pytest.param(
            ["spec.apiServer.authorizedIPRanges=[203.0.113.0/24]"],
            "spec.apiServer.authorizedIPRanges",
            None,
            id="ranges-public-cluster",
        ),
        pytest.param(
            [
                "spec.apiServer.authorizedIPRanges=[203.0.113.0/24]",
                "spec.apiServer.privateCluster=true",
            ],
            "spec.apiServer.authorizedIPRanges",
            Hit(
                "error",
                ["203.0.113.0/24"],
                "--set spec.apiServer.authorizedIPRanges",
                "a private cluster has no public endpoint to restrict",
            ),
            id="ranges-private-cluster",
        ),
        pytest.param(
            [API_VNET],
            "spec.network.vnet.apiServerSubnet",
            Hit(
                "error",
                None,
                "--set spec.network.vnet",
                "an API server subnet is only used with apiServer.vnetIntegration: true",
            ),
            id="subnet-without-integration",
        ),
        pytest.param(
            [API_VNET, "spec.apiServer.vnetIntegration=true"],
            "spec.network.vnet.apiServerSubnet",
            None,
            id="subnet-with-integration",
        ),
        pytest.param(
            [VNET, "spec.apiServer.vnetIntegration=true"],
            "spec.network.vnet.apiServerSubnet",
            Hit(
                "error",
                None,
                "--set spec.network.vnet",
                "API server VNet integration in a custom VNet needs apiServerSubnet "
                "(/28 or larger)",
            ),
            id="integration-without-subnet",
        ),
        pytest.param(
            ["spec.apiServer.vnetIntegration=true"],
            "spec.network.vnet.apiServerSubnet",
            None,
            id="integration-managed-vnet",
        ),
    ],
)
def test_api_server(sets: list[str], path: str, hit: Hit | None) -> None:
    check(resolve_preset("standard", sets), "api-server", path, hit)


# --------------------------------------------------------------------------- node provisioning


@pytest.mark.parametrize(
    ("sets", "path", "hit"),
    [
        pytest.param(
            ["spec.nodeProvisioning.mode=Auto"],
            "spec.nodePools[user].maxCount",
            Hit(
                "error",
                20,
                STANDARD,
                "with nodeProvisioning.mode: Auto the cluster autoscaler is off; "
                "pools take a fixed count",
            ),
            id="auto-with-autoscaling-pool",
        ),
        pytest.param(
            [
                "spec.nodeProvisioning.mode=Auto",
                "spec.nodePools[user].minCount=null",
                "spec.nodePools[user].maxCount=null",
                "spec.nodePools[user].count=3",
            ],
            "spec.nodePools[user].maxCount",
            None,
            id="auto-with-fixed-pool",
        ),
        pytest.param(
            ["spec.nodeProvisioning.mode=Manual"],
            "spec.nodePools[user].maxCount",
            None,
            id="manual-with-autoscaling-pool",
        ),
        pytest.param(
            ["spec.nodeProvisioning.managedSystemPools=true"],
            "spec.nodeProvisioning.managedSystemPools",
            Hit(
                "error",
                True,
                "--set spec.nodeProvisioning.managedSystemPools",
                "managed system node pools are part of AKS Automatic (sku: automatic)",
            ),
            id="managed-system-pools-on-base",
        ),
    ],
)
def test_node_provisioning(sets: list[str], path: str, hit: Hit | None) -> None:
    check(resolve_preset("standard", sets), "node-provisioning", path, hit)


def test_managed_system_pools_on_automatic_are_fine() -> None:
    resolved = resolve_preset("automatic")
    assert [f for f in resolved.findings if f.code == "node-provisioning"] == []


# --------------------------------------------------------------------------- features

DNS_ZONE = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/dnszones/example.com"


@pytest.mark.parametrize(
    ("sets", "code", "path", "hit"),
    [
        pytest.param(
            ["spec.tier=free"],
            "tier",
            "spec.monitoring.costAnalysis",
            Hit("error", True, STANDARD, "cost analysis needs tier standard or premium"),
            id="cost-analysis-free",
        ),
        pytest.param(
            ["spec.tier=premium"], "tier", "spec.monitoring.costAnalysis", None, id="cost-premium"
        ),
        pytest.param(
            ["spec.tier=free", "spec.monitoring.costAnalysis=false"],
            "tier",
            "spec.monitoring.costAnalysis",
            None,
            id="free-without-cost-analysis",
        ),
        pytest.param(
            ["spec.ingress.nginx=Internal"],
            "ingress",
            "spec.ingress.nginx",
            Hit(
                "error",
                "Internal",
                "--set spec.ingress.nginx",
                "only used with ingress.appRouting: true",
            ),
            id="nginx-without-app-routing",
        ),
        pytest.param(
            ["spec.ingress.nginx=Internal", "spec.ingress.appRouting=true"],
            "ingress",
            "spec.ingress.nginx",
            None,
            id="nginx-with-app-routing",
        ),
        pytest.param(
            [f"spec.ingress.dnsZoneIds=[{DNS_ZONE}]"],
            "ingress",
            "spec.ingress.dnsZoneIds",
            Hit(
                "error",
                [DNS_ZONE],
                "--set spec.ingress.dnsZoneIds",
                "only used with ingress.appRouting: true",
            ),
            id="dns-zones-without-app-routing",
        ),
        pytest.param(
            [
                "spec.network.advanced={observability: true}",
                "spec.network.dataplane=azure",
                "spec.network.policy=none",
            ],
            "network",
            "spec.network.advanced",
            Hit(
                "error",
                None,
                "--set spec.network.advanced",
                "advanced container networking requires dataplane: cilium",
            ),
            id="acns-azure-dataplane",
        ),
        pytest.param(
            ["spec.network.advanced={observability: true}"],
            "network",
            "spec.network.advanced",
            None,
            id="acns-cilium-dataplane",
        ),
        pytest.param(
            ["spec.upgrades.channel=none"],
            "maintenance",
            "spec.upgrades.autoUpgradeWindow",
            Hit("warning", None, STANDARD, "the window is unused while upgrades.channel is none"),
            id="upgrade-window-channel-none",
        ),
        pytest.param(
            ["spec.upgrades.channel=stable"],
            "maintenance",
            "spec.upgrades.autoUpgradeWindow",
            None,
            id="upgrade-window-channel-stable",
        ),
        pytest.param(
            ["spec.upgrades.nodeOSChannel=None"],
            "maintenance",
            "spec.upgrades.nodeOSUpgradeWindow",
            Hit("warning", None, STANDARD, "the window is unused while nodeOSChannel is None"),
            id="os-window-channel-None",
        ),
        pytest.param(
            ["spec.upgrades.nodeOSChannel=Unmanaged"],
            "maintenance",
            "spec.upgrades.nodeOSUpgradeWindow",
            Hit("warning", None, STANDARD, "the window is unused while nodeOSChannel is Unmanaged"),
            id="os-window-channel-Unmanaged",
        ),
        pytest.param(
            ["spec.upgrades.nodeOSChannel=SecurityPatch"],
            "maintenance",
            "spec.upgrades.nodeOSUpgradeWindow",
            None,
            id="os-window-channel-SecurityPatch",
        ),
    ],
)
def test_features(sets: list[str], code: str, path: str, hit: Hit | None) -> None:
    check(resolve_preset("standard", sets), code, path, hit)


# --------------------------------------------------------------------------- maintenance windows


@pytest.mark.parametrize(
    ("sets", "path", "hit"),
    [
        pytest.param([], "spec.upgrades.autoUpgradeWindow.dayOfWeek", None, id="weekly-with-day"),
        pytest.param(
            ["spec.upgrades.autoUpgradeWindow.dayOfWeek=null"],
            "spec.upgrades.autoUpgradeWindow.dayOfWeek",
            Hit("error", None, STANDARD, "a weekly window needs dayOfWeek"),
            id="weekly-without-day",
        ),
        pytest.param(
            ["spec.upgrades.nodeOSUpgradeWindow.dayOfWeek=null"],
            "spec.upgrades.nodeOSUpgradeWindow.dayOfWeek",
            Hit("error", None, STANDARD, "a weekly window needs dayOfWeek"),
            id="os-weekly-without-day",
        ),
        pytest.param(
            ["spec.upgrades.autoUpgradeWindow.frequency=absoluteMonthly"],
            "spec.upgrades.autoUpgradeWindow.dayOfMonth",
            Hit("error", None, STANDARD, "a absoluteMonthly window needs dayOfMonth"),
            id="absolute-monthly-without-day-of-month",
        ),
        pytest.param(
            [
                "spec.upgrades.autoUpgradeWindow.frequency=absoluteMonthly",
                "spec.upgrades.autoUpgradeWindow.dayOfMonth=31",
            ],
            "spec.upgrades.autoUpgradeWindow.dayOfMonth",
            None,
            id="absolute-monthly-with-day-of-month",
        ),
        pytest.param(
            ["spec.upgrades.autoUpgradeWindow.frequency=relativeMonthly"],
            "spec.upgrades.autoUpgradeWindow.weekIndex",
            Hit("error", None, STANDARD, "a relativeMonthly window needs weekIndex"),
            id="relative-monthly-without-week",
        ),
        pytest.param(
            [
                "spec.upgrades.autoUpgradeWindow.frequency=relativeMonthly",
                "spec.upgrades.autoUpgradeWindow.weekIndex=Last",
            ],
            "spec.upgrades.autoUpgradeWindow.weekIndex",
            None,
            id="relative-monthly-with-week",
        ),
        pytest.param(
            [
                "spec.upgrades.autoUpgradeWindow.frequency=daily",
                "spec.upgrades.autoUpgradeWindow.dayOfWeek=null",
            ],
            "spec.upgrades.autoUpgradeWindow.dayOfWeek",
            None,
            id="daily-needs-no-day",
        ),
    ],
)
def test_maintenance_windows(sets: list[str], path: str, hit: Hit | None) -> None:
    check(resolve_preset("standard", sets), "maintenance", path, hit)
