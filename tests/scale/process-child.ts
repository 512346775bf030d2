/**
 * One process of the several-processes test: a server (portal behind the test's proxy, login
 * through the dev identity provider) or a worker, on the test's PostgreSQL schema.
 *
 *   node --conditions=source --import tsx tests/scale/process-child.ts   (settings in SMARTLOKET_CHILD)
 *
 * A server prints `listening <url>`, a worker `working`. SIGTERM stops it gracefully: the server
 * finishes the requests it accepted, the worker finishes or releases its jobs.
 */
import { ManualClock } from '@smartloket/core';
import { createOidcLogin } from '@smartloket/identity-acmidm';
import { createApp, listen } from '@smartloket/server';
import { createTestDeployment, createTestPlugin } from '@smartloket/testkit';

export interface ChildSettings {
  role: 'server' | 'worker';
  id: string;
  databaseUrl: string;
  ownerUrl?: string | undefined;
  /** Every process runs on the same fixed time. */
  clockIso: string;
  /** Server: the dev identity provider and the proxy's public URL. */
  issuer?: string;
  publicUrl?: string;
  /** Server: requests of the verification page per minute and client (the shared limit). */
  verifyLimit?: number;
}

const s = JSON.parse(process.env.SMARTLOKET_CHILD ?? '') as ChildSettings;
const d = await createTestDeployment({
  plugins: [createTestPlugin()],
  databaseUrl: s.databaseUrl,
  databaseOwnerUrl: s.ownerUrl,
  clock: new ManualClock(s.clockIso),
  config: { worker: { inProcess: false, leaseMs: 60_000 } },
});

if (s.role === 'worker') {
  const worker = d.createWorker({ id: s.id, concurrency: 4, pollMs: 50 });
  worker.start();
  process.stdout.write('working\n');
  process.once('SIGTERM', () => {
    void worker
      .stop(30_000)
      .then(() => d.close())
      .finally(() => process.exit(0));
  });
} else {
  const publicUrl = s.publicUrl!;
  const rule = { windowMs: 60_000, limit: s.verifyLimit ?? 1000 };
  const app = createApp(d, {
    identity: createOidcLogin({
      issuer: s.issuer!,
      clientId: 'smartloket',
      clientSecret: 'dev-secret',
      redirectUri: `${publicUrl}/auth/callback`,
      allowInsecureRequests: true,
    }),
    publicUrl,
    formActionOrigins: [s.issuer!],
    deliveryWaitMs: 0,
    verification: { codeLimit: rule, uploadLimit: rule },
    // Every citizen of the test is the same persona: its submissions share one limit.
    rateLimits: { submit: { windowMs: 60_000, limit: 1000 }, login: { windowMs: 60_000, limit: 1000 } },
  });
  const { server, url } = await listen(app, 0, '127.0.0.1');
  process.stdout.write(`listening ${url}\n`);
  process.once('SIGTERM', () => {
    // Stop accepting, finish what was accepted, then close the pool.
    server.close(() => {
      void d.close().finally(() => process.exit(0));
    });
  });
}
