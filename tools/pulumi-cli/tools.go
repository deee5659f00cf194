//go:build tools

// Package tools pins the pulumi CLI's main package so that `go mod tidy` keeps every module it
// needs in go.mod and go.sum. The build script compiles it with
// `go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi`.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
