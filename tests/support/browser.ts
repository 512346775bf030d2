import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium; tests never download a browser. */
export const CHROMIUM = process.env.SMARTLOKET_CHROMIUM ?? '/usr/bin/chromium';

/** True when browser tests can run; in CI a missing chromium is an error, not a skip. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
  console.warn(`[skip] browser tests: ${CHROMIUM} not found (apt-get install chromium)`);
  return false;
}

/**
 * How long one playwright action, wait or navigation may take. Playwright's own default is 30 s,
 * which a loaded CI machine (two cores shared with other work) breaks on a download or a page that
 * waits for a worker. This is ten times that and half the e2e project's test timeout, so a busy
 * machine does not fail a test while a real hang still fails with the locator or event it was
 * waiting for (rather than a bare test timeout).
 */
export const BROWSER_TIMEOUT_MS = 300_000;

/**
 * Launches headless chromium with the flags that work on these machines. Every context (and page)
 * it makes gets {@link BROWSER_TIMEOUT_MS} as its default for actions, waits and navigations, so
 * tests never depend on playwright's 30 s default.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: BROWSER_TIMEOUT_MS,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => withBrowserTimeouts(await newContext(options));
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    withBrowserTimeouts(page.context());
    return page;
  };
  return browser;
}

/** Sets {@link BROWSER_TIMEOUT_MS} as `context`'s default timeouts (its pages inherit them). */
export function withBrowserTimeouts(context: BrowserContext): BrowserContext {
  context.setDefaultTimeout(BROWSER_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(BROWSER_TIMEOUT_MS);
  return context;
}

/** One axe-core violation: rule id, impact and the offending nodes. */
export interface Violation {
  id: string;
  impact: string | null | undefined;
  nodes: string[];
}

/** WCAG 2.1 AA violations on the current page (axe-core). */
export async function accessibilityViolations(page: Page): Promise<Violation[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.map((n) => n.target.join(' ')),
  }));
}

/** Fills the visible fields of `main` named in `values` the way their kind asks (absent ones are skipped). */
export async function fillFields(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    const field = page.locator(`main [name="${name}"]`);
    if ((await field.count()) === 0) continue;
    const first = field.first();
    const tag = await first.evaluate((e) => e.tagName.toLowerCase());
    const type = await first.getAttribute('type');
    if (tag === 'select') await first.selectOption(value);
    else if (type === 'radio' || type === 'checkbox')
      await page.locator(`main [name="${name}"][value="${value}"]`).check();
    else await first.fill(value);
  }
}

/** Clicks the first element matching `selector` and waits for the page it leads to. */
export async function clickAndWait(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated'), page.locator(selector).first().click()]);
}
