#!/usr/bin/env bash
# status.sh — print whether the local Trino runs and its /v1/info; exit 0 when
# it is up and not starting, 1 otherwise.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if running; then
  echo "pid $(cat "$(pidfile)") url $TRINO_URL state $SECLAKE_STATE"
else
  echo "not running (state $SECLAKE_STATE)"
fi
i="$(info)"
if [[ -n "$i" ]]; then
  echo "$i"
  grep -q '"starting":false' <<<"$i" && exit 0
fi
exit 1
