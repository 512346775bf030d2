import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, trace } from '@opentelemetry/api';
import { validateConfig } from '@smartloket/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTelemetry, type Telemetry, tracesUrl } from './telemetry.js';

/** A stand-in OTLP/HTTP collector: records the path and body of every export. */
let collector: Server;
let collectorUrl: string;
const received: { path: string; body: Buffer }[] = [];
let running: Telemetry | undefined;

beforeAll(async () => {
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await running?.shutdown();
  running = undefined;
  trace.disable();
  context.disable();
  propagation.disable();
  received.length = 0;
});
afterAll(() => {
  collector?.close();
});

const minimal = {
  municipality: {
    name: { nl: 'Smartegem' },
    nisCode: '99999',
    address: { street: 'Markt 1', postcode: '9999', city: 'Smartegem' },
  },
  plugins: [],
};

/** Makes one span, as a library would (API only), and flushes. */
async function oneSpan(t: Telemetry) {
  trace.getTracer('test').startActiveSpan('probe', (span) => span.end());
  await t.shutdown();
}

describe('telemetry from the configuration', () => {
  it('is off by default: nothing is registered, spans are no-ops', async () => {
    const config = validateConfig(minimal);
    running = startTelemetry(config, { env: {} });
    expect(running.enabled).toBe(false);
    const span = trace.getTracer('test').startSpan('x');
    expect(span.isRecording()).toBe(false);
    span.end();
  });

  it('exports spans over OTLP/HTTP to telemetry.otlpEndpoint with telemetry.serviceName', async () => {
    const config = validateConfig({
      ...minimal,
      telemetry: { otlpEndpoint: collectorUrl, serviceName: 'loket-smartegem', sampleRatio: 1 },
    });
    running = startTelemetry(config, { env: { OTEL_SERVICE_NAME: 'from-env' }, role: 'worker' });
    expect(running).toMatchObject({ enabled: true, serviceName: 'loket-smartegem', sampleRatio: 1 });
    await oneSpan(running);
    expect(received.map((r) => r.path)).toEqual(['/v1/traces']);
    const body = received[0]!.body.toString('latin1');
    expect(body).toContain('loket-smartegem');
    expect(body).toContain('probe');
    expect(body).toContain('worker');
  });

  it('sampleRatio 0 records no new trace', async () => {
    const config = validateConfig({ ...minimal, telemetry: { otlpEndpoint: collectorUrl, sampleRatio: 0 } });
    running = startTelemetry(config, { env: {} });
    const span = trace.getTracer('test').startSpan('x');
    expect(span.isRecording()).toBe(false);
    span.end();
    await running.shutdown();
    expect(received).toEqual([]);
  });

  it('takes the standard OTEL_* variables when the configuration is silent; OTEL_SDK_DISABLED wins', async () => {
    const config = validateConfig(minimal);
    running = startTelemetry(config, {
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: `${collectorUrl}/base`,
        OTEL_SERVICE_NAME: 'from-env',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.5',
      },
    });
    expect(running).toMatchObject({
      enabled: true,
      endpoint: `${collectorUrl}/base/v1/traces`,
      serviceName: 'from-env',
      sampleRatio: 0.5,
    });
    await running.shutdown();
    trace.disable();
    const off = startTelemetry(config, {
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl, OTEL_SDK_DISABLED: 'true' },
    });
    expect(off.enabled).toBe(false);
  });

  it('refuses a wrong telemetry key with its name', () => {
    expect(() => validateConfig({ ...minimal, telemetry: { sampleRatio: 2 } })).toThrow(
      /telemetry\.sampleRatio/,
    );
    expect(() => validateConfig({ ...minimal, telemetry: { otlpEndpoint: 'not a url' } })).toThrow(
      /telemetry\.otlpEndpoint/,
    );
    expect(() => validateConfig({ ...minimal, telemetry: { endpoint: collectorUrl } })).toThrow(/endpoint/);
  });

  it('appends /v1/traces to a base URL, keeps a full traces URL', () => {
    expect(tracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('http://collector:4318/otlp/')).toBe('http://collector:4318/otlp/v1/traces');
    expect(tracesUrl('http://collector:4318/v1/traces')).toBe('http://collector:4318/v1/traces');
  });
});
