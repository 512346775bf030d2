import {
  type Kernel,
  type Locale,
  type LocalizedText,
  type Logger,
  localize,
  type Requester,
  SYSTEM,
  typeMatches,
} from '@smartloket/core';
import type { Database, OutboxRecord, RequestRecord } from '@smartloket/db';
import { scrubError } from './digest.js';
import type { JobResult } from './worker.js';

/** The job that publishes one e-Box outbox message. */
export const EBOX_JOB = 'ebox.publish';
/** Attempts of an e-Box publication before it is dead-lettered (backoff up to 15 minutes). */
export const EBOX_MAX_ATTEMPTS = 12;

/** The lifecycle events the e-Box can be told of (the state a request enters). */
export const EBOX_EVENTS = [
  'delivered',
  'refused',
  'in_review',
  'waiting_requester',
  'in_progress',
  'resolved',
  'delivered_at_counter',
] as const;
export type EboxEvent = (typeof EBOX_EVENTS)[number];

/** Which message type the e-Box publications of some request types use, and for which events. */
export interface EboxRoute {
  /** Request type ids or patterns (`bevolking.*`). */
  requestTypes: string[];
  messageTypeId: string;
  events: EboxEvent[];
}

/** What an e-Box outbox row holds (the recipient column holds `citizen:<insz>` or `enterprise:<kbo>`). */
export interface EboxOutboxPayload {
  kind: 'ebox';
  requestId: string;
  event: EboxEvent;
  messageTypeId: string;
  /** Set when the e-Box accepted it. */
  result?: { noDigitalUser: boolean } | undefined;
}

/** One publication, as `@smartloket/notifier-ebox`'s publisher takes it. */
export interface EboxPublicationInput {
  recipient: { eboxType: 'citizen' | 'enterprise'; eboxIdValue: string };
  forTheAttentionOf?: { id: string; name?: string | undefined } | undefined;
  language: 'nl' | 'fr' | 'de';
  subject: string;
  messageTypeId: string;
  expirationDate?: Date | undefined;
  document?: { fileName: string; mediaType: string; bytes: Uint8Array } | undefined;
  body?: string | undefined;
}

/**
 * Publishes to the e-Box (implemented by `@smartloket/notifier-ebox`). Throws on failure; an
 * error with `permanent: true` (a 4xx) is final, anything else is retried.
 */
export interface EboxSender {
  publish(publication: EboxPublicationInput): Promise<{ messageId: string; noDigitalUser: boolean }>;
}

/** Where a requester's e-Box is: a citizen's by INSZ, an organisation's by KBO (for the attention of the employee). */
export function eboxTarget(
  requester: Requester,
): Pick<EboxPublicationInput, 'recipient' | 'forTheAttentionOf'> | undefined {
  if (requester.kind === 'organisation') {
    if (!requester.organisation?.kbo) return undefined;
    return {
      recipient: { eboxType: 'enterprise', eboxIdValue: requester.organisation.kbo },
      ...(requester.insz ? { forTheAttentionOf: { id: requester.insz, name: requester.name } } : {}),
    };
  }
  if ((requester.kind === 'citizen' || requester.kind === 'counter') && requester.insz)
    return { recipient: { eboxType: 'citizen', eboxIdValue: requester.insz } };
  return undefined;
}

/** The e-Box takes one of nl, fr, de: English-speaking requesters get Dutch. */
export function eboxLanguage(locale: Locale): 'nl' | 'fr' | 'de' {
  return locale === 'fr' || locale === 'de' ? locale : 'nl';
}

/** The route of a request type and event, if any. */
export function eboxRoute(
  routes: readonly EboxRoute[],
  typeId: string,
  event: string,
): EboxRoute | undefined {
  return routes.find(
    (r) => r.events.includes(event as EboxEvent) && r.requestTypes.some((p) => typeMatches(p, typeId)),
  );
}

/** The dedupe key of the e-Box message about a request version (one event per version). */
export function eboxDedupeKey(requestId: string, version: number): string {
  return `ebox:${requestId}:${version}`;
}

/**
 * Queues the e-Box publication of `event` in the caller's transaction, when a route asks for it
 * and the requester has an e-Box (anonymous requesters do not).
 */
export async function enqueueEbox(
  tx: Pick<Database, 'outbox' | 'jobs'>,
  routes: readonly EboxRoute[],
  request: RequestRecord,
  event: string,
): Promise<void> {
  const route = eboxRoute(routes, request.typeId, event);
  const target = route && eboxTarget(request.requester);
  if (!route || !target) return;
  const payload: EboxOutboxPayload = {
    kind: 'ebox',
    requestId: request.id,
    event: event as EboxEvent,
    messageTypeId: route.messageTypeId,
  };
  const row = await tx.outbox.add({
    kind: 'ebox',
    dedupeKey: eboxDedupeKey(request.id, request.version),
    recipient: `${target.recipient.eboxType}:${target.recipient.eboxIdValue}`,
    payload,
    requestId: request.id,
  });
  await tx.jobs.enqueue({
    type: EBOX_JOB,
    payload: { outboxId: row.id },
    key: `ebox:${row.id}`,
    maxAttempts: EBOX_MAX_ATTEMPTS,
  });
}

const SUBJECTS: Record<EboxEvent, LocalizedText> = {
  delivered: { nl: '{title} ({reference})', fr: '{title} ({reference})', de: '{title} ({reference})' },
  delivered_at_counter: {
    nl: 'Uw aanvraag {reference} is klaar aan het loket',
    fr: 'Votre demande {reference} est prête au guichet',
    de: 'Ihr Antrag {reference} liegt am Schalter bereit',
  },
  refused: {
    nl: 'Uw aanvraag {reference} werd geweigerd',
    fr: 'Votre demande {reference} a été refusée',
    de: 'Ihr Antrag {reference} wurde abgelehnt',
  },
  in_review: {
    nl: 'Uw aanvraag {reference} wordt behandeld',
    fr: 'Votre demande {reference} est en cours de traitement',
    de: 'Ihr Antrag {reference} wird bearbeitet',
  },
  waiting_requester: {
    nl: 'Een vraag over uw aanvraag {reference}',
    fr: 'Une question sur votre demande {reference}',
    de: 'Eine Frage zu Ihrem Antrag {reference}',
  },
  in_progress: {
    nl: 'Uw melding {reference} wordt behandeld',
    fr: 'Votre signalement {reference} est en cours de traitement',
    de: 'Ihre Meldung {reference} wird bearbeitet',
  },
  resolved: {
    nl: 'Uw melding {reference} is afgehandeld',
    fr: 'Votre signalement {reference} est traité',
    de: 'Ihre Meldung {reference} ist erledigt',
  },
};
const BODY: LocalizedText = {
  nl: '{title}. U vindt alles over uw aanvraag {reference} op uw persoonlijke pagina: {url}',
  fr: '{title}. Vous trouverez tout sur votre demande {reference} sur votre page personnelle : {url}',
  de: '{title}. Alles zu Ihrem Antrag {reference} finden Sie auf Ihrer persönlichen Seite: {url}',
};

/** What the worker needs to publish. */
export interface EboxContext {
  db: Database;
  kernel: Kernel;
  sender: EboxSender;
  baseUrl: string;
  logger: Logger;
}

async function record(db: Database, request: RequestRecord, type: string, data: Record<string, unknown>) {
  await db.events.append({
    requestId: request.id,
    type,
    fromState: request.state,
    toState: request.state,
    actor: SYSTEM,
    data,
    at: db.clock.now(),
  });
}

/**
 * Publishes one e-Box outbox message. A 201 marks it sent (with `NO_DIGITAL_USER` noted) and is
 * never published again; a permanent refusal (4xx) marks it failed, recorded on the request and
 * named in the digest; anything else throws, and the worker retries with backoff.
 */
export async function publishEboxMessage(ctx: EboxContext, outboxId: string): Promise<void> {
  const { db } = ctx;
  const row = await db.outbox.get(outboxId);
  if (row?.state !== 'pending' || !row.payload) return;
  const payload = row.payload as EboxOutboxPayload;
  const request = await db.requests.get(payload.requestId);
  const target = request && eboxTarget(request.requester);
  if (!request || !target) {
    await db.outbox.markEnded(row.id, 'skipped');
    return;
  }
  const language = eboxLanguage(request.locale);
  const title = localize(
    ctx.kernel.requestType(request.typeId, request.typeVersion)?.definition.title ?? { nl: request.typeId },
    language,
  );
  const params = { title, reference: request.reference, url: `${ctx.baseUrl}/my/requests/${request.id}` };
  let document: EboxPublicationInput['document'];
  let expirationDate: Date | undefined;
  if (payload.event === 'delivered') {
    const doc = (await db.documents.listByRequest(request.id))
      .filter((d) => !d.purgedAt && !d.withdrawnAt)
      .at(-1);
    const bytes = doc && (await db.documents.readBytes(doc.id));
    if (!doc || !bytes) {
      await db.outbox.markEnded(row.id, 'failed', 'the document is no longer available');
      await record(db, request, 'ebox_failed', { event: payload.event, reason: 'document' });
      return;
    }
    document = { fileName: doc.fileName, mediaType: doc.mediaType, bytes: new Uint8Array(bytes) };
    expirationDate = doc.expiresAt ?? undefined;
  }
  await db.outbox.markAttempt(row.id);
  try {
    const result = await ctx.sender.publish({
      ...target,
      language,
      subject: localize(SUBJECTS[payload.event], language, params),
      messageTypeId: payload.messageTypeId,
      expirationDate,
      document,
      ...(document
        ? {}
        : {
            body: localize(BODY, language, {
              ...params,
              title: localize(SUBJECTS[payload.event], language, params),
            }),
          }),
    });
    await db.outbox.markSent(row.id, result.messageId, {
      ...payload,
      result: { noDigitalUser: result.noDigitalUser },
    });
    await record(db, request, result.noDigitalUser ? 'ebox_no_digital_user' : 'ebox_published', {
      event: payload.event,
    });
  } catch (error) {
    if ((error as { permanent?: unknown })?.permanent !== true) throw error;
    // The service's message may quote the recipient: national numbers and addresses go.
    const message = scrubError(String((error as Error).message ?? 'refused')) ?? 'refused';
    await db.outbox.markEnded(row.id, 'failed', message);
    await record(db, request, 'ebox_failed', {
      event: payload.event,
      status: (error as { status?: number }).status ?? null,
    });
    ctx.logger.warn('ebox: publication refused', { outboxId: row.id, error: message.slice(0, 200) });
  }
}

/** Marks an e-Box message failed when its job was given up (the e-mail then goes). */
export async function giveUpEbox(db: Database, outboxId: string, error: unknown): Promise<void> {
  await db.outbox.markEnded(outboxId, 'failed', `gave up: ${(error as Error)?.name ?? 'error'}`);
}

/** How long an e-mail whose copy is off waits for its e-Box message before it goes anyway. */
const MAIL_WAITS_MS = 24 * 3600_000;

/**
 * Whether an e-mail about a request goes now: `skip` when the person turned the e-mail copy off
 * and the same news reached the e-Box (not `NO_DIGITAL_USER`); a date to look again when the
 * e-Box message is still pending; `send` otherwise (no e-Box message, a copy wanted, the e-Box
 * refused it or the person never opened the e-Box).
 */
export async function eboxMailGate(
  db: Database,
  mail: OutboxRecord,
  request: RequestRecord,
): Promise<'send' | 'skip' | JobResult> {
  const m = /^mail:([^:]+):[^:]+:(\d+)$/.exec(mail.dedupeKey);
  if (!m) return 'send';
  const ebox = await db.outbox.getByDedupeKey(eboxDedupeKey(m[1]!, Number(m[2])));
  if (!ebox) return 'send';
  if ((await db.preferences.get(request.requester.id)).eboxMailCopy) return 'send';
  const now = db.clock.now().getTime();
  if (ebox.state === 'pending')
    return now - ebox.createdAt.getTime() > MAIL_WAITS_MS ? 'send' : { later: new Date(now + 30_000) };
  if (ebox.state === 'sent' && !(ebox.payload as EboxOutboxPayload | null)?.result?.noDigitalUser)
    return 'skip';
  return 'send';
}
