/**
 * The reporter's side of meldingen in chromium (issue 25, decision 1501): before filing, the open
 * reports of the same category nearby, without personal data; following one instead of filing
 * (anonymous: after the address is confirmed by mail); the follower gets the status mail.
 * Screenshots in nl and fr when SMARTLOKET_SCREENSHOT_DIR is set.
 */
import type { Actor } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { type GeoSimulator, SMARTEGEM_BOUNDARY, startGeoSimulator } from '@smartloket/dev-world/geo';
import { fakeIdentities } from '@smartloket/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meldingenPlugin } from '../../plugins/meldingen/src/index.js';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();
const shots = process.env.SMARTLOKET_SCREENSHOT_DIR;
const clerk: Actor = { type: 'staff', id: 'karin', name: 'Karin Goossens' };

async function scan(page: Page, label: string) {
  expect({ page: label, violations: await accessibilityViolations(page) }).toEqual({
    page: label,
    violations: [],
  });
}

describe.runIf(run)('the reporter sees nearby open reports and follows one (meldingen), in chromium', () => {
  let portal: TestPortal;
  let browser: Browser;
  let geo: GeoSimulator;
  let database: TestDatabase | undefined;
  let existing: { id: string; reference: string };
  const contexts: BrowserContext[] = [];

  async function newPage(locale: string): Promise<Page> {
    const context = await browser.newContext({ locale });
    contexts.push(context);
    return context.newPage();
  }

  async function outbox(): Promise<{ recipient: string; payload: Record<string, any> }[]> {
    const rows = await portal.d.db.knex('outbox').orderBy('created_at').select('recipient', 'payload');
    return rows.map((r) => ({
      recipient: r.recipient,
      payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
    }));
  }

  beforeAll(async () => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    geo = await startGeoSimulator();
    portal = await startTestPortal({
      databaseUrl: database?.url,
      databaseOwnerUrl: database?.ownerUrl,
      plugins: [
        {
          plugin: meldingenPlugin,
          options: {
            municipality: 'Smartegem',
            boundary: SMARTEGEM_BOUNDARY,
            addressRegister: { url: geo.url, geolocationUrl: geo.url },
            map: { tileUrl: geo.tileUrl, attribution: 'Dev world', zoom: 16 },
          },
        },
      ],
    });
    // Someone already reported the lamp at Kerkstraat 10, about 20 m from number 12.
    const filed = await portal.d.requests.submit({
      typeId: 'meldingen.verlichting',
      input: {
        subCategory: 'lamp-uit',
        description: 'Jan Peeters zag de lamp uitvallen.',
        address: 'Kerkstraat 10',
        location: '50.9612,3.9688',
      },
      locale: 'nl',
      identity: fakeIdentities.citizen(),
    });
    existing = { id: filed.request.id, reference: filed.request.reference };
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await portal?.close();
    await geo?.stop();
    await database?.destroy();
  });

  async function fillUntilSummary(page: Page, texts: Record<string, string>, email: string) {
    await page.goto(`${portal.url}/request/meldingen.verlichting`);
    await page.getByLabel(texts.email!).fill(email);
    await page.getByLabel(texts.sub!).check();
    await page.getByLabel(texts.description!).fill(texts.descriptionValue!);
    await page.getByRole('button', { name: texts.next! }).click();
    await page.getByLabel(texts.address!).fill('Kerkstraat 12');
    await page.getByRole('button', { name: texts.next! }).click();
    await page.getByLabel('Kerkstraat 12, 9999 Smartegem').check();
    await page.getByRole('button', { name: texts.next! }).click();
    await page.getByRole('button', { name: texts.toSummary! }).click();
  }

  it('in Dutch: the nearby report without personal data, followed after the e-mail confirmation; the follower gets the status mail', async () => {
    const page = await newPage('nl-BE');
    await fillUntilSummary(
      page,
      {
        email: 'Uw e-mailadres',
        sub: 'Lamp brandt niet',
        description: 'Beschrijving',
        descriptionValue: 'De lamp voor nummer 12 brandt niet.',
        next: 'Volgende',
        address: 'Adres of omschrijving van de plaats',
        toSummary: 'Naar het overzicht',
      },
      'volger@example.org',
    );
    const nearby = page.locator('section.nearby-reports');
    await expect.poll(() => nearby.isVisible()).toBe(true);
    const text = (await nearby.textContent()) ?? '';
    expect(text).toContain('Is dit al gemeld?');
    expect(text).toMatch(
      /Lamp brandt niet — op \d+ m, gemeld op \d+ [a-z]+ 2026, (Ontvangen|Ingediend|In behandeling)/i,
    );
    // No personal data of the other reporter: not their description, not their name.
    expect(text).not.toContain('Jan Peeters');
    expect(text).not.toContain('zag de lamp');
    expect(await page.getByRole('button', { name: 'Toch mijn melding indienen' }).isVisible()).toBe(true);
    await scan(page, 'summary with nearby reports (nl)');
    if (shots) await page.screenshot({ path: `${shots}/meldingen-nearby-nl.png`, fullPage: true });

    await page.getByRole('button', { name: `Volg deze melding ${existing.reference}` }).click();
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain('We stuurden een e-mail naar volger@example.org');
    expect(await portal.d.db.meldingen.followers(existing.id)).toEqual([]);
    const confirmation = (await outbox()).filter((m) => m.payload.kind === 'email_confirmation').pop()!;
    expect(confirmation.recipient).toBe('volger@example.org');
    await page.goto(`${portal.url}/email/confirm/${confirmation.payload.data.token}`);
    await page
      .getByRole('button')
      .filter({ hasText: /bevestig/i })
      .first()
      .click();
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain(`U volgt melding ${existing.reference}`);
    if (shots) await page.screenshot({ path: `${shots}/meldingen-following-nl.png`, fullPage: true });
    expect((await portal.d.db.meldingen.followers(existing.id)).map((f) => f.email)).toEqual([
      'volger@example.org',
    ]);

    // The clerk starts and resolves it: the follower gets the status mails in Dutch.
    await portal.d.requests.act(existing.id, { action: 'start' }, clerk);
    await portal.d.requests.act(existing.id, { action: 'resolve', reason: 'De lamp is vervangen.' }, clerk);
    const mails = (await outbox()).filter(
      (m) => m.recipient === 'volger@example.org' && m.payload.kind === 'report_status_changed',
    );
    expect(
      mails.map((m) => [m.payload.locale, m.payload.data.follower, m.payload.data.reason]),
    ).toContainEqual(['nl', true, 'De lamp is vervangen.']);
  });

  it('in French: the same list and buttons', async () => {
    // A second open report to list (the first is resolved now).
    await portal.d.requests.submit({
      typeId: 'meldingen.verlichting',
      input: {
        subCategory: 'paal',
        description: 'Paal scheef',
        address: 'Kerkstraat 14',
        location: '50.9615,3.96845',
      },
      locale: 'nl',
      identity: fakeIdentities.citizen(),
    });
    const page = await newPage('fr-BE');
    await fillUntilSummary(
      page,
      {
        email: 'Votre adresse e-mail',
        sub: 'Lampe éteinte',
        description: 'Description',
        descriptionValue: 'La lampe devant le numéro 12 ne brûle pas.',
        next: 'Suivant',
        address: "Adresse ou description de l'endroit",
        toSummary: 'Vers le récapitulatif',
      },
      'suiveur@example.org',
    );
    const text = (await page.locator('section.nearby-reports').textContent()) ?? '';
    expect(text).toContain('Est-ce déjà signalé ?');
    expect(text).toMatch(/Poteau endommagé — à \d+ m, signalé le/);
    expect(await page.getByRole('button', { name: 'Envoyer quand même mon signalement' }).isVisible()).toBe(
      true,
    );
    await scan(page, 'summary with nearby reports (fr)');
    if (shots) await page.screenshot({ path: `${shots}/meldingen-nearby-fr.png`, fullPage: true });
  });
});

describe.runIf(run)(
  'the reporter reads the answer and reopens a resolved report once (meldingen), in chromium',
  () => {
    let portal: TestPortal;
    let browser: Browser;
    let database: TestDatabase | undefined;
    let context: BrowserContext | undefined;

    beforeAll(async () => {
      const unavailable = await postgresUnavailableReason();
      if (unavailable && process.env.CI) throw new Error(unavailable);
      if (!unavailable) database = await createTestDatabase('postgres');
      portal = await startTestPortal({
        databaseUrl: database?.url,
        databaseOwnerUrl: database?.ownerUrl,
        plugins: [
          { plugin: meldingenPlugin, options: { municipality: 'Smartegem', boundary: SMARTEGEM_BOUNDARY } },
        ],
      });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await portal?.close();
      await database?.destroy();
    });

    for (const [locale, texts] of [
      [
        'nl-BE',
        {
          answer: 'Antwoord van de gemeente',
          reopen: 'Niet opgelost?',
          reason: 'Wat is er niet opgelost?',
          button: 'Melding heropenen',
          state: 'In behandeling',
        },
      ],
      [
        'fr-BE',
        {
          answer: 'Réponse de la commune',
          reopen: 'Pas résolu ?',
          reason: 'Qu’est-ce qui n’est pas résolu ?',
          button: 'Rouvrir le signalement',
          state: 'En traitement',
        },
      ],
    ] as const) {
      it(`${locale}: the answer on the link page, "not fixed" with a reason, once, within 14 days`, async () => {
        const filed = await portal.d.requests.submit({
          typeId: 'meldingen.wegdek',
          input: {
            subCategory: 'put',
            description: 'Put in de weg',
            address: 'Marktplein 1',
            location: '50.96,3.97',
          },
          locale: locale === 'nl-BE' ? 'nl' : 'fr',
          anonymousEmail: 'melder@example.org',
          idempotencyKey: `reopen-${locale}`,
        });
        const id = filed.request.id;
        await portal.d.requests.act(id, { action: 'start' }, clerk);
        await portal.d.requests.act(id, { action: 'resolve', reason: 'De put is gedicht.' }, clerk);

        context = await browser.newContext({ locale });
        const page = await context.newPage();
        await page.goto(`${portal.url}/follow/${filed.followToken}`);
        const main = page.locator('main');
        await expect.poll(() => main.textContent()).toContain(texts.answer);
        expect(await main.textContent()).toContain('De put is gedicht.');
        expect(await main.textContent()).toContain(texts.reopen);
        await scan(page, `feedback (${locale})`);
        if (shots)
          await page.screenshot({ path: `${shots}/meldingen-feedback-${locale}.png`, fullPage: true });

        await page.getByLabel(texts.reason).fill('Er ligt nog altijd een gat naast het deksel.');
        await page.getByRole('button', { name: texts.button }).click();
        await expect.poll(() => main.textContent()).toContain(texts.state);
        // Once: the form is gone; the runtime refuses a second time.
        expect(await main.textContent()).not.toContain(texts.reopen);
        expect((await portal.d.db.meldingen.place(id))?.reopenedCount).toBe(1);
        const reopen = (await portal.d.db.events.list(id)).find((e) => e.type === 'reopen');
        expect(reopen?.reason).toBe('Er ligt nog altijd een gat naast het deksel.');
        if (shots)
          await page.screenshot({ path: `${shots}/meldingen-reopened-${locale}.png`, fullPage: true });
        await portal.d.requests.act(id, { action: 'resolve', reason: 'Nu echt gedicht.' }, clerk);
        await expect(
          portal.d.requests.act(id, { action: 'reopen', reason: 'Nog steeds niet.' }, { type: 'requester' }),
        ).rejects.toMatchObject({ code: 'REOPEN_REFUSED' });
        await context.close();
        context = undefined;
      });
    }

    it('not after 14 days', async () => {
      const filed = await portal.d.requests.submit({
        typeId: 'meldingen.wegdek',
        input: { subCategory: 'put', description: 'Put', address: 'Marktplein 1', location: '50.96,3.97' },
        locale: 'nl',
        anonymousEmail: 'laat@example.org',
        idempotencyKey: 'reopen-late',
      });
      await portal.d.requests.act(filed.request.id, { action: 'start' }, clerk);
      await portal.d.requests.act(filed.request.id, { action: 'resolve', reason: 'Gedicht.' }, clerk);
      portal.d.clock.advance(15 * 24 * 3600_000);
      const html = await (await fetch(`${portal.url}/follow/${filed.followToken}`)).text();
      expect(html).toContain('Gedicht.');
      expect(html).not.toContain('Niet opgelost?');
      await expect(
        portal.d.requests.act(filed.request.id, { action: 'reopen', reason: 'Nee' }, { type: 'requester' }),
      ).rejects.toMatchObject({ code: 'REOPEN_REFUSED' });
    });
  },
);
