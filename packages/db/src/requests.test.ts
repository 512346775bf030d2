import { ConflictError, NotFoundError, type Requester, SYSTEM } from '@smartloket/core';
import { expect, it } from 'vitest';
import type { NewRequest, RequestRecord } from './index.js';
import { forEachDatabase } from './testing.js';

const citizen = (id: string): Requester => ({ kind: 'citizen', id, level: 'high', insz: '85073003328' });

function newRequest(requesterId: string, extra: Partial<NewRequest> = {}): NewRequest {
  return {
    typeId: 'test.attest',
    pluginId: 'test',
    kind: 'certificate',
    locale: 'nl',
    requester: citizen(requesterId),
    subject: { insz: '85073003328', relation: 'self' },
    form: { purpose: 'school', nested: { a: [1, 2] } },
    ...extra,
  };
}

forEachDatabase('requests, events, documents, outbox', (_url, t) => {
  it('inserts with a per-year reference and reads back typed fields', async () => {
    const a = await t.db.requests.insert(newRequest('ref-user', { idempotencyKey: 'k1', use: 'foreign' }));
    const b = await t.db.requests.insert(newRequest('ref-user'));
    expect(a.reference).toMatch(/^SL-2026-\d{6}$/);
    expect(Number(b.reference.slice(-6))).toBe(Number(a.reference.slice(-6)) + 1);
    const got = await t.db.requests.get(a.id);
    expect(got).toEqual(a);
    expect(got?.createdAt).toEqual(t.clock.now());
    expect(got?.form).toEqual({ purpose: 'school', nested: { a: [1, 2] } });
    expect(got?.requesterKind).toBe('citizen');
    expect(got?.subjectInsz).toBe('85073003328');
    expect(got?.version).toBe(1);
    expect(await t.db.requests.getByReference(a.reference)).toEqual(a);
    expect(await t.db.requests.findByIdempotency('ref-user', 'k1')).toEqual(a);
    expect(await t.db.requests.findByIdempotency('other-user', 'k1')).toBeUndefined();
    await expect(t.db.requests.insert(newRequest('ref-user', { idempotencyKey: 'k1' }))).rejects.toThrow();
  });

  it('allocates distinct references under concurrent inserts', async () => {
    const made = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.db.requests.insert(newRequest(`concurrent-${i}`))),
    );
    expect(new Set(made.map((r) => r.reference)).size).toBe(20);
  });

  it('lets exactly one of two concurrent transitions with the same expected version win', async () => {
    const r = await t.db.requests.insert(newRequest('race'));
    const act = (staff: string) =>
      t.db.transaction(async (tx) => {
        const updated = await tx.requests.transition(r.id, {
          expectedVersion: r.version,
          expectedState: 'submitted',
          to: 'in_review',
          patch: { assigneeId: staff, handledAt: t.clock.now() },
        });
        await tx.events.append({
          requestId: r.id,
          type: 'review',
          fromState: 'submitted',
          toState: 'in_review',
          actor: { type: 'staff', id: staff },
        });
        return updated;
      });
    const results = await Promise.allSettled([act('staff-a'), act('staff-b')]);
    const won = results.filter((x) => x.status === 'fulfilled');
    const lost = results.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
    const after = await t.db.requests.get(r.id);
    expect(after?.version).toBe(2);
    expect(after?.state).toBe('in_review');
    expect(after?.assigneeId).toBe((won[0] as PromiseFulfilledResult<RequestRecord>).value.assigneeId);
    // The loser's event was rolled back with its transaction.
    expect((await t.db.events.list(r.id)).map((e) => e.seq)).toEqual([1]);
  });

  // SQLite has one connection per process: its transactions never interleave.
  it.runIf(t.dialect === 'postgres')('catches a read-then-write race between two transactions', async () => {
    const r = await t.db.requests.insert(newRequest('race-2'));
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const act = () =>
      t.db.transaction(async (tx) => {
        const seen = (await tx.requests.get(r.id))!;
        if (++arrived === 2) release();
        await bothRead;
        return tx.requests.transition(r.id, { expectedVersion: seen.version, to: 'in_review' });
      });
    const results = await Promise.allSettled([act(), act()]);
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((x): x is PromiseRejectedResult => x.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(ConflictError);
  });

  it('throws NotFoundError for an unknown request and ConflictError for a stale state', async () => {
    await expect(t.db.requests.transition(crypto.randomUUID(), { to: 'in_review' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const r = await t.db.requests.insert(newRequest('stale'));
    await expect(
      t.db.requests.transition(r.id, { expectedState: 'in_review', to: 'approved' }),
    ).rejects.toBeInstanceOf(ConflictError);
    const updated = await t.db.requests.update(r.id, { pendingToken: 'tok', assigneeId: 'x' });
    expect(updated.pendingToken).toBe('tok');
    expect(updated.version).toBe(1);
    await expect(
      t.db.requests.update(r.id, { assigneeId: null }, { expectedVersion: 7 }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('pages a few hundred requests with keyset paging: each exactly once, newest first', async () => {
    const ids: string[] = [];
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < 300; i++) {
        // Several requests share each millisecond, so ties on created_at are exercised.
        if (i % 7 === 0) t.clock.advance(1);
        const r = await tx.requests.insert(
          newRequest(i % 3 === 0 ? 'pager-a' : 'pager-b', { typeId: 'page.test' }),
        );
        ids.push(r.id);
      }
    });
    const seen: RequestRecord[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await t.db.requests.list({ typeIds: ['page.test'] }, { limit: 37, after });
      seen.push(...page.items);
      after = page.next;
      pages++;
    } while (after);
    expect(pages).toBe(Math.ceil(300 / 37));
    expect(seen).toHaveLength(300);
    expect(new Set(seen.map((r) => r.id))).toEqual(new Set(ids));
    for (let i = 1; i < seen.length; i++) {
      const [p, c] = [seen[i - 1]!, seen[i]!];
      const ordered =
        p.createdAt > c.createdAt || (p.createdAt.getTime() === c.createdAt.getTime() && p.id > c.id);
      expect(ordered).toBe(true);
    }

    // Filtered paging and counting.
    let count = 0;
    after = undefined;
    do {
      const page = await t.db.requests.list(
        { typeIds: ['page.test'], requesterId: 'pager-a' },
        { limit: 25, after },
      );
      expect(page.items.every((r) => r.requesterId === 'pager-a')).toBe(true);
      count += page.items.length;
      after = page.next;
    } while (after);
    expect(count).toBe(100);
    expect(await t.db.requests.count({ typeIds: ['page.test'], requesterId: 'pager-a' })).toBe(100);
    expect(
      await t.db.requests.count({ typeIds: ['page.test'], states: ['submitted'], assigneeId: null }),
    ).toBe(300);
    const until = seen[99]!.createdAt;
    expect(await t.db.requests.count({ typeIds: ['page.test'], createdTo: until })).toBe(
      seen.filter((r) => r.createdAt < until).length,
    );
    await expect(t.db.requests.list({}, { limit: 5, after: 'garbage' })).rejects.toThrow(TypeError);
  });

  it('numbers events per request and keeps them in order', async () => {
    const r = await t.db.requests.insert(newRequest('events'));
    await t.db.events.append({ requestId: r.id, type: 'submit', toState: 'submitted', actor: SYSTEM });
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        t.db.events.append({ requestId: r.id, type: 'note', actor: { type: 'staff', id: 's' }, data: { i } }),
      ),
    );
    const events = await t.db.events.list(r.id);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events[0]).toMatchObject({ type: 'submit', fromState: null, toState: 'submitted', actor: SYSTEM });
    expect(events[0]!.at).toEqual(t.clock.now());
  });

  it('stores a document once per step key, reads and purges its bytes, withdraws it', async () => {
    const r = await t.db.requests.insert(newRequest('docs'));
    const bytes = Buffer.from('%PDF-1.7 test');
    const first = await t.db.documents.insert({
      requestId: r.id,
      stepKey: `${r.id}:document`,
      fileName: 'attest.pdf',
      mediaType: 'application/pdf',
      bytes,
      verificationCode: `V-${r.id.slice(0, 8)}`,
      expiresAt: new Date(t.clock.now().getTime() + 1000),
    });
    const again = await t.db.documents.insert({
      requestId: r.id,
      stepKey: `${r.id}:document`,
      fileName: 'other.pdf',
      mediaType: 'application/pdf',
      bytes: Buffer.from('other'),
    });
    expect(again).toEqual(first);
    expect(first.size).toBe(bytes.length);
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await t.db.documents.listByRequest(r.id)).toEqual([first]);
    expect(await t.db.documents.getByVerificationCode(first.verificationCode!)).toEqual(first);
    expect((await t.db.documents.readBytes(first.id))?.equals(bytes)).toBe(true);
    expect(await t.db.documents.purgeBytes(first.id)).toBe(true);
    expect(await t.db.documents.purgeBytes(first.id)).toBe(false);
    expect(await t.db.documents.readBytes(first.id)).toBeUndefined();
    expect((await t.db.documents.get(first.id))?.purgedAt).toEqual(t.clock.now());
    expect(await t.db.documents.withdraw(first.id)).toBe(true);
    expect((await t.db.documents.get(first.id))?.withdrawnAt).toEqual(t.clock.now());
  });

  it('adds an outbox message once per dedupe key, in the caller transaction', async () => {
    const r = await t.db.requests.insert(newRequest('mail'));
    const add = () =>
      t.db.outbox.add({
        kind: 'email',
        dedupeKey: `mail:${r.id}:receipt`,
        recipient: 'a@example.test',
        payload: { requestId: r.id, kind: 'receipt' },
      });
    const a = await add();
    const b = await add();
    expect(b.id).toBe(a.id);
    expect(a.requestId).toBe(r.id);
    await expect(
      t.db.transaction(async (tx) => {
        await tx.outbox.add({
          kind: 'email',
          dedupeKey: `rolled-back:${r.id}`,
          recipient: 'x@y.z',
          payload: {},
        });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await t.db.outbox.listByRequest(r.id)).toHaveLength(1);
    await t.db.outbox.markAttempt(a.id);
    expect(await t.db.outbox.markSent(a.id, '<m@x>')).toBe(true);
    expect(await t.db.outbox.markSent(a.id, '<m@x>')).toBe(false);
    expect(await t.db.outbox.get(a.id)).toMatchObject({ state: 'sent', attempts: 1, messageId: '<m@x>' });
  });
});
