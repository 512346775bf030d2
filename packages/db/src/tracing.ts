import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Knex } from 'knex';
import type { Dialect } from './dialect.js';

/** Every span of the data layer comes from this tracer. */
const tracer = () => trace.getTracer('smartloket.db');

/** The table a statement works on (first FROM/INTO/UPDATE target), for the span name. */
export function statementTable(sql: string): string | undefined {
  return /\b(?:from|into|update)\s+["`]?([A-Za-z_][A-Za-z0-9_]*)/i.exec(sql)?.[1];
}

/**
 * One client span per query, only when a recording span is active (so an untraced process pays
 * one check per query). The span carries the operation and table, never the SQL's values: those
 * are bindings, and bindings stay out.
 */
export function traceQueries(knex: Knex, dialect: Dialect): void {
  const open = new Map<string, Span>();
  const system = dialect === 'postgres' ? 'postgresql' : 'sqlite';
  knex.on('query', (data: { __knexQueryUid?: string; sql?: string; method?: string }) => {
    if (!data.__knexQueryUid || !trace.getActiveSpan()?.isRecording()) return;
    const operation = (data.method ?? data.sql?.split(/\s/, 1)[0] ?? 'query').toLowerCase();
    const table = data.sql ? statementTable(data.sql) : undefined;
    const span = tracer().startSpan(`db ${operation}${table ? ` ${table}` : ''}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system': system,
        'db.operation.name': operation,
        ...(table ? { 'db.collection.name': table } : {}),
      },
    });
    // A query whose answer never came (a destroyed pool) must not keep spans forever.
    if (open.size > 10_000) open.clear();
    open.set(data.__knexQueryUid, span);
  });
  const end = (data: { __knexQueryUid?: string } | undefined, error?: unknown) => {
    const uid = data?.__knexQueryUid;
    const span = uid ? open.get(uid) : undefined;
    if (!span || !uid) return;
    open.delete(uid);
    if (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttribute('error.type', error instanceof Error ? error.name : 'unknown');
    }
    span.end();
  };
  knex.on('query-response', (_response: unknown, data: { __knexQueryUid?: string }) => end(data));
  knex.on('query-error', (error: unknown, data: { __knexQueryUid?: string }) => end(data, error ?? true));
}
