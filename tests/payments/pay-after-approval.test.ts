import { forEachDatabase } from '@smartloket/db/testing';
import { createTestPlugin } from '@smartloket/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { feePlugin, memoryPaymentProvider } from '../support/fee-plugin.js';
import { fillRequest, startTestPortal, type TestPortal } from '../support/portal.js';

/** Paying a fee after a clerk's approval in the portal (issue 21), over HTTP. */
forEachDatabase('paying a fee after approval in the portal', (url, tdb) => {
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
  const clerk = { type: 'staff' as const, id: 'karin', name: 'Karin' };
  const text = (s: string) => s.replace(/\u00a0|\u202f/g, ' ');

  it('files without paying, shows the fee and "Betalen" once approved, and delivers once paid; nobody else pays or sees it', async () => {
    const jan = await portal.login('jan', 'itsme');
    const { draft, csrf } = await fillRequest(jan, 'fees.after', [{ forWhom: 'self', purpose: 'werk' }]);
    const submit = await jan.post('/request/fees.after', { _csrf: csrf, _draft: draft, _action: 'submit' });
    expect(submit.status).toBe(303);
    expect(submit.location).toMatch(/^\/my\/requests\/[0-9a-f-]{36}/);
    const id = /requests\/([0-9a-f-]{36})/.exec(submit.location!)![1]!;
    const page = `/my/requests/${id}`;
    const filed = text((await jan.get(page)).text);
    expect(filed).toContain('Retributie');
    expect(filed).toContain('€ 12,50');
    expect(filed).not.toContain('>Betalen<');

    await portal.d.requests.act(id, { action: 'approve' }, clerk);
    const due = text((await jan.get(page)).text);
    expect(due).toContain('Goedgekeurd');
    expect(due).toContain('Nog te betalen, uiterlijk op 16 maart 2026');
    expect(due).toContain('>Betalen</button>');
    const payPage = await jan.get(`${page}/pay`);
    expect(payPage.status).toBe(200);
    expect(text(payPage.text)).toContain('Betaal de retributie van € 12,50 uiterlijk op 16 maart 2026');

    // Somebody else: no page, no payment.
    const marie = await portal.login('marie', 'itsme');
    expect((await marie.get(`${page}/pay`)).status).toBe(404);
    const marieCsrf = /name="_csrf" value="([^"]+)"/.exec((await marie.get('/my')).text)?.[1] ?? '';
    expect((await marie.post(`${page}/pay`, { _csrf: marieCsrf })).status).toBe(404);
    expect(await portal.d.db.payments.listByRequest(id)).toEqual([]);

    const pageCsrf = /name="_csrf" value="([^"]+)"/.exec(payPage.text)![1]!;
    const pay = await jan.post(`${page}/pay`, { _csrf: pageCsrf });
    expect(pay.status).toBe(303);
    const providerId = /checkout\/(tr_mem\d+)/.exec(pay.location!)![1]!;
    const returnPath = new URL(decodeURIComponent(/return=(.*)$/.exec(pay.location!)![1]!)).pathname;

    // Cancelled at the checkout: back on the page, still to pay.
    memory.setStatus(providerId, 'canceled');
    const back = await jan.get(returnPath);
    expect(back.location).toBe(page);
    expect(text((await jan.get(page)).text)).toContain('>Betalen</button>');
    // Another browser on the return URL learns nothing about the request.
    const other = await marie.get(returnPath);
    expect(other.text).not.toContain('Attest betaald na goedkeuring');

    const again = await jan.post(`${page}/pay`, { _csrf: pageCsrf });
    const paidId = /checkout\/(tr_mem\d+)/.exec(again.location!)![1]!;
    expect(paidId).not.toBe(providerId);
    memory.setStatus(paidId, 'paid');
    expect((await portal.client().post('/payments/memory/notify', { id: paidId })).status).toBe(200);
    // Paid: the pipeline starts (the portal's worker and this one share the jobs).
    expect((await portal.d.db.requests.get(id))?.state).not.toBe('approved');
    const fetched = (await portal.d.db.events.list(id)).filter((e) => e.type === 'fetch');
    expect(fetched).toHaveLength(1);
    const done = text((await jan.get(page)).text);
    expect(done).not.toContain('Nog te betalen');
    expect(done).toContain('Betaald op');
    expect(done).toContain('met Bancontact');
    expect(done).not.toContain('>Betalen</button>');
    // The e-mail after approval, in Dutch, with the link to the pay page.
    const mails = (await portal.d.db.outbox.listByRequest(id)).map((m) => m.payload as { kind: string });
    expect(mails.map((m) => m.kind)).toContain('payment_due');
  });

  it('refunds a request refused after payment and the /my page shows the refunded amount', async () => {
    const jan = await portal.login('jan', 'itsme');
    const { draft, csrf } = await fillRequest(jan, 'fees.reviewed', [{ forWhom: 'self', purpose: 'werk' }]);
    const submit = await jan.post('/request/fees.reviewed', {
      _csrf: csrf,
      _draft: draft,
      _action: 'submit',
    });
    const providerId = /checkout\/(tr_mem\d+)/.exec(submit.location!)![1]!;
    memory.setStatus(providerId, 'paid');
    await portal.client().post('/payments/memory/notify', { id: providerId });
    const [payment] = (await portal.d.db.payments.listBySubmission(draft)).filter((p) => p.requestId);
    const id = payment!.requestId!;
    await portal.d.requests.act(id, { action: 'refuse', reason: 'U woont niet in de gemeente.' }, clerk);
    await portal.d.runJobs();
    const page = text((await jan.get(`/my/requests/${id}`)).text);
    expect(page).toContain('Geweigerd');
    expect(page).toContain('Terugbetaald');
    expect(page).toMatch(/Terugbetaald<\/dt><dd>€ 7,50/);
  });
});
