// Helpers shared by the browser test's step files (steps*.mjs).

/** Polls until check() returns a truthy value (and returns it), else fails with what() described. */
export async function until(check, what, timeout = 20_000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await check();
      if (last) {
        return last;
      }
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last !== undefined ? ` (last: ${String(last).slice(0, 400)})` : ''}`);
}

/** The test page's state: the editors' last query and settings (window.__seclake). */
export const state = (page) => page.evaluate(() => window.__seclake);

/** Puts query into the test page's query editor, as a saved dashboard would. */
export const setQuery = (page, query) => page.evaluate((q) => window.__seclakeTest.setQuery(q), query);

/** Escapes text for a RegExp. */
export const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits until the locator's text has every part, and returns the text. */
export async function hasText(locator, parts, what, timeout) {
  let text = '';
  await until(
    async () => {
      text = await locator.innerText();
      return parts.every((p) => text.includes(p));
    },
    `${what}: ${parts.join(' · ')}`,
    timeout
  );
  return text;
}
