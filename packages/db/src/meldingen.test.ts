import type { Actor, Requester } from '@smartloket/core';
import { expect, it } from 'vitest';
import type { NewRequest, ReportCategoryInput } from './index.js';
import { forEachDatabase } from './testing.js';

const admin: Actor = { type: 'staff', id: 'pieter', name: 'Pieter Wouters' };
const anonymous: Requester = { kind: 'anonymous', id: 'anon-1', level: 'none' } as Requester;

function report(state: NewRequest['state'] = 'submitted'): NewRequest {
  return {
    typeId: 'meldingen.verlichting',
    state,
    pluginId: 'meldingen',
    kind: 'report',
    locale: 'nl',
    requester: anonymous,
    subject: { relation: 'none' },
    form: {},
  };
}

const lighting: ReportCategoryInput = {
  id: 'verlichting',
  parentId: null,
  name: { nl: 'Straatverlichting', fr: 'Éclairage public', en: 'Street lighting' },
  teamId: null,
  handlingDays: 5,
  anonymousAllowed: true,
  standardAnswers: [
    {
      id: 'vervangen',
      title: 'Lamp vervangen',
      text: {
        nl: 'De lamp is vervangen.',
        fr: 'La lampe a été remplacée.',
        en: 'The lamp has been replaced.',
      },
    },
  ],
  active: true,
};

forEachDatabase('meldingen: categories, places, photos, followers', (_url, t) => {
  it('stores categories in two levels with a team, in list order, audited; removing a main category removes its subs', async () => {
    const team = await t.db.teams.saveTeam(
      { name: 'Openbare werken', typePatterns: ['meldingen.*'], members: [] },
      admin,
    );
    await t.db.meldingen.saveCategory({ ...lighting, teamId: team.id }, admin);
    await t.db.meldingen.saveCategory(
      {
        ...lighting,
        id: 'lamp-uit',
        parentId: 'verlichting',
        name: { nl: 'Lamp brandt niet', fr: 'Lampe éteinte', en: 'Lamp out' },
        handlingDays: null,
        standardAnswers: [],
      },
      admin,
    );
    await t.db.meldingen.saveCategory(
      {
        ...lighting,
        id: 'sluikstort',
        name: { nl: 'Sluikstort', fr: 'Dépôt clandestin', en: 'Fly-tipping' },
      },
      admin,
    );
    const all = await t.db.meldingen.categories();
    expect(all.map((c) => [c.id, c.parentId, c.position])).toEqual([
      ['verlichting', null, 1],
      ['lamp-uit', 'verlichting', 2],
      ['sluikstort', null, 3],
    ]);
    expect(all[0]).toMatchObject({
      name: lighting.name,
      teamId: team.id,
      handlingDays: 5,
      anonymousAllowed: true,
      standardAnswers: lighting.standardAnswers,
      active: true,
    });
    expect(all[1]!.handlingDays).toBeNull();

    // Saving again keeps the position and replaces the rest.
    await t.db.meldingen.saveCategory(
      { ...lighting, teamId: team.id, anonymousAllowed: false, active: false },
      admin,
    );
    const again = (await t.db.meldingen.categories()).find((c) => c.id === 'verlichting')!;
    expect([again.position, again.anonymousAllowed, again.active]).toEqual([1, false, false]);

    // Removing the team leaves the category without one.
    await t.db.teams.removeTeam(team.id, admin);
    expect((await t.db.meldingen.categories()).find((c) => c.id === 'verlichting')!.teamId).toBeNull();

    expect(await t.db.meldingen.removeCategory('verlichting', admin)).toBe(true);
    expect(await t.db.meldingen.removeCategory('verlichting', admin)).toBe(false);
    expect((await t.db.meldingen.categories()).map((c) => c.id)).toEqual(['sluikstort']);

    const audit = await t.db.audit.list({ categories: ['report_category_saved', 'report_category_removed'] });
    expect(audit.map((a) => a.category).sort()).toEqual([
      'report_category_removed',
      'report_category_saved',
      'report_category_saved',
      'report_category_saved',
      'report_category_saved',
    ]);
  });

  it('stores places in both systems and lists open reports in a box, by category and team, without merged ones', async () => {
    const a = await t.db.requests.insert(report());
    const b = await t.db.requests.insert(report('in_progress'));
    const closed = await t.db.requests.insert(report('resolved'));
    const far = await t.db.requests.insert(report());
    const place = (requestId: string, x: number, y: number, teamId: string | null = 'team-ow') => ({
      requestId,
      categoryId: 'verlichting',
      subCategoryId: 'lamp-uit',
      x,
      y,
      lat: 50.96,
      lon: 3.97,
      address: 'Kerkstraat 12, 9999 Smartegem',
      teamId,
    });
    await t.db.meldingen.savePlace(place(a.id, 121889.1, 183529.01));
    t.clock.advance(60_000);
    await t.db.meldingen.savePlace(place(b.id, 121900.5, 183520.25, null));
    await t.db.meldingen.savePlace(place(closed.id, 121889, 183529));
    await t.db.meldingen.savePlace(place(far.id, 125000, 183529));

    expect(await t.db.meldingen.place(a.id)).toMatchObject({
      x: 121889.1,
      y: 183529.01,
      lat: 50.96,
      lon: 3.97,
      categoryId: 'verlichting',
      subCategoryId: 'lamp-uit',
      reopenedCount: 0,
      closedAt: null,
      mergedInto: null,
    });

    const box = { minX: 121839, maxX: 121939, minY: 183479, maxY: 183579 };
    const open = await t.db.meldingen.list({ categoryId: 'verlichting', openOnly: true, box });
    expect(open.map((r) => r.requestId)).toEqual([b.id, a.id]);
    expect(open[0]).toMatchObject({
      state: 'in_progress',
      typeId: 'meldingen.verlichting',
      reference: b.reference,
    });
    expect((await t.db.meldingen.list({ teamId: 'team-ow' })).map((r) => r.requestId).sort()).toEqual(
      [a.id, closed.id, far.id].sort(),
    );
    expect((await t.db.meldingen.list({ states: ['resolved'] })).map((r) => r.requestId)).toEqual([
      closed.id,
    ]);
    expect(await t.db.meldingen.list({ categoryId: 'sluikstort' })).toEqual([]);

    // Merging a duplicate hides it from the lists; merging into a merged one or itself is refused.
    expect(await t.db.meldingen.merge(b.id, a.id, admin)).toBe(true);
    expect(await t.db.meldingen.merge(b.id, a.id, admin)).toBe(false);
    expect(await t.db.meldingen.merge(a.id, b.id, admin)).toBe(false);
    expect(await t.db.meldingen.merge(a.id, a.id, admin)).toBe(false);
    expect((await t.db.meldingen.list({ openOnly: true, box })).map((r) => r.requestId)).toEqual([a.id]);
    expect((await t.db.meldingen.place(b.id))?.mergedInto).toBe(a.id);

    // Closing and reopening.
    await t.db.meldingen.markClosed(closed.id);
    expect((await t.db.meldingen.place(closed.id))?.closedAt).toEqual(t.clock.now());
    expect(await t.db.meldingen.markReopened(closed.id)).toBe(true);
    expect(await t.db.meldingen.place(closed.id)).toMatchObject({ closedAt: null, reopenedCount: 1 });
  });

  it('keeps photos with thumbnails per report, served only for their own report; followers once each', async () => {
    const r = await t.db.requests.insert(report());
    const other = await t.db.requests.insert(report());
    const p1 = await t.db.meldingen.addPhoto({
      requestId: r.id,
      mediaType: 'image/jpeg',
      width: 2048,
      height: 1365,
      bytes: Buffer.from([0xff, 0xd8, 1, 2, 3]),
      thumbnail: Buffer.from([0xff, 0xd8, 9]),
    });
    t.clock.advance(1000);
    await t.db.meldingen.addPhoto({
      requestId: r.id,
      eventId: 'answer-1',
      mediaType: 'image/jpeg',
      width: 10,
      height: 10,
      bytes: Buffer.from([0xff, 0xd8, 4]),
      thumbnail: Buffer.from([0xff, 0xd8, 5]),
    });
    const photos = await t.db.meldingen.photos(r.id);
    expect(photos.map((p) => [p.width, p.eventId])).toEqual([
      [2048, null],
      [10, 'answer-1'],
    ]);
    expect((await t.db.meldingen.photoBytes(r.id, p1.id))?.bytes).toEqual(Buffer.from([0xff, 0xd8, 1, 2, 3]));
    expect((await t.db.meldingen.photoBytes(r.id, p1.id, 'thumbnail'))?.bytes).toEqual(
      Buffer.from([0xff, 0xd8, 9]),
    );
    expect(await t.db.meldingen.photoBytes(other.id, p1.id)).toBeUndefined();

    expect(
      await t.db.meldingen.follow({
        requestId: r.id,
        followerKey: 'sub-1',
        email: 'a@example.org',
        locale: 'nl',
      }),
    ).toBe(true);
    expect(
      await t.db.meldingen.follow({
        requestId: r.id,
        followerKey: 'sub-1',
        email: 'a@example.org',
        locale: 'nl',
      }),
    ).toBe(false);
    t.clock.advance(1000);
    await t.db.meldingen.follow({
      requestId: r.id,
      followerKey: 'email:abc',
      email: 'b@example.org',
      locale: 'fr',
    });
    expect((await t.db.meldingen.followers(r.id)).map((f) => [f.email, f.locale])).toEqual([
      ['a@example.org', 'nl'],
      ['b@example.org', 'fr'],
    ]);
    expect(await t.db.meldingen.unfollow(r.id, 'sub-1')).toBe(true);
    expect(await t.db.meldingen.followers(other.id)).toEqual([]);
  });
});
