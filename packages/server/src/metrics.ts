import { timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import { ConfigError } from '@smartloket/core';
import { createMetricsRegistry, type Deployment, type DeploymentConfig } from '@smartloket/runtime';
import express, { type RequestHandler } from 'express';

/**
 * Metrics access, kept apart from metric content: {@link metricsRegistry} gives the registry
 * (what is measured lives in the runtime), the rest of this module decides who may read it.
 */

/** A Prometheus registry (prom-client's, through the runtime). */
export type Registry = ReturnType<typeof createMetricsRegistry>;

const registries = new WeakMap<Deployment, Registry>();

/**
 * The Prometheus registry of a deployment: process and business metrics and the database gauges
 * (runtime's `createMetricsRegistry`, decision 0008), one per deployment.
 */
export function metricsRegistry(deployment: Deployment): Registry {
  let registry = registries.get(deployment);
  if (!registry) {
    registry = createMetricsRegistry(deployment.db);
    registries.set(deployment, registry);
  }
  return registry;
}

/** How `/metrics` may be reached, resolved from `server.metrics` of the configuration. */
export interface MetricsAccess {
  /** `off`: not served; `token`: on the public listener behind a bearer token; `separate`: own listener. */
  mode: 'off' | 'token' | 'separate';
  /** The bearer token asked for (also on the separate listener when set). */
  token: string | undefined;
  port: number | undefined;
  host: string;
}

/** Resolves `server.metrics` (a `tokenEnv` that is unset or empty is a configuration error). */
export function metricsAccess(
  config: DeploymentConfig['server']['metrics'],
  env: NodeJS.ProcessEnv = process.env,
): MetricsAccess {
  if (!config) return { mode: 'off', token: undefined, port: undefined, host: '127.0.0.1' };
  let token = config.token;
  if (config.tokenEnv) {
    token = env[config.tokenEnv];
    if (!token)
      throw new ConfigError('server.metrics.tokenEnv', `environment variable ${config.tokenEnv} is not set`);
    if (token.length < 32)
      throw new ConfigError('server.metrics.tokenEnv', `${config.tokenEnv} holds fewer than 32 characters`);
  }
  return {
    mode: config.port !== undefined ? 'separate' : 'token',
    token,
    port: config.port,
    host: config.host,
  };
}

function sameToken(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Serves the registry's metrics; with a `token`, only to `Authorization: Bearer <token>` (else 401). */
export function metricsEndpoint(registry: Registry, token: string | undefined): RequestHandler {
  return async (req, res, next) => {
    try {
      res.set('Cache-Control', 'no-store');
      if (token !== undefined) {
        const given = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
        if (!given || !sameToken(token, given)) {
          res.set('WWW-Authenticate', 'Bearer realm="metrics"');
          return void res.status(401).type('text/plain').send('unauthorized\n');
        }
      }
      res.type(registry.contentType).send(await registry.metrics());
    } catch (error) {
      next(error);
    }
  };
}

/** The app of the separate metrics listener: `GET /metrics` and nothing else. */
export function createMetricsApp(deployment: () => Deployment, token: string | undefined): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', (req, res, next) =>
    metricsEndpoint(metricsRegistry(deployment()), token)(req, res, next),
  );
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('not found\n');
  });
  return app;
}

/**
 * Starts the separate metrics listener when `server.metrics.port` is configured (`deployment` is
 * a getter so a reloading `smartloket dev` serves the current deployment's registry).
 */
export async function listenMetrics(
  config: DeploymentConfig['server']['metrics'],
  deployment: () => Deployment,
): Promise<{ server: Server; url: string } | undefined> {
  const access = metricsAccess(config);
  if (access.mode !== 'separate') return undefined;
  const app = createMetricsApp(deployment, access.token);
  return new Promise((resolve, reject) => {
    const server = app.listen(access.port ?? 0, access.host, (error?: Error) => {
      if (error) return reject(error);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : access.port;
      const host = access.host.includes(':') ? `[${access.host}]` : access.host;
      resolve({ server, url: `http://${host}:${port}` });
    });
  });
}
