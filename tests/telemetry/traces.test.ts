/**
 * Traces and business metrics over a full delivery: a population certificate rendered from
 * MAGDA data and sealed, with the MAGDA simulator's latency injection making it slow. The span
 * tree shows where the time went (the source call under the source step); no span carries
 * personal data; the metrics move.
 */
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { personByKey } from '@smartloket/dev-population';
import {
  createMetricsRegistry,
  currentTraceparent,
  type MailSender,
  observeSourceCall,
  withSpan,
} from '@smartloket/runtime';
import type { TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelemetry, type Telemetry } from '../../packages/cli/src/telemetry.js';
import { citizen, startWorld, type World } from '../bevolking/support.js';

const PERSON = 'jan';
const PURPOSE = 'Voor de aanvraag van een bouwvergunning Kerkstraat';

describe('traces and metrics of a slow certificate', () => {
  let world: World;
  let d: TestDeployment;
  let telemetry: Telemetry;
  const exporter = new InMemorySpanExporter();
  const mails: string[] = [];

  beforeAll(async () => {
    // The CLI's own wiring, with an in-memory exporter instead of OTLP.
    telemetry = startTelemetry(
      { telemetry: {} },
      { env: {}, role: 'test', spanProcessor: new SimpleSpanProcessor(exporter) },
    );
    world = await startWorld({ sealedAttests: false });
    const mailSender: MailSender = {
      async send(_message, _recipient, messageId) {
        mails.push(messageId);
      },
    };
    d = await world.deploy(
      { renderFromData: ['hoofdverblijfplaats'] },
      { magda: { onCall: observeSourceCall }, mailSender },
    );
  });
  afterAll(async () => {
    await world?.close();
    await telemetry?.shutdown();
  });

  it('follows the certificate from the submit through the worker, the slow source call under the source step', async () => {
    expect(telemetry.enabled).toBe(true);
    const registry = createMetricsRegistry(d.db, { cacheMs: 0 });
    const before = await registry.getMetricsAsJSON();
    world.sim.faults.latency(300, 'GeefPersoon');

    const person = personByKey(PERSON);
    // The portal's HTTP span, standing in for the POST of the form.
    const { requestId, traceId } = await withSpan('POST /requests/:typeId', {}, async (span) => {
      expect(currentTraceparent()).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      const { request } = await d.requests.submit({
        typeId: 'bevolking.hoofdverblijfplaats',
        input: { forWhom: 'self', purpose: PURPOSE },
        locale: 'nl',
        identity: citizen(PERSON),
        idempotencyKey: 'traced-1',
      });
      return { requestId: request.id, traceId: span.spanContext().traceId };
    });
    // Outside any span: the worker continues the trace from the job row, not from its caller.
    await context.with(trace.deleteSpan(context.active()), () => d.runJobs());
    expect((await d.db.requests.get(requestId))?.state).toBe('delivered');
    expect(mails).toHaveLength(2); // received, delivered

    const spans = exporter.getFinishedSpans();
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const parentOf = (s: ReadableSpan) => {
      const id = s.parentSpanContext?.spanId;
      return id ? byId.get(id) : undefined;
    };
    const named = (name: string) => spans.filter((s) => s.name === name);
    const one = (name: string) => {
      const found = named(name);
      expect(found, name).toHaveLength(1);
      return found[0]!;
    };

    // One trace from the submit to the e-mail.
    const submit = one('POST /requests/:typeId');
    const job = one('job pipeline.step');
    expect(parentOf(job)).toBe(submit);
    expect(job.attributes['smartloket.request.id']).toBe(requestId);
    const pipeline = one('pipeline');
    expect(parentOf(pipeline)).toBe(job);
    expect(pipeline.attributes).toMatchObject({
      'smartloket.request.type': 'bevolking.hoofdverblijfplaats',
      'smartloket.pipeline.outcome': 'done',
    });
    for (const step of ['source', 'render', 'seal', 'store']) {
      const span = one(`pipeline.${step}`);
      expect(parentOf(span), step).toBe(pipeline);
      expect(span.attributes['smartloket.request.type']).toBe('bevolking.hoofdverblijfplaats');
    }
    const source = one('pipeline.source');
    const magda = one('magda GeefPersoon');
    expect(parentOf(magda)).toBe(source);
    expect(magda.attributes).toMatchObject({
      'magda.service': 'GeefPersoon',
      'magda.breaker.state': 'closed',
    });
    expect(magda.attributes['magda.uitzondering']).toBeUndefined();
    // The slow part is the source call: it lies within the source step.
    expect(source.attributes['smartloket.source.result']).toBe('data');
    // Database queries are spans of the step that made them.
    const storeQueries = spans.filter(
      (s) => s.name.startsWith('db ') && parentOf(s)?.name === 'pipeline.store',
    );
    expect(storeQueries.map((s) => s.attributes['db.collection.name'])).toContain('documents');
    // The e-mail jobs continue the trace: the receipt from the submit, the delivery mail from
    // the store step that enqueued it.
    const outbox = named('job outbox.send');
    expect(outbox.map((s) => parentOf(s)?.name).sort()).toEqual(['POST /requests/:typeId', 'pipeline.store']);
    for (const s of [job, pipeline, source, magda, ...outbox]) expect(s.spanContext().traceId).toBe(traceId);
    const delivered = outbox.find((s) => s.attributes['smartloket.mail.kind'] === 'delivered');
    expect(delivered?.attributes['smartloket.outbox.id']).toEqual(expect.any(String));
    const mailSend = named('mail.send').filter((s) => parentOf(s) === delivered);
    expect(mailSend.map((s) => s.attributes['smartloket.mail.kind'])).toEqual(['delivered']);

    // No personal data anywhere in the spans: no INSZ, names, e-mail, form values.
    const dump = JSON.stringify(
      spans.map((s) => ({
        name: s.name,
        attributes: s.attributes,
        events: s.events,
        status: s.status,
        links: s.links,
        resource: s.resource.attributes,
      })),
    );
    for (const secret of [
      person.insz,
      person.insz.replace(/\D/g, ''),
      person.familyName,
      ...person.givenNames,
      `${PERSON}@example.org`,
      PURPOSE,
      'Kerkstraat',
    ]) {
      expect(dump, secret).not.toContain(secret);
    }

    // The metrics moved.
    const after = await registry.getMetricsAsJSON();
    const value = (metrics: typeof after, name: string, labels: Record<string, string>, suffix = '') =>
      (metrics.find((m) => m.name === name)?.values ?? [])
        .filter((v) => (v as { metricName?: string }).metricName === `${name}${suffix}` || !suffix)
        .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
        .reduce((sum, v) => sum + v.value, 0);
    const delta = (name: string, labels: Record<string, string>, suffix = '') =>
      value(after, name, labels, suffix) - value(before, name, labels, suffix);
    const type = { request_type: 'bevolking.hoofdverblijfplaats' };
    expect(delta('smartloket_request_submit_to_delivered_seconds', type, '_count')).toBe(1);
    expect(delta('smartloket_pipeline_step_duration_seconds', { ...type, step: 'seal' }, '_count')).toBe(1);
    expect(
      delta('smartloket_source_call_duration_seconds', { service: 'GeefPersoon', outcome: 'ok' }, '_count'),
    ).toBe(1);
    expect(value(after, 'smartloket_source_breaker_state', { service: 'GeefPersoon' })).toBe(0);
    expect(value(after, 'smartloket_requests', { ...type, state: 'delivered' })).toBe(1);
    expect(value(after, 'smartloket_outbox_pending', {})).toBe(0);
  });

  it('records a failed source call: its Uitzondering code, the errors counter, the breaker state', async () => {
    exporter.reset();
    world.sim.faults.clear();
    const registry = createMetricsRegistry(d.db, { cacheMs: 0 });
    world.sim.faults.outage(new Date(world.clock.now().getTime() + 3_600_000), 'GeefPersoon');
    const before = await registry.getMetricsAsJSON();
    const { request } = await d.requests.submit({
      typeId: 'bevolking.hoofdverblijfplaats',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity: citizen(PERSON),
      idempotencyKey: 'traced-2',
    });
    await d.runJobs();
    expect((await d.db.requests.get(request.id))?.state).toBe('waiting_source');
    const magda = exporter.getFinishedSpans().find((s) => s.name === 'magda GeefPersoon');
    expect(magda?.attributes['magda.uitzondering']).toBe('HTTP_503');
    expect(magda?.status.code).toBe(2);
    const after = await registry.getMetricsAsJSON();
    const errors = (m: typeof after) =>
      (m.find((x) => x.name === 'smartloket_source_errors_total')?.values ?? [])
        .filter((v) => v.labels.service === 'GeefPersoon')
        .reduce((s, v) => s + v.value, 0);
    expect(errors(after) - errors(before)).toBeGreaterThanOrEqual(1);
    // The ready queue gauge sees the job waiting for its retry (not due yet: not ready).
    expect(after.find((m) => m.name === 'smartloket_jobs_ready')).toBeDefined();
  });
});
