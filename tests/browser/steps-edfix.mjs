// Browser steps of issue 12 problems 2, 3, 4 and 8 and the filter-group and
// "count where" controls, each at a wide (1280 px) and a narrow (700 px)
// viewport, with the keyboard as well as the mouse. Every test starts from a
// query it sets through the test page's __seclakeTest hook.
import { join } from 'node:path';
import { setQuery, until, state } from './helpers.mjs';

const WIDE = { width: 1280, height: 1000 };
const NARROW = { width: 700, height: 1000 };

const flat = (s) => s.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ');

async function hasText(locator, parts, what) {
  let text = '';
  await until(
    async () => {
      text = flat(await locator.innerText());
      return parts.every((p) => text.includes(p));
    },
    `${what}: ${parts.join(' · ')}`
  ).catch((e) => {
    throw new Error(`${e.message}; text: ${text.slice(0, 600)}`);
  });
}

/** Waits until the SQL preview holds every part (and no problem blocks it). */
async function previewHas(editor, parts) {
  await until(
    async () => {
      const text = flat(await editor.getByTestId('seclake-sql-preview').innerText());
      return parts.every((p) => text.includes(p));
    },
    `SQL preview: ${parts.join(' · ')}`
  ).catch(async (e) => {
    throw new Error(`${e.message}; editor: ${flat(await editor.innerText()).slice(-800)}`);
  });
}

/** Starts from query at a viewport. */
async function start(page, viewport, query, rangeHours = 6) {
  await page.setViewportSize(viewport);
  await page.evaluate(
    ([q, h]) => {
      window.__seclakeTest.setRangeHours(h);
      window.__seclakeTest.setQuery(q);
    },
    [{ refId: 'A', mode: 'builder', ...query }, rangeHours]
  );
  await until(async () => (await state(page)).query.source === query.source, 'the starting query');
  const editor = page.getByTestId('query-editor');
  await editor.scrollIntoViewIfNeeded();
  return editor;
}

/** Keyboard: focus the combobox, type, Enter takes the best match. */
async function typePick(page, input, typed) {
  await input.click();
  // The menu opens and shows the chosen label; then select it all and type over it.
  await page.getByRole('listbox').first().waitFor({ state: 'attached' });
  await page.waitForTimeout(150);
  // The editor may re-render while the keys arrive (the SQL preview and the
  // checks update), and a re-render can reset the box's text: type again
  // (up to three times) until the box holds exactly what was typed.
  let held = '';
  for (let attempt = 0; attempt < 3 && held !== typed; attempt++) {
    await until(async () => {
      await input.selectText();
      await page.keyboard.press('Backspace');
      return (await input.inputValue()) === '';
    }, 'an empty combobox');
    await page.keyboard.type(typed, { delay: 20 });
    await page.waitForTimeout(100);
    held = await input.inputValue();
  }
  if (held !== typed) {
    throw new Error(`typed "${typed}", the box holds "${held}"`);
  }
  await page.getByRole('option').first().waitFor();
  await page.keyboard.press('Enter');
}

/** Mouse: open, filter, click the option whose label is label. */
async function clickPick(page, input, typed, label) {
  await input.click();
  await input.fill(typed);
  const esc = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page
    .getByRole('option', { name: new RegExp(`^${esc}(\\s|$)`) })
    .first()
    .click();
}

async function shot(page, shots, name, locator) {
  await (locator ?? page).screenshot({ path: join(shots, `edfix-${name}.png`) });
}

/** Fails when the editor card or the page scrolls sideways (the builder overflows). */
async function noOverflow(page, what) {
  const m = await page.evaluate(() => {
    const card = document.querySelector('[data-testid="query-editor"]');
    const r = card.getBoundingClientRect();
    let widest = null;
    // Monaco's line layer is wider than its view by design; its view is checked as a whole.
    for (const el of card.querySelectorAll('*:not(.monaco-editor *)')) {
      const b = el.getBoundingClientRect();
      if (b.width > 0 && b.right > r.right + 1 && getComputedStyle(el).position !== 'fixed') {
        if (!widest || b.right > widest.right) {
          widest = { right: Math.round(b.right), tag: el.tagName, cls: String(el.className).slice(0, 60) };
        }
      }
    }
    return {
      doc: document.documentElement.scrollWidth,
      win: window.innerWidth,
      card: Math.round(r.right),
      scroll: card.scrollWidth - card.clientWidth,
      widest,
    };
  });
  if (m.doc > m.win || m.scroll > 1 || m.widest) {
    throw new Error(`${what}: overflows (${JSON.stringify(m)})`);
  }
}

/** Problem 2: a raw table or logs query asks for rowLimit + 1 rows; the cut is reported. */
function truncationTest(viewport) {
  return async ({ page, shots }) => {
    const editor = await start(page, viewport, { source: 'cloud_trail_mgmt', format: 'time_series' });
    // Keys: the Table format radio, then the busy source (VPC Flow Logs) by typing.
    await editor.getByRole('radio', { name: 'Table' }).focus();
    await page.keyboard.press('Space');
    await until(async () => (await state(page)).query.format === 'table', 'table format');
    await typePick(page, editor.locator('#seclake-source'), 'VPC Flow');
    await until(async () => (await state(page)).query.source === 'vpc_flow', 'source vpc_flow by keyboard');
    await previewHas(editor, ['LIMIT 10001']);
    await editor.getByRole('button', { name: 'Run query' }).click();
    await hasText(page.getByTestId('query-result'), ['10000 row(s)'], 'result of 10000 rows');
    await hasText(editor.getByTestId('seclake-query-cost'), ['Result truncated at 10000 rows'], 'truncation notice');
    if (viewport === WIDE) {
      await shot(page, shots, 'truncated', editor);
    }
    // Logs ask for one row more too.
    await editor.getByRole('radio', { name: 'Logs' }).click();
    await previewHas(editor, ['LIMIT 10001', '"severity_id"']);
  };
}

/** Problem 3: chosen columns stay in the SQL (as group keys) with aggregations, and are shown whole. */
function columnsTest(viewport) {
  return async ({ page, shots }) => {
    const columns = ['actor.user.name', 'api.operation', 'src_endpoint.ip', 'api.service.name', 'accountid', 'region'];
    // A saved query: six columns and a count.
    const editor = await start(page, viewport, {
      source: 'cloud_trail_mgmt',
      format: 'table',
      fields: columns,
      aggregations: [{ func: 'count' }],
    });
    const inSql = (c) => (c.includes('.') ? `AS "${c}"` : `"${c}", `);
    await previewHas(editor, [...columns.map(inSql), 'count(*) AS "count"', 'GROUP BY 1, 2, 3, 4, 5, 6']);
    // Every chosen column is shown whole, none hidden behind "…".
    const chosen = async () => flat(await editor.getByTestId('seclake-fields-chosen').innerText());
    for (const c of columns) {
      if (!(await chosen()).includes(c)) {
        throw new Error(`the picker hides ${c}: ${await chosen()}`);
      }
    }
    // Remove two (keyboard on one × button, mouse on the other), add them back (keys, mouse).
    await editor.getByRole('button', { name: 'Remove region' }).focus();
    await page.keyboard.press('Enter');
    await editor.getByRole('button', { name: 'Remove accountid' }).click();
    await until(async () => (await state(page)).query.fields?.length === 4, 'four columns');
    const input = editor.locator('#seclake-fields');
    await typePick(page, input, 'accountid');
    await clickPick(page, input, 'region', 'region');
    await page.keyboard.press('Escape');
    await until(async () => (await state(page)).query.fields?.length === 6, 'six columns again');
    // A group-by field joins the keys after the columns.
    await typePick(page, editor.locator('#seclake-group-by'), 'class_name');
    await page.keyboard.press('Escape');
    await previewHas(editor, [...columns.map(inSql), '"class_name", ', 'GROUP BY 1, 2, 3, 4, 5, 6, 7']);
    await noOverflow(page, 'columns');
    await shot(page, shots, viewport === WIDE ? 'builder' : 'builder-narrow', editor);
  };
}

/** Problem 4: each control shows its own problem; Run is disabled with the reason. */
function problemsTest(viewport) {
  return async ({ page, shots }) => {
    const editor = await start(page, viewport, { source: 'vpc_flow', format: 'table' });
    await editor.getByRole('button', { name: 'Add filter', exact: true }).click();
    const fieldProblem = editor.getByTestId('seclake-problem-filter-0-field');
    await hasText(fieldProblem, ['Choose a field'], 'empty filter');
    // Two problems at once: a sum without its field.
    await editor.getByRole('button', { name: 'Add aggregation' }).click();
    await typePick(page, editor.locator('#seclake-agg-0-func'), 'sum');
    await hasText(editor.getByTestId('seclake-problem-agg-0-field'), ['Choose a field'], 'sum without a field');
    const text = flat(await editor.innerText());
    if (text.includes('unknown field') || text.includes('not complete')) {
      throw new Error(`internal wording: ${text.slice(0, 800)}`);
    }
    // Run is disabled; its reason shows on hover and on keyboard focus.
    const run = editor.getByRole('button', { name: 'Run query' });
    if (!(await run.isDisabled())) {
      throw new Error('Run is enabled while the query is incomplete');
    }
    const blocked = editor.getByTestId('seclake-run-blocked');
    if (
      !/Not ready to run: Choose a field \(and 1 more problem\)/.test((await blocked.getAttribute('aria-label')) ?? '')
    ) {
      throw new Error(`Run's reason: ${await blocked.getAttribute('aria-label')}`);
    }
    await blocked.hover();
    await hasText(page.getByRole('tooltip'), ['Not ready to run'], 'Run tooltip');
    if (viewport === WIDE) {
      await shot(page, shots, 'errors', editor);
    }
    // Fixed with the keyboard: the filter's field, value; the sum's field.
    await typePick(page, editor.locator('#seclake-filter-0-field'), 'src_endpoint.ip');
    await hasText(editor.getByTestId('seclake-problem-filter-0-value'), ['Enter a value'], 'missing value');
    await editor.locator('#seclake-filter-0-value').fill('10.0.0.7');
    await page.keyboard.press('Enter');
    await typePick(page, editor.locator('#seclake-agg-0-field'), 'traffic.bytes');
    await until(async () => run.isEnabled(), 'Run enabled once complete');
    await previewHas(editor, [`"src_endpoint"."ip" = '10.0.0.7'`, 'sum("traffic"."bytes")']);
    // The time-range cap under the time range, not in a box for the whole query.
    await page.evaluate(() => window.__seclakeTest.setRangeHours(120 * 24));
    const cap = editor.getByText(/The time range covers 120 days; this data source allows at most 90/);
    await cap.waitFor();
    const capBox = await cap.boundingBox();
    const rangeBox = await editor.getByTestId('seclake-time-range').boundingBox();
    if (Math.abs(capBox.x - rangeBox.x) > 40 || capBox.y < rangeBox.y) {
      throw new Error(`the range cap is not under Time range: ${JSON.stringify({ capBox, rangeBox })}`);
    }
    if ((await editor.getByTestId('seclake-sql-preview-error').count()) > 0) {
      throw new Error('the range cap shows in the general preview box');
    }
    if (!(await run.isDisabled())) {
      throw new Error('Run is enabled with a range over the cap');
    }
    await noOverflow(page, 'problems');
    await shot(page, shots, viewport === WIDE ? 'error-per-control' : 'error-per-control-narrow', editor);
    await page.evaluate(() => window.__seclakeTest.setRangeHours(6));
  };
}

/** Problem 8: the `in` row is aligned, nothing overflows, long SQL stays inside the code editor. */
function layoutTest(viewport) {
  return async ({ page, shots }) => {
    const editor = await start(page, viewport, {
      source: 'vpc_flow',
      format: 'table',
      fields: ['src_endpoint.ip', 'dst_endpoint.ip', 'dst_endpoint.port', 'connection_info.direction'],
      filters: [{ field: 'dst_endpoint.port', op: 'in', values: [22, 3389, 445] }],
      groupBy: ['connection_info.protocol_num'],
      aggregations: [{ func: 'count' }, { func: 'sum', field: 'traffic.bytes', alias: 'bytes' }],
      having: [{ func: 'count', op: '>', value: 10 }],
    });
    await previewHas(editor, ['"dst_endpoint"."port" IN (22, 3389, 445)']);
    // The in filter: field, operator and values start on one line.
    // (The values box may wrap to a line of its own when narrow, never sit half a line lower.)
    const [field, op, value] = await Promise.all(
      ['#seclake-filter-0-field', '#seclake-filter-0-op', '#seclake-filter-0-value'].map((sel) =>
        editor.locator(sel).boundingBox()
      )
    );
    const wrapped = value.y >= field.y + field.height - 1;
    if (Math.abs(op.y - field.y) > 3 || (!wrapped && Math.abs(value.y - field.y) > 3)) {
      throw new Error(`the in row is misaligned: field ${field.y}, operator ${op.y}, values ${value.y}`);
    }
    // One more value by keyboard.
    await editor.locator('#seclake-filter-0-value').click();
    await page.keyboard.type('8080', { delay: 20 });
    await page.keyboard.press('Enter');
    await until(async () => (await state(page)).query.filters?.[0].values?.length === 4, 'a fourth port');
    await noOverflow(page, 'builder');
    await shot(page, shots, viewport === WIDE ? 'layout-wide' : 'narrow', editor);
    // Long carried-over SQL: one 600-character line stays inside the editor (it scrolls or wraps in Monaco).
    const longSql =
      'SELECT "src_endpoint"."ip", "dst_endpoint"."ip", ' +
      Array.from({ length: 30 }, (_, i) => `"c${i}"`).join(', ') +
      ' FROM $__table(vpc_flow) WHERE $__partitionFilter AND "dst_endpoint"."port" IN (22, 3389, 445, 8080, 5900, 5432, 3306, 1433, 27017, 6379, 9200, 11211) AND "src_endpoint"."ip" NOT LIKE \'10.%\' LIMIT 100';
    await setQuery(page, { refId: 'A', mode: 'sql', rawSql: longSql });
    await editor.locator('.monaco-editor .view-lines').waitFor();
    await page.waitForTimeout(300);
    const card = await editor.boundingBox();
    const monaco = await editor.locator('.monaco-editor').first().boundingBox();
    if (monaco.x + monaco.width > card.x + card.width + 1) {
      throw new Error(`the SQL editor runs past the right edge: ${JSON.stringify({ monaco, card })}`);
    }
    await noOverflow(page, 'SQL mode');
    await shot(page, shots, viewport === WIDE ? 'long-sql' : 'long-sql-narrow', editor);
  };
}

/** Filter groups (OR / NOT) and "count where" (count_if) from the editor. */
function groupsTest(viewport) {
  return async ({ page, shots }) => {
    const editor = await start(page, viewport, { source: 'cloud_trail_mgmt', format: 'table' });
    await editor.getByRole('button', { name: 'Add group' }).click();
    const group = editor.getByTestId('seclake-group-0');
    await typePick(page, editor.locator('#seclake-group-0-filter-0-field'), 'actor.user.name');
    await editor.locator('#seclake-group-0-filter-0-value').fill('root');
    await page.keyboard.press('Enter');
    await group.getByRole('button', { name: 'Add a filter to group 1' }).click();
    await clickPick(page, editor.locator('#seclake-group-0-filter-1-field'), 'api.operation', 'api.operation');
    await editor.locator('#seclake-group-0-filter-1-value').fill('ConsoleLogin');
    await page.keyboard.press('Tab');
    await previewHas(editor, [`("actor"."user"."name" = 'root' OR "api"."operation" = 'ConsoleLogin')`]);
    // none of: NOT (a OR b), by keyboard on the radio group.
    await group.getByRole('radio', { name: 'none of' }).click();
    await previewHas(editor, [`NOT ("actor"."user"."name" = 'root' OR "api"."operation" = 'ConsoleLogin')`]);
    // count where: an aggregation whose condition is a filter row.
    await editor.getByRole('button', { name: 'Add aggregation' }).click();
    await typePick(page, editor.locator('#seclake-agg-0-func'), 'count where');
    await hasText(
      editor.getByTestId('seclake-problem-agg-0-filter-field'),
      ['Choose a field'],
      'count where needs a field'
    );
    await typePick(page, editor.locator('#seclake-agg-0-filter-field'), 'status');
    await editor.locator('#seclake-agg-0-filter-value').fill('Failure');
    await page.keyboard.press('Enter');
    await typePick(page, editor.locator('#seclake-group-by'), 'actor.user.name');
    await page.keyboard.press('Escape');
    await previewHas(editor, [`count_if("status" = 'Failure') AS "count_if"`, 'GROUP BY']);
    const q = (await state(page)).query;
    if (
      q.filterGroups?.[0]?.match !== 'any' ||
      q.filterGroups[0].not !== true ||
      q.aggregations?.[0]?.func !== 'count_if'
    ) {
      throw new Error(`query: ${JSON.stringify(q)}`);
    }
    await noOverflow(page, 'filter groups');
    await shot(page, shots, viewport === WIDE ? 'filter-groups' : 'filter-groups-narrow', editor);
  };
}

export const edfixTests = [
  ['edfix: problem 2, a builder table and logs ask for one row more than the row limit (wide)', truncationTest(WIDE)],
  ['edfix: problem 2, the same at 700 px', truncationTest(NARROW)],
  ['edfix: problem 3, columns and aggregations coexist; every column shown (wide)', columnsTest(WIDE)],
  ['edfix: problem 3, the same at 700 px', columnsTest(NARROW)],
  ['edfix: problem 4, a message per control and Run disabled with the reason (wide)', problemsTest(WIDE)],
  ['edfix: problem 4, the same at 700 px', problemsTest(NARROW)],
  ['edfix: problem 8, in row aligned, no overflow, long SQL inside (wide)', layoutTest(WIDE)],
  ['edfix: problem 8, the same at 700 px', layoutTest(NARROW)],
  ['edfix: filter groups and count where (wide)', groupsTest(WIDE)],
  ['edfix: filter groups and count where at 700 px', groupsTest(NARROW)],
];
