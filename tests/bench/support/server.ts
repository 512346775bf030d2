/**
 * A server process for the benches: every plugin of the repository (29 request types), the
 * database from SMARTLOKET_BENCH_DB (owner: SMARTLOKET_BENCH_DB_OWNER; default: a SQLite file in a
 * temporary folder), the portal
 * and API app on a free port. Prints `listening <url>` on stdout; ends on SIGTERM.
 *
 *   node --conditions=source --import tsx tests/bench/support/server.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, systemClock } from '@smartloket/core';
import { DEMO_MUNICIPALITY } from '@smartloket/dev-population';
import { generateMagdaDevCertificates } from '@smartloket/dev-world/magda';
import { createDeployment, validateConfig } from '@smartloket/runtime';
import { createApp, listen } from '@smartloket/server';
import { createMagdaClientFactory } from '@smartloket/source-magda';
import { meldingPlugin } from '../../../examples/plugin-melding/src/index.js';
import { bevolkingPlugin } from '../../../plugins/bevolking/src/index.js';
import { burgerlijkeStandPlugin } from '../../../plugins/burgerlijke-stand/src/index.js';
import { strafregisterPlugin } from '../../../plugins/strafregister/src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'smartloket-bench-server-'));
const certs = generateMagdaDevCertificates(join(dir, 'certs'));
const config = validateConfig({
  municipality: DEMO_MUNICIPALITY,
  baseUrl: 'http://localhost:3000',
  database: {
    url: process.env.SMARTLOKET_BENCH_DB || `sqlite:${join(dir, 'bench.sqlite')}`,
    ...(process.env.SMARTLOKET_BENCH_DB_OWNER ? { ownerUrl: process.env.SMARTLOKET_BENCH_DB_OWNER } : {}),
  },
  plugins: [bevolkingPlugin, burgerlijkeStandPlugin, strafregisterPlugin, meldingPlugin],
});
const deployment = await createDeployment(config, {
  clock: systemClock,
  logger: silentLogger,
  services: [
    createMagdaClientFactory({
      endpoint: process.env.SMARTLOKET_BENCH_MAGDA ?? 'https://127.0.0.1:9/magda',
      tls: { cert: certs.client.cert, key: certs.client.key, ca: certs.ca.cert },
      signing: { certificateChainPem: certs.client.chain, keyPem: certs.client.key },
      afzender: { identificatie: 'smartegem.example/smartloket', hoedanigheid: '1300' },
    }),
  ],
});
const { server, url } = await listen(createApp(deployment), 0, '127.0.0.1');
process.stdout.write(`listening ${url} types ${deployment.kernel.requestTypes().length}\n`);
process.on('SIGTERM', () => {
  server.close();
  void deployment.close().finally(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
