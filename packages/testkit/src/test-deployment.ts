import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  coreServices,
  createServiceFactory,
  ManualClock,
  type PluginEntry,
  type ServiceFactory,
  silentLogger,
} from '@smartloket/core';
import { DEMO_MUNICIPALITY } from '@smartloket/dev-population';
import {
  createDeployment,
  type Deployment,
  type MailSender,
  validateConfig,
  type Worker,
} from '@smartloket/runtime';

export interface TestDeploymentOptions {
  plugins: PluginEntry[];
  /** A database URL; default a fresh SQLite file in a temp folder. */
  databaseUrl?: string;
  /** PostgreSQL owner URL (migrations), with a runtime-role `databaseUrl`. */
  databaseOwnerUrl?: string | undefined;
  clock?: ManualClock;
  /** Extra or replacing services (a later entry replaces an earlier one for the same ref). */
  services?: ServiceFactory<any, any>[];
  mailSender?: MailSender;
  /** Extra configuration keys (retention, worker, ...). */
  config?: Record<string, unknown>;
}

export interface TestDeployment extends Deployment {
  clock: ManualClock;
  worker: Worker;
  /** Runs every due job (pipeline, e-mails) until none is left. */
  runJobs(): Promise<number>;
}

/**
 * A deployment for tests: the given plugins, a database (SQLite temp file by default), a
 * ManualClock, a silent logger and a fake default signer. Close it in afterAll/afterEach.
 */
export async function createTestDeployment(options: TestDeploymentOptions): Promise<TestDeployment> {
  const clock = options.clock ?? new ManualClock('2026-03-02T09:00:00.000Z');
  let dir: string | undefined;
  let url = options.databaseUrl;
  if (!url) {
    dir = mkdtempSync(join(tmpdir(), 'smartloket-test-'));
    url = `sqlite:${join(dir, 'test.sqlite')}`;
  }
  const config = validateConfig({
    municipality: DEMO_MUNICIPALITY,
    baseUrl: 'http://localhost:3000',
    database: { url, ...(options.databaseOwnerUrl ? { ownerUrl: options.databaseOwnerUrl } : {}) },
    plugins: options.plugins,
    ...options.config,
  });
  const defaultSigner = createServiceFactory({
    ref: coreServices.signer,
    factory: () => ({
      id: 'testkit.fake-signer',
      async sign(pdf: Uint8Array) {
        return pdf;
      },
    }),
  });
  const deployment = await createDeployment(config, {
    clock,
    logger: silentLogger,
    services: [defaultSigner, ...(options.services ?? [])],
    mailSender: options.mailSender,
  });
  const worker = deployment.createWorker({ concurrency: 2, id: 'testkit-worker' });
  const close = deployment.close;
  return Object.assign(deployment, {
    clock,
    worker,
    runJobs: () => worker.drain(),
    async close() {
      await close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  });
}
