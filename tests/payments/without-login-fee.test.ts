import { ManualClock } from '@smartloket/core';
import { createTestDeployment, type TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feePlugin, memoryPaymentProvider } from '../support/fee-plugin.js';

/**
 * Certificates requested without login pay too (issue 21): they cannot pay before submitting (no
 * checkout before the e-mail is confirmed and a clerk identified the requester), so whatever the
 * type's moment, the fee is due after the clerk's approval, by the capability link of the
 * payment mail; a fee below the provider's minimum (or none) skips the payment step.
 */
describe('a fee for a certificate requested without login', () => {
  const clock = new ManualClock('2026-05-04T08:00:00.000Z');
  const memory = memoryPaymentProvider();
  const clerk = { type: 'staff' as const, id: 'karin', name: 'Karin' };
  let t: TestDeployment;

  beforeAll(async () => {
    t = await createTestDeployment({
      clock,
      plugins: [feePlugin(), memory.plugin],
      config: { payments: { provider: 'memory' } },
    });
    await t.db.settings.set('requestType.fees.paid.withoutLogin', true, 'test');
  });
  afterAll(async () => {
    await t?.close();
  });

  const fileWithoutLogin = async (key: string) =>
    (
      await t.requests.submit({
        typeId: 'fees.paid',
        input: { forWhom: 'self', purpose: 'school' },
        locale: 'nl',
        anonymousEmail: 'lies.peeters@example.org',
        unidentified: {
          details: {
            name: 'Lies Peeters',
            relation: 'zelf',
            person: { name: 'Lies Peeters', birthDate: '1990-02-01', birthPlace: 'Smartegem' },
            purpose: 'school',
          },
          evidence: [],
        },
        idempotencyKey: key,
      })
    ).request;

  it('a type paid before submitting is paid after approval by the capability link, then delivered', async () => {
    const request = await fileWithoutLogin('wl-fee-1');
    expect(request.state).toBe('in_review');
    expect(request.fee?.amountCents).toBe(750);
    // Filed without a checkout: nothing was paid yet.
    expect(await t.db.payments.listByRequest(request.id)).toEqual([]);
    const approved = await t.requests.act(request.id, { action: 'approve' }, clerk);
    expect(approved.state).toBe('approved');
    const mail = (await t.db.outbox.listByRequest(request.id))
      .map((m) => m.payload as { kind?: string; data?: { followToken?: string; amountCents?: number } })
      .find((p) => p.kind === 'payment_due');
    expect(mail?.data).toMatchObject({ amountCents: 750, followToken: expect.any(String) });

    const started = await t.payments.payApproved(request.id, { locale: 'nl' });
    expect(started.kind).toBe('redirect');
    const [payment] = await t.db.payments.listByRequest(request.id);
    memory.setStatus(payment!.providerPaymentId!, 'paid');
    await t.payments.refresh(payment!.id);
    await t.runJobs();
    expect((await t.db.requests.get(request.id))?.state).toBe('delivered');
  });

  it('a fee below the provider minimum skips the payment step: approved means delivered', async () => {
    // The municipality's own amount for the type from today: € 0,50, below the minimum of € 1,00.
    await t.db.settings.set('requestType.fees.paid.fees', [{ from: '2026-05-04', amountCents: 50 }], 'test');
    const request = await fileWithoutLogin('wl-fee-2');
    expect(request.fee?.amountCents).toBe(50);
    const approved = await t.requests.act(request.id, { action: 'approve' }, clerk);
    expect(approved.state).not.toBe('approved');
    await t.runJobs();
    expect((await t.db.requests.get(request.id))?.state).toBe('delivered');
    expect(await t.db.payments.listByRequest(request.id)).toEqual([]);
  });
});
