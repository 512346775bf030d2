import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServiceFactory, ManualClock } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { generateMagdaDevCertificates } from '@smartloket/dev-world/magda';
import { type MollieSimulator, startMollieSimulator } from '@smartloket/dev-world/mollie';
import { createMollieClient, mollieClientRef, molliePaymentsPlugin } from '@smartloket/payment-mollie';
import { createTestDeployment, fakeIdentities, type TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feePlugin } from '../support/fee-plugin.js';
import { freePort } from '../support/net.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

/**
 * Paying a fee before submitting, through the Mollie provider and the dev world's Mollie
 * simulator over verified HTTPS, on PostgreSQL: the simulator's notifications travel over HTTP to
 * the portal's POST /payments/mollie/notify, which reads only the id and fetches the status back.
 * Paid -> filed and delivered; cancelled -> nothing filed; failed then paid on retry; duplicate
 * and out-of-order notifications file once; a notification that never comes is made up for by the
 * reconciliation job; refused after payment -> refunded at Mollie; a clerk's partial refunds.
 */
describe('fees paid through Mollie (simulator) on PostgreSQL', () => {
  let dir: string;
  let database: TestDatabase | undefined;
  let sim: MollieSimulator;
  let t: TestDeployment;
  let portal: TestPortal;
  const clock = new ManualClock('2026-03-02T09:00:00.000Z');
  const jan = fakeIdentities.citizen();

  beforeAll(async () => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    else console.warn(`[mollie-flow] on SQLite: ${unavailable}`);
    dir = mkdtempSync(join(tmpdir(), 'mollie-flow-'));
    const tls = generateMagdaDevCertificates(join(dir, 'tls'));
    sim = await startMollieSimulator({ tls: tls.server, clock });
    // The portal's own address is the deployment's baseUrl: Mollie notifies and returns there.
    const port = await freePort();
    t = await createTestDeployment({
      clock,
      plugins: [feePlugin(), { plugin: molliePaymentsPlugin, options: { methods: ['bancontact', 'kbc'] } }],
      databaseUrl: database?.url,
      databaseOwnerUrl: database?.ownerUrl,
      config: {
        baseUrl: `http://127.0.0.1:${port}`,
        payments: { provider: 'mollie' },
      },
      services: [
        createServiceFactory({
          ref: mollieClientRef,
          factory: () =>
            createMollieClient({ apiKey: sim.apiKey, apiEndpoint: sim.apiEndpoint, ca: tls.ca.cert }),
          dispose: (c) => c.close(),
        }),
      ],
    });
    // The portal serves POST /payments/mollie/notify; its worker stays off (the test runs jobs).
    portal = await startTestPortal({ deployment: t, port });
  });
  afterAll(async () => {
    await portal?.close();
    await t?.close();
    await sim?.stop();
    await database?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const submission = (key: string, typeId = 'fees.paid') => ({
    typeId,
    input: { forWhom: 'self', purpose: 'school' },
    locale: 'nl' as const,
    identity: jan,
    idempotencyKey: key,
  });
  /** The Mollie id of a checkout's payment. */
  async function startPayment(key: string, typeId?: string) {
    const result = await t.payments.checkout(submission(key, typeId));
    expect(result.kind).toBe('redirect');
    if (result.kind !== 'redirect') throw new Error('no checkout');
    expect(result.checkoutUrl).toBe(`${sim.checkoutUrl}/checkout/${result.payment.providerPaymentId}`);
    return { payment: result.payment, molliePaymentId: result.payment.providerPaymentId! };
  }
  const filedFor = async (key: string) =>
    (await t.db.payments.listBySubmission(key)).filter((p) => p.requestId).map((p) => p.requestId);

  it('paid on the checkout page: the notification files the request once, and it is delivered', async () => {
    const { payment, molliePaymentId } = await startPayment('mollie-paid');
    expect(sim.payment(molliePaymentId)).toMatchObject({ amountCents: 750, methods: ['bancontact', 'kbc'] });
    expect(await filedFor('mollie-paid')).toEqual([]);
    const { redirectTo } = await sim.complete(molliePaymentId, 'paid', 'kbc');
    expect(redirectTo).toBe(`${t.baseUrl}/payments/${payment.id}/return`);
    // Mollie's notification reached the portal's route: a form with only the id, answered 200.
    expect(sim.notifications.at(-1)).toMatchObject({
      paymentId: molliePaymentId,
      url: `${t.baseUrl}/payments/mollie/notify`,
      body: `id=${molliePaymentId}`,
      status: 200,
    });
    const stored = (await t.db.payments.get(payment.id))!;
    expect(stored).toMatchObject({ status: 'paid', method: 'kbc', amountCents: 750 });
    const [requestId] = await filedFor('mollie-paid');
    expect(requestId).toBeTruthy();
    await t.runJobs();
    expect((await t.db.requests.get(requestId!))?.state).toBe('delivered');
  });

  it('cancelled: nothing is filed; failed on the retry; paid on the next retry, filed once', async () => {
    const first = await startPayment('mollie-retry');
    await sim.complete(first.molliePaymentId, 'canceled');
    expect((await t.db.payments.get(first.payment.id))?.status).toBe('canceled');
    expect(await filedFor('mollie-retry')).toEqual([]);
    clock.advance(60_000);
    const second = await startPayment('mollie-retry');
    expect(second.molliePaymentId).not.toBe(first.molliePaymentId);
    await sim.complete(second.molliePaymentId, 'failed', 'bancontact');
    expect(await filedFor('mollie-retry')).toEqual([]);
    clock.advance(60_000);
    const third = await startPayment('mollie-retry');
    await sim.complete(third.molliePaymentId, 'paid');
    expect(await filedFor('mollie-retry')).toHaveLength(1);
    expect((await t.db.payments.listBySubmission('mollie-retry')).map((p) => p.status)).toEqual([
      'canceled',
      'failed',
      'paid',
    ]);
  });

  it('duplicate and out-of-order notifications file each request once', async () => {
    sim.faults.duplicateNotifications(2);
    const a = await startPayment('mollie-dup');
    await sim.complete(a.molliePaymentId, 'paid');
    expect(await filedFor('mollie-dup')).toHaveLength(1);
    // Two payments whose notifications arrive newest first, each twice more by Mollie's retries.
    sim.faults.holdNotifications();
    const b = await startPayment('mollie-order-1');
    const c = await startPayment('mollie-order-2');
    await sim.complete(b.molliePaymentId, 'paid');
    await sim.complete(c.molliePaymentId, 'failed');
    expect(await filedFor('mollie-order-1')).toEqual([]);
    await sim.faults.releaseNotifications({ reverse: true });
    await sim.notify(b.molliePaymentId);
    await sim.notify(c.molliePaymentId);
    expect(await filedFor('mollie-order-1')).toHaveLength(1);
    expect(await filedFor('mollie-order-2')).toEqual([]);
    await sim.faults.clear();
  });

  it('a notification that never comes: the reconciliation job reads the payment back and files it', async () => {
    sim.faults.dropNotifications(1);
    const { molliePaymentId } = await startPayment('mollie-lost');
    await sim.complete(molliePaymentId, 'paid');
    expect(sim.notifications.at(-1)).toMatchObject({ paymentId: molliePaymentId, dropped: true });
    expect(await filedFor('mollie-lost')).toEqual([]);
    clock.advance(5 * 60_000);
    await t.runJobs();
    expect(await filedFor('mollie-lost')).toHaveLength(1);
  });

  it('Mollie down at checkout: nothing is filed and the requester may try again', async () => {
    sim.faults.outage();
    await expect(t.payments.checkout(submission('mollie-down'))).rejects.toMatchObject({
      code: 'PAYMENT_PROVIDER_UNAVAILABLE',
    });
    await sim.faults.clear();
    const { molliePaymentId } = await startPayment('mollie-down');
    await sim.complete(molliePaymentId, 'paid');
    expect(await filedFor('mollie-down')).toHaveLength(1);
  });

  it('a notification for a payment this deployment never started changes nothing', async () => {
    const before = await t.db.requests.count({});
    const res = await fetch(`${t.baseUrl}/payments/mollie/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'id=tr_SomeoneElses1',
    });
    expect(res.status).toBe(200);
    expect(await t.db.requests.count({})).toBe(before);
  });

  it('refused after payment: the fee is refunded through Mollie; a clerk refunds part, then the rest', async () => {
    const clerk = { type: 'staff' as const, id: 'karin', name: 'Karin' };
    const { payment, molliePaymentId } = await startPayment('mollie-refused', 'fees.reviewed');
    await sim.complete(molliePaymentId, 'paid', 'bancontact');
    const [requestId] = await filedFor('mollie-refused');
    expect((await t.db.requests.get(requestId!))?.state).toBe('in_review');
    await t.requests.act(requestId!, { action: 'refuse', reason: 'U woont niet in de gemeente.' }, clerk);
    await t.runJobs();
    // Mollie holds one refund of the whole fee; SmartLoket read it back.
    expect(sim.payment(molliePaymentId)!.refunds.map((r) => r.amountCents)).toEqual([750]);
    const refunded = (await t.db.payments.get(payment.id))!;
    expect(refunded.refundedCents).toBe(750);
    expect(refunded.refunds).toEqual([
      expect.objectContaining({ amountCents: 750, providerRefundId: expect.stringMatching(/^re_/) }),
    ]);
    // A retried refund job refunds nothing more.
    await t.payments.refundRequest(requestId!, 'refused', clerk);
    expect(sim.payment(molliePaymentId)!.refunds).toHaveLength(1);

    // A clerk refunds part of another payment, then the rest.
    const other = await startPayment('mollie-partial');
    await sim.complete(other.molliePaymentId, 'paid');
    await t.payments.refund(other.payment.id, { amountCents: 250, reason: 'te veel gevraagd', actor: clerk });
    const rest = await t.payments.refund(other.payment.id, { reason: 'alles terug', actor: clerk });
    expect(rest.refundedCents).toBe(750);
    expect(sim.payment(other.molliePaymentId)!.refunds.map((r) => r.amountCents)).toEqual([250, 500]);
  });
});
