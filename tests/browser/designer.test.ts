/**
 * The form designer (issue 23) in chromium on PostgreSQL: a functional admin builds
 * "Aanvraag gebruik feestzaal" (two steps, a condition, an upload, a document), previews it in
 * French and publishes it; a citizen files it in the portal; the admin publishes version 2 with a
 * new required field; the first request still shows version 1 to the clerk; the clerk approves
 * and the sealed document carries the answers (pdftotext). Keyboard reordering without
 * JavaScript, axe-core on every designer page; screenshots in SMARTLOKET_SCREENSHOT_DIR (the
 * docs' screenshots come from here).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import type { MailSender } from '@smartloket/runtime';
import {
  createTestDeployment,
  minimalPdf,
  type TestDeployment,
  type TestSeal,
  testSeal,
} from '@smartloket/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const TYPE = 'gemeente.feestzaal';
const pdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(browserAvailable())('the form designer in chromium (issue 23)', () => {
  let database: TestDatabase | undefined;
  let seal: TestSeal;
  let d: TestDeployment;
  let portal: TestPortal;
  let browser: Browser;
  const mails: Parameters<MailSender['send']>[0][] = [];
  const contexts: BrowserContext[] = [];
  const shots = process.env.SMARTLOKET_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'smartloket-designer-'));
  const work = mkdtempSync(join(tmpdir(), 'smartloket-designer-work-'));

  beforeAll(async () => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    seal = testSeal();
    d = await createTestDeployment({
      plugins: [],
      services: [seal.service],
      mailSender: {
        async send(message) {
          mails.push(message);
        },
      },
      databaseUrl: database?.url,
      databaseOwnerUrl: database?.ownerUrl,
    });
    portal = await startTestPortal({ deployment: d });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await portal?.close();
    await d?.close();
    seal?.dispose();
    await database?.destroy();
    console.log(`[screenshots] ${shots}`);
  });

  /** A browser (without JavaScript when `js` is false) logged in as `persona` at `path`. */
  async function loggedIn(persona: string, path: string, js = true): Promise<Page> {
    const context = await browser.newContext({ locale: 'nl-BE', javaScriptEnabled: js });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${portal.url}${path}`);
    // The portal asks a citizen to log in first; the back-office sends staff to the login at once.
    if (!path.startsWith('/backoffice'))
      await page.getByRole('link', { name: 'Aanmelden als burger' }).click();
    await page.locator(`input[name="persona"][value="${persona}"]`).check();
    await page.locator('input[name="means"][value="itsme"]').check();
    await page.locator('button[name="action"][value="login"]').click();
    await page.waitForURL(`${portal.url}${path}`);
    return page;
  }

  async function axe(page: Page, name: string) {
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    expect(await accessibilityViolations(page), name).toEqual([]);
  }

  /** Submits the form that holds `button` and waits for the next page. */
  async function press(page: Page, button: ReturnType<Page['locator']>) {
    await Promise.all([page.waitForEvent('framenavigated'), button.click()]);
  }

  async function fieldPage(page: Page, label: string) {
    await press(page, page.getByRole('link', { name: `Bewerken: ${label}` }));
  }

  let admin: Page;
  let firstRequestId: string;

  it('a functional admin builds the type: two steps, a condition, an upload, a document', async () => {
    // Only the functional admin: a case handler gets "not found".
    const clerk = await loggedIn('karin', '/backoffice');
    const res = await clerk.goto(`${portal.url}/backoffice/designer`);
    expect(res?.status()).toBe(404);

    admin = await loggedIn('tine', '/backoffice/designer');
    expect(await admin.locator('nav').first().textContent()).toContain('Formulieren');
    await axe(admin, 'designer-list');
    await admin.getByLabel('Korte naam (voor het webadres)').fill('feestzaal');
    await admin.getByLabel('Titel (Nederlands)').fill('Aanvraag gebruik feestzaal');
    await press(admin, admin.getByRole('button', { name: 'Aanmaken' }));
    expect(admin.url()).toBe(`${portal.url}/backoffice/designer/${TYPE}`);
    expect(await admin.locator('h1').textContent()).toBe('Aanvraag gebruik feestzaal');

    // General: the translations and the description.
    const general = admin.locator('form', { has: admin.getByRole('heading', { name: 'Algemeen' }) });
    await general.locator('[name="title.fr"]').fill("Demande d'utilisation de la salle des fêtes");
    await general.locator('[name="title.en"]').fill('Request to use the town hall');
    await general
      .locator('[name="description.nl"]')
      .fill('Huur de feestzaal voor een feest of een vergadering.');
    await general
      .locator('[name="description.fr"]')
      .fill('Louez la salle des fêtes pour une fête ou une réunion.');
    await general.locator('[name="description.en"]').fill('Rent the town hall for a party or a meeting.');
    await general.getByLabel('Behandeltermijn (werkdagen)').fill('10');
    // A theme of the municipality's own, with its name in the catalogue.
    await general.getByLabel('Korte naam van het thema (bv. zalen)').fill('zalen');
    await general.locator('[name="themeTitle.nl"]').fill('Zalen en evenementen');
    await general.locator('[name="themeTitle.fr"]').fill('Salles et événements');
    await general.locator('[name="themeTitle.en"]').fill('Halls and events');
    await press(admin, general.getByRole('button', { name: 'Bewaren' }));

    // Delivery, retention and fee: a wrong number is refused with its name, nothing saved.
    const terms = () =>
      admin.locator('form', {
        has: admin.getByRole('heading', { name: 'Levering, bewaring en retributie' }),
      });
    await terms().locator('[name="expectedDelivery.nl"]').fill('Binnen twee weken');
    await terms().locator('[name="expectedDelivery.fr"]').fill('Dans les deux semaines');
    await terms().locator('[name="expectedDelivery.en"]').fill('Within two weeks');
    await terms().getByLabel('Antwoorden bewaren (dagen, leeg: standaard van de gemeente)').fill('een jaar');
    await press(admin, terms().getByRole('button', { name: 'Bewaren' }));
    expect(await admin.getByRole('alert').textContent()).toContain(
      'Antwoorden bewaren: een geheel getal van 1 tot 36500.',
    );
    await terms().locator('[name="expectedDelivery.nl"]').fill('Binnen twee weken');
    await terms().locator('[name="expectedDelivery.fr"]').fill('Dans les deux semaines');
    await terms().locator('[name="expectedDelivery.en"]').fill('Within two weeks');
    await terms().getByLabel('Antwoorden bewaren (dagen, leeg: standaard van de gemeente)').fill('365');
    await press(admin, terms().getByRole('button', { name: 'Bewaren' }));

    // Step 1: its title and three fields.
    const step1 = admin.locator('form.edit-step').first();
    await step1.locator('[name="title.nl"]').fill('Uw evenement');
    await step1.locator('[name="title.fr"]').fill('Votre événement');
    await step1.locator('[name="title.en"]').fill('Your event');
    await press(admin, step1.getByRole('button', { name: 'Bewaren' }));
    const add = async (step: number, kind: string, label: string) => {
      const form = admin.locator('form.add-field').nth(step);
      await form.getByLabel('Soort veld').selectOption({ label: kind });
      await form.getByLabel('Vraag (Nederlands)').fill(label);
      await press(admin, form.getByRole('button', { name: 'Veld toevoegen' }));
    };
    await add(0, 'Datum', 'Datum van het evenement');
    await add(0, 'Keuze', 'Soort evenement');
    await add(0, 'Korte tekst', 'Welke muziek?');

    // The choice's options and translations.
    await fieldPage(admin, 'Soort evenement');
    await axe(admin, 'designer-field-choice');
    await admin.locator('[name="label.fr"]').fill("Type d'événement");
    await admin.locator('[name="label.en"]').fill('Kind of event');
    for (const [i, [nl, fr, en]] of [
      ['Feest', 'Fête', 'Party'],
      ['Vergadering', 'Réunion', 'Meeting'],
    ].entries()) {
      await admin.locator(`[name="option${i}.nl"]`).fill(nl!);
      await admin.locator(`[name="option${i}.fr"]`).fill(fr!);
      await admin.locator(`[name="option${i}.en"]`).fill(en!);
    }
    await press(admin, admin.getByRole('button', { name: 'Bewaren' }));

    // The condition, picked (not typed): music only for a party.
    await fieldPage(admin, 'Welke muziek?');
    await admin.locator('[name="label.fr"]').fill('Quelle musique ?');
    await admin.locator('[name="label.en"]').fill('What music?');
    await admin.getByLabel('Verplicht').uncheck();
    await admin.getByLabel('Alleen als “Soort evenement” een van deze waarden heeft').check();
    await admin.getByLabel('Feest', { exact: true }).check();
    await axe(admin, 'designer-field-condition');
    await press(admin, admin.getByRole('button', { name: 'Bewaren' }));
    expect(await admin.locator('main').textContent()).toContain('Alleen als “Soort evenement” is: Feest');

    // The choice's values: the one the condition uses cannot be removed (named error, nothing
    // changed); renamed, the condition follows; an option added, moved up and removed.
    await fieldPage(admin, 'Soort evenement');
    await press(admin, admin.getByRole('button', { name: 'Verwijderen: Feest' }));
    expect(await admin.getByRole('alert').textContent()).toContain(
      'Keuze “Feest” kan niet verwijderd worden: de voorwaarde van veld “Welke muziek?” gebruikt ze.',
    );
    await admin.locator('[name="option0.value"]').fill('feest');
    await admin.locator('[name="option1.value"]').fill('vergadering');
    await admin.locator('[name="option2.nl"]').fill('Receptie');
    await press(admin, admin.getByRole('button', { name: 'Omhoog: Vergadering' }));
    expect(await admin.getByRole('status').textContent()).toBe('Bewaard.');
    expect(
      await admin
        .locator('fieldset.choice-option input[name$=".value"]')
        .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
    ).toEqual(['vergadering', 'feest', 'receptie', '']);
    await axe(admin, 'designer-field-options');
    await press(admin, admin.getByRole('button', { name: 'Verwijderen: Receptie' }));
    await press(admin, admin.getByRole('button', { name: 'Omlaag: Vergadering' }));
    await press(admin, admin.getByRole('link', { name: 'Terug naar het formulier' }));
    expect(await admin.locator('main').textContent()).toContain('Alleen als “Soort evenement” is: Feest');
    const stored = (await d.db.declarativeTypes.design(TYPE))?.draft as {
      steps: Array<{
        fields: Array<{ name: string; options?: Array<{ value: string }>; showWhen?: unknown }>;
      }>;
    };
    const fieldsNow = stored.steps[0]!.fields;
    expect(fieldsNow.find((f) => f.name === 'soortEvenement')?.options?.map((o) => o.value)).toEqual([
      'feest',
      'vergadering',
    ]);
    expect(fieldsNow.find((f) => f.name === 'welkeMuziek')?.showWhen).toEqual({
      field: 'soortEvenement',
      in: ['feest'],
    });

    await fieldPage(admin, 'Datum van het evenement');
    await admin.locator('[name="label.fr"]').fill("Date de l'événement");
    await admin.locator('[name="label.en"]').fill('Date of the event');
    await press(admin, admin.getByRole('button', { name: 'Bewaren' }));

    // Step 2 with an upload, PDF only.
    const addStep = admin.locator('form', { has: admin.getByRole('button', { name: 'Stap toevoegen' }) });
    await addStep.locator('[name="title.nl"]').fill('Bijlagen');
    await addStep.locator('[name="title.fr"]').fill('Annexes');
    await addStep.locator('[name="title.en"]').fill('Attachments');
    await press(admin, addStep.getByRole('button', { name: 'Stap toevoegen' }));
    await add(1, 'Bijlage (upload)', 'Verzekeringsattest');
    await fieldPage(admin, 'Verzekeringsattest');
    await admin.locator('[name="label.fr"]').fill("Attestation d'assurance");
    await admin.locator('[name="label.en"]').fill('Insurance certificate');
    await admin.getByLabel('Foto (JPEG)').uncheck();
    await admin.getByLabel('Afbeelding (PNG)').uncheck();
    await press(admin, admin.getByRole('button', { name: 'Bewaren' }));

    // Keyboard reordering in a browser without JavaScript: move "Welke muziek?" up and back down.
    const noJs = await loggedIn('tine', `/backoffice/designer/${TYPE}`, false);
    const order = async () =>
      (await noJs.locator('ol.designer-fields li strong').allTextContents()).filter(Boolean);
    await noJs.getByRole('button', { name: 'Omhoog: Welke muziek?' }).focus();
    await Promise.all([noJs.waitForEvent('framenavigated'), noJs.keyboard.press('Enter')]);
    expect(await order()).toEqual([
      'Datum van het evenement',
      'Welke muziek?',
      'Soort evenement',
      'Verzekeringsattest',
    ]);
    // A field before its condition's choice cannot be shown: the check says so.
    expect(await noJs.locator('.findings').textContent()).toContain('“Welke muziek?” wordt nooit getoond');
    await noJs.getByRole('button', { name: 'Omlaag: Welke muziek?' }).focus();
    await Promise.all([noJs.waitForEvent('framenavigated'), noJs.keyboard.press('Enter')]);
    expect(await order()).toEqual([
      'Datum van het evenement',
      'Soort evenement',
      'Welke muziek?',
      'Verzekeringsattest',
    ]);
    await admin.reload();

    // The document: title, introduction, the date and the kind printed.
    const doc = admin.locator('form', {
      has: admin.getByRole('heading', { name: 'Document na goedkeuring' }),
    });
    await doc.getByLabel('Een goedkeuring levert een gezegeld document op').check();
    await doc.locator('[name="docTitle.nl"]').fill('Toelating gebruik feestzaal');
    await doc.locator('[name="docTitle.fr"]').fill("Autorisation d'utilisation de la salle des fêtes");
    await doc.locator('[name="docTitle.en"]').fill('Permission to use the town hall');
    await doc
      .locator('[name="intro.nl"]')
      .fill('Het college geeft toelating voor het gebruik van de feestzaal.');
    await doc.locator('[name="intro.fr"]').fill("Le collège autorise l'utilisation de la salle des fêtes.");
    await doc.locator('[name="intro.en"]').fill('The board permits the use of the town hall.');
    await doc.getByLabel('Datum van het evenement').check();
    await doc.getByLabel('Soort evenement').check();
    await press(admin, doc.getByRole('button', { name: 'Bewaren' }));

    // The type's own text in the receipt mail, with an answer picked from the list of placeholders.
    const mailTexts = admin.locator('form', { has: admin.getByRole('heading', { name: 'E-mailteksten' }) });
    expect(await mailTexts.textContent()).toContain(
      '{{answers.datumVanHetEvenement}} Datum van het evenement',
    );
    await mailTexts
      .locator('[name="mail.receipt.nl"]')
      .fill('Breng de sleutel terug na {{answers.datumVanHetEvenement}}.');
    await mailTexts
      .locator('[name="mail.receipt.fr"]')
      .fill('Rapportez la clé après le {{answers.datumVanHetEvenement}}.');
    await press(admin, mailTexts.getByRole('button', { name: 'Bewaren' }));
    // A missing translation is named by the check (it does not block publishing).
    expect(await admin.locator('.findings').textContent()).toContain(
      'E-mailtekst bij de ontvangstbevestiging: vertaling ontbreekt (en).',
    );
    await mailTexts
      .locator('[name="mail.receipt.en"]')
      .fill('Bring the key back after {{answers.datumVanHetEvenement}}.');
    await press(admin, mailTexts.getByRole('button', { name: 'Bewaren' }));
    expect(await admin.locator('#check-h + p').textContent()).toBe('Geen problemen gevonden.');
    await axe(admin, 'designer-type');
  });

  it('previews the form in French as a citizen sees it, a step at a time, and in the other languages', async () => {
    await press(admin, admin.getByRole('link', { name: 'Voorbeeld als burger (FR)' }));
    expect(await admin.locator('html').getAttribute('lang')).toBe('fr');
    let main = (await admin.locator('main').textContent()) ?? '';
    expect(main).toContain("Demande d'utilisation de la salle des fêtes");
    expect(await admin.locator('h2#preview-step').textContent()).toBe('Étape 1 sur 2 : Votre événement');
    expect(main).toContain("Date de l'événement");
    expect(main).not.toContain("Attestation d'assurance");
    expect(main).toContain('Rien n’est envoyé.');
    // The condition works in the preview as in the portal: the music only for a party.
    expect(await admin.locator('#f-welkeMuziek').isHidden()).toBe(true);
    await admin.getByLabel('Fête', { exact: true }).check();
    expect(await admin.locator('#f-welkeMuziek').isVisible()).toBe(true);
    await axe(admin, 'designer-preview-fr');
    await press(admin, admin.getByRole('link', { name: 'Étape suivante' }));
    main = (await admin.locator('main').textContent()) ?? '';
    expect(await admin.locator('h2#preview-step').textContent()).toBe('Étape 2 sur 2 : Annexes');
    expect(main).toContain("Attestation d'assurance");
    expect(main).not.toContain('Étape suivante');
    // The same step in English, then back.
    await press(admin, admin.getByRole('link', { name: 'English' }));
    expect(await admin.locator('html').getAttribute('lang')).toBe('en');
    expect(await admin.locator('h2#preview-step').textContent()).toBe('Step 2 of 2: Attachments');
    await axe(admin, 'designer-preview-en-step-2');
    await press(admin, admin.getByRole('link', { name: 'Back to the form' }));
  });

  it('publishes version 1; a citizen files it in the portal', async () => {
    await press(admin, admin.getByRole('button', { name: 'Publiceren' }));
    expect(await admin.getByRole('status').first().textContent()).toBe('Versie 1 is gepubliceerd.');

    // What the designer set has its effect on the published type: theme name, delivery, retention.
    const published = d.kernel.requestType(TYPE)!.definition;
    expect([published.theme, published.themeTitle?.fr, published.expectedDelivery.nl]).toEqual([
      'zalen',
      'Salles et événements',
      'Binnen twee weken',
    ]);
    expect([published.retention.formDataDays, published.leadTimeDays]).toEqual([365, 10]);

    const citizen = await loggedIn('jan', `/request/${TYPE}`);
    expect(await citizen.locator('h1').textContent()).toBe('Aanvraag gebruik feestzaal');
    await citizen.locator('#f-datumVanHetEvenement').fill('2026-06-13');
    // The condition: the music question appears only for a party.
    expect(await citizen.locator('#f-welkeMuziek').isHidden()).toBe(true);
    await citizen.getByLabel('Feest', { exact: true }).check();
    expect(await citizen.locator('#f-welkeMuziek').isVisible()).toBe(true);
    await citizen.locator('#f-welkeMuziek').fill('Jazz');
    await press(citizen, citizen.getByRole('button', { name: 'Volgende' }));
    const pdf = join(work, 'verzekering.pdf');
    writeFileSync(pdf, minimalPdf('Verzekering'));
    await citizen.locator('#f-verzekeringsattest').setInputFiles(pdf);
    await press(citizen, citizen.getByRole('button', { name: 'Naar het overzicht' }));
    expect(await citizen.locator('main').textContent()).toContain('Jazz');
    await press(citizen, citizen.getByRole('button', { name: 'Aanvraag indienen' }));
    const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(citizen.url())?.[1];
    expect(id).toBeDefined();
    firstRequestId = id!;
    const stored = await d.db.requests.get(firstRequestId);
    expect([stored?.typeVersion, stored?.state]).toEqual([1, 'in_review']);
    // The receipt mail carries the type's text, filled with the answer.
    await d.runJobs();
    const receipt = mails.find((m) => 'reference' in m && m.reference === stored?.reference);
    expect(receipt && 'typeText' in receipt ? receipt.typeText : undefined).toBe(
      'Breng de sleutel terug na 13/06/2026.',
    );
  });

  it('publishes version 2 with a new required field; the clerk still sees version 1 of the first request, approves, and the document carries the answers', async () => {
    await admin.goto(`${portal.url}/backoffice/designer/${TYPE}`);
    const form = admin.locator('form.add-field').first();
    await form.getByLabel('Soort veld').selectOption({ label: 'Getal' });
    await form.getByLabel('Vraag (Nederlands)').fill('Aantal gasten');
    await press(admin, form.getByRole('button', { name: 'Veld toevoegen' }));
    await press(admin, admin.getByRole('link', { name: 'Versies' }));
    expect(await admin.locator('main').textContent()).toContain(
      'Veld “Aantal gasten” (verplicht) toegevoegd in stap “Uw evenement”.',
    );
    await axe(admin, 'designer-versions');
    await press(admin, admin.getByRole('link', { name: 'Terug naar het formulier' }));
    await press(admin, admin.getByRole('button', { name: 'Publiceren' }));
    expect(await admin.getByRole('status').first().textContent()).toBe('Versie 2 is gepubliceerd.');
    expect(d.kernel.requestType(TYPE)?.version).toBe(2);

    const clerk = await loggedIn('karin', `/backoffice/requests/${firstRequestId}`);
    const main = (await clerk.locator('main').textContent()) ?? '';
    expect(main).toContain('Welke muziek?');
    expect(main).toContain('Jazz');
    expect(main).not.toContain('Aantal gasten');
    await clerk.screenshot({ path: join(shots, 'designer-clerk-version-1.png'), fullPage: true });
    await press(clerk, clerk.getByRole('button', { name: /goedkeuren/ }));
    await d.runJobs();
    expect((await d.db.requests.get(firstRequestId))?.state).toBe('delivered');
    const [doc] = await d.db.documents.listByRequest(firstRequestId);
    const bytes = await d.db.documents.readBytes(doc!.id);
    const file = join(shots, 'designer-feestzaal.pdf');
    writeFileSync(file, bytes!);
    if (pdftotext) {
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Toelating gebruik feestzaal');
      expect(text).toContain('13/06/2026');
      expect(text).toContain('Feest');
      expect(text).not.toContain('Aantal gasten');
    }
  });

  it('exports the type as JSON and imports it back unchanged; every change is audited', async () => {
    const res = await admin.request.get(`${portal.url}/backoffice/designer/${TYPE}/export`);
    expect(res.headers()['content-disposition']).toContain(`${TYPE}.json`);
    const exported = await res.json();
    expect(exported.id).toBe(TYPE);
    await admin.goto(`${portal.url}/backoffice/designer`);
    await admin
      .getByLabel('Importeren (JSON)', { exact: true })
      .fill(JSON.stringify({ ...exported, title: { nl: '<b>x</b>' } }));
    await press(admin, admin.getByRole('button', { name: 'Importeren' }));
    expect(await admin.getByRole('alert').textContent()).toContain('title.nl: plain text only');
    await admin.getByLabel('Importeren (JSON)', { exact: true }).fill(JSON.stringify(exported));
    await press(admin, admin.getByRole('button', { name: 'Importeren' }));
    // The same definition comes back (with the format's defaults written out).
    expect((await d.db.declarativeTypes.design(TYPE))?.draft).toMatchObject(exported);
    const audit = await d.db.audit.list({
      categories: ['request_type_draft_saved', 'request_type_published'],
    });
    const changes = audit.map((a) => (a.data as { change?: string }).change ?? a.category);
    expect(changes).toEqual(
      expect.arrayContaining([
        'type_created',
        'field_added',
        'field_changed',
        'field_moved',
        'document_changed',
        'imported',
        'request_type_published',
      ]),
    );
    expect(audit.every((a) => a.actor.id === 'tine' || a.actor.type === 'staff')).toBe(true);
  });
});
