import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServiceFactory } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { generateMagdaDevCertificates } from '@smartloket/dev-world/magda';
import { type MollieSimulator, startMollieSimulator } from '@smartloket/dev-world/mollie';
import { createMollieClient, mollieClientRef, molliePaymentsPlugin } from '@smartloket/payment-mollie';
import { createTestPlugin } from '@smartloket/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { feePlugin } from '../support/fee-plugin.js';
import { freePort } from '../support/net.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();
/** Visible text with no-break spaces as plain spaces. */
const plain = (s: string | null) =>
  (s ?? '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Paying a certificate before it is filed, in chromium, through the Mollie provider and the dev
 * world's Mollie simulator (its checkout page stands in for Mollie's test mode), on PostgreSQL:
 * paid -> delivered; cancelled -> nothing filed, answers kept; refused, then paid on the retry.
 */
describe.runIf(run)('paying a fee through Mollie in chromium (issue 21)', () => {
  let dir: string;
  let database: TestDatabase | undefined;
  let sim: MollieSimulator;
  let portal: TestPortal;
  let browser: Browser;
  const shots = process.env.SMARTLOKET_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'smartloket-mollie-'));

  beforeAll(async () => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    dir = mkdtempSync(join(tmpdir(), 'mollie-browser-'));
    const tls = generateMagdaDevCertificates(join(dir, 'tls'));
    sim = await startMollieSimulator({ tls: tls.server });
    // The portal's own address is the deployment's baseUrl: Mollie returns and notifies there.
    const port = await freePort();
    portal = await startTestPortal({
      port,
      plugins: [
        createTestPlugin(),
        feePlugin(),
        { plugin: molliePaymentsPlugin, options: { methods: ['bancontact', 'kbc'] } },
      ],
      databaseUrl: database?.url,
      databaseOwnerUrl: database?.ownerUrl,
      config: { baseUrl: `http://127.0.0.1:${port}`, payments: { provider: 'mollie' } },
      services: [
        createServiceFactory({
          ref: mollieClientRef,
          factory: () =>
            createMollieClient({ apiKey: sim.apiKey, apiEndpoint: sim.apiEndpoint, ca: tls.ca.cert }),
          dispose: (c) => c.close(),
        }),
      ],
      // The form that starts the payment redirects to the checkout page (CSP form-action).
      app: { formActionOrigins: [sim.checkoutUrl] },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await sim?.stop();
    await database?.destroy();
    rmSync(dir, { recursive: true, force: true });
    console.log(`[screenshots] ${shots}`);
  });

  async function loginTo(page: Page, persona: string, path: string) {
    await page.goto(`${portal.url}${path}`);
    await page.getByRole('link', { name: 'Aanmelden als burger' }).click();
    await page.locator(`input[name="persona"][value="${persona}"]`).check();
    await page.locator('input[name="means"][value="itsme"]').check();
    await page.locator('button[name="action"][value="login"]').click();
    await page.waitForURL(`${portal.url}${path}`);
  }

  /** Fills the paid certificate, checks the summary and submits: the browser lands on the checkout. */
  async function fillAndPay(page: Page, purpose: string) {
    await page.getByLabel('Doel').fill(purpose);
    await page.locator('button[name="_action"][value="next"]').click();
    await page.waitForLoadState();
    expect(plain(await page.locator('section[aria-labelledby="summary-fee"]').textContent())).toBe(
      'KostprijsTe betalen€ 7,50',
    );
    await page.getByRole('button', { name: 'Aanvraag indienen' }).click();
    await page.waitForURL(`${sim.checkoutUrl}/checkout/**`);
  }

  /** What the tester does on the simulator's checkout page. */
  async function checkout(page: Page, method: string, outcome: string) {
    expect(plain(await page.locator('body').textContent())).toContain('€ 7,50');
    await page.getByLabel(method).check();
    await page.getByLabel(outcome, { exact: true }).check();
    await page.getByRole('button', { name: 'Doorgaan' }).click();
    await page.waitForURL(`${portal.url}/**`);
  }

  it('paid with KBC on the checkout page: the request is filed and delivered; the page says so', async () => {
    const context = await browser.newContext({ locale: 'nl-BE' });
    const page = await context.newPage();
    const before = await portal.d.db.requests.count({});
    await loginTo(page, 'jan', '/request/fees.paid');
    await fillAndPay(page, 'Voor mijn werkgever');
    expect(await portal.d.db.requests.count({})).toBe(before);
    await page.screenshot({ path: join(shots, 'checkout.png'), fullPage: true });
    await checkout(page, 'KBC/CBC-betaalknop', 'Betaald');
    await page.waitForURL(/\/my\/requests\/[0-9a-f-]{36}\?submitted=1$/);
    const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await page.screenshot({ path: join(shots, 'paid-request.png'), fullPage: true });
    // The colon is CSS; the text reads "Toestand" then "Afgeleverd".
    expect(plain(await page.locator('main').textContent())).toContain('ToestandAfgeleverd');
    expect(await accessibilityViolations(page)).toEqual([]);
    const request = (await portal.d.db.requests.get(id))!;
    expect(request.fee?.amountCents).toBe(750);
    const [payment] = (
      await portal.d.db.payments.listBySubmission(
        (await portal.d.db.payments.byProviderId('mollie', sim.payments().at(-1)!.id))!.submissionKey!,
      )
    ).filter((p) => p.requestId === id);
    expect(payment).toMatchObject({ status: 'paid', method: 'kbc', amountCents: 750 });
    expect(await portal.d.db.requests.count({})).toBe(before + 1);
    await context.close();

    // The clerk sees the Mollie payment in words (method label, Mollie's id) and refunds part.
    const staff = await browser.newContext({ locale: 'nl-BE' });
    const office = await staff.newPage();
    await office.goto(`${portal.url}/backoffice/requests/${id}`);
    await office.locator('input[name="persona"][value="karin"]').check();
    await office.locator('input[name="means"][value="itsme"]').check();
    await office.locator('button[name="action"][value="login"]').click();
    await office.waitForURL(`${portal.url}/backoffice/requests/${id}`);
    const table = plain(await office.locator('section[aria-labelledby="h-payments"] table').textContent());
    expect(table).toContain('KBC/CBC-betaalknop');
    expect(table).toContain(payment!.providerPaymentId!);
    expect(table).not.toMatch(/\bkbc\b/);
    await office.getByLabel('Bedrag in euro (leeg: alles wat nog betaald is)').fill('2,50');
    await office.getByLabel('Reden van de terugbetaling').fill('Verkeerd tarief aangerekend');
    await office.getByRole('button', { name: 'Terugbetalen' }).click();
    await office.waitForURL(/\?done=1$/);
    expect(sim.payment(payment!.providerPaymentId!)!.refunds.map((r) => r.amountCents)).toEqual([250]);
    await office.locator('#h-payments').scrollIntoViewIfNeeded();
    await office
      .locator('section[aria-labelledby="h-payments"]')
      .screenshot({ path: join(shots, 'backoffice-mollie-payment.png') });
    expect(await accessibilityViolations(office)).toEqual([]);
    await staff.close();
  });

  it('cancelled: nothing is filed and the answers are kept; refused on the retry; paid on the next', async () => {
    const context = await browser.newContext({ locale: 'nl-BE' });
    const page = await context.newPage();
    const before = await portal.d.db.requests.count({});
    await loginTo(page, 'jan', '/request/fees.paid');
    await fillAndPay(page, 'Voor de school');
    await checkout(page, 'Bancontact', 'Geannuleerd');
    expect(plain(await page.getByRole('status').textContent())).toBe(
      'U hebt de betaling geannuleerd. Uw aanvraag is niet ingediend; uw antwoorden zijn bewaard.',
    );
    await page.screenshot({ path: join(shots, 'cancelled.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await portal.d.db.requests.count({})).toBe(before);

    await page.getByRole('button', { name: 'Opnieuw betalen' }).click();
    await page.waitForURL(`${sim.checkoutUrl}/checkout/**`);
    await checkout(page, 'Bancontact', 'Mislukt');
    expect(plain(await page.getByRole('status').textContent())).toContain('De betaling werd geweigerd.');
    expect(await portal.d.db.requests.count({})).toBe(before);

    await page.getByRole('button', { name: 'Opnieuw betalen' }).click();
    await page.waitForURL(`${sim.checkoutUrl}/checkout/**`);
    await checkout(page, 'Bancontact', 'Betaald');
    await page.waitForURL(/\/my\/requests\/[0-9a-f-]{36}\?submitted=1$/);
    expect(await portal.d.db.requests.count({})).toBe(before + 1);
    // The answers of the draft made it into the filed request.
    const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    expect((await portal.d.db.requests.get(id))?.form).toMatchObject({ purpose: 'Voor de school' });
    await context.close();
  });
});
