#!/usr/bin/env bash
# Build the pulumi CLI from source (Go modules pinned in tools/pulumi-cli/) for aks-kit's engine
# tests, into a cache directory outside the repository. Does nothing when that version is
# already built. Prints the path of the binary on stdout; progress goes to stderr.
#
#   tools/build-pulumi-cli.sh            # build (or reuse) and print the binary's path
#   AKS_KIT_TOOLS_CACHE=/some/dir ...    # choose the cache directory
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
module_dir="$here/pulumi-cli"
# The version is the one go.mod pins; the Python SDK's range in pyproject.toml matches it.
version="$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { print $2; exit }' "$module_dir/go.mod")"
if [[ -z "$version" ]]; then
    echo "build-pulumi-cli: no github.com/pulumi/pulumi/pkg/v3 version in $module_dir/go.mod" >&2
    exit 1
fi
cache="${AKS_KIT_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aks-kit-tools}"
out_dir="$cache/pulumi/$version"
binary="$out_dir/pulumi"

if [[ -x "$binary" ]] && "$binary" version 2>/dev/null | grep -qx "$version"; then
    echo "$binary"
    exit 0
fi

if ! command -v go >/dev/null 2>&1; then
    echo "build-pulumi-cli: 'go' not found; install Go (see tools/pulumi-cli/go.mod for the version)" >&2
    exit 6
fi

mkdir -p "$out_dir"
echo "build-pulumi-cli: building pulumi $version into $out_dir (first build takes a while)" >&2
tmp="$(mktemp "$out_dir/.pulumi.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
(
    cd "$module_dir"
    # The Automation API and `pulumi version` read the version from this variable.
    CGO_ENABLED=0 go build -trimpath -mod=readonly \
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
        -o "$tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
)
chmod 0755 "$tmp"
mv -f "$tmp" "$binary"
trap - EXIT
echo "$binary"
