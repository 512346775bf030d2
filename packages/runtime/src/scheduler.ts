import type { Logger } from '@smartloket/core';
import type { Database, JobRecord } from '@smartloket/db';

/** The time zone of every schedule: the municipality's wall clock. */
export const SCHEDULE_TIME_ZONE = 'Europe/Brussels';

/** A daily job: `type` runs once per local day at `at` (HH:MM, wall-clock time in `timeZone`). */
export interface DailySchedule {
  /** Names the schedule in job keys (`schedule:<name>:<YYYY-MM-DD>`); stable across releases. */
  name: string;
  /** Local time of day, `HH:MM` (24 h). */
  at: string;
  /** IANA time zone; default {@link SCHEDULE_TIME_ZONE}. */
  timeZone?: string | undefined;
  /** The job type to enqueue. */
  type: string;
  /** Attempts before the job is dead-lettered (the queue's default when absent). */
  maxAttempts?: number | undefined;
}

/** One scheduled run: the local day it belongs to and the instant it is due. */
export interface Occurrence {
  /** The local date, `YYYY-MM-DD`. */
  period: string;
  /** The instant of `at` on that local date. */
  runAt: Date;
}

/** The payload of a scheduled job. */
export interface ScheduledJobPayload {
  schedule: string;
  period: string;
  /** ISO instant the run was due. */
  scheduledAt: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Parses `HH:MM`; throws a TypeError for anything else. */
export function parseTimeOfDay(at: string): { hour: number; minute: number } {
  const m = HHMM.exec(at);
  if (!m) throw new TypeError(`"${at}" is not a time of day (HH:MM)`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of `instant` in `timeZone`. */
function wallClock(instant: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The offset of `timeZone` from UTC at `instant`, in ms (Brussels: +1 h in winter, +2 h in summer). */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The local date (`YYYY-MM-DD`) of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone = SCHEDULE_TIME_ZONE): string {
  const w = wallClock(instant.getTime(), timeZone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/**
 * The instant of wall-clock time `at` on local date `date` (`YYYY-MM-DD`) in `timeZone`,
 * DST-correct: a time that occurs twice (the autumn change) is its first occurrence; a time
 * that does not exist (the spring change, e.g. 02:30) is moved forward by the gap (03:30).
 */
export function zonedInstant(date: string, at: string, timeZone = SCHEDULE_TIME_ZONE): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const { hour, minute } = parseTimeOfDay(at);
  const wall = Date.UTC(y, mo - 1, d, hour, minute);
  // The offset is at most a few hours and changes at most once around a given day.
  const before = wall - offsetAt(wall - 12 * 3600_000, timeZone);
  const after = wall - offsetAt(wall + 12 * 3600_000, timeZone);
  const matches = [before, after].filter((t) => {
    const w = wallClock(t, timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) === wall;
  });
  if (matches.length > 0) return new Date(Math.min(...matches));
  // In the gap: the offset before the change puts it as far after the change as it was meant.
  return new Date(before);
}

/** Adds `days` to a local date (`YYYY-MM-DD`). */
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The most recent run of a daily schedule at or before `now` (today's, or yesterday's when not yet due). */
export function latestOccurrence(now: Date, at: string, timeZone = SCHEDULE_TIME_ZONE): Occurrence {
  const today = localDate(now, timeZone);
  const todays = zonedInstant(today, at, timeZone);
  if (todays.getTime() <= now.getTime()) return { period: today, runAt: todays };
  const yesterday = addDays(today, -1);
  return { period: yesterday, runAt: zonedInstant(yesterday, at, timeZone) };
}

/** The first run of a daily schedule after `now`. */
export function nextOccurrence(now: Date, at: string, timeZone = SCHEDULE_TIME_ZONE): Occurrence {
  const today = localDate(now, timeZone);
  const todays = zonedInstant(today, at, timeZone);
  if (todays.getTime() > now.getTime()) return { period: today, runAt: todays };
  const tomorrow = addDays(today, 1);
  return { period: tomorrow, runAt: zonedInstant(tomorrow, at, timeZone) };
}

/** The dedupe key of one run: one job per schedule and local day, whoever enqueues it. */
export function scheduleKey(name: string, period: string): string {
  return `schedule:${name}:${period}`;
}

/**
 * Enqueues daily jobs. Every worker calls {@link Scheduler.tick} at start and about once a
 * minute; each tick enqueues, for each schedule, the job of its most recent run (today's once
 * due, else yesterday's) under the dedupe key `schedule:<name>:<local date>` with `runAt` at the
 * scheduled instant. The key makes it safe with any number of workers (one job per day), and
 * because only the most recent run is enqueued, a worker that was down catches up once, not once
 * per missed day. Time comes from the database's clock.
 */
export class Scheduler {
  readonly #db: Database;
  readonly #schedules: readonly DailySchedule[];
  readonly #logger: Logger | undefined;

  constructor(db: Database, schedules: readonly DailySchedule[], options: { logger?: Logger } = {}) {
    for (const s of schedules) parseTimeOfDay(s.at);
    this.#db = db;
    this.#schedules = schedules;
    this.#logger = options.logger;
  }

  /** The schedules this scheduler keeps. */
  get schedules(): readonly DailySchedule[] {
    return this.#schedules;
  }

  /** Enqueues the most recent run of every schedule (a no-op for runs already enqueued). */
  async tick(): Promise<JobRecord<ScheduledJobPayload>[]> {
    const now = this.#db.clock.now();
    const jobs: JobRecord<ScheduledJobPayload>[] = [];
    for (const s of this.#schedules) {
      const { period, runAt } = latestOccurrence(now, s.at, s.timeZone ?? SCHEDULE_TIME_ZONE);
      const key = scheduleKey(s.name, period);
      const payload: ScheduledJobPayload = { schedule: s.name, period, scheduledAt: runAt.toISOString() };
      const job = await this.#db.jobs.enqueue<ScheduledJobPayload>({
        type: s.type,
        payload,
        runAt,
        key,
        maxAttempts: s.maxAttempts,
      });
      if (job.createdAt.getTime() === now.getTime() && job.state === 'queued')
        this.#logger?.debug('scheduler: enqueued', { schedule: s.name, period });
      jobs.push(job);
    }
    return jobs;
  }
}
