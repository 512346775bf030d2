import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { createTestPlugin } from '@smartloket/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { feePlugin, memoryPaymentProvider } from '../support/fee-plugin.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();
const plain = (s: string | null) =>
  (s ?? '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe.runIf(run)(
  'paying a fee before submitting, and the back-office refund, in chromium (issue 21)',
  () => {
    let portal: TestPortal;
    let browser: Browser;
    let database: TestDatabase | undefined;
    const memory = memoryPaymentProvider();
    const shots =
      process.env.SMARTLOKET_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'smartloket-payments-'));

    beforeAll(async () => {
      const unavailable = await postgresUnavailableReason();
      if (unavailable && process.env.CI) throw new Error(unavailable);
      if (!unavailable) database = await createTestDatabase('postgres');
      portal = await startTestPortal({
        plugins: [createTestPlugin(), feePlugin(), memory.plugin],
        databaseUrl: database?.url,
        databaseOwnerUrl: database?.ownerUrl,
        config: { payments: { provider: 'memory' } },
        // The checkout's origin is a form's redirect target (CSP form-action), as the composition
        // sets it for Mollie; no form of these pages leads to the identity provider.
        app: { formActionOrigins: ['https://pay.example'] },
      });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await portal?.close();
      await database?.destroy();
      console.log(`[screenshots] ${shots}`);
    });

    async function login(page: Page, persona: string, path: string, citizen: boolean) {
      await page.goto(`${portal.url}${path}`);
      if (citizen) await page.getByRole('link', { name: 'Aanmelden als burger' }).click();
      await page.locator(`input[name="persona"][value="${persona}"]`).check();
      await page.locator('input[name="means"][value="itsme"]').check();
      await page.locator('button[name="action"][value="login"]').click();
      await page.waitForURL(`${portal.url}${path}`);
    }

    it('cancels at the checkout (nothing filed, pay again), pays on the retry, and a clerk refunds part with a reason', async () => {
      const context = await browser.newContext({ locale: 'nl-BE' });
      // The provider's checkout page, played by the test: it records where it was sent.
      const checkouts: string[] = [];
      await context.route('https://pay.example/**', (route) => {
        checkouts.push(route.request().url());
        return route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: '<title>Checkout</title><p>Checkout</p>',
        });
      });
      const page = await context.newPage();
      await login(page, 'jan', '/request/fees.reviewed', true);
      await page.getByLabel('Doel').fill('Voor mijn werkgever');
      await page.locator('button[name="_action"][value="next"]').click();
      await page.waitForLoadState();
      expect(plain(await page.locator('section[aria-labelledby="summary-fee"]').textContent())).toBe(
        'KostprijsTe betalen€ 7,50',
      );
      const before = await portal.d.db.requests.count({});
      await page.getByRole('button', { name: 'Aanvraag indienen' }).click();
      await page.waitForURL(/^https:\/\/pay\.example\/checkout\//);
      const first = new URL(checkouts[0]!);
      const providerId = first.pathname.split('/').pop()!;
      // The test deployment's baseUrl is not the portal's loopback address: keep the path.
      const returnUrl = `${portal.url}${new URL(first.searchParams.get('return')!).pathname}`;

      memory.setStatus(providerId, 'canceled');
      await page.goto(returnUrl);
      expect(await page.locator('h1').textContent()).toBe('De betaling is niet gelukt');
      expect(plain(await page.getByRole('status').textContent())).toBe(
        'U hebt de betaling geannuleerd. Uw aanvraag is niet ingediend; uw antwoorden zijn bewaard.',
      );
      await page.screenshot({ path: join(shots, 'payment-cancelled.png'), fullPage: true });
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(await portal.d.db.requests.count({})).toBe(before);

      await page.getByRole('button', { name: 'Opnieuw betalen' }).click();
      await page.waitForURL(/^https:\/\/pay\.example\/checkout\//);
      const second = new URL(checkouts[1]!);
      memory.setStatus(second.pathname.split('/').pop()!, 'paid');
      await page.goto(`${portal.url}${new URL(second.searchParams.get('return')!).pathname}`);
      await page.waitForURL(/\/my\/requests\/[0-9a-f-]{36}\?submitted=1$/);
      const requestId = /requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
      expect(await portal.d.db.requests.count({})).toBe(before + 1);
      await page.screenshot({ path: join(shots, 'payment-paid-request.png'), fullPage: true });
      await context.close();

      const staff = await browser.newContext({ locale: 'nl-BE' });
      const office = await staff.newPage();
      await login(office, 'karin', `/backoffice/requests/${requestId}`, false);
      const table = plain(await office.locator('section[aria-labelledby="h-payments"] table').textContent());
      expect(table).toContain('Betaald€ 7,50Bancontact');
      expect(table).toContain('Geannuleerd€ 7,50');
      await office.getByLabel('Bedrag in euro (leeg: alles wat nog betaald is)').fill('2,50');
      await office.getByLabel('Reden van de terugbetaling').fill('Verkeerd tarief aangerekend');
      await office.getByRole('button', { name: 'Terugbetalen' }).click();
      await office.waitForURL(/\?done=1$/);
      const after = plain(await office.locator('section[aria-labelledby="h-payments"] table').textContent());
      expect(after).toContain('€ 2,50');
      await office.locator('#h-payments').scrollIntoViewIfNeeded();
      await office
        .locator('section[aria-labelledby="h-payments"]')
        .screenshot({ path: join(shots, 'backoffice-payments.png') });
      expect(await accessibilityViolations(office)).toEqual([]);
      const audit = await portal.d.db.audit.list({ requestId });
      expect(audit.filter((a) => a.category === 'payment_refunded').map((a) => a.data?.reason)).toEqual([
        'Verkeerd tarief aangerekend',
      ]);
      await staff.close();
    });
  },
);
