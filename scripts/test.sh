#!/usr/bin/env bash
# The one command that runs every test of the project (README "Test").
# It installs what it needs (npm packages) and runs, in order:
#   Go: formatting, vet, unit/golden/integration tests (the plugin binary is
#   built and driven over the plugin protocol), short fuzz runs, the
#   linux/amd64 build; frontend: typecheck, lint, unit tests, production build;
#   and the plugin archive checks.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZTIME=${FUZZTIME:-5s}
step() { printf '\n==> %s\n' "$*"; }

step "go: gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*'))
if [ -n "$unformatted" ]; then echo "gofmt would change:"; echo "$unformatted"; exit 1; fi

step "go: vet"
go vet ./...

step "go: build the plugin binary (linux/amd64, CGO off)"
CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -trimpath -o dist/gpx_security_lake_linux_amd64 ./pkg

step "go: tests"
go test -count=1 ./...

step "go: fuzz (${FUZZTIME} each)"
while read -r pkg target; do
  go test "./$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME"
done <<'TARGETS'
pkg/models FuzzParseQuery
pkg/sqlbuild FuzzBuild
pkg/macros FuzzExpand
pkg/frames FuzzToFrame
TARGETS

if [ -f package.json ]; then
  step "frontend: install"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
  step "frontend: typecheck"; npm run --silent typecheck
  step "frontend: lint"; npm run --silent lint
  step "frontend: unit tests"; npm run --silent test:ci
  step "frontend: build"; npm run --silent build
fi

step "plugin: archive checks"
go run ./scripts/checkplugin dist

echo
echo "all tests passed"
