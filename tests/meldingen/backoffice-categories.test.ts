import type { Actor } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { SMARTEGEM_BOUNDARY } from '@smartloket/dev-world/geo';
import { createTestPlugin } from '@smartloket/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meldingenPlugin } from '../../plugins/meldingen/src/index.js';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();
const shots = process.env.SMARTLOKET_SCREENSHOT_DIR;

describe.runIf(run)('report categories in the back-office (meldingen), in chromium', () => {
  let portal: TestPortal;
  let browser: Browser;
  let database: TestDatabase | undefined;
  const contexts: BrowserContext[] = [];

  async function staffPage(persona: string, path: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'nl-BE' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${portal.url}${path}`);
    await page.locator(`input[name="persona"][value="${persona}"]`).check();
    await page.locator('input[name="means"][value="itsme"]').check();
    await page.locator('button[name="action"][value="login"]').click();
    await page.waitForURL(`${portal.url}${path}`);
    return page;
  }

  async function scan(page: Page, label: string) {
    expect({ page: label, violations: await accessibilityViolations(page) }).toEqual({
      page: label,
      violations: [],
    });
  }

  beforeAll(async () => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    portal = await startTestPortal({
      databaseUrl: database?.url,
      databaseOwnerUrl: database?.ownerUrl,
      plugins: [
        createTestPlugin(),
        { plugin: meldingenPlugin, options: { municipality: 'Smartegem', boundary: SMARTEGEM_BOUNDARY } },
      ],
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await portal?.close();
    await database?.destroy();
  });

  it('an administrator adds a main category with a team and a standard answer, a sub-category, and is told what is wrong', async () => {
    const admin: Actor = { type: 'staff', id: 'setup', name: 'Setup' };
    const team = await portal.d.db.teams.saveTeam(
      { name: 'Openbare werken', typePatterns: ['meldingen.*'], members: [] },
      admin,
    );

    const page = await staffPage('pieter', '/backoffice');
    await page
      .getByRole('navigation', { name: 'Backofficemenu' })
      .getByRole('link', { name: 'Meldingscategorieën' })
      .click();
    await page.waitForURL(`${portal.url}/backoffice/meldingen/categories`);
    expect(await page.locator('main').textContent()).toContain('Nog geen categorieën.');
    await scan(page, 'categories, empty');

    // A main category: code, names, team, handling time, a standard answer.
    await page.getByLabel('Code').fill('verlichting');
    await page.getByLabel('Naam (Nederlands)').fill('Straatverlichting');
    await page.getByLabel('Naam (Frans)').fill('Éclairage public');
    await page.getByLabel('Naam (Engels)').fill('Street lighting');
    await page.getByLabel('Team').selectOption({ label: 'Openbare werken' });
    await page.getByLabel('Behandeltermijn (werkdagen)').fill('5');
    await page.getByLabel('Titel (voor medewerkers)').fill('Lamp vervangen');
    await page.getByLabel('Antwoord (Nederlands)').fill('De lamp is vervangen. Bedankt voor uw melding.');
    await page.getByLabel('Antwoord (Frans)').fill('La lampe a été remplacée. Merci pour votre signalement.');
    await page.getByLabel('Antwoord (Engels)').fill('The lamp has been replaced. Thank you for your report.');
    await page.getByRole('button', { name: 'Categorie bewaren' }).click();
    await page.waitForURL(`${portal.url}/backoffice/meldingen/categories`);

    // A sub-category that belongs to it, without a team of its own.
    await page.getByLabel('Code').fill('lamp-uit');
    await page.getByLabel('Hoort bij').selectOption({ label: 'Straatverlichting' });
    await page.getByLabel('Naam (Nederlands)').fill('Lamp brandt niet');
    await page.getByLabel('Naam (Frans)').fill('Lampe éteinte');
    await page.getByLabel('Naam (Engels)').fill('Lamp is out');
    await page.getByRole('button', { name: 'Categorie bewaren' }).click();
    await page.waitForURL(`${portal.url}/backoffice/meldingen/categories`);

    const rows = page.locator('.categories-admin tbody tr');
    expect(await rows.allTextContents()).toEqual([
      expect.stringMatching(/^Straatverlichting\s*Openbare werken\s*5\s*ja\s*ja\s*1/),
      expect.stringMatching(/^Lamp brandt niet\s*ja\s*ja\s*0/),
    ]);
    await scan(page, 'categories with a main and a sub-category');
    if (shots) await page.screenshot({ path: `${shots}/meldingen-categories.png`, fullPage: true });

    // Stored with the team, the handling time and the answer in three languages.
    const stored = await portal.d.db.meldingen.categories();
    expect(stored.map((c) => [c.id, c.parentId, c.teamId, c.handlingDays])).toEqual([
      ['verlichting', null, team.id, 5],
      ['lamp-uit', 'verlichting', null, null],
    ]);
    expect(stored[0]!.standardAnswers).toEqual([
      {
        id: 'lamp-vervangen',
        title: 'Lamp vervangen',
        text: {
          nl: 'De lamp is vervangen. Bedankt voor uw melding.',
          fr: 'La lampe a été remplacée. Merci pour votre signalement.',
          en: 'The lamp has been replaced. Thank you for your report.',
        },
      },
    ]);

    // The main category's team handles its report type (inbox team view and counts) and its
    // handling time is the type's lead time (due dates), the same settings as Teams and Modules.
    expect((await portal.d.db.teams.teams())[0]!.typePatterns).toEqual([
      'meldingen.*',
      'meldingen.verlichting',
    ]);
    expect(await portal.d.db.settings.get('requestType.meldingen.verlichting.leadTimeDays')).toBe(5);

    // Wrong input: a translated message, what was typed stays, nothing is stored.
    await page.getByLabel('Code').fill('Lamp Uit!');
    await page.getByLabel('Naam (Nederlands)').fill('Iets');
    await page.getByLabel('Naam (Frans)').fill('Quelque chose');
    await page.getByLabel('Naam (Engels)').fill('Something');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Categorie bewaren' }).click(),
    ]);
    expect(response.status()).toBe(422);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Geef een code met kleine letters, cijfers en streepjes (hoogstens 50 tekens).');
    expect(await page.getByLabel('Naam (Nederlands)').inputValue()).toBe('Iets');
    await scan(page, 'categories with an error');
    if (shots) await page.screenshot({ path: `${shots}/meldingen-categories-error.png`, fullPage: true });
    expect(await portal.d.db.meldingen.categories()).toHaveLength(2);

    // Editing: the code stays, the rest changes; a half-filled answer is refused.
    await page.goto(`${portal.url}/backoffice/meldingen/categories?edit=verlichting`);
    expect(await page.getByLabel('Code').getAttribute('readonly')).not.toBeNull();
    await page.getByLabel('Zonder aanmelden', { exact: false }).first().uncheck();
    await page.locator('input[name="answerTitle"]').nth(1).fill('Doorgegeven');
    await page.getByRole('button', { name: 'Categorie bewaren' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Vul van elk standaardantwoord de titel en de tekst in het Nederlands, Frans en Engels in.');
    await page.locator('input[name="answerTitle"]').nth(1).fill('');
    await page.getByRole('button', { name: 'Categorie bewaren' }).click();
    await page.waitForURL(`${portal.url}/backoffice/meldingen/categories`);
    expect((await portal.d.db.meldingen.categories())[0]!.anonymousAllowed).toBe(false);

    // Another team and no handling time: the type moves to that team and keeps no lead time of its own.
    const other = await portal.d.db.teams.saveTeam(
      { name: 'Signalisatie', typePatterns: [], members: [] },
      admin,
    );
    await page.goto(`${portal.url}/backoffice/meldingen/categories?edit=verlichting`);
    await page.getByLabel('Team').selectOption({ label: 'Signalisatie' });
    await page.getByLabel('Behandeltermijn (werkdagen)').fill('');
    await page.getByRole('button', { name: 'Categorie bewaren' }).click();
    await page.waitForURL(`${portal.url}/backoffice/meldingen/categories`);
    const teams = await portal.d.db.teams.teams();
    expect(teams.find((t) => t.id === team.id)!.typePatterns).toEqual(['meldingen.*']);
    expect(teams.find((t) => t.id === other.id)!.typePatterns).toEqual(['meldingen.verlichting']);
    expect(await portal.d.db.settings.get('requestType.meldingen.verlichting.leadTimeDays')).toBeUndefined();

    // Removing the main category removes its sub-category; every change is in the audit log.
    await page.getByRole('button', { name: 'Verwijderen: Straatverlichting' }).click();
    await page.waitForURL(`${portal.url}/backoffice/meldingen/categories`);
    expect(await portal.d.db.meldingen.categories()).toEqual([]);
    const audit = await portal.d.db.audit.list({
      categories: ['report_category_saved', 'report_category_removed'],
    });
    expect(audit.map((a) => a.category).sort()).toEqual([
      'report_category_removed',
      'report_category_saved',
      'report_category_saved',
      'report_category_saved',
      'report_category_saved',
    ]);
  });

  it('a case handler neither sees the link nor opens the page (the back-office’s 404, as for other admin pages)', async () => {
    const page = await staffPage('karin', '/backoffice');
    expect(await page.getByRole('link', { name: 'Meldingscategorieën' }).count()).toBe(0);
    const res = await page.goto(`${portal.url}/backoffice/meldingen/categories`);
    expect(res?.status()).toBe(404);
  });
});
