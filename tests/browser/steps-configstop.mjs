// Issue 12 problems 6 and 7 in the browser: the config editor's catalog,
// database and workgroup lists (loaded through the plugin's routes, the
// settings saved first through the bridge's PUT), free entry, errors as
// errors, and a running query with Stop (the bridge's fixture keeps a query
// holding bridge_slow RUNNING until StopQueryExecution). These steps run
// last: they save the page's settings and leave the query in SQL mode.
import { join } from 'node:path';
import { until, state } from './helpers.mjs';

const jsonData = async (page) => (await state(page)).options.jsonData;
const shot = (locator, shots, name) => locator.screenshot({ path: join(shots, `configstop-${name}.png`) });
const option = (page, name) => page.getByRole('option', { name: new RegExp(`^${name}(\\s|$)`) }).first();

/** Opens a list with the mouse and waits until its options came from the backend. */
async function openList(page, input, expected) {
  await input.click();
  try {
    await option(page, expected).waitFor({ timeout: 10_000 });
  } catch {
    // The menu closed again (a re-render while the settings were saved): open it with the keyboard.
    await input.press('ArrowDown');
    await option(page, expected).waitFor({ timeout: 20_000 });
  }
}

/**
 * Types text over the focused box's text, again (up to three times) when a
 * re-render of the page reset the box while the keys arrived.
 */
async function retype(page, text) {
  const input = page.locator('input:focus');
  let held = '';
  for (let attempt = 0; attempt < 3 && held !== text; attempt++) {
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(text, { delay: 20 });
    await page.waitForTimeout(100);
    held = await input.inputValue().catch(() => '');
  }
}

/** The fixture's Athena queries, as GET /api/bridge/queries reports them. */
const bridgeQueries = (page) => page.evaluate(async () => (await window.fetch('/api/bridge/queries')).json());

/** Puts sql in the SQL editor (Monaco) with the keyboard. */
async function typeSql(page, editor, sql) {
  if ((await state(page)).query.mode !== 'sql') {
    await editor.getByRole('radio', { name: 'SQL' }).click();
    const replace = page.getByRole('button', { name: 'Replace' });
    if (await replace.isVisible().catch(() => false)) {
      await replace.click();
    }
  }
  const lines = editor.locator('.monaco-editor .view-lines');
  await lines.waitFor();
  await lines.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(sql, { delay: 10 });
  await page.keyboard.press('Escape');
  // The editor hands its text over on blur.
  await page.getByRole('heading', { name: 'Query editor' }).click();
  await until(async () => (await state(page)).query.rawSql?.trim() === sql, `rawSql ${sql}`);
}

export const configstopTests = [
  [
    'configstop: catalog, database and workgroup lists load from AWS (mouse, keyboard, free entry), full width',
    async ({ page, shots }) => {
      // From the top of the page: earlier steps leave it scrolled down to the editors, and a
      // shorter page while discovery reloads would scroll it (closing an open list).
      await page.evaluate(() => window.scrollTo(0, 0));
      const config = page.getByTestId('config-editor');
      const catalog = config.locator('#seclake-config-catalog');
      const database = config.locator('#seclake-config-database');
      const workgroup = config.locator('#seclake-config-workgroup');
      await catalog.scrollIntoViewIfNeeded();

      // As wide as the AWS connection section's inputs (Endpoint).
      const widths = await Promise.all(
        [
          config.locator('#endpoint'),
          catalog,
          database,
          workgroup,
          config.locator('#seclake-config-output-location'),
        ].map(async (l) => (await l.boundingBox()).width)
      );
      if (widths.some((w) => Math.abs(w - widths[0]) > 40)) {
        throw new Error(`input widths differ from the AWS section's ${widths[0]}: ${widths.join(', ')}`);
      }

      // Mouse: the workgroups come from ListWorkGroups, with the engine as description.
      await openList(page, workgroup, 'security');
      await option(page, 'primary').waitFor();
      await shot(config, shots, 'workgroup-list');
      await option(page, 'security').click();
      await until(async () => (await jsonData(page)).workgroup === 'security', 'workgroup security by mouse');

      // Keyboard: type to filter the catalogs, Enter takes the match.
      await catalog.click();
      await option(page, 'partner_catalog').waitFor();
      await page.keyboard.type('partner', { delay: 30 });
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await until(
        async () => (await jsonData(page)).catalog === 'partner_catalog',
        'catalog partner_catalog by keyboard'
      );

      // The databases are those of the catalog just chosen: the list saved the settings first.
      await openList(page, database, 'partner_lake_link');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await until(async () => (await jsonData(page)).database === 'partner_lake_link', 'database by keyboard');

      // Free entry: a name the list does not hold (a resource link the role may use but not list).
      // (Typed once the list has loaded: the save before it re-renders the field.)
      await openList(page, database, 'partner_lake_link');
      await retype(page, 'my_resource_link');
      await page
        .getByRole('option', { name: /my_resource_link/ })
        .first()
        .waitFor();
      await page.keyboard.press('Enter');
      await until(async () => (await jsonData(page)).database === 'my_resource_link', 'database by free entry');

      // Back to the lake, with the mouse; opening a list saves it.
      await openList(page, catalog, 'AwsDataCatalog');
      await option(page, 'AwsDataCatalog').click();
      await openList(page, database, 'amazon_security_lake_glue_db_us_east_1');
      await option(page, 'amazon_security_lake_glue_db_us_east_1').click();
      await openList(page, workgroup, 'primary');
      await shot(config, shots, 'lists');
      await option(page, 'primary').click();
      const d = await jsonData(page);
      if (
        d.catalog !== 'AwsDataCatalog' ||
        d.database !== 'amazon_security_lake_glue_db_us_east_1' ||
        d.workgroup !== 'primary'
      ) {
        throw new Error(`jsonData: ${JSON.stringify(d)}`);
      }
    },
  ],
  [
    'configstop: a list error and a discovery error show as errors',
    async ({ page, shots }) => {
      await page.evaluate(() => window.scrollTo(0, 0));
      const config = page.getByTestId('config-editor');
      const catalog = config.locator('#seclake-config-catalog');
      // A catalog that does not exist, typed: the database list fails in red under its field.
      // Discovery reloads after each save and may re-render the form under
      // the open list, closing it: open and type again (up to three times).
      for (let attempt = 1; ; attempt++) {
        await openList(page, catalog, 'AwsDataCatalog');
        await retype(page, 'nope');
        try {
          await page.getByRole('option', { name: /nope/ }).first().waitFor({ timeout: 5_000 });
          break;
        } catch (e) {
          if (attempt === 3) {
            throw e;
          }
          await page.keyboard.press('Escape');
        }
      }
      await page.keyboard.press('Enter');
      await until(async () => (await jsonData(page)).catalog === 'nope', 'catalog nope');
      await config.locator('#seclake-config-database').click();
      await config.getByText(/Could not list databases: .*Catalog nope was not found/).waitFor();
      await page.keyboard.press('Escape');
      // Saved with that catalog, discovery fails: an error alert, not a blue info box.
      const discovery = config.getByTestId('seclake-discovery');
      const alert = discovery.locator('[role="alert"]');
      await alert.getByText('Discovery failed').waitFor();
      await alert.getByText(/Catalog nope was not found/).waitFor();
      if ((await discovery.getByText('Discovery has no answer yet').count()) > 0) {
        throw new Error('the discovery error is still an info box');
      }
      await discovery.scrollIntoViewIfNeeded();
      await shot(config, shots, 'discovery-error');
      // Back to the default catalog (cleared), saved by opening a list.
      await openList(page, catalog, 'AwsDataCatalog');
      await retype(page, 'AwsData');
      await option(page, 'AwsDataCatalog').click();
      await openList(page, config.locator('#seclake-config-database'), 'amazon_security_lake_glue_db_us_east_1');
      await page.keyboard.press('Escape');
      await until(async () => (await discovery.innerText()).includes('lake version 1 and 2'), 'discovery back');
    },
  ],
  [
    'configstop: a running query shows Running…, Run is disabled, Stop cancels it (StopQueryExecution)',
    async ({ page, shots }) => {
      const editor = page.getByTestId('query-editor');
      const run = editor.getByTestId('seclake-run');
      const stop = editor.getByTestId('seclake-stop');
      await typeSql(page, editor, 'SELECT 1 AS bridge_slow');
      if (await stop.isEnabled()) {
        throw new Error('Stop is enabled while nothing runs');
      }
      const runsBefore = (await state(page)).runs;
      await run.click();
      await until(async () => (await run.innerText()).includes('Running…'), 'Running… on the Run button');
      await until(
        async () => (await bridgeQueries(page)).some((q) => q.sql.includes('bridge_slow') && q.state === 'RUNNING'),
        'the Athena query running'
      );
      if (!(await run.isDisabled()) || !(await stop.isEnabled())) {
        throw new Error('while running, Run must be disabled and Stop enabled');
      }
      // Ctrl/Cmd+Enter in the SQL editor cannot start a second run either.
      await editor.locator('.monaco-editor .view-lines').click();
      await page.keyboard.press('ControlOrMeta+Enter');
      await shot(editor, shots, 'running');
      await stop.click();
      await editor.getByTestId('seclake-stopped').waitFor();
      await until(async () => (await run.innerText()).includes('Run query') && (await run.isEnabled()), 'Run again');
      // The plugin's context was cancelled through the bridge: it stopped the Athena query.
      const stopped = await until(
        async () => (await bridgeQueries(page)).filter((q) => q.sql.includes('bridge_slow') && q.stopped),
        'StopQueryExecution for the stopped query'
      );
      const started = (await bridgeQueries(page)).filter((q) => q.sql.includes('bridge_slow'));
      if (started.length !== 1 || stopped.length !== 1) {
        throw new Error(`one query should have started and been stopped: ${JSON.stringify(started)}`);
      }
      await shot(editor, shots, 'stopped');
      if ((await state(page)).runs !== runsBefore + 1) {
        throw new Error('the page should have one (empty, done) answer for the stopped run');
      }
    },
  ],
];
