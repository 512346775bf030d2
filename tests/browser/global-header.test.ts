import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DevGlobalHeader, startDevGlobalHeader } from '@smartloket/dev-world/global-header';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();
/** Where the screenshots go (looked at by a person; not compared). */
const SHOTS = process.env.SMARTLOKET_SCREENSHOTS ?? tmpdir();
const WIDGET = '9717ae3b-84e8-43b2-a814-e35a2547927f';

describe.runIf(run)('the Mijn Burgerprofiel header in chromium, through the dev world stand-in', () => {
  let header: DevGlobalHeader;
  let portal: TestPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const blocked: string[] = [];

  /** The header bar (drawn by the stand-in script from the widget server's origin). */
  const bar = () => page.locator('#global-header .gh-standin');
  /** The page's own account links, hidden while the header is mounted. */
  const ownAccount = () => page.locator('.site-header .account');

  /** Waits until the header bar shows `text` (Playwright's wait, no limit of our own). */
  async function barSays(text: string) {
    await page.locator('#global-header .gh-standin', { hasText: text }).waitFor();
  }

  async function devLogin(persona: string, capacity: 'BUR' | 'persona') {
    await page.locator(`input[name="persona"][value="${persona}"]`).check();
    await page.locator('input[name="means"][value="itsme"]').check();
    await page.locator(`input[name="capacity"][value="${capacity}"]`).check();
    await page.locator('button[name="action"][value="login"]').click();
  }

  beforeAll(async () => {
    header = await startDevGlobalHeader();
    portal = await startTestPortal({ worker: false, app: { globalHeaderEntryUrl: header.entryUrl(WIDGET) } });
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'nl-BE' });
    page = await context.newPage();
    // Anything the CSP refuses shows up as a console error: none is expected.
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await portal?.close();
    await header?.stop();
  });

  it('shows the header with "Aanmelden" instead of the page’s own link; login through it names the person', async () => {
    await page.goto(`${portal.url}/`);
    await barSays('Aanmelden');
    expect(await bar().textContent()).toContain('Vlaanderen · E-loket');
    expect(await ownAccount().isVisible()).toBe(false);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'global-header-anonymous.png'), fullPage: true });

    await bar().getByRole('link', { name: 'Aanmelden' }).click();
    await devLogin('jan', 'BUR');
    await page.waitForURL(`${portal.url}/`);
    await barSays('Jan Peeters');
    const text = await bar().textContent();
    expect(text).toContain('Afmelden');
    expect(text).toContain('Wisselen van account');
    await page.screenshot({ path: join(SHOTS, 'global-header-jan.png'), fullPage: true });
    expect(blocked).toEqual([]);
  });

  it('logs out of SmartLoket from the header (after a question), and the header says so', async () => {
    await bar().getByRole('link', { name: 'Afmelden' }).click();
    await page.waitForURL(`${portal.url}/logout`);
    expect(await page.locator('main').textContent()).toContain('Wilt u zich afmelden bij het e-loket?');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.locator('main').getByRole('button', { name: 'Afmelden' }).click();
    // The provider ends its own session too (RP-initiated logout; the dev provider asks, as
    // ACM/IDM may), then sends back to the portal.
    await page.locator('button[name="logout"][value="yes"]').click();
    await page.waitForURL(`${portal.url}/`);
    await barSays('Aanmelden');
    await page.goto(`${portal.url}/my`);
    // The session is gone: the personal page sends to the login again.
    expect(new URL(page.url()).pathname).not.toBe('/my');
  });

  it('switches account: a new login that asks again, now for the organisation', async () => {
    await page.goto(`${portal.url}/login?returnTo=%2F`);
    await devLogin('bart', 'BUR');
    await page.waitForURL(`${portal.url}/`);
    await barSays('Bart Willems');
    expect(await bar().textContent()).not.toContain('Willems Bouw NV');

    await bar().getByRole('link', { name: 'Wisselen van account' }).click();
    // The provider asks again (prompt=login) even though its session is still open.
    await page.locator('input[name="persona"]').first().waitFor();
    await devLogin('bart', 'persona');
    await page.waitForURL(`${portal.url}/`);
    await barSays('Bart Willems voor Willems Bouw NV');
    await page.screenshot({ path: join(SHOTS, 'global-header-organisation.png'), fullPage: true });
  });

  it('keeps the page’s own login and logout when the widget server is down', async () => {
    header.setAvailable(false);
    try {
      await page.goto(`${portal.url}/`);
      await page.waitForLoadState('load');
      expect(await bar().count()).toBe(0);
      expect(await ownAccount().isVisible()).toBe(true);
      expect(await ownAccount().textContent()).toContain('Afmelden');
    } finally {
      header.setAvailable(true);
    }
  });
});
