import { startOfBrusselsDay } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { fakeIdentities } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hidden,
  type PortalClient,
  startTestPortal,
  type TestPortal,
} from '../../../tests/support/portal.js';

/** The page text as a person reads it. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

// The deadline settings from the administration screen to their effect (decision 0902), on SQLite
// and, when reachable, PostgreSQL. The test deployment's clock: Monday 2 March 2026, 10:00 Brussels.
describe.each(['sqlite', 'postgres'] as const)('deadline settings in the administration (%s)', (kind) => {
  let database: TestDatabase | undefined;
  let portal: TestPortal;
  let pieter: PortalClient;
  let karin: PortalClient;
  let skip = false;

  beforeAll(async () => {
    if (kind === 'postgres') {
      const unavailable = await postgresUnavailableReason();
      if (unavailable && process.env.CI) throw new Error(unavailable);
      if (unavailable) {
        skip = true;
        return;
      }
      database = await createTestDatabase('postgres');
    }
    portal = await startTestPortal({ databaseUrl: database?.url, databaseOwnerUrl: database?.ownerUrl });
    [pieter, karin] = await Promise.all([portal.login('pieter', 'itsme'), portal.login('karin', 'itsme')]);
  });
  afterAll(async () => {
    await portal?.close();
    await database?.destroy();
  });

  let n = 0;
  /** Files a reviewed request as Jan; returns its stored due date. */
  async function submitted(): Promise<{ id: string; dueAt: Date | null | undefined }> {
    const { request } = await portal.d.requests.submit({
      typeId: 'test.reviewed',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity: fakeIdentities.citizen(),
      idempotencyKey: `deadline-admin-${kind}-${++n}`,
    });
    return { id: request.id, dueAt: (await portal.d.db.requests.get(request.id))?.dueAt };
  }

  it('sets the lead time, answer days and no-answer policy per type, validated and audited', async (t) => {
    if (skip) return t.skip();
    const page = await pieter.get('/backoffice/modules');
    expect(page.status).toBe(200);
    expect(text(page.text)).toContain('Termijnen');
    expect(page.text).toContain('<label for="lt-test.reviewed">Behandeltermijn (werkdagen)</label>');
    expect(text(page.text)).toContain('Behandeltermijn (werkdagen) standaard van de module: 10');
    const csrf = hidden(page.text, '_csrf');

    const bad = await pieter.post('/backoffice/modules/test.reviewed', {
      _csrf: csrf,
      enabled: '1',
      leadTimeDays: 'tien',
      answerDays: '',
      onNoAnswer: '',
    });
    expect(bad.status).toBe(422);
    expect(text(bad.text)).toContain(
      'Geef een geheel aantal werkdagen tussen 0 en 3650: Behandeltermijn (werkdagen)',
    );
    expect(await portal.d.db.settings.get('requestType.test.reviewed.leadTimeDays')).toBeUndefined();
    expect(
      (await pieter.post('/backoffice/modules/test.reviewed', { _csrf: csrf, enabled: '1', answerDays: '0' }))
        .status,
    ).toBe(422);

    const ok = await pieter.post('/backoffice/modules/test.reviewed', {
      _csrf: csrf,
      enabled: '1',
      leadTimeDays: '3',
      answerDays: '4',
      onNoAnswer: 'close',
    });
    expect(ok.status).toBe(303);
    expect(await portal.d.db.settings.get('requestType.test.reviewed.leadTimeDays')).toBe(3);
    const again = await pieter.get('/backoffice/modules');
    expect(again.text).toMatch(/id="lt-test.reviewed"[^>]*value="3"/);
    expect(again.text).toMatch(/<option value="close" selected[^>]*>aanvraag weigeren en afsluiten/);
    // The effect: three working days from Monday 2 March is Thursday 5 March; the policy is read.
    expect((await submitted()).dueAt).toEqual(startOfBrusselsDay('2026-03-05'));
    expect(await portal.d.deadlines.onNoAnswer('test.reviewed')).toBe('close');
    const audit = await portal.d.db.audit.list({ categories: ['settings_changed'] });
    const keys = audit.map((a) => (a.data as { key?: string }).key);
    expect(keys).toContain('requestType.test.reviewed.leadTimeDays');
    expect(keys).toContain('requestType.test.reviewed.answerDays');
    expect(keys).toContain('requestType.test.reviewed.onNoAnswer');
    expect(
      audit.find((a) => (a.data as { key?: string }).key === 'requestType.test.reviewed.leadTimeDays')?.actor
        .id,
    ).toBeTruthy();
  });

  it('adds and removes closing days; a closing day moves the due date and the answer-by default', async (t) => {
    if (skip) return t.skip();
    const page = await pieter.get('/backoffice/settings');
    expect(text(page.text)).toMatch(
      /Sluitingsdagen van de gemeente .* Nog geen sluitingsdagen\. Dag Omschrijving Sluitingsdag toevoegen/,
    );
    const csrf = hidden(page.text, '_csrf');
    const bad = await pieter.post('/backoffice/closing-days', { _csrf: csrf, date: '31/02/2026', name: 'x' });
    expect(bad.status).toBe(422);
    expect(text(bad.text)).toContain('Geef een geldige dag (dd/mm/jjjj)');

    const added = await pieter.post('/backoffice/closing-days', {
      _csrf: csrf,
      date: '04/03/2026',
      name: 'Opendeurdag',
    });
    expect(added.status).toBe(303);
    await pieter.post('/backoffice/closing-days', { _csrf: csrf, date: '2026-12-24', name: '' });
    expect(await portal.d.db.settings.get('municipality.closingDays')).toEqual([
      { date: '2026-03-04', name: 'Opendeurdag' },
      { date: '2026-12-24' },
    ]);
    const shown = text((await pieter.get('/backoffice/settings')).text);
    expect(shown).toContain(
      'Dag Omschrijving Acties 4 maart 2026 Opendeurdag Verwijderen 24 december 2026 Verwijderen',
    );

    // Lead time 3 (set above): Tuesday 3, (Wednesday 4 closed), Thursday 5, Friday 6 March.
    const r = await submitted();
    expect(r.dueAt).toEqual(startOfBrusselsDay('2026-03-06'));
    // The clerk's default answer-by date: 4 working days skipping the 4th: Monday 9 March.
    const request = await karin.get(`/backoffice/requests/${r.id}`);
    expect(request.text).toMatch(/id="ask-deadline" name="deadline"[^>]*value="09\/03\/2026"/);
    // The request page shows the due date.
    expect(text(request.text)).toContain('Uiterste behandeldatum 6 maart 2026');

    const removed = await pieter.post('/backoffice/closing-days/remove', { _csrf: csrf, date: '2026-03-04' });
    expect(removed.status).toBe(303);
    expect(
      (await pieter.post('/backoffice/closing-days/remove', { _csrf: csrf, date: '2026-03-04' })).status,
    ).toBe(404);
    expect(await portal.d.db.settings.get('municipality.closingDays')).toEqual([{ date: '2026-12-24' }]);
    expect((await submitted()).dueAt).toEqual(startOfBrusselsDay('2026-03-05'));
    // The request filed while the 4th was closed is moved back a day: its 3 working days now end
    // on Thursday 5 March, and the page says so.
    expect((await portal.d.db.requests.get(r.id))?.dueAt).toEqual(startOfBrusselsDay('2026-03-05'));
    expect(text((await karin.get(`/backoffice/requests/${r.id}`)).text)).toContain(
      'Uiterste behandeldatum 5 maart 2026',
    );
    // Closing Thursday 5 March again moves both open requests to Friday 6; a day after their
    // due dates (Tuesday 10 March) moves nothing.
    await pieter.post('/backoffice/closing-days', { _csrf: csrf, date: '05/03/2026', name: 'Brugdag' });
    await pieter.post('/backoffice/closing-days', { _csrf: csrf, date: '10/03/2026', name: 'Later' });
    expect((await portal.d.db.requests.get(r.id))?.dueAt).toEqual(startOfBrusselsDay('2026-03-06'));
    for (const date of ['2026-03-05', '2026-03-10'])
      await pieter.post('/backoffice/closing-days/remove', { _csrf: csrf, date });
    expect((await portal.d.db.requests.get(r.id))?.dueAt).toEqual(startOfBrusselsDay('2026-03-05'));

    // Back to the plugin's defaults: empty fields remove the settings.
    await pieter.post('/backoffice/modules/test.reviewed', {
      _csrf: csrf,
      enabled: '1',
      leadTimeDays: '',
      answerDays: '',
      onNoAnswer: '',
    });
    expect(await portal.d.db.settings.get('requestType.test.reviewed.leadTimeDays')).toBeUndefined();
    expect(await portal.d.db.settings.get('requestType.test.reviewed.onNoAnswer')).toBeUndefined();
    expect((await submitted()).dueAt).toEqual(startOfBrusselsDay('2026-03-16'));
    // Only an administrator may change them.
    expect((await karin.post('/backoffice/closing-days', { _csrf: csrf, date: '2026-05-02' })).status).toBe(
      403,
    );
  });
});
