import type { ApiClientRecord } from '@smartloket/db';
import type { Deployment } from '@smartloket/runtime';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { sendProblem } from '../http-errors.js';
import { sharedRateLimit } from '../rate-limit.js';
import { buildOpenApi } from './openapi.js';
import { API_PROBLEMS, type ApiLocale, type ProblemText, problemText } from './problems.js';
import { referencePage } from './reference.js';
import { API_ROUTES, ApiError, type ApiRoute } from './routes.js';
import { TokenBody } from './schemas.js';
import { z } from './zod.js';

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

/** Field errors of a failed zod parse, by field name (`form.name`; `body` for the whole body). */
function fieldErrors(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'body', detail: i.message }));
}

/** Sends an API problem: `text` in the caller's language (Accept-Language). */
export function apiProblem(
  req: Request,
  res: Response,
  status: number,
  code: string,
  text: ProblemText,
  params: Record<string, string> = {},
  extra: Record<string, unknown> = {},
  mediaType?: 'application/json',
): void {
  const locale = apiLocale(req);
  sendProblem(res, { status, code, detail: problemText(text, locale, params), locale, extra, mediaType });
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
      handler: (req, res) => {
        apiProblem(req, res, 429, 'too_many_requests', API_PROBLEMS.too_many_requests);
      },
    },
  );

  // OAuth 2.0 client credentials (RFC 6749 4.4): Basic client_id:secret or form fields.
  router.post('/api/v1/oauth/token', limiter, async (req, res, next) => {
    try {
      res.set('Pragma', 'no-cache');
      const parsed = TokenBody.safeParse(req.body ?? {});
      // RFC 6749 5.2: `error` and `error_description` as `application/json` (strict OAuth clients
      // refuse another media type); the problem members come along in the same body.
      const oauthError = (status: number, code: keyof typeof API_PROBLEMS) => {
        const detail = problemText(API_PROBLEMS[code], apiLocale(req));
        if (status === 401) res.set('WWW-Authenticate', 'Basic realm="smartloket"');
        apiProblem(
          req,
          res,
          status,
          code,
          API_PROBLEMS[code],
          {},
          { error_description: detail },
          'application/json',
        );
      };
      if (!parsed.success) return void oauthError(400, 'unsupported_grant_type');
      let id = parsed.data.client_id;
      let secret = parsed.data.client_secret;
      const basic = /^Basic\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
      if (basic) {
        const decoded = Buffer.from(basic, 'base64').toString('utf8');
        const i = decoded.indexOf(':');
        id = decodeURIComponent(decoded.slice(0, i));
        secret = decodeURIComponent(decoded.slice(i + 1));
      }
      if (!id || !secret || !/^[0-9a-f-]{36}$/.test(id)) return void oauthError(401, 'invalid_client');
      const lifetime = deployment.config.api.accessTokenSeconds;
      const issued = await deployment.db.apiClients.issueAccessToken(id, secret, lifetime);
      await deployment.db.audit.append({
        category: 'api_token',
        actor: { type: 'api', id: issued?.client.id ?? 'unknown' },
        outcome: issued ? 'issued' : 'refused',
      });
      if (!issued) return void oauthError(401, 'invalid_client');
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

  router.use('/api/v1', (req, res) => {
    apiProblem(req, res, 404, 'not_found', API_PROBLEMS.not_found);
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
          return void apiProblem(req, res, 401, 'unauthorized', API_PROBLEMS.unauthorized);
        }
        if (!client.scopes.includes(route.scope)) {
          res.set('WWW-Authenticate', `Bearer error="insufficient_scope", scope="${route.scope}"`);
          return void apiProblem(req, res, 403, 'insufficient_scope', API_PROBLEMS.insufficient_scope, {
            scope: route.scope,
          });
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
    const notFound = () => apiProblem(req, res, 404, 'not_found', API_PROBLEMS.not_found);
    if (!params.success) return void notFound();
    // zod's own messages in the caller's language (a schema's custom message stays as written).
    const zodLocale = { error: ZOD_LOCALES[apiLocale(req)]().localeError };
    const query = route.query
      ? route.query.safeParse(req.query, zodLocale)
      : { success: true as const, data: {} };
    if (!query.success)
      return void apiProblem(
        req,
        res,
        400,
        'invalid_query',
        API_PROBLEMS.invalid_query,
        {},
        {
          errors: fieldErrors(query.error),
        },
      );
    const body = route.body
      ? route.body.safeParse(req.body ?? {}, zodLocale)
      : { success: true as const, data: undefined };
    if (!body.success)
      return void apiProblem(
        req,
        res,
        422,
        'validation_failed',
        API_PROBLEMS.validation_failed,
        {},
        {
          errors: fieldErrors(body.error),
        },
      );
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
        return void apiProblem(req, res, error.status, error.code, error.text, error.params, error.details);
      const code = (error as { code?: string }).code;
      if (code === 'VALIDATION_FAILED')
        return void apiProblem(req, res, 422, 'validation_failed', API_PROBLEMS.validation_failed);
      if (code === 'NOT_FOUND') return void notFound();
      throw error;
    }
  }

  return router;
}

/** The language of error messages: Accept-Language (nl, fr or en), English when none is named. */
export function apiLocale(req: express.Request): ApiLocale {
  const header = req.get('accept-language');
  if (!header || header.trim() === '*') return 'en';
  return (req.acceptsLanguages('nl', 'fr', 'en') || 'en') as ApiLocale;
}

const ZOD_LOCALES = { nl: z.locales.nl, fr: z.locales.fr, en: z.locales.en };
