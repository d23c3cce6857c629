#!/usr/bin/env bash
# demo.sh — the plugin's main job on the local Security Lake replica, no
# Docker and no AWS account needed: fetch and start Trino 476, seed the
# generated OCSF data (first run only), build the plugin, start it like
# Grafana does, and run representative Security Lake queries through it,
# printing each result with the data it scanned. Trino keeps running for
# further use; stop it with scripts/trino/stop.sh.
#
#   scripts/demo.sh                    # the full lake
#   scripts/demo.sh -profile minimal   # full, minimal, v1, subscriber, rollup or regions
#
# Arguments go to devenv/cmd/demo (-profile, -rows).
set -euo pipefail
cd "$(dirname "$0")/.."
url=$(bash scripts/replica-up.sh | tail -1 | cut -d= -f2)
go -C devenv run ./cmd/demo -trino "$url" "$@"
echo
echo "Trino is still running at $url (scripts/trino/stop.sh stops it)."
