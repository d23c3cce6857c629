// Fails when a package in package-lock.json declares a Node engine range the
// running Node does not satisfy: what `npm ci` would print as an EBADENGINE
// warning (docs/release.md, "Node"). Run with the Node the project pins.
const semver = require('semver');
const lock = require('../package-lock.json');

const bad = Object.entries(lock.packages)
  .filter(([, meta]) => typeof meta.engines?.node === 'string')
  .filter(([, meta]) => !semver.satisfies(process.version, meta.engines.node, { includePrerelease: true }))
  .map(([path, meta]) => `${path.replace(/^node_modules\//, '')} wants node ${meta.engines.node}`);

if (bad.length > 0) {
  console.error(`check-engines: ${bad.length} package(s) reject Node ${process.version}:\n  ${bad.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-engines: every locked package accepts Node ${process.version}`);
