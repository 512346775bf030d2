import { expect, it } from 'vitest';
import { forEachDatabase } from './testing.js';

forEachDatabase('notification preferences and e-Box outbox rows', (_url, t) => {
  it('keeps the e-mail copy preference per subject, a copy by default', async () => {
    expect(await t.db.preferences.get('sub-a')).toEqual({ eboxMailCopy: true });
    await t.db.preferences.set('sub-a', { eboxMailCopy: false });
    expect(await t.db.preferences.get('sub-a')).toEqual({ eboxMailCopy: false });
    expect(await t.db.preferences.get('sub-b')).toEqual({ eboxMailCopy: true });
    await t.db.preferences.set('sub-a', { eboxMailCopy: true });
    expect(await t.db.preferences.get('sub-a')).toEqual({ eboxMailCopy: true });
  });

  it('stores e-Box rows, ends them failed or skipped, and keeps the answer when sent', async () => {
    const add = (key: string) =>
      t.db.outbox.add({ kind: 'ebox', dedupeKey: key, recipient: 'citizen:x', payload: { kind: 'ebox' } });
    const a = await add('ebox:r1:2');
    expect((await t.db.outbox.getByDedupeKey('ebox:r1:2'))?.id).toBe(a.id);
    expect(await t.db.outbox.markEnded(a.id, 'failed', 'e-Box 400')).toBe(true);
    expect(await t.db.outbox.markEnded(a.id, 'skipped')).toBe(false);
    expect(await t.db.outbox.get(a.id)).toMatchObject({ state: 'failed', lastError: 'e-Box 400' });
    const b = await add('ebox:r1:3');
    expect(await t.db.outbox.markSent(b.id, 'm-1', { kind: 'ebox', result: { noDigitalUser: true } })).toBe(
      true,
    );
    expect(await t.db.outbox.get(b.id)).toMatchObject({
      state: 'sent',
      messageId: 'm-1',
      payload: { kind: 'ebox', result: { noDigitalUser: true } },
    });
  });
});
