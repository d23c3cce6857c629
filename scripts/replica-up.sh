#!/usr/bin/env bash
# replica-up.sh — bring the local Security Lake replica up: fetch Trino 476
# (cached outside git), start it, and seed the default generated data (the
# full lake) and the other lake profiles, each into its own catalogs
# (docs/design/trino-replica.md, Lake profiles). Seeding is skipped when the
# state directory already holds data from the same generator code and
# settings, so a warm machine is ready in seconds.
# SECLAKE_PROFILES (default: every profile) lists the profiles besides full
# to seed, comma-separated; "none" seeds the full lake only.
# Progress goes to stderr; stdout is one line, SECLAKE_TRINO_URL=….
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=trino/common.sh
source scripts/trino/common.sh

SEED_ARGS=(-seed 42 -days 30 -volume "${SECLAKE_VOLUME:-50}" -anchor 2026-11-01 -regions us-east-1,eu-west-1)
PROFILES="${SECLAKE_PROFILES:-minimal,v1,subscriber,rollup,regions}"
[[ "$PROFILES" == none ]] && PROFILES=""

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

if [[ -n "$PROFILES" ]]; then
  # A Trino started before the profiles existed lacks their catalogs:
  # catalogs load at start only (scripts/trino/stop.sh, then run this again).
  while read -r cat; do
    [[ -z "$cat" || "$cat" == \#* ]] && continue
    trino_sql "SHOW SCHEMAS FROM \"$cat\"" >/dev/null 2>&1 || die "Trino at $TRINO_URL has no catalog $cat (started before the lake profiles); restart it: TRINO_PORT=$TRINO_PORT SECLAKE_STATE=$SECLAKE_STATE bash scripts/trino/stop.sh"
  done <replica/etc/profile-catalogs
  pstamp=$( { echo "$stamp"; cat replica/etc/profile-catalog/* replica/etc/profile-catalogs; echo "$PROFILES"; } | sha256sum | cut -c1-16)
  pmarker="$SECLAKE_STATE/profiles-seeded-$pstamp"
  if [[ -f "$pmarker" ]]; then
    log "lake profiles already seeded ($pstamp: $PROFILES)"
  else
    rm -f "$SECLAKE_STATE"/profiles-seeded-*
    start=$(date +%s)
    go -C devenv run ./cmd/seedlake -trino "$TRINO_URL" -profile "$PROFILES" >&2
    log "lake profiles seeded in $(( $(date +%s) - start )) s ($PROFILES)"
    touch "$pmarker"
  fi
fi
echo "SECLAKE_TRINO_URL=$TRINO_URL"
