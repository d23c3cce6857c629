// The Explore features in the browser (helper "explore"): ad hoc filter keys
// and values loaded from the real backend, a builder and a SQL query run with
// an ad hoc filter, Explore's logs volume, log context, and the query
// history's display text, on the test page's Explore panel
// (tests/browser/page/explore.tsx). Screenshots: explore-<state>.png.
import { join } from 'node:path';
import { until, hasText } from './helpers.mjs';

const panel = (page) => page.getByTestId('explore');
const shot = (page, shots, name) => panel(page).screenshot({ path: join(shots, `explore-${name}.png`) });

export const exploreTests = [
  [
    'explore: query history display text',
    async ({ page }) => {
      await hasText(
        panel(page).getByTestId('display-text'),
        ['CloudTrail management events · logs · where api.operation = ConsoleLogin', 'SELECT count(*) AS "n"'],
        'display text'
      );
    },
  ],
  [
    'explore: ad hoc keys and values from the backend (mouse and keyboard)',
    async ({ page, shots }) => {
      const p = panel(page);
      await p.getByRole('button', { name: 'Load ad hoc keys' }).click();
      const text = await hasText(p.getByTestId('adhoc-keys'), ['keys'], 'keys');
      if (parseInt(text, 10) < 20) {
        throw new Error(`only ${text}: want the scalar fields of CloudTrail`);
      }
      // The keyboard: type to filter the keys, Enter picks the highlighted one.
      const input = p.locator('#explore-adhoc-key');
      await input.click();
      await input.fill('src_endpoint.ip');
      await page
        .getByRole('option', { name: /^src_endpoint\.ip(\s|$)/ })
        .first()
        .waitFor();
      await shot(page, shots, 'adhoc-keys');
      await input.press('ArrowDown');
      await input.press('Enter');
      await until(async () => (await input.inputValue()) === 'src_endpoint.ip', 'key src_endpoint.ip picked');
      await p.getByRole('button', { name: 'Load values' }).click();
      await hasText(p.getByTestId('adhoc-values'), ['10.0.0.12', '203.0.113.77'], 'values of src_endpoint.ip');
      await hasText(p.getByTestId('adhoc-filter'), ['src_endpoint.ip = 10.0.0.12'], 'the filter');
      await shot(page, shots, 'adhoc-values');
    },
  ],
  [
    'explore: an ad hoc filter reaches a builder and a SQL query as typed predicates',
    async ({ page, shots }) => {
      const p = panel(page);
      await p.getByRole('button', { name: 'Run with ad hoc filter' }).click();
      await until(async () => (await p.getByTestId('adhoc-result').count()) === 2, 'two results');
      for (const ref of ['A', 'B']) {
        await hasText(
          p.getByTestId('adhoc-result').filter({ hasText: `${ref}:` }),
          [`"src_endpoint"."ip" = '10.0.0.12'`],
          `query ${ref} filtered`
        );
      }
      await shot(page, shots, 'adhoc-run');
    },
  ],
  [
    'explore: logs volume query runs, one frame per level',
    async ({ page, shots }) => {
      const p = panel(page);
      await p.getByRole('button', { name: 'Run logs volume' }).click();
      const text = await hasText(p.getByTestId('logs-volume'), ['volume of log-volume-A:'], 'logs volume');
      if (/volume of .*log-volume-B/.test(text)) {
        throw new Error(`the SQL query got a volume query: ${text}`);
      }
      await shot(page, shots, 'logs-volume');
    },
  ],
  [
    'explore: log context rows of the line’s entity',
    async ({ page, shots }) => {
      const p = panel(page);
      await p.getByRole('button', { name: 'Fetch log context' }).click();
      await hasText(p.getByTestId('log-context'), ['context of line', 'row(s)', 'filter [{"field":'], 'log context');
      await shot(page, shots, 'log-context');
      if (await p.getByTestId('explore-error').count()) {
        throw new Error(await p.getByTestId('explore-error').innerText());
      }
    },
  ],
  [
    'explore: the panel at a narrow viewport',
    async ({ page, shots }) => {
      const wide = page.viewportSize();
      await page.setViewportSize({ width: 700, height: 1000 });
      try {
        const p = panel(page);
        await p.getByTestId('log-context').waitFor();
        const box = await p.boundingBox();
        if (!box || box.x + box.width > 700) {
          throw new Error(`the Explore panel overflows a 700 px viewport: ${JSON.stringify(box)}`);
        }
        await shot(page, shots, 'narrow');
      } finally {
        await page.setViewportSize(wide);
      }
    },
  ],
];
