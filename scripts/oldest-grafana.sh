#!/usr/bin/env bash
# The frontend against the oldest Grafana the plugin supports: copies the
# frontend into a temporary folder, installs the @grafana/* packages of the
# version in src/plugin.json's grafanaDependency (">=12.3.0" → 12.3.0) there
# and runs the typecheck and the jest tests. The working tree is not touched.
#
#   bash scripts/oldest-grafana.sh            the version of grafanaDependency
#   GRAFANA_VERSION=12.4.0 bash scripts/oldest-grafana.sh
#
# It reinstalls packages (a few minutes), so it is a documented command run
# before a release and when grafanaDependency changes, not a step of every CI
# run (docs/release.md).
set -euo pipefail
cd "$(dirname "$0")/.."

dep=$(node -p "require('./src/plugin.json').dependencies.grafanaDependency")
version=${GRAFANA_VERSION:-$(sed -E 's/^>=[[:space:]]*//' <<<"$dep")}
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "oldest-grafana: cannot read a version from grafanaDependency \"$dep\"" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "oldest-grafana: @grafana/* $version in $work"
cp -a package.json package-lock.json tsconfig.json jest.config.js jest-setup.js .config src "$work/"
# Files outside src/ that the jest tests read: the interpolation vectors shared
# with the Go checks, and pkg/ (src/types.test.ts compares settings keys).
mkdir -p "$work/devenv/provisioning"
cp -a devenv/provisioning/testdata "$work/devenv/provisioning/"
cp -a pkg "$work/"
# Starting from the installed tree makes npm change only what differs.
if [ -d node_modules ]; then cp -a node_modules "$work/"; fi
cd "$work"
# @grafana/ui 12.x depends on react-data-grid as a GitHub tarball
# (grafana/react-data-grid#<commit>), which cannot be fetched where only the
# npm registry is reachable; the same fork is published on npm as
# @grafana/react-data-grid (what @grafana/ui 13 uses). The override swaps it in,
# so the check runs offline from GitHub; with GitHub reachable,
# ORIGINAL_DATA_GRID=1 keeps the tarball.
if [ -z "${ORIGINAL_DATA_GRID:-}" ]; then
  grid=$(node -p "require('./node_modules/@grafana/ui/package.json').dependencies['@grafana/react-data-grid'] || ''")
  if [ -n "$grid" ]; then
    node -e "
      const fs = require('fs');
      const p = JSON.parse(fs.readFileSync('package.json'));
      p.overrides = { ...p.overrides, 'react-data-grid': 'npm:@grafana/react-data-grid@$grid' };
      fs.writeFileSync('package.json', JSON.stringify(p, null, 2));"
    echo "oldest-grafana: react-data-grid → npm:@grafana/react-data-grid@$grid (the GitHub tarball is unreachable)"
  fi
fi
pkgs=()
for p in data ui runtime schema e2e-selectors i18n; do pkgs+=("@grafana/$p@$version"); done
npm install --no-audit --no-fund --save-exact "${pkgs[@]}"
node -e "for (const p of ['data','ui','runtime','schema','e2e-selectors','i18n']) console.log('  @grafana/' + p, require('@grafana/' + p + '/package.json').version)"
echo "oldest-grafana: typecheck"
npx tsc --noEmit
echo "oldest-grafana: jest"
npx jest --maxWorkers 2
echo "oldest-grafana: the frontend typechecks and passes its tests with @grafana/* $version"
