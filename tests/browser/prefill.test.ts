import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personByKey } from '@smartloket/dev-population';
import { minimalPdf } from '@smartloket/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parkeerkaartPlugin } from '../../examples/plugin-parkeerkaart/src/index.js';
import { ADDRESS_LEGAL_BASIS } from '../../examples/plugin-parkeerkaart/src/request-types/bewoners.js';
import { startWorld, type World } from '../bevolking/support.js';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();

/**
 * Prefill from an authentic source (issue 26): the parking permit's address comes from the
 * Rijksregister through the MAGDA simulator (GeefPersoon over mutual TLS), shown with its origin
 * and locked; a changed address is refused; the consultation is in the audit log with the
 * parkeerkaart plugin's legal basis, and on the citizen's "who consulted my data" page.
 */
describe.runIf(run)('prefilled address from the Rijksregister in chromium (parkeerkaart)', () => {
  let world: World;
  let portal: TestPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const shots = process.env.SMARTLOKET_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'smartloket-prefill-'));
  const jan = personByKey('jan');

  beforeAll(async () => {
    world = await startWorld({ sealedAttests: false });
    const d = await world.deploy(undefined, { plugins: [parkeerkaartPlugin] });
    portal = await startTestPortal({ deployment: d });
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'nl-BE' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await portal?.close();
    await world?.close();
  });

  const visible = async () => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

  it('fills the address from the Rijksregister, says so, and locks it', async () => {
    await page.goto(`${portal.url}/request/parkeerkaart.bewoners`);
    await page.getByRole('link', { name: 'Aanmelden als burger' }).click();
    await page.locator('input[name="persona"][value="jan"]').check();
    await page.locator('input[name="means"][value="itsme"]').check();
    await page.locator('button[name="action"][value="login"]').click();
    await page.waitForURL(`${portal.url}/request/parkeerkaart.bewoners`);

    expect(await page.locator('#f-address-street').inputValue()).toBe('Kerkstraat');
    expect(await page.locator('#f-address-number').inputValue()).toBe('12');
    expect(await page.locator('#f-address-municipality').inputValue()).toBe('Smartegem');
    expect(await page.locator('#f-address-street').getAttribute('readonly')).not.toBeNull();
    expect(await visible()).toContain('Ingevuld uit het rijksregister. Dit kunt u hier niet wijzigen.');
    // The plate is the requester's: empty and editable.
    expect(await page.locator('#f-plate').inputValue()).toBe('');
    expect(await page.locator('#f-plate').getAttribute('readonly')).toBeNull();
    await page.screenshot({ path: join(shots, 'prefill-form.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    const [started] = await portal.d.db.audit.list({
      subjectId: jan.insz,
      categories: ['consultation_started'],
    });
    expect(started).toMatchObject({
      service: 'magda:GeefPersoon-02.02',
      legalBasis: ADDRESS_LEGAL_BASIS,
      purpose: 'prefill:parkeerkaart.bewoners',
      requestId: null,
    });
  });

  it('says where the value came from in French and English too', async () => {
    for (const [lang, text] of [
      ['fr', 'Donnée reprise du Registre national. Vous ne pouvez pas la modifier ici.'],
      ['en', 'Filled in from the National Register. You cannot change it here.'],
    ] as const) {
      await page.goto(`${portal.url}/request/parkeerkaart.bewoners?lang=${lang}`);
      expect(await page.locator('#f-address-street').inputValue()).toBe('Kerkstraat');
      expect(await visible()).toContain(text);
    }
    await page.screenshot({ path: join(shots, 'prefill-form-en.png'), fullPage: true });
    await page.goto(`${portal.url}/request/parkeerkaart.bewoners?lang=nl`);
  });

  it('refuses a changed address (read-only removed in the browser) and stores nothing', async () => {
    const file = join(shots, 'inschrijvingsbewijs.pdf');
    writeFileSync(file, minimalPdf('Inschrijvingsbewijs'));
    await page.locator('#f-plate').fill('1abc234');
    await page.locator('#f-registration').setInputFiles(file);
    // What a tampering browser (or a crafted POST) sends: the server must not take it.
    await page.evaluate(() => document.querySelector('#f-address-number')?.removeAttribute('readonly'));
    await page.locator('#f-address-number').fill('14');
    await Promise.all([
      page.waitForEvent('framenavigated'),
      page.getByRole('button', { name: 'Naar het overzicht' }).click(),
    ]);
    expect(await visible()).toContain(
      'Dit gegeven komt uit het rijksregister en kunt u hier niet wijzigen. Klopt het niet? Neem contact op met de dienst Burgerzaken.',
    );
    // The register's value is shown again, still locked.
    expect(await page.locator('#f-address-number').inputValue()).toBe('12');
    expect(await page.locator('#f-address-number').getAttribute('readonly')).not.toBeNull();
    await page.screenshot({ path: join(shots, 'prefill-refused.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    expect((await portal.d.db.requests.list({}, { limit: 10 })).items).toHaveLength(0);
  });

  it('files the permit with the register’s address, shown with its origin in the summary; /my lists the consultation', async () => {
    // The registration stays attached from the refused attempt.
    expect(await page.locator('.kept').innerText()).toContain('inschrijvingsbewijs.pdf');
    await Promise.all([
      page.waitForEvent('framenavigated'),
      page.getByRole('button', { name: 'Naar het overzicht' }).click(),
    ]);
    expect(await visible()).toContain('Kerkstraat 12');
    expect(await visible()).toContain('(uit het rijksregister)');
    await page.screenshot({ path: join(shots, 'prefill-summary.png'), fullPage: true });
    await Promise.all([
      page.waitForEvent('framenavigated'),
      page.getByRole('button', { name: 'Aanvraag indienen' }).click(),
    ]);
    const [request] = (await portal.d.db.requests.list({}, { limit: 10 })).items;
    expect(request?.state).toBe('in_review');
    expect((request!.form as { address: { number: string } }).address.number).toBe('12');

    await page.goto(`${portal.url}/my/consultations`);
    const row = page
      .locator('table.consultations tbody tr')
      .filter({ hasText: 'Parkeerkaart bewoners' })
      .first();
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Naam en adres van de aanvrager, om het formulier vooraf in te vullen');
    expect(text).not.toContain('magda:');
    expect(text).toContain('uzelf');
    expect(text).toContain('Uw formulier "Parkeerkaart bewoners" vooraf invullen');
    await page.screenshot({ path: join(shots, 'prefill-consultations.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
