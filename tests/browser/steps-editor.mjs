// Browser steps of helper "editor": the variable editor with its preview of
// values, the annotation editor (Grafana's standard one: the query editor on
// the annotation's target, run, its columns mapped to annotation fields) and
// a logs query's result lines, each answered by the real plugin behind the
// bridge, with the keyboard and the mouse. Screenshots: editor-<state>.png.
import { join } from 'node:path';
import { hasText, state, until } from './helpers.mjs';

const shot = (locator, shots, name) => locator.screenshot({ path: join(shots, `editor-${name}.png`) });
const flat = (s) => s.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ');

/** Moves a RadioButtonGroup's choice with the arrow keys, from the option named from. */
async function arrowTo(page, group, from, key, times = 1) {
  await group.getByRole('radio', { name: from, exact: true }).focus();
  for (let i = 0; i < times; i++) {
    await page.keyboard.press(key);
  }
}

export const editorTests = [
  [
    'editor: the variable editor previews its values from the backend (keyboard and mouse)',
    async ({ page, shots }) => {
      const card = page.getByTestId('variable-editor');
      await card.scrollIntoViewIfNeeded();
      // Mouse: the Accounts kind, then the keyboard: two to the right is Severities.
      // (A new variable is of the Accounts kind without saying so: the radio shows it.)
      const accounts = card.getByRole('radio', { name: 'Accounts', exact: true });
      await accounts.click();
      await until(async () => accounts.isChecked(), 'the Accounts kind');
      await arrowTo(page, card, 'Accounts', 'ArrowRight', 2);
      await until(async () => (await state(page)).variable.queryType === 'severities', 'Severities by keyboard');
      await card.getByRole('button', { name: 'Run variable query' }).focus();
      await page.keyboard.press('Enter');
      // GET values?kind=severities: the captions are the text, the ids the value.
      await hasText(
        card.getByTestId('variable-preview'),
        ['Preview of values (3)', 'Informational=1', 'Medium=3', 'Critical=5'],
        'severities'
      );
      await shot(card, shots, 'variable-severities');
      // Mouse: the Query kind starts from the distinct API operations; its run lists them.
      await card.getByRole('radio', { name: 'Query', exact: true }).click();
      const v = await until(async () => {
        const q = (await state(page)).variable;
        return q.queryType === 'query' ? q : undefined;
      }, 'the Query kind');
      if (v.groupBy?.[0] !== 'api.operation' || v.format !== 'table') {
        throw new Error(`variable query: ${JSON.stringify(v)}`);
      }
      await hasText(card.getByTestId('seclake-sql-preview'), ['"api"."operation"', 'GROUP BY'], 'the values SQL');
      await card.getByRole('button', { name: 'Run variable query' }).click();
      const text = await until(async () => {
        const t = await card.getByTestId('variable-preview').innerText();
        return /Preview of values \((\d+)\)/.exec(t)?.[1] > 0 && !t.includes('Informational') ? t : undefined;
      }, 'values of the Query kind');
      // Each value is an operation name (the first column), and so is its text: the builder's
      // count(*) after it is no caption (it was, before: "19=ConsoleLogin").
      const pairs = text.replace(/^.*?: /, '').split(', ');
      if (pairs.some((p) => !/^(.+)=\1$/.test(p))) {
        throw new Error(`the values query's options: ${text}`);
      }
      await shot(card, shots, 'variable-query');
    },
  ],
  [
    'editor: the annotation editor starts from the findings SQL, runs with Ctrl+Enter and Run, maps the columns',
    async ({ page, shots }) => {
      const card = page.getByTestId('annotation-editor');
      await card.scrollIntoViewIfNeeded();
      const lines = card.locator('.monaco-editor .view-lines');
      await lines.waitFor();
      // The datasource's default annotation query: SQL, as a table, whose columns need no mapping.
      const want = ['FROM $__table(sh_findings)', 'AS "time"', 'AS "title"', 'AS "tags"', 'severity_id >= 4'];
      await until(
        async () => {
          const text = flat(await lines.innerText());
          return want.every((p) => text.includes(p));
        },
        `the annotation SQL: ${want.join(' · ')}`
      );
      for (const name of ['SQL', 'Table']) {
        if (!(await card.getByRole('radio', { name, exact: true }).isChecked())) {
          throw new Error(`${name} is not chosen in the annotation editor`);
        }
      }
      // Keyboard: Ctrl/Cmd+Enter in the SQL editor runs the annotation query.
      await lines.click();
      await page.keyboard.press('ControlOrMeta+Enter');
      const result = card.getByTestId('annotation-result');
      await hasText(
        result,
        ['Run 1:', 'as table', 'time ← time', 'timeEnd ← (none)', 'title ← title', 'text ← text', 'tags ← tags'],
        'the mapping'
      );
      const first = await card.getByTestId('annotation-first').innerText();
      if (/title: —|text: —|time: —/.test(first)) {
        throw new Error(`an event without its title, text or time: ${first}`);
      }
      await hasText(card.getByTestId('seclake-query-cost'), ['Data scanned'], 'the cost line');
      await shot(card, shots, 'annotation');
      // Keyboard on Format: Logs (one to the right); the mouse on Run query. The annotation keeps its logs format.
      await arrowTo(page, card, 'Table', 'ArrowRight');
      await until(async () => card.getByRole('radio', { name: 'Logs', exact: true }).isChecked(), 'Logs by keyboard');
      await card.getByRole('button', { name: 'Run query' }).click();
      await hasText(result, ['Run 2:', 'as logs', 'time ← time', 'title ← title'], 'the logs-format run');
    },
  ],
  [
    'editor: a logs query shows its log lines and fields from the backend',
    async ({ page, shots }) => {
      const editor = page.getByTestId('query-editor');
      await page.evaluate(() =>
        window.__seclakeTest.setQuery({
          refId: 'A',
          mode: 'builder',
          source: 'cloud_trail_mgmt',
          format: 'table',
          filters: [{ field: 'api.operation', op: '=', value: 'ConsoleLogin' }],
        })
      );
      await until(async () => (await state(page)).query.source === 'cloud_trail_mgmt', 'the starting query');
      await editor.scrollIntoViewIfNeeded();
      // Keyboard: Format Table → Logs.
      await arrowTo(page, editor, 'Table', 'ArrowRight');
      await until(async () => (await state(page)).query.format === 'logs', 'Logs by keyboard');
      await hasText(editor.getByTestId('seclake-sql-preview'), [`"api"."operation" = 'ConsoleLogin'`], 'the SQL');
      // Mouse: Run query.
      await editor.getByRole('button', { name: 'Run query' }).click();
      const logs = page.getByTestId('logs-result');
      const fields = await hasText(
        logs.getByTestId('logs-fields'),
        ['log-lines', 'line(s)', 'fields: timestamp, body, severity, id, '],
        'the logs frame'
      );
      const n = Number(/(\d+) line\(s\)/.exec(fields)?.[1]);
      if (!(n > 0)) {
        throw new Error(`no log lines: ${fields}`);
      }
      const rows = logs.getByTestId('log-line');
      await until(async () => (await rows.count()) === Math.min(5, n), 'the first lines shown');
      for (const row of await rows.all()) {
        const [time, level, body] = await row.locator('td').allInnerTexts();
        if (!/^\d{4}-\d\d-\d\dT/.test(time) || !level || !body.trim()) {
          throw new Error(`a log line without its time, level or body: ${[time, level, body].join(' | ')}`);
        }
      }
      await shot(editor, shots, 'logs-result');
    },
  ],
];
