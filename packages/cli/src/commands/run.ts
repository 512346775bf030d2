import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '@smartloket/core';
import {
  createDeployment,
  createLogger,
  type Deployment,
  type DeploymentConfig,
  devOnlyParts,
  type Worker,
} from '@smartloket/runtime';
import { createApp, createMetricsApp, listen, listenMetrics, metricsAccess } from '@smartloket/server';
import { productionParts } from '../compose/production.js';
import {
  type DevParts,
  type DevServers,
  startDevServers,
  stopDevServers,
  wireDevParts,
} from '../dev-parts.js';
import { watchDeployment } from '../dev-watch.js';
import { CliError, EXIT } from '../errors.js';
import { findConfig, loadConfig } from '../load-config.js';
import type { Output } from '../output.js';
import { startTelemetry, type Telemetry } from '../telemetry.js';

export interface RunOptions {
  config?: string;
  cwd: string;
  port?: number;
}

interface Running {
  deployment: Deployment;
  server?: Server;
  /** The separate metrics listener (`server.metrics.port`). */
  metricsServer?: Server;
  metricsUrl?: string;
  worker?: Worker;
  dev?: DevParts;
  url?: string;
  telemetry?: Telemetry;
  /** Where a worker process serves its metrics (`worker.metricsPort`). */
  metrics?: { url: string; close(): Promise<void> };
}

/** Stops everything on SIGTERM/SIGINT: the worker finishes or releases its jobs. */
function onSignals(running: Running, out: Output): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    out.info(`${signal}: stopping…`);
    running.server?.close();
    await running.metrics?.close();
    running.metricsServer?.close();
    await running.worker?.stop(10_000);
    await running.deployment.close();
    await running.dev?.stop();
    await running.telemetry?.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/** `start` and `worker` run production parts only: they refuse every development-only part. */
function refuseDevParts(config: DeploymentConfig, command: string): void {
  const dev = devOnlyParts(config);
  if (dev.length > 0) {
    throw new CliError(
      `"smartloket ${command}" refuses development-only parts in the configuration:\n${dev.map((d) => `  - ${d}`).join('\n')}\nConfigure the production parts (see docs/deploying/), or use "smartloket dev".`,
      EXIT.devParts,
    );
  }
}

/** The production parts and the deployment on them, shared by `start` and `worker`. */
async function openProduction(config: DeploymentConfig, baseDir: string, command: string, migrate: boolean) {
  refuseDevParts(config, command);
  // Before anything makes spans: the tracer provider is global to the process.
  const telemetry = startTelemetry(config, { role: command === 'start' ? 'server' : command });
  const logger = createLogger();
  const baseUrl = config.baseUrl ?? `http://localhost:${config.server.port}`;
  const parts = productionParts(config, { baseDir, baseUrl, clock: systemClock, logger });
  const deployment = await createDeployment(config, {
    baseDir,
    logger,
    migrate,
    services: parts.services,
    mailSender: parts.mailSender,
    eboxSender: parts.eboxSender,
  });
  return { parts, deployment, baseUrl, telemetry };
}

/** `smartloket start`: production. Refuses development-only parts. */
export async function start(options: RunOptions, out: Output): Promise<Running> {
  const { config, baseDir } = await loadConfig(findConfig(options.cwd, options.config));
  if (options.port !== undefined) config.server.port = options.port;
  const { parts, deployment, baseUrl, telemetry } = await openProduction(config, baseDir, 'start', true);
  const running: Running = { deployment, telemetry };
  if (config.worker.inProcess) running.worker = deployment.createWorker().start();
  const app = createApp(deployment, {
    identity: parts.identity,
    publicUrl: baseUrl,
    worker: running.worker,
    formActionOrigins: parts.formActionOrigins,
    globalHeaderEntryUrl: parts.globalHeaderEntryUrl,
  });
  const { server, url } = await listen(app, config.server.port, config.server.host);
  running.server = server;
  running.url = url;
  const metrics = await listenMetrics(config.server.metrics, () => deployment);
  running.metricsServer = metrics?.server;
  running.metricsUrl = metrics?.url;
  onSignals(running, out);
  out.info(`SmartLoket listens on ${url}${metrics ? ` (metrics on ${metrics.url}/metrics)` : ''}`);
  return running;
}

/** `smartloket worker`: a worker process only (scale out next to server processes). */
export async function worker(options: RunOptions & { concurrency?: number }, out: Output): Promise<Running> {
  const { config, baseDir } = await loadConfig(findConfig(options.cwd, options.config));
  const { deployment, telemetry } = await openProduction(config, baseDir, 'worker', false);
  const running: Running = {
    deployment,
    telemetry,
    worker: deployment.createWorker({ concurrency: options.concurrency }).start(),
  };
  if (config.worker.metricsPort !== undefined) {
    // The same access as the servers' metrics: the bearer token of server.metrics, when set.
    const access = metricsAccess(config.server.metrics);
    running.metrics = await serveWorkerMetrics(
      createMetricsApp(() => deployment, access.token),
      {
        port: config.worker.metricsPort,
        host: config.server.metrics?.host ?? config.server.host,
      },
    );
    out.info(`Metrics on ${running.metrics.url}`);
  }
  onSignals(running, out);
  out.info(
    `Worker ${running.worker!.id} started (concurrency ${options.concurrency ?? config.worker.concurrency}).`,
  );
  return running;
}

/** Options of {@link dev}. */
export interface DevOptions extends RunOptions {
  /**
   * Watch the config file, the local files it imports and local plugins (`plugins/**`) and reload
   * on a change. Default true (`--no-watch` turns it off); {@link DevRunning.reload} works either way.
   */
  watch?: boolean;
  /** Quiet time after the last change before a reload, in milliseconds. Default 200. */
  debounceMs?: number;
}

/** The outcome of a configuration reload. */
export type ReloadResult =
  | { ok: true /** What changed, as printed: `municipality; plugins +bevolking`. */; summary: string }
  | { ok: false /** Why the new configuration was refused; the previous one still serves. */; error: Error };

/** A running `smartloket dev`. Its fields follow the configuration reloads. */
export interface DevRunning {
  /** The deployment serving now (a new one after each successful reload). */
  readonly deployment: Deployment;
  /** The HTTP server: the same one (and port) for the whole session. */
  readonly server: Server;
  /** The in-process worker of the current deployment. */
  readonly worker: Worker;
  /** The development parts; `stop()` stops their servers too. */
  readonly dev: DevParts;
  /** Where the server listens, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** The portal's public URL (the configured `baseUrl`, or `http://localhost:<port>`). */
  readonly baseUrl: string;
  /** The separate metrics listener's URL (`server.metrics.port`), if configured. */
  readonly metricsUrl: string | undefined;
  /** The last reload's outcome, if there was one. */
  readonly lastReload: ReloadResult | undefined;
  /**
   * Loads the configuration again. A valid one replaces the deployment, the app and the worker
   * (the old worker stops gracefully, requests in flight finish on the old deployment) on the
   * same server; the dev servers restart only when their part of the configuration changed. An
   * invalid one is reported and the previous version keeps serving. Prints one line either way.
   */
  reload(): Promise<ReloadResult>;
  /** Stops the watcher, the server, the worker, the deployment and the dev parts. */
  close(): Promise<void>;
}

/** One version of the configuration being served. */
interface Generation {
  config: DeploymentConfig;
  deployment: Deployment;
  worker: Worker;
  parts: DevParts;
  handler: RequestListener;
  /** Requests in flight on this version. */
  active: number;
  onIdle?: () => void;
}

/** The enabled plugins of a configuration, by id, with their options. */
function enabledPlugins(config: DeploymentConfig): Map<string, string> {
  const plugins = new Map<string, string>();
  for (const entry of config.plugins) {
    if ('plugin' in entry) {
      if (entry.enabled !== false) plugins.set(entry.plugin.id, JSON.stringify(entry.options ?? null));
    } else plugins.set(entry.id, 'null');
  }
  return plugins;
}

/** What changed between two configurations, for the "Configuration reloaded (…)" line. */
export function describeConfigChanges(before: DeploymentConfig, after: DeploymentConfig): string[] {
  const changes: string[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete('plugins');
  for (const key of keys) {
    const a = JSON.stringify((before as Record<string, unknown>)[key]);
    const b = JSON.stringify((after as Record<string, unknown>)[key]);
    if (a !== b) changes.push(key);
  }
  const was = enabledPlugins(before);
  const is = enabledPlugins(after);
  const plugins = [
    ...[...is.keys()].filter((id) => !was.has(id)).map((id) => `+${id}`),
    ...[...was.keys()].filter((id) => !is.has(id)).map((id) => `-${id}`),
    ...[...is.keys()].filter((id) => was.has(id) && was.get(id) !== is.get(id)).map((id) => `${id} options`),
  ];
  if (plugins.length > 0) changes.push(`plugins ${plugins.join(' ')}`);
  return changes;
}

/** How long a replaced version may finish its requests and jobs. */
const RETIRE_MS = 10_000;

/** Waits until a replaced version has no request in flight (or the grace time is over). */
async function drained(generation: Generation, graceMs: number): Promise<void> {
  if (generation.active === 0) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, graceMs);
    timer.unref();
    generation.onIdle = () => {
      clearTimeout(timer);
      resolve();
    };
  });
}

/**
 * `smartloket dev`: the deployment with every development part (simulators, dev identity
 * provider, dev mailbox, test seal keys), their URLs printed. It reloads when the configuration
 * or a local plugin changes (see {@link DevRunning.reload}), on the same server and port.
 */
export async function dev(options: DevOptions, out: Output): Promise<DevRunning> {
  const path = findConfig(options.cwd, options.config);
  const first = await loadConfig(path, { fresh: true });
  const { baseDir } = first;
  // Telemetry follows the configuration at start; a reload does not change it.
  const telemetry = startTelemetry(first.config, { role: 'dev' });
  const logger = createLogger({ level: 'warn' });
  const requested = { port: first.config.server.port, host: first.config.server.host };
  const host = requested.host;

  // Listen first: the public URL (for the dev login's redirects) needs the port, also with port 0.
  let current: Generation | undefined;
  const server = createServer((req, res) => {
    const generation = current;
    if (!generation) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
      res.end('SmartLoket start op… / SmartLoket démarre… / SmartLoket is starting…\n');
      return;
    }
    generation.active++;
    res.once('close', () => {
      generation.active--;
      if (generation.active === 0) generation.onIdle?.();
    });
    generation.handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? requested.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // The separate metrics listener (if configured) serves the current version's registry.
  let metrics: Awaited<ReturnType<typeof listenMetrics>>;
  try {
    metrics = await listenMetrics(first.config.server.metrics, () => current!.deployment);
  } catch (error) {
    await new Promise((resolve) => server.close(resolve));
    throw error;
  }
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  /** The server stays: a reloaded configuration runs on its port and host. */
  const pin = (config: DeploymentConfig) => {
    config.server.port = port;
    config.server.host = host;
  };
  const publicUrl = (config: DeploymentConfig) =>
    (config.baseUrl ?? `http://localhost:${port}`).replace(/\/$/, '');

  let servers: DevServers = {};
  /** Builds a version of the deployment on (re)started dev servers; cleans up after itself on an error. */
  async function build(config: DeploymentConfig) {
    const baseUrl = publicUrl(config);
    const context = { baseDir, baseUrl, clock: systemClock, logger };
    const started = await startDevServers(config, context, servers);
    const fresh = Object.values(started.servers).filter(
      (s) => !Object.values(servers).includes(s),
    ) as DevServers[keyof DevServers][];
    try {
      const parts = await wireDevParts(config, started.servers, context);
      try {
        const deployment = await createDeployment(
          { ...config, plugins: parts.plugins },
          {
            baseDir,
            logger,
            services: parts.services,
            mailSender: parts.mailSender,
            eboxSender: parts.eboxSender,
          },
        );
        try {
          const worker = deployment.createWorker({ pollMs: 100 });
          const app = createApp(deployment, {
            identity: parts.identity,
            publicUrl: baseUrl,
            worker,
            formActionOrigins: parts.formActionOrigins,
            globalHeaderEntryUrl: parts.globalHeaderEntryUrl,
          });
          const generation: Generation = { config, deployment, worker, parts, handler: app, active: 0 };
          return { generation, ...started };
        } catch (error) {
          await deployment.close();
          throw error;
        }
      } catch (error) {
        await parts.stop();
        throw error;
      }
    } catch (error) {
      for (const s of fresh) await s?.server.stop().catch(() => {});
      throw error;
    }
  }

  let built: Awaited<ReturnType<typeof build>>;
  try {
    pin(first.config);
    built = await build(first.config);
  } catch (error) {
    await new Promise((resolve) => server.close(resolve));
    metrics?.server.close();
    throw error;
  }
  servers = built.servers;
  current = built.generation;
  current.worker.start();

  let closed = false;
  let lastReload: ReloadResult | undefined;
  let files = first.files;

  async function reloadNow(): Promise<ReloadResult> {
    if (closed) return { ok: false, error: new Error('smartloket dev has stopped') };
    const before = current!;
    let next: Awaited<ReturnType<typeof build>>;
    const notes: string[] = [];
    try {
      const loaded = await loadConfig(path, { fresh: true });
      files = loaded.files;
      watcher?.setFiles(files);
      const { config } = loaded;
      if (config.server.port !== requested.port && options.port === undefined)
        notes.push('server.port applies after a restart');
      if (config.server.host !== requested.host) notes.push('server.host applies after a restart');
      if (JSON.stringify(config.server.metrics) !== JSON.stringify(first.config.server.metrics))
        notes.push('the metrics listener (server.metrics) applies after a restart');
      pin(config);
      if (closed) return { ok: false, error: new Error('smartloket dev has stopped') };
      next = await build(config);
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      process.stderr.write(`error: ${err.message} (still serving the previous configuration)\n`);
      return { ok: false, error: err };
    }
    // Swap: the old worker finishes its jobs, new requests go to the new version.
    await before.worker.stop(RETIRE_MS);
    current = next.generation;
    servers = next.servers;
    current.worker.start();
    await drained(before, RETIRE_MS);
    await before.deployment.close().catch(() => {});
    await before.parts.stop();
    for (const s of next.replaced) await s.stop().catch(() => {});

    const changes = describeConfigChanges(before.config, current.config);
    if (next.restarted.length > 0) changes.push(`restarted ${next.restarted.join(', ')}`);
    if (changes.length === 0) changes.push('no configuration changes; modules imported again');
    const summary = [...changes, ...notes].join('; ');
    out.info(`Configuration reloaded (${summary}).`);
    if (next.restarted.length > 0) out.info(devUrls(current.parts.urls));
    return { ok: true, summary };
  }

  let running: Promise<ReloadResult> | undefined;
  let queued: Promise<ReloadResult> | undefined;
  /** One reload at a time; changes during a reload make one more reload after it. */
  function reload(): Promise<ReloadResult> {
    if (queued) return queued;
    const run = () => {
      const p = reloadNow()
        .catch(
          (error): ReloadResult => ({
            ok: false,
            error: error instanceof Error ? error : new Error(String(error)),
          }),
        )
        .then((result) => {
          lastReload = result;
          return result;
        });
      running = p;
      void p.finally(() => {
        if (running === p) running = undefined;
      });
      return p;
    };
    if (!running) return run();
    const q = running.then(() => {
      queued = undefined;
      return run();
    });
    queued = q;
    return q;
  }

  const watcher =
    options.watch === false
      ? undefined
      : watchDeployment({
          baseDir,
          files,
          debounceMs: options.debounceMs,
          onChange: () => void reload(),
        });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      closed = true;
      watcher?.close();
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      await queued?.catch(() => {});
      await running?.catch(() => {});
      metrics?.server.close();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 2_000);
      force.unref();
      await current!.worker.stop(RETIRE_MS);
      await stopped;
      clearTimeout(force);
      await current!.deployment.close().catch(() => {});
      await current!.parts.stop();
      await stopDevServers(servers);
      await telemetry.shutdown();
    })();
    return closing;
  };
  const onSignal = (signal: string) => {
    out.info(`${signal}: stopping…`);
    void close().then(() => process.exit(0));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  const handle: DevRunning = {
    get deployment() {
      return current!.deployment;
    },
    get worker() {
      return current!.worker;
    },
    get dev(): DevParts {
      const parts = current!.parts;
      return {
        ...parts,
        async stop() {
          await parts.stop();
          await stopDevServers(servers);
        },
      };
    },
    get lastReload() {
      return lastReload;
    },
    server,
    url,
    metricsUrl: metrics?.url,
    baseUrl: publicUrl(current.config),
    reload,
    close,
  };
  out.info(
    `\n${devBanner(handle.baseUrl, metrics ? `${metrics.url}/metrics` : undefined, current.parts.urls)}\n\n${
      watcher ? 'Watching the configuration and plugins/ for changes. ' : ''
    }Press Ctrl+C to stop.`,
  );
  return handle;
}

/**
 * What each development server is for. The dev login and the MAGDA simulator are not pages to
 * open: SmartLoket talks to them (the dev login's root only explains that and lists the personas;
 * MAGDA needs the simulator's client certificate, so a browser gets a TLS alert).
 */
const DEV_URL_NOTES: Record<string, { open: boolean; note: string }> = {
  'mailbox (dev)': { open: true, note: 'every e-mail SmartLoket sends' },
  'login (dev)': {
    open: false,
    note: 'dev identity provider instead of ACM/IDM; "Aanmelden" in the portal leads there',
  },
  'TSA/OCSP/CRL (dev)': {
    open: false,
    note: 'test timestamp authority, OCSP responder and CRLs of the test seal, for the signer and verifiers',
  },
  'header (dev)': {
    open: false,
    note: 'stand-in for the Mijn Burgerprofiel header; every portal page loads it',
  },
  MAGDA: {
    open: false,
    note: 'MAGDA simulator: SOAP over TLS with a client certificate, for SmartLoket only',
  },
};

const line = (name: string, url: string, note?: string) =>
  `  ${name.padEnd(13)} ${url}${note ? `  (${note})` : ''}`;

/** The start-up banner of `smartloket dev`: what a person can open, then what the others are for. */
export function devBanner(
  baseUrl: string,
  metricsUrl: string | undefined,
  urls: { name: string; url: string }[],
): string {
  const open = urls.filter((u) => DEV_URL_NOTES[u.name]?.open !== false);
  const behind = urls.filter((u) => DEV_URL_NOTES[u.name]?.open === false);
  const base = baseUrl.replace(/\/$/, '');
  return [
    'SmartLoket (development) is running. Open in a browser:',
    line('portal', baseUrl, 'citizens: "Aanmelden", persona Jan Peeters, means itsme'),
    line(
      'back-office',
      `${base}/backoffice`,
      'staff: persona Karin Goossens, capacity LB "voor het bestuur"',
    ),
    ...open.map((u) => line(u.name, u.url, DEV_URL_NOTES[u.name]?.note)),
    ...(metricsUrl ? [line('metrics', metricsUrl)] : []),
    ...(behind.length > 0
      ? [
          'Used by SmartLoket, not pages to open:',
          ...behind.map((u) => line(u.name, u.url, DEV_URL_NOTES[u.name]?.note)),
        ]
      : []),
  ].join('\n');
}

function devUrls(urls: { name: string; url: string }[]): string {
  return urls.map((u) => line(u.name, u.url, DEV_URL_NOTES[u.name]?.note)).join('\n');
}

/** Listens with the metrics app on `port` (0: a free one); the URL names `/metrics`. */
async function serveWorkerMetrics(
  app: RequestListener,
  options: { port: number; host: string },
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
