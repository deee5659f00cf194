"""Property tests: no input file and no `--set` makes the CLI crash or lose its bearings.

Whatever a file holds (any text, any bytes, spec-shaped trees of real and random keys in
block YAML or JSON flow), `presets validate` answers with exit 0 (valid), 3 (invalid, each
error naming a path, file or line, and a rule finding its layer) or 4 (something it extends
is missing): never 1 (a bug) or 2 (usage: file content is not a flag), never a traceback.
Whatever `--set` assignments are given, `presets show standard -o json` answers 0, 2
(malformed flag, message on stderr) or 3, and on 0 and 3 prints exactly one JSON document.

Bugs these found once (huge integers, over-long names, YAML tags on values they cannot
build, selectors like `[²]`) have regression tests in tests/cli/test_bad_input.py.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HEADER = "apiVersion: aks-kit/v1\nkind: Cluster\n"

FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

_names = itertools.count()

# --------------------------------------------------------------------------- vocabulary

SPEC_KEYS = [
    "spec",
    "metadata",
    "nodePools",
    "name",
    "mode",
    "count",
    "minCount",
    "maxCount",
    "maxSurge",
    "maxPods",
    "zones",
    "spot",
    "vmSize",
    "osSku",
    "taints",
    "labels",
    "network",
    "plugin",
    "pluginMode",
    "dataplane",
    "policy",
    "podCidr",
    "serviceCidr",
    "dnsServiceIP",
    "outboundType",
    "vnet",
    "addressSpace",
    "nodeSubnet",
    "cidr",
    "sku",
    "tier",
    "upgrades",
    "channel",
    "security",
    "nodeProvisioning",
    "autoscaler",
    "location",
    "tags",
    "extends",
    "locked",
    "$remove",
]
POOL_NAMES = ["system", "user", "web", "gpu", "a"]
INTERESTING_STRINGS = [
    "",
    " ",
    "standard",
    "automatic",
    "base",
    "free",
    "premium",
    "system",
    "user",
    "azure",
    "kubenet",
    "cilium",
    "overlay",
    "managedNATGateway",
    "Standard_D4ds_v5",
    "AzureLinux",
    "10.0.0.0/8",
    "10.0.0.0/16",
    "10.0.0.10",
    "10.240.0.0/12",
    "10.0.0.1/16",
    "300.0.0.0/8",
    "fd00::/8",
    "169.254.0.0/16",
    "not-a-cidr",
    "10%",
    "33%",
    "0%",
    "100%",
    "1",
    "yes",
    "no",
    "on",
    "null",
    "~",
    "true",
    "2020-01-01",
    "0x1F",
    "1e3",
    ".inf",
    ".nan",
    "$remove",
    "dedicated=web:NoSchedule",
    "eastus2",
]
BOUNDARY_INTS = [0, 1, 2, 3, 9, 10, 11, 100, 250, 251, 400, 1000, 1001, 5000, 5001, -1]


def no_surrogates(max_size: int) -> st.SearchStrategy[str]:
    return st.text(st.characters(exclude_categories=["Cs"]), max_size=max_size)


ints = st.one_of(st.sampled_from(BOUNDARY_INTS), st.integers(-(2**63), 2**63))
strings = st.one_of(st.sampled_from(INTERESTING_STRINGS), no_surrogates(12))
scalars = st.one_of(st.none(), st.booleans(), ints, st.floats(allow_nan=True), strings)
keys = st.one_of(st.sampled_from(SPEC_KEYS), no_surrogates(10))


def trees(leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(keys, inner, max_size=5),
        ),
        max_leaves=20,
    )


values = trees(scalars)
pools = st.lists(
    st.one_of(
        st.fixed_dictionaries(
            {"name": st.one_of(st.sampled_from(POOL_NAMES), strings)},
            optional={key: values for key in [*SPEC_KEYS[4:14], "$remove"]},
        ),
        values,
    ),
    max_size=4,
)


def mostly(usual: st.SearchStrategy[Any], odd: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """`usual` four times in five, else `odd`: keeps most examples past the first check."""
    return st.integers(0, 4).flatmap(lambda pick: odd if pick == 0 else usual)


spec_like = st.fixed_dictionaries(
    {},
    optional={
        "sku": mostly(st.sampled_from(["base", "automatic"]), values),
        "tier": mostly(st.sampled_from(["free", "standard", "premium"]), values),
        "nodePools": mostly(pools, values),
        "network": mostly(
            st.fixed_dictionaries({}, optional={key: values for key in SPEC_KEYS[16:29]}),
            values,
        ),
        "upgrades": values,
        "security": values,
        # now and then a key the spec does not have (real or random)
        **{key: values for key in ("nodepools", "maxCount", "$remove")},
    },
)
documents = st.fixed_dictionaries(
    {"spec": mostly(spec_like, values)},
    optional={
        "extends": mostly(
            st.sampled_from(["standard", "automatic", "standard-large"]),
            st.one_of(strings, values),
        ),
        "metadata": mostly(
            st.fixed_dictionaries(
                {}, optional={"name": values, "location": values, "tags": values}
            ),
            values,
        ),
    },
).flatmap(
    # now and then a key that does not belong at the top level
    lambda doc: mostly(st.just({}), st.dictionaries(keys, values, max_size=1)).map(
        lambda extra: {**doc, **extra}
    )
)

# --------------------------------------------------------------------------- YAML writers

_PLAIN = re.compile(r"[A-Za-z0-9_./$~+][A-Za-z0-9_ ./%$:=~+-]*")


def yaml_scalar(value: Any) -> str:
    """A scalar as YAML would be written by hand: plain where it can be, so YAML's own
    typing applies (`yes`, `~`, `0x1F`, `2020-01-01`), quoted where it must be."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and not text.endswith((" ", ":")) and ": " not in text:
        return text
    return double_quoted(text)


def _yaml_printable(char: str) -> bool:
    """YAML 1.2's c-printable, minus the line breaks a quoted scalar would fold."""
    code = ord(char)
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ) and char not in "\u2028\u2029\ufeff"


def double_quoted(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text`. Unlike json.dumps it
    never writes a surrogate pair (`\\ud800\\udc00`), which YAML reads as two lone
    surrogates (refused by the loader, exit 3) instead of one character."""
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif _yaml_printable(char):
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


def yaml_block(value: Any, indent: int = 0) -> str:
    """Block-style YAML for a tree (flow `{}`/`[]` for empty containers)."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = []
        for key, item in value.items():
            head = f"{pad}{yaml_scalar(key)}:"
            if isinstance(item, dict | list) and item:
                lines.append(head + "\n" + yaml_block(item, indent + 2))
            else:
                lines.append(f"{head} {yaml_block(item, indent + 2)}")
        return "\n".join(lines)
    if isinstance(value, list):
        if not value:
            return "[]"
        lines = []
        for item in value:
            if isinstance(item, dict | list) and item:
                body = yaml_block(item, indent + 2).lstrip()
                lines.append(f"{pad}- {body}")
            else:
                lines.append(f"{pad}- {yaml_block(item, indent + 2)}")
        return "\n".join(lines)
    return yaml_scalar(value)


def as_json_flow(document: dict[str, Any]) -> str:
    """Each top-level value as JSON flow (valid YAML) under a block key. Only what YAML
    cannot hold raw is escaped: JSON's ASCII escaping would write surrogate pairs
    (`\\ud800\\udc00`), which YAML reads as two invalid characters."""

    def dumps(value: Any) -> str:
        text = json.dumps(value, ensure_ascii=False)
        return "".join(c if _yaml_printable(c) else f"\\u{ord(c):04x}" for c in text)

    return "".join(f"{dumps(key)}: {dumps(value)}\n" for key, value in document.items())


def as_block(document: dict[str, Any]) -> str:
    return yaml_block(document) + "\n" if document else ""


# --------------------------------------------------------------------------- checks


def output(result: Any) -> str:
    return str(result.stdout) + str(result.stderr)


def assert_no_crash(result: Any) -> None:
    out = output(result)
    assert "Traceback" not in out, out
    assert "unexpected error" not in out, out
    assert result.exception is None, repr(result.exception)


MARKERS = ("spec", "metadata", "line ", "apiVersion", "kind", "extends", "locked")


_ENTRY = re.compile(r"  (error|warning|info) ")


def assert_names_where(out: str, path: Path) -> None:
    """Exit 3: past the summary line, each error points at a path, a file or a line, and a
    rule finding also names its layer (`(from ...)`).

    A line that does not start a finding continues the one before: the CLI prints user
    text raw, so a key or value holding a line break spans lines (a known cosmetic bug,
    test_bad_input::test_known_bug_control_characters_printed_raw)."""
    lines = out.split("\n")
    assert lines, out
    assert lines[0].startswith("invalid "), out
    entries: list[str] = []
    for line in lines[1:]:
        if _ENTRY.match(line) or not entries:
            entries.append(line)
        else:
            entries[-1] += "\n" + line
    entries = [entry.strip() for entry in entries if entry.strip()]
    assert entries, out
    for entry in entries:
        if entry.startswith(("warning", "info")):
            continue
        if entry.startswith("error "):
            assert " (from " in entry, out
            assert any(marker in entry for marker in MARKERS), out
        else:
            assert any(marker in entry for marker in MARKERS) or str(path) in entry, out


def validate(cli: Callable[..., Any], tmp_path: Path, content: str | bytes) -> Any:
    path = tmp_path / f"fuzz-{next(_names)}.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = cli("presets", "validate", str(path))
    assert_no_crash(result)
    assert result.exit_code in (0, 3, 4), output(result)
    if result.exit_code == 3:
        assert_names_where(output(result), path)
    return result


# --------------------------------------------------------------------------- (a) files


@FUZZ
@given(text=no_surrogates(200))
def test_arbitrary_text(cli: Callable[..., Any], tmp_path: Path, text: str) -> None:
    validate(cli, tmp_path, text)


@FUZZ
@given(text=no_surrogates(200))
def test_arbitrary_text_after_header(cli: Callable[..., Any], tmp_path: Path, text: str) -> None:
    validate(cli, tmp_path, HEADER + text)


@settings(FUZZ, max_examples=100)
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes(cli: Callable[..., Any], tmp_path: Path, data: bytes) -> None:
    validate(cli, tmp_path, data)


@settings(FUZZ, max_examples=150)
@given(document=documents, block=st.booleans())
def test_structured_documents(
    cli: Callable[..., Any], tmp_path: Path, document: dict[str, Any], block: bool
) -> None:
    """Spec-shaped trees of real and random keys, written as block YAML or JSON flow."""
    body = as_block(document) if block else as_json_flow(document)
    validate(cli, tmp_path, HEADER + body)


@FUZZ
@given(document=documents)
def test_block_writer_writes_yaml(document: dict[str, Any]) -> None:
    """A check on the fuzzer itself: the block writer's output is well-formed YAML, so the
    CLI test above fuzzes the spec, not just the YAML scanner. The loader may still refuse
    what it reads (a duplicate key such as `true:` next to `True:`, a non-finite number),
    but never for a syntax error, which is reported with a line and column."""
    from aks_kit.errors import SpecError
    from aks_kit.presets.yamlio import parse_yaml

    try:
        loaded = parse_yaml(HEADER + as_block(document), "doc.yaml")
    except SpecError as exc:
        syntax = "column " in exc.message and "duplicate key" not in exc.message
        assert not syntax, (exc.message, as_block(document))
    else:
        assert loaded.data["kind"] == "Cluster"


@FUZZ
@given(text=no_surrogates(40))
def test_double_quoted_reads_back(text: str) -> None:
    """The writer's quoting is faithful: YAML reads `double_quoted(s)` back as `s`."""
    from aks_kit.presets.yamlio import parse_scalar

    assert parse_scalar(double_quoted(text)) == text


# --------------------------------------------------------------------------- (b) --set

PATH_KEYS = [
    "spec",
    "metadata",
    "nodePools",
    "network",
    "tier",
    "sku",
    "maxCount",
    "minCount",
    "count",
    "name",
    "podCidr",
    "serviceCidr",
    "zones",
    "spot",
    "maxSurge",
    "mode",
    "location",
    "tags",
    "upgrades",
    "channel",
    "security",
    "apiVersion",
    "kind",
    "$remove",
]


_SELECTOR = re.compile(r"\[([^\[\]]+)\]")


TARGETED_PATHS = [
    "spec",
    "spec.sku",
    "spec.tier",
    "spec.network",
    "spec.network.plugin",
    "spec.network.pluginMode",
    "spec.network.dataplane",
    "spec.network.podCidr",
    "spec.network.serviceCidr",
    "spec.network.dnsServiceIP",
    "spec.network.outboundType",
    "spec.nodePools",
    "spec.nodePools[0]",
    "spec.nodePools[1].name",
    "spec.nodePools[system].count",
    "spec.nodePools[system].mode",
    "spec.nodePools[user]",
    "spec.nodePools[user].minCount",
    "spec.nodePools[user].maxCount",
    "spec.nodePools[user].maxSurge",
    "spec.nodePools[user].zones",
    "spec.nodePools[user].zones[0]",
    "spec.nodePools[user].spot",
    "spec.nodePools[user].labels.team",
    "spec.nodePools[gpu].count",
    "spec.upgrades.channel",
    "spec.security.localAccounts",
    "metadata",
    "metadata.name",
    "metadata.location",
    "metadata.tags.team",
]
selector_text = st.one_of(st.sampled_from(POOL_NAMES), no_surrogates(6))
well_formed_segments = st.one_of(
    st.sampled_from(PATH_KEYS).map(lambda k: "." + k),
    st.sampled_from(POOL_NAMES).map(lambda n: f"[{n}]"),
    st.integers(0, 8).map(lambda i: f"[{i}]"),
)
junk_segments = st.one_of(
    st.from_regex(r"\A\.[A-Za-z_$][A-Za-z0-9_$-]{0,8}\Z"),
    selector_text.map(lambda s: f"[{s}]"),
    no_surrogates(4),  # raw junk: malformed paths
)
set_paths = st.one_of(
    st.sampled_from(TARGETED_PATHS),
    st.builds(
        lambda head, rest: head + "".join(rest),
        st.sampled_from(["spec", "metadata"]),
        st.lists(well_formed_segments, min_size=1, max_size=4),
    ),
    st.builds(
        lambda head, rest: head + "".join(rest),
        st.one_of(st.sampled_from(["spec", "metadata", "apiVersion", "kind"]), no_surrogates(6)),
        st.lists(st.one_of(well_formed_segments, junk_segments), max_size=4),
    ),
)
set_values = st.one_of(
    st.sampled_from([*INTERESTING_STRINGS, "[1, 2]", "{a: b}", "[", "*x", "&a", "- a", "!!str 3"]),
    ints.map(str),
    st.floats(allow_nan=True).map(repr),
    no_surrogates(12),
)
assignments = st.integers(0, 7).flatmap(
    lambda pick: (
        no_surrogates(20)  # now and then anything at all, `=` or not
        if pick == 0
        else st.builds(lambda p, v: f"{p}={v}", set_paths, set_values)
    )
)


@settings(FUZZ, max_examples=150)
@given(sets=st.lists(assignments, min_size=1, max_size=3))
def test_set_assignments(cli: Callable[..., Any], sets: list[str]) -> None:
    # `--set=VALUE`, so a value that starts with '-' is not read as an option.
    args = ["presets", "show", "standard", "-o", "json", *(f"--set={s}" for s in sets)]
    result = cli(*args)
    assert_no_crash(result)
    assert result.exit_code in (0, 2, 3), output(result)
    data = json.loads(result.stdout)  # exactly one JSON document, whatever the outcome
    if result.exit_code == 2:
        assert data["error"]["exitCode"] == 2, data
        assert result.stderr.startswith("error: --set "), result.stderr
    else:
        if result.exit_code == 3 and "findings" in data:
            errors = [f for f in data["findings"] if f["level"] == "error"]
            assert errors, data["findings"]
            for finding in errors:
                assert finding["path"], finding
                assert finding["layer"], finding
