import Holidays from 'date-holidays';

/**
 * Working days on the Belgian calendar, in Europe/Brussels (decision 0902): no weekends, no
 * federal public holidays (New Year, Easter Monday, 1 May, Ascension, Whit Monday, 21 July,
 * 15 August, 1 November, 11 November, 25 December), no Flemish holiday (11 July) and none of the
 * municipality's own closing days. Days are ISO dates (`2026-07-13`) in Brussels.
 */

/** The time zone of every deadline. */
export const DEADLINE_TIME_ZONE = 'Europe/Brussels';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: DEADLINE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const offsetFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: DEADLINE_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** True when `day` is an ISO date (`YYYY-MM-DD`) that exists. */
export function isIsoDay(day: string): boolean {
  if (!ISO_DAY.test(day)) return false;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/** The Brussels calendar day of an instant (`2026-07-13`). */
export function brusselsDay(instant: Date): string {
  return dateFormat.format(instant);
}

/** Milliseconds Brussels is ahead of UTC at an instant (3,600,000 or 7,200,000). */
function brusselsOffset(ms: number): number {
  const p = Object.fromEntries(offsetFormat.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const local = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return local - Math.floor(ms / 1000) * 1000;
}

/** The instant a Brussels day starts (midnight local time). */
export function startOfBrusselsDay(day: string): Date {
  if (!isIsoDay(day)) throw new RangeError(`not an ISO day: ${day}`);
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  // Two hours before UTC midnight Brussels is still on the previous day's offset: the clocks
  // change at 01:00 UTC, after local midnight.
  return new Date(utcMidnight - brusselsOffset(utcMidnight - 2 * 3_600_000));
}

/** The ISO day `n` calendar days after `day` (negative: before). */
export function addCalendarDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Why a day is not a working day, or undefined when it is one. */
export type DayOff =
  | {
      /** Saturday or Sunday. */
      kind: 'weekend';
    }
  | {
      /** A federal public holiday or the Flemish holiday (11 July). */
      kind: 'holiday';
      /** The holiday's name (Dutch). */
      name: string;
    }
  | {
      /** One of the municipality's own closing days. */
      kind: 'closing';
      /** What it is, as the administrator named it. */
      name?: string | undefined;
    };

/** A municipality's own closing day (a bridge day, the local fair). */
export interface ClosingDay {
  /** ISO day. */
  date: string;
  /** What it is, for the back-office. */
  name?: string | undefined;
}

const holidayCache = new Map<number, Map<string, string>>();
let holidays: Holidays | undefined;

/**
 * The Belgian public holidays of a year with the Flemish Community's 11 July, by ISO day. From
 * `date-holidays` (BE, VLG): its `public` entries are the ten federal holidays; 11 July comes as
 * an `observance` and is taken by date (26 December, also an observance, is a working day).
 */
export function belgianHolidays(year: number): ReadonlyMap<string, string> {
  let found = holidayCache.get(year);
  if (!found) {
    holidays ??= new Holidays('BE', 'VLG', { types: ['public', 'observance'] });
    found = new Map();
    for (const h of holidays.getHolidays(year, 'nl')) {
      const day = h.date.slice(0, 10);
      if (h.type === 'public' || day.endsWith('-07-11')) found.set(day, h.name);
    }
    holidayCache.set(year, found);
  }
  return found;
}

/**
 * Counts working days: weekends, Belgian holidays and the municipality's closing days are off.
 * Adding working days skips the start day itself: a lead time of 10 working days from a
 * submission on Monday 5 January 2026 ends on Monday 19 January.
 */
export class WorkingCalendar {
  readonly #closing: Map<string, string | undefined>;

  /** @param closingDays - The municipality's closing days; entries that are no ISO day are ignored. */
  constructor(closingDays: readonly (ClosingDay | string)[] = []) {
    this.#closing = new Map();
    for (const c of closingDays) {
      const entry = typeof c === 'string' ? { date: c } : c;
      if (isIsoDay(entry.date)) this.#closing.set(entry.date, entry.name);
    }
  }

  /** Why `day` is off, or undefined for a working day. */
  dayOff(day: string): DayOff | undefined {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) return { kind: 'weekend' };
    const holiday = belgianHolidays(Number(day.slice(0, 4))).get(day);
    if (holiday) return { kind: 'holiday', name: holiday };
    if (this.#closing.has(day)) return { kind: 'closing', name: this.#closing.get(day) };
    return undefined;
  }

  /** True when `day` (ISO) is a working day. */
  isWorkingDay(day: string): boolean {
    return this.dayOff(day) === undefined;
  }

  /**
   * The `n`th working day after `day` (`n` = 0: `day` itself when it is a working day, else the
   * next one). Negative `n` counts back.
   */
  addWorkingDays(day: string, n: number): string {
    if (!Number.isInteger(n)) throw new RangeError('working days must be a whole number');
    let d = day;
    if (n === 0) {
      while (!this.isWorkingDay(d)) d = addCalendarDays(d, 1);
      return d;
    }
    const step = n > 0 ? 1 : -1;
    for (let left = Math.abs(n); left > 0; ) {
      d = addCalendarDays(d, step);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /** Working days in (`from`, `to`]: 0 when `to` is not after `from`. */
  workingDaysBetween(from: string, to: string): number {
    let n = 0;
    for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) {
      if (this.isWorkingDay(d)) n++;
    }
    return n;
  }

  /**
   * The due day of a request: `leadDays` working days after the Brussels day it was submitted,
   * plus the working days it waited for the requester.
   */
  dueDay(submittedAt: Date, leadDays: number, pausedWorkingDays = 0): string {
    return this.addWorkingDays(brusselsDay(submittedAt), leadDays + pausedWorkingDays);
  }
}

/** Where a due day stands on a given day: past it, on it, or still ahead. */
export function dueStatus(dueDay: string, today: string): 'overdue' | 'today' | 'upcoming' {
  return dueDay < today ? 'overdue' : dueDay === today ? 'today' : 'upcoming';
}
