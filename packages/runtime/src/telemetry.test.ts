import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { createTestDeployment, createTestPlugin } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { contextFromTraceparent, currentTraceparent, withSpan } from './telemetry.js';

const exporter = new InMemorySpanExporter();
let provider: NodeTracerProvider;

beforeAll(() => {
  provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

describe('telemetry helpers', () => {
  it('log lines inside a span carry its trace id; outside, none', async () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l) });
    logger.info('outside');
    const traceId = await withSpan('work', {}, async (span) => {
      logger.child({ requestId: 'r1' }).info('inside');
      return span.spanContext().traceId;
    });
    const [outside, inside] = lines.map((l) => JSON.parse(l));
    expect(outside.traceId).toBeUndefined();
    expect(inside).toMatchObject({ msg: 'inside', traceId, requestId: 'r1' });
  });

  it('a failed span keeps the error code, not the message', async () => {
    exporter.reset();
    const error = Object.assign(new Error('person 85073003328 not found'), { code: 'MAGDA_30101' });
    await expect(withSpan('failing', {}, async () => Promise.reject(error))).rejects.toBe(error);
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: 2, message: 'MAGDA_30101' });
    expect(JSON.stringify(span?.attributes)).not.toContain('85073003328');
  });

  it('a job enqueued inside a span carries its traceparent; the job span continues it', async () => {
    exporter.reset();
    const t = await createTestDeployment({ plugins: [createTestPlugin()] });
    try {
      const enqueued = await withSpan('submit', {}, async () => {
        const tp = currentTraceparent();
        const job = await t.db.jobs.enqueue({ type: 'test.job', payload: { requestId: 'r-9' } });
        return { tp, job };
      });
      expect(enqueued.job.traceparent).toBe(enqueued.tp);
      expect(enqueued.job.payload).toEqual({ requestId: 'r-9' });
      const stored = await t.db.jobs.get(enqueued.job.id);
      expect(stored?.traceparent).toBe(enqueued.tp);
      expect(stored?.payload).toEqual({ requestId: 'r-9' });
      // Outside any span: no traceparent.
      const plain = await t.db.jobs.enqueue({ type: 'test.job', payload: {} });
      expect(plain.traceparent).toBeNull();
      const parent = contextFromTraceparent(enqueued.tp);
      expect(trace.getSpanContext(parent)?.traceId).toBe(enqueued.tp?.split('-')[1]);
    } finally {
      await t.close();
    }
  });
});
