/**
 * Inbox bench: 1,000,000 requests in PostgreSQL (`BENCH_INBOX_N`), then the back-office inbox:
 * the first page sorted by due date with the counts per state, filtered pages, deep keyset pages
 * and the overdue filter, each timed many times. Target: p95 < 100 ms per inbox page (decision
 * 0902). Prints figures; never fails a build.
 */
import { brusselsDay, ManualClock, startOfBrusselsDay } from '@smartloket/core';
import { OPEN_STATES, openDatabase } from '@smartloket/db';
import { createTestDatabase, postgresUnavailableReason } from '@smartloket/db/testing';

const N = Number(process.env.BENCH_INBOX_N ?? 1_000_000);
const TARGET_MS = 100;
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
  const arr = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;
  // Seeded inside PostgreSQL (generate_series) in chunks: a million rows in seconds, not minutes.
  const chunk = 100_000;
  for (let from = 0; from < N; from += chunk) {
    const to = Math.min(N, from + chunk) - 1;
    await db.knex.raw(
      `insert into requests (id, reference, type_id, plugin_id, kind, state, version, locale, requester,
         requester_id, requester_kind, subject, created_at, updated_at, assignee_id, due_at, no_answer_at)
       select gen_random_uuid()::text,
         'SL-2026-' || lpad((j + 1)::text, 7, '0'),
         (${arr(types)})[j % ${types.length} + 1],
         'bench',
         case when j % ${types.length} = 4 then 'report' else 'certificate' end,
         (${arr(states)})[(j * 7) % ${states.length} + 1],
         1, 'nl',
         jsonb_build_object('kind', (${arr(kinds)})[j % ${kinds.length} + 1], 'id', 'sub-' || (j % 5000),
           'name', 'Persoon ' || (j % 5000), 'level', 'high'),
         'sub-' || (j % 5000),
         (${arr(kinds)})[j % ${kinds.length} + 1],
         '{"relation":"self"}'::jsonb,
         ${t0}::bigint + j::bigint * 30000, ${t0}::bigint + j::bigint * 30000,
         case when j % 50 = 0 then 'staff-1' end,
         -- Due 10 to 20 days after submission, at a day start; one type in five has no lead time.
         case when j % ${types.length} = 2 then null
           else ((${t0}::bigint + j::bigint * 30000 + (10 + j % 11) * 86400000) / 86400000) * 86400000 - 3600000 end,
         case when j % 97 = 0 then ${t0}::bigint + j::bigint * 30000 end
       from generate_series(?::int, ?::int) as j`,
      [from, to],
    );
  }
  await db.knex.raw('analyze requests');
  console.log(`seeded ${N} requests in ${((Date.now() - start) / 1000).toFixed(1)} s`);

  // "Today" in the middle of the data: about half of the open requests are overdue.
  const today = startOfBrusselsDay(brusselsDay(new Date(t0 + N * 15_000)));
  const scenarios: [string, Parameters<typeof db.backoffice.inbox>[0]][] = [
    ['all tasks by due date, first page', { scopes: ['*'] }],
    ['overdue', { scopes: ['*'], overdueBefore: today }],
    ['overdue, type filter', { scopes: ['*'], overdueBefore: today, typeIds: ['test.reviewed'] }],
    ['type filter', { scopes: ['*'], typeIds: ['test.reviewed'] }],
    ['status in_review (by due date)', { scopes: ['*'], states: ['in_review'] }],
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
  /**
   * The counts at the top of the inbox, as the page asks for them: open requests per state and
   * type (summed per team by the page), from the counter table the database keeps (decision 0904).
   */
  const counts = () => db.backoffice.openCounts(['*']);
  const exact = await db
    .knex('requests')
    .whereIn('state', [...OPEN_STATES])
    .count({ n: '*' });
  const kept = (await counts()).reduce((sum, c) => sum + c.count, 0);
  console.log(`open requests: ${kept} kept, ${Number(exact[0]!.n)} by count(*)`);
  const report = (name: string, times: number[]) => {
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(times.length * 0.5)]!;
    const p95 = times[Math.ceil(times.length * 0.95) - 1]!;
    console.log(`${name.padEnd(44)} p50 ${p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms`);
    return p95;
  };
  let worst = 0;
  for (const [name, filter] of scenarios) {
    const times: number[] = [];
    let after: string | undefined;
    for (let i = 0; i < 60; i++) {
      const s = performance.now();
      // Every tenth page is a first page (with the counts); the others follow the keyset deeper.
      const first = i % 10 === 0;
      const [page] = await Promise.all([
        db.backoffice.inbox(filter, { limit: 25, after: first ? undefined : after }),
        first ? counts() : undefined,
      ]);
      times.push(performance.now() - s);
      after = page.next;
    }
    worst = Math.max(worst, report(name, times));
  }
  const countTimes: number[] = [];
  for (let i = 0; i < 30; i++) {
    const s = performance.now();
    await counts();
    countTimes.push(performance.now() - s);
  }
  worst = Math.max(worst, report('counts per open state and type alone', countTimes));
  const plan = await db.knex.raw(
    `explain select id from requests where state in ('in_review','failed','submitted','in_progress') and coalesce(due_at, 8640000000000000) < ? order by coalesce(due_at, 8640000000000000), id limit 26`,
    [today.getTime()],
  );
  console.log(`overdue plan: ${plan.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join(' | ')}`);
  // The family filter (a scope or team `strafregister.*`) as the repository sends it (migration 0021).
  const familyPlan = await db.knex.raw(
    `explain select id from requests where (split_part(type_id, '.', 1) = ?) and state in ('in_review','failed','submitted','in_progress') order by coalesce(due_at, 8640000000000000), id limit 26`,
    ['strafregister'],
  );
  console.log(
    `family plan: ${familyPlan.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join(' | ')}`,
  );
  console.log(
    `target p95 < ${TARGET_MS} ms at ${N.toLocaleString('en')} requests: ${worst < TARGET_MS ? 'met' : 'NOT met'} (worst p95 ${worst.toFixed(1)} ms)`,
  );
} finally {
  await db.close();
  await database.destroy();
}
