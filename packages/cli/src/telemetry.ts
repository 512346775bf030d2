import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import type { DeploymentConfig } from '@smartloket/runtime';

/** What {@link startTelemetry} decided, and how to flush and stop it. */
export interface Telemetry {
  /** True when spans are recorded and exported. */
  readonly enabled: boolean;
  /** Where spans go (the OTLP/HTTP traces URL), when enabled and known. */
  readonly endpoint: string | undefined;
  readonly serviceName: string;
  readonly sampleRatio: number;
  /** Exports what is buffered and stops (bounded: a collector that is down does not hang the exit). */
  shutdown(): Promise<void>;
}

const OFF: Telemetry = {
  enabled: false,
  endpoint: undefined,
  serviceName: 'smartloket',
  sampleRatio: 0,
  shutdown: async () => {},
};

/** The traces URL for an OTLP/HTTP base URL (`http://collector:4318` → `.../v1/traces`). */
export function tracesUrl(base: string): string {
  const url = new URL(base);
  if (url.pathname.endsWith('/v1/traces')) return url.toString();
  url.pathname = `${url.pathname.replace(/\/$/, '')}/v1/traces`;
  return url.toString();
}

function envRatio(env: NodeJS.ProcessEnv): number | undefined {
  const sampler = env.OTEL_TRACES_SAMPLER;
  if (sampler && !/traceidratio$/.test(sampler)) return undefined;
  const arg = env.OTEL_TRACES_SAMPLER_ARG;
  if (arg === undefined || arg === '') return undefined;
  const n = Number(arg);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : undefined;
}

/**
 * Starts OpenTelemetry tracing for this process when the configuration (`telemetry`) or the
 * standard environment (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
 * OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER_ARG; OTEL_SDK_DISABLED=true turns it off) asks for it:
 * a tracer provider with OTLP/HTTP export in batches, W3C trace context, and the parent-based
 * ratio sampler. Keys of the configuration win over the environment. Off by default: without an
 * endpoint nothing is registered and every span of the libraries stays a no-op.
 */
export function startTelemetry(
  config: Pick<DeploymentConfig, 'telemetry'>,
  options: {
    env?: NodeJS.ProcessEnv;
    /** `server`, `worker` or `dev`: the service.instance role of the spans. */
    role?: string;
    /** Replaces the OTLP exporter (tests hand an in-memory one). */
    spanProcessor?: SpanProcessor;
  } = {},
): Telemetry {
  const env = options.env ?? process.env;
  const t = config.telemetry ?? {};
  if (env.OTEL_SDK_DISABLED === 'true') return OFF;
  const envEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!t.otlpEndpoint && !envEndpoint && !options.spanProcessor) return OFF;
  const endpoint = t.otlpEndpoint
    ? tracesUrl(t.otlpEndpoint)
    : env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
      ? env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
      : envEndpoint
        ? tracesUrl(envEndpoint)
        : undefined;
  const serviceName = t.serviceName ?? env.OTEL_SERVICE_NAME ?? 'smartloket';
  const sampleRatio = t.sampleRatio ?? envRatio(env) ?? 1;
  const processor =
    options.spanProcessor ??
    new BatchSpanProcessor(
      // Headers (OTEL_EXPORTER_OTLP_HEADERS), timeout and compression come from the environment.
      new OTLPTraceExporter(endpoint ? { url: endpoint } : {}),
    );
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': serviceName,
      ...(options.role ? { 'smartloket.process.role': options.role } : {}),
    }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(sampleRatio) }),
    spanProcessors: [processor],
  });
  // Global tracer provider, AsyncLocalStorage context and the W3C traceparent propagator.
  provider.register();
  return {
    enabled: true,
    endpoint,
    serviceName,
    sampleRatio,
    async shutdown() {
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
      await Promise.race([provider.shutdown().catch(() => {}), timeout]);
    },
  };
}
