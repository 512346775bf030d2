import type { RateLimitRepository } from '@smartloket/db';
import type { Deployment } from '@smartloket/runtime';
import {
  type ClientRateLimitInfo,
  type Options,
  type RateLimitRequestHandler,
  rateLimit,
  type Store,
} from 'express-rate-limit';

/** A limit: at most `limit` requests per client in a fixed window of `windowMs`. */
export interface RateLimitRule {
  windowMs: number;
  limit: number;
}

/**
 * An express-rate-limit store whose counters live in the database (`rate_limit_windows`,
 * decision 0601): every server process of a deployment counts against the same limit. The
 * counter of a limiter is named after it and its window length, so two apps with different
 * windows (tests, a rolling change of a limit) do not mix their counts.
 */
export class DatabaseRateLimitStore implements Store {
  /** Counts are shared: express-rate-limit's double-counting checks must not assume otherwise. */
  readonly localKeys = false;
  readonly #repo: RateLimitRepository;
  readonly #name: string;
  #windowMs = 60_000;

  constructor(repo: RateLimitRepository, name: string) {
    this.#repo = repo;
    this.#name = name;
  }

  /** The name under which the counters are stored (`login/900000`). */
  get prefix(): string {
    return `${this.#name}/${this.#windowMs}`;
  }

  init(options: Options): void {
    this.#windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const w = await this.#repo.get(this.prefix, key, this.#windowMs);
    return w ? { totalHits: w.hits, resetTime: w.resetAt } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const w = await this.#repo.hit(this.prefix, key, this.#windowMs);
    return { totalHits: w.hits, resetTime: w.resetAt };
  }

  async decrement(key: string): Promise<void> {
    await this.#repo.decrement(this.prefix, key, this.#windowMs);
  }

  async resetKey(key: string): Promise<void> {
    await this.#repo.reset(this.prefix, key);
  }
}

/**
 * A rate limiter of the deployment: express-rate-limit with the database store, standard
 * `RateLimit` headers (draft 7), and the caller's key generator, skip rule and 429 handler.
 */
export function sharedRateLimit(
  deployment: Deployment,
  name: string,
  rule: RateLimitRule,
  options: Pick<Partial<Options>, 'keyGenerator' | 'skip' | 'handler'>,
): RateLimitRequestHandler {
  return rateLimit({
    ...options,
    windowMs: rule.windowMs,
    limit: rule.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store: new DatabaseRateLimitStore(deployment.db.rateLimits, name),
  });
}
