# shellcheck shell=bash
# Shared settings of the local Trino scripts; sourced, not run.
# Everything large or generated lives outside the repository (never commit the
# tarball; docs/design/trino-replica.md).

TRINO_VERSION="${TRINO_VERSION:-476}"
SECLAKE_CACHE="${SECLAKE_CACHE:-$HOME/.cache/seclake}"
SECLAKE_STATE="${SECLAKE_STATE:-$SECLAKE_CACHE/state}"
TRINO_PORT="${TRINO_PORT:-8080}"
TRINO_HOME="$SECLAKE_CACHE/trino-server-$TRINO_VERSION"
# 476-478 need JDK >= 24; Temurin 25 is the JDK on this machine (docs/design/trino-replica.md).
export JAVA_HOME="${JAVA_HOME_TRINO:-/usr/lib/jvm/temurin-25-jdk-amd64}"
TRINO_URL="http://127.0.0.1:$TRINO_PORT"

# shellcheck disable=SC2034 # used by the scripts that source this file
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# launcher runs bin/launcher with the rendered etc and data directories.
launcher() {
  PATH="$JAVA_HOME/bin:$PATH" "$TRINO_HOME/bin/launcher" --etc-dir="$SECLAKE_STATE/etc" --data-dir="$SECLAKE_STATE/var" "$@"
}

# pidfile is where `launcher start` records the server pid (under --data-dir).
pidfile() { echo "$SECLAKE_STATE/var/var/run/launcher.pid"; }

# running reports whether the recorded server pid is alive.
running() {
  local f; f="$(pidfile)"
  [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null
}

# info prints /v1/info (empty when the server does not answer).
info() { curl -sf --max-time 2 "$TRINO_URL/v1/info" 2>/dev/null || true; }

# trino_sql runs one statement over the REST protocol (POST /v1/statement, then
# follow nextUri) and prints the final JSON page; non-zero exit when it fails.
trino_sql() {
  local page next
  page="$(curl -sf --max-time 30 -X POST -H 'X-Trino-User: seclake' --data-binary "$1" "$TRINO_URL/v1/statement")" || return 1
  while next="$(grep -o '"nextUri":"[^"]*"' <<<"$page" | head -1 | cut -d'"' -f4)" && [[ -n "$next" ]]; do
    page="$(curl -sf --max-time 30 -H 'X-Trino-User: seclake' "$next")" || return 1
  done
  if grep -q '"error":' <<<"$page"; then
    echo "$page" >&2
    return 1
  fi
  echo "$page"
}
