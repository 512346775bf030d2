/**
 * Audit chain bench: what chaining costs an audit append (every append moves the one chain
 * head, so appends are serialised per deployment), with one writer and with many at once, and how
 * fast `audit verify` walks the chain. On SQLite and, when reachable, PostgreSQL. Target: 200
 * appends/s with 20 concurrent writers on PostgreSQL; verify ≥ 10,000 rows/s. Prints figures;
 * never fails a build.
 */
import { ManualClock } from '@smartloket/core';
import type { Dialect } from '@smartloket/db';
import { createTestDatabase, postgresUnavailableReason } from '@smartloket/db/testing';

const N = Number(process.env.BENCH_AUDIT_N ?? 2000);
const VERIFY_N = Number(process.env.BENCH_AUDIT_VERIFY_N ?? 50_000);
const actor = { type: 'staff', id: 'bench' };

async function bench(dialect: Dialect): Promise<void> {
  const database = await createTestDatabase(dialect, { clock: new ManualClock('2026-01-01T00:00:00.000Z') });
  const db = database.db;
  try {
    let t = Date.now();
    for (let i = 0; i < N; i++) await db.audit.append({ category: 'staff_view', actor, data: { i } });
    const serial = N / ((Date.now() - t) / 1000);

    t = Date.now();
    const writers = 20;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = w; i < N; i += writers)
          await db.audit.append({ category: 'staff_view', actor, subjectId: '85073003328', data: { i } });
      }),
    );
    const parallel = N / ((Date.now() - t) / 1000);

    // A bigger chain to walk: appended in bulk the same way (chained), then verified.
    const more = Math.max(0, VERIFY_N - 2 * N);
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = w; i < more; i += writers)
          await db.audit.append({ category: 'staff_view', actor, data: { i } });
      }),
    );
    t = Date.now();
    const report = await db.auditChain.verify();
    const verify = report.records / ((Date.now() - t) / 1000);
    console.log(
      `${dialect.padEnd(8)} append 1 writer ${serial.toFixed(0)}/s, ${writers} writers ${parallel.toFixed(0)}/s` +
        ` (target 200/s on postgres: ${dialect !== 'postgres' || parallel >= 200 ? 'met' : 'NOT met'});` +
        ` verify ${report.records} rows ${verify.toFixed(0)} rows/s (target 10000: ${verify >= 10_000 ? 'met' : 'NOT met'}), ok=${report.ok}`,
    );
  } finally {
    await database.destroy();
  }
}

await bench('sqlite');
const unavailable = await postgresUnavailableReason();
if (unavailable) console.log(`postgres skipped: ${unavailable}`);
else await bench('postgres');
