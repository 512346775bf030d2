import type { Server } from 'node:http';
import { systemClock } from '@smartloket/core';
import {
  createDeployment,
  createLogger,
  type Deployment,
  type DeploymentConfig,
  devOnlyParts,
  type Worker,
} from '@smartloket/runtime';
import { createApp, listen } from '@smartloket/server';
import { productionParts } from '../compose/production.js';
import { type DevParts, startDevParts } from '../dev-parts.js';
import { CliError, EXIT } from '../errors.js';
import { findConfig, loadConfig } from '../load-config.js';
import type { Output } from '../output.js';

export interface RunOptions {
  config?: string;
  cwd: string;
  port?: number;
}

interface Running {
  deployment: Deployment;
  server?: Server;
  worker?: Worker;
  dev?: DevParts;
  url?: string;
}

/** Stops everything on SIGTERM/SIGINT: the worker finishes or releases its jobs. */
function onSignals(running: Running, out: Output): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    out.info(`${signal}: stopping…`);
    running.server?.close();
    await running.worker?.stop(10_000);
    await running.deployment.close();
    await running.dev?.stop();
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
  const logger = createLogger();
  const baseUrl = config.baseUrl ?? `http://localhost:${config.server.port}`;
  const parts = productionParts(config, { baseDir, baseUrl, clock: systemClock, logger });
  const deployment = await createDeployment(config, {
    baseDir,
    logger,
    migrate,
    services: parts.services,
    mailSender: parts.mailSender,
  });
  return { parts, deployment, baseUrl };
}

/** `smartloket start`: production. Refuses development-only parts. */
export async function start(options: RunOptions, out: Output): Promise<Running> {
  const { config, baseDir } = await loadConfig(findConfig(options.cwd, options.config));
  if (options.port !== undefined) config.server.port = options.port;
  const { parts, deployment, baseUrl } = await openProduction(config, baseDir, 'start', true);
  const running: Running = { deployment };
  if (config.worker.inProcess) running.worker = deployment.createWorker().start();
  const app = createApp(deployment, {
    identity: parts.identity,
    publicUrl: baseUrl,
    worker: running.worker,
    formActionOrigins: parts.formActionOrigins,
  });
  const { server, url } = await listen(app, config.server.port, config.server.host);
  running.server = server;
  running.url = url;
  onSignals(running, out);
  out.info(`SmartLoket listens on ${url}`);
  return running;
}

/** `smartloket worker`: a worker process only (scale out next to server processes). */
export async function worker(options: RunOptions & { concurrency?: number }, out: Output): Promise<Running> {
  const { config, baseDir } = await loadConfig(findConfig(options.cwd, options.config));
  const { deployment } = await openProduction(config, baseDir, 'worker', false);
  const running: Running = {
    deployment,
    worker: deployment.createWorker({ concurrency: options.concurrency }).start(),
  };
  onSignals(running, out);
  out.info(
    `Worker ${running.worker!.id} started (concurrency ${options.concurrency ?? config.worker.concurrency}).`,
  );
  return running;
}

/**
 * `smartloket dev`: the deployment with every development part (simulators, dev identity
 * provider, dev mailbox, test seal keys), their URLs printed.
 */
export async function dev(options: RunOptions, out: Output): Promise<Running> {
  const { config, baseDir } = await loadConfig(findConfig(options.cwd, options.config));
  if (options.port !== undefined) config.server.port = options.port;
  const baseUrl = config.baseUrl ?? `http://localhost:${config.server.port}`;
  const logger = createLogger({ level: 'warn' });
  const parts = await startDevParts(config, { baseDir, baseUrl, clock: systemClock, logger });
  const deployment = await createDeployment(config, {
    baseDir,
    logger,
    services: parts.services,
    mailSender: parts.mailSender,
  });
  const running: Running = { deployment, dev: parts };
  running.worker = deployment.createWorker({ pollMs: 100 }).start();
  const app = createApp(deployment, {
    identity: parts.identity,
    publicUrl: baseUrl,
    worker: running.worker,
    formActionOrigins: parts.formActionOrigins,
  });
  const { server, url } = await listen(app, config.server.port, config.server.host);
  running.server = server;
  running.url = url;
  onSignals(running, out);
  out.info(
    `\nSmartLoket (development) is running:\n  portal        ${baseUrl}\n${parts.urls
      .map((u) => `  ${u.name.padEnd(13)} ${u.url}`)
      .join('\n')}\n\nPress Ctrl+C to stop.`,
  );
  return running;
}
