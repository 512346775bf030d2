import type { ApiClientRecord } from '@smartloket/db';
import type { Deployment } from '@smartloket/runtime';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { sharedRateLimit } from '../rate-limit.js';
import { buildOpenApi } from './openapi.js';
import { referencePage } from './reference.js';
import { API_ROUTES, ApiError, type ApiRoute } from './routes.js';
import { TokenBody } from './schemas.js';

declare global {
  namespace Express {
    interface Locals {
      apiClient?: ApiClientRecord | undefined;
    }
  }
}

function bearer(req: Request): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  return m?.[1];
}

function issues(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * The integration API under /api/v1: bearer tokens of API clients (or OAuth access tokens),
 * scopes per operation, request-type restrictions, zod-checked inputs, every authenticated call
 * in the audit log, no session and no CSRF (no cookies are read).
 */
export function createApiRouter(deployment: Deployment, publicUrl: string): express.Router {
  const router = express.Router();
  let openapi: Record<string, unknown> | undefined;
  const document = () => {
    openapi ??= buildOpenApi(API_ROUTES, publicUrl);
    return openapi;
  };

  router.use('/api/v1', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/api/v1/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(document());
  });
  router.get('/api/v1/reference', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').type('html').send(referencePage(document()));
  });

  const limiter = sharedRateLimit(
    deployment,
    'api',
    { windowMs: 60_000, limit: deployment.config.api.rateLimitPerMinute },
    {
      keyGenerator: (req, res) => res.locals.apiClient?.id ?? ipKeyGenerator(req.ip ?? 'unknown'),
      handler: (_req, res) => {
        res.status(429).json({ error: 'too_many_requests' });
      },
    },
  );

  // OAuth 2.0 client credentials (RFC 6749 4.4): Basic client_id:secret or form fields.
  router.post('/api/v1/oauth/token', limiter, async (req, res, next) => {
    try {
      res.set('Pragma', 'no-cache');
      const parsed = TokenBody.safeParse(req.body ?? {});
      if (!parsed.success) return void res.status(400).json({ error: 'unsupported_grant_type' });
      let id = parsed.data.client_id;
      let secret = parsed.data.client_secret;
      const basic = /^Basic\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
      if (basic) {
        const decoded = Buffer.from(basic, 'base64').toString('utf8');
        const i = decoded.indexOf(':');
        id = decodeURIComponent(decoded.slice(0, i));
        secret = decodeURIComponent(decoded.slice(i + 1));
      }
      if (!id || !secret || !/^[0-9a-f-]{36}$/.test(id))
        return void res.status(401).json({ error: 'invalid_client' });
      const lifetime = deployment.config.api.accessTokenSeconds;
      const issued = await deployment.db.apiClients.issueAccessToken(id, secret, lifetime);
      await deployment.db.audit.append({
        category: 'api_token',
        actor: { type: 'api', id: issued?.client.id ?? 'unknown' },
        outcome: issued ? 'issued' : 'refused',
      });
      if (!issued) return void res.status(401).json({ error: 'invalid_client' });
      res.json({
        access_token: issued.token,
        token_type: 'Bearer',
        expires_in: lifetime,
        scope: issued.client.scopes.join(' '),
      });
    } catch (error) {
      next(error);
    }
  });

  for (const route of API_ROUTES) {
    const path = `/api/v1${route.path.replace(/\{(\w+)\}/g, ':$1')}`;
    router[route.method](path, authenticate(route), limiter, (req, res, next) => {
      handle(route, req, res).catch(next);
    });
  }

  router.use('/api/v1', (_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });

  // Errors inside the API reach the app's error handler: problem JSON, no stack trace.

  function authenticate(route: ApiRoute) {
    return async (req: Request, res: Response, next: NextFunction) => {
      if (!route.scope) return next();
      try {
        const token = bearer(req);
        const client = token ? await deployment.db.apiClients.authenticate(token) : undefined;
        res.locals.apiClient = client;
        audit(route, req, res, client);
        if (!client) {
          res.set('WWW-Authenticate', 'Bearer realm="smartloket"');
          return void res
            .status(401)
            .json({ error: 'unauthorized', message: 'a valid bearer token is required' });
        }
        if (!client.scopes.includes(route.scope)) {
          res.set('WWW-Authenticate', `Bearer error="insufficient_scope", scope="${route.scope}"`);
          return void res
            .status(403)
            .json({ error: 'insufficient_scope', message: `scope ${route.scope} required` });
        }
        next();
      } catch (error) {
        next(error);
      }
    };
  }

  /** Appends one audit row per authenticated (or refused) call once the answer is sent. */
  function audit(route: ApiRoute, req: Request, res: Response, client: ApiClientRecord | undefined) {
    res.on('finish', () => {
      const requestId =
        typeof req.params.id === 'string' && route.path.startsWith('/requests/') ? req.params.id : null;
      deployment.db.audit
        .append({
          category: 'api_call',
          actor: { type: 'api', id: client?.id ?? 'anonymous', name: client?.name },
          requestId: requestId && /^[0-9a-f-]{36}$/.test(requestId) ? requestId : null,
          outcome: String(res.statusCode),
          data: { operation: route.operationId, method: req.method },
        })
        .catch(() => deployment.logger.warn('api: audit append failed', { operation: route.operationId }));
    });
  }

  async function handle(route: ApiRoute, req: Request, res: Response) {
    const params = route.params ? route.params.safeParse(req.params) : { success: true as const, data: {} };
    if (!params.success) return void res.status(404).json({ error: 'not_found' });
    const query = route.query ? route.query.safeParse(req.query) : { success: true as const, data: {} };
    if (!query.success)
      return void res.status(400).json({ error: 'invalid_query', issues: issues(query.error) });
    const body = route.body
      ? route.body.safeParse(req.body ?? {})
      : { success: true as const, data: undefined };
    if (!body.success)
      return void res.status(422).json({ error: 'validation_failed', issues: issues(body.error) });
    try {
      const reply = await route.handler({
        deployment,
        client: res.locals.apiClient,
        params: params.data,
        query: query.data,
        body: body.data,
        locale: apiLocale(req),
      });
      if ('binary' in reply) {
        res
          .status(200)
          .type(reply.mediaType)
          .set('Content-Disposition', `attachment; filename="${reply.fileName}"`)
          .send(reply.binary);
      } else res.status(reply.status).json(reply.json);
    } catch (error) {
      if (error instanceof ApiError)
        return void res
          .status(error.status)
          .json({ error: error.code, message: error.message, ...error.details });
      const code = (error as { code?: string }).code;
      if (code === 'VALIDATION_FAILED') return void res.status(422).json({ error: 'validation_failed' });
      if (code === 'NOT_FOUND') return void res.status(404).json({ error: 'not_found' });
      throw error;
    }
  }

  return router;
}

/** The language of error messages: Accept-Language (nl, fr or en), English when none is named. */
function apiLocale(req: express.Request): 'nl' | 'fr' | 'en' {
  const header = req.get('accept-language');
  if (!header || header.trim() === '*') return 'en';
  return (req.acceptsLanguages('nl', 'fr', 'en') || 'en') as 'nl' | 'fr' | 'en';
}
