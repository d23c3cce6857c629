#!/usr/bin/env bash
# The release command: builds the plugin for every platform Grafana runs
# backend plugins on, packs it the way Grafana and the plugin catalog expect
# and checks the archive (docs/release.md).
#
#   bash scripts/release.sh                      all six platforms (a release)
#   RELEASE_PLATFORMS="linux/amd64" bash scripts/release.sh   a subset (CI)
#   SKIP_FRONTEND=1 bash scripts/release.sh      reuse dist/module.js (already built)
#   SIGN=1 bash scripts/release.sh               sign before packing (community signature:
#       the plugin is in the catalog); needs GRAFANA_ACCESS_POLICY_TOKEN
#   SIGN=1 SIGN_ROOT_URLS=https://grafana.example.com/ bash scripts/release.sh
#       private signature for the Grafana servers at those root URLs (comma-separated)
#
# Output in build/release/ (git-ignored):
#   <plugin-id>-<version>.zip         one folder <plugin-id>/ holding dist/'s content
#   <plugin-id>-<version>.zip.sha1    sha1sum output ("<hash>  <file>")
#   <plugin-id>-<version>.zip.sha256  sha256sum output
# The last line printed is "release: <path of the zip>".
set -euo pipefail
cd "$(dirname "$0")/.."

ALL_PLATFORMS="linux/amd64 linux/arm64 linux/arm darwin/amd64 darwin/arm64 windows/amd64"
PLATFORMS=${RELEASE_PLATFORMS:-$ALL_PLATFORMS}
OUT=${RELEASE_OUT:-build/release}

json() { node -p "require('./$1').$2"; }
id=$(json src/plugin.json id)
exe=$(json src/plugin.json executable)
version=$(json package.json version)
step() { printf '\n==> %s\n' "$*"; }

if [ -z "${SKIP_FRONTEND:-}" ]; then
  step "frontend: npm run build (version $version)"
  npm run --silent build
fi
if [ ! -f dist/module.js ] || [ ! -f dist/plugin.json ]; then
  echo "release: dist/module.js or dist/plugin.json missing: run npm run build" >&2
  exit 1
fi

# The same flags as the plugin SDK's mage build (build.BuildAll): static,
# stripped, the arrow stdlib JSON tag, and the build info Grafana reads
# (plugin id, version, time). -trimpath keeps local paths out of the binaries.
buildinfo=$(printf '{"time":%s,"pluginID":"%s","version":"%s"}' "$(date +%s)000" "$id" "$version")
ldflags="-w -s -extldflags \"-static\" -X 'github.com/grafana/grafana-plugin-sdk-go/build/buildinfo.buildInfoJSON=$buildinfo'"
rm -f dist/"${exe}"_*
for p in $PLATFORMS; do
  goos=${p%/*} goarch=${p#*/}
  name="${exe}_${goos}_${goarch}"
  [ "$goos" = windows ] && name="$name.exe"
  step "backend: $name"
  # Wall time depends on what else runs; the CPU time is what a build costs.
  TIMEFORMAT="built $name in %R s (CPU %U s user + %S s system)"
  time CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch go build -trimpath -tags arrow_json_stdlib -ldflags "$ldflags" -o "dist/$name" ./pkg
done

# The Go build manifest the validator compares with the source tree: the
# SHA-256 of every Go file of the repository ("<hash>:<path>"), as the SDK's
# mage build writes it. git ls-files lists what a clone of the tag holds.
step "backend: go_plugin_build_manifest"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files '*.go'
else
  find . -name '*.go' -not -path './node_modules/*' | sed 's|^\./||'
fi | LC_ALL=C sort | while read -r f; do
  printf '%s:%s\n' "$(sha256sum "$f" | cut -d' ' -f1)" "$f"
done >dist/go_plugin_build_manifest

# Signing writes dist/MANIFEST.txt with the hash of every file, so it comes
# after the last file is written and before packing.
rm -f dist/MANIFEST.txt
if [ -n "${SIGN:-}" ]; then
  step "sign: @grafana/sign-plugin ${SIGN_ROOT_URLS:+(private, root URLs $SIGN_ROOT_URLS)}"
  if [ -z "${GRAFANA_ACCESS_POLICY_TOKEN:-}" ]; then
    echo "release: SIGN=1 needs GRAFANA_ACCESS_POLICY_TOKEN (docs/release.md)" >&2
    exit 1
  fi
  npx --yes @grafana/sign-plugin@latest --distDir dist ${SIGN_ROOT_URLS:+--rootUrls "$SIGN_ROOT_URLS"}
fi

step "archive: $OUT/$id-$version.zip"
mkdir -p "$OUT"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -a dist "$stage/$id"
# Grafana and the validator want the binaries at exactly 0755, the rest readable.
find "$stage/$id" -type d -exec chmod 0755 {} +
find "$stage/$id" -type f -exec chmod 0644 {} +
chmod 0755 "$stage/$id/${exe}"_*
zip_name="$id-$version.zip"
rm -f "$OUT/$zip_name" "$OUT/$zip_name".sha1 "$OUT/$zip_name".sha256
(cd "$stage" && zip -q -r -X "$zip_name" "$id")
mv "$stage/$zip_name" "$OUT/"
(cd "$OUT" && sha1sum "$zip_name" >"$zip_name.sha1" && sha256sum "$zip_name" >"$zip_name.sha256")
ls -l "$OUT/$zip_name"

step "archive: checks (devenv/cmd/checkplugin)"
want=""
for p in $PLATFORMS; do want="$want${want:+,}${p/\//_}"; done
go -C devenv run ./cmd/checkplugin -source .. -platforms "$want" "../$OUT/$zip_name"

echo "release: $OUT/$zip_name"
