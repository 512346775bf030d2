import type { Actor } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { type GeoSimulator, SMARTEGEM_BOUNDARY, startGeoSimulator } from '@smartloket/dev-world/geo';
import { createTestPlugin } from '@smartloket/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locationFromWgs84, meldingenPlugin, processPhoto } from '../../plugins/meldingen/src/index.js';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { PNG } from '../support/permit-plugin.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();
const shots = process.env.SMARTLOKET_SCREENSHOT_DIR;
const admin: Actor = { type: 'staff', id: 'setup', name: 'Setup' };

describe.runIf(run)(
  'reports on a map and in a list, answers and merging (meldingen back-office), in chromium',
  () => {
    let portal: TestPortal;
    let browser: Browser;
    let geo: GeoSimulator;
    let database: TestDatabase | undefined;
    const contexts: BrowserContext[] = [];
    let lightingTeam: string;
    let roadsTeam: string;

    async function staffPage(persona: string, path: string, javaScriptEnabled = true): Promise<Page> {
      const context = await browser.newContext({ locale: 'nl-BE', javaScriptEnabled });
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

    /** Files a report without login and stores its place (and photos) as the portal does. */
    async function report(p: {
      category: string;
      sub?: string;
      address: string;
      lat: number;
      lon: number;
      team: string | null;
      locale?: 'nl' | 'fr' | 'en';
      email: string;
      photos?: number;
    }): Promise<{ id: string; reference: string; followToken?: string | undefined }> {
      const { request, followToken } = await portal.d.requests.submit({
        typeId: `meldingen.${p.category}`,
        input: { ...(p.sub ? { subCategory: p.sub } : {}), description: 'Zie foto', address: p.address },
        locale: p.locale ?? 'nl',
        anonymousEmail: p.email,
      });
      const place = locationFromWgs84({ lat: p.lat, lon: p.lon });
      await portal.d.db.meldingen.savePlace({
        requestId: request.id,
        categoryId: p.category,
        subCategoryId: p.sub ?? null,
        ...place.lambert72,
        ...place.wgs84,
        address: p.address,
        teamId: p.team,
      });
      for (let i = 0; i < (p.photos ?? 0); i++) {
        const photo = await processPhoto(PNG);
        await portal.d.db.meldingen.addPhoto({ requestId: request.id, ...photo });
      }
      return { id: request.id, reference: request.reference, followToken };
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
          createTestPlugin(),
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
      browser = await launchBrowser();
      lightingTeam = (
        await portal.d.db.teams.saveTeam(
          { name: 'Openbare verlichting', typePatterns: ['meldingen.verlichting'], members: [] },
          admin,
        )
      ).id;
      roadsTeam = (
        await portal.d.db.teams.saveTeam(
          { name: 'Wegen', typePatterns: ['meldingen.wegdek'], members: [] },
          admin,
        )
      ).id;
      // The handling time as the categories page stores it for a main category: the type's lead time.
      await portal.d.db.settings.set('requestType.meldingen.verlichting.leadTimeDays', 5, admin);
      const answer = (id: string, title: string, nl: string, fr: string, en: string) => ({
        id,
        title,
        text: { nl, fr, en },
      });
      await portal.d.db.meldingen.saveCategory(
        {
          id: 'verlichting',
          parentId: null,
          name: { nl: 'Straatverlichting', fr: 'Éclairage public', en: 'Street lighting' },
          teamId: lightingTeam,
          handlingDays: 5,
          anonymousAllowed: true,
          active: true,
          standardAnswers: [
            answer(
              'lamp-vervangen',
              'Lamp vervangen',
              'De lamp is vervangen. Bedankt voor uw melding.',
              'La lampe a été remplacée. Merci pour votre signalement.',
              'The lamp has been replaced. Thank you for your report.',
            ),
          ],
        },
        admin,
      );
      await portal.d.db.meldingen.saveCategory(
        {
          id: 'lamp-uit',
          parentId: 'verlichting',
          name: { nl: 'Lamp brandt niet', fr: 'Lampe éteinte', en: 'Lamp is out' },
          teamId: null,
          handlingDays: null,
          anonymousAllowed: true,
          active: true,
          standardAnswers: [],
        },
        admin,
      );
      await portal.d.db.meldingen.saveCategory(
        {
          id: 'wegdek',
          parentId: null,
          name: { nl: 'Wegdek en voetpad', fr: 'Chaussée et trottoir', en: 'Road and pavement' },
          teamId: roadsTeam,
          handlingDays: 10,
          anonymousAllowed: true,
          active: true,
          standardAnswers: [
            answer(
              'hersteld',
              'Hersteld',
              'De put is hersteld.',
              'Le nid-de-poule a été réparé.',
              'The pothole has been repaired.',
            ),
          ],
        },
        admin,
      );
    });
    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await portal?.close();
      await geo?.stop();
      await database?.destroy();
    });

    it('shows the reports on the map and in the list, filters them, and shows a report’s photos (opening one is audited)', async () => {
      const lamp = await report({
        category: 'verlichting',
        sub: 'lamp-uit',
        address: 'Kerkstraat 12, 9999 Smartegem',
        lat: 50.96135,
        lon: 3.96862,
        team: lightingTeam,
        email: 'an@example.org',
        locale: 'fr',
        photos: 2,
      });
      const pole = await report({
        category: 'verlichting',
        sub: 'paal',
        address: 'Stationsstraat 5, 9999 Smartegem',
        lat: 50.9578,
        lon: 3.9735,
        team: lightingTeam,
        email: 'bert@example.org',
      });
      const hole = await report({
        category: 'wegdek',
        sub: 'put',
        address: 'Veldstraat 17, 9999 Smartegem',
        lat: 50.9552,
        lon: 3.9615,
        team: roadsTeam,
        email: 'cis@example.org',
      });

      const page = await staffPage('karin', '/backoffice');
      await page
        .getByRole('navigation', { name: 'Backofficemenu' })
        .getByRole('link', { name: 'Meldingen op de kaart' })
        .click();
      await page.waitForURL(`${portal.url}/backoffice/meldingen`);
      const rows = page.locator('table.reports-list tbody tr');
      expect(await rows.count()).toBe(3);
      const listed = await page.locator('table.reports-list').textContent();
      for (const r of [lamp, pole, hole]) expect(listed).toContain(r.reference);
      expect(listed).toContain('Straatverlichting – Lamp brandt niet');
      expect(listed).toContain('Kerkstraat 12, 9999 Smartegem');
      expect(listed).toContain('Openbare verlichting');
      // The expected handling date from Monday 2 March: lighting 5 working days, roads 10 (the category's).
      expect(await rows.filter({ hasText: lamp.reference }).locator('td').last().textContent()).toBe(
        '9 maart 2026',
      );
      expect(await rows.filter({ hasText: hole.reference }).locator('td').last().textContent()).toBe(
        '16 maart 2026',
      );
      // One marker per report on the map; a marker's popup leads to the report.
      await expect.poll(() => page.locator('#reports-map path.leaflet-interactive').count()).toBe(3);
      expect(await page.locator('#reports-map img.leaflet-tile').count()).toBeGreaterThan(0);
      await scan(page, 'reports map and list');
      if (shots) await page.screenshot({ path: `${shots}/meldingen-backoffice-map.png`, fullPage: true });

      // Filters: category (a sub-category too), team, state.
      await page.getByLabel('Categorie').selectOption({ label: 'Straatverlichting' });
      await page.getByRole('button', { name: 'Tonen' }).click();
      await page.waitForURL(/category=verlichting/);
      expect(await rows.count()).toBe(2);
      await page.getByLabel('Categorie').selectOption({ label: 'Straatverlichting – Lamp brandt niet' });
      await page.getByRole('button', { name: 'Tonen' }).click();
      await page.waitForURL(/category=lamp-uit/);
      expect(await rows.count()).toBe(1);
      await page.getByLabel('Categorie').selectOption({ label: 'Alle categorieën' });
      await page.getByLabel('Team').selectOption({ label: 'Wegen' });
      await page.getByRole('button', { name: 'Tonen' }).click();
      await page.waitForURL(/team=/);
      expect(await rows.allTextContents()).toEqual([expect.stringContaining(hole.reference)]);

      // The area: the map's view around the church only.
      await page.goto(`${portal.url}/backoffice/meldingen?area=50.9605,3.9670,50.9620,3.9700`);
      expect(await rows.allTextContents()).toEqual([expect.stringContaining(lamp.reference)]);
      expect(await page.locator('#area-active').textContent()).toContain(
        'Alleen meldingen in het gekozen kaartgebied.',
      );
      await page.getByRole('link', { name: 'Overal zoeken' }).click();
      expect(await rows.count()).toBe(3);
      // "Search in this area" takes the map's view.
      await page.locator('#reports-map .report-map-area').click();
      await page.waitForURL(/area=/);
      expect(await rows.count()).toBe(3);

      // Without JavaScript the list and the filters work; the map stays hidden.
      const plain = await staffPage('karin', '/backoffice/meldingen', false);
      await plain.goto(`${portal.url}/backoffice/meldingen?state=all`);
      expect(await plain.locator('table.reports-list tbody tr').count()).toBe(3);
      expect(await plain.locator('#reports-map').isVisible()).toBe(false);

      // The report page: place, team, photos as thumbnails; opening a photo is audited.
      await page.goto(`${portal.url}/backoffice/meldingen`);
      await page.getByRole('link', { name: lamp.reference }).click();
      await page.waitForURL(`${portal.url}/backoffice/requests/${lamp.id}`);
      expect(await page.locator('#report-place').textContent()).toBe('Kerkstraat 12, 9999 Smartegem');
      expect(await page.locator('#report-team').textContent()).toBe('Openbare verlichting');
      const thumbs = page.locator('.report-photos img');
      expect(await thumbs.count()).toBe(2);
      await expect
        .poll(() => thumbs.first().evaluate((img) => (img as HTMLImageElement).naturalWidth))
        .toBeGreaterThan(100);
      await scan(page, 'report page with photos');
      if (shots) await page.screenshot({ path: `${shots}/meldingen-backoffice-report.png`, fullPage: true });
      const href = await page.locator('.report-photos a').first().getAttribute('href');
      const photo = await page.request.get(`${portal.url}${href}`);
      expect(photo.status()).toBe(200);
      expect(photo.headers()['content-type']).toBe('image/jpeg');
      const audit = await portal.d.db.audit.list({ categories: ['staff_download'] });
      expect(audit.map((a) => [a.requestId, a.data])).toContainEqual([
        lamp.id,
        { photoId: href!.split('/').pop() },
      ]);
      // Another request's photo id under this report: 404.
      expect(
        (
          await page.request.get(
            `${portal.url}/backoffice/requests/${pole.id}/photos/${href!.split('/').pop()}`,
          )
        ).status(),
      ).toBe(404);
    });

    it('answers a report with a standard answer in the reporter’s language and merges a duplicate', async () => {
      const first = await report({
        category: 'verlichting',
        sub: 'lamp-uit',
        address: 'Schoolstraat 21, 9999 Smartegem',
        lat: 50.9625,
        lon: 3.9742,
        team: lightingTeam,
        email: 'dirk@example.org',
        locale: 'fr',
      });
      const duplicate = await report({
        category: 'verlichting',
        sub: 'lamp-uit',
        address: 'Schoolstraat 21, 9999 Smartegem',
        lat: 50.96252,
        lon: 3.97421,
        team: lightingTeam,
        email: 'els@example.org',
      });

      // Merge: the open report of the same kind a few metres away is offered.
      const page = await staffPage('karin', `/backoffice/requests/${duplicate.id}`);
      expect(await page.locator('#merge-nearby-list').textContent()).toBe(
        `Open meldingen van dezelfde soort in de buurt: ${first.reference} – Schoolstraat 21, 9999 Smartegem (2 m)`,
      );
      // A wrong reference is refused with a message, nothing changes.
      await page.getByLabel('Samenvoegen met een andere melding').fill('SL-1999-000001');
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Samenvoegen', exact: true }).click(),
      ]);
      expect(refused.status()).toBe(422);
      expect(await page.getByRole('alert').textContent()).toContain('Samenvoegen kan alleen');
      expect((await portal.d.db.meldingen.place(duplicate.id))!.mergedInto).toBeNull();

      await page.getByLabel('Samenvoegen met een andere melding').fill(first.reference);
      await page.getByRole('button', { name: 'Samenvoegen', exact: true }).click();
      await page.waitForURL(/done=1/);
      expect(await page.locator('#merged-into').textContent()).toContain(first.reference);
      // Closed as merged (taken up and resolved), the reason in its history (decision 1502).
      expect((await portal.d.db.requests.get(duplicate.id))!.state).toBe('resolved');
      expect(await page.locator('main').textContent()).toContain(
        `Samengevoegd met melding ${first.reference}.`,
      );
      if (shots) await page.screenshot({ path: `${shots}/meldingen-merged-duplicate.png`, fullPage: true });
      // Its reporter's page says which report they follow now, and offers no reopening.
      const reporterContext = await browser.newContext({ locale: 'nl-BE' });
      contexts.push(reporterContext);
      const reporterPage = await reporterContext.newPage();
      await reporterPage.goto(`${portal.url}/follow/${duplicate.followToken}`);
      const reporterMain = await reporterPage.locator('main').textContent();
      expect(reporterMain).toContain(
        `Deze melding is samengevoegd met melding ${first.reference}, die over hetzelfde gaat. U volgt melding ${first.reference}: u krijgt er de berichten van per e-mail.`,
      );
      expect(reporterMain).not.toContain('Niet opgelost?');
      await scan(reporterPage, 'merged duplicate, reporter');
      if (shots)
        await reporterPage.screenshot({ path: `${shots}/meldingen-merged-reporter.png`, fullPage: true });
      expect((await portal.d.db.meldingen.place(duplicate.id))!.mergedInto).toBe(first.id);
      expect((await portal.d.db.meldingen.followers(first.id)).map((f) => [f.email, f.locale])).toEqual([
        ['els@example.org', 'nl'],
      ]);
      const told = (await portal.d.db.outbox.listByRequest(duplicate.id)).map(
        (m) => (m.payload as { data?: { reason?: string } }).data?.reason,
      );
      expect(told).toContain(
        `Uw melding ${duplicate.reference} gaat over hetzelfde als melding ${first.reference}. We hebben ze samengevoegd: u volgt nu melding ${first.reference} en krijgt de berichten daarover.`,
      );
      const merged = await portal.d.db.audit.list({ categories: ['report_merged'] });
      expect(merged.map((a) => [a.requestId, a.relatedId])).toEqual([[duplicate.id, first.id]]);
      // The merged one leaves the list; the other shows it.
      await page.goto(`${portal.url}/backoffice/meldingen`);
      expect(await page.locator('table.reports-list').textContent()).not.toContain(duplicate.reference);

      // Answer and close with the standard answer: picked, shown in the reporter's language (French), editable.
      await page.goto(`${portal.url}/backoffice/requests/${first.id}`);
      expect(await page.locator('main').textContent()).toContain(duplicate.reference);
      await page.getByRole('button', { name: 'In behandeling nemen' }).click();
      await page.waitForURL(/done=1/);
      await page.getByLabel('Standaardantwoord').selectOption({ label: 'Lamp vervangen' });
      await expect
        .poll(() => page.getByLabel('Antwoord aan de melder').inputValue())
        .toBe('La lampe a été remplacée. Merci pour votre signalement.');
      await page
        .getByLabel('Antwoord aan de melder')
        .fill('La lampe a été remplacée ce matin. Merci pour votre signalement.');
      await scan(page, 'report page with a standard answer');
      await page.getByRole('button', { name: 'Beantwoorden en afsluiten' }).click();
      await page.waitForURL(/done=1/);
      expect((await portal.d.db.requests.get(first.id))!.state).toBe('resolved');
      const mails = (await portal.d.db.outbox.listByRequest(first.id)).map(
        (m) => m.payload as { kind: string; locale: string; data?: { reason?: string } },
      );
      // (The mails of one test clock tick are in no particular order.)
      expect(mails).toContainEqual(
        expect.objectContaining({
          kind: 'report_status_changed',
          locale: 'fr',
          data: { reason: 'La lampe a été remplacée ce matin. Merci pour votre signalement.' },
        }),
      );
    });

    it('without JavaScript, a standard answer left as picked is sent in the reporter’s language', async () => {
      const hole = await report({
        category: 'wegdek',
        sub: 'put',
        address: 'Akkerstraat 33, 9999 Smartegem',
        lat: 50.9538,
        lon: 3.9768,
        team: roadsTeam,
        email: 'fien@example.org',
        locale: 'en',
      });
      const page = await staffPage('karin', `/backoffice/requests/${hole.id}`, false);
      await page.getByRole('button', { name: 'In behandeling nemen' }).click();
      await page.waitForURL(/done=1/);
      await page.getByLabel('Standaardantwoord').selectOption({ label: 'Hersteld' });
      expect(await page.getByLabel('Antwoord aan de melder').inputValue()).toBe('');
      await page.getByRole('button', { name: 'Beantwoorden en afsluiten' }).click();
      await page.waitForURL(/done=1/);
      const mails = (await portal.d.db.outbox.listByRequest(hole.id)).map(
        (m) => m.payload as { kind: string; data?: { reason?: string } },
      );
      expect(mails).toContainEqual(
        expect.objectContaining({
          kind: 'report_status_changed',
          data: { reason: 'The pothole has been repaired.' },
        }),
      );
    });

    it('a photo and the map are for staff only: a citizen gets the back-office’s 404, nobody logged in a login', async () => {
      const lamp = await report({
        category: 'verlichting',
        sub: 'lamp-dag',
        address: 'Kapelstraat 7, 9999 Smartegem',
        lat: 50.9663,
        lon: 3.979,
        team: lightingTeam,
        email: 'gert@example.org',
        photos: 1,
      });
      const [photo] = await portal.d.db.meldingen.photos(lamp.id);
      const anonymous = await portal.client().get(`/backoffice/requests/${lamp.id}/photos/${photo!.id}`);
      expect(anonymous.status).toBe(303);
      const jan = await portal.login('jan', 'itsme');
      for (const path of [
        `/backoffice/requests/${lamp.id}/photos/${photo!.id}`,
        `/backoffice/requests/${lamp.id}/photos/${photo!.id}/thumbnail`,
        '/backoffice/meldingen',
      ]) {
        expect((await jan.get(path)).status).toBe(404);
      }
    });
  },
);
