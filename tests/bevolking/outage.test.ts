import { HOUR, MINUTE } from '@smartloket/core';
import { PEOPLE } from '@smartloket/dev-population';
import type { TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizen, startWorld, type World } from './support.js';

const TYPES = [
  'hoofdverblijfplaats',
  'gezinssamenstelling',
  'hoofdverblijfplaats-historiek',
  'uittreksel-registers',
];
const BURST = 200;

describe('a burst of 200 requests during a 6-hour MAGDA outage (injected clock)', () => {
  let world: World;
  let d: TestDeployment;

  beforeAll(async () => {
    // Plain (unsealed) simulator PDFs: this test is about waiting and delivering, not seals.
    world = await startWorld({ sealedAttests: false });
    d = await world.deploy({ extras: ['uittreksel-registers'] });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('waits, then delivers every request once the source is back: none lost, no duplicate, audit = calls', async () => {
    const start = world.clock.now();
    const until = new Date(start.getTime() + 6 * HOUR);
    world.sim.faults.outage(until, 'GeefAttest');
    const people = PEOPLE.filter((p) => !p.death);
    const ids: string[] = [];
    for (let i = 0; i < BURST; i++) {
      const person = people[i % people.length]!;
      const { request } = await d.requests.submit({
        typeId: `bevolking.${TYPES[Math.floor(i / people.length) % TYPES.length]}`,
        input: { forWhom: 'self' },
        locale: 'nl',
        identity: citizen(person.key),
        idempotencyKey: `burst-${i}`,
      });
      expect(request.state).toBe('waiting_source');
      ids.push(request.id);
    }
    const states = async () => {
      const counts: Record<string, number> = {};
      for (const id of ids) {
        const s = (await d.db.requests.get(id))!.state;
        counts[s] = (counts[s] ?? 0) + 1;
      }
      return counts;
    };

    // During the outage: every request keeps waiting; nothing fails, nothing is delivered.
    while (world.clock.now() < until) {
      await d.runJobs();
      expect(await states()).toEqual({ waiting_source: BURST });
      world.clock.advance(HOUR);
    }
    const duringOutage = world.sim.calls.filter((c) => c.naam === 'GeefAttest').length;
    expect(world.sim.calls.every((c) => c.answer === 'outage')).toBe(true);
    // The circuit breaker keeps the load off MAGDA: far fewer calls than job runs.
    expect(duringOutage).toBeLessThan(BURST);

    // The source is back: the queued jobs come due within their (at most 15 min) backoff.
    for (let round = 0; round < 6 && (await states()).delivered !== BURST; round++) {
      world.clock.advance(20 * MINUTE);
      await d.runJobs();
    }
    expect(await states()).toEqual({ delivered: BURST });

    for (const id of ids) {
      expect(await d.db.documents.listByRequest(id)).toHaveLength(1);
      const delivers = (await d.db.events.list(id)).filter((e) => e.type === 'deliver');
      expect(delivers).toHaveLength(1);
    }

    // Audit: one "started" record per message MAGDA received, matched by referte; the only
    // records without a message are calls the client's open circuit stopped before sending.
    const calls = world.sim.calls.filter((c) => c.naam === 'GeefAttest');
    const audit = (
      await d.db.audit.list({ categories: ['consultation_started'] }, { limit: 100_000 })
    ).filter((a) => a.requestId && ids.includes(a.requestId));
    const outcomes = await d.db.audit.list({ categories: ['consultation_outcome'] }, { limit: 100_000 });
    const byStart = new Map(outcomes.map((o) => [o.relatedId, o]));
    const sent = new Set(calls.map((c) => c.referte));
    expect(new Set(audit.map((a) => a.referte)).size).toBe(audit.length);
    for (const c of calls) expect(audit.some((a) => a.referte === c.referte)).toBe(true);
    const unsent = audit.filter((a) => !sent.has(a.referte!));
    for (const a of unsent) expect(byStart.get(a.id)?.code).toBe('MAGDA_CIRCUIT_OPEN');
    expect(audit.length).toBe(calls.length + unsent.length);
    expect(calls.filter((c) => c.answer === 'ok')).toHaveLength(BURST);
    console.log(
      `outage burst: ${BURST} requests, ${calls.length} GeefAttest calls (${duringOutage} during the outage), ${unsent.length} stopped by the open circuit`,
    );
  });
});
