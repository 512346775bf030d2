import { brusselsDay, DAY, type LocalizedText, SYSTEM, startOfBrusselsDay } from '@smartloket/core';
import type { Database, RequestRecord } from '@smartloket/db';
import type { Deadlines } from './deadlines.js';
import { OUTBOX_JOB } from './jobs.js';
import type { OutboxMail } from './mail.js';
import { enqueueMail, type MoveEnv, moveRequest } from './request-service.js';

/** The worker's daily job that reminds requesters of open questions and expires unanswered ones. */
export const QUESTIONS_JOB = 'deadlines.questions';

/** When the job runs each day (Europe/Brussels): reminders go out in the morning. */
export const QUESTIONS_AT = '07:00';

/** The reason recorded (and mailed, when the type closes the request) for an unanswered question. */
export const NO_ANSWER_REASON: LocalizedText = {
  nl: 'Geen antwoord van de aanvrager op de gestelde vraag vóór de gevraagde datum.',
  fr: 'Pas de réponse du demandeur à la question posée avant la date demandée.',
  en: 'No answer from the requester to the question asked by the date given.',
};

/** What one run did. */
export interface QuestionRunResult {
  reminded: number;
  /** Back in the clerk's inbox, marked "geen antwoord". */
  returned: number;
  /** Closed (refused) because the type says so. */
  closed: number;
}

/** Rows handled per query; the run goes on until none are left. */
const BATCH = 200;

/**
 * Reminds and expires questions to requesters (decision 0902): two working days before the
 * answer-by date the requester gets a reminder mail in their language (once per question); once
 * the answer-by day has passed without an answer the request goes back to the clerk marked
 * "geen antwoord" (`no_answer`) or, when the type's policy is `close`, is refused with that
 * reason. Each request is handled in its own transaction and re-read there, so an answer that
 * arrives meanwhile wins.
 */
export async function runQuestionDeadlines(
  db: Database,
  env: MoveEnv,
  deadlines: Deadlines,
): Promise<QuestionRunResult> {
  const result: QuestionRunResult = { reminded: 0, returned: 0, closed: 0 };
  const now = db.clock.now();
  const today = brusselsDay(now);
  const startOfToday = startOfBrusselsDay(today);

  // Expiries: answer-by days before today. Handled rows leave the state, so re-query until done.
  const seen = new Set<string>();
  for (;;) {
    const batch = (await db.requests.questionsDue(startOfToday, { limit: BATCH })).filter(
      (r) => !seen.has(r.id),
    );
    if (batch.length === 0) break;
    for (const r of batch) {
      seen.add(r.id);
      const outcome = await expire(db, env, deadlines, r, now);
      if (outcome) result[outcome]++;
    }
  }

  // Reminders: questions not reminded yet whose reminder day has come (at most a month ahead).
  for (;;) {
    const batch = (
      await db.requests.questionsDue(new Date(now.getTime() + 31 * DAY), {
        unremindedOnly: true,
        limit: BATCH,
      })
    ).filter((r) => !seen.has(r.id));
    if (batch.length === 0) break;
    let notYet = false;
    for (const r of batch) {
      seen.add(r.id);
      // Earliest answer-by first: once one is not due for a reminder, none after it is.
      if ((await deadlines.reminderAt(r.answerBy!)) > now) {
        notYet = true;
        break;
      }
      if (await remind(db, r, now)) result.reminded++;
    }
    if (notYet) break;
  }
  return result;
}

async function expire(
  db: Database,
  env: MoveEnv,
  deadlines: Deadlines,
  request: RequestRecord,
  now: Date,
): Promise<'returned' | 'closed' | undefined> {
  const policy = await deadlines.onNoAnswer(request.typeId);
  return db.transaction(async (tx) => {
    const fresh = await tx.requests.get(request.id);
    if (fresh?.state !== 'waiting_requester' || fresh.answerBy?.getTime() !== request.answerBy?.getTime()) {
      return undefined;
    }
    const data = { answerBy: fresh.answerBy?.toISOString() };
    if (policy === 'close') {
      const closed = await moveRequest(tx, env, fresh, 'refuse', SYSTEM, NO_ANSWER_REASON.nl, data);
      const marked = await tx.requests.update(closed.id, { noAnswerAt: now });
      await enqueueMail(tx, marked, 'refused', {
        reason: NO_ANSWER_REASON[fresh.locale] ?? NO_ANSWER_REASON.nl,
      });
      return 'closed';
    }
    const back = await moveRequest(tx, env, fresh, 'no_answer', SYSTEM, NO_ANSWER_REASON.nl, data);
    await tx.requests.update(back.id, { noAnswerAt: now });
    return 'returned';
  });
}

async function remind(db: Database, request: RequestRecord, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const fresh = await tx.requests.get(request.id);
    if (
      fresh?.state !== 'waiting_requester' ||
      fresh.answerRemindedAt ||
      !fresh.answerBy ||
      fresh.answerBy.getTime() !== request.answerBy?.getTime()
    ) {
      return false;
    }
    await tx.requests.update(fresh.id, { answerRemindedAt: now });
    const question = (await tx.events.list(fresh.id)).filter((e) => e.type === 'ask').at(-1)?.reason ?? '';
    await tx.events.append({
      requestId: fresh.id,
      type: 'reminder',
      fromState: fresh.state,
      toState: fresh.state,
      actor: SYSTEM,
      data: { answerBy: fresh.answerBy.toISOString() },
      at: now,
    });
    const recipient = fresh.requester.email;
    if (!recipient) return true;
    const mail: OutboxMail = {
      kind: 'information_asked',
      requestId: fresh.id,
      locale: fresh.locale,
      data: { reason: question, deadline: fresh.answerBy.toISOString(), reminder: true },
    };
    const row = await tx.outbox.add({
      kind: 'email',
      // One reminder per question (a new question has a new answer-by date).
      dedupeKey: `mail:${fresh.id}:reminder:${fresh.answerBy.getTime()}`,
      recipient,
      payload: mail,
      messageId: undefined,
    });
    await tx.jobs.enqueue({ type: OUTBOX_JOB, payload: { outboxId: row.id }, key: `outbox:${row.id}` });
    return true;
  });
}
