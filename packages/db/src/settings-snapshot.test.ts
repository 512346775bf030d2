import { expect, it } from 'vitest';
import { SettingsSnapshot } from './settings-snapshot.js';
import { forEachDatabase } from './testing.js';

it('keeps its copy for maxAgeMs, then reads again; a change during a read is not kept', async () => {
  let now = 0;
  let reads = 0;
  let release: (() => void) | undefined;
  const snapshot = new SettingsSnapshot(
    async () => {
      reads++;
      if (reads === 3) await new Promise<void>((r) => (release = r));
      return new Map([['k', reads]]);
    },
    { maxAgeMs: 100, now: () => now },
  );
  expect((await snapshot.values()).get('k')).toBe(1);
  now = 99;
  expect((await snapshot.values()).get('k')).toBe(1);
  now = 100;
  expect((await snapshot.values()).get('k')).toBe(2);
  now = 200;
  const slow = snapshot.values(); // read 3 starts, then a change commits
  await Promise.resolve();
  snapshot.invalidate();
  release?.();
  await slow;
  expect((await snapshot.values()).get('k')).toBe(4); // read 3 was not kept
  expect((await snapshot.values()).get('k')).toBe(4);
  expect(reads).toBe(4);
});

forEachDatabase('settings copy', (_url, t) => {
  it('drops the copy when a change through this process commits, also inside a transaction', async () => {
    expect(await t.db.settings.cached('x')).toBeUndefined();
    await t.db.settings.set('x', 1, 'admin');
    expect(await t.db.settings.cached('x')).toBe(1);
    await t.db.transaction(async (tx) => {
      await tx.settings.set('x', 2, 'admin');
      expect(await t.db.settings.cached('x')).toBe(1); // not committed yet
    });
    expect(await t.db.settings.cached('x')).toBe(2);
    await t.db.settings.delete('x', 'admin');
    expect(await t.db.settings.cached('x')).toBeUndefined();
  });
});
