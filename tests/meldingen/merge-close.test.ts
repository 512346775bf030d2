/**
 * A merged duplicate is closed (issue 25, decision 1502): the clerk's "Samenvoegen" resolves the
 * duplicate with "merged with <reference>" in its history and no second status mail, so it leaves
 * the inbox counts; its reporter's page says which report they follow now; it cannot be
 * reopened. Over HTTP as the clerk does it, on SQLite and PostgreSQL.
 */
import type { Actor } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { SMARTEGEM_BOUNDARY } from '@smartloket/dev-world/geo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meldingenPlugin } from '../../plugins/meldingen/src/index.js';
import { hidden, startTestPortal, type TestPortal } from '../support/portal.js';

const clerk: Actor = { type: 'staff', id: 'karin', name: 'Karin Goossens' };
const dialects: ('sqlite' | 'postgres')[] = ['sqlite', 'postgres'];

for (const dialect of dialects) {
  describe(`merging a duplicate report closes it, on ${dialect}`, () => {
    let portal: TestPortal | undefined;
    let database: TestDatabase | undefined;

    beforeAll(async () => {
      if (dialect === 'postgres') {
        const unavailable = await postgresUnavailableReason();
        if (unavailable && process.env.CI) throw new Error(unavailable);
        if (unavailable) return;
        database = await createTestDatabase('postgres');
      }
      portal = await startTestPortal({
        ...(database ? { databaseUrl: database.url, databaseOwnerUrl: database.ownerUrl } : {}),
        plugins: [
          { plugin: meldingenPlugin, options: { municipality: 'Smartegem', boundary: SMARTEGEM_BOUNDARY } },
        ],
      });
    });
    afterAll(async () => {
      await portal?.close();
      await database?.destroy();
    });

    async function file(email: string, key: string, locale: 'nl' | 'fr' = 'nl') {
      return portal!.d.requests.submit({
        typeId: 'meldingen.wegdek',
        input: { subCategory: 'put', description: 'Put', address: 'Marktplein 1', location: '50.96,3.97' },
        locale,
        anonymousEmail: email,
        idempotencyKey: key,
      });
    }

    async function openReports(): Promise<number> {
      const counts = await portal!.d.db.backoffice.openCounts(['*']);
      return counts.filter((c) => c.typeId === 'meldingen.wegdek').reduce((n, c) => n + c.count, 0);
    }

    it('resolves the duplicate without a second mail, out of the inbox counts; its reporter follows the kept one and cannot reopen it', async (ctx) => {
      if (!portal) return ctx.skip();
      const kept = await file('eerste@example.org', `kept-${dialect}`);
      const duplicate = await file('tweede@example.org', `dup-${dialect}`);
      // The duplicate was taken up already; the kept one is new.
      await portal.d.requests.act(duplicate.request.id, { action: 'start' }, clerk);
      expect(await openReports()).toBe(2);
      const before = new Set((await portal.d.db.outbox.listByRequest(duplicate.request.id)).map((m) => m.id));

      const staff = await portal.login('karin');
      const page = await staff.get(`/backoffice/requests/${duplicate.request.id}`);
      expect(page.status).toBe(200);
      const merged = await staff.post(`/backoffice/requests/${duplicate.request.id}/merge`, {
        _csrf: hidden(page.text, '_csrf'),
        into: kept.request.reference,
      });
      expect(merged.status).toBe(303);

      // Closed as resolved, the reason in the history in the reporter's language.
      const closed = await portal.d.db.requests.get(duplicate.request.id);
      expect(closed?.state).toBe('resolved');
      const resolve = (await portal.d.db.events.list(duplicate.request.id)).find((e) => e.type === 'resolve');
      expect(resolve?.reason).toBe(`Samengevoegd met melding ${kept.request.reference}.`);
      expect(resolve?.data).toEqual({ mergedInto: kept.request.reference });
      expect((await portal.d.db.requests.get(kept.request.id))?.state).toBe('submitted');
      // Out of the inbox counts; the merge is audited.
      expect(await openReports()).toBe(1);
      const audit = await portal.d.db.audit.list({ categories: ['report_merged'] });
      expect(audit.map((a) => [a.requestId, a.relatedId])).toEqual([[duplicate.request.id, kept.request.id]]);
      // Exactly one mail to the duplicate's reporter: the merge message, no status mail.
      const mails = (await portal.d.db.outbox.listByRequest(duplicate.request.id))
        .filter((m) => !before.has(m.id))
        .map((m) => ({
          to: m.recipient,
          reason: (m.payload as { data?: { reason?: string } }).data?.reason,
        }));
      expect(mails).toEqual([
        {
          to: 'tweede@example.org',
          reason: `Uw melding ${duplicate.request.reference} gaat over hetzelfde als melding ${kept.request.reference}. We hebben ze samengevoegd: u volgt nu melding ${kept.request.reference} en krijgt de berichten daarover.`,
        },
      ]);

      // The reporter's page says where they follow it now; no reopen form.
      const follow = await portal.client().get(`/follow/${duplicate.followToken}`);
      expect(follow.status).toBe(200);
      expect(follow.text).toContain(
        `Deze melding is samengevoegd met melding ${kept.request.reference}, die over hetzelfde gaat. U volgt melding ${kept.request.reference}: u krijgt er de berichten van per e-mail.`,
      );
      expect(follow.text).not.toContain('Niet opgelost?');
      // Reopening is refused with a clear message, nothing changes.
      await expect(
        portal.d.requests.act(
          duplicate.request.id,
          { action: 'reopen', reason: 'Nog niet' },
          { type: 'requester' },
        ),
      ).rejects.toMatchObject({
        code: 'REOPEN_REFUSED',
        userMessage: {
          nl: `Deze melding is samengevoegd met melding ${kept.request.reference} en kan niet heropend worden. U volgt melding ${kept.request.reference}: u krijgt er de berichten van.`,
        },
      });
      expect((await portal.d.db.requests.get(duplicate.request.id))?.state).toBe('resolved');
      expect((await portal.d.db.meldingen.place(duplicate.request.id))?.reopenedCount).toBe(0);
    });

    it('a new duplicate of a French reporter is taken up and closed in French; one waiting for its reporter keeps its state', async (ctx) => {
      if (!portal) return ctx.skip();
      const kept = await file('garde@example.org', `kept-fr-${dialect}`);
      const duplicate = await file('double@example.org', `dup-fr-${dialect}`, 'fr');
      const asked = await file('vraag@example.org', `dup-asked-${dialect}`);
      await portal.d.requests.act(asked.request.id, { action: 'ask', reason: 'Welk huisnummer?' }, clerk);
      const staff = await portal.login('karin');
      for (const d of [duplicate, asked]) {
        const page = await staff.get(`/backoffice/requests/${d.request.id}`);
        const merged = await staff.post(`/backoffice/requests/${d.request.id}/merge`, {
          _csrf: hidden(page.text, '_csrf'),
          into: kept.request.reference,
        });
        expect(merged.status).toBe(303);
      }
      const events = await portal.d.db.events.list(duplicate.request.id);
      expect(events.map((e) => [e.type, e.toState])).toEqual(
        expect.arrayContaining([
          ['start', 'in_progress'],
          ['resolve', 'resolved'],
        ]),
      );
      expect(events.find((e) => e.type === 'resolve')?.reason).toBe(
        `Fusionné avec le signalement ${kept.request.reference}.`,
      );
      const follow = await portal
        .client()
        .get(`/follow/${duplicate.followToken}`, { 'accept-language': 'fr' });
      expect(follow.text).toContain(
        `Ce signalement a été fusionné avec le signalement ${kept.request.reference}, qui concerne la même chose.`,
      );
      // No transition closes a report that waits for its reporter without them: merged, still open.
      expect((await portal.d.db.requests.get(asked.request.id))?.state).toBe('waiting_requester');
      expect((await portal.d.db.meldingen.place(asked.request.id))?.mergedInto).toBe(kept.request.id);
    });
  });
}
