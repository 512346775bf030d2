import { DAY } from '@smartloket/core';
import { expect, it } from 'vitest';
import { hashToken } from './index.js';
import { forEachDatabase } from './testing.js';

forEachDatabase('device checks', (_url, t) => {
  it('keeps only hashes, opens only its own scope, ends at its expiry and is cleared afterwards', async () => {
    const until = new Date(t.clock.now().getTime() + 90 * DAY);
    const token = await t.db.deviceChecks.create('follow:link-a', until);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await t.db.knex('device_checks').select('*');
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain('link-a');
    expect(rows[0].token_hash).toBe(hashToken(token));

    expect(await t.db.deviceChecks.valid(token, 'follow:link-a')).toBe(true);
    expect(await t.db.deviceChecks.valid(token, 'follow:link-b')).toBe(false);
    expect(
      await t.db.deviceChecks.valid(
        `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`,
        'follow:link-a',
      ),
    ).toBe(false);
    expect(await t.db.deviceChecks.valid('not a token', 'follow:link-a')).toBe(false);

    t.clock.advance(89 * DAY);
    expect(await t.db.deviceChecks.valid(token, 'follow:link-a')).toBe(true);
    t.clock.advance(DAY);
    expect(await t.db.deviceChecks.valid(token, 'follow:link-a')).toBe(false);
    // Expired rows go when the next check is recorded.
    await t.db.deviceChecks.create('follow:link-b', new Date(t.clock.now().getTime() + DAY));
    expect(
      await t.db
        .knex('device_checks')
        .where({ token_hash: hashToken(token) })
        .first(),
    ).toBeUndefined();
  });
});
