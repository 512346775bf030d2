import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brusselsDay } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { counterPaymentsPlugin } from '@smartloket/payment-counter';
import { createTestPlugin, fakeIdentities } from '@smartloket/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { feePlugin, memoryPaymentProvider } from '../support/fee-plugin.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();
const belgianDay = (iso: string) => iso.split('-').reverse().join('/');

/** Opens `path`, logs `persona` in with itsme through the dev login and lands on `path`. */
async function loginTo(page: Page, base: string, persona: string, path: string) {
  await page.goto(`${base}${path}`);
  await page.locator(`input[name="persona"][value="${persona}"]`).check();
  await page.locator('input[name="means"][value="itsme"]').check();
  await page.locator('button[name="action"][value="login"]').click();
  await page.waitForURL(`${base}${path}`);
}
/** Visible text with no-break spaces as plain spaces. */
const plain = (s: string | null) =>
  (s ?? '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe.runIf(run)('the financial overview in chromium (issue 21)', () => {
  let portal: TestPortal;
  let browser: Browser;
  let database: TestDatabase | undefined;
  const memory = memoryPaymentProvider();
  const shots = process.env.SMARTLOKET_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'smartloket-finance-'));

  beforeAll(async () => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    portal = await startTestPortal({
      plugins: [createTestPlugin(), feePlugin(), memory.plugin],
      databaseUrl: database?.url,
      databaseOwnerUrl: database?.ownerUrl,
      config: { payments: { provider: 'memory' } },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await database?.destroy();
    console.log(`[screenshots] ${shots}`);
  });

  /** The overview's rows, cells joined by ` | `. */
  const cells = async (page: Page) =>
    Promise.all(
      (await page.locator('table#finance tbody tr').all()).map(async (row) =>
        (await row.locator('th, td').allTextContents()).map(plain).join(' | '),
      ),
    );

  /** A fee paid through the in-memory provider today. */
  async function paid(key: string, typeId: string) {
    const d = portal.d;
    const result = await d.payments.checkout({
      typeId,
      input: { forWhom: 'self', purpose: 'school' },
      locale: 'nl',
      identity: fakeIdentities.citizen(),
      idempotencyKey: key,
    });
    if (result.kind !== 'redirect') throw new Error('no checkout');
    memory.setStatus(result.payment.providerPaymentId!, 'paid');
    return (await d.payments.refresh(result.payment.id)).payment;
  }

  it('the financial service reads the totals of today per request type in euro, and exports them', async () => {
    await paid('bo-fin-1', 'fees.paid');
    await paid('bo-fin-2', 'fees.paid');
    const refunded = await paid('bo-fin-3', 'fees.reviewed');
    await portal.d.payments.refund(refunded.id, {
      amountCents: 300,
      reason: 'te veel',
      actor: { type: 'staff', id: 'karin', name: 'Karin' },
    });

    const context = await browser.newContext({ locale: 'nl-BE' });
    const page = await context.newPage();
    await loginTo(page, portal.url, 'ann', '/backoffice/finance');
    // The in-memory provider stamps payments with the real time; the deployment's clock is fixed.
    await page.getByLabel('Dag (of een dag van de maand)').fill(belgianDay(brusselsDay(refunded.paidAt!)));
    await page.getByRole('button', { name: 'Tonen' }).click();
    await page.waitForURL(/day=/);
    expect(await page.getByRole('link', { name: 'Financieel overzicht' }).isVisible()).toBe(true);
    expect(await page.locator('h1').textContent()).toBe('Financieel overzicht');
    expect(await cells(page)).toEqual([
      'Betaald attest | 2 | € 15,00 | 0 | € 0,00 | € 15,00',
      'Betaald attest met nazicht | 1 | € 7,50 | 1 | € 3,00 | € 4,50',
      'Totaal | 3 | € 22,50 | 1 | € 3,00 | € 19,50',
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'finance-day-nl.png'), fullPage: true });

    // The month, in French.
    await page.locator('#f-view').selectOption('month');
    await page.getByRole('button', { name: 'Tonen' }).click();
    await page.waitForURL(/view=month/);
    await page.goto(`${page.url()}&lang=fr`);
    expect((await cells(page)).at(-1)).toBe('Total | 3 | 22,50 € | 1 | 3,00 € | 19,50 €');
    await page.screenshot({ path: join(shots, 'finance-month-fr.png'), fullPage: true });

    // The export link, fetched with the page's session (its response, not the download manager).
    const href = await page.getByRole('link', { name: 'Exporter en CSV' }).getAttribute('href');
    const response = await page.request.get(`${portal.url}${href}`);
    expect(response.headers()['content-type']).toContain('text/csv');
    const csv = (await response.text()).trim().split('\r\n');
    expect(csv[0]).toBe(
      'reference,date,at,request_type,movement,amount_cents,refund_cents,method,method_label,provider_payment_id,provider_refund_id',
    );
    expect(csv.slice(1).reduce((s, line) => s + Number(line.split(',')[5]), 0)).toBe(2250);
    expect(csv.slice(1).reduce((s, line) => s + Number(line.split(',')[6]), 0)).toBe(300);
    await context.close();
  });
});

describe.runIf(run)('recording a payment at the counter in chromium (issue 21)', () => {
  let portal: TestPortal;
  let browser: Browser;
  let database: TestDatabase | undefined;
  const shots = process.env.SMARTLOKET_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'smartloket-counter-'));

  beforeAll(async () => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    portal = await startTestPortal({
      plugins: [createTestPlugin(), feePlugin(), counterPaymentsPlugin],
      databaseUrl: database?.url,
      databaseOwnerUrl: database?.ownerUrl,
      config: { payments: { provider: 'counter' } },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await database?.destroy();
    console.log(`[screenshots] ${shots}`);
  });

  it('the clerk fills in "Betaling registreren" and reads the payment on the request page', async () => {
    const { request } = await portal.d.requests.submit({
      typeId: 'fees.reviewed',
      input: { forWhom: 'self', purpose: 'school' },
      locale: 'nl',
      identity: fakeIdentities.citizen(),
      idempotencyKey: 'browser-counter',
    });
    const context = await browser.newContext({ locale: 'nl-BE' });
    const page = await context.newPage();
    await loginTo(page, portal.url, 'karin', `/backoffice/requests/${request.id}`);
    const form = page.locator('form[aria-labelledby="h-record"]');
    expect(plain(await form.locator('h3').textContent())).toBe('Betaling registreren');
    expect(await page.getByLabel('Ontvangen bedrag (euro)').inputValue()).toBe('7,50');
    expect((await form.locator('fieldset label').allTextContents()).map(plain)).toEqual([
      'Contant aan het loket',
      'Betaalkaart aan het loket',
      'Overschrijving',
      'Factuur',
    ]);
    await form.scrollIntoViewIfNeeded();
    await form.screenshot({ path: join(shots, 'record-payment-form-nl.png') });
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Betaalkaart aan het loket').check();
    await page.getByLabel(/^Kenmerk/).fill('Kasticket 118');
    await page.getByRole('button', { name: 'Betaling registreren' }).click();
    await page.waitForURL(/done=1/);
    const row = plain(
      await page.locator('section[aria-labelledby="h-payments"] tbody tr').first().textContent(),
    );
    expect(row).toContain('Betaald');
    expect(row).toContain('€ 7,50');
    expect(row).toContain('Betaalkaart aan het loket (kenmerk Kasticket 118)');
    expect(await page.locator('form[aria-labelledby="h-record"]').count()).toBe(0);
    await page
      .locator('section[aria-labelledby="h-payments"]')
      .screenshot({ path: join(shots, 'recorded-payment-nl.png') });
    await context.close();
  });
});
