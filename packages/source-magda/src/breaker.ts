import type { Clock } from '@smartloket/core';

/** Options of a {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before one trial call (half-open). Default 30 s. */
  resetAfterMs?: number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * A circuit breaker on the injected clock (so tests move time instead of sleeping).
 * Closed: calls pass; `failureThreshold` consecutive failures open it. Open: calls are refused
 * until `resetAfterMs` has passed. Half-open: one trial call passes; success closes the circuit,
 * failure opens it again. Only failures the caller reports count (transient errors).
 */
export class CircuitBreaker {
  readonly #clock: Clock;
  readonly #threshold: number;
  readonly #resetAfterMs: number;
  #failures = 0;
  #openedAt: number | undefined;
  #trialInFlight = false;

  constructor(clock: Clock, options: CircuitBreakerOptions = {}) {
    this.#clock = clock;
    this.#threshold = options.failureThreshold ?? 5;
    this.#resetAfterMs = options.resetAfterMs ?? 30_000;
    if (this.#threshold < 1) throw new RangeError('CircuitBreaker: failureThreshold must be at least 1');
  }

  get state(): CircuitState {
    if (this.#openedAt === undefined) return 'closed';
    return this.#clock.now().getTime() - this.#openedAt >= this.#resetAfterMs ? 'half-open' : 'open';
  }

  /** Milliseconds until a trial call is allowed (0 when calls pass). */
  retryAfterMs(): number {
    if (this.#openedAt === undefined) return 0;
    return Math.max(0, this.#openedAt + this.#resetAfterMs - this.#clock.now().getTime());
  }

  /** Asks to make a call. False when the circuit refuses it. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open') return false;
    if (this.#trialInFlight) return false;
    this.#trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.#failures = 0;
    this.#openedAt = undefined;
    this.#trialInFlight = false;
  }

  recordFailure(): void {
    const wasTrial = this.#trialInFlight;
    this.#trialInFlight = false;
    this.#failures += 1;
    if (wasTrial || this.#failures >= this.#threshold) this.#openedAt = this.#clock.now().getTime();
  }
}
