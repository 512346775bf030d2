import { createHash } from 'node:crypto';
import type { RepoContext } from '../context.js';
import { ms, num } from '../dialect.js';

/** The hits of one client in the current window of a limiter. */
export interface RateLimitWindow {
  hits: number;
  /** When the window ends and the count starts again. */
  resetAt: Date;
}

/** Expired windows are deleted at most this often per handle, by whichever call comes next. */
const PURGE_EVERY_MS = 60_000;

/**
 * Rate-limit counters in the database (fixed windows, decision 0601), so that every server
 * process of a deployment counts against the same limit. A hit is one atomic upsert
 * (`insert ... on conflict do update ... returning`) on both dialects; keys are stored only as
 * SHA-256. Expired windows are deleted on the fly.
 */
export class RateLimitRepository {
  readonly #ctx: RepoContext;
  #lastPurge = Number.NEGATIVE_INFINITY;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** Counts one hit of `key` on `limiter` and returns the window's hits so far. */
  async hit(limiter: string, key: string, windowMs: number): Promise<RateLimitWindow> {
    const now = ms(this.#ctx.clock.now())!;
    const start = windowStart(now, windowMs);
    const result = await this.#ctx.knex.raw(
      `insert into rate_limit_windows (limiter, key_hash, window_start, hits, expires_at)
       values (?, ?, ?, 1, ?)
       on conflict (limiter, key_hash, window_start) do update set hits = rate_limit_windows.hits + 1
       returning hits`,
      [limiter, keyHash(limiter, key), start, start + windowMs],
    );
    const rows: { hits: unknown }[] = this.#ctx.dialect === 'postgres' ? result.rows : result;
    await this.#purgeNow(now);
    return { hits: num(rows[0]?.hits), resetAt: new Date(start + windowMs) };
  }

  /** The current window of `key` on `limiter`, or undefined when it has no hits. */
  async get(limiter: string, key: string, windowMs: number): Promise<RateLimitWindow | undefined> {
    const start = windowStart(ms(this.#ctx.clock.now())!, windowMs);
    const row = await this.#ctx
      .knex('rate_limit_windows')
      .where({ limiter, key_hash: keyHash(limiter, key), window_start: start })
      .first('hits');
    return row ? { hits: num(row.hits), resetAt: new Date(start + windowMs) } : undefined;
  }

  /** Takes back one hit of the current window (a request that should not count). */
  async decrement(limiter: string, key: string, windowMs: number): Promise<void> {
    const start = windowStart(ms(this.#ctx.clock.now())!, windowMs);
    await this.#ctx
      .knex('rate_limit_windows')
      .where({ limiter, key_hash: keyHash(limiter, key), window_start: start })
      .where('hits', '>', 0)
      .decrement('hits', 1);
  }

  /** Forgets every window of `key` on `limiter`. */
  async reset(limiter: string, key: string): Promise<void> {
    await this.#ctx
      .knex('rate_limit_windows')
      .where({ limiter, key_hash: keyHash(limiter, key) })
      .delete();
  }

  /** Deletes every window that has ended; returns how many. */
  async purgeExpired(): Promise<number> {
    const now = ms(this.#ctx.clock.now())!;
    this.#lastPurge = now;
    return num(await this.#ctx.knex('rate_limit_windows').where('expires_at', '<=', now).delete());
  }

  async #purgeNow(now: number): Promise<void> {
    if (now - this.#lastPurge < PURGE_EVERY_MS && now >= this.#lastPurge) return;
    await this.purgeExpired();
  }
}

function windowStart(now: number, windowMs: number): number {
  if (!Number.isInteger(windowMs) || windowMs <= 0)
    throw new RangeError('windowMs must be a positive integer');
  return Math.floor(now / windowMs) * windowMs;
}

function keyHash(limiter: string, key: string): string {
  return createHash('sha256').update(`${limiter}\n${key}`).digest('hex');
}
