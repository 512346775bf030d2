import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

/**
 * A server span per HTTP request (OpenTelemetry API; a no-op without an SDK). It continues an
 * incoming `traceparent`, is named after the express route (`POST /requests/:typeId`), never
 * the path itself (paths carry tokens and codes), and records the status code. The route is
 * known once a router matched, so the name is set when the response finishes.
 */
export function traceRequests() {
  const tracer = trace.getTracer('smartloket.http');
  return (req: Request, res: Response, next: NextFunction): void => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      `${req.method}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } },
      parent,
    );
    if (!span.isRecording()) {
      next();
      return;
    }
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const route = routeOf(req);
      span.updateName(`${req.method} ${route}`);
      span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    context.with(trace.setSpan(parent, span), next);
  };
}

/** The matched route pattern (`/my/requests/:id`), or `unmatched` (never the raw path). */
export function routeOf(req: Request): string {
  const path = req.route?.path;
  if (typeof path !== 'string') return 'unmatched';
  return `${req.baseUrl ?? ''}${path}` || '/';
}
