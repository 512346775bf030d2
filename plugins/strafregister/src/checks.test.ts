import { describe, expect, it } from 'vitest';
import { strafregisterOptions, strafregisterPlugin } from './index.js';

const check = (raw: unknown) => strafregisterPlugin.checks!({ options: strafregisterOptions.parse(raw) });

describe('strafregister configuration check (smartloket doctor)', () => {
  it('passes the defaults', async () => {
    const found = await check({});
    expect(found.every((c) => c.ok && !c.warning)).toBe(true);
    expect(found.map((c) => c.name)).toEqual(['models', 'polling']);
  });

  it('fails a model listed twice and polling that cannot work', async () => {
    const found = await check({ models: ['595', '595'], firstPollMinutes: 600, maxPollIntervalHours: 6 });
    expect(found.filter((c) => !c.ok).map((c) => c.detail)).toEqual([
      'listed more than once: 595',
      'firstPollMinutes (600) is longer than maxPollIntervalHours (6 h)',
    ]);
    const late = await check({ maxPollIntervalHours: 48, maxPendingDays: 2 });
    expect(late.find((c) => c.name === 'polling')?.ok).toBe(false);
  });

  it('warns when no model is offered', async () => {
    expect((await check({ models: [] })).find((c) => c.name === 'models')).toMatchObject({
      ok: true,
      warning: true,
    });
  });
});
