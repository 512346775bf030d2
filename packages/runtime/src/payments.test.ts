import { type Logger, PaymentProviderUnavailableError } from '@smartloket/core';
import { createTestDatabase, forEachDatabase, type TestDatabase } from '@smartloket/db/testing';
import {
  createTestDeployment,
  createTestPlugin,
  fakeIdentities,
  type TestDeployment,
} from '@smartloket/testkit';
import { afterEach, expect, it } from 'vitest';
import { feePlugin, memoryPaymentProvider } from '../../../tests/support/fee-plugin.js';

forEachDatabase('payments before submitting', (_url, suiteDb) => {
  let t: TestDeployment | undefined;
  let fresh: TestDatabase | undefined;
  afterEach(async () => {
    await t?.close();
    await fresh?.destroy();
    t = undefined;
    fresh = undefined;
  });
  const jan = fakeIdentities.citizen();
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    debug: () => {},
    info: (msg, fields) => lines.push({ level: 'info', msg, fields }),
    warn: (msg, fields) => lines.push({ level: 'warn', msg, fields }),
    error: (msg, fields) => lines.push({ level: 'error', msg, fields }),
    child: () => logger,
  } as Logger;

  /** A deployment on its own database with the memory provider configured. */
  async function deployment() {
    const memory = memoryPaymentProvider();
    fresh = await createTestDatabase(suiteDb.dialect);
    t = await createTestDeployment({
      plugins: [createTestPlugin(), feePlugin(), memory.plugin],
      databaseUrl: fresh.url,
      databaseOwnerUrl: fresh.ownerUrl,
      config: { payments: { provider: 'memory' } },
      logger,
    });
    return { t, memory };
  }
  const input = (key: string, purpose = 'school') => ({
    typeId: 'fees.paid',
    input: { forWhom: 'self', purpose },
    locale: 'nl' as const,
    identity: jan,
    idempotencyKey: key,
  });

  it('files nothing until paid, resumes an open payment, files once for duplicate notifications', async () => {
    const { t, memory } = await deployment();
    const first = await t.payments.checkout(input('draft-1'));
    expect(first.kind).toBe('redirect');
    if (first.kind !== 'redirect') return;
    expect(first.checkoutUrl).toContain('/checkout/tr_mem1');
    expect(await t.db.requests.count({})).toBe(0);
    expect(first.payment).toMatchObject({ status: 'open', amountCents: 750, requestId: null });
    // A double click resumes the same payment.
    const again = await t.payments.checkout(input('draft-1'));
    expect(again.kind === 'redirect' && again.payment.id).toBe(first.payment.id);
    expect(memory.state.starts).toBe(1);

    memory.setStatus('tr_mem1', 'paid');
    await Promise.all([
      t.payments.notify('memory', { body: { id: 'tr_mem1' } }),
      t.payments.notify('memory', { body: { id: 'tr_mem1' } }),
    ]);
    await t.payments.notify('memory', { body: { id: 'tr_mem1' } });
    expect(await t.db.requests.count({})).toBe(1);
    const payment = (await t.db.payments.get(first.payment.id))!;
    expect(payment).toMatchObject({ status: 'paid', method: 'bancontact', pending: null });
    const request = (await t.db.requests.get(payment.requestId!))!;
    expect(request.fee?.amountCents).toBe(750);
    await t.runJobs();
    expect((await t.db.requests.get(request.id))?.state).toBe('delivered');
    // Checking out the same submission again leads to the filed request.
    const filed = await t.payments.checkout(input('draft-1'));
    expect(filed.kind === 'filed' && filed.request.id).toBe(request.id);
  });

  it('keeps the submission unfiled after a cancelled payment, and a retry paid without any notification is filed by the reconciliation', async () => {
    const { t, memory } = await deployment();
    const first = await t.payments.checkout(input('draft-2'));
    memory.setStatus('tr_mem1', 'canceled');
    const { payment, request } = await t.payments.refresh(first.kind === 'redirect' ? first.payment.id : '');
    expect(payment.status).toBe('canceled');
    expect(payment.pending).toBeNull();
    expect(request).toBeUndefined();
    expect(await t.db.requests.count({})).toBe(0);

    t.clock.advance(60_000);
    const retry = await t.payments.checkout(input('draft-2'));
    expect(retry.kind === 'redirect' && retry.checkoutUrl).toContain('tr_mem2');
    memory.setStatus('tr_mem2', 'paid');
    // No notification: the reconciliation job reads it back after 5 minutes.
    await t.runJobs();
    expect(await t.db.requests.count({})).toBe(0);
    t.clock.advance(5 * 60_000);
    await t.runJobs();
    expect(await t.db.requests.count({})).toBe(1);
    const [done] = (await t.db.requests.list({})).items;
    expect(done?.state).toBe('delivered');
    expect((await t.db.payments.listBySubmission('draft-2')).map((p) => p.status)).toEqual([
      'canceled',
      'paid',
    ]);
  });

  it('changes nothing for an unknown or malformed notification and logs no personal data', async () => {
    const { t } = await deployment();
    lines.length = 0;
    await t.payments.notify('memory', { body: { id: 'tr_someone_else' } });
    await t.payments.notify('memory', { body: { nothing: true } });
    await t.payments.notify('mollie', { body: { id: 'tr_x' } });
    expect(await t.db.requests.count({})).toBe(0);
    expect(lines.map((l) => l.msg)).toEqual([
      'payments: notification for an unknown payment ignored',
      'payments: notification without a payment id ignored',
      'payments: notification for a provider that is not configured',
    ]);
    expect(JSON.stringify(lines)).not.toContain(jan.insz!);
  });

  it('leaves the request unfiled and retriable when the provider is down at checkout', async () => {
    const { t, memory } = await deployment();
    memory.state.down = true;
    await expect(t.payments.checkout(input('draft-3'))).rejects.toBeInstanceOf(
      PaymentProviderUnavailableError,
    );
    expect(await t.db.requests.count({})).toBe(0);
    const [attempt] = await t.db.payments.listBySubmission('draft-3');
    expect(attempt).toMatchObject({ status: 'unavailable', pending: null });
    memory.state.down = false;
    const retry = await t.payments.checkout(input('draft-3'));
    expect(retry.kind).toBe('redirect');
    expect(JSON.stringify(lines)).not.toContain(jan.insz!);
  });

  it('skips the payment step for a waived fee and for a free type', async () => {
    const { t, memory } = await deployment();
    expect((await t.payments.checkout(input('draft-4', 'adoptie'))).kind).toBe('free');
    expect((await t.payments.checkout({ ...input('draft-5'), typeId: 'fees.free' })).kind).toBe('free');
    expect(memory.state.starts).toBe(0);
  });
});

forEachDatabase('refunds', (_url, suiteDb) => {
  let t: TestDeployment | undefined;
  let fresh: TestDatabase | undefined;
  afterEach(async () => {
    await t?.close();
    await fresh?.destroy();
  });
  const jan = fakeIdentities.citizen();
  const clerk = { type: 'staff' as const, id: 'karin', name: 'Karin' };

  it('refunds a request refused after payment, audited, and the refusal mail says so; a clerk refunds part of a payment', async () => {
    const memory = memoryPaymentProvider();
    fresh = await createTestDatabase(suiteDb.dialect);
    t = await createTestDeployment({
      plugins: [createTestPlugin(), feePlugin(), memory.plugin],
      databaseUrl: fresh.url,
      databaseOwnerUrl: fresh.ownerUrl,
      config: { payments: { provider: 'memory' } },
    });
    const paidRequest = async (key: string, typeId: string) => {
      const out = await t!.payments.checkout({
        typeId,
        input: { forWhom: 'self', purpose: 'werk' },
        locale: 'nl',
        identity: jan,
        idempotencyKey: key,
      });
      if (out.kind !== 'redirect') throw new Error('no checkout');
      memory.setStatus(out.payment.providerPaymentId!, 'paid');
      const { request } = await t!.payments.refresh(out.payment.id);
      return { request: request!, payment: out.payment };
    };

    const { request, payment } = await paidRequest('draft-r1', 'fees.reviewed');
    expect(request.state).toBe('in_review');
    await t.requests.act(request.id, { action: 'refuse', reason: 'U woont niet in de gemeente.' }, clerk);
    const mails = await t.db.outbox.listByRequest(request.id);
    const refused = mails.find((m) => (m.payload as { kind: string }).kind === 'refused');
    expect((refused!.payload as { data: { reason: string } }).data.reason.replace(/\u00a0/g, ' ')).toBe(
      'U woont niet in de gemeente. Het betaalde bedrag van € 7,50 wordt u terugbetaald.',
    );
    await t.runJobs();
    const after = (await t.db.payments.get(payment.id))!;
    expect(after.refundedCents).toBe(750);
    expect(after.refunds).toHaveLength(1);
    const audit = await t.db.audit.list({ requestId: request.id });
    const refund = audit.find((a) => a.category === 'payment_refunded');
    expect(refund?.actor.type).toBe('system');
    expect(refund?.data).toMatchObject({ amountCents: 750, reason: 'refused' });
    // The job again (a retry) refunds nothing more.
    expect(await t.payments.refundRequest(request.id, 'refused', clerk)).toBe(0);

    // A clerk refunds part, then the rest; more than what is left is refused.
    const second = await paidRequest('draft-r2', 'fees.paid');
    await t.payments.refund(second.payment.id, {
      amountCents: 250,
      reason: 'te veel gevraagd',
      actor: clerk,
    });
    await expect(
      t.payments.refund(second.payment.id, { amountCents: 600, reason: 'x', actor: clerk }),
    ).rejects.toThrow('not possible');
    const rest = await t.payments.refund(second.payment.id, { reason: 'alles terug', actor: clerk });
    expect(rest.refundedCents).toBe(750);
    expect(rest.refunds.map((r) => r.amountCents)).toEqual([250, 500]);
    const clerkAudit = (await t.db.audit.list({ requestId: second.request.id })).filter(
      (a) => a.category === 'payment_refunded',
    );
    expect(clerkAudit.map((a) => `${a.actor.id}: ${a.data?.reason}`).sort()).toEqual([
      'karin: alles terug',
      'karin: te veel gevraagd',
    ]);
  });
});
