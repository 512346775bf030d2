import { ManualClock } from '@smartloket/core';
import { createTestDeployment, fakeIdentities, type TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feePlugin, memoryPaymentProvider } from '../support/fee-plugin.js';

/** `payments.stuckAfterHours` from the configuration to the daily digest (issue 21). */
describe('stuck payments in the digest follow payments.stuckAfterHours', () => {
  const clock = new ManualClock('2026-05-04T08:00:00.000Z');
  const memory = memoryPaymentProvider();
  let t: TestDeployment;

  beforeAll(async () => {
    t = await createTestDeployment({
      clock,
      plugins: [feePlugin(), memory.plugin],
      config: { payments: { provider: 'memory', stuckAfterHours: 2 } },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names an open payment once it is older than the configured hours, and no longer once paid', async () => {
    const result = await t.payments.checkout({
      typeId: 'fees.paid',
      input: { forWhom: 'self', purpose: 'school' },
      locale: 'nl',
      identity: fakeIdentities.citizen(),
      idempotencyKey: 'digest-stuck',
    });
    if (result.kind !== 'redirect') throw new Error('no checkout');
    const id = result.payment.providerPaymentId!;
    const stuck = async () =>
      (await t.digest.collect()).configProblems.map((p) => p.nl).filter((p) => p.includes(id));
    clock.advance(90 * 60_000);
    expect(await stuck()).toEqual([]);
    clock.advance(60 * 60_000);
    expect(await stuck()).toEqual([
      `1 betaling(en) zijn na 2 uur nog niet afgerond bij de betaaldienst: ${id}. Draait er een worker (payment.check) en is de betaaldienst bereikbaar?`,
    ]);
    // Paid, and filed: nothing to report any more.
    memory.setStatus(id, 'paid');
    await t.payments.refresh(result.payment.id);
    expect(await stuck()).toEqual([]);
  });
});
