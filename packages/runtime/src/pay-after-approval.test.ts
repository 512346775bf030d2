import { DAY } from '@smartloket/core';
import { createTestDatabase, forEachDatabase, type TestDatabase } from '@smartloket/db/testing';
import {
  createTestDeployment,
  createTestPlugin,
  fakeIdentities,
  type TestDeployment,
} from '@smartloket/testkit';
import { afterEach, expect, it } from 'vitest';
import { feePlugin, memoryPaymentProvider } from '../../../tests/support/fee-plugin.js';
import type { OutboxMail } from './mail.js';

forEachDatabase('fees paid after approval', (_url, suiteDb) => {
  let t: TestDeployment | undefined;
  let fresh: TestDatabase | undefined;
  afterEach(async () => {
    await t?.close();
    await fresh?.destroy();
    t = undefined;
    fresh = undefined;
  });
  const jan = { ...fakeIdentities.citizen(), email: 'jan@example.test' };
  const clerk = { type: 'staff' as const, id: 'karin', name: 'Karin' };

  async function deployment(provider = true) {
    const memory = memoryPaymentProvider();
    fresh = await createTestDatabase(suiteDb.dialect);
    t = await createTestDeployment({
      plugins: [createTestPlugin(), feePlugin(), memory.plugin],
      databaseUrl: fresh.url,
      databaseOwnerUrl: fresh.ownerUrl,
      config: provider ? { payments: { provider: 'memory' } } : {},
    });
    return { t, memory };
  }
  async function approved(t: TestDeployment, key: string, locale: 'nl' | 'fr' = 'nl') {
    const { request } = await t.requests.submit({
      typeId: 'fees.after',
      input: { forWhom: 'self', purpose: 'werk' },
      locale,
      identity: jan,
      idempotencyKey: key,
    });
    expect(request.state).toBe('in_review');
    expect(request.fee?.amountCents).toBe(1250);
    return t.requests.act(request.id, { action: 'approve' }, clerk);
  }
  const mails = async (t: TestDeployment, requestId: string) =>
    (await t.db.outbox.listByRequest(requestId)).map((m) => m.payload as OutboxMail);

  it('waits for the payment after approval, mails the link, and delivers once paid (once)', async () => {
    const { t, memory } = await deployment();
    const request = await approved(t, 'a1', 'fr');
    expect(request.state).toBe('approved');
    // 14 days from 2 March 2026 (Brussels): pay by 16 March, reminder 7 days before.
    expect(request.payBy?.toISOString()).toBe('2026-03-15T23:00:00.000Z');
    expect(request.payRemindAt?.toISOString()).toBe('2026-03-08T23:00:00.000Z');
    const due = (await mails(t, request.id)).find((m) => m.kind === 'payment_due');
    expect(due).toMatchObject({ locale: 'fr', data: { stage: 'due', amountCents: 1250 } });
    await t.runJobs();
    expect((await t.db.requests.get(request.id))?.state).toBe('approved');

    const first = await t.payments.payApproved(request.id, { locale: 'fr', owner: 'someone' });
    expect(first.kind === 'redirect' && first.checkoutUrl).toContain('tr_mem1');
    // A second click resumes the open payment.
    const again = await t.payments.payApproved(request.id, { locale: 'fr' });
    expect(again.kind === 'redirect' && again.checkoutUrl).toContain('tr_mem1');
    expect(memory.state.starts).toBe(1);
    const [payment] = await t.db.payments.listByRequest(request.id);
    expect(payment).toMatchObject({ moment: 'after_approval', amountCents: 1250, status: 'open' });

    memory.setStatus('tr_mem1', 'paid');
    await Promise.all([
      t.payments.notify('memory', { body: { id: 'tr_mem1' } }),
      t.payments.notify('memory', { body: { id: 'tr_mem1' } }),
    ]);
    await t.payments.notify('memory', { body: { id: 'tr_mem1' } });
    await t.runJobs();
    const done = (await t.db.requests.get(request.id))!;
    expect(done.state).toBe('delivered');
    expect((await t.db.documents.listByRequest(request.id)).length).toBe(1);
    const fetches = (await t.db.events.list(request.id)).filter((e) => e.type === 'fetch');
    expect(fetches).toHaveLength(1);
    expect(fetches[0]?.data).toMatchObject({ paymentId: payment!.id });
    expect((await t.payments.payApproved(request.id, { locale: 'fr' })).kind).toBe('not_due');
  });

  it('reminds before the term and lapses an unpaid request at the term, by the moved clock', async () => {
    const { t } = await deployment();
    const request = await approved(t, 'a2');
    t.clock.advance(6 * DAY);
    await t.worker.schedule();
    await t.runJobs();
    expect((await mails(t, request.id)).filter((m) => m.kind === 'payment_due')).toHaveLength(1);

    t.clock.advance(1 * DAY); // 9 March 09:00: the reminder day
    await t.worker.schedule();
    await t.runJobs();
    const reminded = (await t.db.requests.get(request.id))!;
    expect(reminded.state).toBe('approved');
    expect(reminded.payRemindedAt).not.toBeNull();
    const stages = async () =>
      (await mails(t, request.id)).filter((m) => m.kind === 'payment_due').map((m) => m.data.stage);
    expect(await stages()).toEqual(['due', 'reminder']);

    t.clock.advance(7 * DAY); // 16 March: the last day to pay
    await t.worker.schedule();
    await t.runJobs();
    expect((await t.db.requests.get(request.id))?.state).toBe('approved');

    t.clock.advance(1 * DAY); // 17 March: lapsed
    await t.worker.schedule();
    await t.runJobs();
    const lapsed = (await t.db.requests.get(request.id))!;
    expect(lapsed.state).toBe('lapsed');
    expect(lapsed.closedAt).not.toBeNull();
    const event = (await t.db.events.list(request.id)).at(-1)!;
    expect(event).toMatchObject({ type: 'lapse', fromState: 'approved', toState: 'lapsed' });
    expect(event.actor.type).toBe('system');
    expect(event.reason).toContain('Niet betaald binnen de betalingstermijn');
    expect(await stages()).toEqual(['due', 'reminder', 'lapsed']);
    // The link pays nothing any more.
    expect((await t.payments.payApproved(request.id, { locale: 'nl' })).kind).toBe('not_due');
  });

  it('counts a payment whose notification never came before lapsing, and refunds one paid after the request closed', async () => {
    const { t, memory } = await deployment();
    const request = await approved(t, 'a3');
    await t.payments.payApproved(request.id, { locale: 'nl' });
    memory.setStatus('tr_mem1', 'paid');
    // No notification; the term passes before the reconciliation job ran.
    t.clock.advance(16 * DAY);
    await t.worker.schedule();
    await t.runJobs();
    expect((await t.db.requests.get(request.id))?.state).toBe('delivered');

    // Refused while the requester was at the checkout: the late payment is refunded.
    const other = await approved(t, 'a4');
    await t.payments.payApproved(other.id, { locale: 'nl' });
    await t.requests.act(other.id, { action: 'refuse', reason: 'Dubbele aanvraag.' }, clerk);
    memory.setStatus('tr_mem2', 'paid');
    await t.payments.notify('memory', { body: { id: 'tr_mem2' } });
    await t.runJobs();
    expect((await t.db.requests.get(other.id))?.state).toBe('refused');
    const [late] = await t.db.payments.listByRequest(other.id);
    expect(late).toMatchObject({ status: 'paid', refundedCents: 1250 });
  });

  it('delivers at once without an online provider (nothing to collect) and for a type paid before submitting', async () => {
    const { t } = await deployment(false);
    const request = await approved(t, 'a5');
    expect(request.state).toBe('waiting_source');
    expect(request.payBy).toBeNull();
  });

  it('refunds a payment before submitting whose request the rules deny at filing, and the mail says so', async () => {
    const { t, memory } = await deployment();
    const out = await t.payments.checkout({
      typeId: 'fees.paid',
      input: { forWhom: 'self', purpose: 'verboden' },
      locale: 'nl',
      identity: jan,
      idempotencyKey: 'd1',
    });
    expect(out.kind).toBe('redirect');
    memory.setStatus('tr_mem1', 'paid');
    const { request } = await t.payments.refresh(out.kind === 'redirect' ? out.payment.id : '');
    expect(request?.state).toBe('denied');
    await t.runJobs();
    const [payment] = await t.db.payments.listByRequest(request!.id);
    expect(payment).toMatchObject({ status: 'paid', refundedCents: 750 });
    const refused = (await mails(t, request!.id)).find((m) => m.kind === 'refused');
    expect(String(refused?.data.reason).replace(/\u00a0/g, ' ')).toBe(
      'Dit doel is niet toegestaan. Het betaalde bedrag van € 7,50 wordt u terugbetaald.',
    );
  });
});
