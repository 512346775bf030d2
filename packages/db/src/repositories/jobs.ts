import { context, propagation } from '@opentelemetry/api';
import { NotFoundError } from '@smartloket/core';
import type { RepoContext } from '../context.js';
import { fromJson, ms, num, toDate, toDateNN, toJson } from '../dialect.js';
import { decodeCursor, encodeCursor, type Page, type PageRequest } from './paging.js';

/**
 * Job states. `failed` is a job waiting for its retry after a failed attempt (claimable again
 * at `runAt`); `dead` is a job given up after `maxAttempts` (the dead-letter queue).
 */
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'dead';

/** A job of the database queue. */
export interface JobRecord<P = unknown> {
  id: string;
  type: string;
  payload: P;
  state: JobState;
  runAt: Date;
  /** Attempts that failed, crashed (lease expired) or were rescheduled with `countAttempt`. */
  attempts: number;
  maxAttempts: number;
  /** Last error message. Callers must keep personal data out of it. */
  lastError: string | null;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  key: string | null;
  /**
   * W3C `traceparent` of the span that enqueued the job (the HTTP request of a submit), so the
   * worker's spans continue that trace. Null when nothing was tracing.
   */
  traceparent: string | null;
  createdAt: Date;
  updatedAt: Date;
  doneAt: Date | null;
}

/** Where the traceparent rides in the stored payload (no column: it is metadata of the row). */
const TRACE_KEY = '__traceparent';

/** What {@link JobQueue.enqueue} needs. */
export interface NewJob {
  type: string;
  /** JSON-serialisable; keep personal data out (ids only). */
  payload: unknown;
  /** Defaults to the clock's now. */
  runAt?: Date | undefined;
  /** Defaults to the queue's default (8). */
  maxAttempts?: number | undefined;
  /** Dedupe key: enqueueing a second job with the same key returns the first one. */
  key?: string | undefined;
  /** Trace context to continue; defaults to the active span's (OpenTelemetry API). */
  traceparent?: string | undefined;
}

/** Arguments of {@link JobQueue.claim}. */
export interface ClaimOptions {
  workerId: string;
  /** Job types to claim; all types when absent. An empty list claims nothing. */
  types?: readonly string[] | undefined;
  limit: number;
  leaseMs: number;
}

/** Counts per state, plus `due`: jobs claimable now. */
export type JobStats = Record<JobState, number> & { due: number };

/** Default attempts of a job before it is dead-lettered. */
export const DEFAULT_MAX_ATTEMPTS = 8;
const LEASE_EXPIRED = 'lease expired (worker stopped or crashed)';

/**
 * The job queue in the database. Enqueue inside a transaction so a job commits (or vanishes)
 * with the state change that needs it. Workers claim due jobs with a lease; a job whose lease
 * expires (a killed worker) becomes claimable again, counting one attempt.
 */
export class JobQueue {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** Adds a job; with a `key` already present, returns the existing job and adds nothing. */
  async enqueue<P = unknown>(job: NewJob): Promise<JobRecord<P>> {
    const now = this.#ctx.clock.now();
    const traceparent = job.traceparent ?? activeTraceparent();
    const payload = job.payload ?? {};
    const stored =
      traceparent && typeof payload === 'object' && !Array.isArray(payload)
        ? { ...payload, [TRACE_KEY]: traceparent }
        : payload;
    const rows = await this.#ctx
      .knex('jobs')
      .insert({
        id: crypto.randomUUID(),
        type: job.type,
        payload: toJson(stored),
        state: 'queued',
        run_at: ms(job.runAt ?? now),
        attempts: 0,
        max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        key: job.key ?? null,
        created_at: ms(now),
        updated_at: ms(now),
      })
      .onConflict('key')
      .ignore()
      .returning('*');
    if (rows.length === 1) return this.#map(rows[0]) as JobRecord<P>;
    const existing = await this.#ctx.knex('jobs').where({ key: job.key }).first();
    return this.#map(existing) as JobRecord<P>;
  }

  /**
   * Claims up to `limit` due jobs for `workerId`: queued or failed jobs with `runAt <= now`,
   * and running jobs whose lease expired. Each claimed job is `running` with a lease until
   * now + `leaseMs`. PostgreSQL uses `FOR UPDATE SKIP LOCKED`, so concurrent workers never claim
   * the same job; SQLite does it in one atomic UPDATE. A job whose lease expired after its last
   * allowed attempt is dead-lettered instead of claimed.
   */
  async claim(options: ClaimOptions): Promise<JobRecord[]> {
    if (options.types && options.types.length === 0) return [];
    const k = this.#ctx.knex;
    const now = ms(this.#ctx.clock.now())!;
    const limit = Math.max(1, Math.floor(options.limit));
    const types = options.types ? [...options.types] : undefined;
    const typeSql = types ? ` and type in (${types.map(() => '?').join(', ')})` : '';
    const typeArgs = types ?? [];

    // Crashed too often: dead-letter rather than run a job that kills its worker.
    await k.raw(
      `update jobs set state = 'dead', attempts = attempts + 1, last_error = ?, lease_owner = null,
         lease_until = null, updated_at = ?
       where state = 'running' and lease_until <= ? and attempts + 1 >= max_attempts${typeSql}`,
      [LEASE_EXPIRED, now, now, ...typeArgs],
    );

    const due = `((state in ('queued', 'failed') and run_at <= ?) or (state = 'running' and lease_until <= ?))${typeSql}`;
    const set = `state = 'running', lease_owner = ?, lease_until = ?, updated_at = ?,
      attempts = case when jobs.state = 'running' then jobs.attempts + 1 else jobs.attempts end,
      last_error = case when jobs.state = 'running' then ? else jobs.last_error end`;
    const setArgs = [options.workerId, now + options.leaseMs, now, LEASE_EXPIRED];
    const result =
      this.#ctx.dialect === 'postgres'
        ? await k.raw(
            `with next as (
               select id from jobs where ${due} order by run_at, id limit ? for update skip locked
             )
             update jobs set ${set} from next where jobs.id = next.id returning jobs.*`,
            [now, now, ...typeArgs, limit, ...setArgs],
          )
        : await k.raw(
            `update jobs set ${set}
             where id in (select id from jobs where ${due} order by run_at, id limit ?)
             returning *`,
            [...setArgs, now, now, ...typeArgs, limit],
          );
    const rows: any[] = Array.isArray(result) ? result : result.rows;
    return rows.map((r) => this.#map(r)).sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
  }

  /** Marks a job done, if `workerId` still holds it. Returns false when the lease was lost. */
  async complete(jobId: string, workerId: string): Promise<boolean> {
    const now = ms(this.#ctx.clock.now());
    const n = await this.#held(jobId, workerId).update({
      state: 'done',
      done_at: now,
      updated_at: now,
      lease_owner: null,
      lease_until: null,
    });
    return num(n) > 0;
  }

  /**
   * Records a failed attempt: attempts + 1; the job waits in `failed` until `retryAt` (default
   * now), or goes to `dead` when it reached `maxAttempts`. Returns the updated job, or undefined
   * when `workerId` no longer holds it.
   */
  async fail(
    jobId: string,
    workerId: string,
    options: { error: string; retryAt?: Date | undefined },
  ): Promise<JobRecord | undefined> {
    const now = this.#ctx.clock.now();
    const rows = await this.#held(jobId, workerId)
      .update({
        attempts: this.#ctx.knex.raw('attempts + 1'),
        state: this.#ctx.knex.raw("case when attempts + 1 >= max_attempts then 'dead' else 'failed' end"),
        last_error: options.error.slice(0, 1000),
        run_at: ms(options.retryAt ?? now),
        lease_owner: null,
        lease_until: null,
        updated_at: ms(now),
      })
      .returning('*');
    return rows[0] ? this.#map(rows[0]) : undefined;
  }

  /**
   * Puts a running job back in the queue for `runAt` (e.g. polling a pending source) without
   * counting an attempt, unless `countAttempt` (then it may go to `dead`). Returns the updated
   * job, or undefined when `workerId` no longer holds it.
   */
  async reschedule(
    jobId: string,
    workerId: string,
    runAt: Date,
    options: { countAttempt?: boolean } = {},
  ): Promise<JobRecord | undefined> {
    const k = this.#ctx.knex;
    const inc = options.countAttempt ? 1 : 0;
    const rows = await this.#held(jobId, workerId)
      .update({
        attempts: k.raw('attempts + ?', [inc]),
        state: inc ? k.raw("case when attempts + 1 >= max_attempts then 'dead' else 'queued' end") : 'queued',
        run_at: ms(runAt),
        lease_owner: null,
        lease_until: null,
        updated_at: ms(this.#ctx.clock.now()),
      })
      .returning('*');
    return rows[0] ? this.#map(rows[0]) : undefined;
  }

  /** Puts a running job back, due now, without counting an attempt (graceful shutdown). */
  async release(jobId: string, workerId: string): Promise<boolean> {
    const now = ms(this.#ctx.clock.now());
    const n = await this.#held(jobId, workerId).update({
      state: 'queued',
      run_at: now,
      lease_owner: null,
      lease_until: null,
      updated_at: now,
    });
    return num(n) > 0;
  }

  /** Extends the lease of a running job to now + `leaseMs`. False when the lease was lost. */
  async extendLease(jobId: string, workerId: string, leaseMs: number): Promise<boolean> {
    const now = ms(this.#ctx.clock.now())!;
    const n = await this.#held(jobId, workerId).update({ lease_until: now + leaseMs, updated_at: now });
    return num(n) > 0;
  }

  /** Dead-lettered jobs, most recently given up first (keyset-paged). */
  async listDead(page: PageRequest = { limit: 50 }): Promise<Page<JobRecord>> {
    const limit = Math.max(1, Math.min(page.limit, 1000));
    const q = this.#ctx.knex('jobs').where({ state: 'dead' });
    if (page.after) {
      const c = decodeCursor(page.after);
      q.andWhere((w) =>
        w
          .where('updated_at', '<', c.t)
          .orWhere((w2) => w2.where('updated_at', '=', c.t).andWhere('id', '<', c.id)),
      );
    }
    const rows = await q
      .orderBy([
        { column: 'updated_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    const items = rows.slice(0, limit).map((r) => this.#map(r));
    const last = items[items.length - 1];
    return rows.length > limit && last
      ? { items, next: encodeCursor(last.updatedAt.getTime(), last.id) }
      : { items };
  }

  /** Puts a dead job back in the queue, due now, with its attempts reset. */
  async retryDead(jobId: string): Promise<JobRecord> {
    const now = ms(this.#ctx.clock.now());
    const rows = await this.#ctx
      .knex('jobs')
      .where({ id: jobId, state: 'dead' })
      .update({ state: 'queued', attempts: 0, run_at: now, updated_at: now })
      .returning('*');
    if (!rows[0]) throw new NotFoundError('dead job');
    return this.#map(rows[0]);
  }

  /** The job, or undefined. */
  async get<P = unknown>(id: string): Promise<JobRecord<P> | undefined> {
    const row = await this.#ctx.knex('jobs').where({ id }).first();
    return row ? (this.#map(row) as JobRecord<P>) : undefined;
  }

  /** Counts per state, and how many are claimable now. */
  async stats(): Promise<JobStats> {
    const now = ms(this.#ctx.clock.now());
    const k = this.#ctx.knex;
    const rows = await k('jobs').select('state').count({ n: '*' }).groupBy('state');
    const stats: JobStats = { queued: 0, running: 0, done: 0, failed: 0, dead: 0, due: 0 };
    for (const r of rows as { state: JobState; n: unknown }[]) stats[r.state] = num(r.n);
    const due = await k('jobs')
      .where((w) =>
        w
          .where((a) => a.whereIn('state', ['queued', 'failed']).andWhere('run_at', '<=', now))
          .orWhere((b) => b.where('state', 'running').andWhere('lease_until', '<=', now)),
      )
      .count({ n: '*' })
      .first();
    stats.due = num(due?.n);
    return stats;
  }

  #held(jobId: string, workerId: string) {
    return this.#ctx.knex('jobs').where({ id: jobId, state: 'running', lease_owner: workerId });
  }

  #map(r: any): JobRecord {
    const stored = fromJson(this.#ctx.dialect, r.payload) as unknown;
    let payload = stored;
    let traceparent: string | null = null;
    if (stored && typeof stored === 'object' && TRACE_KEY in stored) {
      const { [TRACE_KEY]: tp, ...rest } = stored as Record<string, unknown>;
      payload = rest;
      traceparent = typeof tp === 'string' ? tp : null;
    }
    return {
      id: r.id,
      type: r.type,
      payload,
      state: r.state,
      runAt: toDateNN(r.run_at),
      attempts: num(r.attempts),
      maxAttempts: num(r.max_attempts),
      lastError: r.last_error ?? null,
      leaseOwner: r.lease_owner ?? null,
      leaseUntil: toDate(r.lease_until),
      key: r.key ?? null,
      traceparent,
      createdAt: toDateNN(r.created_at),
      updatedAt: toDateNN(r.updated_at),
      doneAt: toDate(r.done_at),
    };
  }
}

/** The W3C traceparent of the active span, when a propagator and a recording span are there. */
function activeTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** Options of {@link backoffDelay}. */
export interface BackoffOptions {
  /** Delay of the first retry, in ms. */
  baseMs: number;
  /** Upper bound, in ms. */
  maxMs: number;
  /**
   * `false`: plain exponential. `true` or `'full'`: full jitter, uniform in [0, exponential].
   * `'equal'`: half fixed, half random.
   */
  jitter?: boolean | 'full' | 'equal';
  /** Random source in [0, 1); defaults to Math.random (inject for deterministic tests). */
  random?: () => number;
}

/**
 * The delay before retry number `attempt` (1 = after the first failure): exponential
 * `baseMs * 2^(attempt-1)` capped at `maxMs`, with optional jitter so that many failed jobs do
 * not retry in lockstep. Pure.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const n = Math.max(1, Math.floor(attempt));
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(n - 1, 52));
  const random = options.random ?? Math.random;
  const jitter = options.jitter === true ? 'full' : options.jitter;
  if (jitter === 'full') return Math.floor(random() * exp);
  if (jitter === 'equal') return Math.floor(exp / 2 + random() * (exp / 2));
  return exp;
}
