import { createKernel, PaymentProviderRefusedError, silentLogger, ValidationError } from '@smartloket/core';
import { describe, expect, it } from 'vitest';
import { counterPaymentsPlugin, createCounterPaymentProvider } from './index.js';

const start = {
  amountCents: 750,
  currency: 'EUR' as const,
  description: 'SL-2026-000123 Uittreksel uit het bevolkingsregister',
  reference: 'SL-2026-000123',
  returnUrl: 'https://loket.gemeente.be/my/requests/1',
  locale: 'nl' as const,
  idempotencyKey: 'payment:req-1:1',
  metadata: { requestId: 'req-1' },
  logger: silentLogger,
};

describe('payment at the counter or by invoice', () => {
  const provider = createCounterPaymentProvider();

  it('starts an open payment with nowhere to send the requester; the same attempt gets the same id', async () => {
    const snap = await provider.start(start, {});
    expect(provider.kind).toBe('counter');
    expect(snap).toEqual({
      providerPaymentId: expect.stringMatching(/^ctr_[0-9a-f]{24}$/),
      status: 'open',
      amountCents: 750,
      currency: 'EUR',
      refunds: [],
    });
    expect((await provider.start(start, {})).providerPaymentId).toBe(snap.providerPaymentId);
    expect(
      (await provider.start({ ...start, idempotencyKey: 'payment:req-1:2' }, {})).providerPaymentId,
    ).not.toBe(snap.providerPaymentId);
  });

  it('the clerk records the payment: paid, with the method and the time it was received', async () => {
    const snap = await provider.start(start, {});
    const paidAt = new Date('2026-12-07T10:15:00Z');
    const paid = await provider.record!(
      {
        providerPaymentId: snap.providerPaymentId,
        amountCents: 750,
        method: 'cash',
        paidAt,
        logger: silentLogger,
      },
      {},
    );
    expect(paid).toEqual({
      providerPaymentId: snap.providerPaymentId,
      status: 'paid',
      amountCents: 750,
      currency: 'EUR',
      method: 'cash',
      paidAt,
      refunds: [],
    });
    // No state of its own: fetch returns what the runtime stored.
    expect(
      await provider.fetch(
        { providerPaymentId: snap.providerPaymentId, last: paid, logger: silentLogger },
        {},
      ),
    ).toBe(paid);
    await expect(
      provider.fetch({ providerPaymentId: snap.providerPaymentId, logger: silentLogger }, {}),
    ).rejects.toBeInstanceOf(PaymentProviderRefusedError);
  });

  it('a method not offered or an amount of zero is refused with translated field messages', async () => {
    const only = createCounterPaymentProvider({ methods: ['invoice'] });
    const err = await only.record!(
      {
        providerPaymentId: 'ctr_x',
        amountCents: 0,
        method: 'cash',
        paidAt: new Date(),
        logger: silentLogger,
      },
      {},
    ).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues.map((i: { path: string }) => i.path)).toEqual(['method', 'amount']);
    expect(err.issues[0].message.nl).toBe('Kies hoe er betaald werd.');
    expect(err.issues[1].message.fr).toMatch(/montant reçu/);
  });

  it('offers labels only for the configured methods, never ids', () => {
    expect(Object.keys(createCounterPaymentProvider({ methods: ['cash', 'invoice'] }).methodLabels!)).toEqual(
      ['cash', 'invoice'],
    );
    expect(provider.methodLabels!.card).toMatchObject({
      nl: 'Betaalkaart aan het loket',
      fr: 'Carte bancaire au guichet',
    });
  });

  it('a refund is recorded as paid back, once per idempotency key; notifications are not a thing', async () => {
    const ctx = {
      providerPaymentId: 'ctr_abc',
      amountCents: 300,
      description: 'Terugbetaling SL-2026-000123',
      idempotencyKey: 'refund:1',
      logger: silentLogger,
    };
    const a = await provider.refund(ctx, {});
    expect(a).toEqual({ providerRefundId: expect.stringMatching(/^ctr_re_/), status: 'refunded' });
    expect((await provider.refund(ctx, {})).providerRefundId).toBe(a.providerRefundId);
    expect(provider.parseNotification({ body: { id: 'ctr_abc' } })).toBeNull();
  });

  it('as a plugin: registers provider "counter" with the configured methods; a wrong method is refused at start', async () => {
    const kernel = await createKernel({
      plugins: [{ plugin: counterPaymentsPlugin, options: { methods: ['cash'] } }],
    });
    try {
      expect(Object.keys(kernel.paymentProvider('counter')!.methodLabels!)).toEqual(['cash']);
    } finally {
      await kernel.stop();
    }
    await expect(
      createKernel({ plugins: [{ plugin: counterPaymentsPlugin, options: { methods: ['cheque'] } }] }),
    ).rejects.toThrow(/payment-counter.*methods/);
  });
});
