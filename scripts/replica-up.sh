#!/usr/bin/env bash
# replica-up.sh — bring the local Security Lake replica up: fetch Trino 476
# (cached outside git), start it, and seed the default generated data. Seeding
# is skipped when the state directory already holds data from the same
# generator code and settings, so a warm machine is ready in seconds.
# Progress goes to stderr; stdout is one line, SECLAKE_TRINO_URL=….
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=trino/common.sh
source scripts/trino/common.sh

SEED_ARGS=(-seed 42 -days 30 -volume "${SECLAKE_VOLUME:-50}" -anchor 2026-11-01 -regions us-east-1,eu-west-1)

bash scripts/trino/fetch.sh >&2
bash scripts/trino/start.sh >&2

# The data depends on the generator, the catalog and the arguments.
stamp=$( { cat devenv/replica/*.go devenv/replica/*.json pkg/ocsf/catalog.json devenv/cmd/seedlake/*.go; echo "${SEED_ARGS[*]}"; } | sha256sum | cut -c1-16)
marker="$SECLAKE_STATE/seeded-$stamp"
if [[ -f "$marker" ]]; then
  log "replica already seeded ($stamp)"
else
  rm -f "$SECLAKE_STATE"/seeded-*
  go -C devenv run ./cmd/seedlake -trino "$TRINO_URL" "${SEED_ARGS[@]}" >&2
  touch "$marker"
fi
echo "SECLAKE_TRINO_URL=$TRINO_URL"
