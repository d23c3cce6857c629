#!/usr/bin/env bash
# lint-go.sh — golangci-lint (the version pinned below, configured by
# .golangci.yml) on both Go modules: the plugin (./) and the proving ground
# (devenv/). The linter is built once with `go install` into GOPATH/bin and
# reused while its version matches; extra arguments go to `golangci-lint run`
# (e.g. --fix).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=v2.15.0
bin="$(go env GOPATH)/bin/golangci-lint"
if ! go version -m "$bin" 2>/dev/null | grep -q "mod[[:space:]]*github.com/golangci/golangci-lint/v2[[:space:]]*${VERSION}[[:space:]]"; then
  echo "installing golangci-lint ${VERSION} (once; about 2 min of compiling on 2 cores)" >&2
  go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@${VERSION}"
fi

"$bin" run "$@" ./...
(cd devenv && "$bin" run --config ../.golangci.yml "$@" ./...)
