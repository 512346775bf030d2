import { type Actor, ManualClock, startOfBrusselsDay } from '@smartloket/core';
import { createTestDatabase, forEachDatabase, type TestDatabase } from '@smartloket/db/testing';
import { DEMO_MUNICIPALITY } from '@smartloket/dev-population';
import { type DevMailbox, startDevMailbox } from '@smartloket/dev-world/mailbox';
import { createSmtpMailer, type Mailer } from '@smartloket/notifier-mail';
import { QUESTIONS_JOB, zonedInstant } from '@smartloket/runtime';
import {
  createTestDeployment,
  createTestPlugin,
  fakeIdentities,
  type TestDeployment,
} from '@smartloket/testkit';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { createOutboxMailSender } from '../../packages/cli/src/compose/mail.js';

/** A wall-clock time in Brussels. */
const at = (date: string, time: string) => zonedInstant(date, time);
const day = (iso: string) => startOfBrusselsDay(iso);
const karin = fakeIdentities.caseHandler();
const STAFF: Actor = { type: 'staff', id: karin.subject, name: 'Karin' };

/**
 * Deadlines of requests and of questions to the requester (decision 0902), on the real
 * deployment, job queue and dev mailbox, with an injected clock: the due date on the Belgian
 * calendar (11 and 21 July), the pause while the requester is asked, the reminder two working
 * days before the answer-by date in the requester's language, and the expiry that returns the
 * request to the clerk ("geen antwoord") or closes it (per type).
 */
forEachDatabase('deadlines of requests and questions', (_url, suiteDb) => {
  let mailbox: DevMailbox;
  let mailer: Mailer;
  const open: TestDeployment[] = [];
  const databases: TestDatabase[] = [];

  beforeAll(async () => {
    mailbox = await startDevMailbox({ host: '127.0.0.1' });
    mailer = createSmtpMailer({
      host: mailbox.smtp.host,
      port: mailbox.smtp.port,
      from: { name: 'Gemeente Smartegem', address: 'loket@smartegem.example' },
    });
    return async () => {
      await mailer.close();
      await mailbox.stop();
    };
  });
  afterEach(async () => {
    for (const d of open.splice(0)) await d.close();
    for (const db of databases.splice(0)) await db.destroy();
    mailbox.clear();
  });

  async function deployment(clock: ManualClock, config: Record<string, unknown> = {}) {
    const db = await createTestDatabase(suiteDb.dialect);
    databases.push(db);
    const d = await createTestDeployment({
      plugins: [createTestPlugin()],
      databaseUrl: db.url,
      databaseOwnerUrl: db.ownerUrl,
      clock,
      mailSender: createOutboxMailSender({
        mailer,
        municipality: { ...DEMO_MUNICIPALITY, baseUrl: 'http://localhost:3000' },
      }),
      config,
    });
    open.push(d);
    return d;
  }

  /** Moves the clock to 07:05 on `date` and runs what the worker would run then. */
  async function morning(d: TestDeployment, clock: ManualClock, date: string) {
    clock.set(at(date, '07:05'));
    await d.worker.schedule();
    await d.runJobs();
  }

  it('reminds two working days before the answer-by date and returns the request to the clerk after it', async () => {
    const clock = new ManualClock(at('2026-07-06', '09:00'));
    const d = await deployment(clock);
    const { request } = await d.requests.submit({
      typeId: 'test.reviewed',
      input: { forWhom: 'self' },
      locale: 'fr',
      identity: fakeIdentities.citizen(),
    });
    expect(request.state).toBe('in_review');
    // 10 working days from Monday 6 July 2026: 11 July (Saturday) and 21 July do not count.
    expect(request.dueAt).toEqual(day('2026-07-20'));

    const asked = await d.requests.act(request.id, { action: 'ask', reason: 'Pour quel organisme ?' }, STAFF);
    expect(asked.state).toBe('waiting_requester');
    // The type's default: 5 working days.
    expect(asked.answerBy).toEqual(day('2026-07-13'));
    expect(asked.pausedAt).toEqual(clock.now());
    await d.runJobs();
    mailbox.clear();

    // Wednesday 8 July: too early for the reminder (due Thursday 9: two working days before Monday 13).
    await morning(d, clock, '2026-07-08');
    expect(mailbox.messages()).toHaveLength(0);
    await morning(d, clock, '2026-07-09');
    const [reminder, ...others] = mailbox.messages();
    expect(others).toHaveLength(0);
    expect(reminder?.envelope.to).toEqual([fakeIdentities.citizen().email]);
    expect(reminder?.subject).toBe(`Rappel : nous attendons votre réponse (demande ${request.reference})`);
    expect(reminder?.text).toContain('Pour quel organisme ?');
    expect(reminder?.text).toContain('au plus tard le 13 juillet 2026');
    expect((await d.db.requests.get(request.id))?.answerRemindedAt).toEqual(clock.now());

    // One reminder per question; still waiting on the answer-by day itself.
    await morning(d, clock, '2026-07-10');
    await morning(d, clock, '2026-07-13');
    expect(mailbox.messages()).toHaveLength(1);
    expect((await d.db.requests.get(request.id))?.state).toBe('waiting_requester');

    // The day after: back with the clerk, marked "geen antwoord"; the due date moved by the six
    // working days it waited (7-10, 13, 14 July): 20 July + 6 = 29 July (21 July is off).
    await morning(d, clock, '2026-07-14');
    const back = (await d.db.requests.get(request.id))!;
    expect(back.state).toBe('in_review');
    expect(back.noAnswerAt).toEqual(clock.now());
    expect(back.answerBy).toBeNull();
    expect(back.pausedAt).toBeNull();
    expect(back.dueAt).toEqual(day('2026-07-29'));
    const events = await d.db.events.list(request.id);
    expect(events.map((e) => e.type)).toEqual(['submit', 'review', 'ask', 'reminder', 'no_answer']);
    expect(events.at(-1)?.reason).toMatch(/^Geen antwoord van de aanvrager/);
    const jobs = await d.db.knex('jobs').where({ type: QUESTIONS_JOB }).select('state');
    expect(jobs.length).toBeGreaterThanOrEqual(5);
    expect(jobs.every((j: { state: string }) => j.state === 'done')).toBe(true);
    // Nothing more is mailed to the requester.
    expect(mailbox.messages()).toHaveLength(1);

    // A new question clears the mark and gets its own reminder.
    const again = await d.requests.act(
      request.id,
      { action: 'ask', reason: 'Nog een vraag', deadline: day('2026-07-24') },
      STAFF,
    );
    expect(again.noAnswerAt).toBeNull();
    expect(again.answerBy).toEqual(day('2026-07-24'));
  });

  it('an answer in time stops the clock pause and nothing expires', async () => {
    const clock = new ManualClock(at('2026-07-06', '09:00'));
    const d = await deployment(clock);
    const jan = fakeIdentities.citizen();
    const { request } = await d.requests.submit({
      typeId: 'test.reviewed',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity: jan,
    });
    await d.requests.act(request.id, { action: 'ask', reason: 'Welke instantie?' }, STAFF);
    // Answered on Wednesday 8 July: two working days paused (7, 8 July).
    clock.set(at('2026-07-08', '15:00'));
    const answered = await d.requests.act(
      request.id,
      { action: 'answer', reason: 'De bank' },
      {
        type: 'requester',
        id: jan.subject,
      },
    );
    expect(answered.state).toBe('in_review');
    // 20 July + 2 working days (21 July is off): 23 July.
    expect(answered.dueAt).toEqual(day('2026-07-23'));
    await d.runJobs();
    mailbox.clear();
    await morning(d, clock, '2026-07-09');
    await morning(d, clock, '2026-07-14');
    expect(mailbox.messages()).toHaveLength(0);
    expect((await d.db.requests.get(request.id))?.state).toBe('in_review');
  });

  it('closes a report whose type says so, with the reason mailed in English', async () => {
    const clock = new ManualClock(at('2026-07-06', '09:00'));
    const d = await deployment(clock);
    const { request } = await d.requests.submit({
      typeId: 'test.melding',
      input: { description: 'Een put in de weg' },
      locale: 'en',
      ...fakeIdentities.anonymous('melder@voorbeeld.test'),
    });
    // 5 working days from Monday 6 July 2026.
    expect(request.dueAt).toEqual(day('2026-07-13'));
    await d.requests.act(request.id, { action: 'start' }, STAFF);
    // The clerk picks Friday 10 July (any time that day: the whole day counts).
    await d.requests.act(
      request.id,
      { action: 'ask', reason: 'Where exactly?', deadline: new Date('2026-07-10T14:00:00Z') },
      STAFF,
    );
    await d.runJobs();
    mailbox.clear();
    await morning(d, clock, '2026-07-08');
    expect(mailbox.messages().map((m) => m.subject)).toEqual([
      `Reminder: we are waiting for your answer (request ${request.reference})`,
    ]);
    await morning(d, clock, '2026-07-10');
    expect((await d.db.requests.get(request.id))?.state).toBe('waiting_requester');
    // Saturday 11 July: the answer-by day is over.
    await morning(d, clock, '2026-07-11');
    const closed = (await d.db.requests.get(request.id))!;
    expect(closed.state).toBe('refused');
    expect(closed.noAnswerAt).toEqual(clock.now());
    const mails = mailbox.messages();
    expect(mails).toHaveLength(2);
    expect(mails[1]?.envelope.to).toEqual(['melder@voorbeeld.test']);
    expect(mails[1]?.text).toContain('No answer from the requester to the question asked by the date given.');
  });

  it('counts the municipality closing days and its own lead time', async () => {
    const clock = new ManualClock(at('2026-07-06', '09:00'));
    const d = await deployment(clock);
    await d.db.settings.set('municipality.closingDays', [{ date: '2026-07-10', name: 'Kermis' }], STAFF);
    await d.db.settings.set('requestType.test.reviewed.leadTimeDays', 3, STAFF);
    const { request } = await d.requests.submit({
      typeId: 'test.reviewed',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity: fakeIdentities.citizen(),
    });
    // 7, 8, 9 July: 3 working days.
    expect(request.dueAt).toEqual(day('2026-07-09'));
    await d.db.settings.set('requestType.test.reviewed.leadTimeDays', 4, STAFF);
    const second = await d.requests.submit({
      typeId: 'test.reviewed',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity: fakeIdentities.citizen(),
      idempotencyKey: 'second',
    });
    // 10 July closed, 11 July Saturday (and Flemish holiday), 12 Sunday: the fourth is Monday 13.
    expect(second.request.dueAt).toEqual(day('2026-07-13'));
  });

  it('lists overdue requests per request type and per team in the daily digest', async () => {
    const clock = new ManualClock(at('2026-07-06', '09:00'));
    const d = await deployment(clock, { digest: { recipients: ['beheer@smartegem.example'] } });
    // Burgerzaken holds the test family; Openbaar domein has nothing overdue and is left out.
    await d.db.teams.saveTeam({ name: 'Burgerzaken', typePatterns: ['test.*'], members: [] }, STAFF);
    await d.db.teams.saveTeam({ name: 'Openbaar domein', typePatterns: ['melding.*'], members: [] }, STAFF);
    const filed = [];
    for (const key of ['a', 'b']) {
      const { request } = await d.requests.submit({
        typeId: 'test.reviewed',
        input: { forWhom: 'self' },
        locale: 'nl',
        identity: fakeIdentities.citizen(),
        idempotencyKey: key,
      });
      filed.push(request);
    }
    await d.runJobs();
    mailbox.clear();
    // Due Monday 20 July: not late on the day itself, late from the next day on.
    clock.set(at('2026-07-20', '07:05'));
    expect((await d.digest.collect()).overdueRequests).toEqual([]);
    expect((await d.digest.collect()).overdueByTeam).toEqual([]);
    clock.set(at('2026-07-22', '07:05'));
    const digest = await d.digest.collect();
    expect(digest.overdueRequests).toEqual([
      {
        requestType: {
          nl: 'Attest met nazicht',
          fr: 'Attestation avec contrôle',
          en: 'Reviewed certificate',
        },
        count: 2,
        oldestDue: day('2026-07-20').toISOString(),
        references: expect.arrayContaining(filed.map((r) => r.reference)),
      },
    ]);
    expect(digest.overdueByTeam).toEqual([
      {
        team: 'Burgerzaken',
        count: 2,
        oldestDue: day('2026-07-20').toISOString(),
        references: [...filed.map((r) => r.reference)].sort(),
      },
    ]);
    // A type no team holds is listed as such.
    await d.db.teams.saveTeam(
      { name: 'Burgerzaken', typePatterns: ['test.attest'], members: [] },
      STAFF,
      (await d.db.teams.teams()).find((t) => t.name === 'Burgerzaken')!.id,
    );
    expect((await d.digest.collect()).overdueByTeam).toEqual([
      expect.objectContaining({ team: null, count: 2 }),
    ]);
    await d.db.teams.saveTeam(
      { name: 'Burgerzaken', typePatterns: ['test.*'], members: [] },
      STAFF,
      (await d.db.teams.teams()).find((t) => t.name === 'Burgerzaken')!.id,
    );
    await d.digest.send({ deliver: true });
    const [mail] = mailbox.messages();
    expect(mail?.envelope.to).toEqual(['beheer@smartegem.example']);
    expect(mail?.text).toContain('Aanvragen die te laat zijn');
    expect(mail?.text).toContain('Attest met nazicht: 2 te laat, de oudste sinds 20 juli 2026');
    expect(mail?.text).toContain(filed[0]!.reference);
    expect(mail?.text).toContain('Te laat per team');
    expect(mail?.text).toContain('Burgerzaken: 2 te laat, de oudste sinds 20 juli 2026');
    expect(mail?.html).toContain('Te laat per team');
  });
});
