import type { Span } from '@opentelemetry/api';
import { type Clock, type Logger, SmartLoketError } from '@smartloket/core';
import { backoffDelay, type Database, type JobRecord } from '@smartloket/db';
import { jobMetrics } from './metrics.js';
import { contextFromTraceparent, markFailed, withSpan } from './telemetry.js';

/** What a job handler may ask for besides success (returning nothing) or throwing. */
export type JobResult = undefined | { later: Date; countAttempt?: boolean };

/** Runs one job. Throwing counts a failed attempt (retried with backoff, dead-lettered after N). */
export type JobHandler = (
  job: JobRecord,
  ctx: { attempt: number; signal: AbortSignal },
) => Promise<JobResult | undefined>;

/** Hook called when a job is dead-lettered (given up after its attempts). */
export type DeadLetterHook = (job: JobRecord, error: unknown) => Promise<void>;

export interface WorkerOptions {
  id?: string;
  concurrency?: number;
  leaseMs?: number;
  /** Real milliseconds between polls when the queue is empty. */
  pollMs?: number;
  /** Job types this worker takes; all handled types by default. */
  types?: string[];
  logger: Logger;
  onDeadLetter?: DeadLetterHook;
  backoff?: { baseMs: number; maxMs: number };
  /**
   * Enqueues scheduled jobs (see `Scheduler`): ticked when the worker starts and every
   * `scheduleEveryMs` while it runs. Safe with several workers (jobs carry dedupe keys).
   */
  scheduler?: { tick(): Promise<unknown> } | undefined;
  /** Real milliseconds between scheduler ticks [60 000]. */
  scheduleEveryMs?: number | undefined;
}

/**
 * Claims jobs from the database queue and runs their handlers, up to `concurrency` at once.
 * Several worker processes may run against one PostgreSQL database: claims use leases and
 * `FOR UPDATE SKIP LOCKED`. On `stop()` (SIGTERM) it claims nothing more, lets running jobs
 * finish within a grace period and releases the rest.
 */
export class Worker {
  readonly id: string;
  readonly #db: Database;
  readonly #handlers: Map<string, JobHandler>;
  readonly #options: Required<
    Omit<WorkerOptions, 'id' | 'onDeadLetter' | 'types' | 'scheduler' | 'scheduleEveryMs'>
  > &
    Pick<WorkerOptions, 'onDeadLetter' | 'types'>;
  readonly #scheduler: WorkerOptions['scheduler'];
  readonly #scheduleEveryMs: number;
  #scheduleTimer: ReturnType<typeof setInterval> | undefined;
  readonly #running = new Map<string, { job: JobRecord; done: Promise<void>; abort: AbortController }>();
  #stopping = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(db: Database, handlers: Record<string, JobHandler>, options: WorkerOptions) {
    this.#db = db;
    this.#handlers = new Map(Object.entries(handlers));
    this.id = options.id ?? `worker-${process.pid}-${crypto.randomUUID().slice(0, 8)}`;
    this.#options = {
      concurrency: options.concurrency ?? 4,
      leaseMs: options.leaseMs ?? 60_000,
      pollMs: options.pollMs ?? 250,
      logger: options.logger,
      backoff: options.backoff ?? { baseMs: 2_000, maxMs: 15 * 60_000 },
      onDeadLetter: options.onDeadLetter,
      types: options.types,
    };
    this.#scheduler = options.scheduler;
    this.#scheduleEveryMs = options.scheduleEveryMs ?? 60_000;
  }

  get clock(): Clock {
    return this.#db.clock;
  }

  /** Starts the polling loop (and the scheduler's ticks, when it has one). */
  start(): this {
    if (!this.#loop) {
      this.#loop = this.#run();
      if (this.#scheduler) {
        const tick = () => {
          this.schedule()
            .then(() => this.nudge())
            .catch((error) =>
              this.#options.logger.error('worker: scheduling failed', { error: errorMessage(error) }),
            );
        };
        tick();
        this.#scheduleTimer = setInterval(tick, this.#scheduleEveryMs);
        this.#scheduleTimer.unref?.();
      }
    }
    return this;
  }

  /**
   * Enqueues the due scheduled jobs now (what `start()` does at start and once a minute). Tests
   * call it after moving the clock; a no-op without a scheduler.
   */
  async schedule(): Promise<void> {
    await this.#scheduler?.tick();
  }

  /** Polls now instead of waiting for the next tick (after an enqueue in this process). */
  nudge(): void {
    this.#wake?.();
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      let claimed = 0;
      try {
        claimed = await this.#claimAndStart();
      } catch (error) {
        this.#options.logger.error('worker: claim failed', { error: errorMessage(error) });
      }
      if (this.#stopping) break;
      if (claimed === 0 || this.#running.size >= this.#options.concurrency) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.#options.pollMs);
          this.#wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.#wake = undefined;
      }
    }
  }

  async #claimAndStart(): Promise<number> {
    const free = this.#options.concurrency - this.#running.size;
    if (free <= 0) return 0;
    const jobs = await this.#db.jobs.claim({
      workerId: this.id,
      types: this.#options.types ?? [...this.#handlers.keys()],
      limit: free,
      leaseMs: this.#options.leaseMs,
    });
    for (const job of jobs) this.#start(job);
    return jobs.length;
  }

  #start(job: JobRecord): void {
    const abort = new AbortController();
    const done = this.#execute(job, abort.signal).finally(() => {
      this.#running.delete(job.id);
      this.nudge();
    });
    this.#running.set(job.id, { job, done, abort });
  }

  /** Claims and runs every due job until none is left (tests, CLI one-shot runs). */
  async drain(options: { maxRounds?: number } = {}): Promise<number> {
    let total = 0;
    for (let round = 0; round < (options.maxRounds ?? 1000); round++) {
      const jobs = await this.#db.jobs.claim({
        workerId: this.id,
        types: this.#options.types ?? [...this.#handlers.keys()],
        limit: this.#options.concurrency,
        leaseMs: this.#options.leaseMs,
      });
      if (jobs.length === 0) break;
      total += jobs.length;
      await Promise.all(jobs.map((job) => this.#execute(job, new AbortController().signal)));
    }
    return total;
  }

  /**
   * Runs a job in a span whose parent is the span that enqueued it (the job row's traceparent):
   * a certificate's trace goes from the submit through every worker step.
   */
  async #execute(job: JobRecord, signal: AbortSignal): Promise<void> {
    const requestId = (job.payload as { requestId?: unknown } | null)?.requestId;
    jobMetrics.started(job, this.#db.clock.now());
    await withSpan(
      `job ${job.type}`,
      {
        'smartloket.job.type': job.type,
        'smartloket.job.id': job.id,
        'smartloket.job.attempt': job.attempts + 1,
        ...(typeof requestId === 'string' ? { 'smartloket.request.id': requestId } : {}),
      },
      (span) => this.#executeInSpan(job, signal, span),
      { parent: contextFromTraceparent(job.traceparent) },
    );
  }

  async #executeInSpan(job: JobRecord, signal: AbortSignal, span: Span): Promise<void> {
    const handler = this.#handlers.get(job.type);
    const attempt = job.attempts + 1;
    const lease = setInterval(
      () => {
        this.#db.jobs.extendLease(job.id, this.id, this.#options.leaseMs).catch(() => {});
      },
      Math.max(1000, Math.floor(this.#options.leaseMs / 3)),
    );
    lease.unref?.();
    try {
      if (!handler) throw new SmartLoketError('JOB_TYPE_UNKNOWN', `no handler for job type ${job.type}`);
      const result = await handler(job, { attempt, signal });
      if (result && 'later' in result) {
        await this.#db.jobs.reschedule(job.id, this.id, result.later, {
          countAttempt: result.countAttempt ?? false,
        });
      } else {
        await this.#db.jobs.complete(job.id, this.id);
      }
    } catch (error) {
      markFailed(span, error);
      jobMetrics.failed(job);
      const delay = backoffDelay(attempt, {
        baseMs: this.#options.backoff.baseMs,
        maxMs: this.#options.backoff.maxMs,
        jitter: true,
      });
      const retryAt = new Date(this.#db.clock.now().getTime() + delay);
      this.#options.logger.warn('worker: job failed', {
        jobId: job.id,
        type: job.type,
        attempt,
        error: errorMessage(error),
      });
      const failed = await this.#db.jobs.fail(job.id, this.id, { error: errorMessage(error), retryAt });
      if (failed?.state === 'dead') await this.#options.onDeadLetter?.(failed, error);
    } finally {
      clearInterval(lease);
    }
  }

  /**
   * Stops: claims nothing more, waits up to `graceMs` for running jobs, then releases the
   * unfinished ones so another worker takes them at once.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.#stopping = true;
    if (this.#scheduleTimer) clearInterval(this.#scheduleTimer);
    this.nudge();
    await this.#loop;
    const pending = [...this.#running.values()];
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref?.());
    const all = Promise.all(pending.map((p) => p.done)).then(() => 'done' as const);
    if ((await Promise.race([all, timeout])) === 'timeout') {
      for (const p of this.#running.values()) {
        p.abort.abort();
        await this.#db.jobs.release(p.job.id, this.id).catch(() => {});
      }
    }
  }
}

/** An error's message without stack or personal data (messages of our errors carry none). */
export function errorMessage(error: unknown): string {
  if (error instanceof SmartLoketError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return 'unknown error';
}
