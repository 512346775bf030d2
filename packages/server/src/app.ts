import type { Server } from 'node:http';
import { isLocale, type Locale, localize, negotiateLocale, SmartLoketError } from '@smartloket/core';
import type { Deployment } from '@smartloket/runtime';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { h } from 'preact';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { SITE_CSS } from './assets.js';
import { t } from './messages.js';
import { CataloguePage } from './views/catalogue.js';
import { type PageContext, renderPage } from './views/layout.js';

declare global {
  namespace Express {
    interface Locals {
      locale: Locale;
    }
  }
}

/**
 * The HTTP application of a deployment: portal pages, JSON API, health and metrics.
 * Server-rendered, works without JavaScript, strict security headers.
 */
export function createApp(deployment: Deployment): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (deployment.config.server.trustProxy) app.set('trust proxy', 1);
  const languages = deployment.config.languages as Locale[];

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
        },
      },
      strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
    }),
  );

  app.use((req, res, next) => {
    const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    res.locals.locale =
      asked && isLocale(asked) && languages.includes(asked)
        ? asked
        : negotiateLocale(req.get('accept-language'), languages);
    next();
  });

  const page = (req: Request, res: Response): PageContext => ({
    locale: res.locals.locale,
    municipality: deployment.municipality,
    languages,
    path: req.path,
  });

  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'smartloket_' });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await deployment.db.knex.raw('select 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  app.get('/assets/site.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(SITE_CSS(deployment.municipality));
  });

  const enabledTypes = async () => {
    const out = [];
    for (const rt of deployment.kernel.requestTypes()) {
      if (await deployment.requests.requestType(rt.definition.id)) out.push(rt.definition);
    }
    return out;
  };

  app.get('/', async (req, res, next) => {
    try {
      res
        .type('html')
        .send(renderPage(h(CataloguePage, { ctx: page(req, res), types: await enabledTypes() })));
    } catch (error) {
      next(error);
    }
  });

  app.get('/api/v1/catalogue', async (_req, res, next) => {
    try {
      const types = await enabledTypes();
      res.json({
        items: types.map((d) => ({
          id: d.id,
          kind: d.kind,
          theme: d.theme,
          title: d.title,
          description: d.description,
          audience: d.audience,
          expectedDelivery: d.expectedDelivery,
          productCode: d.productCode ?? null,
        })),
      });
    } catch (error) {
      next(error);
    }
  });

  app.use((req, res) => {
    res.status(404);
    if (req.accepts(['html', 'json']) === 'json') res.json({ error: 'not_found' });
    else res.type('html').send(renderPage(h('p', null, t(res.locals.locale, 'notFound'))));
  });

  // Errors: a clear, translated message; never a stack trace or SQL.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = error instanceof SmartLoketError;
    const status = known ? statusFor(error.code) : 500;
    if (!known || status >= 500) {
      deployment.logger.error('http: unhandled error', {
        path: req.route?.path ?? 'unknown',
        error: error instanceof Error ? error.name : 'unknown',
        code: known ? error.code : undefined,
      });
    }
    const message = known
      ? localize(error.userMessage, res.locals.locale)
      : t(res.locals.locale, 'serverError');
    res.status(status);
    if (req.accepts(['html', 'json']) === 'json')
      res.json({ error: known ? error.code : 'internal_error', message });
    else res.type('html').send(renderPage(h('p', null, message)));
  });

  return app;
}

function statusFor(code: string): number {
  switch (code) {
    case 'NOT_FOUND':
      return 404;
    case 'FORBIDDEN':
      return 404; // no existence leak
    case 'VALIDATION_FAILED':
      return 422;
    case 'CONFLICT':
      return 409;
    default:
      return 500;
  }
}

/** Starts listening; resolves with the server and its address. */
export async function listen(
  app: express.Express,
  port: number,
  host: string,
): Promise<{ server: Server; url: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error) return reject(error);
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({ server, url: `http://${host}:${actual}` });
    });
  });
}
