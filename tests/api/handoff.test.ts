import { defineHandoff, HandoffRejected, withHandoffs } from '@smartloket/core';
import { createTestDeployment, createTestPlugin, identityOf, type TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';

let d: TestDeployment;
const calls: { id: string; event: string; attempt: number; description: unknown }[] = [];
let failFirst = true;

const caseSystem = defineHandoff({
  id: 'test.case-system',
  requestTypes: ['test.melding'],
  on: ['request.submitted'],
  maxAttempts: 3,
  async forward(ctx) {
    calls.push({
      id: ctx.request.id,
      event: ctx.event.type,
      attempt: ctx.attempt,
      description: ctx.request.form.description,
    });
    if (ctx.request.form.description === 'weigeren')
      throw new HandoffRejected('case system refused the report');
    if (failFirst) {
      failFirst = false;
      throw new Error('case system unavailable');
    }
    return { externalId: `ZAAK-${calls.length}` };
  },
});

beforeAll(async () => {
  // A plugin carries the hand-off; the runtime runs it while the plugin is enabled.
  d = await createTestDeployment({ plugins: [withHandoffs(createTestPlugin(), [caseSystem])] });
});
afterAll(async () => {
  await d?.close();
});

async function file(description: string) {
  const r = await d.requests.submit({
    typeId: 'test.melding',
    input: { description },
    locale: 'nl',
    identity: identityOf('jan'),
  });
  return r.request.id;
}

it('forwards a report to the external system as a job with its own retries, and records the outcome', async () => {
  const id = await file('Een put in de weg');
  await d.runJobs();
  expect(calls).toEqual([{ id, event: 'request.submitted', attempt: 1, description: 'Een put in de weg' }]);
  d.clock.advance(60 * 60_000); // past the backoff
  await d.runJobs();
  expect(calls.map((c) => c.attempt)).toEqual([1, 2]);
  const events = await d.db.events.list(id);
  expect(events.filter((e) => e.type === 'handoff').map((e) => e.data)).toEqual([
    { handoffId: 'test.case-system', eventType: 'request.submitted', externalId: 'ZAAK-2', attempt: 2 },
  ]);
  expect((await d.db.requests.get(id))!.state).toBe('submitted'); // a hand-off never moves the request

  const refused = await file('weigeren');
  await d.runJobs();
  const failed = (await d.db.events.list(refused)).filter((e) => e.type === 'handoff_failed');
  expect(failed).toHaveLength(1);
  expect(failed[0]!.data).toMatchObject({
    handoffId: 'test.case-system',
    reason: 'case system refused the report',
  });

  // Other request types are not handed off.
  const before = calls.length;
  await d.requests.submit({
    typeId: 'test.reviewed',
    input: { forWhom: 'self' },
    locale: 'nl',
    identity: identityOf('jan'),
  });
  await d.runJobs();
  expect(calls.length).toBe(before);
});
