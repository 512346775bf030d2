import { startOfBrusselsDay } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { fakeIdentities } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalClient, startTestPortal, type TestPortal } from '../../../tests/support/portal.js';

// On PostgreSQL when reachable (the due-date index is PostgreSQL's), else SQLite.
let database: TestDatabase | undefined;
let portal: TestPortal;
let karin: PortalClient;

beforeAll(async () => {
  const unavailable = await postgresUnavailableReason();
  if (unavailable && process.env.CI) throw new Error(unavailable);
  if (!unavailable) database = await createTestDatabase('postgres');
  // The test deployment's clock: Monday 2 March 2026, 10:00 in Brussels.
  portal = await startTestPortal({ databaseUrl: database?.url, databaseOwnerUrl: database?.ownerUrl });
  karin = await portal.login('karin', 'itsme');
});
afterAll(async () => {
  await portal?.close();
  await database?.destroy();
});

/** Files a reviewed request as Jan; returns its id and reference. */
async function reviewed(key: string): Promise<{ id: string; reference: string }> {
  const { request } = await portal.d.requests.submit({
    typeId: 'test.reviewed',
    input: { forWhom: 'self' },
    locale: 'nl',
    identity: fakeIdentities.citizen(),
    idempotencyKey: key,
  });
  expect(request.state).toBe('in_review');
  return { id: request.id, reference: request.reference };
}

/** The inbox lines as text, in the order shown. */
function lines(html: string): string[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

describe('deadlines in the back-office inbox and request page', () => {
  it('sorts by due date, marks "te laat" and "vandaag", filters overdue and shows the due date on the request', async () => {
    const due = await reviewed('due-in-two-weeks');
    const late = await reviewed('late');
    const today = await reviewed('today');
    const none = await reviewed('no-due-date');
    // Ten working days from Monday 2 March 2026.
    expect((await portal.d.db.requests.get(due.id))?.dueAt).toEqual(startOfBrusselsDay('2026-03-16'));
    const setDue = (id: string, day: string | null) =>
      portal.d.db
        .knex('requests')
        .where({ id })
        .update({ due_at: day ? startOfBrusselsDay(day).getTime() : null });
    await setDue(late.id, '2026-02-27');
    await setDue(today.id, '2026-03-02');
    await setDue(none.id, null);

    const inbox = await karin.get('/backoffice');
    expect(inbox.status).toBe(200);
    const shown = lines(inbox.text).filter((l) =>
      [due, late, today, none].some((r) => l.includes(r.reference)),
    );
    // Earliest due first, no due date last.
    expect(shown.map((l) => /SL-\d{4}-\d{6}/.exec(l)?.[0])).toEqual([
      late.reference,
      today.reference,
      due.reference,
      none.reference,
    ]);
    expect(shown[0]).toContain('27 februari 2026 te laat');
    expect(shown[1]).toContain('2 maart 2026 vandaag');
    expect(shown[2]).toContain('16 maart 2026');
    expect(shown[2]).not.toMatch(/te laat|vandaag/);
    expect(inbox.text).toContain('<label for="f-due" class="choice">Enkel te laat</label>');

    const overdue = await karin.get('/backoffice?due=overdue');
    expect(overdue.status).toBe(200);
    const overdueRefs = lines(overdue.text).map((l) => /SL-\d{4}-\d{6}/.exec(l)?.[0]);
    expect(overdueRefs).toContain(late.reference);
    expect(overdueRefs).not.toContain(today.reference);
    expect(overdueRefs).not.toContain(due.reference);
    expect(overdueRefs).not.toContain(none.reference);
    expect(overdue.text).toMatch(/id="f-due"[^>]*checked/);

    // The request page shows its due date and offers the default answer-by date (5 working days).
    const page = await karin.get(`/backoffice/requests/${late.id}`);
    expect(page.status).toBe(200);
    const text = page.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Termijn Uiterste behandeldatum 27 februari 2026 te laat');
    expect(page.text).toMatch(/id="ask-deadline" name="deadline"[^>]*value="09\/03\/2026"/);
  });

  it('marks a request back from an unanswered question "geen antwoord" and shows the French texts', async () => {
    const back = await reviewed('no-answer');
    await portal.d.db
      .knex('requests')
      .where({ id: back.id })
      .update({ no_answer_at: portal.d.clock.now().getTime() });
    const inbox = await karin.get('/backoffice?lang=fr');
    const line = lines(inbox.text).find((l) => l.includes(back.reference));
    expect(line).toMatch(/16 mars 2026 pas de réponse/);
    const page = await karin.get(`/backoffice/requests/${back.id}?lang=fr`);
    const text = page.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Échéance Date limite de traitement 16 mars 2026');
    expect(text).toContain('Pas de réponse à la question posée au demandeur (constaté le 2 mars 2026).');
  });
});
