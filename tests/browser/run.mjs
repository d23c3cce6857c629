// The editors in a real browser: Debian's Chromium driven by playwright-core
// (no browser download), on the test page (tests/browser/dist, built by
// `npm run test:browser:build`) served by devenv/cmd/bridge, whose /api routes are
// answered by the real plugin binary (in-process Athena fixture by default).
//
//   npm run test:browser            build the page, then run this
//   BROWSER_ONLY='source picker' node tests/browser/run.mjs   only the matching tests
//   CHROMIUM=/path/to/chromium BRIDGE_ARGS="-endpoint http://127.0.0.1:4566" node tests/browser/run.mjs
//
// Screenshots go to test-results/browser/. With CATALOG_SCREENSHOTS=<dir>
// (`npm run screenshots`), a passing run also copies the ones plugin.json
// lists for the plugin catalog into <dir> (src/img/screenshots). Exits non-zero
// when a test fails; the last line is "browser: N passed, M failed".
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { exploreTests } from './steps-explore.mjs';
import { builderTests, configTests, sqlTests, variableTests } from './steps.mjs';
import { computedTests } from './steps-computed.mjs';
import { edfixTests } from './steps-edfix.mjs';
import { configstopTests } from './steps-configstop.mjs';
import { editorTests } from './steps-editor.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = join(root, 'test-results', 'browser');
const executablePath = process.env.CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
const started = Date.now();
const secs = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

function fail(msg) {
  console.error(`browser: ${msg}`);
  console.log('browser: 0 passed, 1 failed');
  process.exit(1);
}

/** Builds devenv/cmd/bridge and starts it; resolves with its URL once the plugin runs. */
async function startBridge() {
  const bin = join(tmpdir(), 'seclake-bridge');
  const build = spawnSync('go', ['-C', 'devenv', 'build', '-o', bin, './cmd/bridge'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    fail('go build ./devenv/cmd/bridge failed');
  }
  const extra = (process.env.BRIDGE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(bin, ['-static', join(root, 'tests', 'browser', 'dist'), ...extra], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bridge did not start in 5 minutes\n${stderr}`)), 300_000);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /bridge: listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`the bridge exited (${code})\n${stderr}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** The test's screenshots that plugin.json shows in the catalog (info.screenshots), by catalog name. */
const catalogScreenshots = {
  'builder.png': '02-builder-preview.png',
  'sql-editor.png': '05-sql-completion-macros.png',
  'config-editor.png': '01-config-editor.png',
};

function copyCatalogScreenshots(dir) {
  mkdirSync(dir, { recursive: true });
  for (const [to, from] of Object.entries(catalogScreenshots)) {
    copyFileSync(join(shots, from), join(dir, to));
  }
  console.log(`browser: catalog screenshots copied to ${dir}`);
}

async function main() {
  if (!executablePath) {
    fail('no Chromium: apt-get install -y chromium, or set CHROMIUM');
  }
  if (!existsSync(join(root, 'tests', 'browser', 'dist', 'index.html'))) {
    fail('the test page is not built: npm run test:browser:build');
  }
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const bridge = await startBridge().catch((e) => fail(e.message));
  console.log(`browser: bridge at ${bridge.url} (${secs()})`);
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const results = [];
  const pageErrors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(bridge.url);
    await page.getByTestId('query-editor').waitFor();
    const ctx = { page, shots, pageErrors };
    // BROWSER_ONLY=<regex> runs only the matching tests (while developing; the suite runs them all).
    const only = process.env.BROWSER_ONLY ? new RegExp(process.env.BROWSER_ONLY) : undefined;
    for (const [name, fn] of [
      ...configTests,
      ...builderTests,
      ...sqlTests,
      ...variableTests,
      ...exploreTests,
      ...computedTests,
      ...edfixTests,
      ...configstopTests,
      ...editorTests,
    ].filter(([n]) => !only || only.test(n))) {
      const t0 = Date.now();
      try {
        // Every test starts at the suite's wide viewport: one that narrows
        // it (to check a layout) must not leave the next test narrow.
        await page.setViewportSize({ width: 1280, height: 1000 });
        await fn(ctx);
        results.push({ name, ok: true });
        console.log(`  ok    ${name} (${Date.now() - t0} ms)`);
      } catch (e) {
        results.push({ name, ok: false });
        console.log(
          `  FAIL  ${name} (${Date.now() - t0} ms)\n        ${String(e.message ?? e)
            .split('\n')
            .slice(0, 6)
            .join('\n        ')}`
        );
        await page
          .screenshot({ path: join(shots, `failed-${name.replace(/\W+/g, '-')}.png`), fullPage: true })
          .catch(() => {});
      }
    }
    const uncaught = pageErrors.filter((m) => !/ResizeObserver loop/.test(m));
    results.push({ name: 'no uncaught errors in the page', ok: uncaught.length === 0 });
    console.log(
      `  ${uncaught.length ? 'FAIL' : 'ok  '}  no uncaught errors in the page${uncaught.length ? `: ${uncaught.join(' | ')}` : ''}`
    );
  } finally {
    await browser.close();
    bridge.stop();
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`browser: screenshots in ${shots} (${secs()})`);
  if (!failed && process.env.CATALOG_SCREENSHOTS) {
    copyCatalogScreenshots(resolve(root, process.env.CATALOG_SCREENSHOTS));
  }
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => fail(e.stack ?? String(e)));
