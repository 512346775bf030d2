/** The deployment the delivery bench runs: the bevolking plugin, MAGDA over HTTPS, real time. */
import { silentLogger, systemClock } from '@smartloket/core';
import { DEMO_MUNICIPALITY } from '@smartloket/dev-population';
import { generateMagdaDevCertificates } from '@smartloket/dev-world/magda';
import { createDeployment, type Deployment, validateConfig } from '@smartloket/runtime';
import { createMagdaClientFactory } from '@smartloket/source-magda';
import { createBevolkingPlugin } from '../../../plugins/bevolking/src/index.js';

export interface BenchDeploymentOptions {
  databaseUrl: string;
  ownerUrl?: string | undefined;
  magdaUrl: string;
  certificatesDir: string;
  concurrency: number;
  migrate?: boolean;
}

export async function openBenchDeployment(o: BenchDeploymentOptions): Promise<Deployment> {
  const certs = generateMagdaDevCertificates(o.certificatesDir);
  const config = validateConfig({
    municipality: DEMO_MUNICIPALITY,
    baseUrl: 'http://localhost:3000',
    database: { url: o.databaseUrl, ...(o.ownerUrl ? { ownerUrl: o.ownerUrl } : {}) },
    worker: { concurrency: o.concurrency, leaseMs: 60_000, maxAttempts: 8 },
    plugins: [createBevolkingPlugin()],
  });
  return createDeployment(config, {
    clock: systemClock,
    logger: silentLogger,
    migrate: o.migrate ?? true,
    services: [
      createMagdaClientFactory({
        endpoint: o.magdaUrl,
        tls: { cert: certs.client.cert, key: certs.client.key, ca: certs.ca.cert },
        signing: { certificateChainPem: certs.client.chain, keyPem: certs.client.key },
        afzender: { identificatie: 'smartegem.example/smartloket', hoedanigheid: '1300' },
        // The bench measures the pipeline, not the breaker.
        circuitBreaker: { failureThreshold: 1000 },
      }),
    ],
  });
}
