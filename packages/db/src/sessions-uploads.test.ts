import { HOUR } from '@smartloket/core';
import { expect, it } from 'vitest';
import { hashSessionId } from './index.js';
import { forEachDatabase } from './testing.js';

forEachDatabase('sessions and uploads', (_url, t) => {
  it('stores sessions under a hash of their id and honours expiry against the clock', async () => {
    const id = 'a-secret-session-id';
    const expiresAt = new Date(t.clock.now().getTime() + HOUR);
    const created = await t.db.sessions.create(id, {
      data: { step: 1 },
      identity: { subject: 'u1' },
      expiresAt,
    });
    expect(created.idHash).toBe(hashSessionId(id));
    expect(await t.db.knex('sessions').where({ id }).first()).toBeUndefined(); // never the raw id
    t.clock.advance(1000);
    expect(await t.db.sessions.update(id, { data: { step: 2 } })).toBe(true);
    const s = await t.db.sessions.get(id);
    expect(s).toMatchObject({ data: { step: 2 }, identity: { subject: 'u1' }, lastSeenAt: t.clock.now() });
    t.clock.set(expiresAt);
    expect(await t.db.sessions.get(id)).toBeUndefined();
    expect(await t.db.sessions.delete(id)).toBe(true);
    expect(await t.db.sessions.touch(id)).toBe(false);
  });

  it('stores uploads with size and hash, attaches them once, reads their bytes', async () => {
    const up = await t.db.uploads.insert({
      fileName: 'a.txt',
      mediaType: 'text/plain',
      bytes: Buffer.from('hello'),
      purgeAt: new Date('2026-03-03T09:00:00Z'),
    });
    expect(up).toMatchObject({ size: 5, requestId: null });
    expect(up.sha256).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect((await t.db.uploads.readBytes(up.id))?.toString()).toBe('hello');
    expect(await t.db.uploads.attach(up.id, 'req-1')).toBe(true);
    expect(await t.db.uploads.attach(up.id, 'req-2')).toBe(false);
    // Attached, the file is kept with the request's form, no longer by its own purge date.
    expect((await t.db.uploads.get(up.id))?.purgeAt).toBeNull();
    expect((await t.db.uploads.listByRequest('req-1')).map((u) => u.id)).toEqual([up.id]);
    expect(await t.db.uploads.delete(up.id)).toBe(true);
    expect(await t.db.uploads.readBytes(up.id)).toBeUndefined();
  });
});
