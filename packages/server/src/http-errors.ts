import { STATUS_CODES } from 'node:http';
import { type Locale, localize, SmartLoketError } from '@smartloket/core';
import type { Deployment } from '@smartloket/runtime';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import multer from 'multer';
import { h } from 'preact';
import { pageContext, sendPage } from './context.js';
import { t } from './messages.js';
import { MessagePage } from './views/request.js';

/** What an error means for the requester: a status, a stable code and a translated message. */
export interface ClassifiedError {
  status: number;
  /** Stable machine code (`bad_encoding`, `invalid_body`, `too_large`, ...). */
  code: string;
  message(locale: Locale): string;
}

/**
 * Classifies any error reaching the error handler. Malformed input is the requester's fault and
 * gets a 4xx: a URIError (a bad percent-encoding in a path parameter or credentials), an
 * http-errors style error with a 4xx `status` (body-parser: `entity.too.large`,
 * `entity.parse.failed`, `encoding.unsupported`, ...), a multer limit or a malformed multipart
 * body (marked by {@link multipartErrors}). Domain errors keep their mapping; anything else is 500.
 */
export function classifyError(error: unknown, maxUploadBytes: number): ClassifiedError {
  if (error instanceof SmartLoketError) {
    return {
      status: domainStatus(error.code),
      code: error.code,
      message: (l) => localize(error.userMessage, l),
    };
  }
  if (error instanceof multer.MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE') {
      const max = `${Math.round(maxUploadBytes / 1024 / 1024)} MB`;
      return { status: 413, code: 'too_large', message: (l) => t(l, 'file.size', { max }) };
    }
    if (error.code.startsWith('LIMIT_') && error.code !== 'LIMIT_UNEXPECTED_FILE')
      return { status: 413, code: 'too_large', message: (l) => t(l, 'tooLarge') };
    return { status: 400, code: 'invalid_body', message: (l) => t(l, 'badBody') };
  }
  if (error instanceof URIError)
    return { status: 400, code: 'bad_encoding', message: (l) => t(l, 'badAddress') };
  const status = clientStatus(error);
  if (status === 413) return { status, code: 'too_large', message: (l) => t(l, 'tooLarge') };
  if (status === 415)
    return { status, code: 'unsupported_media_type', message: (l) => t(l, 'unsupportedMedia') };
  if (status !== undefined) return { status, code: 'invalid_body', message: (l) => t(l, 'badBody') };
  return { status: 500, code: 'internal_error', message: (l) => t(l, 'serverError') };
}

/** The 4xx status an http-errors style error (body-parser, busboy as marked) carries, if any. */
function clientStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { status?: unknown; statusCode?: unknown };
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function domainStatus(code: string): number {
  switch (code) {
    case 'NOT_FOUND':
      return 404;
    case 'FORBIDDEN':
      return 404; // no existence leak
    case 'VALIDATION_FAILED':
      return 422;
    case 'CONFLICT':
    case 'ILLEGAL_TRANSITION':
    case 'REOPEN_REFUSED':
      return 409;
    case 'LEVEL_TOO_LOW':
    case 'LOGIN_REQUIRED':
      return 403;
    default:
      return 500;
  }
}

/**
 * Wraps a multipart body parser (multer): busboy's own errors (no boundary, a cut-off body, a
 * malformed part header) are the requester's fault, so they leave as 400 `multipart.malformed`.
 */
export function multipartErrors(parse: RequestHandler): RequestHandler {
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      if (!error || error instanceof multer.MulterError || clientStatus(error) !== undefined)
        return next(error);
      next(
        Object.assign(new Error('malformed multipart body'), { status: 400, type: 'multipart.malformed' }),
      );
    });
  };
}

/**
 * Base of the `type` URI of every problem: `https://smartloket.be/problems/<error code>`. The URI
 * is a stable identifier (docs/reference/api.md, "Errors", lists the codes), not a page to fetch.
 */
export const PROBLEM_TYPE_BASE = 'https://smartloket.be/problems/';

/** One problem answer: status, stable code, translated detail and extension members. */
export interface Problem {
  status: number;
  /** Stable machine code, repeated as `error` for clients of the older `{ error }` bodies. */
  code: string;
  /** In the requester's language. */
  detail: string;
  /** Sent as `Content-Language`. */
  locale?: Locale | undefined;
  /** Extension members (`reason`, `errors`, `error_description`, ...). */
  extra?: Record<string, unknown> | undefined;
  /**
   * The media type [`application/problem+json`]. The OAuth token endpoint answers
   * `application/json`, as RFC 6749 5.2 requires and strict OAuth clients check.
   */
  mediaType?: 'application/problem+json' | 'application/json' | undefined;
}

/**
 * Sends an RFC 9457 problem (`application/problem+json`): `type` under {@link PROBLEM_TYPE_BASE},
 * `title` (the status text), `status`, `detail`, `instance` (the request path, without query),
 * `error` (the code) and the extension members. The one error shape of everything under /api.
 */
export function sendProblem(res: Response, problem: Problem): void {
  const { status, code, detail, locale, extra = {}, mediaType = 'application/problem+json' } = problem;
  if (locale) res.set('Content-Language', locale);
  const instance = (res.req?.originalUrl ?? '').split('?')[0]!.slice(0, 200);
  res
    .status(status)
    .type(mediaType)
    .send(
      JSON.stringify({
        type: `${PROBLEM_TYPE_BASE}${code}`,
        title: STATUS_CODES[status] ?? 'Error',
        status,
        detail,
        ...(instance ? { instance } : {}),
        error: code,
        ...extra,
      }),
    );
}

/**
 * The last error handler of the app: a translated page (portal, back-office), problem JSON under
 * `/api`, plain JSON for a JSON-only client. Never a stack trace, SQL or request values; a 5xx
 * is logged with the route pattern and the error's name only.
 */
export function errorHandler(
  deployment: Deployment,
  languages: Locale[],
  maxUploadBytes: number,
): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const l: Locale = res.locals.locale ?? 'nl';
    const c = classifyError(error, maxUploadBytes);
    if (c.status >= 500) {
      deployment.logger.error('http: unhandled error', {
        path: req.route?.path ?? 'unknown',
        error: error instanceof Error ? error.name : 'unknown',
        code: error instanceof SmartLoketError ? error.code : undefined,
      });
    } else {
      deployment.logger.debug('http: refused malformed request', { status: c.status, code: c.code });
    }
    if (res.headersSent) return void res.end();
    // The body was not read: do not keep the connection for the rest of it.
    if (c.status === 413) res.set('Connection', 'close');
    res.set('Content-Language', l);
    if (req.path.startsWith('/api/'))
      return sendProblem(res, { status: c.status, code: c.code, detail: c.message(l) });
    if (req.accepts(['html', 'json']) === 'json')
      return void res.status(c.status).json({ error: c.code, message: c.message(l) });
    sendPage(
      res,
      h(MessagePage, {
        ctx: pageContext(deployment, languages, req, res),
        title: t(l, 'errorTitle'),
        message: c.message(l),
      }),
      c.status,
    );
  };
}
