import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/** exceljs, as the server package resolves it (the server writes the workbook with it). */
const requireFromServer = createRequire(new URL('../../packages/server/package.json', import.meta.url));
interface Row {
  values: unknown;
  getCell(column: number): { value: unknown };
}
const ExcelJS = requireFromServer('exceljs') as {
  Workbook: new () => {
    xlsx: { load(bytes: Buffer): Promise<unknown> };
    worksheets: { getRow(n: number): Row; eachRow(fn: (row: Row, n: number) => void): void }[];
  };
};

/** Parses the export's CSV (no quoted commas in these rows). */
function csvRows(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split('\r\n');
  const cols = head!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [cols[i]!, v])));
}

/**
 * The financial service's overview and exports (issue 21) on PostgreSQL, with payments made
 * through the Mollie simulator: the totals on the screen and in the CSV and Excel exports are the
 * sums of the payments and refunds stored, a payment counts on the day it was paid and a refund on
 * its own day; only the financial service and administrators see it.
 */
describe('the financial overview and its exports', () => {
  let dir: string;
  let database: TestDatabase | undefined;
  let sim: MollieSimulator;
  let t: TestDeployment;
  let portal: TestPortal;
  const clock = new ManualClock('2026-03-02T09:00:00.000Z');
  const jan = fakeIdentities.citizen();
  const clerk = { type: 'staff' as const, id: 'karin', name: 'Karin' };

  beforeAll(async () => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    else console.warn(`[finance] on SQLite: ${unavailable}`);
    dir = mkdtempSync(join(tmpdir(), 'finance-'));
    const tls = generateMagdaDevCertificates(join(dir, 'tls'));
    sim = await startMollieSimulator({ tls: tls.server, clock });
    const port = await freePort();
    t = await createTestDeployment({
      clock,
      plugins: [feePlugin(), { plugin: molliePaymentsPlugin, options: { methods: ['bancontact', 'kbc'] } }],
      databaseUrl: database?.url,
      databaseOwnerUrl: database?.ownerUrl,
      config: { baseUrl: `http://127.0.0.1:${port}`, payments: { provider: 'mollie' } },
      services: [
        createServiceFactory({
          ref: mollieClientRef,
          factory: () =>
            createMollieClient({ apiKey: sim.apiKey, apiEndpoint: sim.apiEndpoint, ca: tls.ca.cert }),
          dispose: (c) => c.close(),
        }),
      ],
    });
    portal = await startTestPortal({ deployment: t, port });
  });
  afterAll(async () => {
    await portal?.close();
    await t?.close();
    await sim?.stop();
    await database?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  async function pay(
    key: string,
    typeId: string,
    outcome: 'paid' | 'canceled' = 'paid',
    method = 'bancontact',
  ) {
    const result = await t.payments.checkout({
      typeId,
      input: { forWhom: 'self', purpose: 'school' },
      locale: 'nl',
      identity: jan,
      idempotencyKey: key,
    });
    if (result.kind !== 'redirect') throw new Error('no checkout');
    await sim.complete(result.payment.providerPaymentId!, outcome, method);
    return (await t.db.payments.get(result.payment.id))!;
  }

  it('the screen and both exports add up to the payments and refunds, per day and per month', async () => {
    // 2 March (Brussels): two paid, one cancelled (not money), one refunded in part the same day.
    const a = await pay('fin-a', 'fees.paid');
    const b = await pay('fin-b', 'fees.reviewed', 'paid', 'kbc');
    await pay('fin-c', 'fees.paid', 'canceled');
    await t.payments.refund(b.id, { amountCents: 250, reason: 'te veel', actor: clerk });
    // 3 March: one more paid, and the rest of b refunded.
    clock.set(new Date('2026-03-03T10:00:00.000Z'));
    const d = await pay('fin-d', 'fees.paid');
    await t.payments.refund(b.id, { reason: 'geweigerd', actor: clerk });
    // 1 April: outside March.
    clock.set(new Date('2026-04-01T08:00:00.000Z'));
    await pay('fin-e', 'fees.paid');

    const ann = await portal.login('ann');
    // A day: 2 March, in Dutch: € 22,50 received? No: 2 × € 7,50 = € 15,00, € 2,50 refunded.
    const day = await ann.get('/backoffice/finance?view=day&day=02/03/2026');
    expect(day.status).toBe(200);
    const text = day.text.replace(/&nbsp;|\u00a0/g, ' ');
    expect(text).toContain('Financieel overzicht');
    expect(text).toContain('Betaald attest met nazicht');
    expect(text).toMatch(
      /Totaal<\/th><td class="num">2<\/td><td class="num">€ 15,00<\/td><td class="num">1<\/td><td class="num">€ 2,50<\/td><td class="num">€ 12,50<\/td>/,
    );

    const csv = await ann.get('/backoffice/finance.csv?view=day&day=2026-03-02');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('betalingen-2026-03-02.csv');
    const rows = csvRows(csv.text);
    expect(Object.keys(rows[0]!)).toEqual([
      'reference',
      'date',
      'at',
      'request_type',
      'movement',
      'amount_cents',
      'refund_cents',
      'method',
      'method_label',
      'provider_payment_id',
      'provider_refund_id',
    ]);
    expect(rows.map((r) => [r.movement, r.amount_cents, r.refund_cents, r.method])).toEqual([
      ['payment', '750', '0', 'bancontact'],
      ['payment', '750', '0', 'kbc'],
      ['refund', '0', '250', 'kbc'],
    ]);
    // Every row names the request and Mollie's id of the payment (and of the refund).
    const refs = await Promise.all(
      [a, b].map(
        async (p) => (await t.db.requests.get((await t.db.payments.get(p.id))!.requestId!))!.reference,
      ),
    );
    expect(rows.map((r) => r.reference)).toEqual([refs[0], refs[1], refs[1]]);
    expect(rows.map((r) => r.provider_payment_id)).toEqual([
      a.providerPaymentId,
      b.providerPaymentId,
      b.providerPaymentId,
    ]);
    expect(rows[2]!.provider_refund_id).toMatch(/^re_/);
    expect(rows[1]!.method_label).toBe('KBC/CBC-betaalknop');

    // The month: the totals of the payments stored in March, to the cent.
    const stored = (
      await Promise.all(
        ['fin-a', 'fin-b', 'fin-c', 'fin-d', 'fin-e'].map((k) => t.db.payments.listBySubmission(k)),
      )
    ).flat();
    const inMarch = (d: Date | null) =>
      !!d && d >= new Date('2026-02-28T23:00:00Z') && d < new Date('2026-03-31T22:00:00Z');
    const paidInMarch = stored
      .filter((p) => p.status === 'paid' && inMarch(p.paidAt))
      .reduce((s, p) => s + p.amountCents, 0);
    const refundedInMarch = stored
      .flatMap((p) => p.refunds)
      .filter((r) => inMarch(r.createdAt))
      .reduce((s, r) => s + r.amountCents, 0);
    expect([paidInMarch, refundedInMarch]).toEqual([2250, 750]);
    const monthCsv = csvRows((await ann.get('/backoffice/finance.csv?view=month&day=2026-03-15')).text);
    expect(monthCsv.reduce((s, r) => s + Number(r.amount_cents), 0)).toBe(paidInMarch);
    expect(monthCsv.reduce((s, r) => s + Number(r.refund_cents), 0)).toBe(refundedInMarch);
    expect(monthCsv.filter((r) => r.movement === 'payment').map((r) => r.provider_payment_id)).toContain(
      d.providerPaymentId,
    );

    const xlsx = await ann.raw('/backoffice/finance.xlsx?view=month&day=2026-03-15');
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()));
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    let gross = 0;
    let refunds = 0;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      gross += Number(row.getCell(col('amount_cents')).value);
      refunds += Number(row.getCell(col('refund_cents')).value);
    });
    expect([gross, refunds]).toEqual([paidInMarch, refundedInMarch]);

    // The month on the screen, in French: a comma and the euro sign after the amount.
    const fr = (await ann.get('/backoffice/finance?view=month&day=15/03/2026&lang=fr')).text.replace(
      /&nbsp;|\u00a0|\u202f/g,
      ' ',
    );
    expect(fr).toContain('Aperçu financier');
    expect(fr).toContain('mars 2026');
    expect(fr).toMatch(
      /Total<\/th><td class="num">3<\/td><td class="num">22,50 €<\/td><td class="num">2<\/td><td class="num">7,50 €<\/td><td class="num">15,00 €<\/td>/,
    );
  });

  it('only the financial service and administrators see it; a bad day is refused with a translated message', async () => {
    const karin = await portal.login('karin');
    expect((await karin.get('/backoffice/finance')).status).toBe(404);
    expect((await karin.get('/backoffice/finance.csv')).status).toBe(404);
    const pieter = await portal.login('pieter');
    expect((await pieter.get('/backoffice/finance')).status).toBe(200);
    const anonymous = portal.client();
    expect((await anonymous.get('/backoffice/finance.xlsx')).status).toBe(303);
    const ann = await portal.login('ann');
    const bad = await ann.get('/backoffice/finance?day=31/02/2026');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Geef een dag als dd/mm/jjjj.');
    const badCsv = await ann.get('/backoffice/finance.csv?day=gisteren');
    expect(badCsv.status).toBe(422);
    expect(badCsv.text).toBe('Geef een dag als dd/mm/jjjj.');
  });

  it('sends payment.paid once per payment and payment.refunded per refund to the webhook subscribers', async () => {
    const admin = { type: 'staff' as const, id: 'pieter', name: 'Pieter' };
    const payments = await t.db.webhooks.subscribe(
      {
        name: 'Boekhouding',
        url: 'https://boekhouding.example/hooks',
        events: ['payment.paid', 'payment.refunded'],
      },
      admin,
    );
    const lifecycle = await t.db.webhooks.subscribe(
      { name: 'Zaaksysteem', url: 'https://zaak.example/hooks', events: ['request.submitted'] },
      admin,
    );
    clock.set(new Date('2026-04-02T08:00:00.000Z'));
    const p = await pay('fin-hook', 'fees.reviewed', 'paid', 'kbc');
    // The return page, the reconciliation job and a late notification read it again: no second event.
    await t.payments.refresh(p.id);
    await t.payments.check(p.id);
    await t.payments.notify('mollie', { body: { id: p.providerPaymentId } });
    await t.payments.refund(p.id, { amountCents: 250, reason: 'te veel', actor: clerk });
    await t.payments.refund(p.id, { reason: 'geweigerd', actor: clerk });
    const requestId = (await t.db.payments.get(p.id))!.requestId!;
    const events = (await t.db.outbox.listByRequest(requestId))
      .filter((m) => m.kind === 'webhook')
      .map(
        (m) => m.payload as { subscriptionId: string; event: { type: string; data: Record<string, any> } },
      );
    expect(events.filter((e) => e.subscriptionId === lifecycle.id).map((e) => e.event.type)).toEqual([
      'request.submitted',
    ]);
    // All at the same instant (the clock stands still): in the order of the refunded total.
    const mine = events
      .filter((e) => e.subscriptionId === payments.id)
      .map((e) => e.event)
      .sort((a, b) => a.data.payment.refundedCents - b.data.payment.refundedCents);
    expect(mine.map((e) => [e.type, e.data.payment.refundedCents])).toEqual([
      ['payment.paid', 0],
      ['payment.refunded', 250],
      ['payment.refunded', 750],
    ]);
    expect(mine[0]!.data).toEqual({
      request: expect.objectContaining({
        id: requestId,
        typeId: 'fees.reviewed',
        reference: expect.any(String),
      }),
      payment: {
        id: p.id,
        status: 'paid',
        amountCents: 750,
        refundedCents: 0,
        currency: 'EUR',
        method: 'kbc',
        provider: 'mollie',
        providerPaymentId: p.providerPaymentId,
        paidAt: '2026-04-02T08:00:00.000Z',
      },
    });
    // No personal data in the body: no name, INSZ or form answers.
    expect(JSON.stringify(mine)).not.toMatch(new RegExp(jan.insz!));
  });

  it('names payments still open after 24 hours and notifications about unknown payments in the daily digest', async () => {
    clock.set(new Date('2026-04-10T08:00:00.000Z'));
    const result = await t.payments.checkout({
      typeId: 'fees.paid',
      input: { forWhom: 'self', purpose: 'school' },
      locale: 'nl',
      identity: jan,
      idempotencyKey: 'fin-stuck',
    });
    if (result.kind !== 'redirect') throw new Error('no checkout');
    const stuckId = result.payment.providerPaymentId!;
    const problems = async () =>
      (await t.digest.collect()).configProblems.map((p) => p.nl).filter((p) => /betaling/.test(p));
    clock.set(new Date('2026-04-11T07:00:00.000Z'));
    // A notification for a payment this deployment never started: ignored, kept for the digest.
    const res = await fetch(`${t.baseUrl}/payments/mollie/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'id=tr_onbekend42',
    });
    expect(res.status).toBe(200);
    // 23 hours: not yet.
    expect((await problems()).filter((p) => p.includes(stuckId))).toEqual([]);
    clock.set(new Date('2026-04-11T09:00:00.000Z'));
    const named = await problems();
    expect(named).toContainEqual(
      expect.stringContaining(`nog niet afgerond bij de betaaldienst: ${stuckId}`),
    );
    expect(named).toContainEqual(
      expect.stringContaining(
        '1 melding(en) van de betaaldienst over een onbekende betaling (genegeerd): tr_onbekend42',
      ),
    );
  });
});
