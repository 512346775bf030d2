import {
  coreServices,
  createServiceFactory,
  type Logger,
  legalRepresentationRef,
  ManualClock,
  type PluginEntry,
  type ServiceFactory,
  silentLogger,
} from '@smartloket/core';
import { DEMO_MUNICIPALITY } from '@smartloket/dev-population';
import {
  createDeployment,
  type Deployment,
  type DeploymentOptions,
  type MailSender,
  validateConfig,
  type Worker,
} from '@smartloket/runtime';
import { DEFAULT_LEGAL_REPRESENTATIVES } from './test-kernel.js';

/** Options of {@link createTestDeployment}. */
export interface TestDeploymentOptions {
  /** The plugins under test (wrap one in {@link withFakes} to replace an extension point). */
  plugins: PluginEntry[];
  /**
   * A database URL; default `sqlite::memory:` (SQLite in memory, gone at `close()`). Give
   * `sqlite:<file>` to inspect the file afterwards, or a `postgres://` URL.
   */
  databaseUrl?: string;
  /** PostgreSQL owner URL (migrations), with a runtime-role `databaseUrl`. */
  databaseOwnerUrl?: string | undefined;
  /** Default: a ManualClock at 2026-03-02T09:00Z; move it with `t.clock.advance(ms)`. */
  clock?: ManualClock;
  /** Extra or replacing services (a later entry replaces an earlier one for the same ref). */
  services?: ServiceFactory<any, any>[];
  mailSender?: MailSender;
  /** Publishes e-Box messages (with `config.ebox`), e.g. `@smartloket/notifier-ebox` against the dev world's simulator. */
  eboxSender?: DeploymentOptions['eboxSender'];
  /** The deployment's logger; default silent. Give one that records lines to check what gets logged. */
  logger?: Logger;
  /**
   * Extra configuration keys (retention, worker, ...). `requestTypes: ['./types/*.json']` loads
   * request types described as JSON (relative to `baseDir`), so a JSON type is tested like a
   * plugin's.
   */
  config?: Record<string, unknown>;
  /** The folder relative paths of the config resolve against (`requestTypes`); default the working directory. */
  baseDir?: string;
  /**
   * Who legally represents whom (INSZ pairs), for plugins without their own population lookup.
   * Default: the fake parent and child of {@link FAKE_RELATIONS}; `[]` for nobody. A plugin that
   * provides the lookup itself (plugin-bevolking, through MAGDA) takes precedence.
   */
  legalRepresentatives?: [representativeInsz: string, childInsz: string][];
  /** How long the deployment trusts its copy of the settings (`now` lets a test move its time). */
  settingsCache?: DeploymentOptions['settingsCache'];
  /**
   * Resolves webhook host names (a fake DNS: map a name to the address a test needs). Tests send
   * traffic to loopback only: map the names of receivers to 127.0.0.1.
   */
  webhookLookup?: DeploymentOptions['webhookLookup'];
}

/** What {@link createTestDeployment} returns: a runtime Deployment with test handles. */
export interface TestDeployment extends Deployment {
  /** The deployment's clock; `clock.advance(ms)` moves time (retries, expiry, retention). */
  clock: ManualClock;
  /** A worker (concurrency 2) that {@link TestDeployment.runJobs} drains. */
  worker: Worker;
  /** Runs every due job (pipeline, e-mails) until none is left. */
  runJobs(): Promise<number>;
}

/**
 * A deployment for tests: the given plugins, a database (SQLite in memory by default), a
 * ManualClock, a silent logger, a fake default signer (replace it with {@link testSeal}'s
 * service for real PAdES seals) and the fake family's legal representation. Submit with
 * `t.requests.submit(...)`, run the pipeline with `t.runJobs()`, read with `t.db`. Close it in
 * afterAll/afterEach.
 */
export async function createTestDeployment(options: TestDeploymentOptions): Promise<TestDeployment> {
  const clock = options.clock ?? new ManualClock('2026-03-02T09:00:00.000Z');
  const url = options.databaseUrl ?? 'sqlite::memory:';
  const reps = options.legalRepresentatives ?? DEFAULT_LEGAL_REPRESENTATIVES;
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
  const legalRepresentation = createServiceFactory({
    ref: legalRepresentationRef,
    factory: () => ({
      isLegalRepresentative: async (rep: string, child: string) =>
        reps.some(([r, c]) => r === rep && c === child),
    }),
    // A plugin with a real lookup (plugin-bevolking) replaces it.
    fallback: true,
  });
  const deployment = await createDeployment(config, {
    clock,
    ...(options.baseDir ? { baseDir: options.baseDir } : {}),
    ...(options.webhookLookup ? { webhookLookup: options.webhookLookup } : {}),
    logger: options.logger ?? silentLogger,
    services: [defaultSigner, legalRepresentation, ...(options.services ?? [])],
    mailSender: options.mailSender,
    eboxSender: options.eboxSender,
    settingsCache: options.settingsCache,
  });
  const worker = deployment.createWorker({ concurrency: 2, id: 'testkit-worker' });
  return Object.assign(deployment, { clock, worker, runJobs: () => worker.drain() });
}
