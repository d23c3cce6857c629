#!/usr/bin/env bash
# start.sh — render replica/etc into $SECLAKE_STATE, start Trino in the
# background on 127.0.0.1:$TRINO_PORT and wait (up to 180 s) until /v1/info
# reports starting=false and SELECT 1 succeeds. Prints start_seconds=N.
# Data (metastore + lake files) in the state directory survives restarts.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

TRINO_HEAP="${TRINO_HEAP:-4G}"
TRINO_QUERY_MEMORY="${TRINO_QUERY_MEMORY:-2GB}"
WAIT="${TRINO_START_TIMEOUT:-180}"

[[ -f "$TRINO_HOME/.seclake-ready" ]] || die "Trino is not unpacked; run scripts/trino/fetch.sh first"
[[ -x "$JAVA_HOME/bin/java" ]] || die "no JDK at $JAVA_HOME"
if running; then
  log "Trino already running (pid $(cat "$(pidfile)")) at $TRINO_URL"
  exit 0
fi
if [[ -n "$(info)" ]]; then
  die "port $TRINO_PORT is taken by another server; set TRINO_PORT"
fi

# Render the templates with absolute paths (local.location must be a plain path).
mkdir -p "$SECLAKE_STATE"/{etc/catalog,var,tmp,lake/metastore}
render() { # render TEMPLATE DEST [CATALOG]
  sed -e "s|@STATE@|$SECLAKE_STATE|g" -e "s|@PORT@|$TRINO_PORT|g" \
      -e "s|@HEAP@|$TRINO_HEAP|g" -e "s|@QUERY_MEM@|$TRINO_QUERY_MEMORY|g" \
      -e "s|@CATALOG@|${3:-}|g" "$1" >"$2"
}
rm -f "$SECLAKE_STATE"/etc/catalog/*.properties
for f in node.properties config.properties jvm.config log.properties \
         catalog/awsdatacatalog.properties catalog/awsdatacatalog_iceberg.properties; do
  render "$REPO_ROOT/replica/etc/$f" "$SECLAKE_STATE/etc/$f"
done
# The lake profiles' catalog pairs (docs/design/trino-replica.md, Lake profiles).
while read -r cat; do
  [[ -z "$cat" || "$cat" == \#* ]] && continue
  mkdir -p "$SECLAKE_STATE/lake/catalogs/$cat/metastore"
  render "$REPO_ROOT/replica/etc/profile-catalog/hive.properties" "$SECLAKE_STATE/etc/catalog/$cat.properties" "$cat"
  render "$REPO_ROOT/replica/etc/profile-catalog/iceberg.properties" "$SECLAKE_STATE/etc/catalog/${cat}_iceberg.properties" "$cat"
done <"$REPO_ROOT/replica/etc/profile-catalogs"

# Trino exits with code 100 below 4096 open files (TrinoSystemRequirements).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true
(( $(ulimit -n) >= 4096 )) || die "open-file limit $(ulimit -n) < 4096"

start=$(date +%s%N)
log "starting Trino $TRINO_VERSION with $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
launcher start >/dev/null
serverlog="$SECLAKE_STATE/var/var/log/server.log"
deadline=$(( $(date +%s) + WAIT ))
until info | grep -q '"starting":false'; do
  if ! running; then
    log "Trino exited during start; last lines of $serverlog and launcher.log:"
    tail -n 40 "$serverlog" "$SECLAKE_STATE/var/var/log/launcher.log" >&2 2>/dev/null || true
    exit 1
  fi
  if (( $(date +%s) > deadline )); then
    log "Trino did not start within ${WAIT}s; last lines of $serverlog:"
    tail -n 40 "$serverlog" >&2 || true
    exit 1
  fi
  sleep 1
done
until trino_sql 'SELECT 1' >/dev/null 2>&1; do
  (( $(date +%s) > deadline )) && die "SELECT 1 keeps failing"
  sleep 1
done
end=$(date +%s%N)
log "Trino ready at $TRINO_URL (state $SECLAKE_STATE)"
ms=$(( (end - start) / 1000000 ))
printf 'start_seconds=%d.%03d\n' $((ms / 1000)) $((ms % 1000))
