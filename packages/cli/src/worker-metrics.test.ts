import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMagdaDevCertificates } from '@smartloket/dev-world/magda';
import { generateDevPki } from '@smartloket/signer-pades';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { worker } from './commands/run.js';
import { createOutput } from './output.js';

let dir: string;
const TOKEN = 'worker-metrics-token-0123456789abcdef';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smartloket-worker-metrics-'));
  generateMagdaDevCertificates(join(dir, 'magda'));
  const pki = generateDevPki({ dir: join(dir, 'pki'), organisation: 'Gemeente Test' });
  // Production parts on addresses nothing needs at start: the worker only claims jobs.
  const config = {
    municipality: {
      name: { nl: 'Gemeente Test' },
      nisCode: '99001',
      address: { street: 'Markt 1', postcode: '9999', city: 'Test' },
    },
    database: { url: 'sqlite:.data/worker.sqlite' },
    // The worker's listener asks the same bearer token as the servers' metrics.
    server: { host: '127.0.0.1', port: 0, metrics: { token: TOKEN } },
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
  };
  writeFileSync(
    join(dir, 'smartloket.config.mjs'),
    `export default { ...${JSON.stringify(config)}, plugins: [] };\n`,
  );
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('smartloket worker with worker.metricsPort', () => {
  it('serves the worker process metrics, database gauges included, on its own port', async () => {
    const lines: string[] = [];
    const out = { ...createOutput({ json: false }), info: (m: string) => lines.push(m) };
    // The worker does not migrate: `smartloket migrate` (or start) does that first.
    const { migrate } = await import('./commands/migrate.js');
    await migrate('up', { cwd: dir }, { ...createOutput({ json: true }), result() {} });
    const signals = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };
    const running = await worker({ cwd: dir }, out);
    try {
      expect(running.metrics?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect(lines.join('\n')).toContain(running.metrics!.url);
      expect((await fetch(running.metrics!.url)).status).toBe(401);
      const res = await fetch(running.metrics!.url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('# HELP smartloket_jobs_ready ');
      expect(text).toContain('# HELP smartloket_source_call_duration_seconds ');
      expect((await fetch(running.metrics!.url.replace('/metrics', '/'))).status).toBe(404);
    } finally {
      await running.metrics?.close();
      await running.worker?.stop(1_000);
      await running.deployment.close();
      await running.telemetry?.shutdown();
      // Only the handlers the command added.
      for (const signal of ['SIGTERM', 'SIGINT'] as const)
        for (const l of process.listeners(signal)) if (!signals[signal].includes(l)) process.off(signal, l);
    }
  });
});
