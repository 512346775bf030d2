import {
  type Attributes,
  type Context,
  context,
  propagation,
  type Span,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

/**
 * Tracing through the OpenTelemetry API only (decision 0008): libraries create spans, the
 * process entry (the CLI) decides whether an SDK records and exports them. Without an SDK every
 * span here is a no-op. Attributes carry ids, type ids and codes, never personal data (no INSZ,
 * names, e-mail addresses or form values).
 */
export const TRACER_NAME = 'smartloket';

/** The tracer SmartLoket's own spans come from. */
export function tracer() {
  return trace.getTracer(TRACER_NAME);
}

/**
 * Runs `fn` in a new active span named `name`; the span ends when `fn` settles. A thrown error
 * marks the span as failed with the error's class and code (not its message, which could
 * carry data from a source).
 */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
  options: { parent?: Context } = {},
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(name, { attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks a span failed: the error's class and code, never its message. */
export function markFailed(span: Span, error: unknown): void {
  const code = (error as { code?: unknown })?.code;
  span.setStatus({ code: SpanStatusCode.ERROR, message: typeof code === 'string' ? code : undefined });
  span.setAttribute('error.type', error instanceof Error ? error.name : 'unknown');
  if (typeof code === 'string') span.setAttribute('smartloket.error.code', code);
}

/** The W3C `traceparent` of the active span (undefined when nothing records). */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** A context whose parent is the span a `traceparent` names (the active context when absent). */
export function contextFromTraceparent(traceparent: string | null | undefined): Context {
  if (!traceparent) return context.active();
  return propagation.extract(context.active(), { traceparent });
}

/** The trace id of the active span, for log lines (undefined when nothing records). */
export function currentTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  const ctx = span?.spanContext();
  if (!ctx || !trace.isSpanContextValid(ctx)) return undefined;
  return ctx.traceId;
}
