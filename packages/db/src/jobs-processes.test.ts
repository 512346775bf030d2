import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { forEachDatabase } from './testing.js';

const root = resolve(import.meta.dirname, '../../..');
const script = resolve(import.meta.dirname, 'fixtures/queue-worker.ts');

/** Starts a worker process; resolves `ready` once it is connected, `exit` with its output. */
function startWorker(url: string, schema: string, id: string, clock: Date) {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', script, url, schema, id, clock.toISOString()],
    { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let out = '';
  let onReady!: () => void;
  const ready = new Promise<void>((r) => {
    onReady = r;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('ready')) onReady();
  });
  const exit = new Promise<{ code: number | null; out: string }>((r) =>
    child.once('exit', (code) => r({ code, out })),
  );
  return { child, ready, exit };
}

forEachDatabase(
  'job queue across processes',
  (_url, t) => {
    it('two worker processes claim and complete 500 jobs: none twice, none lost', async () => {
      const runtimeRole = decodeURIComponent(new URL(t.url).username);
      await t.admin.schema.createTable('test_completions', (tb) => {
        tb.string('job_id', 36).notNullable();
        tb.string('worker_id', 50).notNullable();
      });
      await t.admin.raw('grant select, insert on test_completions to ??', [runtimeRole]);
      await t.db.transaction(async (tx) => {
        for (let i = 0; i < 500; i++) await tx.jobs.enqueue({ type: 'multi.test', payload: { i } });
      });

      const workers = ['pw1', 'pw2'].map((id) => startWorker(t.url, t.schema!, id, t.clock.now()));
      try {
        await Promise.all(workers.map((w) => w.ready));
        for (const w of workers) w.child.stdin.end('go\n');
        const results = await Promise.all(workers.map((w) => w.exit));
        expect(results.map((r) => r.code)).toEqual([0, 0]);
      } finally {
        for (const w of workers) w.child.kill('SIGKILL');
      }

      const rows: { job_id: string; worker_id: string }[] = await t.admin('test_completions').select();
      expect(rows).toHaveLength(500);
      expect(new Set(rows.map((r) => r.job_id)).size).toBe(500);
      const perWorker = new Map<string, number>();
      for (const r of rows) perWorker.set(r.worker_id, (perWorker.get(r.worker_id) ?? 0) + 1);
      // Both processes took part (they start together; 500 jobs are claimed five at a time).
      expect([...perWorker.keys()].sort()).toEqual(['pw1', 'pw2']);
      const stats = await t.db.jobs.stats();
      expect(stats).toMatchObject({ done: 500, queued: 0, running: 0, failed: 0, dead: 0 });
    });
  },
  { dialects: ['postgres'] },
);
