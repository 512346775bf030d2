import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TIMEOUT_MS, browserAvailable, launchBrowser } from './browser.js';

const run = browserAvailable();

/**
 * The timeout playwright would give an action or a navigation in `context` (its private timeout
 * settings: waiting out the real limit would take minutes; the label shows what broke on upgrade).
 */
function timeouts(context: BrowserContext) {
  const settings = (
    context as unknown as {
      _timeoutSettings: {
        timeout(o: object): { timeout: number };
        navigationTimeout(o: object): { timeout: number };
      };
    }
  )._timeoutSettings;
  return { action: settings.timeout({}).timeout, navigation: settings.navigationTimeout({}).timeout };
}

describe.runIf(run)('the browser helper', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("gives every context and page the generous timeout, not playwright's 30 s", async () => {
    const expected = { action: BROWSER_TIMEOUT_MS, navigation: BROWSER_TIMEOUT_MS };
    expect(BROWSER_TIMEOUT_MS).toBeGreaterThan(30_000);
    const context = await browser.newContext({ locale: 'nl-BE' });
    expect(timeouts(context)).toEqual(expected);
    const page = await context.newPage();
    await page.setContent('<p>Hallo</p>');
    expect(await page.locator('p').textContent()).toBe('Hallo');
    await context.close();

    const alone = await browser.newPage();
    expect(timeouts(alone.context())).toEqual(expected);
    await alone.close();
  });
});
