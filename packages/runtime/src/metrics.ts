import type { Database, JobRecord } from '@smartloket/db';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Business metrics (decision 0008). Two kinds:
 * - process metrics: counted by the process that does the work (source calls, pipeline steps,
 *   seal time, submit-to-delivered, job failures). Every process exposes its own, so Prometheus
 *   scrapes every server and worker process; sum them over instances.
 * - database gauges: requests by type and state, the ready queue and its oldest job, the
 *   outbox backlog. Computed from the database at scrape time (cached a few seconds), so any
 *   process shows the same numbers; take max() over instances, not sum().
 * Labels carry type ids, service names, step names and codes: never personal data.
 */
const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'smartloket_' });

const SECONDS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const DELIVERY_BUCKETS = [1, 2, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 86_400, 3 * 86_400];

const sourceCalls = new Histogram({
  name: 'smartloket_source_call_duration_seconds',
  help: 'Duration of calls to an authentic source, by service and outcome (ok, error).',
  labelNames: ['service', 'outcome'],
  buckets: SECONDS_BUCKETS,
  registers: [registry],
});
const sourceErrors = new Counter({
  name: 'smartloket_source_errors_total',
  help: 'Failed calls to an authentic source, by service and code (MAGDA Uitzondering, TIMEOUT, CIRCUIT_OPEN, ...).',
  labelNames: ['service', 'code'],
  registers: [registry],
});
const BREAKER_VALUES = { closed: 0, 'half-open': 1, open: 2 } as const;
const breakerState = new Gauge({
  name: 'smartloket_source_breaker_state',
  help: 'Circuit breaker per source service as this process last saw it: 0 closed, 1 half-open, 2 open.',
  labelNames: ['service'],
  registers: [registry],
});
const pipelineSteps = new Histogram({
  name: 'smartloket_pipeline_step_duration_seconds',
  help: 'Duration of a delivery pipeline step (source, render, seal, store), by request type.',
  labelNames: ['step', 'request_type'],
  buckets: SECONDS_BUCKETS,
  registers: [registry],
});
const submitToDelivered = new Histogram({
  name: 'smartloket_request_submit_to_delivered_seconds',
  help: 'Time from submitting a request to its delivered document, by request type.',
  labelNames: ['request_type'],
  buckets: DELIVERY_BUCKETS,
  registers: [registry],
});
const jobWait = new Histogram({
  name: 'smartloket_job_wait_seconds',
  help: 'Time a job waited between being due and being started, by job type.',
  labelNames: ['type'],
  buckets: SECONDS_BUCKETS,
  registers: [registry],
});
const jobFailures = new Counter({
  name: 'smartloket_job_failures_total',
  help: 'Failed job attempts (retried or dead-lettered), by job type.',
  labelNames: ['type'],
  registers: [registry],
});

/** One call to an authentic source, as a source client reports it. */
export interface SourceCallObservation {
  /** The service, e.g. the MAGDA service name `GeefPersoon`. */
  service: string;
  /** Seconds the call took (0 for a call the circuit breaker refused). */
  seconds: number;
  /** The error code of a failed call (MAGDA Uitzondering code, TIMEOUT, CIRCUIT_OPEN, ...). */
  errorCode?: string | undefined;
  /** The service's circuit breaker after the call. */
  breaker?: 'closed' | 'half-open' | 'open' | undefined;
}

/** Source call metrics: give {@link observeSourceCall} as a source client's call observer. */
export function observeSourceCall(call: SourceCallObservation): void {
  const outcome = call.errorCode ? 'error' : 'ok';
  sourceCalls.observe({ service: call.service, outcome }, call.seconds);
  if (call.errorCode) sourceErrors.inc({ service: call.service, code: call.errorCode });
  if (call.breaker) breakerState.set({ service: call.service }, BREAKER_VALUES[call.breaker]);
}

/** What the pipeline and the worker count. */
export const pipelineMetrics = {
  step(step: 'source' | 'render' | 'seal' | 'store', requestType: string, seconds: number): void {
    pipelineSteps.observe({ step, request_type: requestType }, seconds);
  },
  delivered(requestType: string, seconds: number): void {
    submitToDelivered.observe({ request_type: requestType }, Math.max(0, seconds));
  },
};

/** What the worker counts per job. */
export const jobMetrics = {
  started(job: JobRecord, now: Date): void {
    jobWait.observe({ type: job.type }, Math.max(0, (now.getTime() - job.runAt.getTime()) / 1000));
  },
  failed(job: JobRecord): void {
    jobFailures.inc({ type: job.type });
  },
};

/** Times `fn` and reports the seconds it took to `record`, also when it throws. */
export async function timed<T>(record: (seconds: number) => void, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    record((performance.now() - started) / 1000);
  }
}

/** The database figures behind the gauges, read at most once per `cacheMs`. */
interface DatabaseSnapshot {
  requests: { typeId: string; state: string; n: number }[];
  jobs: { type: string; ready: number; oldestRunAt: number | null; dead: number }[];
  outbox: { kind: string; pending: number; oldestCreatedAt: number | null }[];
  at: number;
}

async function readSnapshot(db: Database): Promise<DatabaseSnapshot> {
  const k = db.knex;
  const now = db.clock.now().getTime();
  const [requests, ready, dead, outbox] = await Promise.all([
    k('requests').select('type_id', 'state').count({ n: '*' }).groupBy('type_id', 'state'),
    k('jobs')
      .whereIn('state', ['queued', 'failed'])
      .andWhere('run_at', '<=', now)
      .select('type')
      .count({ n: '*' })
      .min({ oldest: 'run_at' })
      .groupBy('type'),
    k('jobs').where('state', 'dead').select('type').count({ n: '*' }).groupBy('type'),
    k('outbox')
      .where('state', 'pending')
      .select('kind')
      .count({ n: '*' })
      .min({ oldest: 'created_at' })
      .groupBy('kind'),
  ]);
  const jobs = new Map<string, DatabaseSnapshot['jobs'][number]>();
  const job = (type: string) => {
    let j = jobs.get(type);
    if (!j) {
      j = { type, ready: 0, oldestRunAt: null, dead: 0 };
      jobs.set(type, j);
    }
    return j;
  };
  for (const r of ready as any[]) {
    const j = job(String(r.type));
    j.ready = Number(r.n);
    j.oldestRunAt = r.oldest === null || r.oldest === undefined ? null : Number(r.oldest);
  }
  for (const r of dead as any[]) job(String(r.type)).dead = Number(r.n);
  return {
    requests: (requests as any[]).map((r) => ({
      typeId: String(r.type_id),
      state: String(r.state),
      n: Number(r.n),
    })),
    jobs: [...jobs.values()],
    outbox: (outbox as any[]).map((r) => ({
      kind: String(r.kind),
      pending: Number(r.n),
      oldestCreatedAt: r.oldest === null || r.oldest === undefined ? null : Number(r.oldest),
    })),
    at: now,
  };
}

/**
 * The registry a process serves on `/metrics`: its process metrics and the database gauges of
 * `db`. The gauges query the database at most once per `cacheMs` [10 000], whatever the number
 * of scrapes; a failed query leaves the gauges empty for that scrape (and /readyz says why).
 */
export function createMetricsRegistry(db: Database, options: { cacheMs?: number } = {}): Registry {
  const cacheMs = options.cacheMs ?? 10_000;
  const gauges = new Registry();
  let cached: { promise: Promise<DatabaseSnapshot | undefined>; readAt: number } | undefined;
  const snapshot = () => {
    const now = Date.now();
    if (!cached || now - cached.readAt >= cacheMs) {
      cached = { promise: readSnapshot(db).catch(() => undefined), readAt: now };
    }
    return cached.promise;
  };
  new Gauge({
    name: 'smartloket_requests',
    help: 'Requests by request type and state (from the database).',
    labelNames: ['request_type', 'state'],
    registers: [gauges],
    async collect() {
      this.reset();
      for (const r of (await snapshot())?.requests ?? [])
        this.set({ request_type: r.typeId, state: r.state }, r.n);
    },
  });
  new Gauge({
    name: 'smartloket_jobs_ready',
    help: 'Jobs due now and not yet started, by job type (from the database).',
    labelNames: ['type'],
    registers: [gauges],
    async collect() {
      this.reset();
      for (const j of (await snapshot())?.jobs ?? []) this.set({ type: j.type }, j.ready);
    },
  });
  new Gauge({
    name: 'smartloket_jobs_oldest_ready_age_seconds',
    help: 'How long the oldest ready job has been due, by job type (from the database).',
    labelNames: ['type'],
    registers: [gauges],
    async collect() {
      this.reset();
      const s = await snapshot();
      for (const j of s?.jobs ?? [])
        if (j.oldestRunAt !== null) this.set({ type: j.type }, Math.max(0, (s!.at - j.oldestRunAt) / 1000));
    },
  });
  new Gauge({
    name: 'smartloket_jobs_dead',
    help: 'Dead-lettered jobs (given up), by job type (from the database).',
    labelNames: ['type'],
    registers: [gauges],
    async collect() {
      this.reset();
      for (const j of (await snapshot())?.jobs ?? []) this.set({ type: j.type }, j.dead);
    },
  });
  new Gauge({
    name: 'smartloket_outbox_pending',
    help: 'Outbox messages waiting to be sent, by kind (from the database).',
    labelNames: ['kind'],
    registers: [gauges],
    async collect() {
      this.reset();
      for (const o of (await snapshot())?.outbox ?? []) this.set({ kind: o.kind }, o.pending);
    },
  });
  new Gauge({
    name: 'smartloket_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest unsent outbox message, by kind (from the database).',
    labelNames: ['kind'],
    registers: [gauges],
    async collect() {
      this.reset();
      const s = await snapshot();
      for (const o of s?.outbox ?? [])
        if (o.oldestCreatedAt !== null)
          this.set({ kind: o.kind }, Math.max(0, (s!.at - o.oldestCreatedAt) / 1000));
    },
  });
  return Registry.merge([registry, gauges]);
}
