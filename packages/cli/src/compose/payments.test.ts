import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, silentLogger, systemClock } from '@smartloket/core';
import { counterPaymentsPlugin } from '@smartloket/payment-counter';
import { type MollieClient, molliePaymentsPlugin } from '@smartloket/payment-mollie';
import { createDeployment, type Deployment, validateConfig } from '@smartloket/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentsCheck } from '../commands/doctor.js';
import { startDevParts } from '../dev-parts.js';
import { EXIT } from '../errors.js';
import { runCaptured } from '../test-support.js';
import { productionParts } from './production.js';

/**
 * `payments` from the configuration to its effect: the provider a plugin registers is selected
 * and resolved at start; `smartloket dev` points Mollie at the dev world's simulator (over
 * verified HTTPS) and `smartloket start` refuses that; production talks to Mollie's API with the
 * key from the environment and lets the portal's forms go to Mollie's checkout.
 */
let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smartloket-payments-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MUNICIPALITY = {
  name: { nl: 'Gemeente Testdorp' },
  nisCode: '99999',
  address: { street: 'Marktplein 1', postcode: '9999', city: 'Testdorp' },
};
/** Production parts everywhere, so that `payments` is the only thing the dev world starts. */
const PRODUCTION = {
  identity: { kind: 'oidc', issuer: 'https://authenticatie.example/op', clientId: 'x', clientSecret: 's' },
  magda: {
    kind: 'magda',
    endpoint: 'https://magda.example/ws',
    tls: { cert: 'c.pem', key: 'k.pem' },
    identificatie: 'x',
    hoedanigheid: '1300',
  },
  mail: {
    kind: 'smtp',
    host: '127.0.0.1',
    port: 2525,
    from: { name: 'Testdorp', address: 'loket@testdorp.be' },
  },
};

function configOf(raw: Record<string, unknown>) {
  n++;
  return validateConfig({
    municipality: MUNICIPALITY,
    baseUrl: 'https://loket.testdorp.be',
    dataDir: join(dir, `data-${n}`),
    database: { url: `sqlite:${join(dir, `payments-${n}.sqlite`)}` },
    ...PRODUCTION,
    ...raw,
  });
}

const START = {
  amountCents: 750,
  currency: 'EUR' as const,
  description: 'SL-2026-000001 Uittreksel uit het bevolkingsregister',
  reference: 'SL-2026-000001',
  returnUrl: 'https://loket.testdorp.be/payments/return/x',
  locale: 'nl' as const,
  metadata: {},
  logger: silentLogger,
};

describe('payments configuration', () => {
  it('smartloket dev: payments.simulator starts the Mollie simulator and the provider pays there over HTTPS', async () => {
    const config = configOf({
      plugins: [{ plugin: molliePaymentsPlugin, options: { methods: ['bancontact', 'kbc'] } }],
      payments: { provider: 'mollie', simulator: true },
    });
    const parts = await startDevParts(config, {
      baseDir: dir,
      baseUrl: 'https://loket.testdorp.be',
      clock: systemClock,
      logger: silentLogger,
    });
    let deployment: Deployment | undefined;
    try {
      const api = parts.urls.find((u) => u.name === 'Mollie simulator (API)')!.url;
      expect(api).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v2\/$/);
      deployment = await createDeployment(config, {
        baseDir: dir,
        logger: silentLogger,
        services: parts.services,
      });
      const provider = deployment.paymentProvider!;
      expect(provider.definition.id).toBe('mollie');
      expect((provider.deps.client as MollieClient).apiEndpoint).toBe(api);
      const snap = await provider.definition.start(
        { ...START, idempotencyKey: 'dev-1' },
        provider.deps as never,
      );
      // The portal's form may redirect to the simulator's checkout page (CSP form-action).
      const checkout = new URL(snap.checkoutUrl!);
      expect(parts.formActionOrigins).toContain(checkout.origin);
      // The tester pays on the checkout page; the status is read back from the simulator.
      const page = await fetch(checkout, { redirect: 'manual' });
      const html = await page.text();
      expect(html).toContain('Bancontact');
      const paid = await fetch(checkout, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'status=paid&method=kbc',
        redirect: 'manual',
      });
      expect(paid.status).toBe(303);
      expect(paid.headers.get('location')).toBe(START.returnUrl);
      const now = await provider.definition.fetch(
        { providerPaymentId: snap.providerPaymentId, logger: silentLogger },
        provider.deps as never,
      );
      expect(now).toMatchObject({ status: 'paid', method: 'kbc', amountCents: 750 });
    } finally {
      await deployment?.close();
      await parts.stop();
    }
  });

  it('smartloket start refuses the Mollie simulator, naming it', async () => {
    const file = join(dir, 'sim.config.mjs');
    writeFileSync(
      file,
      `export default ${JSON.stringify({
        municipality: MUNICIPALITY,
        ...PRODUCTION,
        signer: { kind: 'pem', keyFile: 'k.pem', chainFile: 'c.pem' },
        payments: { provider: 'mollie', simulator: true },
        plugins: [],
      })};\n`,
    );
    const { code, stderr } = await runCaptured(dir, 'start', '--config', file);
    expect(code).toBe(EXIT.devParts);
    expect(stderr).toContain('payments: the Mollie simulator (payments.simulator = true)');
  });

  it('production: Mollie with the key from the environment, named when missing; the checkout origin is allowed', async () => {
    const name = 'SMARTLOKET_TEST_PAYMENTS_KEY';
    delete process.env[name];
    const config = configOf({
      plugins: [{ plugin: molliePaymentsPlugin, options: { apiKeyEnv: name } }],
      payments: { provider: 'mollie' },
      // No certificate files to read here; MAGDA is not what this test is about.
      magda: { kind: 'simulator' },
    });
    const parts = productionParts(config, {
      baseDir: dir,
      baseUrl: 'https://loket.testdorp.be',
      clock: systemClock,
      logger: silentLogger,
    });
    try {
      expect(parts.formActionOrigins).toContain('https://www.mollie.com');
      const missing = await createDeployment(config, {
        baseDir: dir,
        logger: silentLogger,
        services: parts.services,
      }).catch((e) => e);
      expect(missing).toBeInstanceOf(ConfigError);
      expect(missing.path).toBe('plugins.payment-mollie.apiKeyEnv');
      expect(missing.message).toContain(name);
      process.env[name] = 'live_abcdefghijklmnopqrstuvwxyz0123';
      const deployment = await createDeployment(config, {
        baseDir: dir,
        logger: silentLogger,
        services: parts.services,
      });
      try {
        const client = deployment.paymentProvider!.deps.client as MollieClient;
        expect(client.apiEndpoint).toBe('https://api.mollie.com/v2/');
        expect(client.mode).toBe('live');
      } finally {
        await deployment.close();
      }
    } finally {
      delete process.env[name];
      await parts.stop();
    }
  });

  it('the counter provider; a provider no enabled plugin registers stops the start, naming payments.provider', async () => {
    const counter = await createDeployment(
      configOf({ plugins: [counterPaymentsPlugin], payments: { provider: 'counter' } }),
      { baseDir: dir, logger: silentLogger },
    );
    try {
      expect(counter.paymentProvider!.definition.kind).toBe('counter');
    } finally {
      await counter.close();
    }
    const none = await createDeployment(
      configOf({ plugins: [counterPaymentsPlugin], payments: { provider: 'mollie' } }),
      {
        baseDir: dir,
        logger: silentLogger,
      },
    ).catch((e) => e);
    expect(none).toBeInstanceOf(ConfigError);
    expect(none.message).toContain('Configuration "payments.provider"');
    expect(none.message).toContain('registered: "counter"');
    const off = await createDeployment(
      configOf({
        plugins: [{ plugin: counterPaymentsPlugin, enabled: false }],
        payments: { provider: 'counter' },
      }),
      { baseDir: dir, logger: silentLogger },
    ).catch((e) => e);
    expect(off).toBeInstanceOf(ConfigError);
    // Without a payments section there is no provider.
    const without = await createDeployment(configOf({ plugins: [counterPaymentsPlugin] }), {
      baseDir: dir,
      logger: silentLogger,
    });
    try {
      expect(without.paymentProvider).toBeUndefined();
    } finally {
      await without.close();
    }
  });

  it('doctor: the simulator is a warning; a missing key, or a provider no plugin registers, fails; the counter passes', async () => {
    const sim = configOf({
      plugins: [molliePaymentsPlugin],
      payments: { provider: 'mollie', simulator: true },
    });
    expect(await paymentsCheck(sim, 5000)).toEqual([
      { name: 'payments', ok: true, warning: true, detail: 'Mollie simulator (development only)' },
    ]);
    const name = 'SMARTLOKET_TEST_DOCTOR_KEY';
    delete process.env[name];
    const noKey = configOf({
      plugins: [{ plugin: molliePaymentsPlugin, options: { apiKeyEnv: name } }],
      payments: { provider: 'mollie' },
    });
    expect(await paymentsCheck(noKey, 5000)).toEqual([
      {
        name: 'payments',
        ok: false,
        detail: `Configuration "plugins.payment-mollie.apiKeyEnv": environment variable ${name} is not set`,
      },
    ]);
    expect(await paymentsCheck(configOf({ plugins: [], payments: { provider: 'counter' } }), 5000)).toEqual([
      {
        name: 'payments',
        ok: false,
        detail: 'no enabled plugin registers payment provider "counter" (payments.provider)',
      },
    ]);
    expect(
      await paymentsCheck(
        configOf({ plugins: [counterPaymentsPlugin], payments: { provider: 'counter' } }),
        5000,
      ),
    ).toEqual([{ name: 'payments', ok: true, detail: 'provider counter' }]);
    expect(await paymentsCheck(configOf({ plugins: [] }), 5000)).toEqual([]);
  });
});
