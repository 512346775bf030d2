import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, startOfBrusselsDay } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { DEMO_MUNICIPALITY } from '@smartloket/dev-population';
import { type DevMailbox, startDevMailbox } from '@smartloket/dev-world/mailbox';
import { createSmtpMailer, type Mailer } from '@smartloket/notifier-mail';
import { leadTimeSetting, zonedInstant } from '@smartloket/runtime';
import { createTestDeployment, createTestPlugin, type TestDeployment } from '@smartloket/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxMailSender } from '../../packages/cli/src/compose/mail.js';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { filePermit, PDF, PERMIT_TYPE, permitPlugin } from '../support/permit-plugin.js';
import { fillRequest, type PortalClient, startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();

/**
 * A clerk's day (issue 19) on PostgreSQL in chromium, with the deployment's clock moved by the
 * test: the inbox sorted by due date, a permit opened and judged from its uploads and its form,
 * a question with an answer-by date, the reminder mail in the dev mailbox, the request back in
 * the inbox marked "geen antwoord", and assigning to a colleague by name. Every back-office page
 * visited is checked with axe-core (WCAG 2.1 AA); screenshots go to SMARTLOKET_SCREENSHOT_DIR.
 */
describe.runIf(run)("a clerk's day in chromium on PostgreSQL, with the clock moved", () => {
  let database: TestDatabase | undefined;
  let d: TestDeployment;
  let portal: TestPortal;
  let browser: Browser;
  let mailbox: DevMailbox;
  let mailer: Mailer;
  const contexts: BrowserContext[] = [];
  const shots = process.env.SMARTLOKET_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'smartloket-clerk-day-'));
  // Monday 2 March 2026, 09:00 in Brussels.
  const clock = new ManualClock(zonedInstant('2026-03-02', '09:00'));

  beforeAll(async () => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    mailbox = await startDevMailbox({ host: '127.0.0.1', clock });
    mailer = createSmtpMailer({
      host: mailbox.smtp.host,
      port: mailbox.smtp.port,
      from: { name: 'Gemeente Smartegem', address: 'loket@smartegem.example' },
    });
    d = await createTestDeployment({
      plugins: [createTestPlugin(), permitPlugin],
      databaseUrl: database?.url,
      databaseOwnerUrl: database?.ownerUrl,
      clock,
      mailSender: createOutboxMailSender({
        mailer,
        municipality: { ...DEMO_MUNICIPALITY, baseUrl: 'http://localhost:3000' },
      }),
    });
    // The municipality gives event permits 15 working days (the plugin has no lead time).
    await d.db.settings.set(leadTimeSetting(PERMIT_TYPE), 15, 'test');
    // The test runs the worker's jobs itself (d.runJobs), at the moments the clock says.
    portal = await startTestPortal({ deployment: d });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await portal?.close();
    await d?.worker.stop(1000);
    await d?.close();
    await mailer?.close();
    await mailbox?.stop();
    await database?.destroy();
  });

  async function scan(page: Page, label: string) {
    expect({ page: label, violations: await accessibilityViolations(page) }).toEqual({
      page: label,
      violations: [],
    });
  }

  /** Opens `path` as `persona`, logging in at the dev identity provider when the session is gone. */
  async function visit(page: Page, persona: string, path: string): Promise<void> {
    await page.goto(`${portal.url}${path}`);
    if ((await page.locator('input[name="persona"]').count()) > 0) {
      await page.locator(`input[name="persona"][value="${persona}"]`).check();
      await page.locator('input[name="means"][value="itsme"]').check();
      await page.locator('button[name="action"][value="login"]').click();
      await page.waitForURL(`${portal.url}${path}`);
    }
  }

  async function staffPage(persona: string, path: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'nl-BE', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    await visit(page, persona, path);
    return page;
  }

  /** A request waiting for review with the given due day, straight in the database. */
  async function reviewedDue(name: string, dueDay: string): Promise<string> {
    const r = await d.db.requests.insert({
      typeId: 'test.reviewed',
      pluginId: 'test',
      kind: 'certificate',
      state: 'in_review',
      locale: 'nl',
      requester: { kind: 'citizen', id: `c-${name}`, level: 'high', insz: '85673012367', name },
      subject: { insz: '85673012367', relation: 'self' },
      form: { forWhom: 'self' },
    });
    await d.db
      .knex('requests')
      .where({ id: r.id })
      .update({ due_at: startOfBrusselsDay(dueDay).getTime() });
    return r.reference;
  }

  /** Moves the clock to 07:05 in Brussels on `day` and runs what the worker runs then. */
  async function morning(day: string): Promise<void> {
    clock.set(zonedInstant(day, '07:05'));
    await d.worker.schedule();
    await d.runJobs();
  }

  /** The references in the inbox, in the order shown, with the text of each line. */
  async function inboxLines(page: Page): Promise<{ reference: string; text: string }[]> {
    return page.locator('table.inbox tbody tr').evaluateAll((rows) =>
      rows.map((r) => ({
        reference: /SL-\d{4}-\d{6}/.exec(r.textContent ?? '')?.[0] ?? '',
        text: (r.textContent ?? '').replace(/\s+/g, ' ').trim(),
      })),
    );
  }

  it('sorts by due date, judges a permit from its files, asks, reminds, gets no answer and assigns by name', async () => {
    const late = await reviewedDue('Els Late', '2026-02-26');
    const today = await reviewedDue('Tom Vandaag', '2026-03-02');
    const later = await reviewedDue('Sara Later', '2026-04-10');
    const jan = await portal.login('jan', 'itsme');
    const id = await filePermit(jan);
    await d.runJobs();
    const permit = (await d.db.requests.get(id))!;
    // 15 working days from Monday 2 March 2026.
    expect(permit.dueAt).toEqual(startOfBrusselsDay('2026-03-23'));

    // Pieter logs in once, so the staff directory knows him as a colleague.
    await staffPage('pieter', '/backoffice');

    // Karin's inbox: earliest due date first, "te laat" and "vandaag" marked.
    const karin = await staffPage('karin', '/backoffice');
    const lines = await inboxLines(karin);
    expect(lines.map((l) => l.reference)).toEqual([late, today, permit.reference, later]);
    expect(lines[0]!.text).toContain('26 februari 2026 te laat');
    expect(lines[1]!.text).toContain('2 maart 2026 vandaag');
    expect(lines[2]!.text).toContain('23 maart 2026');
    expect(lines[2]!.text).toContain('Evenementenvergunning');
    expect(lines[2]!.text).toContain('Nieuw');
    await scan(karin, 'inbox');
    await karin.screenshot({ path: `${shots}/1-inbox.png`, fullPage: true });

    // The permit: its due date, the form with the questions as the requester saw them.
    await karin.getByRole('link', { name: permit.reference }).click();
    await karin.waitForURL(`${portal.url}/backoffice/requests/${id}`);
    expect(await karin.locator('h1').textContent()).toBe(`Evenementenvergunning – ${permit.reference}`);
    const main = () => karin.locator('main').innerText();
    expect(await main()).toContain('23 maart 2026');
    const answers = await karin
      .locator('#form-answers > div')
      .evaluateAll((rows) =>
        rows.map((r) => [r.querySelector('dt')?.textContent ?? '', r.querySelector('dd')?.textContent ?? '']),
      );
    expect(answers.slice(0, 6)).toEqual([
      ['Soort evenement', 'Buurtfeest'],
      ['Datum van het evenement', '14/06/2027'],
      ['Plaats', 'Kerkstraat 12 bus 3, 9000 Gent'],
      ['Rijksregisternummer van de organisator', '85.67.30-123.67'],
      ['Ondernemingsnummer van de vereniging', '0417.123.457'],
      ['Versterkte muziek', 'Ja'],
    ]);
    await scan(karin, 'permit');
    await karin.screenshot({ path: `${shots}/2-permit.png`, fullPage: true });

    // The site plan is shown on the page; the clerk opens it and the PDF on their own.
    const image = karin.getByRole('img', { name: 'Voorbeeld van plan.png' });
    await image.scrollIntoViewIfNeeded();
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(240);
    const pdfSrc = await karin
      .locator('iframe[title="Voorbeeld van inschrijving vzw.pdf"]')
      .getAttribute('src');
    const pdfView = await karin.context().newPage();
    const pdfResponse = await pdfView.goto(`${portal.url}${pdfSrc}`);
    expect(pdfResponse?.headers()['content-type']).toBe('application/pdf');
    const bytes = await karin.request.get(`${portal.url}${pdfSrc}`);
    expect(Buffer.from(await bytes.body())).toEqual(PDF);
    await pdfView.screenshot({ path: `${shots}/3-pdf-preview.png` });
    await pdfView.close();
    // The download link: a `download` attribute and an attachment (the response is checked, not
    // chromium's download manager, which sometimes never starts beside a loading PDF frame).
    const downloadLink = karin.getByRole('link', { name: 'Downloaden inschrijving vzw.pdf' });
    expect(await downloadLink.getAttribute('download')).toBe('inschrijving vzw.pdf');
    const saved = await karin.request.get(`${portal.url}${await downloadLink.getAttribute('href')}`);
    expect(saved.headers()['content-disposition']).toMatch(/^attachment; filename="inschrijving vzw\.pdf"/);
    const views = await d.db.audit.list({ requestId: id, categories: ['staff_view', 'staff_download'] });
    expect(views.filter((v) => (v.data as { uploadId?: string } | null)?.uploadId).length).toBeGreaterThan(0);

    // Karin takes it up and asks the organiser for the insurance, answer by Friday 13 March.
    await karin.getByRole('button', { name: 'In behandeling nemen' }).click();
    await karin.waitForURL(/done=1/);
    expect(await karin.locator('#state').textContent()).toBe('Melding in behandeling');
    await karin.locator('#ask-question').fill('Kunt u het verzekeringsattest van de vereniging bezorgen?');
    await karin.locator('#ask-deadline').fill('13/03/2026');
    await karin.getByRole('button', { name: 'Meer informatie vragen' }).click();
    await karin.waitForURL(/done=1/);
    expect(await karin.locator('#state').textContent()).toBe('Wacht op de aanvrager');
    expect(await main()).toContain('13 maart 2026');
    const asked = (await d.db.requests.get(id))!;
    expect(asked.answerBy).toEqual(startOfBrusselsDay('2026-03-13'));
    await scan(karin, 'permit, question asked');
    await karin.screenshot({ path: `${shots}/4-asked.png`, fullPage: true });
    await d.runJobs();
    await mailbox.waitFor((m) => m.subject.startsWith('We hebben meer informatie nodig'));

    // Karin hands the permit to Pieter, picked by his name.
    await karin.locator('#assignee').selectOption({ label: 'Pieter Wouters' });
    await karin.getByRole('button', { name: 'Toewijzen', exact: true }).click();
    await karin.waitForURL(/done=1/);
    expect(await karin.locator('ol.history').textContent()).toContain(
      'Karin Goossens wees de aanvraag toe aan Pieter Wouters.',
    );
    expect((await d.db.requests.get(id))?.assigneeId).toBeTruthy();
    await scan(karin, 'permit, assigned');

    // Tuesday 10 March: no reminder yet. Wednesday 11 March, two working days before the
    // answer-by date: the reminder goes out and shows in the dev mailbox.
    await morning('2026-03-10');
    expect(mailbox.messages().filter((m) => m.subject.startsWith('Herinnering'))).toHaveLength(0);
    await morning('2026-03-11');
    const reminder = await mailbox.waitFor((m) => m.subject.startsWith('Herinnering'));
    expect(reminder.subject).toBe(`Herinnering: we wachten op uw antwoord (aanvraag ${permit.reference})`);
    expect(reminder.text).toContain('verzekeringsattest');
    expect(reminder.text).toContain('13 maart 2026');
    const inbox = await karin.context().newPage();
    await inbox.goto(mailbox.url);
    const row = inbox.locator('tbody tr', { hasText: 'Herinnering' });
    expect(await row.innerText()).toContain('11/03/2026');
    await row.getByRole('link').first().click();
    expect(await inbox.locator('h1').textContent()).toBe(reminder.subject);
    expect(await inbox.locator('pre').textContent()).toContain('verzekeringsattest');
    await inbox.screenshot({ path: `${shots}/5-mailbox-reminder.png`, fullPage: true });
    await inbox.close();

    // Still waiting on the answer-by day; Monday 16 March it is back with the clerks, marked
    // "geen antwoord", its due date moved by the ten working days it waited (Easter Monday off).
    await morning('2026-03-13');
    expect((await d.db.requests.get(id))?.state).toBe('waiting_requester');
    await morning('2026-03-16');
    const back = (await d.db.requests.get(id))!;
    expect(back.state).toBe('in_progress');
    expect(back.dueAt).toEqual(startOfBrusselsDay('2026-04-07'));

    const pieter = await staffPage('pieter', '/backoffice');
    const after = await inboxLines(pieter);
    const line = after.find((l) => l.reference === permit.reference);
    expect(line?.text).toContain('7 april 2026');
    expect(line?.text).toContain('geen antwoord');
    // Due dates still order the inbox: the two seeded late ones first, the later one last.
    expect(after.map((l) => l.reference)).toEqual([late, today, permit.reference, later]);
    await scan(pieter, 'inbox after the answer-by date');
    await pieter.getByRole('link', { name: 'Mijn taken' }).click();
    await pieter.waitForURL(/view=mine/);
    expect((await inboxLines(pieter)).map((l) => l.reference)).toEqual([permit.reference]);
    await scan(pieter, 'inbox, mine');
    await pieter.screenshot({ path: `${shots}/6-inbox-no-answer.png`, fullPage: true });

    await pieter.getByRole('link', { name: permit.reference }).click();
    await pieter.waitForURL(`${portal.url}/backoffice/requests/${id}`);
    const history = await pieter.locator('ol.history').innerText();
    expect(history).toContain('De aanvrager antwoordde niet');
    const text = await pieter.locator('main').innerText();
    expect(text).toContain('Geen antwoord op de vraag aan de aanvrager (vastgesteld op 16 maart 2026).');
    // Two weeks on, the requester's files are still there (retention keeps them with the request).
    expect(text).not.toContain('De aanvrager voegde geen bestanden toe.');
    await expect
      .poll(() =>
        pieter
          .getByRole('img', { name: 'Voorbeeld van plan.png' })
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      )
      .toBe(240);
    await scan(pieter, 'permit after the answer-by date');
    await pieter.screenshot({ path: `${shots}/7-permit-no-answer.png`, fullPage: true });

    // Pieter settles it to the end: resolved, it leaves the requests waiting for staff.
    await pieter.getByRole('button', { name: 'Opgelost', exact: true }).click();
    await pieter.waitForURL(/done=1/);
    expect(await pieter.locator('#state').textContent()).toBe('Opgelost');
    await scan(pieter, 'permit resolved');
    await pieter.goto(`${portal.url}/backoffice`);
    const end = await inboxLines(pieter);
    expect(end.slice(0, 3).map((l) => l.reference)).toEqual([late, today, later]);
    expect(end.find((l) => l.reference === permit.reference)?.text).toContain('Opgelost');
  });

  it('handles a certificate for another person and a report from the inbox to the end', async () => {
    const jan = await portal.login('jan', 'itsme');
    /** Fills and submits a request as Jan; returns its id. */
    const submit = async (client: PortalClient, typeId: string, values: Record<string, string>) => {
      const { draft, csrf } = await fillRequest(client, typeId, [values]);
      const done = await client.post(`/request/${typeId}`, { _csrf: csrf, _draft: draft, _action: 'submit' });
      return /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location ?? '')![1]!;
    };
    const certId = await submit(jan, 'test.attest', { forWhom: 'child', subjectInsz: '14650206274' });
    const reportId = await submit(jan, 'test.melding', {
      description: 'Losliggende stoeptegel voor Kerkstraat 12',
    });
    await d.runJobs();
    const cert = (await d.db.requests.get(certId))!;
    const report = (await d.db.requests.get(reportId))!;

    // The certificate for his daughter: who asks for whom, then delivered from the screen.
    const karin = await staffPage('karin', '/backoffice');
    await karin.getByRole('link', { name: cert.reference }).click();
    await karin.waitForURL(`${portal.url}/backoffice/requests/${certId}`);
    expect(await karin.locator('#state').textContent()).toBe('Te beoordelen');
    expect(await karin.locator('#requested-for').textContent()).toMatch(
      /^Jan Peeters vraagt dit aan voor zijn dochter van \d+\.$/,
    );
    // The question's own "?" ends its label: no colon is added after it.
    const question = karin.locator('#form-answers dt', { hasText: 'Voor wie vraagt u dit aan?' });
    expect(await question.evaluate((dt) => getComputedStyle(dt, '::after').content)).toBe('none');
    await scan(karin, 'certificate for a child');
    await karin.getByRole('button', { name: 'Digitaal afleveren (goedkeuren)' }).click();
    await karin.waitForURL(/done=1/);
    await d.runJobs();
    await karin.reload();
    expect(await karin.locator('#state').textContent()).toBe('Digitaal afgeleverd');
    await scan(karin, 'certificate delivered');
    await karin.screenshot({ path: `${shots}/8-certificate-delivered.png`, fullPage: true });

    // The report: taken up and resolved.
    await visit(karin, 'karin', '/backoffice');
    await karin.getByRole('link', { name: report.reference }).click();
    await karin.waitForURL(`${portal.url}/backoffice/requests/${reportId}`);
    expect(await karin.locator('#state').textContent()).toBe('Nieuw');
    expect(await karin.locator('#form-answers').innerText()).toContain(
      'Losliggende stoeptegel voor Kerkstraat 12',
    );
    await karin.getByRole('button', { name: 'In behandeling nemen' }).click();
    await karin.waitForURL(/done=1/);
    await karin.getByRole('button', { name: 'Opgelost', exact: true }).click();
    await karin.waitForURL(/done=1/);
    expect(await karin.locator('#state').textContent()).toBe('Opgelost');
    await scan(karin, 'report resolved');
    await karin.screenshot({ path: `${shots}/9-report-resolved.png`, fullPage: true });
    await d.runJobs();
  });
});
