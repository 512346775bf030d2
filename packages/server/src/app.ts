import type { Server } from 'node:http';
import { isLocale, type Locale, type Municipality, negotiateLocale } from '@smartloket/core';
import type { Deployment } from '@smartloket/runtime';
import express from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import helmet from 'helmet';
import multer from 'multer';
import { h } from 'preact';
import { mountAnonymousRoutes } from './anonymous-routes.js';
import { createApiRouter } from './api/router.js';
import { FAVICON_SVG, FORMS_JS, SITE_CSS } from './assets.js';
import { mountAuthRoutes } from './auth-routes.js';
import { mountBackofficeRoutes } from './backoffice-routes.js';
import { CatalogueCache } from './catalogue-cache.js';
import { type CreateAppOptions, pageContext, type ServerContext, sendPage } from './context.js';
import { mountEmailRoutes } from './email-routes.js';
import { mountEmbedRoutes } from './embed-routes.js';
import { GLOBAL_HEADER_JS, globalHeaderOrigin } from './global-header.js';
import { errorHandler, multipartErrors } from './http-errors.js';
import { t } from './messages.js';
import { metricsAccess, metricsEndpoint, metricsRegistry } from './metrics.js';
import { MunicipalitySettings } from './municipality-settings.js';
import { mountPaymentNotifyRoutes, mountPaymentReturnRoutes } from './payment-routes.js';
import { mountPersonalRoutes } from './personal-routes.js';
import { mountPortalRoutes } from './portal-routes.js';
import { sharedRateLimit } from './rate-limit.js';
import { leafletAssets, REPORT_MAP_CSS, REPORT_MAP_JS, reportMapConfig } from './report-map.js';
import { mountReportPhotoLinkRoutes } from './report-photo-links.js';
import { csrfMatches, readCookie, SessionManager } from './session.js';
import { accessibilityStatement, privacyStatement } from './statements.js';
import { traceRequests } from './tracing.js';
import { mountVerifyRoutes } from './verify-routes.js';
import { CataloguePage, searchTypes } from './views/catalogue.js';
import { renderPage } from './views/layout.js';
import { StatementPage } from './views/personal.js';
import { MessagePage } from './views/request.js';

export type { CreateAppOptions } from './context.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LANG_COOKIE = 'lang';
/** First path segments that may appear in a log line. */
const LOGGED_AREAS = new Set([
  '',
  'my',
  'request',
  'backoffice',
  'email',
  'auth',
  'login',
  'logout',
  'follow',
  'verify',
  'embed',
]);

/**
 * The HTTP application of a deployment: portal, login, personal page, JSON API, health and
 * metrics (behind a bearer token, or on the separate listener of `listenMetrics`).
 * Server-rendered, works without JavaScript, strict security headers, sessions in the database
 * (any number of server processes), a CSRF token on every state-changing request.
 */
export function createApp(deployment: Deployment, given: CreateAppOptions = {}): express.Express {
  const options = withConfiguredLimits(deployment, given);
  const app = express();
  app.disable('x-powered-by');
  app.use(traceRequests());
  if (deployment.config.server.trustProxy) app.set('trust proxy', 1);
  const languages = deployment.config.languages as Locale[];
  const publicUrl = (options.publicUrl ?? deployment.baseUrl).replace(/\/$/, '');
  const secure = new URL(publicUrl).protocol === 'https:';
  const maxUploadBytes = options.maxUploadBytes ?? 20 * 1024 * 1024;
  const sessions = new SessionManager(deployment.db.sessions, deployment.clock, {
    idleMinutes: deployment.config.retention.sessionIdleMinutes,
    absoluteHours: deployment.config.retention.sessionAbsoluteHours,
    secure,
    cookieName: options.cookieName,
  });
  const municipality = new MunicipalitySettings(
    deployment.municipality,
    () => deployment.db.settings.list(),
    deployment.clock,
  );
  const ctx: ServerContext = {
    deployment,
    options,
    sessions,
    publicUrl,
    languages,
    municipality,
    page: (req, res) => pageContext(deployment, languages, req, res),
    send: sendPage,
  };

  // The Mijn Burgerprofiel header (decision 0301) loads its script, styles, images, fonts and
  // calls from its widget server: that origin, and only it, is added when a header is configured.
  const header = options.globalHeaderEntryUrl ? [globalHeaderOrigin(options.globalHeaderEntryUrl)] : [];
  // The meldingen form's map: images from exactly the configured tile origin (decision 1500).
  const reportMap = reportMapConfig(deployment.kernel);
  ctx.reportMap = reportMap;
  app.locals.globalHeaderEntryUrl = options.globalHeaderEntryUrl;
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", ...header],
          styleSrc: ["'self'", ...header],
          imgSrc: ["'self'", 'data:', ...header, ...(reportMap ? [reportMap.tileOrigin] : [])],
          connectSrc: ["'self'", ...header],
          fontSrc: ["'self'", ...header],
          frameSrc: ["'self'", ...header],
          formAction: ["'self'", ...formActionTargets(options)],
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
    const remembered = readCookie(req, LANG_COOKIE);
    if (asked && isLocale(asked) && languages.includes(asked)) {
      res.locals.locale = asked;
      res.cookie(LANG_COOKIE, asked, { httpOnly: true, secure, sameSite: 'lax', path: '/' });
    } else if (remembered && isLocale(remembered) && languages.includes(remembered)) {
      res.locals.locale = remembered;
    } else {
      res.locals.locale = negotiateLocale(req.get('accept-language'), languages);
    }
    res.locals.session = undefined;
    municipality.current().then(
      (m) => {
        res.locals.municipality = m;
        next();
      },
      // Settings unreadable (database down): the configured municipality, and /readyz says why.
      () => {
        res.locals.municipality = deployment.municipality;
        next();
      },
    );
  });

  // Metrics: not public. Behind a bearer token here, on a separate listener, or not served.
  const metrics = metricsAccess(deployment.config.server.metrics);

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
  if (metrics.mode === 'token')
    app.get('/metrics', metricsEndpoint(metricsRegistry(deployment), metrics.token));
  app.get('/assets/site.css', (_req, res) => {
    // Short cache: the primary colour is a back-office setting.
    res.type('text/css').set('Cache-Control', 'public, max-age=300').send(SITE_CSS(res.locals.municipality));
  });
  // The municipality's favicon (a setting), else the default one.
  app.get(['/favicon.ico', '/favicon.svg'], (_req, res) => {
    const m: Municipality = res.locals.municipality;
    if (m.favicon) return res.redirect(302, m.favicon);
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=300').send(FAVICON_SVG(m));
  });
  app.get('/assets/forms.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(FORMS_JS);
  });
  if (reportMap) {
    const leaflet = leafletAssets();
    const asset = (type: string, body: string) => (_req: express.Request, res: express.Response) => {
      res.type(type).set('Cache-Control', 'public, max-age=3600').send(body);
    };
    app.get('/assets/leaflet.js', asset('text/javascript', leaflet.js));
    app.get('/assets/leaflet.css', asset('text/css', `${leaflet.css}\n${REPORT_MAP_CSS}`));
    app.get('/assets/report-map.js', asset('text/javascript', REPORT_MAP_JS));
  }
  if (options.globalHeaderEntryUrl) {
    app.get('/assets/global-header.js', (_req, res) => {
      res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(GLOBAL_HEADER_JS);
    });
  }

  // Declarative request types another process published (at most 5 s old, like the settings).
  app.use((_req, _res, next) => {
    deployment.declarativeTypes.sync().then(() => next(), next);
  });

  // Bodies: forms (nested names for addresses), JSON, and multipart uploads kept in memory
  // (bounded) until they are checked and stored in the database, never on disk under a web root.
  app.use(express.urlencoded({ extended: true, limit: '200kb', parameterLimit: 300 }));
  app.use(express.json({ limit: '200kb' }));
  app.use(
    multipartErrors(
      multer({
        storage: multer.memoryStorage(),
        limits: { fileSize: maxUploadBytes, files: 10, fields: 300, fieldSize: 100_000 },
      }).any(),
    ),
  );

  // Public verification, the integration API (bearer tokens, no cookies) and embedding: before
  // the session middleware, so they neither read nor create sessions and need no CSRF token.
  const publicRoutes = express.Router();
  mountVerifyRoutes(publicRoutes, ctx, options.verification);
  mountEmbedRoutes(publicRoutes, ctx);
  mountPaymentNotifyRoutes(publicRoutes, ctx);
  mountReportPhotoLinkRoutes(publicRoutes, ctx);
  app.use(publicRoutes);
  app.use(createApiRouter(deployment, publicUrl));

  // Sessions from the database; CSRF synchronizer token on every state-changing request.
  app.use(async (req, res, next) => {
    try {
      res.locals.session = await sessions.load(req, res);
      if (res.locals.session) res.set('Cache-Control', 'no-store');
      if (SAFE_METHODS.has(req.method)) return next();
      const submitted = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
      if (csrfMatches(res.locals.session, submitted)) return next();
      // A known area only: any other path segment may hold personal data (an INSZ, a name).
      const area = req.path.split('/')[1] ?? '';
      deployment.logger.warn('http: csrf token missing or wrong', {
        area: LOGGED_AREAS.has(area) ? area : 'other',
      });
      res.status(403);
      if (req.accepts(['html', 'json']) === 'json') return res.json({ error: 'csrf' });
      return sendPage(
        res,
        h(MessagePage, {
          ctx: ctx.page(req, res),
          title: t(res.locals.locale, 'errorTitle'),
          message: t(res.locals.locale, 'csrfFailed'),
        }),
        403,
      );
    } catch (error) {
      next(error);
    }
  });

  const limited = (name: 'login' | 'submit', fallback: { windowMs: number; limit: number }) => {
    const o = options.rateLimits?.[name] ?? fallback;
    return sharedRateLimit(deployment, name, o, {
      keyGenerator: (req, res) =>
        res.locals.session?.identity?.subject ?? ipKeyGenerator(req.ip ?? 'unknown'),
      skip: (req) =>
        name === 'submit' && (req.body as Record<string, unknown> | undefined)?._action !== 'submit',
      handler: (req, res) => {
        res.set('Cache-Control', 'no-store');
        sendPage(
          res,
          h(MessagePage, {
            ctx: ctx.page(req, res),
            title: t(res.locals.locale, 'errorTitle'),
            message: t(res.locals.locale, 'tooMany'),
          }),
          429,
        );
      },
    });
  };

  const router = express.Router();
  mountAuthRoutes(router, ctx, limited('login', { windowMs: 15 * 60_000, limit: 30 }));
  mountEmailRoutes(router, ctx); // before the portal: asks for an address first
  mountAnonymousRoutes(router, ctx);
  mountPortalRoutes(router, ctx, limited('submit', { windowMs: 15 * 60_000, limit: 20 }));
  mountPersonalRoutes(router, ctx);
  mountPaymentReturnRoutes(router, ctx);
  mountBackofficeRoutes(router, ctx);

  // Whether a type is enabled comes from the process's settings copy (decision 0602).
  const enabledTypes = async () => {
    const all = deployment.kernel.requestTypes();
    const enabled = await Promise.all(all.map((rt) => deployment.requests.requestType(rt.definition.id)));
    return all.filter((_, i) => enabled[i]).map((rt) => rt.definition);
  };

  const catalogue = new CatalogueCache();
  router.get('/', async (req, res, next) => {
    try {
      const query = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : undefined;
      const page = ctx.page(req, res);
      const types = await enabledTypes();
      // The fee in force today (the municipality's schedule from the settings copy, else the plugin's).
      const now = deployment.clock.now();
      const fees = Object.fromEntries(
        await Promise.all(types.map(async (d) => [d.id, await deployment.fees.amountAt(d.id, now)] as const)),
      );
      if (query?.trim()) {
        return sendPage(res, h(CataloguePage, { ctx: page, types: searchTypes(types, query), query, fees }));
      }
      const html = catalogue.html(page, types, fees, () =>
        renderPage(h(CataloguePage, { ctx: page, types, fees })),
      );
      res.status(200).type('html').send(html);
    } catch (error) {
      next(error);
    }
  });

  router.get('/privacy', async (req, res, next) => {
    try {
      // The terms the purge applies: the deployment's, and each request type's where it differs.
      const byType = (await deployment.typeRetention()).filter((t) => t.differs || t.documentsFollowValidity);
      const terms = { ...deployment.config.retention, byType };
      const s = privacyStatement(res.locals.locale, deployment.municipality, terms);
      sendPage(res, h(StatementPage, { ctx: ctx.page(req, res), title: s.title, sections: s.sections }));
    } catch (error) {
      next(error);
    }
  });
  router.get('/accessibility', (req, res) => {
    const s = accessibilityStatement(res.locals.locale, deployment.municipality);
    sendPage(res, h(StatementPage, { ctx: ctx.page(req, res), title: s.title, sections: s.sections }));
  });

  app.use(router);

  app.use((req, res) => {
    res.status(404);
    if (req.accepts(['html', 'json']) === 'json') res.json({ error: 'not_found' });
    else
      sendPage(
        res,
        h(MessagePage, {
          ctx: ctx.page(req, res),
          title: t(res.locals.locale, 'notFound'),
          message: t(res.locals.locale, 'notFoundText'),
        }),
        404,
      );
  });

  // Errors: a clear, translated message (problem JSON under /api); malformed input is a 4xx.
  app.use(errorHandler(deployment, languages, maxUploadBytes));

  return app;
}

/** Where a form post may end up besides this origin (the identity provider, after logout). */
function formActionTargets(options: CreateAppOptions): string[] {
  return (options.formActionOrigins ?? []).map((o) => new URL(o).origin);
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

/**
 * The rate limits of the deployment configuration (`server.rateLimits`, in minutes) under the
 * ones given to {@link createApp} (tests and embedders override per limit).
 */
function withConfiguredLimits(deployment: Deployment, options: CreateAppOptions): CreateAppOptions {
  const configured = deployment.config.server.rateLimits ?? {};
  const ms = (o: { windowMinutes: number; limit: number } | undefined) =>
    o && { windowMs: Math.round(o.windowMinutes * 60_000), limit: o.limit };
  const { verifyCode, verifyUpload, ...portal } = configured;
  const fromConfig = Object.fromEntries(Object.entries(portal).map(([name, o]) => [name, ms(o)]));
  return {
    ...options,
    rateLimits: { ...fromConfig, ...options.rateLimits },
    verification: {
      codeLimit: ms(verifyCode),
      uploadLimit: ms(verifyUpload),
      ...options.verification,
    },
  };
}
