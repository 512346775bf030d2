import { DAY } from '@smartloket/core';
import { describe, expect, it } from 'vitest';
import { anchorMessage, auditHash, canonicalJson, GENESIS_HASH, serialiseAuditV1 } from './audit-chain.js';
import { auditChain } from './migrations/0006-audit-chain.js';
import { forEachDatabase, withoutAuditGuards } from './testing.js';

const staff = { type: 'staff' as const, id: 'staff-1' };

describe('audit chain serialisation', () => {
  it('is canonical: key order and absent values do not change it', () => {
    expect(canonicalJson({ b: 1, a: [true, null, { d: 'x', c: 2.5 }], u: undefined })).toBe(
      '{"a":[true,null,{"c":2.5,"d":"x"}],"b":1}',
    );
    const fields = {
      seq: 1,
      id: '00000000-0000-4000-8000-000000000001',
      at: 1767603600000,
      category: 'staff_view',
      actor: { type: 'staff', id: 's-1' },
      request_id: null,
      related_id: null,
      subject_id: '85073003328',
      service: null,
      legal_basis: null,
      purpose: null,
      referte: null,
      outcome: null,
      code: null,
      data: { z: 1, a: 'é' },
      retain_until: 2083222800000,
      prev_hash: GENESIS_HASH,
    };
    expect(serialiseAuditV1(fields)).toBe(
      `["smartloket-audit/1",1,"00000000-0000-4000-8000-000000000001",1767603600000,"staff_view",{"id":"s-1","type":"staff"},null,null,"85073003328",null,null,null,null,null,null,{"a":"é","z":1},2083222800000,"${GENESIS_HASH}"]`,
    );
    // Version 1 is frozen: this value must never change (rows hashed with it are stored). It is
    // the SHA-256 of the serialisation above, as `sha256sum` computes it.
    expect(auditHash(fields, 1)).toBe('e495fed8d5ff4829c2e195e5a66df85ce100787dbf1282ceee127a004a41ccf4');
    expect(auditHash({ ...fields, actor: { id: 's-1', type: 'staff' } })).toBe(auditHash(fields));
    expect(auditHash({ ...fields, subject_id: '85073003329' })).not.toBe(auditHash(fields));
    expect(auditHash(fields, 2)).toBeUndefined();
    expect(anchorMessage(3, 'ab').toString()).toBe('smartloket-audit-anchor/1\n3\nab');
  });
});

forEachDatabase('audit chain', (_url, t) => {
  it('chains every append: seq in order, each prev_hash the hash before it, head at the last row', async () => {
    const empty = await t.db.auditChain.verify();
    expect(empty).toMatchObject({ ok: true, records: 0, head: { seq: 0, hash: GENESIS_HASH } });
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1);
      await t.db.audit.append({ category: 'staff_view', actor: staff, data: { i, nested: { b: 1, a: 2 } } });
    }
    await t.db.settings.set('greeting', 'hallo', staff);
    const rows = await t.db.knex('audit_log').orderBy('seq');
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    const progress: number[] = [];
    const report = await t.db.auditChain.verify({ batchSize: 4, onProgress: (p) => progress.push(p.done) });
    expect(report).toMatchObject({ ok: true, records: 6, firstSeq: 1, lastSeq: 6, head: { seq: 6 } });
    expect(report.head.hash).toBe(rows[5].hash);
    expect(progress).toEqual([0, 4, 6]);
  });

  it('keeps one valid chain with several connections appending at once', async () => {
    // SQLite: one connection per process (better-sqlite3 waits for a lock synchronously, so two
    // handles in one process would wait on each other); the appends still run interleaved.
    const handles =
      t.dialect === 'postgres' ? await Promise.all([t.open(), t.open(), t.open()]) : [t.db, t.db, t.db];
    const before = (await t.db.auditChain.head()).seq;
    await Promise.all(
      handles.flatMap((h, n) =>
        Array.from({ length: 15 }, (_, i) =>
          // Also appends inside another transaction (the settings change and its audit row).
          i % 5 === 4
            ? h.settings.set(`concurrent.${n}.${i}`, i, staff)
            : h.audit.append({ category: 'staff_view', actor: staff, data: { n, i } }),
        ),
      ),
    );
    const report = await t.db.auditChain.verify({ batchSize: 7 });
    expect(report.ok).toBe(true);
    expect(report.head.seq).toBe(before + 45);
    expect(report.records).toBe(before + 45);
  });

  it('finds a row changed by the owner, at exactly that row, and the chain is whole again once undone', async () => {
    const rows = await t.db.knex('audit_log').orderBy('seq');
    const victim = rows[3];
    await withoutAuditGuards(t, (o) =>
      o('audit_log').where({ id: victim.id }).update({ subject_id: '00000000097' }),
    );
    const report = await t.db.auditChain.verify({ batchSize: 2 });
    expect(report.ok).toBe(false);
    expect(report.failure).toMatchObject({ check: 'content', id: victim.id, seq: Number(victim.seq) });
    expect(report.failure!.at!.getTime()).toBe(Number(victim.at));
    await withoutAuditGuards(t, (o) =>
      o('audit_log').where({ id: victim.id }).update({ subject_id: victim.subject_id }),
    );
    expect((await t.db.auditChain.verify()).ok).toBe(true);

    // Rehashing the changed row moves the break to the link of the next row.
    await withoutAuditGuards(t, async (o) => {
      const changed = { ...victim, subject_id: '00000000097' };
      const { chainedFields } = await import('./audit-chain.js');
      await o('audit_log')
        .where({ id: victim.id })
        .update({ subject_id: changed.subject_id, hash: auditHash(chainedFields(t.dialect, changed)) });
    });
    expect((await t.db.auditChain.verify()).failure).toMatchObject({ check: 'link', id: rows[4].id });
    await withoutAuditGuards(t, (o) =>
      o('audit_log').where({ id: victim.id }).update({ subject_id: victim.subject_id, hash: victim.hash }),
    );
    expect((await t.db.auditChain.verify()).ok).toBe(true);
  });

  it('finds a deleted row (a gap) and a deleted last row (the head)', async () => {
    const rows = await t.db.knex('audit_log').orderBy('seq');
    const middle = rows[2];
    await withoutAuditGuards(t, (o) => o('audit_log').where({ id: middle.id }).delete());
    expect((await t.db.auditChain.verify()).failure).toMatchObject({
      check: 'gap',
      id: rows[3].id,
      seq: Number(rows[3].seq),
    });
    await withoutAuditGuards(t, (o) => o('audit_log').insert(middle));
    expect((await t.db.auditChain.verify()).ok).toBe(true);

    const last = rows[rows.length - 1];
    await withoutAuditGuards(t, (o) => o('audit_log').where({ id: last.id }).delete());
    expect((await t.db.auditChain.verify()).failure).toMatchObject({ check: 'head', seq: Number(last.seq) });
    await withoutAuditGuards(t, (o) => o('audit_log').insert(last));
    expect((await t.db.auditChain.verify()).ok).toBe(true);
  });

  it('records anchors of the head and checks them and their tokens', async () => {
    const off = await t.db.auditChain.anchor();
    expect(off).toMatchObject({ token: null, tsaUrl: null, headSeq: (await t.db.auditChain.head()).seq });
    await t.db.audit.append({ category: 'staff_view', actor: staff });
    const seen: Buffer[] = [];
    const on = await t.db.auditChain.anchor({
      tsaUrl: 'http://tsa.test',
      timestamp: async (message) => {
        seen.push(message);
        return { token: Buffer.concat([Buffer.from('token:'), message]), time: t.clock.now() };
      },
    });
    expect(seen[0]).toEqual(anchorMessage(on.headSeq, on.headHash));
    expect((await t.db.auditChain.latestAnchor())?.id).toBe(on.id);
    const checkToken = (token: Buffer, message: Buffer) => ({
      ok: token.equals(Buffer.concat([Buffer.from('token:'), message])),
      detail: 'imprint differs',
    });
    const report = await t.db.auditChain.verify({ checkToken });
    expect(report).toMatchObject({ ok: true, anchors: { total: 2, matched: 2, tokens: 1, withoutToken: 1 } });
    // A token that does not verify is a break; so is a token nobody can check.
    expect((await t.db.auditChain.verify()).failure).toMatchObject({ check: 'token', seq: on.headSeq });
    const bad = await t.db.auditChain.verify({ checkToken: () => ({ ok: false, detail: 'bad signature' }) });
    expect(bad.failure).toMatchObject({ check: 'token', anchorId: on.id });
    expect(bad.failure!.detail).toMatch(/bad signature/);

    // An owner who rewrites the chain after a row and its anchor's hash still trips the anchor.
    const anchored = await t.db.knex('audit_log').where({ seq: on.headSeq }).first();
    await withoutAuditGuards(t, (o) =>
      o('audit_log')
        .where({ id: anchored.id })
        .update({ hash: 'f'.repeat(64) }),
    );
    expect((await t.db.auditChain.verify({ checkToken })).failure?.check).toMatch(/content|anchor/);
    await withoutAuditGuards(t, (o) =>
      o('audit_log').where({ id: anchored.id }).update({ hash: anchored.hash }),
    );
    expect((await t.db.auditChain.verify({ checkToken })).ok).toBe(true);
  });
});

forEachDatabase('audit chain and the retention purge', (_url, t) => {
  it('purges a prefix of the chain, writes a checkpoint, and the rest still verifies', async () => {
    const old = [];
    for (let i = 0; i < 4; i++) {
      t.clock.advance(1000);
      old.push(await t.db.audit.append({ category: 'staff_view', actor: staff, data: { i } }));
    }
    // Kept two years longer: it holds back the rows after it.
    const long = await t.db.audit.append({
      category: 'staff_view',
      actor: staff,
      retainUntil: new Date(t.clock.now().getTime() + 12 * 366 * DAY),
    });
    t.clock.advance(1000);
    const after = await t.db.audit.append({ category: 'staff_view', actor: staff });
    const anchor = await t.db.auditChain.anchor();
    t.clock.advance(10 * 366 * DAY + DAY);
    const recent = await t.db.audit.append({ category: 'staff_view', actor: staff });

    const dry = await t.db.retention.purge({ dryRun: true });
    expect(dry.audit).toBe(4);
    const result = await t.db.retention.purge();
    expect(result.audit).toBe(4);
    for (const r of old) expect(await t.db.audit.get(r.id)).toBeUndefined();
    expect(await t.db.audit.get(long.id)).toBeDefined();
    expect(await t.db.audit.get(after.id)).toBeDefined();
    expect(await t.db.audit.get(recent.id)).toBeDefined();

    const cp = await t.db.auditChain.checkpoint();
    expect(cp).toMatchObject({ firstSeq: 5, purged: 4 });
    const report = await t.db.auditChain.verify();
    expect(report).toMatchObject({ ok: true, firstSeq: 5, records: 3, anchors: { matched: 1 } });
    expect(anchor.headSeq).toBe(6);

    // Removing the oldest kept row (outside the purge) is seen at the start of the chain.
    const first = await t.db.knex('audit_log').where({ id: long.id }).first();
    await withoutAuditGuards(t, (o) => o('audit_log').where({ id: long.id }).delete());
    expect((await t.db.auditChain.verify()).failure).toMatchObject({ check: 'start', id: after.id });
    await withoutAuditGuards(t, (o) => o('audit_log').insert(first));

    // Past the long row's term it goes, with the row it held back; the chain starts at `recent`.
    t.clock.advance(2 * 366 * DAY);
    const second = await t.db.retention.purge();
    expect(second.audit).toBe(2);
    const kept = await t.db.knex('audit_log').where({ id: recent.id }).first();
    expect(await t.db.auditChain.checkpoint()).toMatchObject({ firstSeq: 7, prevHash: kept.prev_hash });
    // The anchor of row 6 (purged now) is checked against the checkpoint.
    expect(await t.db.auditChain.verify()).toMatchObject({
      ok: true,
      records: 1,
      firstSeq: 7,
      anchors: { purged: 1 },
    });

    // Everything past its term: the chain is empty, and goes on from the last purged row.
    t.clock.advance(11 * 366 * DAY);
    expect((await t.db.retention.purge()).audit).toBe(1);
    const head = await t.db.auditChain.head();
    expect(await t.db.auditChain.checkpoint()).toMatchObject({ firstSeq: head.seq + 1, prevHash: head.hash });
    expect(await t.db.auditChain.verify()).toMatchObject({ ok: true, records: 0 });
    await t.db.audit.append({ category: 'staff_view', actor: staff });
    expect(await t.db.auditChain.verify()).toMatchObject({ ok: true, records: 1, firstSeq: head.seq + 1 });
  });
});

forEachDatabase('audit chain migration', (_url, t) => {
  it('chains the rows that were there before migration 0006, oldest first', async () => {
    // Back to the schema before 0006, with rows written then.
    await auditChain.down(t.admin, { dialect: t.dialect });
    await t.admin('knex_migrations').where({ name: auditChain.name }).delete();
    const base = { category: 'staff_view', actor: JSON.stringify(staff), retain_until: 4102444800000 };
    await t.admin('audit_log').insert([
      { ...base, id: 'b-second', at: 2000 },
      { ...base, id: 'a-first', at: 1000, data: JSON.stringify({ k: 1, a: [1, 2] }) },
      { ...base, id: 'c-third', at: 2000 },
    ]);
    await t.db.migrate();
    const rows = await t.db.knex('audit_log').orderBy('seq');
    expect(rows.map((r) => [r.id, Number(r.seq)])).toEqual([
      ['a-first', 1],
      ['b-second', 2],
      ['c-third', 3],
    ]);
    expect(await t.db.auditChain.head()).toEqual({ seq: 3, hash: rows[2].hash });
    await t.db.audit.append({ category: 'staff_view', actor: staff });
    expect(await t.db.auditChain.verify()).toMatchObject({ ok: true, records: 4 });
    // The triggers are back: the runtime connection still cannot change a row.
    await expect(t.db.knex('audit_log').where({ id: 'a-first' }).update({ outcome: 'x' })).rejects.toThrow();
    await expect(t.admin('audit_log').where({ id: 'a-first' }).update({ outcome: 'x' })).rejects.toThrow(
      /append-only/,
    );
    await expect(t.admin('audit_log').where({ id: 'a-first' }).delete()).rejects.toThrow(/append-only/);
  });
});
