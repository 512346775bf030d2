import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  createKernel,
  createServiceFactory,
  PaymentProviderRefusedError,
  PaymentProviderUnavailableError,
  type PaymentStartContext,
  silentLogger,
} from '@smartloket/core';
import { generateMagdaDevCertificates, type MagdaDevCertificates } from '@smartloket/dev-world/magda';
import { type MollieSimulator, startMollieSimulator } from '@smartloket/dev-world/mollie';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  checkMollieProfile,
  createMollieClient,
  createMolliePaymentProvider,
  type MollieClient,
  mollieClientRef,
  molliePaymentsPlugin,
  readMollieApiKey,
} from './index.js';

describe('Mollie payment provider against the simulator over HTTPS', () => {
  let dir: string;
  let tls: MagdaDevCertificates;
  let sim: MollieSimulator;
  let client: MollieClient;
  let hook: http.Server;
  let hookUrl: string;
  const notified: unknown[] = [];
  const provider = createMolliePaymentProvider({ methods: ['bancontact', 'creditcard'] });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'payment-mollie-'));
    tls = generateMagdaDevCertificates(join(dir, 'tls'));
    sim = await startMollieSimulator({ tls: tls.server });
    client = createMollieClient({ apiKey: sim.apiKey, apiEndpoint: sim.apiEndpoint, ca: tls.ca.cert });
    // The runtime's notification endpoint stands in here: it reads the id with parseNotification.
    hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        notified.push(
          provider.parseNotification({
            contentType: req.headers['content-type'],
            body: Object.fromEntries(new URLSearchParams(body)),
          }),
        );
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/payments/mollie/notify`;
  });
  afterEach(async () => {
    await sim.faults.clear();
  });
  afterAll(async () => {
    client?.close();
    await sim?.stop();
    await new Promise((r) => hook.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const startContext = (over: Partial<PaymentStartContext> = {}): PaymentStartContext => ({
    amountCents: 750,
    currency: 'EUR',
    description: 'SL-2026-000123 Uittreksel uit het bevolkingsregister',
    reference: 'SL-2026-000123',
    returnUrl: 'https://loket.gemeente.be/payments/return/abc',
    notificationUrl: hookUrl,
    locale: 'nl',
    idempotencyKey: `start-${Math.random()}`,
    metadata: { requestId: 'req-1' },
    logger: silentLogger,
    ...over,
  });

  it('starts a payment: 750 cents as "7.50" EUR, the profile methods, return and webhook URLs, Belgian Dutch checkout', async () => {
    const snap = await provider.start(startContext(), { client });
    expect(snap).toMatchObject({ status: 'open', amountCents: 750, currency: 'EUR', refunds: [] });
    expect(snap.providerPaymentId).toMatch(/^tr_/);
    expect(snap.checkoutUrl).toBe(`${sim.checkoutUrl}/checkout/${snap.providerPaymentId}`);
    const p = sim.payment(snap.providerPaymentId)!;
    expect(p).toMatchObject({
      amountCents: 750,
      description: 'SL-2026-000123 Uittreksel uit het bevolkingsregister',
      redirectUrl: 'https://loket.gemeente.be/payments/return/abc',
      webhookUrl: hookUrl,
      locale: 'nl_BE',
      methods: ['bancontact', 'creditcard'],
      metadata: { requestId: 'req-1', reference: 'SL-2026-000123' },
    });
    const create = sim.calls.filter((c) => c.route === 'payments.create').at(-1)!;
    expect(create.idempotencyKey).toBeTruthy();
  });

  it('a retry of the same start (same idempotency key) does not start a second payment', async () => {
    const ctx = startContext();
    const first = await provider.start(ctx, { client });
    const again = await provider.start(ctx, { client });
    expect(again.providerPaymentId).toBe(first.providerPaymentId);
    expect(sim.calls.filter((c) => c.route === 'payments.create').at(-1)!.replayed).toBe(true);
  });

  it('a French requester gets the Belgian French checkout; without a notification URL none is sent', async () => {
    const snap = await provider.start(startContext({ locale: 'fr', notificationUrl: undefined }), { client });
    expect(sim.payment(snap.providerPaymentId)).toMatchObject({ locale: 'fr_BE' });
    expect(sim.payment(snap.providerPaymentId)!.webhookUrl).toBeUndefined();
  });

  it('the notification only names the payment; the status is fetched back (paid, method, paid at)', async () => {
    const snap = await provider.start(startContext(), { client });
    const before = notified.length;
    await sim.complete(snap.providerPaymentId, 'paid', 'bancontact');
    expect(notified.slice(before)).toEqual([{ providerPaymentId: snap.providerPaymentId }]);
    const now = await provider.fetch(
      { providerPaymentId: snap.providerPaymentId, logger: silentLogger },
      { client },
    );
    expect(now).toMatchObject({ status: 'paid', method: 'bancontact', amountCents: 750, refunds: [] });
    expect(now.paidAt).toBeInstanceOf(Date);
    expect(now.checkoutUrl).toBeUndefined();
  });

  it.each([
    ['failed', 'failed'],
    ['canceled', 'canceled'],
    ['expired', 'expired'],
  ] as const)('a %s checkout reads as %s', async (outcome, status) => {
    const snap = await provider.start(startContext(), { client });
    await sim.complete(snap.providerPaymentId, outcome, 'creditcard');
    const now = await provider.fetch(
      { providerPaymentId: snap.providerPaymentId, logger: silentLogger },
      { client },
    );
    expect(now.status).toBe(status);
    expect(now.paidAt).toBeUndefined();
  });

  it('parseNotification takes only a Mollie payment id', () => {
    expect(provider.parseNotification({ body: { id: 'tr_abc123' } })).toEqual({
      providerPaymentId: 'tr_abc123',
    });
    expect(provider.parseNotification({ body: { id: 're_abc123' } })).toBeNull();
    expect(provider.parseNotification({ body: { id: 'tr_../../x' } })).toBeNull();
    expect(provider.parseNotification({ body: { id: ['tr_a'] } })).toBeNull();
    expect(provider.parseNotification({ body: 'id=tr_a' })).toBeNull();
    expect(provider.parseNotification({ body: null })).toBeNull();
  });

  it('refunds part, then the rest; the refunds are read back oldest first; more than what is left is refused', async () => {
    const snap = await provider.start(startContext({ amountCents: 1250 }), { client });
    await sim.complete(snap.providerPaymentId, 'paid', 'creditcard');
    const first = await provider.refund(
      {
        providerPaymentId: snap.providerPaymentId,
        amountCents: 500,
        description: 'Terugbetaling SL-2026-000123',
        idempotencyKey: 'refund-1',
        logger: silentLogger,
      },
      { client },
    );
    expect(first.providerRefundId).toMatch(/^re_/);
    expect(first.status).toBe('pending');
    const rest = await provider.refund(
      {
        providerPaymentId: snap.providerPaymentId,
        amountCents: 750,
        description: 'Terugbetaling SL-2026-000123',
        idempotencyKey: 'refund-2',
        logger: silentLogger,
      },
      { client },
    );
    const now = await provider.fetch(
      { providerPaymentId: snap.providerPaymentId, logger: silentLogger },
      { client },
    );
    expect(now.refunds.map((r) => [r.providerRefundId, r.amountCents, r.status])).toEqual([
      [first.providerRefundId, 500, 'refunded'],
      [rest.providerRefundId, 750, 'refunded'],
    ]);
    const more = provider.refund(
      {
        providerPaymentId: snap.providerPaymentId,
        amountCents: 1,
        description: 'Terugbetaling',
        idempotencyKey: 'refund-3',
        logger: silentLogger,
      },
      { client },
    );
    await expect(more).rejects.toBeInstanceOf(PaymentProviderRefusedError);
    await expect(more).rejects.toMatchObject({ details: { status: 422, field: 'amount' } });
  });

  it('a retried refund (same idempotency key) refunds once', async () => {
    const snap = await provider.start(startContext(), { client });
    await sim.complete(snap.providerPaymentId, 'paid');
    const ctx = {
      providerPaymentId: snap.providerPaymentId,
      amountCents: 750,
      description: 'Terugbetaling',
      idempotencyKey: 'refund-once',
      logger: silentLogger,
    };
    const a = await provider.refund(ctx, { client });
    const b = await provider.refund(ctx, { client });
    expect(b.providerRefundId).toBe(a.providerRefundId);
    expect(sim.payment(snap.providerPaymentId)!.refunds).toHaveLength(1);
  });

  it('Mollie down (503), overloaded (429) or silent: unavailable, so the request stays unpaid and retriable', async () => {
    sim.faults.outage();
    await expect(provider.start(startContext(), { client })).rejects.toBeInstanceOf(
      PaymentProviderUnavailableError,
    );
    await sim.faults.clear();
    sim.faults.error(429, { route: 'payments.get', count: 1 });
    await expect(
      provider.fetch({ providerPaymentId: 'tr_unknown1', logger: silentLogger }, { client }),
    ).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    await sim.faults.clear();
    sim.faults.timeout({ route: 'payments.create', count: 1 });
    const impatient = createMollieClient({
      apiKey: sim.apiKey,
      apiEndpoint: sim.apiEndpoint,
      ca: tls.ca.cert,
      timeoutMs: 1000,
    });
    try {
      const slow = provider.start(startContext(), { client: impatient });
      await expect(slow).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
      await expect(slow).rejects.toThrow(/no answer in time/);
    } finally {
      impatient.close();
    }
  });

  it('Mollie refusing (unknown payment, amount below the minimum, a method off in the profile): refused', async () => {
    await expect(
      provider.fetch({ providerPaymentId: 'tr_doesnotexist', logger: silentLogger }, { client }),
    ).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_REFUSED', details: { status: 404 } });
    await expect(provider.start(startContext({ amountCents: 50 }), { client })).rejects.toMatchObject({
      code: 'PAYMENT_PROVIDER_REFUSED',
      details: { status: 422, field: 'amount' },
    });
    const paypal = createMolliePaymentProvider({ methods: ['paypal'] });
    await expect(paypal.start(startContext(), { client })).rejects.toMatchObject({
      details: { status: 422, field: 'method' },
    });
  });

  it('a wrong API key is refused (401) and the key never appears in the error', async () => {
    const wrong = createMollieClient({
      apiKey: 'test_WrongKeyWrongKeyWrongKeyWrong',
      apiEndpoint: sim.apiEndpoint,
      ca: tls.ca.cert,
    });
    try {
      const err = await provider.start(startContext(), { client: wrong }).catch((e) => e);
      expect(err).toBeInstanceOf(PaymentProviderRefusedError);
      expect(err.details).toMatchObject({ status: 401 });
      expect(JSON.stringify({ m: err.message, d: err.details })).not.toContain('WrongKey');
    } finally {
      wrong.close();
    }
  });

  it('TLS verification stays on: without the simulator CA the call fails; http is refused outright', async () => {
    const untrusted = createMollieClient({ apiKey: sim.apiKey, apiEndpoint: sim.apiEndpoint });
    try {
      const err = await untrusted.getPayment('tr_abc').catch((e) => e);
      expect(err).toBeInstanceOf(PaymentProviderUnavailableError);
      expect(String(err.cause?.code ?? err.cause?.message)).toMatch(/CERT|SELF_SIGNED|UNABLE|certificate/i);
    } finally {
      untrusted.close();
    }
    expect(() =>
      createMollieClient({ apiKey: sim.apiKey, apiEndpoint: sim.apiEndpoint.replace('https:', 'http:') }),
    ).toThrow(/https/);
    expect(() => createMollieClient({ apiKey: 'sk_123', apiEndpoint: sim.apiEndpoint })).toThrow(
      /test_ or live_/,
    );
  });

  it('an id that is not a Mollie id never reaches the API', async () => {
    const calls = sim.calls.length;
    await expect(client.getPayment('tr_../../v2/payments')).rejects.toBeInstanceOf(
      PaymentProviderRefusedError,
    );
    expect(sim.calls.length).toBe(calls);
  });

  it('as a plugin: the kernel registers provider "mollie"; a deployment service (the simulator) replaces its connection', async () => {
    const kernel = await createKernel({
      plugins: [{ plugin: molliePaymentsPlugin, options: { methods: ['bancontact'] } }],
      services: [
        createServiceFactory({
          ref: mollieClientRef,
          factory: () =>
            createMollieClient({ apiKey: sim.apiKey, apiEndpoint: sim.apiEndpoint, ca: tls.ca.cert }),
        }),
      ],
    });
    try {
      const mollie = kernel.paymentProvider('mollie')!;
      expect(mollie.kind).toBe('online');
      expect(mollie.minimumAmountCents).toBe(100);
      const snap = await mollie.start(startContext(), await kernel.resolveDeps(mollie.deps));
      expect(sim.payment(snap.providerPaymentId)!.methods).toEqual(['bancontact']);
    } finally {
      await kernel.stop();
    }
  });

  it('as a plugin without a deployment connection: the key comes from the environment variable, named when missing', async () => {
    const name = 'SMARTLOKET_TEST_MOLLIE_KEY';
    delete process.env[name];
    expect(() => readMollieApiKey({ apiKeyEnv: name })).toThrow(ConfigError);
    expect(() => readMollieApiKey({ apiKeyEnv: name })).toThrow(new RegExp(name));
    process.env[name] = 'not-a-key';
    expect(() => readMollieApiKey({ apiKeyEnv: name })).toThrow(/test_\.\.\. or live_\.\.\./);
    process.env[name] = 'live_abcdefghijklmnopqrstuvwxyz0123';
    try {
      const kernel = await createKernel({
        plugins: [{ plugin: molliePaymentsPlugin, options: { apiKeyEnv: name } }],
      });
      try {
        const made = await kernel.get(mollieClientRef);
        expect(made.mode).toBe('live');
        expect(made.apiEndpoint).toBe('https://api.mollie.com/v2/');
      } finally {
        await kernel.stop();
      }
    } finally {
      delete process.env[name];
    }
  });

  it('doctor: a test key warns, Mollie answering and the configured methods enabled in the profile pass', async () => {
    const good = await checkMollieProfile(client, ['bancontact', 'kbc']);
    expect(good).toEqual([
      {
        name: 'API key',
        ok: true,
        warning: true,
        detail: 'a test key: payments are not real (Mollie test mode)',
      },
      { name: 'Mollie', ok: true, detail: `${sim.apiEndpoint} answers` },
      { name: 'methods', ok: true, detail: 'enabled in the profile: bancontact, kbc' },
    ]);
    const off = await checkMollieProfile(client, ['bancontact', 'paypal']);
    expect(off[2]).toEqual({
      name: 'methods',
      ok: false,
      detail: 'not enabled in the Mollie profile: paypal (enabled: bancontact, creditcard, kbc, belfius)',
    });
    const wrong = createMollieClient({
      apiKey: 'live_WrongKeyWrongKeyWrongKeyWrong',
      apiEndpoint: sim.apiEndpoint,
      ca: tls.ca.cert,
    });
    try {
      const refused = await checkMollieProfile(wrong, ['bancontact']);
      expect(refused).toEqual([
        { name: 'API key', ok: true, detail: 'a live key' },
        { name: 'Mollie', ok: false, detail: 'Mollie refused the API key (401)' },
      ]);
      expect(JSON.stringify(refused)).not.toContain('WrongKey');
    } finally {
      wrong.close();
    }
    sim.faults.outage();
    const down = await checkMollieProfile(client, ['bancontact']);
    expect(down[1]).toMatchObject({ name: 'Mollie', ok: false, detail: expect.stringContaining('503') });
  });

  it('plugin options are validated: an unknown method is refused at start', async () => {
    await expect(
      createKernel({ plugins: [{ plugin: molliePaymentsPlugin, options: { methods: ['bitcoin'] } }] }),
    ).rejects.toThrow(/payment-mollie.*methods/);
  });
});
