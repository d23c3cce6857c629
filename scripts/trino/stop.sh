#!/usr/bin/env bash
# stop.sh — stop the local Trino cleanly (launcher stop = SIGTERM, graceful),
# then kill it if it is still alive after $TRINO_STOP_TIMEOUT seconds (default 30).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if ! running; then
  log "Trino is not running"
  exit 0
fi
pid="$(cat "$(pidfile)")"
launcher stop >/dev/null || true
for ((i = 0; i < ${TRINO_STOP_TIMEOUT:-30}; i++)); do
  kill -0 "$pid" 2>/dev/null || { log "Trino stopped (pid $pid)"; exit 0; }
  sleep 1
done
log "Trino (pid $pid) still alive; killing"
launcher kill >/dev/null || kill -9 "$pid"
