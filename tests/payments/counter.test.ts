import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { counterPaymentsPlugin } from '@smartloket/payment-counter';
import { fakeIdentities } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feePlugin } from '../support/fee-plugin.js';
import { hidden, startTestPortal, type TestPortal } from '../support/portal.js';

/** Visible text of a page: tags out, no-break spaces as spaces. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ');

/**
 * Paying at the counter or by invoice (issue 21) on PostgreSQL: with the counter provider a
 * request is filed without a checkout; the clerk records the payment on the request page
 * ("Betaling registreren"), audited with the clerk's reference, announced to webhooks and shown
 * in the financial overview; a second payment, a wrong amount or method change nothing.
 */
describe('recording a payment at the counter', () => {
  let database: TestDatabase | undefined;
  let portal: TestPortal;

  beforeAll(async () => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    else console.warn(`[counter] on SQLite: ${unavailable}`);
    portal = await startTestPortal({
      plugins: [feePlugin(), { plugin: counterPaymentsPlugin, options: { methods: ['cash', 'transfer'] } }],
      databaseUrl: database?.url,
      databaseOwnerUrl: database?.ownerUrl,
      config: { payments: { provider: 'counter' } },
      worker: false,
    });
  });
  afterAll(async () => {
    await portal?.close();
    await database?.destroy();
  });

  const file = async (key: string) =>
    (
      await portal.d.requests.submit({
        typeId: 'fees.reviewed',
        input: { forWhom: 'self', purpose: 'school' },
        locale: 'nl',
        identity: fakeIdentities.citizen(),
        idempotencyKey: key,
      })
    ).request;

  it('the clerk records a cash payment: audited with the reference, announced, shown, and refundable', async () => {
    const d = portal.d;
    // The counter provider sends nobody to a checkout: the portal files at once.
    expect(
      await d.payments.dueBeforeSubmit({ typeId: 'fees.paid', input: {}, locale: 'nl' }),
    ).toBeUndefined();
    const request = await file('counter-1');
    expect(request.fee?.amountCents).toBe(750);
    const hook = await d.db.webhooks.subscribe(
      { name: 'Boekhouding', url: 'https://boekhouding.example/hooks', events: ['payment.paid'] },
      { type: 'staff', id: 'pieter' },
    );

    const karin = await portal.login('karin');
    const page = await karin.get(`/backoffice/requests/${request.id}`);
    expect(page.status).toBe(200);
    const visible = text(page.text);
    expect(visible).toContain('Betaling registreren');
    expect(visible).toContain('Contant aan het loket');
    expect(visible).toContain('Overschrijving');
    expect(visible).not.toContain('Betaalkaart aan het loket');
    expect(page.text).toContain('value="7,50"');
    const csrf = hidden(page.text, '_csrf');

    // Bad input: no amount, a method not offered, zero; nothing is stored.
    for (const form of [
      { amount: '', method: 'cash' },
      { amount: '7,50', method: 'card' },
      { amount: '0', method: 'cash' },
      { amount: 'zeven', method: 'cash' },
    ]) {
      const bad = await karin.post(`/backoffice/requests/${request.id}/payments/record`, {
        _csrf: csrf,
        ...form,
      });
      expect(bad.status).toBe(422);
      expect(text(bad.text)).toContain('De betaling is niet geregistreerd');
    }
    expect(await d.db.payments.listByRequest(request.id)).toEqual([]);

    const ok = await karin.post(`/backoffice/requests/${request.id}/payments/record`, {
      _csrf: csrf,
      amount: '7,50',
      method: 'cash',
      reference: 'Ontvangstbewijs 2026/0042',
    });
    expect(ok.status).toBe(303);
    const [payment] = await d.db.payments.listByRequest(request.id);
    expect(payment).toMatchObject({
      status: 'paid',
      amountCents: 750,
      method: 'cash',
      provider: 'counter',
      providerPaymentId: expect.stringMatching(/^ctr_/),
    });
    const audit = await d.db.audit.list({ requestId: request.id, categories: ['payment_recorded'] });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: expect.objectContaining({ type: 'staff' }),
      data: expect.objectContaining({
        amountCents: 750,
        method: 'cash',
        reference: 'Ontvangstbewijs 2026/0042',
      }),
    });
    const events = (await d.db.outbox.listByRequest(request.id))
      .filter((m) => m.kind === 'webhook')
      .map((m) => m.payload as { subscriptionId: string; event: { type: string; data: any } });
    expect(
      events.filter((e) => e.subscriptionId === hook.id).map((e) => e.event.data.payment.method),
    ).toEqual(['cash']);

    // The page lists the payment with the reference, and offers no second recording.
    const after = text((await karin.get(`/backoffice/requests/${request.id}`)).text);
    expect(after).toContain('Contant aan het loket (kenmerk Ontvangstbewijs 2026/0042)');
    expect(after).toContain('€ 7,50');
    expect(after).not.toContain('Betaling registreren');
    const twice = await karin.post(`/backoffice/requests/${request.id}/payments/record`, {
      _csrf: csrf,
      amount: '7,50',
      method: 'cash',
    });
    expect(twice.status).toBe(422);
    expect(await d.db.payments.listByRequest(request.id)).toHaveLength(1);

    // Paid back by the municipality: recorded as refunded.
    const refunded = await d.payments.refund(payment!.id, {
      amountCents: 250,
      reason: 'te veel ontvangen',
      actor: { type: 'staff', id: 'karin' },
    });
    expect(refunded.refundedCents).toBe(250);

    // The financial service finds it in the export of the day.
    const ann = await portal.login('ann');
    const csv = (await ann.get(`/backoffice/finance.csv?day=${payment!.paidAt!.toISOString().slice(0, 10)}`))
      .text;
    expect(csv).toContain(`,payment,750,0,cash,Contant aan het loket,${payment!.providerPaymentId},`);
    expect(csv).toMatch(/,refund,0,250,cash,/);
  });

  it('only case handlers who may see the request can record; a request without a fee offers no form', async () => {
    const request = await file('counter-2');
    const ann = await portal.login('ann');
    const page = await ann.get(`/backoffice/requests/${request.id}`);
    expect(page.status).toBe(404);
    const free = (
      await portal.d.requests.submit({
        typeId: 'fees.free',
        input: { forWhom: 'self' },
        locale: 'nl',
        identity: fakeIdentities.citizen(),
        idempotencyKey: 'counter-free',
      })
    ).request;
    const karin = await portal.login('karin');
    const freePage = await karin.get(`/backoffice/requests/${free.id}`);
    expect(text(freePage.text)).not.toContain('Betaling registreren');
    const posted = await karin.post(`/backoffice/requests/${free.id}/payments/record`, {
      _csrf: hidden(freePage.text, '_csrf'),
      amount: '7,50',
      method: 'cash',
    });
    expect(posted.status).toBe(422);
    expect(await portal.d.db.payments.listByRequest(free.id)).toEqual([]);
  });
});
