import type { Locale } from '@smartloket/core';
import { safeReturnTo } from '@smartloket/identity-acmidm';
import type { Request, Response, Router } from 'express';
import type { ServerContext } from './context.js';
import { EMBED_FRAME_JS, EMBED_JS, embedCss } from './embed-assets.js';
import { renderEmbedCatalogue, renderEmbedRefused } from './embed-views.js';

/** The allowed parent origins (config `embed.allowedOrigins`), normalised. */
export function allowedEmbedOrigins(ctx: Pick<ServerContext, 'deployment'>): string[] {
  return (ctx.deployment.config.embed?.allowedOrigins ?? []).map((o) => new URL(o).origin);
}

/** The origin of `url` when it is an http(s) URL of an allowed parent, else undefined. */
function allowedParent(url: unknown, allowed: string[]): URL | undefined {
  if (typeof url !== 'string' || url.length > 2000) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return allowed.includes(u.origin) ? u : undefined;
  } catch {
    return undefined;
  }
}

/** CSP of the embedded pages: the global policy with frame-ancestors widened to the allowed origins. */
function frameable(res: Response, allowed: string[]): void {
  const csp = String(res.getHeader('Content-Security-Policy') ?? '');
  const ancestors = `frame-ancestors 'self' ${allowed.join(' ')}`.trim();
  res.setHeader(
    'Content-Security-Policy',
    /frame-ancestors[^;]*/.test(csp) ? csp.replace(/frame-ancestors[^;]*/, ancestors) : `${csp};${ancestors}`,
  );
  res.removeHeader('X-Frame-Options');
}

/**
 * Embedding (decision 1002): `/embed.js` and `/embed-frame.js` (static), `/embed/catalogue` (the
 * frame), `/embed/open` and `/embed/return` (top-level hops that keep the way back to the
 * municipality's page, only to allowed origins).
 */
export function mountEmbedRoutes(router: Router, ctx: ServerContext): void {
  const { deployment } = ctx;
  const scriptHeaders = (res: Response) =>
    res
      .type('application/javascript')
      .set('Cache-Control', 'public, max-age=300')
      .set('Cross-Origin-Resource-Policy', 'cross-origin');

  router.get('/embed.js', (_req, res) => {
    scriptHeaders(res).send(EMBED_JS);
  });
  router.get('/embed-frame.js', (_req, res) => {
    scriptHeaders(res).send(EMBED_FRAME_JS);
  });
  router.get('/embed/style.css', (req, res) => {
    const accent = typeof req.query.accent === 'string' ? req.query.accent : undefined;
    res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(embedCss(accent));
  });

  router.get('/embed/catalogue', async (req: Request, res: Response, next) => {
    try {
      const allowed = allowedEmbedOrigins(ctx);
      const locale = res.locals.locale as Locale;
      res.set('Cache-Control', 'no-store');
      const parent = allowedParent(req.query.parent, allowed);
      if (!parent) return void res.status(403).type('html').send(renderEmbedRefused(locale));
      frameable(res, allowed);
      const only = typeof req.query.type === 'string' ? req.query.type : undefined;
      const types = [];
      for (const rt of deployment.kernel.requestTypes()) {
        if (only && rt.definition.id !== only) continue;
        if (await deployment.requests.requestType(rt.definition.id)) types.push(rt.definition);
      }
      const name = deployment.municipality.name;
      res.type('html').send(
        renderEmbedCatalogue({
          locale,
          municipality: name[locale] ?? name.nl,
          types,
          parentUrl: parent.href,
          parentOrigin: parent.origin,
          theme: req.query.theme === 'dark' ? 'dark' : 'light',
          accent:
            typeof req.query.accent === 'string' && /^[0-9a-fA-F]{6}$/.test(req.query.accent)
              ? req.query.accent
              : undefined,
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  // Top level on the counter: remembers nothing in cookies of the frame; goes to a local path.
  router.get('/embed/open', (req, res) => {
    const to = safeReturnTo(typeof req.query.to === 'string' ? req.query.to : undefined);
    res.redirect(303, to);
  });

  // After a login started in the frame: back to the embedding page (allowed origins only).
  router.get('/embed/return', (req, res) => {
    const parent = allowedParent(req.query.to, allowedEmbedOrigins(ctx));
    res.set('Cache-Control', 'no-store');
    res.redirect(303, parent ? parent.href : '/');
  });
}
