/**
 * Filing a report (issue 25, decision 1501) through the runtime, as every way of filing does:
 * the place in both systems, category and sub-category, the team and due date from the
 * back-office's (sub-)category, photos re-encoded without EXIF/GPS (the upload too), the
 * anonymous switch with effect, a point outside the municipality refused. SQLite and PostgreSQL.
 */
import type { Actor, Identity, ValidationError } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { SMARTEGEM_BOUNDARY } from '@smartloket/dev-world/geo';
import { createTestDeployment, fakeIdentities, type TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meldingenPlugin } from '../../plugins/meldingen/src/index.js';
import { sharp } from '../support/sharp.js';

const admin: Actor = { type: 'staff', id: 'pieter', name: 'Pieter Wouters' };

/** A phone photo with the maker and a GPS position in its EXIF. */
async function phoneJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#d08020' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'Camera 12' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '50/1 57/1 40/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '3/1 58/1 7/1',
      },
    })
    .toBuffer();
}

const citizen: Identity = fakeIdentities.citizen();

const dialects: ('sqlite' | 'postgres')[] = ['sqlite', 'postgres'];

for (const dialect of dialects) {
  describe(`filing a report on ${dialect}`, () => {
    let t: TestDeployment | undefined;
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
      t = await createTestDeployment({
        ...(database ? { databaseUrl: database.url, databaseOwnerUrl: database.ownerUrl } : {}),
        plugins: [
          { plugin: meldingenPlugin, options: { municipality: 'Smartegem', boundary: SMARTEGEM_BOUNDARY } },
        ],
      });
    });
    afterAll(async () => {
      await t?.close();
      await database?.destroy();
    });

    async function upload(bytes: Uint8Array, fileName = 'IMG_0001.JPG', mediaType = 'image/jpeg') {
      const u = await t!.db.uploads.insert({ fileName, mediaType, bytes });
      return { uploadId: u.id, fileName, mediaType, size: u.size };
    }

    it('stores the place, routing, due date and re-encoded photos; the upload keeps no EXIF', async (ctx) => {
      if (skipped) return ctx.skip();
      const team = await t!.db.teams.saveTeam(
        { name: 'Technische dienst', typePatterns: ['meldingen.*'], members: [] },
        admin,
      );
      await t!.db.meldingen.saveCategory(
        {
          id: 'verlichting',
          parentId: null,
          name: { nl: 'Straatverlichting', fr: 'Éclairage public', en: 'Street lighting' },
          teamId: null,
          handlingDays: 10,
          anonymousAllowed: true,
          standardAnswers: [],
          active: true,
        },
        admin,
      );
      await t!.db.meldingen.saveCategory(
        {
          id: 'paal',
          parentId: 'verlichting',
          name: { nl: 'Paal beschadigd', fr: 'Poteau endommagé', en: 'Damaged pole' },
          teamId: team.id,
          handlingDays: 2,
          anonymousAllowed: true,
          standardAnswers: [],
          active: true,
        },
        admin,
      );
      const photo = await upload(await phoneJpeg());
      const result = await t!.requests.submit({
        typeId: 'meldingen.verlichting',
        input: {
          subCategory: 'paal',
          description: 'Paal omver gereden',
          address: 'Kerkstraat 12',
          location: '50.96135,3.96862',
          photo1: photo,
        },
        locale: 'nl',
        identity: citizen,
      });
      const id = result.request.id;
      const place = await t!.db.meldingen.place(id);
      expect(place).toMatchObject({
        categoryId: 'verlichting',
        subCategoryId: 'paal',
        teamId: team.id,
        address: 'Kerkstraat 12',
        lat: 50.96135,
        lon: 3.96862,
      });
      expect(place!.x).toBeCloseTo(121889.1, 0);
      expect(place!.y).toBeCloseTo(183529.01, 0);
      // Two working days from Monday 2 March 2026: due Wednesday 4 March (Brussels).
      expect(result.request.dueAt?.toISOString()).toBe('2026-03-03T23:00:00.000Z');

      const photos = await t!.db.meldingen.photos(id);
      expect(photos).toHaveLength(1);
      expect(photos[0]).toMatchObject({ mediaType: 'image/jpeg', width: 2048, height: 1365 });
      const stored = await t!.db.meldingen.photoBytes(id, photos[0]!.id);
      const meta = await sharp(stored!.bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(stored!.bytes.toString('latin1')).not.toContain('TestPhone');
      const thumb = await t!.db.meldingen.photoBytes(id, photos[0]!.id, 'thumbnail');
      expect((await sharp(thumb!.bytes).metadata()).width).toBe(320);
      // The upload itself holds the re-encoded photo: the original with its GPS is gone.
      const bytes = await t!.db.uploads.readBytes(photo.uploadId);
      expect((await sharp(bytes!).metadata()).exif).toBeUndefined();
      expect(bytes!.toString('latin1')).not.toContain('TestPhone');
      const record = await t!.db.uploads.get(photo.uploadId);
      expect(record).toMatchObject({
        fileName: 'IMG_0001.jpg',
        mediaType: 'image/jpeg',
        size: bytes!.byteLength,
      });
      const form = (await t!.db.requests.get(id))!.form as Record<
        string,
        { size?: number; mediaType?: string }
      >;
      expect(form.photo1).toMatchObject({ mediaType: 'image/jpeg', size: bytes!.byteLength });
    });

    it('without a sub-category time the main category’s handling time, and its team: the address the register found', async (ctx) => {
      if (skipped) return ctx.skip();
      const result = await t!.requests.submit({
        typeId: 'meldingen.verlichting',
        input: {
          subCategory: 'lamp-uit',
          description: 'Lamp brandt niet',
          address: 'Stationsstraat 5',
          addressMatch: '122229.84,183132.26',
        },
        locale: 'fr',
        identity: citizen,
      });
      const place = await t!.db.meldingen.place(result.request.id);
      expect(place).toMatchObject({ categoryId: 'verlichting', subCategoryId: 'lamp-uit', teamId: null });
      expect(place!.lat).toBeCloseTo(50.9578, 4);
      expect(place!.lon).toBeCloseTo(3.9735, 4);
      // Ten working days from Monday 2 March 2026: Monday 16 March.
      expect(result.request.dueAt?.toISOString()).toBe('2026-03-15T23:00:00.000Z');
    });

    it('refuses a point outside the municipality, and a file that is no photo, storing nothing', async (ctx) => {
      if (skipped) return ctx.skip();
      const before = (await t!.db.meldingen.list()).length;
      const outside = t!.requests.submit({
        typeId: 'meldingen.wegdek',
        input: { subCategory: 'put', description: 'Put', address: 'Brussel', location: '50.8466,4.3517' },
        locale: 'fr',
        identity: citizen,
      });
      await expect(outside).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      const error = (await outside.catch((e) => e)) as ValidationError;
      expect(error.issues[0]!.path).toBe('location');
      expect(error.issues[0]!.message.fr).toContain('Smartegem');

      const fake = await upload(new TextEncoder().encode('%PDF-1.4 not a photo'), 'foto.jpg');
      const notPhoto = t!.requests.submit({
        typeId: 'meldingen.wegdek',
        input: { subCategory: 'put', description: 'Put', address: 'Kerkstraat 12', photo2: fake },
        locale: 'nl',
        identity: citizen,
      });
      await expect(notPhoto).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [{ path: 'photo2', code: 'photo.not_image' }],
      });
      expect((await t!.db.meldingen.list()).length).toBe(before);
    });

    it('the back-office switch "reports without login" refuses an anonymous report with a clear message', async (ctx) => {
      if (skipped) return ctx.skip();
      const input = { description: 'Vuilniszakken', address: 'Kerkstraat 12', location: '50.96135,3.96862' };
      expect(await t!.requests.reportAcceptsAnonymous('meldingen.sluikstort', input)).toBe(true);
      const filed = await t!.requests.submit({
        typeId: 'meldingen.sluikstort',
        input,
        locale: 'nl',
        anonymousEmail: 'an@example.org',
        idempotencyKey: 'anon-1',
      });
      expect((await t!.db.meldingen.place(filed.request.id))?.categoryId).toBe('sluikstort');

      await t!.db.meldingen.saveCategory(
        {
          id: 'sluikstort',
          parentId: null,
          name: { nl: 'Sluikstort', fr: 'Dépôt clandestin', en: 'Fly-tipping' },
          teamId: null,
          handlingDays: null,
          anonymousAllowed: false,
          standardAnswers: [],
          active: true,
        },
        admin,
      );
      expect(await t!.requests.reportAcceptsAnonymous('meldingen.sluikstort', input)).toBe(false);
      const refused = t!.requests.submit({
        typeId: 'meldingen.sluikstort',
        input,
        locale: 'nl',
        anonymousEmail: 'an@example.org',
        idempotencyKey: 'anon-2',
      });
      await expect(refused).rejects.toMatchObject({
        code: 'LOGIN_REQUIRED',
        userMessage: { nl: expect.stringContaining('alleen een melding doen als u zich aanmeldt') },
      });
      // Logged in it is accepted.
      const logged = await t!.requests.submit({
        typeId: 'meldingen.sluikstort',
        input,
        locale: 'nl',
        identity: citizen,
      });
      expect(logged.created).toBe(true);
    });
  });
}
