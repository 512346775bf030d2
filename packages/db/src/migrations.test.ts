import { expect, it } from 'vitest';
import type { MigrationProgress } from './index.js';
import { MIGRATIONS } from './migrations/index.js';
import { forEachDatabase } from './testing.js';

const TABLES = [
  'requests',
  'request_events',
  'documents',
  'jobs',
  'outbox',
  'organisation_grants',
  'audit_log',
  'settings',
  'sessions',
  'uploads',
];

forEachDatabase(
  'migrations',
  (_url, t) => {
    async function tables(): Promise<string[]> {
      const present: string[] = [];
      for (const name of TABLES) if (await t.admin.schema.hasTable(name)) present.push(name);
      return present;
    }

    it('go up, report status, go down and up again', async () => {
      const db = t.db;
      expect((await db.migrationStatus()).every((m) => !m.applied)).toBe(true);
      expect(await tables()).toEqual([]);

      const up = await db.migrate();
      expect(up.applied).toEqual(MIGRATIONS.map((m) => m.name));
      expect(await db.migrationStatus()).toEqual(MIGRATIONS.map((m) => ({ name: m.name, applied: true })));
      expect(await tables()).toEqual(TABLES);
      expect((await db.migrate()).applied).toEqual([]);

      const down = await db.migrateDown();
      expect(down.rolledBack).toEqual([...MIGRATIONS].reverse().map((m) => m.name));
      expect(await tables()).toEqual([]);
      expect((await db.migrationStatus()).some((m) => m.applied)).toBe(false);

      const progress: MigrationProgress[] = [];
      const again = await db.migrate({ onProgress: (p) => progress.push(p) });
      expect(again.applied).toEqual(MIGRATIONS.map((m) => m.name));
      const total = MIGRATIONS.length;
      expect(progress).toEqual([
        ...MIGRATIONS.map((m, i) => ({ name: m.name, done: i, total })),
        { name: MIGRATIONS.at(-1)!.name, done: total, total },
      ]);
      // The repositories work on the re-created schema, through the runtime connection.
      const job = await db.jobs.enqueue({ type: 'smoke', payload: { n: 1 } });
      expect((await db.jobs.get(job.id))?.payload).toEqual({ n: 1 });
    });

    it('lets a second handle that is up to date "migrate" without owner rights', async () => {
      const other = await t.open();
      expect((await other.migrate()).applied).toEqual([]);
    });
  },
  { migrate: false },
);
