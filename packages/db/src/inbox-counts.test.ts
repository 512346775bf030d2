import type { Requester } from '@smartloket/core';
import { expect, it } from 'vitest';
import type { NewRequest } from './index.js';
import { inboxCounts } from './migrations/0012-inbox-counts.js';
import { OPEN_STATES } from './repositories/backoffice.js';
import { forEachDatabase, type TestDatabase } from './testing.js';

const citizen: Requester = { kind: 'citizen', id: 'jan', level: 'high', insz: '85073003328' };

function newRequest(typeId: string, state: NewRequest['state'] = 'submitted'): NewRequest {
  return {
    typeId,
    state,
    pluginId: typeId.split('.')[0]!,
    kind: 'certificate',
    locale: 'nl',
    requester: citizen,
    subject: { insz: '85073003328', relation: 'self' },
    form: {},
  };
}

/** The counts as `count(*)` over the requests sees them (the truth the counter table must match). */
async function counted(t: TestDatabase): Promise<Record<string, number>> {
  const rows = await t
    .admin('requests')
    .whereIn('state', [...OPEN_STATES])
    .groupBy('state', 'type_id')
    .select('state', 'type_id')
    .count<{ state: string; type_id: string; n: number | string }[]>({ n: '*' });
  return Object.fromEntries(rows.map((r) => [`${r.state} ${r.type_id}`, Number(r.n)]));
}

async function kept(t: TestDatabase, scopes: readonly string[] = ['*']): Promise<Record<string, number>> {
  const rows = await t.db.backoffice.openCounts(scopes);
  return Object.fromEntries(rows.map((r) => [`${r.state} ${r.typeId}`, r.count]));
}

forEachDatabase('inbox counts kept by the database', (_url, t) => {
  it('stay exact through submit, approve, refuse, assign, a rollback and a delete', async () => {
    const a = await t.db.requests.insert(newRequest('bevolking.woonst', 'in_review'));
    const b = await t.db.requests.insert(newRequest('bevolking.woonst'));
    const c = await t.db.requests.insert(newRequest('melding.openbaar-domein', 'in_review'));
    expect(await kept(t)).toEqual({
      'in_review bevolking.woonst': 1,
      'submitted bevolking.woonst': 1,
      'in_review melding.openbaar-domein': 1,
    });
    expect(await kept(t)).toEqual(await counted(t));

    await t.db.requests.transition(b.id, { expectedState: 'submitted', to: 'in_review' });
    await t.db.requests.update(a.id, { assigneeId: 'karin' });
    await t.db.requests.transition(a.id, { expectedState: 'in_review', to: 'delivered' });
    await t.db.requests.transition(c.id, { expectedState: 'in_review', to: 'refused' });
    expect(await kept(t)).toEqual({ 'in_review bevolking.woonst': 1 });
    expect(await kept(t)).toEqual(await counted(t));
    expect(await kept(t, ['melding.*'])).toEqual({});

    // A transaction that rolls back leaves the counts as they were.
    await expect(
      t.db.transaction(async (tx) => {
        await tx.requests.transition(b.id, { to: 'waiting_requester' });
        await tx.requests.insert(newRequest('melding.openbaar-domein'));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await kept(t)).toEqual({ 'in_review bevolking.woonst': 1 });

    await t.db.requests.transition(b.id, { to: 'waiting_requester' });
    expect(await kept(t)).toEqual({ 'waiting_requester bevolking.woonst': 1 });
    await t.admin('requests').where({ id: b.id }).delete();
    expect(await kept(t)).toEqual({});
  });

  it('stay exact under concurrent state changes', async () => {
    const ids = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.db.requests.insert(newRequest(i % 2 ? 'test.attest' : 'test.reviewed')).then((r) => r.id),
      ),
    );
    await Promise.all(
      ids.map((id, i) =>
        t.db.transaction(async (tx) => {
          await tx.requests.transition(id, { to: 'in_review' });
          if (i % 3 === 0) await tx.requests.transition(id, { to: i % 2 ? 'delivered' : 'refused' });
        }),
      ),
    );
    expect(await kept(t)).toEqual(await counted(t));
    expect((await kept(t))['in_review test.reviewed']).toBe(10);
  });
});

forEachDatabase('inbox counts after migrating existing data', (_url, t) => {
  it('fills the counter table from the requests already there', async () => {
    const dialect = t.dialect;
    // Back to the schema before migration 0012, as a database upgraded from an older release.
    await t.admin.transaction(async (trx) => {
      await inboxCounts.down(trx, { dialect });
      await trx('knex_migrations').where({ name: inboxCounts.name }).delete();
    });
    // Requests written before migration 0012 (no counter table, no triggers).
    const a = await t.db.requests.insert(newRequest('bevolking.woonst', 'in_review'));
    await t.db.requests.insert(newRequest('bevolking.woonst', 'in_review'));
    await t.db.requests.insert(newRequest('melding.openbaar-domein'));
    await t.db.requests.insert(newRequest('melding.openbaar-domein', 'delivered'));
    expect((await t.db.migrate()).applied).toEqual([inboxCounts.name]);
    expect(await kept(t)).toEqual({
      'in_review bevolking.woonst': 2,
      'submitted melding.openbaar-domein': 1,
    });
    // And kept from then on.
    await t.db.requests.transition(a.id, { to: 'failed' });
    expect(await kept(t)).toEqual(await counted(t));
    expect((await kept(t))['failed bevolking.woonst']).toBe(1);
  });
});

forEachDatabase('the inbox filtered by a request type family', (_url, t) => {
  it('keeps the types of the family (and ids beside it), and reads them from the family index', async () => {
    for (const typeId of [
      'strafregister.model-595',
      'strafregister.model-596',
      'bevolking.woonst',
      'strafregisterx.other',
    ]) {
      await t.db.requests.insert(newRequest(typeId, 'in_review'));
    }
    const types = async (scopes: string[]) =>
      (await t.db.backoffice.inbox({ scopes }, { limit: 50 })).items.map((r) => r.typeId).sort();
    expect(await types(['strafregister.*'])).toEqual(['strafregister.model-595', 'strafregister.model-596']);
    expect(await types(['strafregister.*', 'bevolking.woonst'])).toEqual([
      'bevolking.woonst',
      'strafregister.model-595',
      'strafregister.model-596',
    ]);
    expect(await types(['strafregister.*', 'bevolking.*'])).toHaveLength(3);
    expect(await types(['strafregister.model-595.*'])).toEqual([]);
    expect(await t.db.backoffice.openCounts(['strafregister.*'])).toHaveLength(2);

    if (t.dialect === 'postgres') {
      // The page's query for one family, as the repository sends it: a range scan on the family
      // index, already in due-date order (no sort).
      const sent: { sql: string; bindings: unknown[] }[] = [];
      const listen = (q: { sql: string; bindings: unknown[] }) => sent.push(q);
      t.db.knex.on('query', listen);
      await t.db.backoffice.inbox({ scopes: ['strafregister.*'] }, { limit: 25 });
      t.db.knex.off('query', listen);
      const page = sent.find((q) => q.sql.includes('order by coalesce(due_at'))!;
      const text = await t.db.knex.transaction(async (trx) => {
        await trx.raw('set local enable_seqscan = off');
        await trx.raw('set local enable_bitmapscan = off');
        const plan = await trx.raw(`explain ${page.sql.replace(/\$\d+/g, '?')}`, page.bindings as never);
        return plan.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
      });
      expect(text).toContain('requests_family_due_idx');
      expect(text).not.toContain('Sort');
    }
  });
});
