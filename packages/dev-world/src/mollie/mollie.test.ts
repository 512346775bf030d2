import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OffsetClock } from '@smartloket/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMagdaDevCertificates, type MagdaDevCertificates } from '../magda/index.js';
import { MOLLIE_DEV_API_KEY, type MollieSimulator, startMollieSimulator } from './index.js';

interface Answer {
  status: number;
  body: any;
  headers: http.IncomingHttpHeaders;
}

describe('Mollie simulator', () => {
  let dir: string;
  let tls: MagdaDevCertificates;
  let sim: MollieSimulator;
  const clock = new OffsetClock();
  let hook: http.Server;
  let hookUrl: string;
  const received: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mollie-sim-'));
    tls = generateMagdaDevCertificates(join(dir, 'tls'));
    sim = await startMollieSimulator({ tls: tls.server, clock });
    hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push(`${req.headers['content-type']}|${body}`);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/payments/mollie/notify`;
  });
  afterAll(async () => {
    await sim.stop();
    await new Promise((r) => hook.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  function api(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    key: string | null = MOLLIE_DEV_API_KEY,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${sim.url}${path}`,
        {
          method,
          ca: tls.ca.cert,
          headers: {
            ...(key ? { authorization: `Bearer ${key}` } : {}),
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...headers,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => {
            text += c;
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              body: text ? JSON.parse(text) : undefined,
              headers: res.headers,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
    });
  }

  const create = (over: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    api(
      'POST',
      '/v2/payments',
      {
        amount: { currency: 'EUR', value: '12.50' },
        description: 'Uittreksel uit het strafregister',
        redirectUrl: 'http://localhost:3000/betalen/terug?r=1',
        webhookUrl: hookUrl,
        locale: 'nl_BE',
        metadata: { request: 'R-1' },
        ...over,
      },
      headers,
    );

  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((r) => setImmediate(r));
  };

  it('creates a payment in Mollie’s shape, with a checkout link, and reads it back', async () => {
    const { status, body, headers } = await create();
    expect(status).toBe(201);
    expect(headers['content-type']).toContain('application/hal+json');
    expect(body).toMatchObject({
      resource: 'payment',
      mode: 'test',
      amount: { currency: 'EUR', value: '12.50' },
      status: 'open',
      method: null,
      metadata: { request: 'R-1' },
      sequenceType: 'oneoff',
      redirectUrl: 'http://localhost:3000/betalen/terug?r=1',
      webhookUrl: hookUrl,
    });
    expect(body.id).toMatch(/^tr_[A-Za-z0-9]{10}$/);
    expect(body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(body._links.checkout.href).toBe(`${sim.checkoutUrl}/checkout/${body.id}`);
    const got = await api('GET', `/v2/payments/${body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(body.id);
    const list = await api('GET', '/v2/payments?limit=1');
    expect(list.body.count).toBe(1);
    expect(list.body._embedded.payments[0].id).toBe(body.id);
  });

  it('lists the methods the profile enables (GET /v2/methods), behind the key', async () => {
    const { status, body } = await api('GET', '/v2/methods');
    expect(status).toBe(200);
    expect(body.count).toBe(4);
    expect(body._embedded.methods.map((m: { id: string; status: string }) => [m.id, m.status])).toEqual([
      ['bancontact', 'activated'],
      ['creditcard', 'activated'],
      ['kbc', 'activated'],
      ['belfius', 'activated'],
    ]);
    expect(body._embedded.methods[0]).toMatchObject({
      resource: 'method',
      description: 'Bancontact',
      minimumAmount: { currency: 'EUR', value: '1.00' },
    });
    expect((await api('GET', '/v2/methods', undefined, {}, null)).status).toBe(401);
  });

  it('refuses bad input with Mollie’s error JSON, and a missing or wrong key with 401', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ amount: { currency: 'EUR', value: '12.5' } }, 'amount.value'],
      [{ amount: { currency: 'USD', value: '12.50' } }, 'amount.currency'],
      [{ amount: { currency: 'EUR', value: '0.99' } }, 'amount'],
      [{ description: '' }, 'description'],
      [{ redirectUrl: 'javascript:alert(1)' }, 'redirectUrl'],
      [{ method: 'ideal' }, 'method'],
      [{ locale: 'xx_XX' }, 'locale'],
    ];
    for (const [over, field] of cases) {
      const { status, body } = await create(over);
      expect(status, field).toBe(422);
      expect(body).toMatchObject({ status: 422, title: 'Unprocessable Entity', field });
      expect(body._links.documentation.href).toContain('docs.mollie.com');
    }
    expect((await create({ amount: { currency: 'EUR', value: '0.99' } })).body.detail).toContain('1.00');
    const broken = await api('POST', '/v2/payments', '{"amount":', {});
    expect(broken.status).toBe(400);
    expect((await api('GET', '/v2/payments', undefined, {}, null)).status).toBe(401);
    const wrong = await api('GET', '/v2/payments', undefined, {}, 'test_wrongwrongwrongwrongwrongwrong');
    expect(wrong.body).toMatchObject({ status: 401, title: 'Unauthorized Request' });
    expect((await api('GET', '/v2/payments/tr_unknown0000')).body).toMatchObject({ status: 404 });
  });

  it('honours the Idempotency-Key: the same request answers the same payment, another request with it is refused', async () => {
    const first = await create({}, { 'idempotency-key': 'k-1' });
    const again = await create({}, { 'idempotency-key': 'k-1' });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await create({ description: 'Iets anders' }, { 'idempotency-key': 'k-1' });
    expect(other.status).toBe(422);
    const without = await create();
    expect(without.body.id).not.toBe(first.body.id);
  });

  it('checkout: the tester picks paid on the page, the webhook gets only the id, the browser goes back', async () => {
    const { body } = await create();
    received.length = 0;
    const page = await fetch(body._links.checkout.href);
    const text = await page.text();
    expect(text).toContain('Betaalsimulator');
    expect(text).toContain('€ 12,50');
    expect(text).toContain('Bancontact');
    const done = await fetch(body._links.checkout.href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'method=bancontact&status=paid',
      redirect: 'manual',
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('http://localhost:3000/betalen/terug?r=1');
    expect(received).toEqual([`application/x-www-form-urlencoded|id=${body.id}`]);
    const got = await api('GET', `/v2/payments/${body.id}`);
    expect(got.body).toMatchObject({ status: 'paid', method: 'bancontact' });
    expect(got.body.paidAt).toBeTruthy();
    expect(got.body._links.checkout).toBeUndefined();
    expect(got.body.amountRemaining).toEqual({ currency: 'EUR', value: '12.50' });
  });

  it('each outcome: failed, canceled (to cancelUrl), expired, and open that later expires by the clock', async () => {
    for (const outcome of ['failed', 'canceled', 'expired'] as const) {
      const { body } = await create({ cancelUrl: 'http://localhost:3000/betalen/geannuleerd' });
      const { redirectTo } = await sim.complete(body.id, outcome);
      expect(redirectTo).toBe(
        outcome === 'canceled'
          ? 'http://localhost:3000/betalen/geannuleerd'
          : 'http://localhost:3000/betalen/terug?r=1',
      );
      expect((await api('GET', `/v2/payments/${body.id}`)).body.status).toBe(outcome);
    }
    const { body } = await create();
    await sim.complete(body.id, 'open');
    expect((await api('GET', `/v2/payments/${body.id}`)).body.status).toBe('open');
    received.length = 0;
    clock.advance(16 * 60_000);
    expect((await api('GET', `/v2/payments/${body.id}`)).body.status).toBe('expired');
    await until(() => received.length === 1);
    expect(received[0]).toContain(`id=${body.id}`);
  });

  it('refunds: partial, then the rest; more than remains or of an unpaid payment is refused', async () => {
    const { body } = await create({ amount: { currency: 'EUR', value: '10.00' } });
    const early = await api('POST', `/v2/payments/${body.id}/refunds`, {
      amount: { currency: 'EUR', value: '1.00' },
    });
    expect(early.status).toBe(422);
    await sim.complete(body.id, 'paid', 'creditcard');
    const part = await api('POST', `/v2/payments/${body.id}/refunds`, {
      amount: { currency: 'EUR', value: '4.00' },
      description: 'Gedeeltelijke terugbetaling',
    });
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({
      resource: 'refund',
      status: 'pending',
      amount: { value: '4.00' },
      paymentId: body.id,
    });
    expect(part.body.id).toMatch(/^re_/);
    const over = await api('POST', `/v2/payments/${body.id}/refunds`, {
      amount: { currency: 'EUR', value: '6.01' },
    });
    expect(over).toMatchObject({ status: 422, body: { field: 'amount' } });
    const rest = await api('POST', `/v2/payments/${body.id}/refunds`, {
      amount: { currency: 'EUR', value: '6.00' },
    });
    expect(rest.status).toBe(201);
    const list = await api('GET', `/v2/payments/${body.id}/refunds`);
    expect(list.body.count).toBe(2);
    expect(list.body._embedded.refunds.map((r: any) => r.status)).toEqual(['refunded', 'refunded']);
    const p = await api('GET', `/v2/payments/${body.id}`);
    expect(p.body.amountRefunded).toEqual({ currency: 'EUR', value: '10.00' });
    expect(p.body.amountRemaining).toEqual({ currency: 'EUR', value: '0.00' });
    expect(p.body._links.refunds.href).toContain(`/v2/payments/${body.id}/refunds`);
  });

  it('faults: 5xx and timeouts on demand, dropped, duplicated and out-of-order notifications', async () => {
    sim.faults.error(503, { route: 'payments.create', count: 1 });
    expect((await create()).status).toBe(503);
    expect((await create()).status).toBe(201);
    sim.faults.outage();
    expect((await api('GET', '/v2/payments')).body).toMatchObject({
      status: 503,
      title: 'Service Unavailable',
    });
    await sim.faults.clear();

    sim.faults.timeout({ route: 'payments.get', count: 1 });
    const hung = await new Promise<string>((resolve) => {
      const req = https.request(
        `${sim.url}/v2/payments/tr_x`,
        { ca: tls.ca.cert, headers: { authorization: `Bearer ${MOLLIE_DEV_API_KEY}` }, timeout: 300 },
        () => resolve('answered'),
      );
      req.on('error', () => {});
      req.on('timeout', () => {
        req.destroy();
        resolve('timed out');
      });
      req.end();
    });
    expect(hung).toBe('timed out');

    const a = (await create()).body.id as string;
    const b = (await create()).body.id as string;
    const c = (await create()).body.id as string;
    received.length = 0;
    sim.faults.dropNotifications(1);
    await sim.complete(a, 'paid');
    expect(received).toEqual([]);
    expect(sim.notifications.at(-1)).toMatchObject({ paymentId: a, dropped: true });
    sim.faults.duplicateNotifications(1);
    await sim.complete(b, 'paid');
    expect(received.filter((r) => r.endsWith(`id=${b}`))).toHaveLength(2);
    received.length = 0;
    sim.faults.holdNotifications();
    await sim.complete(c, 'failed');
    await sim.notify(b);
    expect(received.map((r) => r.split('=')[1])).toEqual([b]);
    await sim.faults.releaseNotifications({ reverse: true });
    expect(received.map((r) => r.split('=')[1])).toEqual([b, c]);
  });
});
