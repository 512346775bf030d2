/**
 * Photos on a clerk's answer to a report (issue 25): posted with "Beantwoorden en afsluiten"
 * (multipart), re-encoded without EXIF/GPS by the plugin, stored with the answer's event and
 * shown to the reporter under the answer; a fourth photo or a file that is no photo is a
 * translated 422 and nothing is stored (the report stays open). SQLite and PostgreSQL, over HTTP.
 */
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { SMARTEGEM_BOUNDARY } from '@smartloket/dev-world/geo';
import { fakeIdentities } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meldingenPlugin } from '../../plugins/meldingen/src/index.js';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { hidden, type PortalClient, startTestPortal, type TestPortal } from '../support/portal.js';
import { phoneJpeg as phone, sharp } from '../support/sharp.js';

const phoneJpeg = () => phone(1200, 800, '#2080d0');

const shots = process.env.SMARTLOKET_SCREENSHOT_DIR;
const dialects: ('sqlite' | 'postgres')[] = ['sqlite', 'postgres'];

for (const dialect of dialects) {
  describe(`photos on a clerk's answer to a report on ${dialect}`, () => {
    let portal: TestPortal | undefined;
    let database: TestDatabase | undefined;
    let skipped = false;

    beforeAll(async () => {
      if (dialect === 'postgres') {
        const unavailable = await postgresUnavailableReason();
        if (unavailable && process.env.CI) throw new Error(unavailable);
        if (unavailable) {
          skipped = true;
          return;
        }
        database = await createTestDatabase('postgres');
      }
      portal = await startTestPortal({
        databaseUrl: database?.url,
        databaseOwnerUrl: database?.ownerUrl,
        worker: false,
        plugins: [
          { plugin: meldingenPlugin, options: { municipality: 'Smartegem', boundary: SMARTEGEM_BOUNDARY } },
        ],
      });
    });
    afterAll(async () => {
      await portal?.close();
      await database?.destroy();
    });

    async function fileReport(anonymous = false): Promise<string> {
      const { request } = await portal!.d.requests.submit({
        typeId: 'meldingen.verlichting',
        input: {
          subCategory: 'lamp-uit',
          description: 'De lamp voor nummer 12 brandt niet.',
          address: 'Kerkstraat 12',
          location: '50.9612,3.9688',
        },
        locale: 'nl',
        ...(anonymous ? fakeIdentities.anonymous() : { identity: fakeIdentities.citizen() }),
      });
      // In handling: the clerk's "Beantwoorden en afsluiten" is offered.
      await portal!.d.requests.act(
        request.id,
        { action: 'start' },
        { type: 'staff', id: 'karin', name: 'Karin' },
      );
      return request.id;
    }

    async function answer(clerk: PortalClient, id: string, files: { bytes: Uint8Array; name: string }[]) {
      const page = await clerk.get(`/backoffice/requests/${id}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('bij het antwoord');
      const form = new FormData();
      form.set('_csrf', hidden(page.text, '_csrf'));
      form.set('version', hidden(page.text, 'version'));
      form.set('action', 'resolve');
      form.set('reason', 'De lamp is vervangen.');
      for (const f of files)
        form.append('photos', new Blob([new Uint8Array(f.bytes)], { type: 'image/jpeg' }), f.name);
      return clerk.postMultipart(`/backoffice/requests/${id}/act`, form);
    }

    it('refuses a fourth photo and a file that is no photo with a translated 422; nothing is stored', async (ctx) => {
      if (skipped) return ctx.skip();
      const id = await fileReport();
      const clerk = await portal!.login('karin', 'eid');
      const photo = { bytes: await phoneJpeg(), name: 'IMG_0001.JPG' };
      const four = await answer(clerk, id, [photo, photo, photo, photo]);
      expect(four.status).toBe(422);
      expect(four.text).toContain('Het antwoord is niet verstuurd: kies hoogstens drie foto');
      expect(four.text).not.toMatch(/at .*\.ts:\d+|PhotoError|ValidationError/);
      // A text file named like a photo, sent as image/jpeg: the bytes decide.
      const fake = await answer(clerk, id, [
        { bytes: new TextEncoder().encode('not a photo'), name: 'lamp.jpg' },
      ]);
      expect(fake.status).toBe(422);
      expect(fake.text).toContain('Het antwoord is niet verstuurd');
      expect(await portal!.d.db.meldingen.photos(id)).toEqual([]);
      const request = await portal!.d.db.requests.get(id);
      expect(request!.state).not.toBe('resolved');
      expect((await portal!.d.db.events.list(id)).some((e) => e.type === 'resolve')).toBe(false);
    });

    it('stores up to three photos with the answer, without EXIF or GPS, and shows them to the reporter only', async (ctx) => {
      if (skipped) return ctx.skip();
      const id = await fileReport();
      const clerk = await portal!.login('karin', 'eid');
      const original = await phoneJpeg();
      expect((await sharp(original).metadata()).exif).toBeDefined();
      const done = await answer(clerk, id, [
        { bytes: original, name: 'IMG_0001.JPG' },
        { bytes: original, name: 'IMG_0002.JPG' },
      ]);
      expect(done.status).toBe(303);
      expect((await portal!.d.db.requests.get(id))!.state).toBe('resolved');

      const resolve = (await portal!.d.db.events.list(id)).find((e) => e.type === 'resolve')!;
      const photos = await portal!.d.db.meldingen.photos(id);
      expect(photos).toHaveLength(2);
      for (const p of photos) {
        expect(p).toMatchObject({ eventId: resolve.id, mediaType: 'image/jpeg', width: 1200, height: 800 });
        const stored = await portal!.d.db.meldingen.photoBytes(id, p.id);
        expect((await sharp(stored!.bytes).metadata()).exif).toBeUndefined();
        expect(stored!.bytes.toString('latin1')).not.toContain('TestPhone');
      }

      // The clerk's report page marks them as the answer's.
      const staffPage = await clerk.get(`/backoffice/requests/${id}`);
      expect(staffPage.text).toContain('Foto 1 bij een antwoord (openen)');

      // The reporter sees them under the answer on /my and can open them.
      const reporter = await portal!.login('jan');
      // The report is Jan's as the dev provider names him (filed above with the testkit's identity).
      const session = await portal!.d.db.sessions.get<unknown, { subject: string }>(reporter.sessionId!);
      await portal!.d.db.knex('requests').where({ id }).update({ requester_id: session!.identity!.subject });
      const mine = await reporter.get(`/my/requests/${id}`);
      expect(mine.status).toBe(200);
      expect(mine.text).toContain('Antwoord van de gemeente');
      expect(mine.text).toContain('Foto 1 bij het antwoord (openen)');
      expect(mine.text).toContain(`/my/requests/${id}/photos/${photos[0]!.id}/thumbnail`);
      const full = await reporter.raw(`/my/requests/${id}/photos/${photos[0]!.id}`);
      expect(full.status).toBe(200);
      expect(full.headers.get('content-type')).toContain('image/jpeg');
      const bytes = Buffer.from(await full.arrayBuffer());
      expect((await sharp(bytes).metadata()).exif).toBeUndefined();
      const thumb = await reporter.raw(`/my/requests/${id}/photos/${photos[0]!.id}/thumbnail`);
      expect(thumb.status).toBe(200);
      expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).width).toBe(320);

      // What the reporter sees in chromium: the answer with its photo thumbnails.
      if (browserAvailable()) {
        const browser = await launchBrowser();
        try {
          const context = await browser.newContext({ locale: 'nl-BE' });
          await context.addCookies([{ name: 'smartloket', value: reporter.sessionId!, url: portal!.url }]);
          const page = await context.newPage();
          await page.goto(`${portal!.url}/my/requests/${id}`);
          const section = page.locator('section[aria-labelledby="report-answer"]');
          expect(await section.textContent()).toContain('De lamp is vervangen.');
          const thumbs = section.getByRole('img', { name: /Foto \d bij het antwoord/ });
          expect(await thumbs.count()).toBe(2);
          expect(await accessibilityViolations(page)).toEqual([]);
          await expect
            .poll(() => thumbs.first().evaluate((img: HTMLImageElement) => img.naturalWidth))
            .toBe(320);
          if (shots)
            await page.screenshot({
              path: `${shots}/meldingen-answer-photos-${dialect}.png`,
              fullPage: true,
            });
          // The clerk's report page: the answer's photos, marked as the answer's.
          await context.addCookies([{ name: 'smartloket', value: clerk.sessionId!, url: portal!.url }]);
          await page.goto(`${portal!.url}/backoffice/requests/${id}`);
          const answerThumbs = page.getByRole('img', { name: /Foto \d bij een antwoord/ });
          expect(await answerThumbs.count()).toBe(2);
          if (shots)
            await page.screenshot({
              path: `${shots}/meldingen-answer-photos-clerk-${dialect}.png`,
              fullPage: true,
            });
          // An open report: the answer form takes the photos (a labelled file field).
          const open = await fileReport();
          await page.goto(`${portal!.url}/backoffice/requests/${open}`);
          expect(await page.getByLabel("Foto's bij het antwoord").isVisible()).toBe(true);
          if (shots) {
            await page
              .locator('#report-answer')
              .screenshot({ path: `${shots}/meldingen-answer-form-${dialect}.png` });
          }
          await context.close();
        } finally {
          await browser.close();
        }
      }

      // The report's e-mail link shows them too, behind the link's own check.
      const { token } = await portal!.d.db.capabilityLinks.create(id, new Date(Date.now() + 86_400_000));
      const follower = portal!.client();
      const follow = await follower.get(`/follow/${token}`);
      expect(follow.status).toBe(200);
      expect(follow.text).toContain('Foto 2 bij het antwoord (openen)');
      expect((await follower.raw(`/follow/${token}/photos/${photos[1]!.id}/thumbnail`)).status).toBe(200);
      expect((await follower.raw(`/follow/${token}x/photos/${photos[1]!.id}/thumbnail`)).status).toBe(404);

      // Someone else, or nobody logged in, gets no photo of Jan's report on /my.
      const other = await portal!.login('bart');
      expect((await other.raw(`/my/requests/${id}/photos/${photos[0]!.id}`)).status).not.toBe(200);
      expect((await portal!.client().raw(`/my/requests/${id}/photos/${photos[0]!.id}`)).status).not.toBe(200);
    });

    it('a report without login: its e-mail link shows and serves the answer photos; another token does not', async (ctx) => {
      if (skipped) return ctx.skip();
      const id = await fileReport(true);
      const clerk = await portal!.login('karin', 'eid');
      expect((await answer(clerk, id, [{ bytes: await phoneJpeg(), name: 'IMG_0003.JPG' }])).status).toBe(
        303,
      );
      const [photo] = await portal!.d.db.meldingen.photos(id);
      // A report's link shows its state and answers to whoever holds it (decision 1400).
      const { token } = await portal!.d.db.capabilityLinks.create(id, new Date(Date.now() + 86_400_000));
      const holder = portal!.client();
      const page = await holder.get(`/follow/${token}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`/follow/${token}/photos/${photo!.id}/thumbnail`);
      const full = await holder.raw(`/follow/${token}/photos/${photo!.id}`);
      expect(full.status).toBe(200);
      expect((await sharp(Buffer.from(await full.arrayBuffer())).metadata()).exif).toBeUndefined();
      const other = await portal!.d.db.capabilityLinks.create(
        await fileReport(true),
        new Date(Date.now() + 86_400_000),
      );
      expect((await holder.raw(`/follow/${other.token}/photos/${photo!.id}`)).status).toBe(404);
      expect((await holder.raw(`/follow/${token}/photos/${crypto.randomUUID()}`)).status).toBe(404);
    });
  });
}
