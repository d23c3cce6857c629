// The browser test's steps, in order: [name, async ({ page, shots }) => …].
// Later steps build on the query earlier ones made, as a user would.
import { join } from 'node:path';
import { escape, hasText, state, until } from './helpers.mjs';

const textOf = (locator) => locator.innerText();
const containsAll = (text, parts) => parts.every((p) => text.includes(p));

/** Opens a Combobox, types to filter and clicks the option whose label is label (its description may follow). */
async function pick(page, input, typed, label) {
  await input.click();
  await input.fill(typed);
  await page
    .getByRole('option', { name: new RegExp(`^${escape(label)}(\\s|$)`) })
    .first()
    .click();
}

async function shot(page, shots, name, locator) {
  await (locator ?? page).screenshot({ path: join(shots, `${name}.png`), ...(locator ? {} : { fullPage: true }) });
}

export const configTests = [
  [
    'config editor: AWS connection offers the workspace IAM role',
    async ({ page }) => {
      const config = page.getByTestId('config-editor');
      await config.getByText('Authentication Provider', { exact: true }).waitFor();
      await pick(page, config.locator('#authProvider'), 'Workspace', 'Workspace IAM Role');
      await until(
        async () => (await state(page)).options.jsonData.authType === 'ec2_iam_role',
        'authType ec2_iam_role'
      );
      await config.getByLabel('Assume Role ARN').fill('arn:aws:iam::111122223333:role/grafana-security-lake');
      await until(
        async () => (await state(page)).options.jsonData.assumeRoleArn?.endsWith('grafana-security-lake'),
        'assumeRoleArn'
      );
    },
  ],
  [
    'config editor: Security Lake settings and what discovery found',
    async ({ page, shots }) => {
      const config = page.getByTestId('config-editor');
      // The workgroup is a list loaded from the backend (steps-configstop.mjs tests it further).
      await config.locator('#seclake-config-workgroup').click();
      const security = page.getByRole('option', { name: /^security(\s|$)/ }).first();
      await security.waitFor({ timeout: 30_000 });
      await security.click();
      // Result reuse is on by default (the age field shows); the switch
      // turns it off (false, the age field goes) and on again (the key is
      // cleared, the backend's default applies). Grafana's Switch hides its
      // input behind a label.
      await config.locator('#seclake-config-reuse-age').waitFor();
      await config.locator('#seclake-config-reuse + label').click();
      await until(async () => (await state(page)).options.jsonData.resultReuseEnabled === false, 'reuse off');
      await config.locator('#seclake-config-reuse-age').waitFor({ state: 'detached' });
      await config.locator('#seclake-config-reuse + label').click();
      await config.locator('#seclake-config-reuse-age').fill('30');
      await config.locator('#seclake-config-max-days').fill('31');
      const s = await state(page);
      if (
        s.options.jsonData.workgroup !== 'security' ||
        s.options.jsonData.resultReuseEnabled !== undefined ||
        s.options.jsonData.resultReuseMaxAgeMinutes !== 30 ||
        s.options.jsonData.maxTimeRangeDays !== 31
      ) {
        throw new Error(`jsonData: ${JSON.stringify(s.options.jsonData)}`);
      }
      // GET lake through the bridge: the fixture's catalog as the plugin discovered it.
      await hasText(
        config.getByTestId('seclake-discovery'),
        ['lake version 1 and 2', 'queries use version 2', '1 custom'],
        'discovery'
      );
      await shot(page, shots, '01-config-editor', config);
    },
  ],
];

export const builderTests = [
  [
    'builder: the source picker works with the keyboard, before and after a mouse pick',
    async ({ page, pageErrors }) => {
      const editor = page.getByTestId('query-editor');
      const input = editor.locator('#seclake-source');
      // A new query becomes the default builder query.
      await until(async () => (await state(page)).query.source === 'cloud_trail_mgmt', 'the default query');
      const errorsBefore = pageErrors.length;
      // Keys only, on the query as it came: type (as a user does, key by key), Enter takes the best match.
      await input.click();
      await page.keyboard.type('Route', { delay: 50 });
      await page.keyboard.press('Enter');
      await until(async () => (await state(page)).query.source === 'route53', 'source route53 by keyboard');
      // A mouse pick, then the keys again.
      await pick(page, input, 'VPC', 'VPC Flow Logs');
      await until(async () => (await state(page)).query.source === 'vpc_flow', 'source vpc_flow by mouse');
      // Into the field again, the chosen name selected and typed over.
      await input.click();
      await input.selectText();
      await page.keyboard.type('Route', { delay: 50 });
      await page.keyboard.press('Enter');
      await until(
        async () => (await state(page)).query.source === 'route53',
        `source route53 by keyboard after a pick`
      ).catch(async (e) => {
        throw new Error(`${e.message}; source is ${(await state(page)).query.source}`);
      });
      const errors = pageErrors.slice(errorsBefore);
      if (errors.length) {
        throw new Error(`uncaught errors: ${errors.join(' | ')}`);
      }
    },
  ],
  [
    'builder: source, filter and group by; the SQL preview has the partition predicate',
    async ({ page, shots }) => {
      const editor = page.getByTestId('query-editor');
      // A new query becomes the default builder query (the test before may have changed its source).
      await until(async () => (await state(page)).query.source, 'the default query');
      await pick(page, editor.locator('#seclake-source'), 'VPC', 'VPC Flow Logs');
      await until(async () => (await state(page)).query.source === 'vpc_flow', 'source vpc_flow');

      await editor.getByRole('button', { name: 'Add filter' }).click();
      await pick(page, editor.locator('#seclake-filter-0-field'), 'src_endpoint.ip', 'src_endpoint.ip');
      await editor.locator('#seclake-filter-0-value').fill('10.0.0.7');
      await editor.locator('#seclake-filter-0-value').press('Tab');

      const groupBy = editor.locator('#seclake-group-by');
      await pick(page, groupBy, 'connection_info.direction', 'connection_info.direction');
      // Leave the picker as a user does, with its menu open (clicking elsewhere clears the typed filter).
      await editor.getByText('SQL preview').click();

      const preview = editor.getByTestId('seclake-sql-preview');
      await hasText(
        preview,
        [
          '"time_dt" BETWEEN TIMESTAMP',
          `"src_endpoint"."ip" = '10.0.0.7'`,
          '"connection_info"."direction"',
          'GROUP BY',
        ],
        'SQL preview'
      );
      const q = (await state(page)).query;
      const f = q.filters?.[0];
      if (
        f?.field !== 'src_endpoint.ip' ||
        f.op !== '=' ||
        f.value !== '10.0.0.7' ||
        q.groupBy?.[0] !== 'connection_info.direction'
      ) {
        throw new Error(`query: ${JSON.stringify(q)}`);
      }
      await shot(page, shots, '02-builder-preview', editor);
    },
  ],
  [
    'builder: an enum field offers its captions',
    async ({ page }) => {
      const editor = page.getByTestId('query-editor');
      await editor.getByRole('button', { name: 'Add filter' }).click();
      await pick(page, editor.locator('#seclake-filter-1-field'), 'severity_id', 'severity_id');
      await pick(page, editor.locator('#seclake-filter-1-value'), 'Crit', 'Critical');
      await hasText(editor.getByTestId('seclake-sql-preview'), ['"severity_id" = 5'], 'SQL preview');
    },
  ],
];

export const sqlTests = [
  [
    "switching to SQL carries the builder's SQL over",
    async ({ page, shots }) => {
      const editor = page.getByTestId('query-editor');
      await editor.getByRole('radio', { name: 'SQL' }).click();
      await editor.locator('.monaco-editor .view-lines').waitFor();
      const q = await until(async () => {
        const s = (await state(page)).query;
        return s.mode === 'sql' && s.rawSql ? s : undefined;
      }, 'SQL mode with SQL');
      const want = [
        'FROM $__table(vpc_flow)',
        'WHERE $__partitionFilter',
        `"src_endpoint"."ip" = '10.0.0.7'`,
        '"severity_id" = 5',
        'GROUP BY',
      ];
      if (!containsAll(q.rawSql, want)) {
        throw new Error(`rawSql: ${q.rawSql}`);
      }
      // Monaco renders spaces as non-breaking spaces.
      await until(
        async () =>
          (await textOf(editor.locator('.monaco-editor .view-lines')))
            .replace(/\u00a0/g, ' ')
            .includes('WHERE $__partitionFilter'),
        'the SQL in the editor'
      );
      await shot(page, shots, '03-sql-mode', editor);
    },
  ],
  [
    'running the query shows data scanned and the estimated cost',
    async ({ page, shots }) => {
      const editor = page.getByTestId('query-editor');
      await editor.getByRole('button', { name: 'Run query' }).click();
      await hasText(
        editor.getByTestId('seclake-query-cost'),
        ['Data scanned 3.2 GB', 'estimated cost $0.0160', 'engine time'],
        'cost line'
      );
      await hasText(page.getByTestId('query-result'), ['Result: 1 frame(s)'], 'result');
      await shot(page, shots, '04-after-run', editor);
    },
  ],
  [
    "SQL completion offers the backend's macros and OCSF fields",
    async ({ page, shots }) => {
      const editor = page.getByTestId('query-editor');
      const lines = editor.locator('.monaco-editor .view-lines');
      // At the end of the WHERE line: a filter position.
      await lines.locator('span', { hasText: '$__partitionFilter' }).last().click();
      await page.keyboard.press('End');
      await page.keyboard.type(' AND $__acc', { delay: 30 });
      const widget = page.locator('.suggest-widget');
      await hasText(widget, ['$__accountFilter'], 'macro suggestion');
      await shot(page, shots, '05-sql-completion-macros', editor);
      await page.keyboard.press('Escape');
      // OCSF field paths of the source the SQL reads ($__table(vpc_flow)).
      await page.keyboard.type(' AND src_end', { delay: 30 });
      await hasText(widget, ['src_endpoint.ip'], 'field suggestion');
      await shot(page, shots, '06-sql-completion-fields', editor);
      await page.keyboard.press('Escape');
    },
  ],
];

export const variableTests = [
  [
    'variable editor: the Query kind starts from a values query',
    async ({ page }) => {
      const editor = page.getByTestId('variable-editor');
      await editor.getByRole('radio', { name: 'Query' }).click();
      const v = await until(async () => {
        const q = (await state(page)).variable;
        return q.queryType === 'query' ? q : undefined;
      }, 'the Query kind');
      if (v.format !== 'table' || v.groupBy?.[0] !== 'api.operation' || v.aggregations?.length) {
        throw new Error(`variable query: ${JSON.stringify(v)}`);
      }
      await hasText(editor, ['"api"."operation"', 'GROUP BY'], 'SQL preview').catch(async (e) => {
        throw new Error(`${e.message}: ${(await editor.innerText()).replace(/\n/g, ' | ').slice(-700)}`);
      });
    },
  ],
];
