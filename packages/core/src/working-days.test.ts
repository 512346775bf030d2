import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  belgianHolidays,
  brusselsDay,
  dueStatus,
  startOfBrusselsDay,
  WorkingCalendar,
} from './working-days.js';

describe('Belgian holidays', () => {
  // Easter Sunday: 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28, 2038-04-25.
  const easter: Record<number, [string, string, string]> = {
    2024: ['2024-04-01', '2024-05-09', '2024-05-20'],
    2025: ['2025-04-21', '2025-05-29', '2025-06-09'],
    2026: ['2026-04-06', '2026-05-14', '2026-05-25'],
    2027: ['2027-03-29', '2027-05-06', '2027-05-17'],
    2038: ['2038-04-26', '2038-06-03', '2038-06-14'],
  };
  for (const [year, [monday, ascension, whitMonday]] of Object.entries(easter)) {
    it(`has Easter Monday, Ascension and Whit Monday of ${year}`, () => {
      const calendar = new WorkingCalendar();
      for (const day of [monday, ascension, whitMonday]) {
        expect(calendar.dayOff(day)).toMatchObject({ kind: 'holiday' });
      }
      // The days around them are working days (Tuesday after Easter, Friday after Ascension).
      expect(calendar.isWorkingDay(addCalendarDays(monday, 1))).toBe(true);
      expect(calendar.isWorkingDay(addCalendarDays(ascension, 1))).toBe(true);
    });
  }

  it('has the fixed federal holidays and 11 July, not the observances', () => {
    const days = [...belgianHolidays(2026).keys()].sort();
    expect(days).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-07-11',
      '2026-07-21',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
    const calendar = new WorkingCalendar();
    // 11 July 2025 is a Friday: off in Flanders.
    expect(calendar.dayOff('2025-07-11')).toEqual({
      kind: 'holiday',
      name: expect.stringMatching(/Vlaamse/),
    });
    // 26 December, 2 November and 6 December are working days.
    expect(calendar.isWorkingDay('2025-12-26')).toBe(true);
    expect(calendar.isWorkingDay('2026-11-02')).toBe(true);
    expect(calendar.isWorkingDay('2025-11-12')).toBe(true);
  });
});

describe('WorkingCalendar', () => {
  it('skips weekends and holidays when adding working days', () => {
    const calendar = new WorkingCalendar();
    expect(calendar.addWorkingDays('2026-01-05', 10)).toBe('2026-01-19');
    // Wednesday 9 July 2025 + 2: Thursday 10, (Friday 11 July off), Monday 14.
    expect(calendar.addWorkingDays('2025-07-09', 2)).toBe('2025-07-14');
    // Friday 19 December 2025 + 5: 22, 23, 24, (25 off), 26, 29.
    expect(calendar.addWorkingDays('2025-12-19', 5)).toBe('2025-12-29');
    // Over Easter 2026: Thursday 2 April + 2 = Friday 3, (Monday 6 off), Tuesday 7.
    expect(calendar.addWorkingDays('2026-04-02', 2)).toBe('2026-04-07');
    expect(calendar.addWorkingDays('2026-04-07', -2)).toBe('2026-04-02');
    // Zero from a Saturday: the next working day.
    expect(calendar.addWorkingDays('2026-01-10', 0)).toBe('2026-01-12');
  });

  it("skips the municipality's closing days", () => {
    const calendar = new WorkingCalendar([{ date: '2026-05-15', name: 'Brugdag' }, '2026-05-26', 'nonsense']);
    expect(calendar.dayOff('2026-05-15')).toEqual({ kind: 'closing', name: 'Brugdag' });
    // Wednesday 13 May + 3: (14 Ascension, 15 closing) 18, 19, 20.
    expect(calendar.addWorkingDays('2026-05-13', 3)).toBe('2026-05-20');
    expect(new WorkingCalendar().addWorkingDays('2026-05-13', 3)).toBe('2026-05-19');
    // Friday 22 May + 1: (25 Whit Monday, 26 closing) Wednesday 27.
    expect(calendar.addWorkingDays('2026-05-22', 1)).toBe('2026-05-27');
  });

  it('counts working days between two days and adds the paused ones to the due day', () => {
    const calendar = new WorkingCalendar();
    expect(calendar.workingDaysBetween('2026-01-05', '2026-01-05')).toBe(0);
    expect(calendar.workingDaysBetween('2026-01-09', '2026-01-12')).toBe(1);
    expect(calendar.workingDaysBetween('2026-07-08', '2026-07-22')).toBe(9);
    const submitted = new Date('2026-01-05T10:00:00Z');
    expect(calendar.dueDay(submitted, 10)).toBe('2026-01-19');
    // Three working days waiting for the requester move it three working days.
    expect(calendar.dueDay(submitted, 10, 3)).toBe('2026-01-22');
  });

  it('counts days in Europe/Brussels', () => {
    // 23:30 UTC on 4 January is 00:30 on 5 January in Brussels.
    expect(brusselsDay(new Date('2026-01-04T23:30:00Z'))).toBe('2026-01-05');
    expect(brusselsDay(new Date('2026-07-12T22:30:00Z'))).toBe('2026-07-13');
    expect(startOfBrusselsDay('2026-01-05').toISOString()).toBe('2026-01-04T23:00:00.000Z');
    expect(startOfBrusselsDay('2026-07-13').toISOString()).toBe('2026-07-12T22:00:00.000Z');
    // The days the clocks change.
    expect(startOfBrusselsDay('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfBrusselsDay('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(() => startOfBrusselsDay('2026-02-30')).toThrow(RangeError);
  });

  it('tells overdue, today and upcoming', () => {
    expect(dueStatus('2026-01-04', '2026-01-05')).toBe('overdue');
    expect(dueStatus('2026-01-05', '2026-01-05')).toBe('today');
    expect(dueStatus('2026-01-06', '2026-01-05')).toBe('upcoming');
  });
});
