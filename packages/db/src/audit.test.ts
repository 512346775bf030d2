import { DAY } from '@smartloket/core';
import { expect, it } from 'vitest';
import { forEachDatabase } from './testing.js';

const staff = { type: 'staff' as const, id: 'staff-1' };

forEachDatabase('audit log, consultations, grants, settings', (_url, t) => {
  it('records a consultation as two append-only rows: started, then its outcome', async () => {
    const at = t.clock.now();
    const id = await t.db.consultations.started({
      requestId: 'req-1',
      pluginId: 'bevolking',
      service: 'magda:GeefAttest-02.00',
      legalBasis: 'art. 6.1.e AVG',
      purpose: 'attest',
      referte: 'ref-123',
      subjectId: '85073003328',
      actor: { type: 'system' },
      at,
    });
    await t.db.consultations.finished(id, { outcome: 'ok', at: new Date(at.getTime() + 500) });
    const rows = await t.db.audit.list({ subjectId: '85073003328' });
    expect(rows.map((r) => r.category)).toEqual(['consultation_started', 'consultation_outcome']);
    expect(rows[0]).toMatchObject({
      id,
      requestId: 'req-1',
      service: 'magda:GeefAttest-02.00',
      referte: 'ref-123',
      data: { pluginId: 'bevolking' },
    });
    expect(rows[1]).toMatchObject({ relatedId: id, outcome: 'ok', referte: 'ref-123', requestId: 'req-1' });
    expect(rows[0]!.retainUntil.getUTCFullYear()).toBe(at.getUTCFullYear() + 10);
    await expect(t.db.consultations.finished('no-such-id', { outcome: 'ok', at })).rejects.toThrow(
      /not found/,
    );
  });

  it('refuses UPDATE and DELETE of audit rows through the runtime connection; inserts work', async () => {
    const row = await t.db.audit.append({ category: 'staff_view', actor: staff, requestId: 'req-2' });
    expect(await t.db.audit.get(row.id)).toEqual(row);
    const refused = t.dialect === 'postgres' ? /permission denied/ : /append-only/;
    await expect(t.db.knex('audit_log').where({ id: row.id }).update({ outcome: 'forged' })).rejects.toThrow(
      refused,
    );
    await expect(t.db.knex('audit_log').where({ id: row.id }).delete()).rejects.toThrow(refused);
    // Even past its term, a row cannot be deleted outside the purge.
    t.clock.advance(11 * 366 * DAY);
    await expect(t.db.knex('audit_log').where({ id: row.id }).delete()).rejects.toThrow(refused);
    expect(await t.db.audit.get(row.id)).toEqual(row);
  });

  it('refuses UPDATE and DELETE even for the owner (triggers)', async () => {
    const row = await t.db.audit.append({ category: 'staff_download', actor: staff });
    await expect(t.admin('audit_log').where({ id: row.id }).update({ outcome: 'x' })).rejects.toThrow(
      /append-only/,
    );
    await expect(t.admin('audit_log').where({ id: row.id }).delete()).rejects.toThrow(/append-only/);
    expect(await t.db.audit.get(row.id)).toEqual(row);
  });

  it('pages the audit log newest first', async () => {
    for (let i = 0; i < 12; i++) {
      t.clock.advance(1);
      await t.db.audit.append({ category: 'staff_view', actor: staff, subjectId: 'pager', data: { i } });
    }
    const seen: number[] = [];
    let after: string | undefined;
    do {
      const page = await t.db.audit.page({ subjectId: 'pager' }, { limit: 5, after });
      seen.push(...page.items.map((r) => (r.data as { i: number }).i));
      after = page.next;
    } while (after);
    expect(seen).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('finds active organisation grants, audits adding and revoking them', async () => {
    const kbo = '0123456749';
    const now = t.clock.now();
    expect(await t.db.grants.findActive(kbo, 'bevolking.gezinssamenstelling', now)).toBeUndefined();
    const until = new Date(now.getTime() + 30 * DAY);
    const exact = await t.db.grants.add(
      { kbo, requestTypeId: 'bevolking.gezinssamenstelling', validUntil: until },
      staff,
    );
    expect(await t.db.grants.findActive(kbo, 'bevolking.gezinssamenstelling', now)).toEqual({
      id: exact.id,
      validUntil: until,
    });
    expect(await t.db.grants.findActive(kbo, 'bevolking.gezinssamenstelling', until)).toBeUndefined();
    expect(await t.db.grants.findActive('0987654321', 'bevolking.gezinssamenstelling', now)).toBeUndefined();
    const family = await t.db.grants.add({ kbo, requestTypeId: 'bevolking.*', note: 'school' }, staff);
    expect((await t.db.grants.findActive(kbo, 'bevolking.woonst', now))?.id).toBe(family.id);
    // The open-ended grant wins over the one that ends.
    expect((await t.db.grants.findActive(kbo, 'bevolking.gezinssamenstelling', now))?.id).toBe(family.id);
    expect(await t.db.grants.findActive(kbo, 'strafregister.595', now)).toBeUndefined();

    t.clock.advance(1000);
    const revoked = await t.db.grants.revoke(family.id, staff, 'contract ended');
    expect(revoked.revokedAt).toEqual(t.clock.now());
    expect(await t.db.grants.findActive(kbo, 'bevolking.woonst', t.clock.now())).toBeUndefined();
    // Still active at an instant before the revocation.
    expect((await t.db.grants.findActive(kbo, 'bevolking.woonst', now))?.id).toBe(family.id);
    await expect(t.db.grants.revoke(family.id, staff)).rejects.toThrow(/not found/);
    expect((await t.db.grants.list({ kbo, activeAt: t.clock.now() })).map((g) => g.id)).toEqual([exact.id]);

    const audit = await t.db.audit.list({ subjectId: kbo });
    expect(audit.map((a) => a.category)).toEqual(['grant_added', 'grant_added', 'grant_revoked']);
    expect(audit[2]!.data).toEqual({ grantId: family.id, reason: 'contract ended' });
  });

  it('stores settings as JSON and audits every change', async () => {
    expect(await t.db.settings.get('requestType.x.enabled')).toBeUndefined();
    await t.db.settings.set('requestType.x.enabled', false, 'admin-1');
    expect(await t.db.settings.get('requestType.x.enabled')).toBe(false);
    t.clock.advance(1);
    await t.db.settings.set('requestType.x.enabled', true, staff);
    t.clock.advance(1);
    await t.db.settings.set('greeting', 'hallo', staff);
    expect(await t.db.settings.get('requestType.x.enabled')).toBe(true);
    expect(await t.db.settings.get('greeting')).toBe('hallo');
    t.clock.advance(1);
    expect(await t.db.settings.delete('greeting', staff)).toBe(true);
    expect(await t.db.settings.get('greeting')).toBeUndefined();
    const changes = await t.db.audit.list({ categories: ['settings_changed'] });
    expect(changes.map((c) => c.data)).toEqual([
      { key: 'requestType.x.enabled', value: false },
      { key: 'requestType.x.enabled', value: true },
      { key: 'greeting', value: 'hallo' },
      { key: 'greeting', deleted: true },
    ]);
    expect(changes[0]!.actor).toEqual({ type: 'staff', id: 'admin-1' });
  });
});
