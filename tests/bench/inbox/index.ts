/**
 * Inbox bench: 100,000 requests in PostgreSQL, then the back-office inbox page query (first page,
 * filtered pages, a deep keyset page) timed many times. Target: p95 < 200 ms per inbox page.
 * Prints figures; never fails a build.
 */
import { ManualClock } from '@smartloket/core';
import { openDatabase } from '@smartloket/db';
import { createTestDatabase, postgresUnavailableReason } from '@smartloket/db/testing';

const N = Number(process.env.BENCH_INBOX_N ?? 100_000);
const unavailable = await postgresUnavailableReason();
if (unavailable) {
  console.log(`inbox bench skipped: ${unavailable}`);
  process.exit(0);
}
const database = await createTestDatabase('postgres');
const clock = new ManualClock('2026-01-01T00:00:00.000Z');
const db = await openDatabase({ url: database.url, clock });
try {
  const types = [
    'test.attest',
    'test.reviewed',
    'bevolking.leven',
    'strafregister.model-595',
    'test.melding',
  ];
  const states = [
    'delivered',
    'delivered',
    'delivered',
    'in_review',
    'refused',
    'waiting_requester',
    'expired',
    'failed',
  ];
  const kinds = ['citizen', 'citizen', 'organisation', 'anonymous', 'counter'];
  const start = Date.now();
  const t0 = clock.now().getTime();
  const batch = 2000;
  for (let i = 0; i < N; i += batch) {
    const rows = [];
    for (let j = i; j < Math.min(N, i + batch); j++) {
      const kind = kinds[j % kinds.length]!;
      rows.push({
        id: crypto.randomUUID(),
        reference: `SL-2026-${String(j + 1).padStart(7, '0')}`,
        type_id: types[j % types.length]!,
        plugin_id: 'bench',
        kind: j % types.length === 4 ? 'report' : 'certificate',
        state: states[(j * 7) % states.length]!,
        version: 1,
        locale: 'nl',
        requester: JSON.stringify({
          kind,
          id: `sub-${j % 5000}`,
          name: `Persoon ${j % 5000}`,
          level: 'high',
        }),
        requester_id: `sub-${j % 5000}`,
        requester_kind: kind,
        subject: JSON.stringify({ relation: 'self' }),
        created_at: t0 + j * 30_000,
        updated_at: t0 + j * 30_000,
        assignee_id: j % 50 === 0 ? 'staff-1' : null,
      });
    }
    await db.knex('requests').insert(rows);
  }
  await db.knex.raw('analyze requests');
  console.log(`seeded ${N} requests in ${((Date.now() - start) / 1000).toFixed(1)} s`);

  const scenarios: [string, Parameters<typeof db.backoffice.inbox>[0]][] = [
    ['all tasks, first page', { scopes: ['*'] }],
    ['type filter', { scopes: ['*'], typeIds: ['test.reviewed'] }],
    ['status in_review', { scopes: ['*'], states: ['in_review'] }],
    [
      'capacity organisation + period',
      {
        scopes: ['*'],
        capacity: 'organisation',
        createdFrom: new Date(t0),
        createdTo: new Date(t0 + N * 15_000),
      },
    ],
    ['assigned to me', { scopes: ['*'], assigneeId: 'staff-1' }],
    ['scoped to strafregister.*', { scopes: ['strafregister.*'] }],
  ];
  let worst = 0;
  for (const [name, filter] of scenarios) {
    const times: number[] = [];
    let after: string | undefined;
    for (let i = 0; i < 60; i++) {
      const s = performance.now();
      const page = await db.backoffice.inbox(filter, { limit: 25, after: i % 10 === 0 ? undefined : after });
      times.push(performance.now() - s);
      after = page.next;
    }
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(times.length * 0.5)]!;
    const p95 = times[Math.ceil(times.length * 0.95) - 1]!;
    worst = Math.max(worst, p95);
    console.log(`${name.padEnd(34)} p50 ${p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms`);
  }
  console.log(`target p95 < 200 ms: ${worst < 200 ? 'met' : 'NOT met'} (worst p95 ${worst.toFixed(1)} ms)`);
} finally {
  await db.close();
  await database.destroy();
}
