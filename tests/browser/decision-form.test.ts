import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityOf, minimalPdf } from '@smartloket/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parkeerkaartPlugin } from '../../examples/plugin-parkeerkaart/src/index.js';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();

describe.runIf(run)("the clerk's decision on approve in chromium (parkeerkaart, issue 26)", () => {
  let portal: TestPortal;
  let browser: Browser;
  const shots = process.env.SMARTLOKET_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'smartloket-decision-'));

  beforeAll(async () => {
    portal = await startTestPortal({ plugins: [parkeerkaartPlugin] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('shows the decision fields with their defaults and date hint, and a translated error for an impossible date', async () => {
    const d = portal.d;
    const upload = await d.db.uploads.insert({
      fileName: 'inschrijvingsbewijs.pdf',
      mediaType: 'application/pdf',
      bytes: minimalPdf('Inschrijvingsbewijs'),
    });
    const { request } = await d.requests.submit({
      typeId: 'parkeerkaart.bewoners',
      input: {
        plate: '1abc234',
        address: { street: 'Kerkstraat', number: '12', postcode: '9000', municipality: 'Gent' },
        registration: {
          uploadId: upload.id,
          fileName: upload.fileName,
          mediaType: upload.mediaType,
          size: upload.size,
        },
      },
      locale: 'nl',
      identity: identityOf('jan'),
    });
    await d.db.uploads.attach(upload.id, request.id);
    const path = `/backoffice/requests/${request.id}`;
    const context = await browser.newContext({ locale: 'nl-BE' });
    const page = await context.newPage();
    await page.goto(`${portal.url}${path}`);
    await page.locator('input[name="persona"][value="karin"]').check();
    await page.locator('input[name="means"][value="itsme"]').check();
    await page.locator('button[name="action"][value="login"]').click();
    await page.waitForURL(`${portal.url}${path}`);

    const form = page.locator('form.decision');
    expect(await form.locator('legend').textContent()).toBe('Beslissing (wat op het document komt)');
    await expect.poll(() => form.getByLabel('Geldig tot en met').count()).toBe(1);
    expect(await form.locator('#decision-validUntil-hint').textContent()).toMatch(
      /^dd\/mm\/jjjj – Leeg gelaten: \d{2}\/\d{2}\/\d{4}$/,
    );
    expect(await form.locator('#decision-permitNumber-hint').textContent()).toBe(
      `Leeg gelaten: ${request.reference}`,
    );
    await page.screenshot({ path: join(shots, 'decision-form.png'), fullPage: true });

    await form.getByLabel('Nummer van de vergunning').fill('PK-2027-0042');
    await form.getByLabel('Geldig tot en met').fill('31/02/2027');
    await form.getByRole('button', { name: 'Digitaal afleveren (goedkeuren)' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('alert').first().textContent()).toContain('De beslissing is niet aanvaard');
    expect(await page.locator('#decision-validUntil-error').textContent()).not.toBe('');
    expect(await page.locator('#decision-permitNumber').inputValue()).toBe('PK-2027-0042');
    await page.screenshot({ path: join(shots, 'decision-form-error.png'), fullPage: true });
    console.log(`[screenshots] ${shots}`);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect((await d.db.requests.get(request.id))!.state).toBe('in_review');
    await context.close();
  });
});
