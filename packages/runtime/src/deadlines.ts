import {
  brusselsDay,
  type ClosingDay,
  isIsoDay,
  type Kernel,
  startOfBrusselsDay,
  WorkingCalendar,
} from '@smartloket/core';

/** The municipality's closing days: a list of `{ date, name? }` or ISO days (back-office setting). */
export const CLOSING_DAYS_SETTING = 'municipality.closingDays';

/** The municipality's lead time of a request type in working days (overrides the plugin's). */
export const leadTimeSetting = (typeId: string) => `requestType.${typeId}.leadTimeDays`;

/** Working days a requester has to answer a question, by default (overrides the plugin's). */
export const answerDaysSetting = (typeId: string) => `requestType.${typeId}.answerDays`;

/** `return` or `close`: what a question without an answer does (overrides the plugin's). */
export const onNoAnswerSetting = (typeId: string) => `requestType.${typeId}.onNoAnswer`;

/** Answer days when neither the plugin nor the municipality says. */
export const DEFAULT_ANSWER_DAYS = 10;

/** Working days before the answer-by date that the reminder goes out. */
export const REMINDER_WORKING_DAYS = 2;

/** The requests whose due dates {@link Deadlines.moveDueDates} moves (the requests repository). */
export interface DueDateStore {
  openDueAcross(
    dayStart: Date,
    options?: { afterId?: string; limit?: number },
  ): Promise<{ id: string; createdAt: Date; dueAt: Date | null }[]>;
  moveDueAt(id: string, expected: Date, dueAt: Date): Promise<boolean>;
}

/** Reads settings (the repository's `cached`, or a plain map in tests). */
export interface SettingsReader {
  cached<T = unknown>(key: string): Promise<T | undefined>;
}

/** A whole number of working days from a setting, or undefined when it holds none. */
function days(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 3650 ? n : undefined;
}

/** The closing days a setting holds; anything that is not an ISO day is left out. */
export function parseClosingDays(value: unknown): ClosingDay[] {
  if (!Array.isArray(value)) return [];
  const out: ClosingDay[] = [];
  for (const v of value) {
    if (typeof v === 'string' && isIsoDay(v)) out.push({ date: v });
    else if (v && typeof v === 'object' && typeof (v as ClosingDay).date === 'string') {
      const { date, name } = v as ClosingDay;
      if (isIsoDay(date)) out.push({ date, name: typeof name === 'string' ? name.slice(0, 100) : undefined });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Deadlines of requests (decision 0902): the municipality's calendar, the lead time and question
 * policy of each request type (plugin default, back-office override) and the due dates computed
 * from them. Due dates are stored as the start of the due day in Europe/Brussels.
 */
export class Deadlines {
  constructor(
    private readonly kernel: Kernel,
    private readonly settings: SettingsReader,
  ) {}

  /** The working-day calendar with the municipality's closing days. */
  async calendar(): Promise<WorkingCalendar> {
    return new WorkingCalendar(parseClosingDays(await this.settings.cached(CLOSING_DAYS_SETTING)));
  }

  /** The plugin's lead time of a type, in working days. */
  defaultLeadTimeDays(typeId: string): number | undefined {
    return this.kernel.requestType(typeId)?.definition.leadTimeDays;
  }

  /** The lead time in force: the municipality's, else the plugin's; undefined: no due date. */
  async leadTimeDays(typeId: string): Promise<number | undefined> {
    return days(await this.settings.cached(leadTimeSetting(typeId))) ?? this.defaultLeadTimeDays(typeId);
  }

  /** The due date of a request of this type submitted at `submittedAt`, or null. */
  async dueAt(typeId: string, submittedAt: Date): Promise<Date | null> {
    const lead = await this.leadTimeDays(typeId);
    if (lead === undefined) return null;
    const calendar = await this.calendar();
    return startOfBrusselsDay(calendar.dueDay(submittedAt, lead));
  }

  /** The due date after `days` working days from `submittedAt` (a report category's handling time). */
  async dueAfter(days: number, submittedAt: Date): Promise<Date> {
    const calendar = await this.calendar();
    return startOfBrusselsDay(calendar.dueDay(submittedAt, days));
  }

  /**
   * The due date once the request stops waiting for the requester: moved by the working days
   * between the day it started waiting and `resumedAt`.
   */
  async resumedDueAt(dueAt: Date, pausedAt: Date, resumedAt: Date): Promise<Date> {
    const calendar = await this.calendar();
    const paused = calendar.workingDaysBetween(brusselsDay(pausedAt), brusselsDay(resumedAt));
    if (paused === 0) return dueAt;
    return startOfBrusselsDay(calendar.addWorkingDays(brusselsDay(dueAt), paused));
  }

  /**
   * Moves the due dates of the requests still to be handled after the closing days changed from
   * `before` to `after` (decision 0902): each request keeps its number of working days from
   * submission (lead time plus the pauses already counted), counted again on the new calendar.
   * Only requests whose span (submission day, due day] holds a day that changed are read.
   * Answer-by dates of questions are not moved: the requester was told that date. Returns how
   * many due dates moved.
   */
  async moveDueDates(
    before: readonly ClosingDay[],
    after: readonly ClosingDay[],
    requests: DueDateStore,
  ): Promise<number> {
    const was = new Set(before.map((d) => d.date));
    const is = new Set(after.map((d) => d.date));
    const changed = [...new Set([...was, ...is])].filter((d) => was.has(d) !== is.has(d)).sort();
    if (changed.length === 0) return 0;
    const old = new WorkingCalendar(before);
    const now = new WorkingCalendar(after);
    const seen = new Set<string>();
    let moved = 0;
    for (const day of changed) {
      let afterId: string | undefined;
      for (;;) {
        const batch = await requests.openDueAcross(startOfBrusselsDay(day), { afterId, limit: 500 });
        if (batch.length === 0) break;
        afterId = batch[batch.length - 1]!.id;
        for (const r of batch) {
          if (!r.dueAt || seen.has(r.id)) continue;
          seen.add(r.id);
          const submitted = brusselsDay(r.createdAt);
          const span = old.workingDaysBetween(submitted, brusselsDay(r.dueAt));
          const due = startOfBrusselsDay(now.addWorkingDays(submitted, span));
          if (due.getTime() !== r.dueAt.getTime() && (await requests.moveDueAt(r.id, r.dueAt, due))) moved++;
        }
      }
    }
    return moved;
  }

  /** Working days a requester has to answer a question of this type, by default. */
  async answerDays(typeId: string): Promise<number> {
    return (
      days(await this.settings.cached(answerDaysSetting(typeId))) ??
      this.kernel.requestType(typeId)?.definition.information?.answerDays ??
      DEFAULT_ANSWER_DAYS
    );
  }

  /** What a question without an answer does to a request of this type. */
  async onNoAnswer(typeId: string): Promise<'return' | 'close'> {
    const set = await this.settings.cached(onNoAnswerSetting(typeId));
    if (set === 'return' || set === 'close') return set;
    return this.kernel.requestType(typeId)?.definition.information?.onNoAnswer ?? 'return';
  }

  /** The default answer-by date (start of that Brussels day) of a question asked at `now`. */
  async defaultAnswerBy(typeId: string, now: Date): Promise<Date> {
    const calendar = await this.calendar();
    return startOfBrusselsDay(calendar.addWorkingDays(brusselsDay(now), await this.answerDays(typeId)));
  }

  /** The day (start, Brussels) the reminder of a question answered by `answerBy` is due. */
  async reminderAt(answerBy: Date): Promise<Date> {
    const calendar = await this.calendar();
    return startOfBrusselsDay(calendar.addWorkingDays(brusselsDay(answerBy), -REMINDER_WORKING_DAYS));
  }
}
