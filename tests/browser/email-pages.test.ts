import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { fillRequest, startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();

/** The e-mail confirmation and follow pages in chromium, axe-core WCAG 2.1 AA, nl/fr/en. */
describe.runIf(run)('e-mail and follow pages in chromium (axe-core WCAG 2.1 AA)', () => {
  let portal: TestPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    portal = await startTestPortal({
      databaseUrl: database?.url,
      databaseOwnerUrl: database?.ownerUrl,
      worker: false,
      config: { deliveryWaitMs: 0 },
    });
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'nl-BE' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await portal?.close();
    await database?.destroy();
  });

  async function scan(label: string) {
    expect({ page: label, violations: await accessibilityViolations(page) }).toEqual({
      page: label,
      violations: [],
    });
  }

  /** The newest confirmation token in the outbox (no mail sender in this deployment). */
  async function newestToken(): Promise<string> {
    const rows = await portal.d.db
      .knex('outbox')
      .whereNull('request_id')
      .orderBy('created_at')
      .select('payload');
    const payloads = rows.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload));
    return payloads.filter((p) => p.kind === 'email_confirmation').pop().data.token as string;
  }

  it('asks, confirms and follows, every page without violations', async () => {
    const marie = await portal.login('marie');
    await context.addCookies([{ name: 'smartloket', value: marie.sessionId!, url: portal.url }]);
    await page.goto(`${portal.url}/my`);
    expect(await page.locator('h1').textContent()).toBe('Uw e-mailadres');
    await scan('prompt');
    await page.fill('#f-email', 'fout');
    await Promise.all([page.waitForEvent('framenavigated'), page.click('main button[type=submit]')]);
    expect(await page.locator('#f-email').getAttribute('aria-invalid')).toBe('true');
    await scan('invalid address');
    await page.fill('#f-email', 'marie@example.org');
    await Promise.all([page.waitForEvent('framenavigated'), page.click('main button[type=submit]')]);
    await scan('mail sent');
    for (const lang of ['nl', 'fr', 'en']) {
      await page.goto(`${portal.url}/my/email?lang=${lang}`);
      await scan(`my e-mail (${lang})`);
    }
    await page.goto(`${portal.url}/email/confirm/${await newestToken()}?lang=nl`);
    await scan('confirm');
    await Promise.all([page.waitForEvent('framenavigated'), page.click('main button[type=submit]')]);
    expect(await page.locator('main p').first().textContent()).toContain('bevestigd');
    await scan('confirmed');
    expect((await portal.d.db.knex('identity_emails').first())?.email).toBe('marie@example.org');

    const visitor = portal.client();
    const { draft, csrf } = await fillRequest(visitor, 'test.melding', [
      { _email: 'buur@example.org', description: 'Een put.' },
    ]);
    await visitor.post('/request/test.melding', { _csrf: csrf, _draft: draft, _action: 'submit' });
    const anonymous = await browser.newContext({ locale: 'nl-BE' });
    const p2 = await anonymous.newPage();
    page = p2;
    await page.goto(`${portal.url}/email/confirm/${await newestToken()}`);
    await scan('confirm anonymous');
    await Promise.all([page.waitForURL(/\/follow\//), page.click('main button[type=submit]')]);
    expect(await page.locator('h1').textContent()).toBe('Uw aanvraag volgen');
    for (const lang of ['nl', 'fr', 'en']) {
      await page.goto(`${page.url().split('?')[0]}?lang=${lang}`);
      await scan(`follow (${lang})`);
    }
    await anonymous.close();
  });
});
