import type { Request, Response, Router } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { h } from 'preact';
import { apiLocale } from './api/router.js';
import type { ServerContext } from './context.js';
import { sendProblem } from './http-errors.js';
import { sharedRateLimit } from './rate-limit.js';
import { verifyByCode, verifyUpload, vt } from './verify.js';
import { VerifyPage, VerifyUploadPage } from './views/verify.js';

/** Options of the public verification routes. */
export interface VerifyRouteOptions {
  /** PEM certificates the signatures of uploaded documents must chain to (the seal's CA). */
  trustedCertificatesPem?: string[] | undefined;
  /** Lookups by code per IP [60 per 15 minutes]. */
  codeLimit?: { windowMs: number; limit: number } | undefined;
  /** Uploads per IP [20 per 15 minutes]. */
  uploadLimit?: { windowMs: number; limit: number } | undefined;
}

function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

/** An error of the JSON twins under /api/v1: problem JSON in the caller's language, as the API does. */
function problem(
  req: Request,
  res: Response,
  status: number,
  code: string,
  message: 'tooMany' | 'unknownCode' | 'noFile',
): void {
  const locale = apiLocale(req);
  sendProblem(res, { status, code, detail: vt(locale, message), locale });
}

/**
 * `GET /verify` (form), `GET /verify/<code>` (HTML or JSON by Accept), `POST /verify` (upload,
 * HTML or JSON), and the JSON twins `GET /api/v1/verifications/<code>` and
 * `POST /api/v1/verifications`. Public, `noindex`, `no-store`, rate limited per IP. No session or
 * CSRF: checking changes nothing.
 */
export function mountVerifyRoutes(
  router: Router,
  ctx: ServerContext,
  options: VerifyRouteOptions = {},
): void {
  const { deployment } = ctx;
  const limiter = (name: string, o: { windowMs: number; limit: number }) =>
    sharedRateLimit(deployment, name, o, {
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
      handler: (req, res) => {
        res.status(429).set('Cache-Control', 'no-store');
        if (req.path.startsWith('/api/')) return void problem(req, res, 429, 'too_many_requests', 'tooMany');
        if (wantsJson(req))
          return void res.json({ error: 'too_many_requests', message: vt(res.locals.locale, 'tooMany') });
        ctx.send(
          res,
          h(VerifyPage, { ctx: ctx.page(req, res), message: vt(res.locals.locale, 'tooMany') }),
          429,
        );
      },
    });
  const codeLimit = limiter('verify-code', options.codeLimit ?? { windowMs: 15 * 60_000, limit: 60 });
  const uploadLimit = limiter('verify-upload', options.uploadLimit ?? { windowMs: 15 * 60_000, limit: 20 });
  const headers = (res: Response) => res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' });

  router.get('/verify', codeLimit, (req, res) => {
    headers(res);
    const code = typeof req.query.code === 'string' ? req.query.code.trim().slice(0, 40) : '';
    if (code) return res.redirect(303, `/verify/${encodeURIComponent(code)}`);
    ctx.send(res, h(VerifyPage, { ctx: ctx.page(req, res) }));
  });

  const byCode = async (req: Request, res: Response, json: boolean, api = false) => {
    headers(res);
    const code = String(req.params.code ?? '').slice(0, 40);
    const result = await verifyByCode(deployment, code);
    const status = result.status === 'unknown' ? 404 : 200;
    if (api && status === 404) return void problem(req, res, 404, 'unknown_code', 'unknownCode');
    if (json) {
      return void res
        .status(status)
        .json(
          result.status === 'unknown' ? { ...result, message: vt(res.locals.locale, 'unknownCode') } : result,
        );
    }
    ctx.send(res, h(VerifyPage, { ctx: ctx.page(req, res), result, code }), status);
  };
  router.get('/verify/:code', codeLimit, (req, res, next) => byCode(req, res, wantsJson(req)).catch(next));
  router.get('/api/v1/verifications/:code', codeLimit, (req, res, next) =>
    byCode(req, res, true, true).catch(next),
  );

  const upload = async (req: Request, res: Response, json: boolean, api = false) => {
    headers(res);
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    const file = files.find((f) => f.fieldname === 'file');
    if (!file || file.size === 0) {
      if (api) return void problem(req, res, 422, 'no_file', 'noFile');
      if (json)
        return void res.status(422).json({ error: 'no_file', message: vt(res.locals.locale, 'noFile') });
      return ctx.send(
        res,
        h(VerifyPage, { ctx: ctx.page(req, res), message: vt(res.locals.locale, 'noFile') }),
        422,
      );
    }
    const result = await verifyUpload(deployment, file.buffer, options.trustedCertificatesPem);
    if (json) return void res.json(result);
    ctx.send(res, h(VerifyUploadPage, { ctx: ctx.page(req, res), result }));
  };
  router.post('/verify', uploadLimit, (req, res, next) => upload(req, res, wantsJson(req)).catch(next));
  router.post('/api/v1/verifications', uploadLimit, (req, res, next) =>
    upload(req, res, true, true).catch(next),
  );
}
