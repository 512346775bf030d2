/**
 * The one source of time. Everything that reads time (lifecycle, queue scheduling, retention,
 * simulators) takes a Clock, so tests move time instead of sleeping.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. For tests, simulators and demos. */
export class ManualClock implements Clock {
  #ms: number;

  /** @param start - The clock's first instant (default 5 January 2026, 09:00 UTC). */
  constructor(start: Date | string | number = '2026-01-05T09:00:00.000Z') {
    this.#ms = new Date(start).getTime();
    if (Number.isNaN(this.#ms)) throw new TypeError(`ManualClock: invalid start ${String(start)}`);
  }

  /** The clock's current instant; the same until the clock is moved. */
  now(): Date {
    return new Date(this.#ms);
  }

  /** Moves the clock forward by `ms` milliseconds (never backwards). */
  advance(ms: number): Date {
    if (ms < 0) throw new RangeError('ManualClock.advance: time does not go backwards');
    this.#ms += ms;
    return this.now();
  }

  /** Sets the clock to an instant at or after the current one. */
  set(to: Date | string | number): Date {
    const ms = new Date(to).getTime();
    if (ms < this.#ms) throw new RangeError('ManualClock.set: time does not go backwards');
    this.#ms = ms;
    return this.now();
  }
}

/**
 * A clock that runs at wall speed from an offset that can be moved forward. Simulators and the
 * demo use it so that "jump six hours ahead" works without freezing time.
 */
export class OffsetClock implements Clock {
  #offset = 0;
  /** The wall clock plus the offset. */
  now(): Date {
    return new Date(Date.now() + this.#offset);
  }
  /** Moves the clock forward by `ms` milliseconds (never backwards); returns the new instant. */
  advance(ms: number): Date {
    if (ms < 0) throw new RangeError('OffsetClock.advance: time does not go backwards');
    this.#offset += ms;
    return this.now();
  }
}

/** One minute in milliseconds. */
export const MINUTE = 60_000;
/** One hour in milliseconds. */
export const HOUR = 60 * MINUTE;
/** One day (24 hours) in milliseconds. */
export const DAY = 24 * HOUR;

/** Adds calendar months in UTC, clamping to the last day of the target month. */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}
