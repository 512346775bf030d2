import { silentLogger } from '@smartloket/core';
import { forEachDatabase } from '@smartloket/db/testing';
import { describe, expect, it } from 'vitest';
import { Worker } from './worker.js';

forEachDatabase('worker', (_url, t) => {
  describe('stop (SIGTERM)', () => {
    it('lets a running job finish within the grace period, and claims nothing more', async () => {
      const done: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const a = await t.db.jobs.enqueue({ type: 'slow', payload: { n: 1 } });
      const worker = new Worker(
        t.db,
        {
          slow: async (job) => {
            await gate;
            done.push(job.id);
            return undefined;
          },
        },
        { logger: silentLogger, pollMs: 20, concurrency: 1 },
      ).start();
      while ((await t.db.jobs.get(a.id))?.state !== 'running') await new Promise((r) => setTimeout(r, 10));
      const b = await t.db.jobs.enqueue({ type: 'slow', payload: { n: 2 } });
      const stopping = worker.stop(5_000);
      release();
      await stopping;
      expect(done).toEqual([a.id]);
      expect((await t.db.jobs.get(a.id))?.state).toBe('done');
      expect((await t.db.jobs.get(b.id))?.state).toBe('queued');
    });

    it('releases a job that does not finish in time, so another worker takes it at once', async () => {
      const job = await t.db.jobs.enqueue({ type: 'stuck', payload: {} });
      const worker = new Worker(
        t.db,
        { stuck: () => new Promise(() => {}) },
        {
          logger: silentLogger,
          pollMs: 20,
          id: 'first',
        },
      ).start();
      while ((await t.db.jobs.get(job.id))?.state !== 'running') await new Promise((r) => setTimeout(r, 10));
      await worker.stop(100);
      const released = await t.db.jobs.get(job.id);
      expect(released?.state).toBe('queued');
      const ran: string[] = [];
      const second = new Worker(
        t.db,
        { stuck: async (j) => void ran.push(j.id) },
        { logger: silentLogger, id: 'second' },
      );
      expect(await second.drain()).toBeGreaterThanOrEqual(1);
      expect(ran).toContain(job.id);
    });
  });
});
