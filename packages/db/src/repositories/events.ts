import type { Actor, RequestState } from '@smartloket/core';
import { inTx, type RepoContext } from '../context.js';
import { fromJson, ms, num, toDateNN, toJson } from '../dialect.js';

/**
 * Event types: lifecycle actions (`submit`, `auto`, `approve`, ...) or other kinds
 * (`note`, `assign`, `message`, `source_attempt`, `source_pending`, `email_sent`, `viewed`, ...).
 */
export type RequestEventType = string;

/** An append-only event of a request. */
export interface RequestEventRecord {
  id: string;
  requestId: string;
  /** 1, 2, 3, ... per request, in append order. */
  seq: number;
  type: RequestEventType;
  fromState: RequestState | null;
  toState: RequestState | null;
  actor: Actor;
  reason: string | null;
  data: Record<string, unknown> | null;
  at: Date;
}

/** What {@link EventRepository.append} needs. */
export interface NewRequestEvent {
  requestId: string;
  type: RequestEventType;
  fromState?: RequestState | null | undefined;
  toState?: RequestState | null | undefined;
  actor: Actor;
  reason?: string | null | undefined;
  data?: Record<string, unknown> | null | undefined;
  /** Defaults to the clock's now. */
  at?: Date | undefined;
}

/** Request events: append-only, numbered per request. */
export class EventRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /**
   * Appends an event with the next sequence number of its request. On PostgreSQL the request
   * row is locked first so concurrent appends to one request serialise.
   */
  async append(event: NewRequestEvent): Promise<RequestEventRecord> {
    const at = event.at ?? this.#ctx.clock.now();
    return inTx(this.#ctx, async (trx) => {
      if (this.#ctx.dialect === 'postgres') {
        await trx('requests').where({ id: event.requestId }).forUpdate().first('id');
      }
      const id = crypto.randomUUID();
      // In INSERT ... SELECT, PostgreSQL cannot infer parameter types from the target columns.
      const [j, b] = this.#ctx.dialect === 'postgres' ? ['::jsonb', '::bigint'] : ['', ''];
      await trx.raw(
        `insert into request_events (id, request_id, seq, type, from_state, to_state, actor, reason, data, at)
         select ?, ?, coalesce(max(seq), 0) + 1, ?, ?, ?, ?${j}, ?, ?${j}, ?${b}
         from request_events where request_id = ?`,
        [
          id,
          event.requestId,
          event.type,
          event.fromState ?? null,
          event.toState ?? null,
          toJson(event.actor),
          event.reason ?? null,
          toJson(event.data),
          ms(at),
          event.requestId,
        ],
      );
      const row = await trx('request_events').where({ id }).first();
      return this.#map(row);
    });
  }

  /** Every event of a request, in order. */
  async list(requestId: string): Promise<RequestEventRecord[]> {
    const rows = await this.#ctx
      .knex('request_events')
      .where({ request_id: requestId })
      .orderBy('seq', 'asc');
    return rows.map((r) => this.#map(r));
  }

  #map(r: any): RequestEventRecord {
    const d = this.#ctx.dialect;
    return {
      id: r.id,
      requestId: r.request_id,
      seq: num(r.seq),
      type: r.type,
      fromState: r.from_state ?? null,
      toState: r.to_state ?? null,
      actor: fromJson<Actor>(d, r.actor)!,
      reason: r.reason ?? null,
      data: fromJson<Record<string, unknown>>(d, r.data),
      at: toDateNN(r.at),
    };
  }
}
