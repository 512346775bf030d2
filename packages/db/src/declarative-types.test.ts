import type { Actor, Requester } from '@smartloket/core';
import { expect, it } from 'vitest';
import { definitionHash } from './index.js';
import { forEachDatabase } from './testing.js';

const admin: Actor = { type: 'staff', id: 'tine', name: 'Tine Vermeersch' };
const citizen: Requester = { kind: 'citizen', id: 'jan', level: 'high', insz: '85073003328' };
const v1 = { id: 'gemeente.feestzaal', title: { nl: 'Feestzaal' }, steps: [] };

forEachDatabase('declarative request types', (_url, t) => {
  it('numbers versions, keeps an unchanged definition as it is, and never changes a stored one', async () => {
    const a = await t.db.declarativeTypes.recordVersion({ typeId: v1.id, origin: 'file', definition: v1 });
    expect([a.record.version, a.created]).toEqual([1, true]);
    // Key order does not make a new version.
    const same = await t.db.declarativeTypes.recordVersion({
      typeId: v1.id,
      origin: 'file',
      definition: { steps: [], title: { nl: 'Feestzaal' }, id: v1.id },
    });
    expect([same.record.version, same.created]).toEqual([1, false]);
    const b = await t.db.declarativeTypes.recordVersion({
      typeId: v1.id,
      origin: 'file',
      definition: { ...v1, title: { nl: 'Feestzaal (nieuw)' } },
    });
    expect(b.record.version).toBe(2);
    expect((await t.db.declarativeTypes.version(v1.id, 1))?.definition).toEqual(v1);
    expect((await t.db.declarativeTypes.versions(v1.id)).map((v) => [v.version, v.hash])).toEqual([
      [1, definitionHash(v1)],
      [2, b.record.hash],
    ]);
  });

  it('keeps the designer’s working copy and audits every change and publication', async () => {
    const id = 'gemeente.straatlamp';
    await t.db.declarativeTypes.saveDraft(id, { id, title: { nl: 'Lamp' } }, admin, 'type_created');
    await t.db.declarativeTypes.saveDraft(id, { id, title: { nl: 'Straatlamp' } }, admin, 'title_changed');
    expect((await t.db.declarativeTypes.design(id))?.publishedVersion).toBeNull();
    const p = await t.db.declarativeTypes.recordVersion({
      typeId: id,
      origin: 'designer',
      definition: { id, title: { nl: 'Straatlamp' } },
      actor: admin,
    });
    expect((await t.db.declarativeTypes.design(id))?.publishedVersion).toBe(p.record.version);
    expect(p.record.createdBy).toBe('tine');
    await t.db.declarativeTypes.unpublish(id, admin);
    expect((await t.db.declarativeTypes.design(id))?.publishedVersion).toBeNull();
    const audit = await t.db.audit.list({
      categories: ['request_type_draft_saved', 'request_type_published', 'request_type_unpublished'],
    });
    expect(
      audit.map((a) => [a.category, a.actor.id, (a.data as { change?: string }).change ?? null]),
    ).toEqual(
      expect.arrayContaining([
        ['request_type_draft_saved', 'tine', 'type_created'],
        ['request_type_draft_saved', 'tine', 'title_changed'],
        ['request_type_published', 'tine', null],
        ['request_type_unpublished', 'tine', null],
      ]),
    );
  });

  it('stores the version a request was filed under', async () => {
    const r = await t.db.requests.insert({
      typeId: v1.id,
      typeVersion: 2,
      pluginId: 'declarative',
      kind: 'report',
      locale: 'nl',
      requester: citizen,
      subject: { relation: 'none' },
      form: {},
    });
    expect((await t.db.requests.get(r.id))?.typeVersion).toBe(2);
  });
});
