import { forEachDatabase } from '@smartloket/db/testing';
import { createApiClient } from '@smartloket/server';
import { createTestPlugin } from '@smartloket/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OpenApiChecker } from '../api/support.js';
import { feePlugin, memoryPaymentProvider } from '../support/fee-plugin.js';
import { fillRequest, startTestPortal, type TestPortal } from '../support/portal.js';

/** The portal's side of paying before submitting, over HTTP, with a provider held in memory. */
forEachDatabase('paying a fee before submitting in the portal', (url, tdb) => {
  let portal: TestPortal;
  const memory = memoryPaymentProvider();
  beforeAll(async () => {
    portal = await startTestPortal({
      plugins: [createTestPlugin(), feePlugin(), memory.plugin],
      databaseUrl: url(),
      databaseOwnerUrl: tdb.ownerUrl,
      config: { payments: { provider: 'memory' } },
    });
  });
  afterAll(async () => {
    await portal?.close();
  });

  it('sends the requester to the checkout, files nothing until paid, offers a retry after a cancel, and files once paid', async () => {
    const jan = await portal.login('jan', 'itsme');
    const { draft, csrf } = await fillRequest(jan, 'fees.paid', [{ forWhom: 'self', purpose: 'werk' }]);
    const before = await portal.d.db.requests.count({});
    const submit = await jan.post('/request/fees.paid', { _csrf: csrf, _draft: draft, _action: 'submit' });
    expect(submit.status).toBe(303);
    expect(submit.location).toMatch(/^https:\/\/pay\.example\/checkout\/tr_mem\d+\?return=/);
    const providerId = /checkout\/(tr_mem\d+)/.exec(submit.location!)![1]!;
    const returnPath = new URL(decodeURIComponent(/return=(.*)$/.exec(submit.location!)![1]!)).pathname;
    expect(returnPath).toMatch(/^\/payments\/[0-9a-f-]{36}\/return$/);
    expect(await portal.d.db.requests.count({})).toBe(before);

    // Back from the checkout after cancelling: nothing filed, the answers kept, pay again.
    memory.setStatus(providerId, 'canceled');
    const cancelled = await jan.get(returnPath);
    expect(cancelled.status).toBe(200);
    expect(cancelled.text).toContain('U hebt de betaling geannuleerd. Uw aanvraag is niet ingediend');
    expect(cancelled.text).toContain('Opnieuw betalen');
    expect(await portal.d.db.requests.count({})).toBe(before);
    const retry = await jan.post('/request/fees.paid', { _csrf: csrf, _draft: draft, _action: 'submit' });
    expect(retry.location).toMatch(/checkout\/tr_mem\d+/);
    const retryId = /checkout\/(tr_mem\d+)/.exec(retry.location!)![1]!;
    expect(retryId).not.toBe(providerId);
    const retryReturn = new URL(decodeURIComponent(/return=(.*)$/.exec(retry.location!)![1]!)).pathname;

    // Somebody else opening the return URL learns nothing and files nothing.
    const marie = await portal.login('marie', 'itsme');
    memory.setStatus(retryId, 'open');
    const other = await marie.get(retryReturn);
    expect(other.status).toBe(200);
    expect(other.text).not.toContain('Betaald attest');

    // Paid: the notification (posted without session or CSRF token) files the request once.
    memory.setStatus(retryId, 'paid');
    const notify = await portal.client().post('/payments/memory/notify', { id: retryId });
    expect(notify.status).toBe(200);
    await portal.client().post('/payments/memory/notify', { id: retryId });
    expect(await portal.d.db.requests.count({})).toBe(before + 1);
    const back = await jan.get(retryReturn);
    expect(back.status).toBe(303);
    expect(back.location).toMatch(/^\/my\/requests\/[0-9a-f-]{36}\?submitted=1$/);
    const requestId = /requests\/([0-9a-f-]{36})/.exec(back.location!)![1]!;
    const request = await portal.d.db.requests.get(requestId);
    expect(request?.fee?.amountCents).toBe(750);
    const payments = await portal.d.db.payments.listByRequest(requestId);
    expect(payments.map((p) => [p.status, p.method])).toEqual([['paid', 'bancontact']]);
    // The API tells the fee, the payment state and the payments (as the OpenAPI document says).
    const { secret } = await createApiClient(portal.d.db, { name: 'finance', scopes: ['read'] });
    const api = new OpenApiChecker(await (await fetch(`${portal.url}/api/v1/openapi.json`)).json());
    const res = await fetch(`${portal.url}/api/v1/requests/${requestId}`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    const json = await res.json();
    api.check('getRequest', res.status, json);
    expect(json.fee).toEqual({ amountCents: 750, currency: 'EUR', scheduledCents: 750, waiver: null });
    expect(json.paymentState).toBe('paid');
    expect(json.payments.map((p: { status: string; method: string }) => [p.status, p.method])).toEqual([
      ['paid', 'bancontact'],
    ]);
    // A notification for a payment of nobody changes nothing.
    await portal.client().post('/payments/memory/notify', { id: 'tr_forged' });
    expect(await portal.d.db.requests.count({})).toBe(before + 1);
  });

  it('keeps the answers and says so when the payment service is down', async () => {
    const jan = await portal.login('jan', 'itsme');
    const { draft, csrf } = await fillRequest(jan, 'fees.paid', [{ forWhom: 'self', purpose: 'werk' }]);
    const before = await portal.d.db.requests.count({});
    memory.state.down = true;
    try {
      const down = await jan.post('/request/fees.paid', { _csrf: csrf, _draft: draft, _action: 'submit' });
      expect(down.status).toBe(503);
      expect(down.text).toContain('De betaaldienst is tijdelijk niet bereikbaar. Uw aanvraag is bewaard');
    } finally {
      memory.state.down = false;
    }
    expect(await portal.d.db.requests.count({})).toBe(before);
    const again = await jan.post('/request/fees.paid', { _csrf: csrf, _draft: draft, _action: 'submit' });
    expect(again.location).toMatch(/checkout\/tr_mem\d+/);
  });

  it('files a waived request at once, without a payment', async () => {
    const jan = await portal.login('jan', 'itsme');
    const { draft, csrf } = await fillRequest(jan, 'fees.paid', [{ forWhom: 'self', purpose: 'adoptie' }]);
    const done = await jan.post('/request/fees.paid', { _csrf: csrf, _draft: draft, _action: 'submit' });
    expect(done.location).toMatch(/^\/my\/requests\/[0-9a-f-]{36}\?submitted=1$/);
  });
});
