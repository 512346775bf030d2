import { HOUR, SYSTEM } from '@smartloket/core';
import { expect, it } from 'vitest';
import { hashToken } from './index.js';
import { forEachDatabase } from './testing.js';

forEachDatabase('e-mail confirmations and capability links', (_url, t) => {
  it('uses a confirmation once, even with two concurrent clicks, and never after it expires', async () => {
    const db = t.db;
    const expiresAt = new Date(t.clock.now().getTime() + 24 * HOUR);
    const { token, record } = await db.emailConfirmations.create({
      purpose: 'identity',
      subject: 's1',
      email: 'A@x.test',
      expiresAt,
    });
    const row = await db.knex('email_confirmations').where({ id: record.id }).first();
    expect(row.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const both = await Promise.all([
      db.emailConfirmations.consume(token),
      db.emailConfirmations.consume(token),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
    const late = await db.emailConfirmations.create({
      purpose: 'identity',
      subject: 's1',
      email: 'b@x.test',
      expiresAt,
    });
    expect(await db.emailConfirmations.countForAddress('a@X.test ', new Date(0))).toBe(1);
    t.clock.advance(25 * HOUR);
    expect(await db.emailConfirmations.consume(late.token)).toBeUndefined();
    expect((await db.retention.purge({ terms: {} })).emailConfirmations).toBe(2);
  });

  it('resolves a capability link while its request is open and until the term after it closed', async () => {
    const db = t.db;
    const r = await db.requests.insert({
      typeId: 'x.melding',
      pluginId: 'x',
      kind: 'report',
      locale: 'nl',
      requester: { kind: 'anonymous', id: 'anon:1', level: 'none', email: 'c@x.test' },
      subject: { relation: 'none' },
      form: {},
    });
    await db.events.append({ requestId: r.id, type: 'submit', toState: 'submitted', actor: SYSTEM });
    const { token } = await db.capabilityLinks.create(r.id, new Date(t.clock.now().getTime() + HOUR));
    expect(await db.capabilityLinks.resolve(token, 90)).toBe(r.id);
    // One character changed (never to itself: a random token may already end in 'A').
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(await db.capabilityLinks.resolve(tampered, 90)).toBeUndefined();
    t.clock.advance(2 * HOUR);
    expect(await db.capabilityLinks.resolve(token, 90)).toBe(r.id); // still open
    await db.requests.transition(r.id, { to: 'resolved', patch: { closedAt: t.clock.now() } });
    t.clock.advance(91 * 24 * HOUR);
    expect(await db.capabilityLinks.resolve(token, 90)).toBeUndefined();
    expect((await db.retention.purge({ terms: { anonymousLinkDays: 90 } })).capabilityLinks).toBe(1);
  });
});
