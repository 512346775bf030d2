import { brusselsDay, type LocalizedText, SYSTEM, startOfBrusselsDay } from '@smartloket/core';
import type { Database, RequestRecord } from '@smartloket/db';
import type { PaymentService } from './payments.js';
import { enqueueMail, type MoveEnv, moveRequest } from './request-service.js';

/** The worker's daily job that reminds requesters of a fee due after approval and lapses unpaid ones. */
export const PAYMENT_DEADLINES_JOB = 'payments.deadlines';

/** When the job runs each day (Europe/Brussels): reminders go out in the morning. */
export const PAYMENT_DEADLINES_AT = '07:05';

/** The reason recorded with a request that lapsed unpaid (staff read it in the history). */
export const LAPSED_REASON: LocalizedText = {
  nl: 'Niet betaald binnen de betalingstermijn: de aanvraag is vervallen.',
  fr: 'Pas payée dans le délai de paiement : la demande est caduque.',
  en: 'Not paid within the payment term: the request has lapsed.',
};

/** What one run did. */
export interface PaymentDeadlineResult {
  reminded: number;
  lapsed: number;
}

const BATCH = 200;

/**
 * Fees paid after approval (issue 21, decision 1700): on the reminder day the requester gets a
 * reminder mail with the payment link (once); once the last day to pay has passed the request
 * lapses (`lapse`, state `lapsed`, recorded with its reason) and the requester is told. An open
 * payment is read back first, so a payment whose notification never came still counts. Each
 * request is handled in its own transaction and re-read there: a payment that arrives meanwhile
 * wins.
 */
export async function runPaymentDeadlines(
  db: Database,
  env: MoveEnv,
  payments: PaymentService,
  options: { anonymousLinkDays?: number | undefined } = {},
): Promise<PaymentDeadlineResult> {
  const result: PaymentDeadlineResult = { reminded: 0, lapsed: 0 };
  const now = db.clock.now();
  const startOfToday = startOfBrusselsDay(brusselsDay(now));

  const seen = new Set<string>();
  for (;;) {
    const batch = (await db.requests.paymentsDue(startOfToday, { kind: 'lapsed', limit: BATCH })).filter(
      (r) => !seen.has(r.id),
    );
    if (batch.length === 0) break;
    for (const r of batch) {
      seen.add(r.id);
      if (await lapse(db, env, payments, r)) result.lapsed++;
    }
  }
  for (;;) {
    const batch = (await db.requests.paymentsDue(now, { kind: 'remind', limit: BATCH })).filter(
      (r) => !seen.has(r.id),
    );
    if (batch.length === 0) break;
    for (const r of batch) {
      seen.add(r.id);
      if (await remind(db, r, options.anonymousLinkDays ?? 90)) result.reminded++;
    }
  }
  return result;
}

async function lapse(db: Database, env: MoveEnv, payments: PaymentService, request: RequestRecord) {
  // A payment made but not notified yet: read it back first (paid → the pipeline starts).
  for (const p of await db.payments.listByRequest(request.id)) {
    if (p.providerPaymentId && ['open', 'pending', 'authorized'].includes(p.status))
      await payments.refresh(p.id);
  }
  return db.transaction(async (tx) => {
    const fresh = await tx.requests.get(request.id);
    if (fresh?.state !== 'approved' || fresh.payBy?.getTime() !== request.payBy?.getTime()) return false;
    const lapsed = await moveRequest(tx, env, fresh, 'lapse', SYSTEM, LAPSED_REASON.nl, {
      payBy: fresh.payBy?.toISOString(),
    });
    await enqueueMail(tx, lapsed, 'payment_due', {
      stage: 'lapsed',
      amountCents: fresh.fee?.amountCents ?? 0,
      payBy: fresh.payBy?.toISOString(),
    });
    return true;
  });
}

async function remind(db: Database, request: RequestRecord, linkDays: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const fresh = await tx.requests.get(request.id);
    if (fresh?.state !== 'approved' || fresh.payRemindedAt || !fresh.payBy) return false;
    const now = tx.clock.now();
    const reminded = await tx.requests.update(fresh.id, { payRemindedAt: now });
    await tx.events.append({
      requestId: fresh.id,
      type: 'reminder',
      fromState: fresh.state,
      toState: fresh.state,
      actor: SYSTEM,
      data: { payBy: fresh.payBy.toISOString() },
      at: now,
    });
    // Without login: a fresh capability link (earlier ones are not kept in clear).
    const link =
      fresh.requester.kind === 'anonymous'
        ? await tx.capabilityLinks.create(
            fresh.id,
            new Date(Math.max(now.getTime() + linkDays * 86_400_000, fresh.payBy.getTime() + 2 * 86_400_000)),
          )
        : undefined;
    await enqueueMail(
      tx,
      reminded,
      'payment_due',
      {
        stage: 'reminder',
        amountCents: fresh.fee?.amountCents ?? 0,
        payBy: fresh.payBy.toISOString(),
        ...(link ? { followToken: link.token } : {}),
      },
      { dedupeKey: `mail:${fresh.id}:payment-reminder:${fresh.payBy.getTime()}` },
    );
    return true;
  });
}
