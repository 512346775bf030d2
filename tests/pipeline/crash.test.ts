import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { MINUTE } from '@smartloket/core';
import { forEachDatabase } from '@smartloket/db/testing';
import { createTestDeployment, createTestPlugin, fakeIdentities } from '@smartloket/testkit';
import { afterEach, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

forEachDatabase('a worker killed mid-job', (databaseUrl, testDb) => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
  });

  it('is finished by another worker after the lease expires: one document, one delivered event', async () => {
    const url = databaseUrl();
    const d = await createTestDeployment({
      plugins: [createTestPlugin({ script: [{ data: { name: 'after crash' } }] })],
      databaseUrl: url,
      databaseOwnerUrl: testDb.ownerUrl,
      config: { worker: { leaseMs: 60_000 } },
    });
    try {
      const { request } = await d.requests.submit({
        typeId: 'test.attest',
        input: { forWhom: 'self' },
        locale: 'nl',
        identity: fakeIdentities.citizen(),
      });
      child = spawn(
        process.execPath,
        [
          '--conditions=source',
          '--import',
          'tsx',
          'tests/pipeline/worker-child.ts',
          url,
          d.clock.now().toISOString(),
        ],
        { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      // Wait until the child has claimed the job and started the (hanging) consultation.
      // Bounded by count (3,000 polls, at least five minutes on a busy machine), not by a deadline.
      let started = false;
      for (let i = 0; !started && i < 3000; i++) {
        const audit = await d.db.audit.list({ requestId: request.id });
        started = audit.some((a) => a.category === 'consultation_started');
        if (!started) await new Promise((r) => setTimeout(r, 100));
      }
      expect(started).toBe(true);
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));

      // Before the lease expires nobody may take the job.
      await d.runJobs();
      expect((await d.db.requests.get(request.id))?.state).toBe('waiting_source');
      d.clock.advance(2 * MINUTE);
      await d.runJobs();

      expect((await d.db.requests.get(request.id))?.state).toBe('delivered');
      expect(await d.db.documents.listByRequest(request.id)).toHaveLength(1);
      const delivered = (await d.db.events.list(request.id)).filter((e) => e.type === 'deliver');
      expect(delivered).toHaveLength(1);
    } finally {
      await d.close();
    }
  });
});
