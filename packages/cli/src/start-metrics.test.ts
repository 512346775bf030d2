import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMagdaDevCertificates } from '@smartloket/dev-world/magda';
import { generateDevPki } from '@smartloket/signer-pades';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, worker } from './commands/run.js';
import { createOutput } from './output.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smartloket-start-metrics-'));
  generateMagdaDevCertificates(join(dir, 'magda'));
  const pki = generateDevPki({ dir: join(dir, 'pki'), organisation: 'Gemeente Test' });
  // Production parts on addresses nothing needs at start: the worker only claims jobs.
  const config = {
    municipality: {
      name: { nl: 'Gemeente Test' },
      nisCode: '99001',
      address: { street: 'Markt 1', postcode: '9999', city: 'Test' },
    },
    database: { url: 'sqlite:.data/start.sqlite' },
    server: { host: '127.0.0.1', port: 0, metrics: { port: 0, tokenEnv: 'SMARTLOKET_TEST_METRICS_TOKEN' } },
    worker: { inProcess: false, metricsPort: 0 },
    identity: { kind: 'oidc', issuer: 'https://idp.test.example', clientId: 'smartloket', clientSecret: 's' },
    magda: {
      kind: 'magda',
      endpoint: 'https://magda.test.example/magda',
      tls: { cert: 'magda/client.pem', key: 'magda/client-key.pem', ca: 'magda/ca.pem' },
      identificatie: 'kb.vlaanderen.be/aiv/burgerloket-wwoom-99001',
      hoedanigheid: '1234',
    },
    mail: {
      kind: 'smtp',
      host: '127.0.0.1',
      port: 1,
      from: { name: 'Test', address: 'noreply@test.example' },
    },
    signer: { kind: 'pem', keyFile: pki.sealKey, chainFile: pki.chain },
    globalHeader: { widgetId: '9717ae3b-84e8-43b2-a814-e35a2547927f', environment: 'tni' },
  };
  writeFileSync(
    join(dir, 'smartloket.config.mjs'),
    `export default { ...${JSON.stringify(config)}, plugins: [] };\n`,
  );
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const TOKEN = 'w'.repeat(40);

/**
 * `server.metrics` from the configuration file through the production composition of
 * `smartloket start` (separate listener, token from the environment) and `smartloket worker`
 * (its `worker.metricsPort` asks the same token).
 */
describe('smartloket start and worker with server.metrics (and the header of globalHeader)', () => {
  it('serve metrics only with the token, on their own listeners; the public listener answers 404', async () => {
    process.env.SMARTLOKET_TEST_METRICS_TOKEN = TOKEN;
    const out = { ...createOutput({ json: false }), info: () => {} };
    const signals = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };
    const server = await start({ cwd: dir }, out);
    const proc = await worker({ cwd: dir }, out);
    const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
    try {
      expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${server.url}/metrics`, auth)).status).toBe(404);
      expect((await fetch(`${server.metricsUrl}/metrics`)).status).toBe(401);
      const ok = await fetch(`${server.metricsUrl}/metrics`, auth);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('# HELP smartloket_jobs_ready ');
      expect((await fetch(proc.metrics!.url)).status).toBe(401);
      expect((await fetch(proc.metrics!.url, auth)).status).toBe(200);
      // `globalHeader` from the file: the portal loads Digitaal Vlaanderen's TNI entry script and
      // its CSP allows that origin.
      const home = await fetch(`${server.url}/`);
      expect(await home.text()).toContain(
        '<script src="https://tni.widgets.burgerprofiel.vlaanderen.be/api/v2/widget/9717ae3b-84e8-43b2-a814-e35a2547927f/entry"></script>',
      );
      expect(home.headers.get('content-security-policy')).toContain(
        "script-src 'self' https://tni.widgets.burgerprofiel.vlaanderen.be",
      );
    } finally {
      delete process.env.SMARTLOKET_TEST_METRICS_TOKEN;
      server.server?.close();
      server.metricsServer?.close();
      await proc.metrics?.close();
      for (const r of [server, proc]) {
        await r.worker?.stop(1_000);
        await r.deployment.close();
        await r.telemetry?.shutdown();
      }
      for (const signal of ['SIGTERM', 'SIGINT'] as const)
        for (const l of process.listeners(signal)) if (!signals[signal].includes(l)) process.off(signal, l);
    }
  });
});
