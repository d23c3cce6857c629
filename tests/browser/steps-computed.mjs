// Browser steps of the computed columns (helper "computed"): the Computed row
// of the builder at a wide and a narrow viewport, its alias in Group by, the
// backend's SQL preview, and the switch to SQL carrying the column over. Runs
// after the other steps, from the query they leave (vpc_flow, in SQL mode).
import { join } from 'node:path';
import { until, state, escape } from './helpers.mjs';

/** Opens a Combobox, types over its value and clicks the option labelled label. */
async function pick(page, input, typed, label) {
  await input.click();
  await input.selectText();
  await page.keyboard.type(typed, { delay: 20 });
  await page
    .getByRole('option', { name: new RegExp(`^${escape(label)}(\\s|$)`) })
    .first()
    .click();
}

const OCTET = `regexp_extract("src_endpoint"."ip", '^(\\d+)\\.', 1)`;

export const computedTests = [
  [
    'computed: a computed column from the Computed row, grouped by its alias, in the SQL preview',
    async ({ page, shots }) => {
      const editor = page.getByTestId('query-editor');
      await editor.getByRole('radio', { name: 'Builder' }).click();
      await until(async () => (await state(page)).query.mode === 'builder', 'builder mode');
      await editor.getByRole('button', { name: 'Add computed column' }).click();
      await pick(page, editor.locator('#seclake-computed-0-func'), 'regex', 'regex extract');
      await pick(page, editor.locator('#seclake-computed-0-field'), 'src_endpoint.ip', 'src_endpoint.ip');
      await editor.locator('#seclake-computed-0-alias').fill('octet');
      await editor.locator('#seclake-computed-0-alias').press('Tab');
      await editor.locator('#seclake-computed-0-arg-0').fill('^(\\d+)\\.');
      await editor.locator('#seclake-computed-0-arg-0').press('Tab');
      await editor.locator('#seclake-computed-0-arg-1').fill('1');
      await editor.locator('#seclake-computed-0-arg-1').press('Tab');
      await pick(page, editor.locator('#seclake-group-by'), 'octet', 'octet');
      await editor.getByText('SQL preview').click();
      const q = await until(async () => {
        const s = (await state(page)).query;
        return s.groupBy?.includes('octet') ? s : undefined;
      }, 'octet in group by');
      const c = q.computed?.[0];
      if (
        c?.alias !== 'octet' ||
        c.func !== 'regexp_extract' ||
        c.field !== 'src_endpoint.ip' ||
        c.args?.join('|') !== '^(\\d+)\\.|1'
      ) {
        throw new Error(`computed: ${JSON.stringify(q.computed)}`);
      }
      const preview = editor.getByTestId('seclake-sql-preview');
      await until(
        async () => (await preview.innerText()).includes(`${OCTET} AS "octet"`),
        'the computed column in the SQL preview'
      );
      await editor.screenshot({ path: join(shots, 'computed-builder-wide.png') });
      await page.setViewportSize({ width: 640, height: 1000 });
      await editor.screenshot({ path: join(shots, 'computed-builder-narrow.png') });
      await page.setViewportSize({ width: 1280, height: 1000 });
    },
  ],
  [
    'computed: switching to SQL carries the computed column over',
    async ({ page, shots }) => {
      const editor = page.getByTestId('query-editor');
      await editor.getByRole('radio', { name: 'SQL' }).click();
      // The SQL mode already had SQL: the editor asks before replacing it.
      const replace = page.getByRole('button', { name: 'Replace' });
      await until(
        async () => (await replace.isVisible()) || (await state(page)).query.mode === 'sql',
        'the confirmation or SQL mode'
      );
      if (await replace.isVisible()) {
        await replace.click();
      }
      const q = await until(async () => {
        const s = (await state(page)).query;
        return s.mode === 'sql' && s.rawSql?.includes('regexp_extract') ? s : undefined;
      }, 'SQL mode with the computed column');
      for (const want of [`${OCTET} AS "octet"`, 'FROM $__table(vpc_flow)', 'WHERE $__partitionFilter']) {
        if (!q.rawSql.includes(want)) {
          throw new Error(`rawSql lacks ${want}: ${q.rawSql}`);
        }
      }
      await editor.screenshot({ path: join(shots, 'computed-sql-mode.png') });
    },
  ],
];
