"""Bad input of every kind, through the CLI: one short message, the right exit code.

The standard: an error names the path, the value, the rule and the layer;
invalid specs exit 3, missing presets/files exit 4, malformed flags exit 2; never a
traceback and never exit 1 ("unexpected error ... This is a bug").

Each case is data: the files to write, the command to run, the exit code, and the
fragments the output must contain (`{file}` in a fragment stands for the path of the
file given to the command). Regressions are at the end: the minimal inputs of bugs the
fuzzers found, each fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

H = "apiVersion: aks-kit/v1\nkind: Cluster\n"
STD = H + "extends: standard\n"
ONE_SCREEN = 24


def _pool(body: str, name: str = "user") -> str:
    """A cluster extending `standard` whose pool `name` carries `body` (one line)."""
    return STD + f"spec:\n  nodePools:\n    - name: {name}\n      {body}\n"


def _network(body: str) -> str:
    return STD + f"spec:\n  network:\n    {body}\n"


def combined(result: Any) -> str:
    return str(result.stdout) + str(result.stderr)


def assert_clean(result: Any) -> None:
    """No traceback, no 'unexpected error', no exception escaping the CLI."""
    out = combined(result)
    assert "Traceback" not in out, out
    assert "unexpected error" not in out, out
    assert "This is a bug" not in out, out
    assert result.exception is None, repr(result.exception)
    assert result.exit_code != 1, out


# --------------------------------------------------------------------------- presets validate


@dataclass(frozen=True)
class FileCase:
    files: dict[str, str | bytes]
    """Files to write under tmp_path; the first one is validated unless `target` is set."""
    exit_code: int
    fragments: tuple[str, ...]
    target: str | None = None


def fc(text: str | bytes, exit_code: int, *fragments: str) -> FileCase:
    return FileCase({"cluster.yaml": text}, exit_code, fragments)


FILE_CASES: dict[str, FileCase] = {
    # ---- YAML syntax and document shape
    "malformed-unclosed-bracket": fc(H + "spec:\n  nodePools: [\n", 3, "{file}", "line 5"),
    "malformed-unclosed-flow-mapping": fc(H + "spec: {tier: free\n", 3, "{file}", "line "),
    "malformed-tab-indent": fc(H + "spec:\n\ttier: free\n", 3, "{file}", "line 4"),
    "duplicate-key": fc(
        H + "spec:\n  tier: free\n  tier: standard\n",
        3,
        "{file}",
        "line 5",
        "duplicate key",
        "tier",
    ),
    "two-documents": fc(H + "---\n" + H, 3, "{file}", "line 3"),
    "list-instead-of-mapping": fc(
        "- apiVersion: aks-kit/v1\n- kind: Cluster\n", 3, "{file}", "expected a mapping"
    ),
    "scalar-instead-of-mapping": fc("just a string\n", 3, "{file}", "expected a mapping"),
    "empty-file": fc("", 3, "{file}", "empty"),
    "comments-only": fc("# nothing here\n\n", 3, "{file}", "empty"),
    "not-utf8": fc(b"apiVersion: aks-kit/v1\nkind: \xff\xfe\n", 3, "{file}", "UTF-8"),
    # ---- the header
    "wrong-apiVersion": fc(
        "apiVersion: aks-kit/v2\nkind: Cluster\n", 3, "{file}", "apiVersion", "'aks-kit/v2'"
    ),
    "missing-apiVersion": fc("kind: Cluster\n", 3, "{file}", "apiVersion is missing"),
    "unknown-kind": fc(
        "apiVersion: aks-kit/v1\nkind: Clustr\n",
        3,
        "{file}",
        "kind is 'Clustr'",
        "Cluster, Preset, Fleet",
    ),
    "unknown-top-level-key": fc(STD + "specs: {}\n", 3, "{file}", "specs", "did you mean 'spec'"),
    "spec-not-a-mapping": fc(H + "spec: 3\n", 3, "{file}", "spec must be a mapping"),
    "metadata-not-a-mapping": fc(H + "metadata: [a]\n", 3, "{file}", "metadata must be a mapping"),
    "extends-not-a-string": fc(H + "extends: 5\n", 3, "{file}", "extends must be", "5"),
    # ---- wrong types (path, value, rule, layer with its line)
    "count-not-int": fc(
        _pool("count: three"),
        3,
        "spec.nodePools[user].count = three",
        "(from -f {file}, line 7)",
        "valid integer",
    ),
    "spot-quoted-yes": fc(
        _pool('spot: "yes"'),
        3,
        "spec.nodePools[user].spot = yes",
        "(from -f {file}, line 7)",
        "valid boolean",
    ),
    "spot-bare-yes-is-a-string-in-yaml-1.2": fc(
        _pool("spot: yes"),
        3,
        "spec.nodePools[user].spot = yes",
        "(from -f {file}, line 7)",
        "valid boolean",
    ),
    "zone-out-of-range": fc(
        _pool("zones: [4]"),
        3,
        "spec.nodePools[user].zones[0] = 4",
        "(from -f {file}, line 7)",
        "'1', '2' or '3'",
    ),
    "pool-item-not-a-mapping": fc(
        STD + "spec:\n  nodePools: [web]\n",
        3,
        "spec.nodePools",
        "web",
        "-f {file}",
    ),
    "tier-not-allowed": fc(
        STD + "spec:\n  tier: gold\n",
        3,
        "spec.tier = gold",
        "(from -f {file}, line 5)",
        "'free', 'standard' or 'premium'",
    ),
    # ---- unknown keys
    "unknown-pool-key": fc(
        _pool("maxCont: 4"),
        3,
        "spec.nodePools[user].maxCont",
        "(from -f {file}, line 7)",
        "did you mean 'maxCount'",
    ),
    "unknown-spec-key": fc(
        STD + "spec:\n  nodepools: []\n",
        3,
        "spec.nodepools",
        "-f {file}",
        "did you mean 'nodePools'",
    ),
    # ---- address ranges
    "cidr-host-bits-set": fc(
        _network("podCidr: 10.0.0.1/16"),
        3,
        "spec.network.podCidr = 10.0.0.1/16",
        "(from -f {file}, line 6)",
        "has host bits set",
    ),
    "cidr-octet-out-of-range": fc(
        _network("podCidr: 300.0.0.0/8"),
        3,
        "spec.network.podCidr = 300.0.0.0/8",
        "(from -f {file}, line 6)",
        "not a valid CIDR",
    ),
    "cidr-not-a-cidr": fc(
        _network("serviceCidr: not-a-cidr"),
        3,
        "spec.network.serviceCidr = not-a-cidr",
        "(from -f {file}, line 6)",
        "not a valid CIDR",
    ),
    "cidr-ipv6": fc(
        _network("podCidr: fd00::/8"),
        3,
        "spec.network.podCidr = fd00::/8",
        "(from -f {file}, line 6)",
        "IPv4",
    ),
    # ---- limits and Automatic
    "limit-nodes-per-pool": fc(
        _pool("maxCount: 1200"),
        3,
        "spec.nodePools[user].maxCount = 1200",
        "(from -f {file}, line 7)",
        "1000 nodes",
    ),
    "automatic-override-in-file": fc(
        H + "extends: automatic\nspec:\n  network:\n    dataplane: azure\n",
        3,
        "spec.network.dataplane = azure",
        "(from -f {file}, line 6)",
        "AKS Automatic requires cilium",
    ),
    "automatic-sku-over-standard-names-the-preset-layer": fc(
        STD + "spec:\n  sku: automatic\n",
        3,
        "spec.upgrades.channel = patch",
        "(from preset:standard, line ",
        "AKS Automatic upgrades on the stable channel",
    ),
    # ---- layering
    "remove-not-inherited": fc(
        STD + "spec:\n  nodePools:\n    - name: gpu\n      $remove: true\n",
        3,
        "spec.nodePools[gpu]",
        "(from -f {file}, line 6)",
        "$remove",
        "no inherited item",
    ),
    "extends-cycle-between-two-files": FileCase(
        {
            "a.yaml": H + "extends: ./b.yaml\n",
            "b.yaml": "apiVersion: aks-kit/v1\nkind: Preset\nextends: ./a.yaml\n",
        },
        3,
        ("extends cycle", "a.yaml", "b.yaml"),
    ),
    "extends-itself": fc(H + "extends: ./cluster.yaml\n", 3, "extends cycle", "cluster.yaml"),
    "extends-a-fleet": FileCase(
        {
            "cluster.yaml": H + "extends: ./fleet.yaml\n",
            "fleet.yaml": (
                "apiVersion: aks-kit/v1\nkind: Fleet\nmetadata: {name: f}\n"
                "spec:\n  members: [{name: a}]\n"
            ),
        },
        3,
        ("{file}", "fleet.yaml", "a Fleet cannot be extended"),
    ),
    "malformed-yaml-in-extended-preset": FileCase(
        {
            "cluster.yaml": H + "extends: ./base.yaml\n",
            "base.yaml": "apiVersion: aks-kit/v1\nkind: Preset\nspec: {tier: [\n",
        },
        3,
        ("base.yaml", "line ", "malformed YAML"),
    ),
    "locked-path-changed-below": FileCase(
        {
            "cluster.yaml": H + "extends: ./base.yaml\nspec:\n  tier: premium\n",
            "base.yaml": (
                "apiVersion: aks-kit/v1\nkind: Preset\nextends: standard\nlocked: [spec.tier]\n"
            ),
        },
        3,
        (
            "spec.tier = premium",
            "(from -f {file}, line 5)",
            "locked by preset:./base.yaml",
        ),
    ),
    "locked-malformed-path": FileCase(
        {"base.yaml": "apiVersion: aks-kit/v1\nkind: Preset\nlocked: ['spec..tier']\n"},
        3,
        ("{file}", "locked", "spec..tier", "empty segment"),
    ),
    "locked-not-a-list": FileCase(
        {"base.yaml": "apiVersion: aks-kit/v1\nkind: Preset\nlocked: spec.tier\n"},
        3,
        ("{file}", "locked must be a list"),
    ),
    # ---- fleets
    "fleet-without-metadata": FileCase(
        {"fleet.yaml": "apiVersion: aks-kit/v1\nkind: Fleet\nspec: {members: [{name: a}]}\n"},
        3,
        ("{file}", "metadata", "required"),
    ),
    "fleet-duplicate-members": FileCase(
        {
            "fleet.yaml": (
                "apiVersion: aks-kit/v1\nkind: Fleet\nmetadata: {name: f}\n"
                "spec:\n  members: [{name: a, extends: standard}, {name: a, extends: standard}]\n"
            )
        },
        3,
        ("spec.members[a].name = a", "{file}", "unique"),
    ),
    "duplicate-pool-names": fc(
        H + "spec:\n  nodePools:\n    - {name: system, mode: system, count: 1}\n"
        "    - {name: web, count: 1}\n    - {name: web, count: 2}\n",
        3,
        "spec.nodePools[web].name = web",
        "(from -f {file}, line 7)",
        "unique",
    ),
    "recursive-alias": fc(H + "spec: &a\n  x: *a\n", 3, "{file}", "spec.x", "line "),
    "alias-bomb": fc(
        H
        + "".join(
            f"{k}: &{k} [{', '.join([f'*{p}'] * 10) if p else ', '.join(['1'] * 10)}]\n"
            for p, k in zip(["", "a", "b", "c", "d", "e"], "abcdef", strict=True)
        ),
        3,
        "{file}",
    ),
    # ---- not found (exit 4)
    "extends-missing-file": fc(
        H + "extends: ./nope.yaml\n", 4, "-f {file}", "'./nope.yaml'", "file not found"
    ),
    "extends-unknown-preset": fc(
        H + "extends: standrd\n", 4, "'standrd' not found", "did you mean 'standard'"
    ),
}


def _materialise(case: FileCase, tmp_path: Path) -> Path:
    for name, text in case.files.items():
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return tmp_path / (case.target or next(iter(case.files)))


def _expand(fragment: str, target: Path) -> str:
    return fragment.replace("{file}", str(target))


@pytest.mark.parametrize("case", list(FILE_CASES.values()), ids=list(FILE_CASES))
def test_validate_bad_file(cli: Callable[..., Any], tmp_path: Path, case: FileCase) -> None:
    target = _materialise(case, tmp_path)
    result = cli("presets", "validate", str(target))
    out = combined(result)
    assert result.exit_code == case.exit_code, out
    assert_clean(result)
    for fragment in case.fragments:
        assert _expand(fragment, target) in out, (fragment, out)
    assert len(out.splitlines()) <= ONE_SCREEN, out


def test_validate_missing_file_exits_4(cli: Callable[..., Any], tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = cli("presets", "validate", str(missing))
    assert result.exit_code == 4, combined(result)
    assert_clean(result)
    assert f"file not found: {missing}" in combined(result)


def test_validate_directory_exits_4(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("presets", "validate", str(tmp_path))
    assert result.exit_code == 4, combined(result)
    assert_clean(result)
    assert f"not a file: {tmp_path}" in combined(result)


def test_validate_worst_exit_code_wins(
    cli: Callable[..., Any], write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    """A missing file (4) and an invalid one (3) in one run: exit 4, both reported."""
    bad = write("bad.yaml", _pool("maxCount: 1200"))
    missing = tmp_path / "missing.yaml"
    result = cli("presets", "validate", str(bad), str(missing))
    out = combined(result)
    assert result.exit_code == 4, out
    assert_clean(result)
    assert "spec.nodePools[user].maxCount = 1200" in out
    assert f"file not found: {missing}" in out


@pytest.mark.parametrize(
    "text",
    [H + "spec: {tier: free\n", STD + "spec:\n  tier: !foo bar\n"],
    ids=["unclosed-flow-mapping", "unknown-tag"],
)
def test_validate_json_error_is_one_document(
    cli: Callable[..., Any], write: Callable[[str, str], Path], text: str
) -> None:
    """`-o json` on bad input still prints exactly one JSON document, error included."""
    path = write("broken.yaml", text)
    result = cli("presets", "validate", str(path), "-o", "json")
    assert result.exit_code == 3, combined(result)
    assert_clean(result)
    [row] = result.json()
    assert row["ok"] is False
    assert str(path) in row["error"]
    assert "line " in row["error"]


# --------------------------------------------------------------------------- presets show --set


@dataclass(frozen=True)
class SetCase:
    sets: tuple[str, ...]
    exit_code: int
    fragments: tuple[str, ...]
    preset: str = "standard"


SET_CASES: dict[str, SetCase] = {
    "no-equals": SetCase(("spec.tier",), 2, ("--set 'spec.tier'", "expected PATH=VALUE")),
    "empty-path": SetCase(("=free",), 2, ("path before '=' is empty",)),
    "double-dot": SetCase(("spec..tier=1",), 2, ("spec..tier", "empty segment")),
    "trailing-dot": SetCase(("spec.tier.=1",), 2, ("spec.tier.", "ends with '.'")),
    "leading-dot": SetCase((".spec.tier=1",), 2, (".spec.tier", "empty segment")),
    "unclosed-selector": SetCase(("spec.nodePools[=1",), 2, ("spec.nodePools[", "malformed path")),
    "empty-selector": SetCase(("spec.nodePools[]=1",), 2, ("spec.nodePools[]", "malformed path")),
    "selector-first": SetCase(("[0].spec=1",), 2, ("[0]", "must follow a key")),
    "missing-dot-before-key": SetCase(
        ("spec.nodePools[user]count=1",), 2, ("spec.nodePools[user]count", "missing '.'")
    ),
    "bad-character": SetCase(("spec.ti er=1",), 2, ("spec.ti er", "malformed path")),
    "unparsable-value-bracket": SetCase(("spec.tier=[",), 2, ("--set spec.tier=[",)),
    "unparsable-value-alias": SetCase(("spec.tier=*x",), 2, ("--set spec.tier=*x",)),
    "unparsable-value-tag": SetCase(
        ("spec.tier=!!python/object:os.system",), 2, ("--set spec.tier=!!python/object",)
    ),
    "unparsable-value-lone-surrogate": SetCase(('spec.tier="\\ud800"',), 2, ('--set spec.tier="',)),
    "unparsable-value-binary-tag": SetCase(
        ("spec.tier=!!binary aGVsbG8=",), 2, ("--set spec.tier=!!binary",)
    ),
    "no-such-index": SetCase(
        ("spec.nodePools[7].name=x",), 2, ("spec.nodePools[7].name", "has no item 7")
    ),
    "key-into-a-list": SetCase(
        ("spec.nodePools.count=1",), 2, ("spec.nodePools.count", "spec.nodePools is not a mapping")
    ),
    "index-into-a-mapping": SetCase(
        ("spec.network[0]=1",), 2, ("spec.network[0]", "spec.network is not a list")
    ),
    "second-set-bad": SetCase(
        ("spec.tier=premium", "spec.nodePools[9].count=1"), 2, ("has no item 9",)
    ),
    # valid flags, invalid spec: exit 3 naming the --set layer
    "set-limit-violation": SetCase(
        ("spec.nodePools[user].maxCount=1200",),
        3,
        (
            "spec.nodePools[user].maxCount = 1200",
            "(from --set spec.nodePools[user].maxCount)",
            "1000 nodes",
        ),
    ),
    "set-bad-cidr": SetCase(
        ("spec.network.podCidr=10.0.0.1/16",),
        3,
        ("spec.network.podCidr = 10.0.0.1/16", "(from --set spec.network.podCidr)", "host bits"),
    ),
    "set-wrong-type": SetCase(
        ("spec.nodePools[user].spot=maybe",),
        3,
        ("spec.nodePools[user].spot = maybe", "(from --set spec.nodePools[user].spot)", "boolean"),
    ),
    "set-unknown-key": SetCase(
        ("spec.nodePools[user].maxCont=3",),
        2,
        ("--set spec.nodePools[user].maxCont", "maxCount"),
    ),
    "set-automatic-override": SetCase(
        ("spec.network.dataplane=azure",),
        3,
        (
            "spec.network.dataplane = azure",
            "(from --set spec.network.dataplane)",
            "AKS Automatic requires cilium",
        ),
        preset="automatic",
    ),
    "set-sku-automatic-over-standard": SetCase(
        ("spec.sku=automatic",),
        3,
        ("spec.nodeProvisioning.mode = Manual", "(from preset:standard, line ", "Auto"),
    ),
    "set-key-below-a-scalar-names-the-set-layer": SetCase(
        ("spec.tier.x=1",), 2, ("--set spec.tier.x", "spec.tier is a value", "not a mapping")
    ),
    # not found
    "unknown-preset": SetCase(
        (), 4, ("preset 'standrd' not found", "did you mean 'standard'"), preset="standrd"
    ),
    "preset-path-missing": SetCase((), 4, ("./nope.yaml", "file not found"), preset="./nope.yaml"),
}


@pytest.mark.parametrize("case", list(SET_CASES.values()), ids=list(SET_CASES))
def test_show_bad_set(cli: Callable[..., Any], case: SetCase) -> None:
    args = ["presets", "show", case.preset]
    for assignment in case.sets:
        args += ["--set", assignment]
    result = cli(*args)
    out = combined(result)
    assert result.exit_code == case.exit_code, out
    assert_clean(result)
    for fragment in case.fragments:
        assert fragment in out, (fragment, out)
    if case.exit_code in (2, 4):
        # A message, not data: nothing on stdout, the message on stderr, one screen.
        assert result.stdout == "", result.stdout
        assert result.stderr.startswith("error: "), result.stderr
        assert len(result.stderr.splitlines()) <= ONE_SCREEN, result.stderr


def test_show_locked_path_set_below(
    cli: Callable[..., Any], write: Callable[[str, str], Path]
) -> None:
    """`--set` is a layer below every preset: it may not change a locked path."""
    base = write(
        "base.yaml",
        "apiVersion: aks-kit/v1\nkind: Preset\nextends: standard\nlocked: [spec.tier]\n",
    )
    result = cli("presets", "show", str(base), "--set", "spec.tier=premium")
    out = combined(result)
    assert result.exit_code == 3, out
    assert_clean(result)
    assert (
        f"spec.tier = premium (from --set spec.tier): locked by preset:{base}; "
        "it cannot be changed below it"
    ) in out


def test_show_locked_path_restated_is_fine(
    cli: Callable[..., Any], write: Callable[[str, str], Path]
) -> None:
    base = write(
        "base.yaml",
        "apiVersion: aks-kit/v1\nkind: Preset\nextends: standard\nlocked: [spec.tier]\n",
    )
    result = cli("presets", "show", str(base), "--set", "spec.tier=standard")
    assert result.exit_code == 0, combined(result)
    assert_clean(result)


def test_bad_cli_flags_are_usage_errors(cli: Callable[..., Any]) -> None:
    """Click's own usage errors (unknown option, bad -o choice) are exit 2 too."""
    for args in (
        ("presets", "show", "standard", "--bogus"),
        ("presets", "show", "standard", "-o", "xml"),
        ("presets", "validate"),
    ):
        result = cli(*args)
        assert result.exit_code == 2, (args, combined(result))
        assert_clean(result)


# --------------------------------------------------------------------------- regressions
# Each is the smallest input found (by hand or by tests/unit/test_fuzz_loader.py) that once
# broke the standard above: exit 1, exit 0 for bad input, or an error naming the wrong layer.

BIG = "9" * 400  # > 1.8e308: too large to turn into a float
HUGE = "1" * 5000  # > 4300 digits: Python refuses int(str) of it


@dataclass(frozen=True)
class BugCase:
    args: tuple[str, ...]
    """`{file}` is replaced by the path of the written file."""
    text: str | None
    exit_code: int | tuple[int, ...]
    """The exit code a fix should give (any of them, when more than one is right)."""
    fragments: tuple[str, ...] = ()


BUG_CASES: dict[str, tuple[str, BugCase]] = {
    "overflow-maxCount": (
        "BUG: a 400-digit maxCount overflows surge_nodes' float division (exit 1)",
        BugCase(("presets", "validate", "{file}"), _pool(f"maxCount: {BIG}"), 3),
    ),
    "overflow-maxSurge": (
        "BUG: a 400-digit maxSurge percentage overflows surge_nodes (exit 1)",
        BugCase(("presets", "validate", "{file}"), _pool(f"maxSurge: '{BIG}%'"), 3),
    ),
    "huge-int-literal-in-yaml": (
        "BUG: ruamel's int() of a >4300-digit literal raises ValueError, not YAMLError (exit 1)",
        BugCase(("presets", "validate", "{file}"), STD + f"spec:\n  tier: {HUGE}\n", 3),
    ),
    "huge-digit-string-maxSurge": (
        "BUG: parse_surge int() of a >4300-digit maxSurge raises ValueError (exit 1)",
        BugCase(("presets", "validate", "{file}"), _pool(f"maxSurge: '{HUGE}'"), 3),
    ),
    "huge-int-in-set-value": (
        "BUG: parse_scalar only catches YAMLError; a >4300-digit --set value is exit 1",
        BugCase(
            ("presets", "show", "standard", "--set", f"spec.nodePools[user].count={HUGE}"),
            None,
            2,
        ),
    ),
    "extends-name-too-long": (
        "BUG: Path.is_file() raises ENAMETOOLONG for a 300-char preset name (exit 1)",
        BugCase(("presets", "validate", "{file}"), H + "extends: " + "a" * 300 + "\n", 4),
    ),
    "extends-path-too-long": (
        "BUG: Path.is_file() raises ENAMETOOLONG for a 300-char extends path (exit 1)",
        BugCase(("presets", "validate", "{file}"), H + "extends: ./" + "a" * 300 + ".yaml\n", 4),
    ),
    "show-preset-name-too-long": (
        "BUG: `presets show <300 chars>` raises ENAMETOOLONG in find_preset (exit 1)",
        BugCase(("presets", "show", "x" * 300), None, 4),
    ),
    "set-superscript-index": (
        "BUG: parse_path treats '²' as an index (str.isdigit) and int('²') fails (exit 1)",
        BugCase(("presets", "show", "standard", "--set", "spec.nodePools[²].count=1"), None, 3),
    ),
    "locked-superscript-index": (
        "BUG: a preset's `locked: ['spec.nodePools[²]']` crashes parse_path (exit 1)",
        BugCase(
            ("presets", "validate", "{file}"),
            "apiVersion: aks-kit/v1\nkind: Preset\nlocked: ['spec.nodePools[²].count']\n",
            3,
        ),
    ),
    "yaml-int-tag-on-non-number-in-file": (
        "BUG: ruamel's `!!int x` raises ValueError (not YAMLError) in parse_yaml (exit 1)",
        BugCase(("presets", "validate", "{file}"), H + "spec: {tier: !!int x}\n", 3),
    ),
    "yaml-float-tag-on-non-number-in-file": (
        "BUG: ruamel's `!!float x` raises ValueError (not YAMLError) in parse_yaml (exit 1)",
        BugCase(("presets", "validate", "{file}"), H + "spec: {tier: !!float x}\n", 3),
    ),
    "yaml-bool-tag-on-non-bool-in-file": (
        "BUG: ruamel's `!!bool x` raises KeyError (not YAMLError) in parse_yaml (exit 1)",
        BugCase(("presets", "validate", "{file}"), H + "spec: {tier: !!bool x}\n", 3),
    ),
    "yaml-int-tag-in-set-value": (
        "BUG: parse_scalar only catches YAMLError; `--set spec.tier=!!int x` is exit 1",
        BugCase(("presets", "show", "standard", "--set", "spec.tier=!!int x"), None, 2),
    ),
    "yaml-bool-tag-in-set-value": (
        "BUG: parse_scalar only catches YAMLError; `--set spec.tier=!!bool x` is exit 1",
        BugCase(("presets", "show", "standard", "--set", "spec.tier=!!bool x"), None, 2),
    ),
    "yaml-null-tag-on-non-null-in-file": (
        "BUG: the loader's `!!null x` raises KeyError (not YAMLError) in parse_yaml (exit 1)",
        BugCase(("presets", "validate", "{file}"), H + "spec: {tier: !!null x}\n", 3),
    ),
    "duplicate-pool-names-merged-silently": (
        "BUG: two pools named web in one file are merged into one (exit 0) when the parent "
        "has nodePools; without a parent the same list is refused (pool names must be unique)",
        BugCase(
            ("presets", "validate", "{file}"),
            STD + "spec:\n  nodePools:\n    - {name: web, count: 1}\n    - {name: web, count: 2}\n",
            3,
            ("spec.nodePools[web]", "unique"),
        ),
    ),
    "automatic-drops-non-mapping-network": (
        "BUG: with sku automatic, `spec.network: 3` is silently replaced (exit 0, not 3)",
        BugCase(
            ("presets", "validate", "{file}"),
            H + "extends: automatic\nspec:\n  network: 3\n",
            3,
            ("spec.network",),
        ),
    ),
    "automatic-drops-non-mapping-set": (
        "BUG: `presets show automatic --set spec.security=[1]` silently drops it (exit 0)",
        BugCase(("presets", "show", "automatic", "--set", "spec.security=[1]"), None, 3),
    ),
    "remove-without-parent-list": (
        "BUG: `$remove: true` under a list no layer above has is not checked by "
        "_strip_removals (not recursive): 'unknown key $remove' instead of 'no inherited item'",
        BugCase(
            ("presets", "validate", "{file}"),
            H + "spec:\n  nodePools:\n    - {name: gpu, $remove: true}\n",
            3,
            ("spec.nodePools[gpu]", "no inherited item"),
        ),
    ),
    "remove-false-without-parent-list": (
        "BUG: `$remove: false` is stripped when the parent has the list but kept (unknown "
        "key) when it does not",
        BugCase(
            ("presets", "validate", "{file}"),
            H + "extends: automatic\nspec:\n  nodePools: [{name: a, $remove: false, count: 1}]\n",
            0,
        ),
    ),
    "fleet-member-spec-not-mapping-dropped": (
        "BUG: a fleet member's `spec: 3` is silently ignored (exit 0, not 3)",
        BugCase(
            ("presets", "validate", "{file}"),
            "apiVersion: aks-kit/v1\nkind: Fleet\nmetadata: {name: f}\n"
            "spec:\n  members: [{name: a, extends: standard, spec: 3}]\n",
            3,
            ("members[a]",),
        ),
    ),
}


@pytest.mark.parametrize(
    "case",
    [pytest.param(case) for why, case in BUG_CASES.values()],
    ids=list(BUG_CASES),
)
def test_regression(cli: Callable[..., Any], tmp_path: Path, case: BugCase) -> None:
    target = tmp_path / "input.yaml"
    if case.text is not None:
        target.write_text(case.text, encoding="utf-8")
    result = cli(*(arg.replace("{file}", str(target)) for arg in case.args))
    out = combined(result)
    assert_clean(result)
    codes = case.exit_code if isinstance(case.exit_code, tuple) else (case.exit_code,)
    assert result.exit_code in codes, out
    for fragment in case.fragments:
        assert fragment in out, (fragment, out)


def test_control_characters_in_values_are_escaped(
    cli: Callable[..., Any], write: Callable[[str, str], Path]
) -> None:
    path = write("ctl.yaml", H + 'spec: {sku: "\\e[31mRED\\e[0m", tier: "x\\ny"}\n')
    result = cli("presets", "validate", str(path))
    out = combined(result)
    assert result.exit_code == 3, out
    assert_clean(result)
    assert "\x1b" not in out, repr(out)
    errors = [line for line in out.splitlines() if line.strip()][1:]
    assert all(line.startswith("  error ") for line in errors), repr(out)


# Errors must name the layer that set the value (these once named a layer that did not).
WRONG_LAYER: dict[str, tuple[str, tuple[str, ...], str]] = {
    "set-renamed-pool": (
        "BUG: `--set spec.nodePools[user].name=3` is blamed on preset:standard, line 50",
        ("spec.nodePools[user].name=3",),
        "--set spec.nodePools[user].name",
    ),
    "set-new-item-not-a-mapping": (
        "BUG: `--set spec.nodePools[gpu]=3` is blamed on preset:standard, line 50",
        ("spec.nodePools[gpu]=3",),
        "--set spec.nodePools[gpu]",
    ),
}


@pytest.mark.parametrize(
    ("sets", "layer"),
    [pytest.param(sets, layer) for _why, sets, layer in WRONG_LAYER.values()],
    ids=list(WRONG_LAYER),
)
def test_error_names_the_set_layer(
    cli: Callable[..., Any], sets: tuple[str, ...], layer: str
) -> None:
    args = ["presets", "show", "standard"]
    for assignment in sets:
        args += ["--set", assignment]
    result = cli(*args)
    assert_clean(result)
    assert result.exit_code in (2, 3), combined(result)
    errors = [
        line for line in combined(result).splitlines() if line.startswith(("error", "  error"))
    ]
    assert errors, combined(result)
    assert all(layer in line for line in errors), errors
