import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { createTestPlugin } from '@smartloket/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { filePermit, PDF, permitPlugin } from '../support/permit-plugin.js';
import { fillRequest, type PortalClient, startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();

describe.runIf(run)(
  'the request page in chromium: a permit with a PDF and an image (axe-core WCAG 2.1 AA)',
  () => {
    let portal: TestPortal;
    let browser: Browser;
    let database: TestDatabase | undefined;
    let jan: PortalClient;
    const contexts: BrowserContext[] = [];
    const shots =
      process.env.SMARTLOKET_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'smartloket-request-page-'));

    async function staffPage(persona: string, path: string): Promise<Page> {
      const context = await browser.newContext({ locale: 'nl-BE', acceptDownloads: true });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${portal.url}${path}`);
      await page.locator(`input[name="persona"][value="${persona}"]`).check();
      await page.locator('input[name="means"][value="itsme"]').check();
      await page.locator('button[name="action"][value="login"]').click();
      await page.waitForURL(`${portal.url}${path}`);
      return page;
    }

    beforeAll(async () => {
      const unavailable = await postgresUnavailableReason();
      if (unavailable && process.env.CI) throw new Error(unavailable);
      if (!unavailable) database = await createTestDatabase('postgres');
      portal = await startTestPortal({
        databaseUrl: database?.url,
        databaseOwnerUrl: database?.ownerUrl,
        plugins: [createTestPlugin(), permitPlugin],
      });
      jan = await portal.login('jan', 'itsme');
      browser = await launchBrowser();
    });
    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await portal?.close();
      await database?.destroy();
    });

    it('opens the permit from the inbox, reads the form with labels and previews the PDF and the image', async () => {
      const id = await filePermit(jan);
      const reference = (await portal.d.db.requests.get(id))!.reference;
      const page = await staffPage('karin', '/backoffice');
      await page.getByRole('link', { name: reference }).click();
      await page.waitForURL(`${portal.url}/backoffice/requests/${id}`);
      expect(await page.locator('h1').textContent()).toBe(`Evenementenvergunning – ${reference}`);
      expect(await page.locator('#state').textContent()).toBe('Nieuw');

      // The form as the requester saw it: the questions and the answers, formatted.
      const answers = await page
        .locator('#form-answers > div')
        .evaluateAll((rows) =>
          rows.map((r) => [
            r.querySelector('dt')?.textContent ?? '',
            r.querySelector('dd')?.textContent ?? '',
          ]),
        );
      expect(answers).toEqual([
        ['Soort evenement', 'Buurtfeest'],
        ['Datum van het evenement', '14/06/2027'],
        ['Plaats', 'Kerkstraat 12 bus 3, 9000 Gent'],
        ['Rijksregisternummer van de organisator', '85.67.30-123.67'],
        ['Ondernemingsnummer van de vereniging', '0417.123.457'],
        ['Versterkte muziek', 'Ja'],
        ['Inschrijvingsbewijs van de vereniging', expect.stringMatching(/^inschrijving vzw\.pdf \(\d kB\)$/)],
        ['Inplantingsplan', expect.stringMatching(/^plan\.png \(\d kB\)$/)],
      ]);

      // The image preview is shown on the page; the PDF preview is in a frame, served inline.
      const image = page.getByRole('img', { name: 'Voorbeeld van plan.png' });
      await image.scrollIntoViewIfNeeded();
      await expect
        .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBe(240);
      const frame = page.locator('iframe[title="Voorbeeld van inschrijving vzw.pdf"]');
      await frame.scrollIntoViewIfNeeded();
      const src = await frame.getAttribute('src');
      const inline = await page.request.get(`${portal.url}${src}`);
      expect(inline.headers()['content-type']).toBe('application/pdf');
      expect(inline.headers()['content-disposition']).toMatch(/^inline; filename="inschrijving vzw\.pdf"/);
      expect(Buffer.from(await inline.body())).toEqual(PDF);

      // The preview link opens the PDF on its own; the download link saves it: a `download`
      // attribute with the file's name, served as an attachment. (Chromium 156 headless sometimes
      // never starts a download from a page whose PDF frame is still loading, so the response is
      // checked instead of the browser's download manager.)
      const downloadLink = page.getByRole('link', { name: 'Downloaden inschrijving vzw.pdf' });
      expect(await downloadLink.getAttribute('download')).toBe('inschrijving vzw.pdf');
      const saved = await page.request.get(`${portal.url}${await downloadLink.getAttribute('href')}`);
      expect(saved.headers()['content-disposition']).toMatch(/^attachment; filename="inschrijving vzw\.pdf"/);
      expect(Buffer.from(await saved.body())).toEqual(PDF);

      expect({ violations: await accessibilityViolations(page) }).toEqual({ violations: [] });
      await page.screenshot({ path: `${shots}/request-page-permit.png`, fullPage: true });

      // A view of the image on its own (as "Openen" shows it) is audited as a staff view.
      const views = await portal.d.db.audit.list({ requestId: id, categories: ['staff_view'] });
      expect(views.some((v) => (v.data as { uploadId?: string } | null)?.uploadId)).toBe(true);
    });

    it('tells who asks for whom and why the request waits for a clerk, with the history in sentences', async () => {
      const { draft, csrf } = await fillRequest(jan, 'test.attest', [
        { forWhom: 'child', subjectInsz: '14650206274' },
      ]);
      const done = await jan.post('/request/test.attest', { _csrf: csrf, _draft: draft, _action: 'submit' });
      const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location ?? '')![1]!;
      const page = await staffPage('karin', `/backoffice/requests/${id}`);
      expect(await page.locator('#state').textContent()).toBe('Te beoordelen');
      expect(await page.locator('#requested-for').textContent()).toBe(
        'Jan Peeters vraagt dit aan voor zijn dochter van 11.',
      );
      await page.locator('#note').fill('Moeder gebeld: akkoord');
      await page.getByRole('button', { name: 'Notitie toevoegen' }).click();
      await page.waitForURL(/done=1/);
      const history = await page.locator('ol.history').textContent();
      expect(history).toContain('Karin Goossens schreef een interne notitie.');
      expect(history).toContain('„Moeder gebeld: akkoord”');
      expect({ violations: await accessibilityViolations(page) }).toEqual({ violations: [] });
      await page.screenshot({ path: `${shots}/request-page-child.png`, fullPage: true });
    });
  },
);
