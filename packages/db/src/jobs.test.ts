import { MINUTE } from '@smartloket/core';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './index.js';
import { forEachDatabase } from './testing.js';

const SECOND = 1000;

forEachDatabase('job queue', (_url, t) => {
  const claim = (type: string, workerId = 'w1', limit = 10, leaseMs = MINUTE) =>
    t.db.jobs.claim({ workerId, types: [type], limit, leaseMs });

  it('enqueues inside a transaction: a rollback leaves no job, a commit keeps it', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.jobs.enqueue({ type: 'tx.test', payload: { n: 1 }, key: 'tx-rolled-back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await claim('tx.test')).toEqual([]);
    await t.db.transaction((tx) =>
      tx.jobs.enqueue({ type: 'tx.test', payload: { n: 2 }, key: 'tx-committed' }),
    );
    const claimed = await claim('tx.test');
    expect(claimed.map((j) => j.payload)).toEqual([{ n: 2 }]);
  });

  it('treats a duplicate key as a no-op returning the existing job', async () => {
    const a = await t.db.jobs.enqueue({ type: 'dup.test', payload: { v: 1 }, key: 'dup-1' });
    const b = await t.db.jobs.enqueue({ type: 'dup.test', payload: { v: 2 }, key: 'dup-1' });
    const c = await t.db.transaction((tx) =>
      tx.jobs.enqueue({ type: 'dup.test', payload: { v: 3 }, key: 'dup-1' }),
    );
    expect(b.id).toBe(a.id);
    expect(c.id).toBe(a.id);
    expect(b.payload).toEqual({ v: 1 });
    expect(await claim('dup.test')).toHaveLength(1);
  });

  it('claims only jobs whose run_at has come, against the injected clock', async () => {
    const now = t.clock.now().getTime();
    const soon = await t.db.jobs.enqueue({
      type: 'runat.test',
      payload: {},
      runAt: new Date(now + 10 * MINUTE),
    });
    const later = await t.db.jobs.enqueue({
      type: 'runat.test',
      payload: {},
      runAt: new Date(now + 60 * MINUTE),
    });
    expect(await claim('runat.test')).toEqual([]);
    t.clock.advance(10 * MINUTE);
    const first = await claim('runat.test');
    expect(first.map((j) => j.id)).toEqual([soon.id]);
    expect(first[0]).toMatchObject({ state: 'running', leaseOwner: 'w1', attempts: 0 });
    expect(first[0]!.leaseUntil).toEqual(new Date(t.clock.now().getTime() + MINUTE));
    expect(await claim('runat.test')).toEqual([]);
    t.clock.advance(50 * MINUTE);
    // The first job's lease also expired by now: both are claimable.
    expect((await claim('runat.test', 'w2')).map((j) => j.id).sort()).toEqual([soon.id, later.id].sort());
  });

  it('retries a failing job with backoff until it is dead-lettered, and retryDead revives it', async () => {
    const job = await t.db.jobs.enqueue({ type: 'fail.test', payload: {}, maxAttempts: 3 });
    for (let attempt = 1; attempt <= 3; attempt++) {
      const [claimed] = await claim('fail.test');
      expect(claimed?.id).toBe(job.id);
      expect(claimed?.attempts).toBe(attempt - 1);
      const delay = backoffDelay(attempt, { baseMs: SECOND, maxMs: MINUTE, jitter: false });
      const failed = await t.db.jobs.fail(job.id, 'w1', {
        error: `boom ${attempt}`,
        retryAt: new Date(t.clock.now().getTime() + delay),
      });
      expect(failed?.attempts).toBe(attempt);
      if (attempt < 3) {
        expect(failed?.state).toBe('failed');
        expect(await claim('fail.test')).toEqual([]); // not before its retry time
        t.clock.advance(delay);
      } else {
        expect(failed?.state).toBe('dead');
        expect(failed?.lastError).toBe('boom 3');
      }
    }
    t.clock.advance(MINUTE);
    expect(await claim('fail.test')).toEqual([]);
    const dead = await t.db.jobs.listDead({ limit: 100 });
    expect(dead.items.map((j) => j.id)).toContain(job.id);
    expect((await t.db.jobs.stats()).dead).toBeGreaterThanOrEqual(1);

    const revived = await t.db.jobs.retryDead(job.id);
    expect(revived).toMatchObject({ state: 'queued', attempts: 0 });
    const [again] = await claim('fail.test');
    expect(again?.id).toBe(job.id);
    expect(await t.db.jobs.complete(job.id, 'w1')).toBe(true);
    expect(await t.db.jobs.get(job.id)).toMatchObject({ state: 'done', doneAt: t.clock.now() });
    await expect(t.db.jobs.retryDead(job.id)).rejects.toThrow(/not found/);
  });

  it('makes a running job claimable by another worker once its lease expired', async () => {
    const job = await t.db.jobs.enqueue({ type: 'lease.test', payload: {} });
    expect((await claim('lease.test', 'w1', 1, MINUTE)).map((j) => j.id)).toEqual([job.id]);
    t.clock.advance(MINUTE - 1);
    expect(await claim('lease.test', 'w2')).toEqual([]);
    expect(await t.db.jobs.extendLease(job.id, 'w1', MINUTE)).toBe(true);
    t.clock.advance(MINUTE - 1);
    expect(await claim('lease.test', 'w2')).toEqual([]);
    t.clock.advance(1);
    const [taken] = await claim('lease.test', 'w2');
    expect(taken).toMatchObject({ id: job.id, leaseOwner: 'w2', attempts: 1 });
    // The first worker lost the job: it can no longer complete, fail, extend or release it.
    expect(await t.db.jobs.complete(job.id, 'w1')).toBe(false);
    expect(await t.db.jobs.fail(job.id, 'w1', { error: 'late' })).toBeUndefined();
    expect(await t.db.jobs.extendLease(job.id, 'w1', MINUTE)).toBe(false);
    expect(await t.db.jobs.release(job.id, 'w1')).toBe(false);
    expect(await t.db.jobs.complete(job.id, 'w2')).toBe(true);
  });

  it('dead-letters a job whose worker died on its last allowed attempt', async () => {
    const job = await t.db.jobs.enqueue({ type: 'crash.test', payload: {}, maxAttempts: 2 });
    await claim('crash.test', 'w1', 1, SECOND);
    t.clock.advance(SECOND);
    expect((await claim('crash.test', 'w2', 1, SECOND))[0]?.attempts).toBe(1);
    t.clock.advance(SECOND);
    expect(await claim('crash.test', 'w3', 1, SECOND)).toEqual([]);
    expect(await t.db.jobs.get(job.id)).toMatchObject({ state: 'dead', attempts: 2 });
  });

  it('reschedules without burning attempts unless asked, and releases for another worker', async () => {
    const job = await t.db.jobs.enqueue({ type: 'poll.test', payload: {}, maxAttempts: 2 });
    await claim('poll.test');
    let later = new Date();
    for (let i = 0; i < 3; i++) {
      later = new Date(t.clock.now().getTime() + 5 * MINUTE);
      const r = await t.db.jobs.reschedule(job.id, 'w1', later);
      expect(r).toMatchObject({ state: 'queued', attempts: 0, runAt: later });
      expect(await claim('poll.test')).toEqual([]);
      t.clock.set(later);
      expect((await claim('poll.test')).map((j) => j.id)).toEqual([job.id]);
    }
    expect(await t.db.jobs.release(job.id, 'w1')).toBe(true);
    expect((await claim('poll.test', 'w2')).map((j) => j.id)).toEqual([job.id]);
    expect((await t.db.jobs.reschedule(job.id, 'w2', later, { countAttempt: true }))?.attempts).toBe(1);
    await claim('poll.test', 'w2');
    expect((await t.db.jobs.reschedule(job.id, 'w2', later, { countAttempt: true }))?.state).toBe('dead');
  });

  it('claims each job once among concurrent claimers in one process', async () => {
    const type = 'concurrent.test';
    for (let i = 0; i < 40; i++) await t.db.jobs.enqueue({ type, payload: { i } });
    const batches = await Promise.all(Array.from({ length: 4 }, (_, w) => claim(type, `cw${w}`, 15)));
    const ids = batches.flat().map((j) => j.id);
    expect(ids).toHaveLength(new Set(ids).size);
    expect(ids.length).toBeLessThanOrEqual(40);
    const stats = await t.db.jobs.stats();
    expect(stats.running).toBeGreaterThanOrEqual(ids.length);
    expect(await claim(type, 'rest', 100)).toHaveLength(40 - ids.length);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap without jitter', () => {
    const o = { baseMs: 1000, maxMs: 60_000, jitter: false as const };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, o))).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000,
    ]);
    expect(backoffDelay(1000, o)).toBe(60_000);
  });

  it('stays within [0, exponential] with full jitter and [half, exponential] with equal jitter', () => {
    const o = { baseMs: 1000, maxMs: 60_000 };
    expect(backoffDelay(3, { ...o, jitter: true, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { ...o, jitter: 'full', random: () => 0.5 })).toBe(2000);
    expect(backoffDelay(3, { ...o, jitter: 'equal', random: () => 0 })).toBe(2000);
    expect(backoffDelay(3, { ...o, jitter: 'equal', random: () => 0.999 })).toBeLessThan(4000);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(5, { ...o, jitter: true });
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(16_000);
    }
  });
});
