#!/usr/bin/env bash
# fetch.sh — download Trino server (default 476) through Maven and unpack it into
# $SECLAKE_CACHE (default ~/.cache/seclake), keeping only the hive and iceberg
# plugins. Idempotent: an unpacked, trimmed tree is reused.
#
# Why Maven: 476 is the newest full server tarball on Maven Central; later
# versions are GitHub-only (docs/design/trino-replica.md). -Dtransitive=false matters: the
# trino-server POM lists every plugin zip as a dependency.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

KEEP_PLUGINS="${TRINO_PLUGINS:-hive iceberg}"
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
tarball="$m2/io/trino/trino-server/$TRINO_VERSION/trino-server-$TRINO_VERSION.tar.gz"
marker="$TRINO_HOME/.seclake-ready"

if [[ -f "$marker" ]]; then
  log "trino $TRINO_VERSION already unpacked at $TRINO_HOME"
  exit 0
fi

start=$(date +%s)
if [[ ! -f "$tarball" ]] || ! sha1sum --status -c <(echo "$(cat "$tarball.sha1" 2>/dev/null)  $tarball") 2>/dev/null; then
  if pgrep -f "trino-server:$TRINO_VERSION" >/dev/null; then
    die "a Maven download of trino-server $TRINO_VERSION is already running; wait for it and rerun"
  fi
  log "downloading io.trino:trino-server:$TRINO_VERSION:tar.gz via Maven (~821 MB)"
  # Maven runs on the system JDK, as for the verified download (JAVA_HOME is Trino's).
  env -u JAVA_HOME mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get \
    -Dartifact="io.trino:trino-server:$TRINO_VERSION:tar.gz" -Dtransitive=false
fi
[[ -f "$tarball" ]] || die "tarball missing after download: $tarball"
dl=$(date +%s)

mkdir -p "$SECLAKE_CACHE"
tmp="$(mktemp -d "$SECLAKE_CACHE/unpack.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
log "unpacking $tarball"
# GNU tar recreates the tarball's hard links (plugins share jars); extract
# everything first, because a kept plugin's link may point into a dropped one.
tar xzf "$tarball" -C "$tmp"
src="$tmp/trino-server-$TRINO_VERSION"
[[ -x "$src/bin/launcher" ]] || die "unexpected tarball layout: no bin/launcher"
for p in "$src"/plugin/*; do
  name="$(basename "$p")"
  if [[ " $KEEP_PLUGINS " != *" $name "* ]]; then
    rm -rf "$p"
  fi
done
touch "$src/.seclake-ready"
rm -rf "$TRINO_HOME"
mv "$src" "$TRINO_HOME"
end=$(date +%s)
log "ready: $TRINO_HOME (plugins: $(find "$TRINO_HOME/plugin" -mindepth 1 -maxdepth 1 -printf '%f ')) size $(du -sh "$TRINO_HOME" | cut -f1)"
echo "fetch_seconds=$((dl - start)) unpack_seconds=$((end - dl))"
