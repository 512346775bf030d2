import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brusselsDay } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { createTestPlugin } from '@smartloket/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { feePlugin } from '../support/fee-plugin.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();
/** Visible text with no-break spaces as plain spaces. */
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ');

describe.runIf(run)('fees in chromium: catalogue, summary, receipt, back-office (issue 21)', () => {
  let portal: TestPortal;
  let browser: Browser;
  let database: TestDatabase | undefined;
  const shots = process.env.SMARTLOKET_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'smartloket-fees-'));

  beforeAll(async () => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    portal = await startTestPortal({
      plugins: [createTestPlugin(), feePlugin()],
      databaseUrl: database?.url,
      databaseOwnerUrl: database?.ownerUrl,
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await database?.destroy();
    console.log(`[screenshots] ${shots}`);
  });

  /** The catalogue entry of a type, as text. */
  const entry = async (page: Page, title: string) =>
    plain(
      await page
        .locator('ul.catalogue li', { has: page.getByRole('link', { name: title, exact: true }) })
        .textContent(),
    );

  async function loginTo(page: Page, persona: string, path: string) {
    await page.goto(`${portal.url}${path}`);
    if (path.startsWith('/request/')) await page.getByRole('link', { name: 'Aanmelden als burger' }).click();
    await page.locator(`input[name="persona"][value="${persona}"]`).check();
    await page.locator('input[name="means"][value="itsme"]').check();
    await page.locator('button[name="action"][value="login"]').click();
    await page.waitForURL(`${portal.url}${path}`);
  }

  it('shows the fee in the catalogue in Dutch and French, the summary and the receipt', async () => {
    const context = await browser.newContext({ locale: 'nl-BE' });
    const page = await context.newPage();
    await page.goto(`${portal.url}/`);
    expect(await entry(page, 'Betaald attest')).toContain('Kostprijs€ 7,50');
    expect(await entry(page, 'Gratis attest')).toContain('KostprijsGratis');
    await page.screenshot({ path: join(shots, 'catalogue-nl.png'), fullPage: true });
    await page.goto(`${portal.url}/?lang=fr`);
    expect(await entry(page, 'Attestation payante')).toContain('Coût7,50 €');
    await page.goto(`${portal.url}/?lang=nl`);

    await loginTo(page, 'jan', '/request/fees.paid');
    await page.getByLabel('Doel').fill('Voor mijn werkgever');
    await page.locator('button[name="_action"][value="next"]').click();
    await page.waitForLoadState();
    expect(await page.locator('h1').textContent()).toBe('Controleer uw aanvraag');
    const fee = plain(await page.locator('section[aria-labelledby="summary-fee"]').textContent());
    expect(fee).toBe('KostprijsTe betalen€ 7,50');
    await page.screenshot({ path: join(shots, 'summary-fee.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Aanvraag indienen' }).click();
    await page.waitForURL(/\/my\/requests\/[0-9a-f-]{36}\?submitted=1$/);
    const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const request = await portal.d.db.requests.get(id);
    expect(request?.fee).toEqual({ amountCents: 750, currency: 'EUR', scheduledCents: 750 });

    const pdf = await page.request.get(`${portal.url}/my/requests/${id}/receipt.pdf`);
    expect(pdf.status()).toBe(200);
    const file = join(shots, 'receipt-fee.pdf');
    writeFileSync(file, await pdf.body());
    const text = plain(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));
    expect(text).toMatch(/Kostprijs\s+€ 7,50/);
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', file, join(shots, 'receipt-fee')]);

    // A purpose the fee regulation exempts: the summary says so, with the reason.
    await page.goto(`${portal.url}/request/fees.paid`);
    await page.getByLabel('Doel').fill('adoptie');
    await page.locator('button[name="_action"][value="next"]').click();
    await page.waitForLoadState();
    const waived = plain(await page.locator('section[aria-labelledby="summary-fee"]').textContent());
    expect(waived).toBe(
      'KostprijsTe betalen€ 0,00 (Vrijgesteld, in plaats van € 7,50)Reden van de vrijstellingVrijgesteld: adoptie',
    );
    await page.screenshot({ path: join(shots, 'summary-waived.png'), fullPage: true });
    await context.close();
  });

  it('lets an administrator set a new fee from a day on, refusing a wrong amount with a translated message', async () => {
    const context = await browser.newContext({ locale: 'nl-BE' });
    const page = await context.newPage();
    await loginTo(page, 'pieter', '/backoffice/modules');
    const form = page.locator('form', { has: page.locator('code', { hasText: 'fees.paid' }) });
    expect(
      plain(await form.locator('fieldset', { hasText: 'Kostprijs (retributie)' }).textContent()),
    ).toContain('Nu van toepassing: € 7,50');
    await form.getByLabel('Nieuw bedrag (euro)').fill('zeven');
    await form.getByLabel('Van toepassing vanaf').fill('01/01/2020');
    await form.getByRole('button', { name: 'Bewaren' }).click();
    await page.waitForLoadState();
    expect(plain(await page.getByRole('alert').first().textContent())).toBe(
      'Betaald attest: Geef een bedrag in euro, bijvoorbeeld 7,50.',
    );
    await page.screenshot({ path: join(shots, 'modules-fee-error.png'), fullPage: true });

    const today = brusselsDay(portal.d.clock.now()).split('-').reverse().join('/');
    const again = page.locator('form', { has: page.locator('code', { hasText: 'fees.paid' }) });
    await again.getByLabel('Nieuw bedrag (euro)').fill('9,00');
    await again.getByLabel('Van toepassing vanaf').fill(today);
    await again.getByRole('button', { name: 'Bewaren' }).click();
    await page.waitForURL(`${portal.url}/backoffice/modules?saved=1`);
    const saved = page.locator('form', { has: page.locator('code', { hasText: 'fees.paid' }) });
    const text = plain(await saved.locator('fieldset', { hasText: 'Kostprijs (retributie)' }).textContent());
    expect(text).toContain('Nu van toepassing: € 9,00');
    expect(text).toContain(`€ 9,00 vanaf ${today}`);
    await saved.screenshot({ path: join(shots, 'modules-fee.png') });
    expect(await accessibilityViolations(page)).toEqual([]);
    const audit = await portal.d.db.audit.list({});
    expect(audit.some((a) => a.category === 'settings_changed')).toBe(true);

    await page.goto(`${portal.url}/`);
    expect(await entry(page, 'Betaald attest')).toContain('Kostprijs€ 9,00');
    await context.close();
  });
});
