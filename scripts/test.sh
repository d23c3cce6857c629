#!/usr/bin/env bash
# The one command that runs every test of the project (README "Commands").
# It installs what it needs (npm packages, the Trino 476 tarball from Maven
# Central into ~/.cache/seclake) and runs, in order:
#   Go: formatting, vet, golangci-lint, generated files up to date, the
#   linux/amd64 build; the local Security Lake replica (Trino + seeded data)
#   is brought up; unit, golden, integration and end-to-end tests (the plugin
#   binary driven over the plugin protocol against athena-local on the
#   replica); the race detector on the concurrent packages; short fuzz runs;
#   the Terraform module (fmt, validate, test; scripts/terraform-check.sh);
#   frontend: typecheck, lint, format, unit tests, production build; the
#   release archive (all six platforms) and its validator checks.
set -euo pipefail
cd "$(dirname "$0")/.."

# A count, not a duration: when a duration runs out while a worker is busy on
# a loaded machine, go test can report "context deadline exceeded" as a
# failure. 30000 inputs take a few seconds per target here.
FUZZTIME=${FUZZTIME:-30000x}
step() { printf '\n==> %s\n' "$*"; }

step "go: gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*'))
if [ -n "$unformatted" ]; then echo "gofmt would change:"; echo "$unformatted"; exit 1; fi

# Two Go modules: the plugin (./) and the proving ground (devenv/), which
# tests the plugin of this working tree through a replace directive.
step "go: vet"
go vet ./...
go -C devenv vet ./...

step "go: golangci-lint (.golangci.yml, both modules)"
bash scripts/lint-go.sh
# Every generated file regenerates from the repository (docs/design/generated.md):
# go generate must leave the working tree as it found it.
step "go: generated files are up to date"
tree_state() { { git status --porcelain --untracked-files=all; git diff --binary; } | sha256sum; }
before=$(tree_state)
go generate ./...
go -C devenv generate ./...
if [ "$(tree_state)" != "$before" ]; then
  echo "go generate changed files; commit what it writes:"; git status --short; exit 1
fi

step "go: build the plugin binary (linux/amd64, CGO off)"
CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -trimpath -o dist/gpx_security_lake_linux_amd64 ./pkg

# replica-up.sh also seeds the lake profiles (minimal, v1, subscriber, rollup,
# regions: about 50 s cold on 2 cores, nothing when warm); devenv/e2e checks
# each of them: health, discovery and failures (about 35 s) and every bundled
# panel, variable, annotation and rule (TestProfilesContent, about 4.5 min on
# a loaded 2-core machine, the regions profile's three endpoints the longest).
step "replica: Trino 476 + generated Security Lake data (full lake and lake profiles)"
started_trino=
if ! bash scripts/trino/status.sh >/dev/null 2>&1; then started_trino=1; fi
replica_url=$(bash scripts/replica-up.sh | tail -1 | cut -d= -f2)
if [ -n "$started_trino" ]; then trap 'bash scripts/trino/stop.sh >/dev/null 2>&1 || true' EXIT; fi

step "go: tests (unit, golden, plugin binary, end-to-end on the replica)"
go test -count=1 -timeout 10m ./...
# The question set (devenv/e2e/testdata/questions) must stay at least 85 %
# expressible in the builder; TestQuestions fails the run below that share.
SECLAKE_TRINO_URL="$replica_url" SECLAKE_E2E_REQUIRED=1 SECLAKE_QUESTIONS_MIN_SHARE=0.85 \
  go -C devenv test -count=1 -timeout 40m ./...

# The packages that run goroutines: the executor's polling and paging, the
# plugin's instances and caches, lake discovery's cache, the in-memory Athena
# servers and the plugin host. The e2e tier is left out (the plugin binary
# is a separate process there, built without -race).
step "go: race detector (concurrent packages)"
go test -race -count=1 -timeout 10m ./pkg/athena/... ./pkg/plugin/... ./pkg/lake/... ./internal/...
go -C devenv test -race -count=1 -timeout 10m ./athenalocal/... ./grafanahost/...

step "go: fuzz (${FUZZTIME} each)"
while read -r pkg target; do
  go test "./$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME"
done <<'TARGETS'
pkg/models FuzzParseQuery
pkg/sqlbuild FuzzBuild
pkg/macros FuzzExpand
pkg/macros FuzzReadOnly
pkg/frames FuzzToFrame
TARGETS

step "terraform: fmt, validate and test of provisioning/terraform (provider from the local mirror)"
bash scripts/terraform-check.sh

if [ -f package.json ]; then
  step "frontend: install"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
  step "frontend: every locked package accepts this Node (no npm engine warning)"
  node scripts/check-engines.cjs
  step "dashboards: checked against @grafana/schema (needs node_modules)"
  SECLAKE_SCHEMA_REQUIRED=1 go -C devenv test -count=1 ./provisioning -run Schema
  step "frontend: typecheck"; npm run --silent typecheck
  step "frontend: lint (eslint, no warnings)"; npm run --silent lint
  step "frontend: format (prettier --check)"; npm run --silent format:check
  step "frontend: unit tests"; npm run --silent test:ci
  step "frontend: build"; npm run --silent build
  step "frontend: browser test (Debian Chromium + playwright-core; the editors against the real plugin via devenv/cmd/bridge)"
  if [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  npm run --silent test:browser
fi

# The release path on what the steps above built: Go build manifest, the zip
# with its checksums, and every offline rule of Grafana's plugin validator
# (devenv/cmd/checkplugin, with the source comparisons), for all six
# platforms, exactly as scripts/release.sh builds a release. A cold Go cache
# pays about 165 CPU-seconds per cross-compiled platform (a few minutes on 2
# cores); a warm one only relinks. RELEASE_PLATFORMS narrows it for a quick
# local run (docs/release.md).
step "plugin: release archive (all platforms) and its checks"
SKIP_FRONTEND=1 bash scripts/release.sh

echo
echo "all tests passed"
