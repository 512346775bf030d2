import type { RepoContext } from '../context.js';
import { fromJson, ms, num, toDate, toDateNN, toJson } from '../dialect.js';

/**
 * Outbox states: `pending` until sent; `expired` when retention purged it unsent; `failed` when
 * the receiver refused it for good (an e-Box 4xx); `skipped` when it was not needed (an e-mail
 * copy the person turned off, the document being in the e-Box).
 */
export type OutboxState = 'pending' | 'sent' | 'expired' | 'failed' | 'skipped';

/** A message waiting to be sent (or sent). */
export interface OutboxRecord {
  id: string;
  kind: 'email' | 'webhook' | 'ebox';
  dedupeKey: string;
  requestId: string | null;
  messageId: string | null;
  /** E-mail address or webhook URL; null once purged by retention. */
  recipient: string | null;
  /** The message; null once purged by retention. */
  payload: unknown;
  state: OutboxState;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  sentAt: Date | null;
  purgeAt: Date | null;
  purgedAt: Date | null;
}

/** What {@link OutboxRepository.add} needs. */
export interface NewOutboxMessage {
  kind: 'email' | 'webhook' | 'ebox';
  /** A second add with the same key is a no-op returning the first message. */
  dedupeKey: string;
  recipient: string;
  payload: unknown;
  messageId?: string | null | undefined;
  /** Defaults to `payload.requestId` when that is a string. */
  requestId?: string | null | undefined;
  /** Purge the payload at this instant instead of after the e-mail retention term. */
  purgeAt?: Date | null | undefined;
}

/** The transactional outbox: messages are added in the transaction of the change they report. */
export class OutboxRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** Adds a message; a duplicate `dedupeKey` adds nothing and returns the existing message. */
  async add(message: NewOutboxMessage): Promise<OutboxRecord> {
    const now = this.#ctx.clock.now();
    const fromPayload = (message.payload as { requestId?: unknown } | null)?.requestId;
    const rows = await this.#ctx
      .knex('outbox')
      .insert({
        id: crypto.randomUUID(),
        kind: message.kind,
        dedupe_key: message.dedupeKey,
        request_id: message.requestId ?? (typeof fromPayload === 'string' ? fromPayload : null),
        message_id: message.messageId ?? null,
        recipient: message.recipient,
        payload: toJson(message.payload),
        state: 'pending',
        attempts: 0,
        created_at: ms(now),
        purge_at: ms(message.purgeAt),
      })
      .onConflict('dedupe_key')
      .ignore()
      .returning('*');
    if (rows.length === 1) return this.#map(rows[0]);
    return this.#map(await this.#ctx.knex('outbox').where({ dedupe_key: message.dedupeKey }).first());
  }

  /** The message, or undefined. */
  async get(id: string): Promise<OutboxRecord | undefined> {
    const row = await this.#ctx.knex('outbox').where({ id }).first();
    return row ? this.#map(row) : undefined;
  }

  /** The message with this dedupe key, or undefined. */
  async getByDedupeKey(dedupeKey: string): Promise<OutboxRecord | undefined> {
    const row = await this.#ctx.knex('outbox').where({ dedupe_key: dedupeKey }).first();
    return row ? this.#map(row) : undefined;
  }

  /**
   * Ends a pending message without sending it: `failed` (refused for good, with the error) or
   * `skipped` (not needed). Returns false when it was not pending.
   */
  async markEnded(id: string, state: 'failed' | 'skipped', error?: string): Promise<boolean> {
    const n = await this.#ctx
      .knex('outbox')
      .where({ id, state: 'pending' })
      .update({ state, ...(error === undefined ? {} : { last_error: error.slice(0, 1000) }) });
    return num(n) > 0;
  }

  /** Messages about a request, oldest first. */
  async listByRequest(requestId: string): Promise<OutboxRecord[]> {
    const rows = await this.#ctx
      .knex('outbox')
      .where({ request_id: requestId })
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
    return rows.map((r) => this.#map(r));
  }

  /** Records a send attempt (before sending), with the previous error if any. */
  async markAttempt(id: string, error?: string): Promise<void> {
    await this.#ctx
      .knex('outbox')
      .where({ id })
      .update({
        attempts: this.#ctx.knex.raw('attempts + 1'),
        last_attempt_at: ms(this.#ctx.clock.now()),
        ...(error === undefined ? {} : { last_error: error.slice(0, 1000) }),
      });
  }

  /**
   * Marks a message sent with its Message-ID (and, when given, the payload replaced, e.g. with
   * the receiver's answer). Returns false when it was already sent.
   */
  async markSent(id: string, messageId?: string, payload?: unknown): Promise<boolean> {
    const n = await this.#ctx
      .knex('outbox')
      .where({ id, state: 'pending' })
      .update({
        state: 'sent',
        sent_at: ms(this.#ctx.clock.now()),
        ...(messageId === undefined ? {} : { message_id: messageId }),
        ...(payload === undefined ? {} : { payload: toJson(payload) }),
      });
    return num(n) > 0;
  }

  #map(r: any): OutboxRecord {
    return {
      id: r.id,
      kind: r.kind,
      dedupeKey: r.dedupe_key,
      requestId: r.request_id ?? null,
      messageId: r.message_id ?? null,
      recipient: r.recipient ?? null,
      payload: fromJson(this.#ctx.dialect, r.payload),
      state: r.state,
      attempts: num(r.attempts),
      lastError: r.last_error ?? null,
      createdAt: toDateNN(r.created_at),
      lastAttemptAt: toDate(r.last_attempt_at),
      sentAt: toDate(r.sent_at),
      purgeAt: toDate(r.purge_at),
      purgedAt: toDate(r.purged_at),
    };
  }
}
