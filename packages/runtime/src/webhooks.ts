import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestAction, RequestState } from '@smartloket/core';
import type { Database, OutboxRecord, RequestRecord, Tx } from '@smartloket/db';
import {
  postWebhook,
  WebhookDestinationError,
  type WebhookDestinationPolicy,
} from './webhook-destination.js';

/** Job type that delivers one webhook outbox row. */
export const WEBHOOK_JOB = 'webhook.deliver';

/**
 * Events sent to webhook subscribers: `request.submitted` when a request is filed,
 * `request.<state>` when it enters one of the states below, and `payment.paid` /
 * `payment.refunded` when a request's fee is paid or (partly) refunded (issue 21). The
 * pipeline's internal steps (waiting_source, rendering, signing) are not events.
 */
export const WEBHOOK_EVENT_TYPES = [
  'request.submitted',
  'request.in_review',
  'request.waiting_requester',
  'request.approved',
  'request.delivered',
  'request.delivered_at_counter',
  'request.handled_outside',
  'request.in_progress',
  'request.resolved',
  'request.refused',
  'request.denied',
  'request.cancelled',
  'request.failed',
  'request.expired',
  'payment.paid',
  'payment.refunded',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * The body of every webhook: what happened and to which request, without personal data (no
 * INSZ, names, addresses or form values). A receiver reads details through the API.
 */
export interface WebhookEvent {
  /** Unique per event (stable across retries and replays): use it to drop duplicates. */
  id: string;
  type: WebhookEventType;
  /** ISO 8601 instant of the change. */
  occurredAt: string;
  data: {
    request: {
      id: string;
      reference: string;
      typeId: string;
      kind: 'certificate' | 'report';
      state: RequestState;
      version: number;
    };
    /** The lifecycle action (absent for `request.submitted` and the payment events). */
    action?: RequestAction | undefined;
    fromState?: RequestState | null | undefined;
    /** The payment (`payment.*` events only): amounts in euro cents, no personal data. */
    payment?: WebhookPayment | undefined;
  };
}

/** The payment of a `payment.paid` or `payment.refunded` event. */
export interface WebhookPayment {
  /** SmartLoket's id of the payment. */
  id: string;
  /** The provider's status (`paid` for both events: a refund does not change it). */
  status: string;
  amountCents: number;
  /** Everything refunded so far (the event of a second refund carries the total). */
  refundedCents: number;
  currency: 'EUR';
  /** The payment method's id at the provider (`bancontact`, `cash`, ...), or null. */
  method: string | null;
  /** The provider's id (`mollie`, `counter`). */
  provider: string;
  /** The payment's id at the provider (`tr_...`, `ctr_...`). */
  providerPaymentId: string | null;
  /** When it was paid (ISO 8601). */
  paidAt: string | null;
}

/** The outbox payload of a webhook: the event and its subscription. */
export interface WebhookOutboxPayload {
  subscriptionId: string;
  event: WebhookEvent;
}

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export const SIGNATURE_HEADER = 'smartloket-signature';

/** Signs a body for a subscriber (the header value). */
export function signWebhook(body: string, secret: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * The documented receiver check: recompute HMAC-SHA256 over `"<t>.<raw body>"` with the
 * subscription's secret, compare in constant time with each `v1`, and refuse a timestamp more
 * than `toleranceSeconds` (default 300) away from now (replays).
 */
export function verifyWebhookSignature(
  body: string,
  header: string | null | undefined,
  secret: string,
  options: { now?: Date; toleranceSeconds?: number } = {},
): boolean {
  if (!header) return false;
  const parts = header.split(',').map((p) => p.trim().split('=', 2) as [string, string | undefined]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t)) return false;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return parts
    .filter(([k]) => k === 'v1')
    .some(([, v]) => {
      const given = Buffer.from(v ?? '', 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

const EVENT_STATES = new Set<string>(
  WEBHOOK_EVENT_TYPES.filter((t) => t.startsWith('request.')).map((t) => t.slice('request.'.length)),
);

/** The event type of entering `state`, or undefined when that state is not an event. */
export function eventTypeFor(state: RequestState): WebhookEventType | undefined {
  return EVENT_STATES.has(state) ? (`request.${state}` as WebhookEventType) : undefined;
}

/**
 * Queues `type` about `request` for every matching subscriber, in the caller's transaction
 * (outbox row + delivery job): a change and its events commit together.
 */
export async function enqueueWebhooks(
  tx: Tx,
  request: RequestRecord,
  type: WebhookEventType,
  extra: {
    action?: RequestAction;
    fromState?: RequestState | null;
    payment?: WebhookPayment;
    /** What makes this event unique for a subscriber, instead of the request's version. */
    dedupe?: string;
  } = {},
  maxAttempts = 8,
): Promise<void> {
  const subscriptions = await tx.webhooks.matching(type, request.typeId);
  if (subscriptions.length === 0) return;
  const event: WebhookEvent = {
    id: crypto.randomUUID(),
    type,
    occurredAt: tx.clock.now().toISOString(),
    data: {
      request: {
        id: request.id,
        reference: request.reference,
        typeId: request.typeId,
        kind: request.kind,
        state: request.state,
        version: request.version,
      },
      ...(extra.action ? { action: extra.action, fromState: extra.fromState ?? null } : {}),
      ...(extra.payment ? { payment: extra.payment } : {}),
    },
  };
  for (const s of subscriptions) {
    const payload: WebhookOutboxPayload = { subscriptionId: s.id, event };
    const row = await tx.outbox.add({
      kind: 'webhook',
      dedupeKey: `webhook:${s.id}:${request.id}:${extra.dedupe ?? request.version}:${type}`,
      recipient: s.url,
      payload,
      requestId: request.id,
    });
    await tx.jobs.enqueue({
      type: WEBHOOK_JOB,
      payload: { outboxId: row.id },
      key: `webhook:${row.id}`,
      maxAttempts,
    });
  }
}

/**
 * Sends a webhook outbox row again (from the back-office or the API): a new outbox row with the
 * same event (same id, so receivers can drop it if they had it) and a new delivery job.
 */
export async function replayWebhook(
  db: Database,
  outboxId: string,
  maxAttempts = 8,
): Promise<OutboxRecord | undefined> {
  return db.transaction(async (tx) => {
    const row = await tx.outbox.get(outboxId);
    if (row?.kind !== 'webhook' || !row.payload || !row.recipient) return undefined;
    const payload = row.payload as WebhookOutboxPayload;
    const sub = await tx.webhooks.get(payload.subscriptionId);
    if (!sub || sub.disabledAt) return undefined;
    const copy = await tx.outbox.add({
      kind: 'webhook',
      dedupeKey: `replay:${row.id}:${crypto.randomUUID()}`,
      recipient: sub.url,
      payload,
      requestId: row.requestId,
    });
    await tx.jobs.enqueue({
      type: WEBHOOK_JOB,
      payload: { outboxId: copy.id },
      key: `webhook:${copy.id}`,
      maxAttempts,
    });
    return copy;
  });
}

/** Thrown by the delivery job when the receiver did not accept: the worker retries with backoff. */
export class WebhookDeliveryError extends Error {
  override name = 'WebhookDeliveryError';
}

/**
 * Delivers one webhook outbox row; throws to be retried. The destination is checked again
 * (`policy`: https, the allow-list, public addresses only, at connect time too); redirects are
 * not followed.
 */
export async function deliverWebhook(
  db: Database,
  outboxId: string,
  attempt: number,
  options: { timeoutMs?: number; policy?: WebhookDestinationPolicy } = {},
): Promise<void> {
  const row = await db.outbox.get(outboxId);
  if (row?.kind !== 'webhook' || row.state !== 'pending' || !row.payload) return;
  const payload = row.payload as WebhookOutboxPayload;
  const sub = await db.webhooks.get(payload.subscriptionId);
  if (!sub || sub.disabledAt) return;
  const body = JSON.stringify(payload.event);
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  await db.outbox.markAttempt(row.id);
  try {
    const res = await postWebhook(
      sub.url,
      {
        timeoutMs: options.timeoutMs ?? 10_000,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'SmartLoket-Webhooks/1',
          'smartloket-event-id': payload.event.id,
          'smartloket-event-type': payload.event.type,
          [SIGNATURE_HEADER]: signWebhook(body, sub.secret, db.clock.now()),
        },
        body,
      },
      options.policy ?? { dev: false, allow: [] },
    );
    statusCode = res.status;
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
  } catch (e) {
    error =
      e instanceof WebhookDestinationError
        ? `refused: ${e.reason}`
        : (e as Error).name === 'TimeoutError'
          ? 'timeout'
          : `network: ${(e as Error).name}`;
  }
  await db.webhooks.recordDelivery({
    subscriptionId: sub.id,
    outboxId: row.id,
    eventId: payload.event.id,
    eventType: payload.event.type,
    attempt,
    ok: error === null,
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  if (error !== null) throw new WebhookDeliveryError(error);
  await db.outbox.markSent(row.id);
}
