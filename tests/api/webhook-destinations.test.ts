import { createServer, type Server } from 'node:http';
import type { LookupFunction } from 'node:net';
import { SYSTEM } from '@smartloket/core';
import { WebhookDestinationError } from '@smartloket/runtime';
import { createTestDeployment, createTestPlugin, type TestDeployment } from '@smartloket/testkit';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

/** A fake DNS (no traffic leaves loopback): the names below never get a connection. */
const answers: Record<string, string> = {
  'hooks.partner.be': '93.184.215.14',
  'loket.vlaanderen.be': '93.184.215.14',
  'other.example.be': '93.184.215.14',
  'intern.partner.be': '10.0.0.1',
};
const lookup = ((hostname: string, _options: unknown, callback: (...a: unknown[]) => void) => {
  const address = answers[hostname];
  if (!address) return callback(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }));
  callback(null, [{ address, family: 4 }]);
}) as unknown as LookupFunction;

const open: TestDeployment[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
});

async function deployment(config: Record<string, unknown> = {}) {
  const d = await createTestDeployment({ plugins: [createTestPlugin()], config, webhookLookup: lookup });
  open.push(d);
  return d;
}

const reason = (d: TestDeployment, url: string) =>
  d.checkWebhookDestination(url).then(
    () => 'accepted',
    (e) => (e instanceof WebhookDestinationError ? e.reason : Promise.reject(e)),
  );

let receiver: Server;
let port = 0;
let hits = 0;
beforeAll(async () => {
  receiver = createServer((_req, res) => {
    hits++;
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  port = (receiver.address() as { port: number }).port;
});
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise<void>((r) => receiver.close(() => r()));
});

it('webhooks.allow from the deployment config limits the destinations', async () => {
  const open = await deployment();
  expect(await reason(open, 'https://other.example.be/hook')).toBe('accepted');

  const d = await deployment({ webhooks: { allow: ['hooks.partner.be', '*.vlaanderen.be'] } });
  expect(await reason(d, 'https://hooks.partner.be/hook')).toBe('accepted');
  expect(await reason(d, 'https://loket.vlaanderen.be/hook')).toBe('accepted');
  expect(await reason(d, 'https://other.example.be/hook')).toBe('not_allowed');
  expect(await reason(d, 'https://intern.partner.be/hook')).toBe('not_allowed');
  // The dev exception (http to loopback) still needs the host on the list.
  expect(await reason(d, `http://127.0.0.1:${port}/hook`)).toBe('not_allowed');
});

it('a production deployment refuses plain http to loopback; a dev deployment accepts it', async () => {
  const dev = await deployment();
  expect(await reason(dev, `http://127.0.0.1:${port}/hook`)).toBe('accepted');
  const prod = await deployment({
    identity: { kind: 'oidc', issuer: 'https://idp.example.be', clientId: 'x', clientSecret: 'y' },
    mail: { kind: 'smtp', host: 'smtp.example.be', port: 587, from: { name: 'x', address: 'x@example.be' } },
    signer: { kind: 'pem', keyFile: 'k.pem', chainFile: 'c.pem' },
    magda: {
      kind: 'magda',
      endpoint: 'https://magda.example.be',
      tls: { cert: 'c.pem', key: 'k.pem' },
      identificatie: 'kb.vlaanderen.be/aiv/burgerloket-wwoom-99001',
      hoedanigheid: '1234',
    },
  });
  expect(await reason(prod, `http://127.0.0.1:${port}/hook`)).toBe('scheme');
  expect(await reason(prod, `https://127.0.0.1:${port}/hook`)).toBe('address');
});

it('every delivery checks the destination again: a subscription stored before the rules is refused, not sent', async () => {
  const d = await deployment();
  const sub = await d.db.webhooks.subscribe({ name: 'old', url: 'https://intern.partner.be/hook' }, SYSTEM);
  const filed = await d.requests.submit({
    typeId: 'test.reviewed',
    input: { forWhom: 'self' },
    locale: 'nl',
    identity: { subject: 'jan', insz: '85073003328', name: 'Jan', level: 'high' } as never,
  });
  expect(filed.request.id).toBeDefined();
  await d.runJobs();
  const deliveries = await d.db.webhooks.deliveries(sub.id);
  expect(deliveries.length).toBeGreaterThan(0);
  expect(deliveries[0]).toMatchObject({ ok: false, statusCode: null, error: 'refused: address' });
  expect(hits).toBe(0);
});
