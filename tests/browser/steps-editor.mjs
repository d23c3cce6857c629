// Browser steps of helper "editor": the variable editor with its preview of
// values, the annotation editor (Grafana's standard one: the query editor on
// the annotation's target, run, its columns mapped to annotation fields) and
// a logs query's result lines, each answered by the real plugin behind the
// bridge, with the keyboard and the mouse; and problem 8's long unbroken
// text (SQL preview, SQL editor, control messages) at 1280 and 700 px.
// Screenshots: editor-<state>.png.
import { join } from 'node:path';
import { hasText, setQuery, state, until } from './helpers.mjs';

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
    'editor: the annotation editor starts from the findings SQL, runs by keyboard and mouse, maps the columns',
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
      // The query editor above in SQL mode too, mounted after this one: two SQL editors on the page,
      // as a panel with two SQL queries has.
      const main = page.getByTestId('query-editor');
      await setQuery(page, {
        refId: 'A',
        mode: 'sql',
        format: 'table',
        rawSql: 'SELECT count(*) AS "n" FROM $__table(vpc_flow) WHERE $__partitionFilter',
      });
      await main.locator('.monaco-editor .view-lines').waitFor();
      await page.waitForTimeout(300);
      const runsBefore = (await state(page)).runs;
      // Keyboard: Ctrl/Cmd+Enter in the annotation's SQL editor runs the annotation query, not the other editor's.
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
      await page.waitForTimeout(300);
      if (
        (await state(page)).runs !== runsBefore ||
        (await main.getByTestId('seclake-run').innerText()) !== 'Run query'
      ) {
        throw new Error("Ctrl/Cmd+Enter in the annotation's SQL editor ran the other SQL editor's query");
      }
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
      await setQuery(page, {
        refId: 'A',
        mode: 'builder',
        source: 'cloud_trail_mgmt',
        format: 'table',
        filters: [{ field: 'api.operation', op: '=', value: 'ConsoleLogin' }],
      });
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

const WIDE = { width: 1280, height: 1000 };
const NARROW = { width: 700, height: 1000 };

/**
 * What spills sideways in the query editor card: the page or the card
 * scrolling, any element past the card's right edge, and any element whose
 * text is wider than its box while it shows the overflow (no scroll
 * container, no clipping). Monaco's inner layers scroll by design: only its
 * outer box is checked.
 */
async function spills(page) {
  return page.evaluate(() => {
    const card = document.querySelector('[data-testid="query-editor"]');
    const edge = card.getBoundingClientRect().right;
    const out = [];
    const name = (el) =>
      `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}.${String(el.className).slice(0, 40)}`;
    if (document.documentElement.scrollWidth > window.innerWidth) {
      out.push(`page scrolls: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
    }
    if (card.scrollWidth > card.clientWidth + 1) {
      out.push(`card scrolls: ${card.scrollWidth} > ${card.clientWidth}`);
    }
    for (const el of card.querySelectorAll('*:not(.monaco-editor *)')) {
      const b = el.getBoundingClientRect();
      if (b.width === 0 || getComputedStyle(el).position === 'fixed') {
        continue;
      }
      if (b.right > edge + 1) {
        out.push(`${name(el)} ends at ${Math.round(b.right)}, the card at ${Math.round(edge)}`);
        continue;
      }
      const style = getComputedStyle(el);
      // Text that runs out of its box (icons a few pixels over their button are not text).
      const text = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      if (text && style.display !== 'inline' && style.overflowX === 'visible' && el.scrollWidth > el.clientWidth + 4) {
        out.push(`${name(el)} content ${el.scrollWidth} px in ${el.clientWidth} px`);
      }
    }
    return out.slice(0, 8);
  });
}

async function noSpill(page, what) {
  const found = await spills(page);
  if (found.length) {
    throw new Error(`${what}: spills sideways: ${found.join(' | ')}`);
  }
}

// A long unbroken token, as SQL pasted from the Athena console carries: a
// 600-character IN list without spaces, and a long quoted identifier.
const PORTS = Array.from({ length: 120 }, (_, i) => 1000 + i * 7).join(',');
const LONG_ID = `"${'src_endpoint_interface_uid_'.repeat(12)}"`;
const LONG_SQL = `SELECT "src_endpoint"."ip",${LONG_ID} FROM $__table(vpc_flow) WHERE $__partitionFilter AND "dst_endpoint"."port" IN (${PORTS}) LIMIT 100`;
// No hyphen, slash or space: nothing the browser may break a line at.
const LONG_VALUE = `eni_${'0123456789abcdef'.repeat(36)}`;

/** A builder query with a long unbroken literal and a long IN list. */
const setLongBuilderQuery = (page) =>
  setQuery(page, {
    refId: 'A',
    mode: 'builder',
    source: 'vpc_flow',
    format: 'table',
    filters: [
      { field: 'src_endpoint.interface_uid', op: '=', value: LONG_VALUE },
      { field: 'dst_endpoint.port', op: 'in', values: PORTS.split(',').map(Number) },
    ],
  });

/** Problem 8, third part: long carried-over SQL (a long unbroken line) stays inside the editor. */
function longSqlTest(viewport) {
  return async ({ page, shots }) => {
    const editor = page.getByTestId('query-editor');
    await page.setViewportSize(viewport);
    const tag = viewport === WIDE ? 'wide' : 'narrow';
    // The builder's SQL preview with a long unbroken literal and a long IN list, and the problem messages.
    await setLongBuilderQuery(page);
    await until(async () => (await state(page)).query.filters?.[0]?.value === LONG_VALUE, 'the long builder query');
    await editor.scrollIntoViewIfNeeded();
    const preview = editor.getByTestId('seclake-sql-preview');
    await until(
      async () => flat(await preview.innerText()).includes(LONG_VALUE.slice(-40)),
      'the long value in the preview'
    );
    await noSpill(page, `builder SQL preview at ${viewport.width} px`);
    // All of it shows, wrapped: the preview is no sideways scroller either.
    const scroll = await preview.evaluate((el) => el.scrollWidth - el.clientWidth);
    if (scroll > 1) {
      throw new Error(`the SQL preview scrolls sideways by ${scroll} px at ${viewport.width} px`);
    }
    await shot(editor, shots, `long-preview-${tag}`);
    // The same long value where a number is due, and in a field name: their messages under the controls, inside.
    await setQuery(page, {
      refId: 'A',
      mode: 'builder',
      source: 'vpc_flow',
      format: 'table',
      filters: [
        { field: 'dst_endpoint.port', op: '=', value: LONG_VALUE },
        { field: `src_endpoint.${LONG_VALUE}`, op: '=', value: 'x' },
      ],
    });
    // The value is quoted cut short; a field saved in a dashboard is named whole (and wraps).
    await hasText(
      editor.getByTestId('seclake-problem-filter-0-value'),
      [`${LONG_VALUE.slice(0, 40)}… is not a number`],
      'the value message'
    );
    await hasText(editor.getByTestId('seclake-problem-filter-1-field'), ['is not a field of this source'], 'the field');
    await noSpill(page, `a long value's message at ${viewport.width} px`);
    await shot(editor, shots, `long-message-${tag}`);
    await setLongBuilderQuery(page);
    await until(async () => flat(await preview.innerText()).includes(LONG_VALUE.slice(-40)), 'the long query again');
    // Carried over to SQL (the mouse on the Mode radio): Monaco holds the builder's SQL.
    await editor.getByRole('radio', { name: 'SQL', exact: true }).click();
    const replace = page.getByRole('button', { name: 'Replace' });
    await until(async () => (await replace.isVisible()) || (await state(page)).query.mode === 'sql', 'SQL mode');
    if (await replace.isVisible()) {
      await replace.click();
    }
    await until(async () => (await state(page)).query.rawSql?.includes(LONG_VALUE), 'the carried SQL');
    await editor.locator('.monaco-editor .view-lines').waitFor();
    await page.waitForTimeout(300);
    await noSpill(page, `carried SQL in the SQL editor at ${viewport.width} px`);
    // SQL pasted from the Athena datasource: one long line; run, with its result warnings shown.
    await setQuery(page, { refId: 'A', mode: 'sql', rawSql: LONG_SQL });
    await until(async () => (await state(page)).query.rawSql === LONG_SQL, 'the pasted SQL');
    await page.waitForTimeout(300);
    await editor.getByRole('button', { name: 'Run query' }).click();
    await hasText(editor.getByTestId('seclake-query-cost'), ['Data scanned'], 'the cost line');
    await noSpill(page, `a long SQL line in the SQL editor at ${viewport.width} px`);
    await shot(editor, shots, `long-sql-${tag}`);
    // The window resized under the mounted editor (a narrower window, Grafana's side pane opened).
    const other = viewport === WIDE ? NARROW : WIDE;
    await page.setViewportSize(other);
    await page.waitForTimeout(500);
    await noSpill(page, `the SQL editor mounted at ${viewport.width} px, then resized to ${other.width} px`);
    await shot(editor, shots, `long-sql-resized-${tag}-to-${other === WIDE ? 'wide' : 'narrow'}`);
  };
}

editorTests.push(
  [
    'editor: problem 8, long unbroken SQL stays inside the builder preview and the SQL editor (wide)',
    longSqlTest(WIDE),
  ],
  ['editor: problem 8, the same at 700 px', longSqlTest(NARROW)]
);
