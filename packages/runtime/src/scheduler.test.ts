import { HOUR, ManualClock, silentLogger } from '@smartloket/core';
import { forEachDatabase } from '@smartloket/db/testing';
import { describe, expect, it } from 'vitest';
import {
  latestOccurrence,
  localDate,
  nextOccurrence,
  parseTimeOfDay,
  Scheduler,
  scheduleKey,
  zonedInstant,
} from './scheduler.js';

describe('daily schedule times (Europe/Brussels)', () => {
  it('puts a wall-clock time at the right instant in winter and in summer', () => {
    expect(zonedInstant('2026-01-05', '07:00').toISOString()).toBe('2026-01-05T06:00:00.000Z');
    expect(zonedInstant('2026-07-01', '07:00').toISOString()).toBe('2026-07-01T05:00:00.000Z');
    expect(zonedInstant('2026-03-28', '07:00').toISOString()).toBe('2026-03-28T06:00:00.000Z');
    expect(zonedInstant('2026-03-29', '07:00').toISOString()).toBe('2026-03-29T05:00:00.000Z');
    expect(zonedInstant('2026-10-25', '07:00').toISOString()).toBe('2026-10-25T06:00:00.000Z');
  });

  it('moves a time that does not exist (spring change) forward, and takes the first of a doubled one', () => {
    // 02:30 does not exist on 29 March 2026: 03:30 summer time.
    expect(zonedInstant('2026-03-29', '02:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 October 2026: the first, still summer time.
    expect(zonedInstant('2026-10-25', '02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('finds the local day, the latest and the next run', () => {
    expect(localDate(new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
    expect(latestOccurrence(new Date('2026-03-29T04:59:00Z'), '07:00')).toEqual({
      period: '2026-03-28',
      runAt: new Date('2026-03-28T06:00:00Z'),
    });
    expect(latestOccurrence(new Date('2026-03-29T05:00:00Z'), '07:00')).toEqual({
      period: '2026-03-29',
      runAt: new Date('2026-03-29T05:00:00Z'),
    });
    expect(nextOccurrence(new Date('2026-03-29T05:00:00Z'), '07:00').period).toBe('2026-03-30');
    expect(nextOccurrence(new Date('2026-03-28T23:00:00Z'), '07:00').runAt.toISOString()).toBe(
      '2026-03-29T05:00:00.000Z',
    );
    expect(() => parseTimeOfDay('7:00')).toThrow(TypeError);
    expect(() => parseTimeOfDay('24:00')).toThrow(TypeError);
  });
});

forEachDatabase('scheduler', (_url, t) => {
  it('two schedulers on one database enqueue one job per day, and a late start catches up once', async () => {
    const clock = new ManualClock('2026-03-27T05:00:00Z'); // 06:00 in Brussels, before 07:00
    const a = new Scheduler(await t.open({ clock }), [{ name: 'report', at: '07:00', type: 'test.daily' }], {
      logger: silentLogger,
    });
    const b = new Scheduler(await t.open({ clock }), [{ name: 'report', at: '07:00', type: 'test.daily' }]);
    const keys = async () =>
      (await t.db.knex('jobs').where({ type: 'test.daily' }).orderBy('run_at').select('key', 'run_at')).map(
        (r: { key: string; run_at: unknown }) => [r.key, new Date(Number(r.run_at)).toISOString()],
      );

    // Every half hour for three days (across the change to summer time), both tick at once.
    for (let i = 0; i < 6 * 24; i++) {
      await Promise.all([a.tick(), b.tick()]);
      clock.advance(HOUR / 2);
    }
    expect(await keys()).toEqual([
      // The first start, before 07:00, catches up yesterday's run once.
      [scheduleKey('report', '2026-03-26'), '2026-03-26T06:00:00.000Z'],
      [scheduleKey('report', '2026-03-27'), '2026-03-27T06:00:00.000Z'],
      [scheduleKey('report', '2026-03-28'), '2026-03-28T06:00:00.000Z'],
      [scheduleKey('report', '2026-03-29'), '2026-03-29T05:00:00.000Z'],
    ]);

    // Down for four days, started again at 09:00: only today's run, not one per missed day.
    clock.set('2026-04-03T07:00:00Z');
    await Promise.all([a.tick(), b.tick(), a.tick()]);
    const after = await keys();
    expect(after).toHaveLength(5);
    expect(after[4]).toEqual([scheduleKey('report', '2026-04-03'), '2026-04-03T05:00:00.000Z']);
  });
});
