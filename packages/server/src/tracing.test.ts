import type { Server } from 'node:http';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { createTestDeployment, createTestPlugin, type TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, listen } from './app.js';

const exporter = new InMemorySpanExporter();
let provider: NodeTracerProvider;
let d: TestDeployment;
let server: Server;
let base: string;
const METRICS_TOKEN = 'k'.repeat(40);

beforeAll(async () => {
  provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
  d = await createTestDeployment({
    plugins: [createTestPlugin()],
    config: { server: { metrics: { token: METRICS_TOKEN } } },
  });
  const started = await listen(createApp(d), 0, '127.0.0.1');
  server = started.server;
  base = started.url;
});
afterAll(async () => {
  server?.close();
  await d?.close();
  await provider?.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

/** The server span of the one request to `path`. */
async function serverSpan(path: string, headers: Record<string, string> = {}) {
  exporter.reset();
  const res = await fetch(base + path, { headers });
  await res.arrayBuffer();
  // The span ends on 'finish': give the event loop a turn (bounded by count, not time).
  for (let i = 0; i < 50 && !exporter.getFinishedSpans().some((s) => s.kind === SpanKind.SERVER); i++)
    await new Promise((r) => setImmediate(r));
  const spans = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER);
  expect(spans).toHaveLength(1);
  return { span: spans[0]!, all: exporter.getFinishedSpans(), status: res.status };
}

describe('HTTP spans', () => {
  it('names the span after the route and records the status, continuing an incoming traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const { span } = await serverSpan('/healthz', { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expect(span.name).toBe('GET /healthz');
    expect(span.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/healthz',
      'http.response.status_code': 200,
    });
    expect(span.spanContext().traceId).toBe(traceId);
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('never puts the path itself (codes, tokens) in the span', async () => {
    const { span, status } = await serverSpan('/verify/SECRETCODE1234');
    expect(status).toBe(404);
    expect(span.name).toBe('GET /verify/:code');
    expect(JSON.stringify({ n: span.name, a: span.attributes })).not.toContain('SECRETCODE1234');
    const unmatched = await serverSpan('/no-such-page/token-abc');
    expect(unmatched.span.name).toBe('GET unmatched');
    expect(JSON.stringify(unmatched.span.attributes)).not.toContain('token-abc');
  });

  it('makes the database queries of a request its children', async () => {
    const { span, all } = await serverSpan('/readyz');
    const queries = all.filter((s) => s.name.startsWith('db '));
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) expect(q.parentSpanContext?.spanId).toBe(span.spanContext().spanId);
    expect(queries[0]!.attributes['db.system']).toBe('sqlite');
  });
});

describe('/metrics', () => {
  it('serves the business metrics next to the process metrics', async () => {
    const text = await (
      await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    for (const name of [
      'smartloket_process_cpu_seconds_total',
      'smartloket_requests',
      'smartloket_jobs_ready',
      'smartloket_jobs_oldest_ready_age_seconds',
      'smartloket_outbox_pending',
      'smartloket_source_call_duration_seconds',
      'smartloket_pipeline_step_duration_seconds',
      'smartloket_request_submit_to_delivered_seconds',
      'smartloket_source_breaker_state',
    ])
      expect(text).toContain(`# HELP ${name} `);
  });
});
