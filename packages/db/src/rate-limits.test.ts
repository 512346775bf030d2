import { expect, it } from 'vitest';
import { forEachDatabase } from './testing.js';

const MINUTE = 60_000;

forEachDatabase('rate limits', (_url, t) => {
  it('counts hits per limiter, key and fixed window, without the key in clear', async () => {
    const start = t.clock.now().getTime();
    const windowEnd = Math.floor(start / MINUTE) * MINUTE + MINUTE;
    expect(await t.db.rateLimits.hit('login/60000', '192.0.2.7', MINUTE)).toEqual({
      hits: 1,
      resetAt: new Date(windowEnd),
    });
    expect((await t.db.rateLimits.hit('login/60000', '192.0.2.7', MINUTE)).hits).toBe(2);
    expect((await t.db.rateLimits.hit('login/60000', '192.0.2.8', MINUTE)).hits).toBe(1);
    expect((await t.db.rateLimits.hit('submit/60000', '192.0.2.7', MINUTE)).hits).toBe(1);
    expect((await t.db.rateLimits.get('login/60000', '192.0.2.7', MINUTE))?.hits).toBe(2);
    const rows = await t.db.knex('rate_limit_windows').select();
    expect(rows).toHaveLength(3);
    expect(JSON.stringify(rows)).not.toContain('192.0.2');

    await t.db.rateLimits.decrement('login/60000', '192.0.2.7', MINUTE);
    expect((await t.db.rateLimits.get('login/60000', '192.0.2.7', MINUTE))?.hits).toBe(1);
    await t.db.rateLimits.reset('login/60000', '192.0.2.7');
    expect(await t.db.rateLimits.get('login/60000', '192.0.2.7', MINUTE)).toBeUndefined();

    t.clock.set(new Date(windowEnd));
    expect((await t.db.rateLimits.hit('login/60000', '192.0.2.8', MINUTE)).hits).toBe(1);
  });

  it('counts concurrent hits from two handles exactly once each', async () => {
    const other = await t.open({ clock: t.clock });
    const n = 40;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        (i % 2 ? other : t.db).rateLimits.hit('race/3600000', 'k', 3_600_000),
      ),
    );
    expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual(
      Array.from({ length: n }, (_, i) => i + 1),
    );
  });

  it('deletes windows that have ended, on the fly', async () => {
    await t.db.rateLimits.hit('old/60000', 'a', MINUTE);
    t.clock.advance(10 * MINUTE);
    await t.db.rateLimits.hit('new/60000', 'b', MINUTE);
    const limiters = (await t.db.knex('rate_limit_windows').select('limiter')).map((r) => r.limiter);
    expect(limiters).not.toContain('old/60000');
    expect(limiters).toContain('new/60000');
    await t.db.rateLimits.hit('short/1000', 'c', 1000);
    t.clock.advance(2000);
    expect(await t.db.rateLimits.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await t.db.rateLimits.get('new/60000', 'b', MINUTE)).toBeDefined();
  });
});
